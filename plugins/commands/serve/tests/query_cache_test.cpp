#include <catch2/catch.hpp>

#include <map>

#include "query_cache.hpp"

using namespace ax::serve;
using namespace std::chrono_literals;

namespace {

// A clock the test moves by hand.
struct ManualClock {
  std::chrono::steady_clock::time_point now{};
  QueryCache::Clock function() {
    return [this] { return now; };
  }
};

CachedAnswer answer(std::string out) { return CachedAnswer{std::move(out), "", 0, "", ""}; }

QueryFootprint footprint(std::set<std::string> paths, std::set<std::string> terms = {},
                         std::set<std::string> names = {}, std::set<std::string> prefixes = {}) {
  return QueryFootprint{std::move(paths), std::move(terms), std::move(prefixes), std::move(names), false, false};
}

}  // namespace

TEST_CASE("query cache: a hit returns the answer, a miss counts") {
  ManualClock clock;
  QueryCache cache(1 << 20, 60s, clock.function());
  CHECK_FALSE(cache.get("find a"));
  cache.put("find a", answer("a.go:1\n"), footprint({"a.go"}));
  const auto hit = cache.get("find a");
  REQUIRE(hit);
  CHECK(hit->out == "a.go:1\n");
  CHECK(cache.counters().hits == 1);
  CHECK(cache.counters().misses == 1);
}

TEST_CASE("query cache: the least recently used entry is evicted first, by bytes") {
  ManualClock clock;
  const std::string text(1000, 'x');
  const std::size_t one = accounted_bytes("k1", answer(text), footprint({}));
  QueryCache cache(3 * one, 60s, clock.function());
  cache.put("k1", answer(text), footprint({}));
  cache.put("k2", answer(text), footprint({}));
  cache.put("k3", answer(text), footprint({}));
  CHECK(cache.bytes() == 3 * one);
  REQUIRE(cache.get("k1"));  // k1 is now the most recent: k2 goes first
  cache.put("k4", answer(text), footprint({}));
  CHECK(cache.counters().evictions == 1);
  CHECK_FALSE(cache.get("k2"));
  CHECK(cache.get("k1"));
  CHECK(cache.get("k3"));
  CHECK(cache.get("k4"));
  CHECK(cache.bytes() <= cache.max_bytes());
}

TEST_CASE("query cache: the byte bound holds, and an answer bigger than it is not kept") {
  ManualClock clock;
  QueryCache cache(10000, 60s, clock.function());
  for (int i = 0; i < 100; ++i) {
    cache.put("key" + std::to_string(i), answer(std::string(static_cast<std::size_t>(100 + i * 10), 'y')),
              footprint({"f" + std::to_string(i)}));
    CHECK(cache.bytes() <= 10000);
  }
  CHECK(cache.size() < 100);
  cache.put("huge", answer(std::string(20000, 'z')), footprint({}));
  CHECK_FALSE(cache.get("huge"));
  CHECK(cache.bytes() <= 10000);
}

TEST_CASE("query cache: an entry expires at its time to live") {
  ManualClock clock;
  QueryCache cache(1 << 20, 10s, clock.function());
  cache.put("k", answer("x"), footprint({}));
  clock.now += 9s;
  CHECK(cache.get("k"));
  clock.now += 1s;
  CHECK_FALSE(cache.get("k"));
  CHECK(cache.counters().expirations == 1);
  CHECK(cache.size() == 0);
  CHECK(cache.bytes() == 0);
}

TEST_CASE("query cache: replacing a key keeps one entry and its bytes right") {
  QueryCache cache(1 << 20, 60s);
  cache.put("k", answer("one"), footprint({}));
  const auto bytes = cache.bytes();
  cache.put("k", answer("three"), footprint({}));
  CHECK(cache.size() == 1);
  CHECK(cache.bytes() == bytes + 2);
  CHECK(cache.get("k")->out == "three");
}

