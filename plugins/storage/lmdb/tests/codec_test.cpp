// The binary encoding of records, the key helpers and SHA-256.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "byte_codec.hpp"
#include "records.hpp"

using namespace ax::lmdb_store;

TEST_CASE("varints round-trip across their byte boundaries", "[codec]") {
  const std::uint64_t values[] = {
      0, 1, 127, 128, 16383, 16384, 1ULL << 32, (1ULL << 63) + 5, std::numeric_limits<std::uint64_t>::max()};
  ByteWriter writer;
  for (const std::uint64_t value : values) writer.varint(value);
  ByteReader reader(writer.bytes());
  for (const std::uint64_t value : values) CHECK(reader.varint() == value);
  CHECK(reader.at_end());

  ByteWriter sizes;
  sizes.varint(127);
  CHECK(sizes.bytes().size() == 1);
  sizes.varint(128);
  CHECK(sizes.bytes().size() == 3);
}

TEST_CASE("signed varints keep small negative numbers small", "[codec]") {
  const std::int64_t values[] = {
      0, -1, 1, -64, 63, -65, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  ByteWriter writer;
  for (const std::int64_t value : values) writer.signed_varint(value);
  ByteReader reader(writer.bytes());
  for (const std::int64_t value : values) CHECK(reader.signed_varint() == value);

  ByteWriter small;
  small.signed_varint(-64);
  CHECK(small.bytes().size() == 1);
}

TEST_CASE("fixed-width integers and strings round-trip", "[codec]") {
  ByteWriter writer;
  writer.fixed64(0x0102030405060708ULL);
  writer.big_endian64(0x0102030405060708ULL);
  writer.big_endian32(0xa1b2c3d4U);
  writer.string("hello");
  writer.string("");
  CHECK(writer.bytes().substr(0, 2) == std::string("\x08\x07", 2));  // little-endian
  CHECK(writer.bytes().substr(8, 2) == std::string("\x01\x02", 2));  // big-endian
  ByteReader reader(writer.bytes());
  CHECK(reader.fixed64() == 0x0102030405060708ULL);
  CHECK(reader.big_endian64() == 0x0102030405060708ULL);
  CHECK(reader.big_endian32() == 0xa1b2c3d4U);
  CHECK(reader.string() == "hello");
  CHECK(reader.string().empty());
  CHECK(reader.at_end());
}

TEST_CASE("damaged bytes raise CorruptRecord instead of reading past the end", "[codec]") {
  CHECK_THROWS_AS(ByteReader("").u8(), CorruptRecord);
  CHECK_THROWS_AS(ByteReader("\x80\x80").varint(), CorruptRecord);                       // unterminated
  CHECK_THROWS_AS(ByteReader(std::string(11, '\xff')).varint(), CorruptRecord);          // too long
  CHECK_THROWS_AS(ByteReader(std::string(9, '\xff') + "\x02").varint(), CorruptRecord);  // > 64 bits
  CHECK_THROWS_AS(ByteReader("\x05"
                             "abc")
                      .string(),
                  CorruptRecord);                                                 // short string
  CHECK_THROWS_AS(ByteReader("\x80\x80\x80\x80\x10").varint32(), CorruptRecord);  // > 32 bits
  CHECK_THROWS_AS(ByteReader("1234567").fixed64(), CorruptRecord);
  CHECK_THROWS_AS(parse_id_key("1234"), CorruptRecord);
}

TEST_CASE("id keys sort like the ids they encode", "[codec]") {
  CHECK(id_key(1) < id_key(2));
  CHECK(id_key(255) < id_key(256));
  CHECK(id_key(65535) < id_key(1ULL << 40));
  CHECK(parse_id_key(id_key(123456789)) == 123456789);
  CHECK(parse_fixed64_value(fixed64_value(42)) == 42);
}

TEST_CASE("file records round-trip", "[codec][records]") {
  FileValue file;
  file.file_id = 77;
  file.language = "python";
  file.size = 123456;
  file.mtime_ns = -5;
  file.content_hash = 0xfedcba9876543210ULL;
  file.symbol_count = 30;
  file.import_count = 4;
  file.reference_count = 12;
  file.full_path = "a/very/long/path";
  const FileValue decoded = decode_file(encode_file(file));
  CHECK(decoded.file_id == 77);
  CHECK(decoded.language == "python");
  CHECK(decoded.size == 123456);
  CHECK(decoded.mtime_ns == -5);
  CHECK(decoded.content_hash == 0xfedcba9876543210ULL);
  CHECK(decoded.symbol_count == 30);
  CHECK(decoded.import_count == 4);
  CHECK(decoded.reference_count == 12);
  CHECK(decoded.full_path == "a/very/long/path");
}

TEST_CASE("symbol records round-trip and reject unknown kinds", "[codec][records]") {
  ax::sdk::Symbol symbol;
  symbol.name = "parse";
  symbol.kind = ax::sdk::SymbolKind::array_table;
  symbol.qualified_name = "Parser.parse";
  symbol.span = {10, 3, 42, 7};
  symbol.signature = "def parse(self):";
  symbol.doc = "Parses.\nTwo lines.";
  symbol.parent = 3;
  const std::string bytes = encode_symbol(9, 1000, symbol);
  const SymbolValue decoded = decode_symbol(bytes);
  CHECK(decoded.file_id == 9);
  CHECK(decoded.parent_id == 1000);
  CHECK(decoded.symbol.name == "parse");
  CHECK(decoded.symbol.kind == ax::sdk::SymbolKind::array_table);
  CHECK(decoded.symbol.qualified_name == "Parser.parse");
  CHECK(decoded.symbol.span.start_line == 10);
  CHECK(decoded.symbol.span.start_column == 3);
  CHECK(decoded.symbol.span.end_line == 42);
  CHECK(decoded.symbol.span.end_column == 7);
  CHECK(decoded.symbol.signature == "def parse(self):");
  CHECK(decoded.symbol.doc == "Parses.\nTwo lines.");
  CHECK(decoded.symbol.parent == -1);

  CHECK(bytes.find("array_table") != std::string::npos);  // kinds are stored by name
  std::string bad_kind = bytes;
  bad_kind.replace(bytes.find("array_table"), 11, "array_tablX");
  CHECK_THROWS_AS(decode_symbol(bad_kind), CorruptRecord);
  std::string bad_version = bytes;
  bad_version[0] = 99;
  CHECK_THROWS_AS(decode_symbol(bad_version), CorruptRecord);
  CHECK_THROWS_AS(decode_symbol(bytes + "x"), CorruptRecord);
  CHECK_THROWS_AS(decode_symbol(bytes.substr(0, bytes.size() - 1)), CorruptRecord);
}

TEST_CASE("lists, references, counters and migration records round-trip", "[codec][records]") {
  const std::vector<std::uint64_t> ids{5, 6, 7, 1000, 1ULL << 50};
  CHECK(decode_id_list(encode_id_list(ids)) == ids);
  CHECK(decode_id_list(encode_id_list({})).empty());

  const std::vector<std::string> keys{"alpha", "", "gamma"};
  CHECK(decode_key_list(encode_key_list(keys)) == keys);

  const std::vector<ax::sdk::Import> imports{{"os.path", 1}, {"<vector>", 7}};
  const auto decoded_imports = decode_imports(encode_imports(imports));
  REQUIRE(decoded_imports.size() == 2);
  CHECK(decoded_imports[1].specifier == "<vector>");
  CHECK(decoded_imports[1].line == 7);

  // Reference sites come back sorted by position, without exact duplicates.
  using ax::sdk::ReferenceKind;
  const std::vector<ReferenceSite> sites{{300, 17, ReferenceKind::call, 99},
                                         {2, 5, ReferenceKind::reference, 0},
                                         {300, 4, ReferenceKind::call, 99},
                                         {2, 5, ReferenceKind::reference, 0},
                                         {70000, 1, ReferenceKind::call, 1ULL << 40}};
  std::size_t stored = 0;
  const std::vector<ReferenceSite> decoded_sites = decode_reference_sites(encode_reference_sites(sites, &stored));
  CHECK(stored == 4);
  CHECK(decoded_sites == std::vector<ReferenceSite>{{2, 5, ReferenceKind::reference, 0},
                                                    {300, 4, ReferenceKind::call, 99},
                                                    {300, 17, ReferenceKind::call, 99},
                                                    {70000, 1, ReferenceKind::call, 1ULL << 40}});
  // Reference keys group by name, then order files numerically.
  CHECK(reference_key("run", 2) < reference_key("run", 256));
  CHECK(reference_key("run", 1ULL << 60) < reference_key("runner", 1));
  CHECK(reference_key("run", 9).starts_with(reference_key_prefix("run")));
  CHECK_FALSE(reference_key("runner", 9).starts_with(reference_key_prefix("run")));

  const LanguageCounters counters{3, 40, 5000, 6, 70};
  const LanguageCounters decoded_counters = decode_counters(encode_counters(counters));
  CHECK(decoded_counters.files == 3);
  CHECK(decoded_counters.symbols == 40);
  CHECK(decoded_counters.bytes == 5000);
  CHECK(decoded_counters.imports == 6);
  CHECK(decoded_counters.references == 70);

  const MigrationRecord record{4, "add_things", std::string(64, 'a'), 1700000000};
  const MigrationRecord decoded_record = decode_migration(encode_migration(record));
  CHECK(decoded_record.version == 4);
  CHECK(decoded_record.name == "add_things");
  CHECK(decoded_record.checksum == std::string(64, 'a'));
  CHECK(decoded_record.applied_unix == 1700000000);
}

TEST_CASE("a damaged item count is refused before anything is allocated", "[codec][records]") {
  ByteWriter writer;
  writer.u8(kRecordFormat);
  writer.varint(1ULL << 40);  // claims a trillion ids in a 7-byte record
  CHECK_THROWS_AS(decode_id_list(writer.bytes()), CorruptRecord);
  CHECK_THROWS_AS(decode_imports(writer.bytes()), CorruptRecord);
}

TEST_CASE("bounded keys keep short keys and shorten long ones distinctly", "[codec][keys]") {
  CHECK(bounded_key("short") == "short");
  const std::string at_limit(kMaxDirectKeyBytes, 'x');
  CHECK(bounded_key(at_limit) == at_limit);

  const std::string long_a = std::string(600, 'p') + "a";
  const std::string long_b = std::string(600, 'p') + "b";
  const std::string key_a = bounded_key(long_a);
  CHECK(key_a.size() <= kMaxDirectKeyBytes);
  CHECK(key_a.size() < 511);  // LMDB's default key limit
  CHECK(key_a.starts_with(std::string(kShortenedKeyPrefixBytes, 'p')));
  CHECK(key_a == bounded_key(long_a));
  CHECK(key_a != bounded_key(long_b));
}

TEST_CASE("case folding lowers ASCII letters only", "[codec][keys]") {
  CHECK(fold_case("GetHTTPResponse_2") == "gethttpresponse_2");
  CHECK(fold_case("Ünïcode") == "Ünïcode");
  CHECK(fold_case("") == "");
}
