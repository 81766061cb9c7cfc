#include <catch2/catch.hpp>

#include "document_codec.hpp"

using namespace ax::storage::xapian;

TEST_CASE("documents survive encoding", "[codec]") {
  ax::sdk::SearchDocument document;
  document.symbol_id = 1ULL << 40;
  document.path = "src/kernel/store.cpp";
  document.language = "cpp";
  document.kind = "method";
  document.name = "put_file";
  document.qualified_name = "Store::put_file";
  document.signature = "void put_file(const FileRecord& record)";
  document.doc = "Replaces everything known about a file.\nSecond line: ünïcode.";
  document.body = std::string(1000, 'x') + std::string(1, '\0') + "tail";
  document.line = 42;
  document.end_line = 4'000'000'000U;

  const ax::sdk::SearchDocument decoded = decode_document(encode_document(document), document.path);
  CHECK(decoded.symbol_id == document.symbol_id);
  CHECK(decoded.path == document.path);
  CHECK(decoded.language == document.language);
  CHECK(decoded.kind == document.kind);
  CHECK(decoded.name == document.name);
  CHECK(decoded.qualified_name == document.qualified_name);
  CHECK(decoded.signature == document.signature);
  CHECK(decoded.doc == document.doc);
  CHECK(decoded.body == document.body);
  CHECK(decoded.line == document.line);
  CHECK(decoded.end_line == document.end_line);
  CHECK(encode_document(document).find(document.path) == std::string::npos);  // the path is the index's value
}

TEST_CASE("damaged document data is refused", "[codec]") {
  ax::sdk::SearchDocument document;
  document.path = std::string("a.py");
  document.name = std::string("f");
  const std::string data = encode_document(document);

  CHECK_THROWS_AS(decode_document("", "a.py"), DocumentDecodeError);
  CHECK_THROWS_AS(decode_document(data.substr(0, data.size() - 1), "a.py"), DocumentDecodeError);
  CHECK_THROWS_AS(decode_document(data + "x", "a.py"), DocumentDecodeError);
  std::string wrong_version = data;
  wrong_version[0] = 99;
  CHECK_THROWS_AS(decode_document(wrong_version, "a.py"), DocumentDecodeError);
}
