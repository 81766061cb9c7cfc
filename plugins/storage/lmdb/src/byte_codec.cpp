#include "byte_codec.hpp"

namespace ax::lmdb_store {

void ByteWriter::varint(std::uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void ByteWriter::signed_varint(std::int64_t value) {
  // Zig-zag keeps small negative numbers small.
  const auto bits = static_cast<std::uint64_t>(value);
  varint((bits << 1) ^ (value < 0 ? ~std::uint64_t{0} : 0));
}

void ByteWriter::fixed64(std::uint64_t value) {
  for (int byte = 0; byte < 8; ++byte) bytes_.push_back(static_cast<char>(value >> (8 * byte)));
}

void ByteWriter::big_endian32(std::uint32_t value) {
  for (int byte = 3; byte >= 0; --byte) bytes_.push_back(static_cast<char>(value >> (8 * byte)));
}

void ByteWriter::big_endian64(std::uint64_t value) {
  for (int byte = 7; byte >= 0; --byte) bytes_.push_back(static_cast<char>(value >> (8 * byte)));
}

void ByteWriter::string(std::string_view value) {
  varint(value.size());
  bytes_.append(value);
}

std::uint8_t ByteReader::u8() {
  if (position_ >= bytes_.size()) throw CorruptRecord("record ends early");
  return static_cast<std::uint8_t>(bytes_[position_++]);
}

std::uint64_t ByteReader::varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const std::uint8_t byte = u8();
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && byte > 1) throw CorruptRecord("varint overflows 64 bits");
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  throw CorruptRecord("varint longer than 10 bytes");
}

std::int64_t ByteReader::signed_varint() {
  const std::uint64_t bits = varint();
  return static_cast<std::int64_t>((bits >> 1) ^ (~(bits & 1) + 1));
}

std::uint32_t ByteReader::varint32() {
  const std::uint64_t value = varint();
  if (value > UINT32_MAX) throw CorruptRecord("value does not fit 32 bits");
  return static_cast<std::uint32_t>(value);
}

std::uint64_t ByteReader::fixed64() {
  const std::string_view bytes = raw(8);
  std::uint64_t value = 0;
  for (int byte = 7; byte >= 0; --byte)
    value = (value << 8) | static_cast<std::uint8_t>(bytes[static_cast<std::size_t>(byte)]);
  return value;
}

std::uint32_t ByteReader::big_endian32() {
  std::uint32_t value = 0;
  for (const char byte : raw(4)) value = (value << 8) | static_cast<std::uint8_t>(byte);
  return value;
}

std::uint64_t ByteReader::big_endian64() {
  const std::string_view bytes = raw(8);
  std::uint64_t value = 0;
  for (const char byte : bytes) value = (value << 8) | static_cast<std::uint8_t>(byte);
  return value;
}

std::string_view ByteReader::string() {
  const std::uint64_t size = varint();
  if (size > remaining()) throw CorruptRecord("string runs past the end of its record");
  return raw(static_cast<std::size_t>(size));
}

std::string_view ByteReader::raw(std::size_t size) {
  if (size > remaining()) throw CorruptRecord("record ends early");
  const std::string_view bytes = bytes_.substr(position_, size);
  position_ += size;
  return bytes;
}

std::string id_key(std::uint64_t id) {
  ByteWriter writer;
  writer.big_endian64(id);
  return writer.take();
}

std::uint64_t parse_id_key(std::string_view key) {
  if (key.size() != 8) throw CorruptRecord("id key is not 8 bytes");
  ByteReader reader(key);
  return reader.big_endian64();
}

std::string fixed64_value(std::uint64_t value) {
  ByteWriter writer;
  writer.fixed64(value);
  return writer.take();
}

std::uint64_t parse_fixed64_value(std::string_view value) {
  if (value.size() != 8) throw CorruptRecord("counter is not 8 bytes");
  ByteReader reader(value);
  return reader.fixed64();
}

}  // namespace ax::lmdb_store
