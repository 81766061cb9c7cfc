// A minimal streaming JSON writer so that every command's --json output is escaped alike.
// Strings are UTF-8; bytes that are not UTF-8 are escaped as \udc80..\udcff (see write_string).
#pragma once
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ax/sdk/text.hpp"

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
  // Escapes JSON specials. Bytes that are not UTF-8 (file names and source files may hold any)
  // are written reversibly as lone low surrogates, byte 0xNN as \udcNN, as Python's
  // "surrogateescape" does: JSON allows the escape, Python's json.loads(...) followed by
  // .encode("utf-8", "surrogateescape") gives back the original bytes, and no valid UTF-8 text is
  // ever written that way (surrogates are not valid UTF-8).
  void write_string(std::string_view text) {
    out_ << '"';
    for (std::size_t i = 0; i < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\udc%02x", c);
        out_ << escape;
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
