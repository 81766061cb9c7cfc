// Reranking of BM25 hits: exact name matches first, then case-insensitive and prefix name matches,
// then the rest by BM25; text chunks that merely repeat a symbol hit of the same lines are dropped.
#pragma once
#include <string>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::query {

struct RankedHit {
  sdk::SearchHit hit;
  int tier = 0;  // 3 exact name, 2 case-insensitive name, 1 name prefix, 0 other
};

std::vector<RankedHit> rerank(std::vector<sdk::SearchHit> hits, const sdk::SearchQuery& query, std::size_t limit);

}  // namespace ax::query
