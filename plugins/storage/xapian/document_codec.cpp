#include "document_codec.hpp"

#include <cstdint>
#include <limits>

namespace ax::storage::xapian {
namespace {

// Bumped whenever the layout changes; decode refuses data written with another layout.
constexpr char kFormatVersion = 2;  // 2: no path

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void put_string(std::string& out, std::string_view value) {
  put_varint(out, value.size());
  out += value;
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (position_ >= data_.size()) fail();
      const auto byte = static_cast<unsigned char>(data_[position_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail();
  }

  std::uint32_t uint32() {
    const std::uint64_t value = varint();
    if (value > std::numeric_limits<std::uint32_t>::max()) fail();
    return static_cast<std::uint32_t>(value);
  }

  std::string string() {
    const std::uint64_t size = varint();
    if (size > data_.size() - position_) fail();
    std::string value(data_.substr(position_, size));
    position_ += size;
    return value;
  }

  char byte() {
    if (position_ >= data_.size()) fail();
    return data_[position_++];
  }

  bool at_end() const { return position_ == data_.size(); }

  [[noreturn]] static void fail() { throw DocumentDecodeError("truncated or malformed document data"); }

 private:
  std::string_view data_;
  std::size_t position_ = 0;
};

}  // namespace

std::string encode_document(const sdk::SearchDocument& document) {
  std::string out;
  out.reserve(32 + document.name.size() + document.qualified_name.size() + document.signature.size() +
              document.doc.size() + document.body.size());
  out += kFormatVersion;
  put_varint(out, document.symbol_id);
  put_varint(out, document.line);
  put_varint(out, document.end_line);
  for (const std::string* field : {&document.language, &document.kind, &document.name, &document.qualified_name,
                                   &document.signature, &document.doc, &document.body})
    put_string(out, *field);
  return out;
}

sdk::SearchDocument decode_document(std::string_view data, std::string path) {
  Reader reader(data);
  if (reader.byte() != kFormatVersion) throw DocumentDecodeError("document data has an unknown format version");
  sdk::SearchDocument document;
  document.path = std::move(path);
  document.symbol_id = reader.varint();
  document.line = reader.uint32();
  document.end_line = reader.uint32();
  for (std::string* field : {&document.language, &document.kind, &document.name, &document.qualified_name,
                             &document.signature, &document.doc, &document.body})
    *field = reader.string();
  if (!reader.at_end()) Reader::fail();
  return document;
}

}  // namespace ax::storage::xapian
