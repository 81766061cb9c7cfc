#pragma once
#include "geom/vec.hpp"

#include <algorithm>

namespace geom {

struct Aabb {
    Vec2f min, max;

    bool contains(Vec2f p) const { return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y; }
    bool overlaps(const Aabb& o) const {
        return min.x <= o.max.x && o.min.x <= max.x && min.y <= o.max.y && o.min.y <= max.y;
    }
    Aabb merged(const Aabb& o) const {
        return {{std::min(min.x, o.min.x), std::min(min.y, o.min.y)}, {std::max(max.x, o.max.x), std::max(max.y, o.max.y)}};
    }
};

}  // namespace geom
