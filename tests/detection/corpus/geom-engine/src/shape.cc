#include "geom/shape.hh"

#include <numbers>

namespace geom {
namespace {

class Circle final : public Shape {
public:
    Circle(Vec2f c, float r) : centre_(c), radius_(r) {}
    float area() const override { return std::numbers::pi_v<float> * radius_ * radius_; }
    Aabb bounds() const override { return {{centre_.x - radius_, centre_.y - radius_}, {centre_.x + radius_, centre_.y + radius_}}; }
    std::string name() const override { return "circle"; }

private:
    Vec2f centre_;
    float radius_;
};

class Rect final : public Shape {
public:
    explicit Rect(Aabb box) : box_(box) {}
    float area() const override { return (box_.max.x - box_.min.x) * (box_.max.y - box_.min.y); }
    Aabb bounds() const override { return box_; }
    std::string name() const override { return "rect"; }

private:
    Aabb box_;
};

}  // namespace

std::unique_ptr<Shape> make_circle(Vec2f centre, float radius) { return std::make_unique<Circle>(centre, radius); }
std::unique_ptr<Shape> make_rect(Aabb box) { return std::make_unique<Rect>(box); }

}  // namespace geom
