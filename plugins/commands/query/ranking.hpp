// Reranking of BM25 hits: symbols whose name is the query first (exactly, then ignoring case and
// separators), then names that are one of the words or start with the query, then the rest by BM25
// weighted by kind (types before constructors, definitions before text); text chunks that merely
// repeat a symbol hit of the same lines are dropped.
#pragma once
#include <string>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::query {

struct RankedHit {
  sdk::SearchHit hit;
  int tier = 0;  // 3 the name as written, 2 the name folded, 1 a word or prefix, 0 other
};

std::vector<RankedHit> rerank(std::vector<sdk::SearchHit> hits, const sdk::SearchQuery& query, std::size_t limit);

}  // namespace ax::query
