#include "ranking.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <ax/sdk/host.hpp>
#include <ax/sdk/text.hpp>
#include <ax/sdk/units.hpp>

#include "query_parser.hpp"

namespace ax::query {

namespace {

using WordSet = std::set<std::string, std::less<>>;

WordSet words_of(std::string_view text) {
  auto parts = identifier_words(text);
  return WordSet(parts.begin(), parts.end());
}

std::size_t common(const WordSet& words, const std::vector<std::string>& query) {
  return static_cast<std::size_t>(
      std::count_if(query.begin(), query.end(), [&](const std::string& word) { return words.contains(word); }));
}

// Dice overlap of two word sets: 1 when they are the same words, 0.5 for one of two.
double overlap(const WordSet& words, const std::vector<std::string>& query) {
  if (words.empty() || query.empty()) return 0;
  return 2.0 * static_cast<double>(common(words, query)) / static_cast<double>(words.size() + query.size());
}

// The file's name without directories and extensions: "src/http_client.test.ts" -> "http_client".
std::string_view file_stem(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (auto dot = path.find('.'); dot != std::string_view::npos && dot > 0) path = path.substr(0, dot);
  return path;
}

void apply(RankedHit& ranked, std::string name, double value) {
  if (std::abs(value - 1.0) < 1e-9) return;
  ranked.factors.push_back({std::move(name), value});
}

std::string document_key(const sdk::SearchDocument& d) {
  if (d.symbol_id != 0) return "#" + std::to_string(d.symbol_id);
  return d.path + '\0' + std::to_string(d.line) + '\0' + d.kind + '\0' + d.name;
}

// The factors of one hit; the score is (bm25 + body) times their product.
void score(RankedHit& ranked, const WordSet& body_words, const QueryAnalysis& query, const RankFactors& f) {
  const auto& d = ranked.hit.document;
  const auto& words = query.content_words;
  const bool chunk = d.kind == "chunk";
  if (!chunk) {
    const std::string name = folded(d.name);
    if (!name.empty() && (name == query.folded || folded(d.qualified_name) == query.folded)) {
      apply(ranked, "exact-name", f.exact_name);
    } else if (query.intent == Intent::identifier && query.content_words.size() <= 1 &&
               typo_distance(name, query.folded) <= typos_allowed(query.folded.size()) &&
               typos_allowed(query.folded.size()) > 0) {
      apply(ranked, "near-name", f.near_name);
    } else {
      const double share = overlap(words_of(d.name), words);
      if (share > 0) apply(ranked, "name", 1 + (f.name - 1) * share * share);
    }
    if (!d.doc.empty() && !words.empty()) {
      const double share = static_cast<double>(common(words_of(d.doc), words)) / static_cast<double>(words.size());
      if (share > 0) apply(ranked, "docstring", 1 + (f.docstring - 1) * share);
    }
    if (is_definition_kind(d.kind)) apply(ranked, d.kind, f.kind);
  } else {
    apply(ranked, "chunk", f.chunk);
  }
  if (const double share = overlap(words_of(file_stem(d.path)), words); share > 0)
    apply(ranked, "path", 1 + (f.path - 1) * share);
  if (is_test_path(d.path)) apply(ranked, "test-file", f.test);
  if (!chunk && words.size() > 1) {
    // How much of the query this symbol accounts for, from its own text and its credited body lines:
    // a symbol named after one common word of a long query does not win on that word alone.
    WordSet own = words_of(d.qualified_name);
    for (const auto* field : {&d.signature, &d.doc, &d.path}) own.merge(words_of(*field));
    own.insert(body_words.begin(), body_words.end());
    const double share = static_cast<double>(common(own, words)) / static_cast<double>(words.size());
    apply(ranked, "coverage", std::pow(std::max(share, 0.1), f.coverage));
  }
  double product = 1;
  for (const auto& factor : ranked.factors) product *= factor.value;
  ranked.hit.score = (ranked.bm25 + ranked.body) * product;
}

RankedHit ranked_hit(sdk::SearchHit hit, double bm25) {
  RankedHit ranked;
  ranked.hit = std::move(hit);
  ranked.bm25 = bm25;
  return ranked;
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

}  // namespace

double RankedHit::product(std::initializer_list<std::string_view> names) const {
  double value = 1;
  for (const auto& factor : factors)
    if (std::find(names.begin(), names.end(), factor.name) != names.end()) value *= factor.value;
  return value;
}

RankConfig rank_config(const std::function<std::optional<std::string>(std::string_view)>& lookup) {
  RankConfig config;
  if (auto mode = lookup("rank.mode")) {
    if (*mode == "bm25")
      config.mode = RankMode::bm25;
    else if (*mode != "ax")
      throw sdk::UserError("rank.mode expects ax or bm25, not '" + *mode + "'");
  }
  auto& f = config.factors;
  const std::pair<std::string_view, double*> keys[] = {
      {"rank.exact_name", &f.exact_name},
      {"rank.name", &f.name},
      {"rank.docstring", &f.docstring},
      {"rank.kind", &f.kind},
      {"rank.path", &f.path},
      {"rank.test", &f.test},
      {"rank.chunk", &f.chunk},
      {"rank.coverage", &f.coverage},
  };
  for (const auto& [key, target] : keys) {
    auto value = lookup(key);
    if (!value) continue;
    auto parsed = sdk::parse_factor(*value);
    if (!parsed)
      throw sdk::UserError(std::string(key) + " expects a number from 0 to 100 like 1.5, not '" + *value + "'");
    *target = *parsed;
  }
  return config;
}

bool is_definition_kind(std::string_view kind) {
  // Not constructors: a reader looking for a type wants the type, which its constructor would tie.
  static constexpr std::array<std::string_view, 12> kKinds = {"function", "method", "class", "interface",
                                                              "trait",    "struct", "enum",  "union",
                                                              "type",     "module", "macro", "impl"};
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}

bool is_test_path(std::string_view path) {
  const std::string lower = sdk::ascii_lower(path);
  const std::string slashed = "/" + lower;
  for (std::string_view directory : {"/test/", "/tests/", "/__tests__/", "/testdata/", "/spec/"})
    if (slashed.find(directory) != std::string::npos) return true;
  std::string_view base = lower;
  if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  std::string_view original = path.substr(path.size() - base.size());
  if (base.starts_with("test_")) return true;
  for (std::string_view marker : {"_test.", ".test.", ".spec.", "_spec."})
    if (base.find(marker) != std::string_view::npos) return true;
  const auto dot = original.find('.');
  const std::string_view stem = original.substr(0, dot);
  return stem.size() > 4 && (stem.ends_with("Test") || stem.ends_with("Tests"));
}

std::vector<RankedHit> rank(std::vector<sdk::SearchHit> hits, const std::vector<BodyEvidence>& evidence,
                            const QueryAnalysis& query, const RankConfig& config, std::size_t limit,
                            std::vector<sdk::SearchHit> looked_up) {
  std::vector<RankedHit> ranked;
  ranked.reserve(hits.size());
  if (config.mode == RankMode::bm25) {
    for (auto& hit : hits) {
      if (ranked.size() == limit) break;
      const double bm25 = hit.score;
      ranked.push_back(ranked_hit(std::move(hit), bm25));
    }
    return ranked;
  }
  // One hit per document: the same symbol reached twice keeps its best score.
  std::map<std::string, std::size_t> by_key;
  std::vector<WordSet> body_words;
  auto add = [&](sdk::SearchDocument document, double bm25) -> std::size_t {
    auto [it, fresh] = by_key.emplace(document_key(document), ranked.size());
    if (fresh) {
      ranked.push_back(ranked_hit(sdk::SearchHit{std::move(document), 0}, bm25));
      body_words.emplace_back();
    } else {
      ranked[it->second].bm25 = std::max(ranked[it->second].bm25, bm25);
    }
    return it->second;
  };
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (hits[i].document.kind == "chunk") continue;
    add(std::move(hits[i].document), hits[i].score);
  }
  for (auto& hit : looked_up) {
    const std::size_t fresh = ranked.size();
    if (add(std::move(hit.document), hit.score) == fresh) ranked.back().looked_up = true;
  }
  // Chunk BM25 credited to the definitions whose lines hold the query's words.
  std::vector<double> credited(hits.size(), 0);
  for (const auto& credit : evidence) {
    if (credit.chunk >= hits.size() || hits[credit.chunk].document.kind != "chunk") continue;
    const auto& chunk = hits[credit.chunk];
    const std::size_t at = add(credit.definition, 0);
    ranked[at].body += chunk.score * credit.share;
    ranked[at].folded.emplace_back(chunk.document.line, chunk.document.end_line);
    body_words[at].insert(credit.words.begin(), credit.words.end());
    credited[credit.chunk] += credit.share;
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    auto& chunk = hits[i];
    if (chunk.document.kind != "chunk") continue;
    // A chunk holding a symbol hit of the same file says nothing new: folded into that hit.
    auto holder = std::find_if(ranked.begin(), ranked.end(), [&](const RankedHit& other) {
      const auto& o = other.hit.document;
      return o.kind != "chunk" && o.path == chunk.document.path && o.line >= chunk.document.line &&
             o.line <= chunk.document.end_line;
    });
    const double left = 1 - credited[i];
    if (holder != ranked.end() || left < 0.5) {
      if (holder != ranked.end() && credited[i] == 0)
        holder->folded.emplace_back(chunk.document.line, chunk.document.end_line);
      continue;
    }
    add(std::move(chunk.document), chunk.score * left);
  }
  for (std::size_t i = 0; i < ranked.size(); ++i) score(ranked[i], body_words[i], query, config.factors);
  std::stable_sort(ranked.begin(), ranked.end(), [](const RankedHit& a, const RankedHit& b) {
    if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
    const bool a_chunk = a.hit.document.kind == "chunk", b_chunk = b.hit.document.kind == "chunk";
    if (a_chunk != b_chunk) return !a_chunk;
    if (a.hit.document.path != b.hit.document.path) return a.hit.document.path < b.hit.document.path;
    return a.hit.document.line < b.hit.document.line;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

std::string explain(const RankedHit& hit) {
  std::string text;
  if (hit.fusion) {
    const auto& f = *hit.fusion;
    char line[160];
    std::snprintf(line, sizeof line, "%.4f = rrf", hit.hit.score);
    text = line;
    if (f.ax_rank > 0) text += " ax #" + std::to_string(f.ax_rank);
    if (f.ax_rank > 0 && f.semantic_rank > 0) text += " +";
    if (f.semantic_rank > 0) {
      std::snprintf(line, sizeof line, " semantic #%zu (cosine %.2f)", f.semantic_rank, f.cosine);
      text += line;
    }
    if (f.ax_rank == 0) return text;
    text += "; ax " + number(f.ax_score) + " = ";
  } else {
    text = number(hit.hit.score) + " = ";
  }
  if (hit.body > 0 && hit.bm25 > 0)
    text += "(bm25 " + number(hit.bm25) + " + body " + number(hit.body) + ")";
  else if (hit.body > 0)
    text += "body " + number(hit.body);
  else
    text += (hit.looked_up ? "lookup " : "bm25 ") + number(hit.bm25);
  for (const auto& factor : hit.factors) text += " × " + factor.name + " " + number(factor.value);
  for (const auto& [first, last] : hit.folded)
    text += " [text " + std::to_string(first) + "-" + std::to_string(last) + " folded]";
  return text;
}

std::vector<FileGroup> group_by_file(std::vector<RankedHit> hits) {
  std::vector<FileGroup> groups;
  std::map<std::string, std::size_t, std::less<>> at;
  for (auto& hit : hits) {
    auto [it, fresh] = at.emplace(hit.hit.document.path, groups.size());
    if (fresh) groups.push_back({hit.hit.document.path, hit.hit.score, {}});
    auto& group = groups[it->second];
    group.score = std::max(group.score, hit.hit.score);
    group.hits.push_back(std::move(hit));
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const FileGroup& a, const FileGroup& b) { return a.score > b.score; });
  return groups;
}

}  // namespace ax::query
