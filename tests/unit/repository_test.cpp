#include <catch2/catch.hpp>

#include "repository.hpp"

using ax::kernel::search_documents;

TEST_CASE("search documents: one per symbol, chunks over the text") {
  std::string source;
  for (int i = 1; i <= 100; ++i) source += "line " + std::to_string(i) + "\n";
  ax::sdk::FileRecord record{"src/a.py", "python", source.size(), 0, 0};
  ax::sdk::StoredSymbol symbol;
  symbol.id = 7;
  symbol.symbol.name = "f";
  symbol.symbol.qualified_name = "A.f";
  symbol.symbol.kind = ax::sdk::SymbolKind::method;
  symbol.symbol.span = {3, 1, 5, 10};
  symbol.symbol.signature = "def f()";
  auto docs = search_documents(record, {symbol}, source, 40);
  REQUIRE(docs.size() == 1 + 3);
  CHECK(docs[0].symbol_id == 7);
  CHECK(docs[0].kind == "method");
  CHECK(docs[0].qualified_name == "A.f");
  CHECK(docs[0].body.empty());  // code is searched through the chunks
  CHECK(docs[0].line == 3);
  CHECK(docs[1].kind == "chunk");
  CHECK(docs[1].line == 1);
  CHECK(docs[1].end_line == 40);
  CHECK(docs[3].line == 81);
  CHECK(docs[3].end_line == 101);  // the empty line after the final newline
  CHECK(docs[1].body.rfind("line 1\n", 0) == 0);
}

TEST_CASE("search documents: none for files without a language; blank chunks skipped") {
  ax::sdk::FileRecord binary{"img.png", "", 10, 0, 0};
  CHECK(search_documents(binary, {}, "abc", 40).empty());
  ax::sdk::FileRecord blank{"a.py", "python", 10, 0, 0};
  CHECK(search_documents(blank, {}, "\n\n\n   \n", 2).empty());
}
