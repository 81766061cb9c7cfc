// Parsing of the value forms configuration uses, shared by the kernel (which validates) and
// plugins (which read).
#pragma once
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace ax::sdk {

// "2MiB", "512k", "1g", "2000000" -> bytes; nullopt if malformed.
inline std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (unit.empty() || unit == "b") return number;
  if (unit == "k" || unit == "kb" || unit == "kib") return number * 1024;
  if (unit == "m" || unit == "mb" || unit == "mib") return number * 1024 * 1024;
  if (unit == "g" || unit == "gb" || unit == "gib") return number * 1024ull * 1024 * 1024;
  return std::nullopt;
}

// A non-negative whole number; nullopt if malformed.
inline std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

// A ranking factor: a plain decimal number from 0 to 100 ("3", "1.25", "0.8"); nullopt if malformed.
// (SDK 1.2)
inline std::optional<double> parse_factor(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
  if (ec != std::errc() || end != text.data() + text.size() || !(number >= 0 && number <= 100)) return std::nullopt;
  return number;
}

// Bytes for people: "512 B", "1.5 KiB", "78.0 MiB", "11.1 GiB".
inline std::string format_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
  return buffer;
}

}  // namespace ax::sdk