TEST_CASE("query cache: invalidation drops exactly the entries a changed file can affect") {
  QueryCache cache(1 << 20, 60s);
  cache.put("from a.go", answer("a"), footprint({"a.go"}));
  cache.put("term parse", answer("p"), footprint({"x.go"}, text_terms("parseRequest")));
  cache.put("name Widget", answer("w"), footprint({"y.go"}, {}, {}, {"newwid"}));
  cache.put("name w.x", answer("w"), footprint({"y.go"}, {}, {"set(req"}));
  cache.put("prefix elsewhere", answer("e"), footprint({"y.go"}, {}, {}, {"widgetset"}));
  cache.put("other", answer("o"), footprint({"z.go"}, text_terms("unrelated")));
  QueryFootprint global;
  global.global = true;
  cache.put("graph", answer("g"), global);

  // b.go now holds "request" (a part of parseRequest), "NewWidgetSet" (starts with the prefix newwid,
  // though widgetset is only inside it) and the text "set(req".
  const auto dropped = cache.invalidate({changed_file("b.go", "", "func NewWidgetSet(request int) {}\n")});
  CHECK(dropped == 4);
  CHECK(cache.get("other"));
  CHECK(cache.get("prefix elsewhere"));
  CHECK(cache.get("from a.go"));
  CHECK_FALSE(cache.get("term parse"));
  CHECK_FALSE(cache.get("name Widget"));
  CHECK_FALSE(cache.get("graph"));

  // The file an answer came from, whatever it holds now (deleted: empty after).
  CHECK(cache.invalidate({changed_file("a.go", "package a\n", "")}) == 1);
  CHECK_FALSE(cache.get("from a.go"));
  CHECK(cache.counters().invalidations == 5);
}

TEST_CASE("query cache: what the file held before the change counts too") {
  QueryCache cache(1 << 20, 60s);
  cache.put("k", answer("none"), footprint({}, text_terms("retry")));
  CHECK(cache.invalidate({changed_file("c.go", "// retry the request\n", "// nothing here\n")}) == 1);
}

namespace {

// A search document holding `terms` (word -> occurrences) at one position each, `length` long.
ax::sdk::IndexedDocument document(std::map<std::string, std::uint32_t> terms, std::uint64_t length,
                                  std::uint64_t fingerprint = 1, std::uint32_t line = 1) {
  ax::sdk::IndexedDocument indexed{length, fingerprint, line, {}};
  for (auto& [word, occurrences] : terms) indexed.terms.push_back({word, word, occurrences, occurrences});
  return indexed;
}

// A file of two chunks: one about mutexes, one about buffers.
IndexedFile two_chunks() {
  return {{document({{"mutex", 2}, {"lock", 1}}, 10), document({{"buffer", 3}, {"write", 1}}, 12, 2, 21)}, {}};
}

}  // namespace

TEST_CASE("query cache: a change to an unrelated part of a file keeps what it cannot alter") {
  QueryCache cache(1 << 20, 60s);
  cache.put("find mutex lock", answer("m"), footprint({"other.go"}, text_terms("mutex lock")));
  cache.put("find buffer", answer("b"), footprint({"other.go"}, text_terms("buffer")));
  cache.put("find flush", answer("f"), footprint({"other.go"}, text_terms("flush")));
  cache.put("find write", answer("w"), footprint({"other.go"}, text_terms("write")));
  // The buffer chunk gains a "flush" and one more "buffer"; the mutex chunk is left alone.
  auto after = two_chunks();
  after.documents[1] = document({{"buffer", 4}, {"write", 1}, {"flush", 1}}, 15, 3, 21);
  const auto file = changed_file("a.go", two_chunks(), after);
  CHECK(file.statistics);
  CHECK(cache.invalidate({file}) == 2);
  CHECK(cache.get("find mutex lock"));
  // "write" kept its count and place; only its document grew, which weighs it less: no document
  // of a.go (none of which "find write" drew on) can now outrank the ones it shows.
  CHECK(cache.get("find write"));
  CHECK_FALSE(cache.get("find buffer"));
  CHECK_FALSE(cache.get("find flush"));
}

TEST_CASE("query cache: a term whose document got shorter or moved drops the answer") {
  QueryCache cache(1 << 20, 60s);
  cache.put("find write", answer("w"), footprint({"other.go"}, text_terms("write")));
  auto shorter = two_chunks();
  shorter.documents[1].length = 11;
  CHECK(changed_file("a.go", two_chunks(), shorter).terms == std::set<std::string>{"buffer", "write"});
  auto moved = two_chunks();
  moved.documents[1].line = 40;  // equal scores rank by line: it may now come first
  CHECK(changed_file("a.go", two_chunks(), moved).terms == std::set<std::string>{"buffer", "write"});
  auto fewer = two_chunks();
  fewer.documents[0].terms.push_back({"write", "write", 1, 1});  // one more document holds "write"
  CHECK(cache.invalidate({changed_file("a.go", two_chunks(), fewer)}) == 1);
}

