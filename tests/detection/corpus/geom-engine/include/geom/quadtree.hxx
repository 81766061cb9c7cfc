#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "geom/aabb.h"

namespace geom {

class Quadtree {
public:
    Quadtree(Aabb region, int depth = 0) : region_(region), depth_(depth) {}
    void insert(std::size_t id, const Aabb& box);

private:
    static constexpr std::size_t kSplitThreshold = 8;
    static constexpr int kMaxDepth = 6;
    void split();

    Aabb region_;
    int depth_;
    std::vector<std::pair<std::size_t, Aabb>> items_;
    std::vector<Quadtree> children_;
};

}  // namespace geom
