#include <catch2/catch.hpp>

#include <ax/sdk/host.hpp>

#include "query_parser.hpp"
#include "ranking.hpp"

using namespace ax::query;

TEST_CASE("query parser: words, phrases and filters") {
  auto q = parse_query(R"(parse request "open the file" lang:py -lang:go kind:fn file:src/net -file:*_test.go)");
  CHECK(q.words == std::vector<std::string>{"parse", "request"});
  CHECK(q.phrases == std::vector<std::string>{"open the file"});
  CHECK(q.languages.include == std::vector<std::string>{"python"});
  CHECK(q.languages.exclude == std::vector<std::string>{"go"});
  CHECK(q.kinds.include == std::vector<std::string>{"function"});
  CHECK(q.paths.include == std::vector<std::string>{"src/net"});
  CHECK(q.paths.exclude == std::vector<std::string>{"*_test.go"});
}

TEST_CASE("query parser: errors and edge cases") {
  CHECK_THROWS_AS(parse_query(R"(foo "unterminated)"), ax::sdk::UsageError);
  CHECK_THROWS_AS(parse_query("lang:"), ax::sdk::UsageError);
  auto q = parse_query("  Foo::bar  url:thing  ");
  CHECK(q.words == std::vector<std::string>{"Foo::bar", "url:thing"});  // unknown field stays a word
  CHECK(parse_query("").words.empty());
}

TEST_CASE("identifier words split camelCase, acronyms, snake_case and digits") {
  CHECK(identifier_words("parseHTTPRequest_v2") == std::vector<std::string>{"parse", "http", "request", "v2"});
  CHECK(identifier_words("XMLHttpRequest") == std::vector<std::string>{"xml", "http", "request"});
  CHECK(identifier_words("snake_case-name") == std::vector<std::string>{"snake", "case", "name"});
  CHECK(identifier_words("a") == std::vector<std::string>{"a"});
}

TEST_CASE("aliases canonicalise languages and kinds") {
  CHECK(canonical_language("TS") == "typescript");
  CHECK(canonical_language("c++") == "cpp");
  CHECK(canonical_language("Haskell") == "haskell");
  CHECK(canonical_kind("fn") == "function");
  CHECK(canonical_kind("Class") == "class");
}

namespace {
ax::sdk::SearchHit hit(std::string name, std::string kind, double score, std::string path = "a.py",
                       std::uint32_t line = 1, std::uint32_t end_line = 1) {
  ax::sdk::SearchHit h;
  h.document.name = name;
  h.document.qualified_name = name;
  h.document.kind = std::move(kind);
  h.document.path = std::move(path);
  h.document.line = line;
  h.document.end_line = end_line;
  h.score = score;
  return h;
}
}  // namespace

TEST_CASE("rerank: exact names first, then case-insensitive, prefix, then BM25") {
  auto q = parse_query("Parser");
  auto ranked = rerank({hit("tokenize", "function", 9), hit("parser", "variable", 5), hit("ParserError", "class", 6),
                        hit("Parser", "class", 1)},
                       q, 10);
  REQUIRE(ranked.size() == 4);
  CHECK(ranked[0].hit.document.name == "Parser");
  CHECK(ranked[1].hit.document.name == "parser");
  CHECK(ranked[2].hit.document.name == "ParserError");
  CHECK(ranked[3].hit.document.name == "tokenize");
}

TEST_CASE("rerank: several words name one symbol; a symbol named after one word comes after it") {
  auto q = parse_query("plugin descriptor");
  auto ranked = rerank({hit("descriptor", "field", 9), hit("PluginDescriptor", "struct", 2), hit("Plugin", "class", 5),
                        hit("load_plugins", "function", 8)},
                       q, 10);
  REQUIRE(ranked.size() == 4);
  CHECK(ranked[0].hit.document.name == "PluginDescriptor");
  CHECK(ranked[1].hit.document.name == "descriptor");
  CHECK(ranked[2].hit.document.name == "Plugin");
  CHECK(ranked[3].hit.document.name == "load_plugins");
}

TEST_CASE("rerank: on near-equal scores a type comes before its constructor") {
  auto q = parse_query("widget");
  auto ranked = rerank({hit("CartWidget", "constructor", 8.2), hit("CartWidget", "class", 7.9)}, q, 10);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].hit.document.kind == "class");
}

TEST_CASE("rerank: chunks repeating a symbol hit are dropped; limit applies") {
  auto q = parse_query("open");
  auto ranked = rerank({hit("open_file", "function", 3, "a.py", 10, 20), hit("", "chunk", 8, "a.py", 1, 40),
                        hit("", "chunk", 7, "b.py", 1, 40)},
                       q, 10);
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].hit.document.name == "open_file");
  CHECK(ranked[1].hit.document.path == "b.py");
  CHECK(rerank({hit("a", "function", 1), hit("b", "function", 2)}, q, 1).size() == 1);
}
