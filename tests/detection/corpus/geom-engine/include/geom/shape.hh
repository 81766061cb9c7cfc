#ifndef GEOM_SHAPE_HH
#define GEOM_SHAPE_HH

#include <memory>
#include <string>

#include "geom/aabb.h"

namespace geom {

class Shape {
public:
    virtual ~Shape() = default;
    virtual float area() const = 0;
    virtual Aabb bounds() const = 0;
    virtual std::string name() const = 0;
};

std::unique_ptr<Shape> make_circle(Vec2f centre, float radius);
std::unique_ptr<Shape> make_rect(Aabb box);

}  // namespace geom

#endif
