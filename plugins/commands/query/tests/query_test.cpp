#include <catch2/catch.hpp>

#include <map>

#include <ax/sdk/host.hpp>

#include "intent.hpp"
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

static std::vector<ax::query::RankedHit> ranked_for(std::string_view text, std::vector<ax::sdk::SearchHit> hits,
                                                    std::size_t limit = 10,
                                                    const std::vector<BodyEvidence>& evidence = {}) {
  const auto query = parse_query(text);
  return rank(std::move(hits), evidence, analyze(query), RankConfig{}, limit);
}

static std::vector<std::string> names(const std::vector<ax::query::RankedHit>& ranked) {
  std::vector<std::string> out;
  for (const auto& r : ranked)
    out.push_back(r.hit.document.kind == "chunk" ? "chunk:" + r.hit.document.path : r.hit.document.name);
  return out;
}

TEST_CASE("rank: a symbol named by the whole query beats more text matches") {
  auto ranked = ranked_for("Parser", {hit("tokenize", "function", 9), hit("Parser", "class", 5)});
  CHECK(names(ranked) == std::vector<std::string>{"Parser", "tokenize"});
  CHECK(ranked[0].product({"exact-name"}) == Approx(3.0));
  // Ignoring case and separators: "plugin descriptor" names PluginDescriptor.
  ranked = ranked_for("plugin descriptor", {hit("descriptor", "field", 9), hit("PluginDescriptor", "struct", 4),
                                            hit("load_plugins", "function", 8)});
  CHECK(names(ranked).front() == "PluginDescriptor");
}

TEST_CASE("rank: a symbol named by one word of a longer query does not win on that word") {
  // The locale key `iframe` has the higher BM25 (a short document made of the word).
  auto ranked = ranked_for("new iframe element", {hit("iframe", "key", 10, "locales/en.json"),
                                                  hit("newIframeElement", "function", 5, "src/dom.js")});
  CHECK(names(ranked) == std::vector<std::string>{"newIframeElement", "iframe"});
  // Stop words give no name credit at all: a symbol named `if` or `a` is not an answer to prose.
  ranked = ranked_for("check if the value is missing",
                      {hit("if", "key", 8, "ci.yml"), hit("checkMissingValue", "function", 4, "check.py")});
  CHECK(names(ranked).front() == "checkMissingValue");
  const auto analysis = analyze(parse_query("check if the value is missing"));
  CHECK(analysis.content_words == std::vector<std::string>{"check", "value", "missing"});
  CHECK(analysis.stop_words == std::vector<std::string>{"if", "the", "is"});
}

TEST_CASE("rank: test files and text chunks have their own factors") {
  auto ranked = ranked_for(
      "open file", {hit("open_file", "function", 5, "tests/test_io.py"), hit("open_file", "function", 5, "src/io.py")});
  CHECK(ranked[0].hit.document.path == "src/io.py");
  CHECK(ranked[1].product({"test-file"}) == Approx(0.8));
  CHECK(is_test_path("pkg/strings_test.go"));
  CHECK(is_test_path("web/cart.spec.ts"));
  CHECK(is_test_path("src/test/java/CartTest.java"));
  CHECK_FALSE(is_test_path("src/attest.py"));
  CHECK_FALSE(is_test_path("src/contest/latest.go"));
}

TEST_CASE("rank: the same symbol reached twice is one hit; chunks holding a symbol hit fold into it") {
  auto twice = hit("open_file", "function", 3, "a.py", 10, 20);
  twice.document.symbol_id = 7;
  auto again = twice;
  again.score = 4;
  auto ranked =
      ranked_for("open", {twice, hit("", "chunk", 8, "a.py", 1, 40), again, hit("", "chunk", 3, "b.py", 1, 40)});
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].hit.document.name == "open_file");
  CHECK(ranked[0].bm25 == Approx(4));
  CHECK(ranked[0].folded == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 40}});
  CHECK(ranked[1].hit.document.path == "b.py");
  CHECK(ranked_for("open", {hit("a", "function", 1), hit("b", "function", 2)}, 1).size() == 1);
}

