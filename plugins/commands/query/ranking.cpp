#include "ranking.hpp"

#include <algorithm>
#include <cctype>

namespace ax::query {

namespace {

// Letters and digits only, lower-cased: "parse_HTTP-request" and "ParseHttpRequest" compare equal.
std::string folded(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// How well a symbol's name answers the whole query: the query *is* its name (3: as written,
// 2: ignoring case and separators, so "plugin descriptor" names PluginDescriptor), the name is one
// of several query words or starts with the query (1), or neither (0).
int name_tier(const sdk::SearchDocument& doc, const std::vector<std::string>& words) {
  if (doc.kind == "chunk" || words.empty()) return 0;
  if (words.size() == 1 && (doc.name == words.front() || doc.qualified_name == words.front())) return 3;
  std::string whole;
  for (const auto& word : words) whole += folded(word);
  const std::string name = folded(doc.name);
  if (whole.empty()) return 0;
  if (name == whole || folded(doc.qualified_name) == whole) return 2;
  if (words.size() > 1)
    for (const auto& word : words)
      if (name == folded(word)) return 1;
  if (name.rfind(whole, 0) == 0) return 1;
  return 0;
}

// Among equally good matches, what a reader most often looks for: a type before its constructor,
// a function before a field, any definition before a stretch of text.
double kind_factor(std::string_view kind) {
  static constexpr std::pair<std::string_view, double> kFactors[] = {
      {"class", 1.15}, {"struct", 1.15},   {"interface", 1.15}, {"trait", 1.15}, {"enum", 1.1},
      {"module", 1.1}, {"type", 1.1},      {"function", 1.05},  {"method", 1.0}, {"constructor", 0.9},
      {"field", 0.95}, {"variable", 0.95}, {"key", 0.95},       {"chunk", 0.8},
  };
  for (const auto& [name, factor] : kFactors)
    if (name == kind) return factor;
  return 1.0;
}

}  // namespace

std::vector<RankedHit> rerank(std::vector<sdk::SearchHit> hits, const sdk::SearchQuery& query, std::size_t limit) {
  std::vector<RankedHit> ranked;
  ranked.reserve(hits.size());
  for (auto& hit : hits) {
    int tier = name_tier(hit.document, query.words);
    hit.score *= kind_factor(hit.document.kind);
    ranked.push_back({std::move(hit), tier});
  }
  // A chunk whose lines contain a symbol hit of the same file says nothing new. (Decided for all
  // hits before any is moved.)
  std::vector<bool> covered(ranked.size(), false);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& doc = ranked[i].hit.document;
    if (doc.kind != "chunk") continue;
    covered[i] = std::any_of(ranked.begin(), ranked.end(), [&](const RankedHit& other) {
      const auto& o = other.hit.document;
      return o.kind != "chunk" && o.path == doc.path && o.line >= doc.line && o.line <= doc.end_line;
    });
  }
  std::vector<RankedHit> kept;
  for (std::size_t i = 0; i < ranked.size(); ++i)
    if (!covered[i]) kept.push_back(std::move(ranked[i]));
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
