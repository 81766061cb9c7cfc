// Code points in string literals: hexadecimal escapes read, characters written as UTF-8. Shared by
// the plugins that name things by a decoded string (ECMAScript keys; JSON, YAML and TOML keys).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ax::lang {

inline constexpr std::uint32_t kLastCodePoint = 0x10FFFF;
inline constexpr std::uint32_t kReplacementCharacter = 0xFFFD;

// `digits` read as hexadecimal; nullopt when there are none, one is not a hex digit, or the value
// passes the last code point (leading zeros are fine: JavaScript's \u{0000041} is "A").
inline std::optional<std::uint32_t> hex_code_point(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint32_t value = 0;
  for (const char c : digits) {
    const int digit = c >= '0' && c <= '9'   ? c - '0'
                      : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                             : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<std::uint32_t>(digit);
    if (value > kLastCodePoint) return std::nullopt;
  }
  return value;
}

// Appends code point `code` as UTF-8; a lone surrogate or a value past the last code point is not a
// character and becomes U+FFFD.
inline void append_utf8(std::string& out, std::uint32_t code) {
  if ((code >= 0xD800 && code <= 0xDFFF) || code > kLastCodePoint) code = kReplacementCharacter;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace ax::lang
