// A small binary serializer for the store's records: LEB128 varints, zig-zag signed varints, fixed
// little-endian integers, length-prefixed strings, and big-endian ids for keys (so that LMDB's
// bytewise key order is numeric order).
#pragma once
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace ax::lmdb_store {

class ByteWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void varint(std::uint64_t value);
  void signed_varint(std::int64_t value);
  void fixed64(std::uint64_t value);  // little-endian
  void big_endian32(std::uint32_t value);
  void big_endian64(std::uint64_t value);
  void string(std::string_view value);  // varint length, then the bytes
  void raw(std::string_view value) { bytes_.append(value); }

  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }
  void clear() { bytes_.clear(); }

 private:
  std::string bytes_;
};

// Reads what ByteWriter wrote. Every read checks bounds and throws CorruptRecord rather than reading
// past the end, so a damaged value surfaces as an error instead of undefined behaviour.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  std::uint8_t u8();
  std::uint64_t varint();
  std::int64_t signed_varint();
  std::uint32_t varint32();  // a varint that must fit 32 bits
  std::uint64_t fixed64();
  std::uint32_t big_endian32();
  std::uint64_t big_endian64();
  std::string_view string();
  std::string_view raw(std::size_t size);

  bool at_end() const { return position_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - position_; }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
};

// Thrown by ByteReader and the record decoders; the store turns it into a StoreError naming the path.
class CorruptRecord : public std::exception {
 public:
  explicit CorruptRecord(const char* what) : what_(what) {}
  const char* what() const noexcept override { return what_; }

 private:
  const char* what_;
};

// An 8-byte big-endian key for an id.
std::string id_key(std::uint64_t id);
std::uint64_t parse_id_key(std::string_view key);  // throws CorruptRecord unless 8 bytes

std::string fixed64_value(std::uint64_t value);
std::uint64_t parse_fixed64_value(std::string_view value);  // throws CorruptRecord unless 8 bytes

}  // namespace ax::lmdb_store
