#pragma once

#include <cstdint>

// Colours are packed RGBA; the helpers are constexpr so palettes can be built at compile time.
struct Rgba {
    std::uint8_t r, g, b, a;

    constexpr std::uint32_t packed() const noexcept {
        return (std::uint32_t(r) << 24) | (std::uint32_t(g) << 16) | (std::uint32_t(b) << 8) | a;
    }
};

constexpr Rgba kTransparent{0, 0, 0, 0};
constexpr Rgba kWhite{255, 255, 255, 255};
