#include <catch2/catch.hpp>

#include "document_codec.hpp"

using namespace ax::storage::xapian;

TEST_CASE("a chunk and its symbols survive encoding", "[codec]") {
  ax::sdk::SearchDocument symbol;
  symbol.symbol_id = 1ULL << 40;
  symbol.kind = "method";
  symbol.name = "put_file";
  symbol.qualified_name = "Store::put_file";
  symbol.signature = "void put_file(const FileRecord& record)";
  symbol.doc = "Replaces everything known about a file.\nSecond line: ünïcode.";
  symbol.line = 42;
  symbol.end_line = 4'000'000'000U;
  DocumentGroup group;
  group.language = "cpp";
  group.has_chunk = true;
  group.line = 41;
  group.end_line = 80;
  group.body_length = 312;
  group.symbols = {symbol, symbol};
  group.symbols[1].name = "other";

  const DocumentGroup decoded = decode_group(encode_group(group), "src/kernel/store.cpp");
  CHECK(decoded.language == "cpp");
  CHECK(decoded.has_chunk);
  CHECK(decoded.line == 41);
  CHECK(decoded.end_line == 80);
  CHECK(decoded.body_length == 312);
  REQUIRE(decoded.symbols.size() == 2);
  const auto& first = decoded.symbols[0];
  CHECK(first.symbol_id == symbol.symbol_id);
  CHECK(first.path == "src/kernel/store.cpp");
  CHECK(first.language == "cpp");
  CHECK(first.kind == symbol.kind);
  CHECK(first.name == symbol.name);
  CHECK(first.qualified_name == symbol.qualified_name);
  CHECK(first.signature == symbol.signature);
  CHECK(first.doc == symbol.doc);
  CHECK(first.line == symbol.line);
  CHECK(first.end_line == symbol.end_line);
  CHECK(decoded.symbols[1].name == "other");
  CHECK(encode_group(group).find("src/kernel") == std::string::npos);  // the path is the index's value
}

TEST_CASE("damaged document data is refused", "[codec]") {
  DocumentGroup group;
  group.language = "python";
  ax::sdk::SearchDocument symbol;
  symbol.name = "f";
  group.symbols.push_back(symbol);
  const std::string data = encode_group(group);

  CHECK_THROWS_AS(decode_group("", "a.py"), DocumentDecodeError);
  CHECK_THROWS_AS(decode_group(data.substr(0, data.size() - 1), "a.py"), DocumentDecodeError);
  CHECK_THROWS_AS(decode_group(data + "x", "a.py"), DocumentDecodeError);
  std::string wrong_version = data;
  wrong_version[0] = 99;
  CHECK_THROWS_AS(decode_group(wrong_version, "a.py"), DocumentDecodeError);
}
