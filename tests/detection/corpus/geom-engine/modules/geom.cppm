module;
#include <cmath>

export module geom;

export namespace geom {

struct Point {
    double x, y;
};

double distance(Point a, Point b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

}  // namespace geom
