export module geom.io;

import std;
import geom;

export namespace geom::io {

std::string to_string(Point p) {
    return std::format("({}, {})", p.x, p.y);
}

}  // namespace geom::io