TEST_CASE("rank: a chunk's BM25 is credited to the definitions holding the query's words") {
  BodyEvidence credit;
  credit.chunk = 1;
  credit.definition.name = "retry_with_backoff";
  credit.definition.kind = "function";
  credit.definition.path = "net.py";
  credit.definition.line = 50;
  credit.definition.end_line = 70;
  credit.share = 0.75;
  credit.words = {"delay", "double"};
  auto ranked =
      ranked_for("double the delay after each failure",
                 {hit("delay", "variable", 3, "conf.py"), hit("", "chunk", 8, "net.py", 41, 80)}, 10, {credit});
  REQUIRE(ranked.size() == 2);
  CHECK(ranked[0].hit.document.name == "retry_with_backoff");
  CHECK(ranked[0].body == Approx(6));
  CHECK(ranked[0].bm25 == 0);
  CHECK(explain(ranked[0]).find("= body 6.00 × function 1.50") != std::string::npos);
  CHECK(names(ranked)[1] == "delay");  // the chunk, credited for three quarters, is folded
}

TEST_CASE("rank: explain shows the score as BM25 times the factors that apply") {
  auto ranked = ranked_for("Parser", {hit("Parser", "class", 2.5, "parser.py")});
  REQUIRE(ranked.size() == 1);
  CHECK(explain(ranked[0]) == "16.88 = bm25 2.50 × exact-name 3.00 × class 1.50 × path 1.50");
  CHECK(ranked[0].hit.score == Approx(16.875));
}

TEST_CASE("rank: bm25 mode keeps the index's order and scores") {
  RankConfig config;
  config.mode = RankMode::bm25;
  auto ranked = rank({hit("b", "function", 2), hit("", "chunk", 1), hit("Parser", "class", 0.5)}, {},
                     analyze(parse_query("Parser")), config, 2);
  CHECK(names(ranked) == std::vector<std::string>{"b", "chunk:a.py"});
  CHECK(ranked[0].factors.empty());
}

TEST_CASE("rank: factors come from rank.* configuration, malformed values are refused") {
  std::map<std::string, std::string, std::less<>> values{{"rank.exact_name", "5"}, {"rank.test", "0.5"}};
  auto lookup = [&](std::string_view key) -> std::optional<std::string> {
    auto it = values.find(key);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto config = rank_config(lookup);
  CHECK(config.factors.exact_name == 5);
  CHECK(config.factors.test == 0.5);
  CHECK(config.factors.name == 2);
  values["rank.mode"] = "bm25";
  CHECK(rank_config(lookup).mode == RankMode::bm25);
  values["rank.kind"] = "-1";
  CHECK_THROWS_WITH(rank_config(lookup), "rank.kind expects a number from 0 to 100 like 1.5, not '-1'");
}

TEST_CASE("intent: names, prose and a mix") {
  CHECK(analyze(parse_query("parseRequest")).intent == Intent::identifier);
  CHECK(analyze(parse_query("parse request")).intent == Intent::identifier);
  CHECK(analyze(parse_query("return the current local time")).intent == Intent::natural_language);
  CHECK(analyze(parse_query("split string around whitespace runs")).intent == Intent::natural_language);
  const auto mixed = analyze(parse_query("retry in HttpClient.send"));
  CHECK(mixed.intent == Intent::mixed);
  CHECK(mixed.identifiers == std::vector<std::string>{"HttpClient.send"});
  CHECK(analyze(parse_query("parse_request")).folded == "parserequest");
}

TEST_CASE("group by file: one group per file, in the order of its best hit") {
  auto ranked = ranked_for("open", {hit("open", "function", 2, "a.py"), hit("open", "function", 5, "b.py", 3),
                                    hit("reopen", "function", 1, "a.py", 9)});
  auto groups = group_by_file(ranked);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].path == "b.py");
  CHECK(groups[1].hits.size() == 2);
  CHECK(groups[1].score == groups[1].hits[0].hit.score);
}

TEST_CASE("typos: swaps of neighbours count one edit; short words allow none") {
  CHECK(typo_distance("format", "foramt") == 1);
  CHECK(typo_distance("strings", "strngs") == 1);
  CHECK(typo_distance("httpclient", "htpclient") == 1);
  CHECK(typo_distance("abc", "abc") == 0);
  CHECK(typo_distance("", "abc") == 3);
  CHECK(typos_allowed(4) == 0);
  CHECK(typos_allowed(6) == 1);
  CHECK(typos_allowed(12) == 2);
  // A near name earns near-name only for a one-word identifier query.
  auto ranked = ranked_for("foramt", {hit("format", "function", 2), hit("for_each", "function", 3)});
  CHECK(ranked[0].hit.document.name == "format");
  CHECK(ranked[0].product({"near-name"}) == Approx(2.0));
  CHECK(ranked_for("foramt the value", {hit("format", "function", 2)})[0].product({"near-name"}) == 1);
}
