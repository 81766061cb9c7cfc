#pragma once

#include <cmath>
#include <ostream>

namespace geom {

template <typename T>
struct Vec2 {
    T x{}, y{};

    constexpr Vec2 operator+(Vec2 o) const noexcept { return {x + o.x, y + o.y}; }
    constexpr Vec2 operator-(Vec2 o) const noexcept { return {x - o.x, y - o.y}; }
    constexpr Vec2 operator*(T s) const noexcept { return {x * s, y * s}; }
    constexpr T dot(Vec2 o) const noexcept { return x * o.x + y * o.y; }
    T length() const { return std::sqrt(dot(*this)); }
};

template <typename T>
std::ostream& operator<<(std::ostream& os, const Vec2<T>& v) {
    return os << '(' << v.x << ", " << v.y << ')';
}

using Vec2f = Vec2<float>;
using Vec2d = Vec2<double>;

}  // namespace geom
