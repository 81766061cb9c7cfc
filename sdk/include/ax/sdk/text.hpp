// Small text helpers shared by the kernel and plugins.
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ax::sdk {

// ASCII white space as C's isspace() in the "C" locale (space \t \n \v \f \r), whatever the locale.
inline constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// `text` without leading and trailing is_space() characters.
inline constexpr std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Levenshtein distance, optionally ignoring ASCII case: for suggestions and fuzzy name matches.
inline std::size_t edit_distance(std::string_view a, std::string_view b, bool ignore_case = false) {
  auto same = [&](char x, char y) {
    if (!ignore_case) return x == y;
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Length of the valid UTF-8 sequence starting at text[i] (1 for ASCII), or 0 when the bytes there
// are not valid UTF-8 (stray continuation, truncated, overlong, surrogate or beyond U+10FFFF).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (length == 2 && lead < 0xC2) return 0;                          // overlong
  if (length == 3 && lead == 0xE0 && byte(i + 1) < 0xA0) return 0;   // overlong
  if (length == 3 && lead == 0xED && byte(i + 1) >= 0xA0) return 0;  // surrogate
  if (length == 4 && (lead > 0xF4 || (lead == 0xF0 && byte(i + 1) < 0x90) || (lead == 0xF4 && byte(i + 1) >= 0x90)))
    return 0;  // out of range
  return length;
}

// A file name (or any name the user does not control) made safe for one line of text output.
// Printable UTF-8 is returned as it is. Otherwise, as git quotes paths, the name is put in double
// quotes with C escapes: \n \t \r \" \\, and \xNN for other control bytes and for bytes that are
// not UTF-8. A name holding a control byte, a quote, a backslash or invalid UTF-8 is always quoted,
// so the output is one line per name and the original bytes can be recovered from it.
inline std::string printable(std::string_view name) {
  bool plain = true;
  for (std::size_t i = 0; i < name.size() && plain;) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    std::size_t length = utf8_sequence_length(name, i);
    plain = length != 0 && !(length == 1 && (c < 0x20 || c == 0x7f || c == '"' || c == '\\'));
    i += std::max<std::size_t>(length, 1);
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (std::size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    std::size_t length = utf8_sequence_length(name, i);
    if (length > 1) {
      out.append(name.substr(i, length));
      i += length;
      continue;
    }
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (length == 0 || c < 0x20 || c == 0x7f) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\x%02x", c);
          out += escape;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

// Rows as aligned columns, two spaces apart, each line starting with `indent`; the last cell of a row
// is not padded (no trailing blanks). Widths count bytes: cells are expected to be ASCII or printable().
inline void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                        std::string_view indent = {}) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      if (widths.size() <= i) widths.resize(i + 1, 0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  for (const auto& row : rows) {
    out << indent;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i + 1 < row.size())
        out << std::left << std::setw(static_cast<int>(widths[i])) << row[i] << "  ";
      else
        out << row[i];
    }
    out << "\n";
  }
}

}  // namespace ax::sdk
