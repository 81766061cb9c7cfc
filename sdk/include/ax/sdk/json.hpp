// A minimal streaming JSON writer so that every command's --json output is escaped alike.
#pragma once
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ax::sdk {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view name) {
    separate();
    write_string(name);
    out_ << ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view text) {
    separate();
    write_string(text);
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag) {
    separate();
    out_ << (flag ? "true" : "false");
    return *this;
  }
  JsonWriter& value(double number) {
    separate();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", number);
    out_ << buffer;
    return *this;
  }
  template <typename Integer,
            typename = std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>>>
  JsonWriter& value(Integer number) {
    separate();
    out_ << +number;
    return *this;
  }
  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  JsonWriter& open(char bracket) {
    separate();
    out_ << bracket;
    first_.push_back(true);
    return *this;
  }
  JsonWriter& close(char bracket) {
    out_ << bracket;
    first_.pop_back();
    return *this;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_ << ',';
      first_.back() = false;
    }
  }
  // Length of the valid UTF-8 sequence at text[i], or 0 if it is not valid.
  static std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
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

  // Escapes JSON specials; invalid UTF-8 (source files may hold any bytes) becomes U+FFFD.
  void write_string(std::string_view text) {
    out_ << '"';
    for (std::size_t i = 0; i < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      std::size_t length = utf8_sequence(text, i);
      if (length == 0) {
        out_ << "\xef\xbf\xbd";
        ++i;
        continue;
      }
      if (length > 1) {
        out_ << text.substr(i, length);
        i += length;
        continue;
      }
      switch (c) {
        case '"':
          out_ << "\\\"";
          break;
        case '\\':
          out_ << "\\\\";
          break;
        case '\n':
          out_ << "\\n";
          break;
        case '\r':
          out_ << "\\r";
          break;
        case '\t':
          out_ << "\\t";
          break;
        default:
          if (c < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
            out_ << buffer;
          } else {
            out_ << static_cast<char>(c);
          }
      }
      ++i;
    }
    out_ << '"';
  }

  std::ostream& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace ax::sdk
