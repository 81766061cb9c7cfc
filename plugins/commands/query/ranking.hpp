// Ranking of `ax find` as named, configurable factors over the index's BM25 score:
//
//   score = (bm25 + body) × exact-name | near-name | name × docstring × kind × path × test-file × chunk × coverage
//
// Each factor is 1 unless its evidence is there; the ones that apply are kept with the hit, so
// `ax find --explain` can show why it ranks where it does. Text chunks are folded into the
// definitions they overlap (dedup), their BM25 shared out among the definitions whose lines hold
// the query's words (`body`).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/storage.hpp>

#include "intent.hpp"

namespace ax::query {

enum class RankMode {
  ax,    // the factors below, dedup and folding
  bm25,  // the index's BM25 as it comes: the baseline the factors are measured against
};

// The rank.* configuration keys, with their defaults: the seed's boosts (exact name 3, name 2,
// docstring 1.5, kind 1.2), docstring, kind and path then tuned on the benchmark's tune split.
struct RankFactors {
  double exact_name = 3.0;  // the symbol's name is the whole query (ignoring case and separators)
  double near_name = 2.0;   // the name is the whole one-word query but for a typo or two
  double name = 2.0;        // the name is made of query words: 1 + (name - 1) × overlap²
  double docstring = 2.0;   // the doc comment holds query words: 1 + (docstring - 1) × share
  double kind = 1.5;        // a definition (function, method, type, ...) rather than a field or key
  double path = 1.5;        // the file's name is made of query words: 1 + (path - 1) × overlap
  double test = 0.8;        // the result sits in a test file
  double chunk = 1.0;       // a stretch of text rather than a symbol
  double coverage = 1.0;    // exponent of the share of query words the symbol's text holds
};

struct RankConfig {
  RankMode mode = RankMode::ax;
  RankFactors factors;
};

// Reads rank.* through `lookup` (absent keys keep their defaults); throws sdk::UserError naming the
// key for a malformed value.
RankConfig rank_config(const std::function<std::optional<std::string>(std::string_view)>& lookup);

struct Factor {
  std::string name;  // "exact-name", "name", "docstring", a kind ("function"), "path", "test-file", ...
  double value = 1;
};

// Where a hit stood in the two rankings reciprocal-rank fusion combined (semantic search on).
struct Fusion {
  std::size_t ax_rank = 0;        // 1-based in ax's ranking; 0 when only the semantic ranking had it
  double ax_score = 0;            // its score there
  std::size_t semantic_rank = 0;  // 1-based among the nearest symbol vectors; 0 when not among them
  double cosine = 0;
};

struct RankedHit {
  sdk::SearchHit hit;      // hit.score is the final score
  double bm25 = 0;         // the index's score for this document (0 when found only through its body)
  double body = 0;         // BM25 of overlapping text chunks credited to this definition
  bool looked_up = false;  // found by name in the symbol store, bm25 standing in: the top candidate's
  std::vector<Factor> factors;
  // Lines of the text chunks folded into this hit.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> folded;
  std::optional<Fusion> fusion;  // set when semantic search fused this hit's score

  // The product of the factors whose names are listed (1 when none applies).
  double product(std::initializer_list<std::string_view> names) const;
};

// A text chunk's BM25 credited to a definition it overlaps: what the engine found by reading the
// chunk's lines (see query_engine.cpp).
struct BodyEvidence {
  std::size_t chunk = 0;  // index of the chunk among the hits given to rank()
  sdk::SearchDocument definition;
  double share = 0;                // of the chunk's score, 0..1
  std::vector<std::string> words;  // content words found on the definition's lines
};

// Ranks BM25 `hits` for `query`; in bm25 mode returns them as they are. `evidence` may be empty;
// `looked_up` are symbols found by name in the store, ranked as if they had the score they carry.
std::vector<RankedHit> rank(std::vector<sdk::SearchHit> hits, const std::vector<BodyEvidence>& evidence,
                            const QueryAnalysis& query, const RankConfig& config, std::size_t limit,
                            std::vector<sdk::SearchHit> looked_up = {});

// "12.40 = bm25 3.10 × exact-name 3.00 × function 1.20 [+ text 40-79 folded]"; with semantic search,
// "0.0325 = rrf ax #1 + semantic #3 (cosine 0.71); ax 12.40 = bm25 3.10 × ..."
std::string explain(const RankedHit& hit);

// Whether a path looks like a test file: tests/ or test/ directories, test_x.py, x_test.go,
// x.test.ts, x.spec.js, XTest.java.
bool is_test_path(std::string_view path);

// Kinds that define behaviour or types, which rank.kind favours over fields, variables, keys and
// constructors.
bool is_definition_kind(std::string_view kind);

// Hits of one file under it, files in the order of their best hit.
struct FileGroup {
  std::string path;
  double score = 0;  // the best hit's
  std::vector<RankedHit> hits;
};
std::vector<FileGroup> group_by_file(std::vector<RankedHit> hits);

}  // namespace ax::query
