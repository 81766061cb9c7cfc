// A stable, non-cryptographic hash for content fingerprints, shard placement and cache keys.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ax::sdk {

inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;

// FNV-1a, 64 bits: the same value in every process and build (std::hash promises neither), so it
// may be stored. `hash` continues an earlier call over preceding bytes. Not for security.
inline constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = kFnv1a64Offset) {
  for (const char byte : bytes) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// `value` as 16 lower-case hex digits.
inline std::string hex64(std::uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(16, '0');
  for (std::size_t i = 16; i-- > 0; value >>= 4) text[i] = kDigits[value & 15];
  return text;
}

}  // namespace ax::sdk