TEST_CASE("query cache: a change that adds or removes a query term drops the answer") {
  QueryCache cache(1 << 20, 60s);
  cache.put("find lock", answer("l"), footprint({}, text_terms("lock")));
  cache.put("find buffer", answer("b"), footprint({}, text_terms("buffer")));
  auto after = two_chunks();
  after.documents[0] = document({{"mutex", 2}}, 10);  // "lock" removed, the length kept
  auto file = changed_file("a.go", two_chunks(), after);
  CHECK_FALSE(file.statistics);
  CHECK(file.terms == std::set<std::string>{"lock"});  // mutex's document kept its length and fields
  CHECK(cache.invalidate({file}) == 1);
  CHECK(cache.get("find buffer"));
  // And back: "lock" added.
  CHECK(cache.invalidate({changed_file("a.go", after, two_chunks())}) == 0);
  cache.put("find lock", answer("l"), footprint({}, text_terms("lock")));
  CHECK(cache.invalidate({changed_file("a.go", after, two_chunks())}) == 1);
}

TEST_CASE("query cache: a term that moved within its document drops phrase answers") {
  auto after = two_chunks();
  after.documents[0].terms[0].positions = 99;  // "lock" at another position, counts and length kept
  CHECK(changed_file("a.go", two_chunks(), after).terms == std::set<std::string>{"lock"});
  CHECK(changed_file("a.go", two_chunks(), two_chunks()).terms.empty());
}

TEST_CASE("query cache: answers that print scores go when the corpus statistics move") {
  QueryCache cache(1 << 20, 60s);
  auto scored = footprint({}, text_terms("mutex"));
  scored.scores = true;
  cache.put("find mutex --json", answer("[]"), scored);
  cache.put("find mutex", answer("m"), footprint({}, text_terms("mutex")));
  auto same_length = two_chunks();
  same_length.documents[1] = document({{"buffer", 3}, {"read", 1}}, 12, 2, 21);
  CHECK(cache.invalidate({changed_file("a.go", two_chunks(), same_length)}) == 0);
  auto longer = two_chunks();
  longer.documents.push_back(document({{"retry", 1}}, 4, 5, 41));
  CHECK(cache.invalidate({changed_file("a.go", two_chunks(), longer)}) == 1);
  CHECK(cache.get("find mutex"));
  CHECK_FALSE(cache.get("find mutex --json"));
}

TEST_CASE("query cache: symbols and references that changed drop the lookups of their names") {
  QueryCache cache(1 << 20, 60s);
  cache.put("def NewReader", answer("r"), footprint({"other.go"}, {"newreader"}));
  cache.put("def Sprintf", answer("s"), footprint({"other.go"}, {"sprintf"}));
  cache.put("def http.Get", answer("g"), footprint({"other.go"}, {}, {"http.get"}));
  cache.put("def Added prefix", answer("a"), footprint({"other.go"}, {}, {}, {"benchedit"}));
  IndexedFile before{{}, {{"newreader\nbufio.newreader", "symbol 1"}, {"sprintf", "reference 3"}}};
  IndexedFile after = before;
  after.records.push_back({"benchedited0func\nnet/http.benchedited0func", "symbol 9"});
  after.records.push_back({"http.get", "reference 10"});
  CHECK(cache.invalidate({changed_file("a.go", before, after)}) == 2);
  CHECK(cache.get("def NewReader"));
  CHECK(cache.get("def Sprintf"));
  // A moved reference counts as removed and added.
  after.records[1].fields = "reference 4";
  CHECK(cache.invalidate({changed_file("a.go", before, after)}) == 1);
  CHECK_FALSE(cache.get("def Sprintf"));
}

TEST_CASE("search terms: words, camelCase and snake_case parts, stems") {
  const auto terms = text_terms("HTTPServer parse_request Parsing");
  for (const char* term : {"httpserver", "http", "server", "parse_request", "parse", "request", "parsing", "pars"})
    CHECK(terms.contains(term));
  // A doc comment saying "parsed" is found by a query for "parsing": they share a stem.
  const auto query = text_terms("parsing");
  const auto doc = text_terms("parsed");
  bool shared = false;
  for (const auto& term : query) shared = shared || doc.contains(term);
  CHECK(shared);
}

TEST_CASE("query cache: invalidate_all empties it") {
  QueryCache cache(1 << 20, 60s);
  cache.put("a", answer("a"), footprint({}));
  cache.put("b", answer("b"), footprint({}));
  CHECK(cache.invalidate_all() == 2);
  CHECK(cache.size() == 0);
  CHECK(cache.bytes() == 0);
}
