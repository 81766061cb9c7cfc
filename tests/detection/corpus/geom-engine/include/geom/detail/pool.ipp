// Implementation of Pool<T>; included at the end of pool.hpp.
namespace geom::detail {

template <typename T>
T* Pool<T>::acquire() {
    if (free_.empty()) {
        blocks_.push_back(std::make_unique<Block>());
        for (auto& slot : blocks_.back()->slots) free_.push_back(&slot);
    }
    T* slot = free_.back();
    free_.pop_back();
    return slot;
}

template <typename T>
void Pool<T>::release(T* slot) noexcept {
    free_.push_back(slot);
}

}  // namespace geom::detail
