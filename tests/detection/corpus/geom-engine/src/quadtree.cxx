#include "geom/quadtree.hxx"

namespace geom {

void Quadtree::insert(std::size_t id, const Aabb& box) {
    if (!children_.empty()) {
        for (auto& child : children_)
            if (child.region_.overlaps(box)) child.insert(id, box);
        return;
    }
    items_.emplace_back(id, box);
    if (items_.size() > kSplitThreshold && depth_ < kMaxDepth) split();
}

void Quadtree::split() {
    const Vec2f mid = (region_.min + region_.max) * 0.5f;
    children_.reserve(4);
    children_.emplace_back(Aabb{region_.min, mid}, depth_ + 1);
    children_.emplace_back(Aabb{{mid.x, region_.min.y}, {region_.max.x, mid.y}}, depth_ + 1);
    children_.emplace_back(Aabb{{region_.min.x, mid.y}, {mid.x, region_.max.y}}, depth_ + 1);
    children_.emplace_back(Aabb{mid, region_.max}, depth_ + 1);
    for (auto& [id, box] : std::exchange(items_, {})) insert(id, box);
}

}  // namespace geom
