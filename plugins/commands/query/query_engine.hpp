// `ax find` and `ax def` as library functions (the ax_query library): what they find, without any
// printing, so that a server can answer the same queries the CLI does.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ax/sdk/host.hpp>
#include <ax/sdk/storage.hpp>

#include <ax/semantic/semantic.hpp>

#include "intent.hpp"
#include "ranking.hpp"

namespace ax::query {

struct FindRequest {
  sdk::SearchQuery query;  // from parse_query(); its limit is ignored
  std::size_t limit = 20;
  RankConfig rank;
  // Semantic search, when on: its nearest symbols fused with ax's ranking by reciprocal rank for
  // natural-language and mixed queries (identifiers are looked up by name).
  const semantic::SemanticSearch* semantic = nullptr;
  double semantic_weight = 0.25;  // of the semantic ranking's term in the fusion (semantic.weight)
};

// Reciprocal-rank fusion's constant: a hit at rank r counts 1 / (kFusionK + r).
inline constexpr double kFusionK = 60;
// How deep each ranking goes into the fusion.
inline constexpr std::size_t kFusionDepth = 50;
// Nearest symbols less similar than this say nothing about the query: left out of the fusion.
inline constexpr float kMinCosine = 0.2F;

struct FindResult {
  QueryAnalysis analysis;
  std::size_t candidates = 0;           // BM25 hits considered before ranking
  std::size_t semantic_candidates = 0;  // nearest symbols fused in (0: semantic search not used)
  double semantic_ms = 0;               // embedding the query and scoring every symbol vector
  std::vector<RankedHit> hits;
};

// Throws sdk::UsageError for a query with nothing to search for (empty, or filters only).
void require_search_words(const sdk::SearchQuery& query);

FindResult find(sdk::Repository& repository, const FindRequest& request);

struct DefRequest {
  std::string name;                     // may be qualified: Shape.area, net::Socket::send
  std::optional<std::string> kind;      // canonical kind name
  std::optional<std::string> language;  // canonical language id
  std::size_t limit = 20;
};

struct DefResult {
  std::vector<sdk::StoredSymbol> symbols;  // by path and line, at most limit
  std::string match;                       // exact, case-insensitive, prefix or fuzzy
  std::size_t total = 0;                   // before the limit
};

// Exact matches, else case-insensitive, else prefix, else the closest names (fuzzy).
DefResult define(sdk::Repository& repository, const DefRequest& request);

// The last component of a qualified name: "a.b::c" -> "c".
std::string last_component(const std::string& name);

}  // namespace ax::query
