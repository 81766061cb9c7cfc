#ifndef GEOM_HASH_H
#define GEOM_HASH_H

#include <cstddef>
#include <cstdint>

// FNV-1a, usable in constant expressions.
constexpr std::uint64_t fnv1a(const char* text, std::size_t length) noexcept
{
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (std::size_t i = 0; i < length; ++i) {
        hash ^= static_cast<unsigned char>(text[i]);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

#endif
