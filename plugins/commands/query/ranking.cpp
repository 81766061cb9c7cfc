#include "ranking.hpp"

#include <algorithm>
#include <cctype>

#include <ax/sdk/text.hpp>

namespace ax::query {

namespace {


int name_tier(const sdk::SearchDocument& doc, const std::vector<std::string>& words) {
  if (doc.kind == "chunk") return 0;
  int tier = 0;
  const std::string name = sdk::ascii_lower(doc.name);
  const std::string qualified = sdk::ascii_lower(doc.qualified_name);
  for (const auto& word : words) {
    if (doc.name == word || doc.qualified_name == word) return 3;
    const std::string w = sdk::ascii_lower(word);
    if (name == w || qualified == w) tier = std::max(tier, 2);
    else if (!w.empty() && name.rfind(w, 0) == 0) tier = std::max(tier, 1);
  }
  return tier;
}

}  // namespace

std::vector<RankedHit> rerank(std::vector<sdk::SearchHit> hits, const sdk::SearchQuery& query, std::size_t limit) {
  std::vector<RankedHit> ranked;
  ranked.reserve(hits.size());
  for (auto& hit : hits) {
    int tier = name_tier(hit.document, query.words);
    ranked.push_back({std::move(hit), tier});
  }
  // A chunk whose lines contain a symbol hit of the same file says nothing new.
  std::vector<RankedHit> kept;
  for (auto& candidate : ranked) {
    const auto& doc = candidate.hit.document;
    if (doc.kind == "chunk") {
      bool covered = std::any_of(ranked.begin(), ranked.end(), [&](const RankedHit& other) {
        const auto& o = other.hit.document;
        return o.kind != "chunk" && o.path == doc.path && o.line >= doc.line && o.line <= doc.end_line;
      });
      if (covered) continue;
    }
    kept.push_back(std::move(candidate));
  }
  std::stable_sort(kept.begin(), kept.end(), [](const RankedHit& a, const RankedHit& b) {
    if (a.tier != b.tier) return a.tier > b.tier;
    bool a_chunk = a.hit.document.kind == "chunk", b_chunk = b.hit.document.kind == "chunk";
    if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
    if (a_chunk != b_chunk) return !a_chunk;
    if (a.hit.document.path != b.hit.document.path) return a.hit.document.path < b.hit.document.path;
    return a.hit.document.line < b.hit.document.line;
  });
  if (kept.size() > limit) kept.resize(limit);
  return kept;
}

}  // namespace ax::query
