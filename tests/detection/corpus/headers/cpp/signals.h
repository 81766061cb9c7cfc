#pragma once

#include <functional>
#include <vector>

// A minimal signal: connect callbacks, emit to all of them in order.
template <typename... Args>
class Signal {
public:
    using Slot = std::function<void(Args...)>;

    void connect(Slot slot) { slots_.push_back(std::move(slot)); }

    void emit(Args... args) const {
        for (const auto& slot : slots_) slot(args...);
    }

private:
    std::vector<Slot> slots_;
};
