#include "document_codec.hpp"

#include <cstdint>
#include <limits>

namespace ax::storage::xapian {
namespace {

// Bumped whenever the layout changes; decode refuses data written with another layout.
constexpr char kFormatVersion = 3;  // 2: no path; 3: a chunk and its symbols

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

std::string encode_group(const DocumentGroup& group) {
  std::string out;
  out += kFormatVersion;
  put_string(out, group.language);
  out += group.has_chunk ? '\1' : '\0';
  put_varint(out, group.line);
  put_varint(out, group.end_line);
  put_varint(out, group.body_length);
  put_varint(out, group.symbols.size());
  for (const auto& symbol : group.symbols) {
    put_varint(out, symbol.symbol_id);
    put_varint(out, symbol.line);
    put_varint(out, symbol.end_line);
    for (const std::string* field :
         {&symbol.kind, &symbol.name, &symbol.qualified_name, &symbol.signature, &symbol.doc})
      put_string(out, *field);
  }
  return out;
}

DocumentGroup decode_group(std::string_view data, const std::string& path) {
  Reader reader(data);
  if (reader.byte() != kFormatVersion) throw DocumentDecodeError("document data has an unknown format version");
  DocumentGroup group;
  group.language = reader.string();
  const char has_chunk = reader.byte();
  if (has_chunk != 0 && has_chunk != 1) Reader::fail();
  group.has_chunk = has_chunk == 1;
  group.line = reader.uint32();
  group.end_line = reader.uint32();
  group.body_length = reader.uint32();
  const std::uint64_t count = reader.varint();
  if (count > data.size()) Reader::fail();  // each symbol takes several bytes
  group.symbols.resize(count);
  for (auto& symbol : group.symbols) {
    symbol.path = path;
    symbol.language = group.language;
    symbol.symbol_id = reader.varint();
    symbol.line = reader.uint32();
    symbol.end_line = reader.uint32();
    for (std::string* field : {&symbol.kind, &symbol.name, &symbol.qualified_name, &symbol.signature, &symbol.doc})
      *field = reader.string();
  }
  if (!reader.at_end()) Reader::fail();
  return group;
}

}  // namespace ax::storage::xapian
