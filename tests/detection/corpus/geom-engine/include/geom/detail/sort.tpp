#pragma once

namespace geom::detail {

template <typename It, typename Key>
void insertion_sort_by(It first, It last, Key key) {
    for (It i = first; i != last; ++i) {
        auto value = std::move(*i);
        It j = i;
        while (j != first && key(value) < key(*(j - 1))) {
            *j = std::move(*(j - 1));
            --j;
        }
        *j = std::move(value);
    }
}

}  // namespace geom::detail
