#include "query_engine.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include <ax/sdk/text.hpp>

#include "query_parser.hpp"

namespace ax::query {

namespace {

namespace fs = std::filesystem;

// BM25 candidates ranked per result shown: enough for an answer at rank 50 of the index to reach
// the top 10, few enough to stay fast.
constexpr std::size_t kCandidatesPerResult = 5;
constexpr std::size_t kMinCandidates = 50;
// Text chunks read to credit their definitions (natural-language and mixed queries).
constexpr std::size_t kChunksRead = 24;

sdk::SearchDocument document_of(const sdk::StoredSymbol& stored) {
  sdk::SearchDocument d;
  d.symbol_id = stored.id;
  d.path = stored.path;
  d.language = stored.language;
  d.kind = std::string(sdk::to_string(stored.symbol.kind));
  d.name = stored.symbol.name;
  d.qualified_name = stored.symbol.qualified_name;
  d.signature = stored.symbol.signature;
  d.doc = stored.symbol.doc;
  d.line = stored.symbol.span.start_line;
  d.end_line = stored.symbol.span.end_line;
  return d;
}

bool passes(const sdk::SearchFilter& filter, const std::string& value) {
  const auto has = [&](const std::vector<std::string>& values) {
    return std::find(values.begin(), values.end(), value) != values.end();
  };
  return (filter.include.empty() || has(filter.include)) && !has(filter.exclude);
}

// A query word found in a line's words: the same word, or one a prefix of the other when both are
// long enough to mean it ("parse" in "parsed", "config" in "configuration").
bool mentions(const std::vector<std::string>& line_words, const std::string& word) {
  return std::any_of(line_words.begin(), line_words.end(), [&](const std::string& token) {
    if (token == word) return true;
    const auto& [shorter, longer] = token.size() < word.size() ? std::tie(token, word) : std::tie(word, token);
    return shorter.size() >= 4 && longer.compare(0, shorter.size(), shorter) == 0;
  });
}

// Which definitions a chunk's query words sit in: each line's words go to the innermost definition
// holding the line; a definition's share is its part of all the chunk's matched words.
std::vector<BodyEvidence> body_evidence(sdk::Repository& repository, const std::vector<sdk::SearchHit>& hits,
                                        const QueryAnalysis& query) {
  std::vector<BodyEvidence> evidence;
  if (query.content_words.empty()) return evidence;
  std::map<std::string, std::vector<sdk::StoredSymbol>> definitions_of;
  std::size_t read = 0;
  for (std::size_t i = 0; i < hits.size() && read < kChunksRead; ++i) {
    const auto& chunk = hits[i].document;
    if (chunk.kind != "chunk") continue;
    ++read;
    auto [it, fresh] = definitions_of.try_emplace(chunk.path);
    if (fresh)
      for (auto& symbol : repository.store().file_symbols(chunk.path))
        if (is_definition_kind(sdk::to_string(symbol.symbol.kind))) it->second.push_back(std::move(symbol));
    const auto& definitions = it->second;
    if (definitions.empty()) continue;
    std::ifstream in(repository.root() / chunk.path, std::ios::binary);
    std::string line;
    std::map<std::size_t, std::pair<std::size_t, std::set<std::string>>> weight;  // definition -> words
    std::size_t total = 0;
    for (std::uint32_t number = 1; number <= chunk.end_line && std::getline(in, line); ++number) {
      if (number < chunk.line) continue;
      const auto line_words = identifier_words(line);
      std::vector<std::string> found;
      for (const auto& word : query.content_words)
        if (mentions(line_words, word)) found.push_back(word);
      if (found.empty()) continue;
      total += found.size();
      std::optional<std::size_t> innermost;
      for (std::size_t d = 0; d < definitions.size(); ++d) {
        const auto& span = definitions[d].symbol.span;
        if (span.start_line > number || span.end_line < number) continue;
        if (!innermost || span.end_line - span.start_line < definitions[*innermost].symbol.span.end_line -
                                                                definitions[*innermost].symbol.span.start_line)
          innermost = d;
      }
      if (!innermost) continue;
      auto& [count, words] = weight[*innermost];
      count += found.size();
      words.insert(found.begin(), found.end());
    }
    for (auto& [d, entry] : weight)
      evidence.push_back({i, document_of(definitions[d]), static_cast<double>(entry.first) / static_cast<double>(total),
                          std::vector<std::string>(entry.second.begin(), entry.second.end())});
  }
  return evidence;
}

// The prefixes of `length` letters a name may have when `typed` (lower-cased, as typed) holds one typo
// among its first length + 1 letters, the first letter taken as typed: every deletion, swap,
// replacement and insertion there. A typo further on leaves the prefix as typed.
std::set<std::string> typo_prefixes(const std::string& typed, std::size_t length) {
  static constexpr std::string_view kLetters = "abcdefghijklmnopqrstuvwxyz0123456789_";
  const std::string head = typed.substr(0, length + 1);
  std::set<std::string> prefixes;
  auto keep = [&](const std::string& candidate) {
    if (candidate.size() >= length) prefixes.insert(candidate.substr(0, length));
  };
  keep(head);
  for (std::size_t i = 1; i < head.size(); ++i) {
    keep(head.substr(0, i) + head.substr(i + 1));
    if (i + 1 < head.size()) keep(head.substr(0, i) + head[i + 1] + head[i] + head.substr(i + 2));
    for (char letter : kLetters) {
      keep(head.substr(0, i) + letter + head.substr(i + 1));
      keep(head.substr(0, i) + letter + head.substr(i));
    }
  }
  return prefixes;
}

// Symbols whose folded name is within typos_allowed() of the folded `typed` word. Each prefix (four
// to six letters, two fewer than typed) is a short scan of the store's name index, where a two-letter
// prefix could be thousands of names; a prefix that more names share than one scan reads is narrowed
// by a letter (its typo prefixes one letter longer) until the scans are complete, so a common prefix
// costs a few more short scans, never a missed name.
std::vector<sdk::StoredSymbol> near_names(sdk::SymbolStore& store, const std::string& typed) {
  constexpr std::size_t kScanned = 100;  // names read per scan
  const std::string wanted = folded(typed);
  const std::string lower = sdk::ascii_lower(typed);
  const std::size_t allowed = typos_allowed(wanted.size());
  const std::size_t longest = lower.size() + allowed;  // a longer prefix than any near name
  std::vector<sdk::StoredSymbol> near;
  std::set<std::uint64_t> seen;
  std::set<std::string> scanned;
  const std::size_t first = std::clamp<std::size_t>(typed.size(), 6, 8) - 2;
  const auto initial = typo_prefixes(lower, first);
  std::vector<std::string> pending(initial.begin(), initial.end());
  while (!pending.empty()) {
    const std::string prefix = std::move(pending.back());
    pending.pop_back();
    if (!scanned.insert(prefix).second) continue;
    auto found = store.find_symbols(prefix, sdk::NameMatch::prefix, kScanned + 1);
    if (found.size() > kScanned && prefix.size() < longest)
      for (const auto& narrower : typo_prefixes(lower, prefix.size() + 1)) {
        if (narrower.starts_with(prefix)) pending.push_back(narrower);
      }
    for (auto& stored : found) {
      const std::string name = folded(stored.symbol.name);
      if (name.size() + allowed < wanted.size() || name.size() > wanted.size() + allowed) continue;
      if (typo_distance(name, wanted) <= allowed && seen.insert(stored.id).second) near.push_back(std::move(stored));
    }
  }
  return near;
}

// Symbols sharing a name beyond which the lookup by name adds none: the text ranking's candidates
// hold enough of a name that common, and reading them all would cost more than the query.
constexpr std::size_t kMaxNamedLookedUp = 256;

struct NamedSymbols {
  std::vector<sdk::StoredSymbol> first;  // the first `limit` in location order
  bool common = false;                   // more than kMaxNamedLookedUp (and `limit`) carry the name
};

// The symbols named `name` (any case) to look up. The store lists a name's symbols in id order, and
// ids follow the history of the index (a re-indexed file gets new ones): when more share the name
// than are wanted, all of them are read and cut in location order, so that which ones make the cut
// is the same for every history that led to the same tree.
NamedSymbols named_symbols(sdk::SymbolStore& store, const std::string& name, std::size_t limit) {
  const std::size_t most = std::max(limit, kMaxNamedLookedUp);
  NamedSymbols named{store.find_symbols(name, sdk::NameMatch::case_insensitive, most + 1)};
  if (named.first.size() > most) return {{}, true};
  if (named.first.size() <= limit) return named;
  std::sort(named.first.begin(), named.first.end(), [](const sdk::StoredSymbol& a, const sdk::StoredSymbol& b) {
    return std::tie(a.path, a.symbol.span.start_line, a.symbol.span.start_column, a.symbol.name) <
           std::tie(b.path, b.symbol.span.start_line, b.symbol.span.start_column, b.symbol.name);
  });
  named.first.resize(limit);
  return named;
}

bool passes_path_filters(const sdk::SearchQuery& query) {
  return query.paths.include.empty() && query.paths.exclude.empty();
}

// Reciprocal-rank fusion of ax's ranking with the symbols nearest the query's vector: a hit's score
// is 1/(k + its ax rank) + weight/(k + its semantic rank), each term there when the ranking has it.
std::vector<RankedHit> fuse(sdk::Repository& repository, std::vector<RankedHit> ranked,
                            const std::vector<semantic::Neighbour>& nearest, const FindRequest& request) {
  const auto& query = request.query;
  std::map<std::uint64_t, std::size_t> at;  // symbol id -> index in ranked
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    ranked[i].fusion = Fusion{i + 1, ranked[i].hit.score, 0, 0};
    ranked[i].hit.score = 1.0 / (kFusionK + static_cast<double>(i + 1));
    if (ranked[i].hit.document.symbol_id != 0) at.emplace(ranked[i].hit.document.symbol_id, i);
  }
  // A file: filter is the text index's to apply; symbols the semantic side adds would escape it.
  const bool may_add = passes_path_filters(query);
  for (std::size_t s = 0; s < nearest.size(); ++s) {
    const double term = request.semantic_weight / (kFusionK + static_cast<double>(s + 1));
    if (auto it = at.find(nearest[s].symbol_id); it != at.end()) {
      auto& hit = ranked[it->second];
      hit.hit.score += term;
      hit.fusion->semantic_rank = s + 1;
      hit.fusion->cosine = nearest[s].cosine;
      continue;
    }
    if (!may_add) continue;
    auto stored = repository.store().symbol(nearest[s].symbol_id);  // absent when the vectors are stale
    if (!stored || !passes(query.languages, stored->language) ||
        !passes(query.kinds, std::string(sdk::to_string(stored->symbol.kind))))
      continue;
    RankedHit hit;
    hit.hit = {document_of(*stored), term};
    hit.fusion = Fusion{0, 0, s + 1, nearest[s].cosine};
    at.emplace(nearest[s].symbol_id, ranked.size());
    ranked.push_back(std::move(hit));
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const RankedHit& a, const RankedHit& b) { return a.hit.score > b.hit.score; });
  if (ranked.size() > request.limit) ranked.resize(request.limit);
  return ranked;
}

}  // namespace

void require_search_words(const sdk::SearchQuery& query) {
  const bool has_filters = !query.languages.include.empty() || !query.languages.exclude.empty() ||
                           !query.kinds.include.empty() || !query.kinds.exclude.empty() ||
                           !query.paths.include.empty() || !query.paths.exclude.empty();
  if (query.words.empty() && query.phrases.empty())
    throw sdk::UsageError(has_filters ? "the query has filters but nothing to search for"
                                      : "the query is empty; give words to search for");
}

FindResult find(sdk::Repository& repository, const FindRequest& request) {
  require_search_words(request.query);
  FindResult result;
  result.analysis = analyze(request.query);
  sdk::SearchQuery search = request.query;
  // In prose, "the", "of" and "if" find prose (licence headers, long comments) rather than code.
  if (request.rank.mode == RankMode::ax && result.analysis.intent != Intent::identifier &&
      !result.analysis.content_words.empty())
    std::erase_if(search.words, [](const std::string& word) {
      const auto parts = identifier_words(word);
      return parts.size() == 1 && is_stop_word(parts.front());
    });
  search.limit = request.rank.mode == RankMode::bm25 ? request.limit
                                                     : std::max(request.limit * kCandidatesPerResult, kMinCandidates);
  auto hits = repository.search().search(search);
  result.candidates = hits.size();
  std::vector<BodyEvidence> evidence;
  std::vector<sdk::SearchHit> looked_up;
  if (request.rank.mode == RankMode::ax) {
    const auto& analysis = result.analysis;
    // An identifier is looked up by name first: a definition the text ranking left out still comes.
    const auto& query = request.query;
    if (analysis.intent == Intent::identifier && query.words.size() == 1 && query.paths.include.empty() &&
        query.paths.exclude.empty()) {
      const double top = hits.empty() ? 1.0 : hits.front().score;
      std::set<std::uint64_t> present;
      for (const auto& hit : hits) present.insert(hit.document.symbol_id);
      const NamedSymbols named_in_store = named_symbols(repository.store(), query.words.front(), request.limit);
      for (const auto& stored : named_in_store.first) {
        if (present.contains(stored.id) || !passes(query.languages, stored.language) ||
            !passes(query.kinds, std::string(sdk::to_string(stored.symbol.kind))))
          continue;
        looked_up.push_back({document_of(stored), top});
        present.insert(stored.id);
      }
      // A name mistyped finds no term at all: names that start alike and are a typo away.
      const std::string wanted = folded(query.words.front());
      const auto is_named = [&](const sdk::SearchHit& hit) { return folded(hit.document.name) == wanted; };
      const bool named = named_in_store.common || std::any_of(hits.begin(), hits.end(), is_named) ||
                         std::any_of(looked_up.begin(), looked_up.end(), is_named);
      if (!named && typos_allowed(wanted.size()) > 0)
        for (auto& stored : near_names(repository.store(), query.words.front())) {
          if (present.contains(stored.id) || !passes(query.languages, stored.language) ||
              !passes(query.kinds, std::string(sdk::to_string(stored.symbol.kind))))
            continue;
          present.insert(stored.id);
          looked_up.push_back({document_of(stored), top});
        }
    }
    if (analysis.intent != Intent::identifier) evidence = body_evidence(repository, hits, analysis);
  }
  const bool semantic =
      request.semantic != nullptr && request.rank.mode == RankMode::ax && result.analysis.intent != Intent::identifier;
  const std::size_t depth = semantic ? std::max(request.limit, kFusionDepth) : request.limit;
  result.hits = rank(std::move(hits), evidence, result.analysis, request.rank, depth, std::move(looked_up));
  if (semantic) {
    // The content words: a stop word says nothing about which symbol is meant.
    std::string text;
    for (const auto& word : result.analysis.content_words) text += word + " ";
    const auto started = std::chrono::steady_clock::now();
    auto nearest = request.semantic->search(text, kFusionDepth);
    result.semantic_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::erase_if(nearest, [](const semantic::Neighbour& n) { return n.cosine < kMinCosine; });
    result.semantic_candidates = nearest.size();
    result.hits = fuse(repository, std::move(result.hits), nearest, request);
  }
  return result;
}

std::string last_component(const std::string& name) {
  std::size_t cut = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '.' || name[i] == '/' || name[i] == '#') cut = i + 1;
    if (name[i] == ':' && i + 1 < name.size() && name[i + 1] == ':') cut = i + 2;
  }
  return name.substr(cut);
}

namespace {

bool qualified_matches(const std::string& qualified, const std::string& wanted) {
  if (qualified == wanted) return true;
  if (qualified.size() <= wanted.size()) return false;
  if (qualified.compare(qualified.size() - wanted.size(), wanted.size(), wanted) != 0) return false;
  char before = qualified[qualified.size() - wanted.size() - 1];
  return before == '.' || before == ':' || before == '/';
}

}  // namespace

DefResult define(sdk::Repository& repository, const DefRequest& request) {
  const std::string& wanted = request.name;
  const std::string name = last_component(wanted);
  if (name.empty()) throw sdk::UsageError("ax def needs a name");
  const bool qualified = name != wanted;
  const auto& kind = request.kind;
  const auto& lang = request.language;
  auto& store = repository.store();

  auto accept = [&](const sdk::StoredSymbol& s) {
    if (kind && std::string(sdk::to_string(s.symbol.kind)) != *kind) return false;
    if (lang && s.language != *lang) return false;
    if (qualified && !qualified_matches(s.symbol.qualified_name, wanted)) return false;
    return true;
  };
  DefResult result;
  auto& found = result.symbols;
  constexpr std::size_t kScan = 5000;  // candidates examined before filtering
  // A name may itself hold separators (`editor.fontSize`, `@types/node`): the whole argument as a
  // name comes first, then its last component qualified by the rest.
  if (qualified) {
    for (auto& s : store.find_symbols(wanted, sdk::NameMatch::exact, kScan)) {
      bool wanted_kind =
          (!kind || std::string(sdk::to_string(s.symbol.kind)) == *kind) && (!lang || s.language == *lang);
      if (wanted_kind) found.push_back(std::move(s));
    }
    if (!found.empty()) result.match = "exact";
  }
  for (auto [match, label] :
       {std::pair{sdk::NameMatch::exact, "exact"}, std::pair{sdk::NameMatch::case_insensitive, "case-insensitive"},
        std::pair{sdk::NameMatch::prefix, "prefix"}}) {
    if (!found.empty()) break;
    for (auto& s : store.find_symbols(name, match, kScan))
      if (accept(s)) found.push_back(std::move(s));
    if (!found.empty()) result.match = label;
  }
  if (found.empty()) {
    // Fuzzy: names sharing words with NAME, within a small edit distance.
    sdk::SearchQuery query;
    query.words = identifier_words(name);
    query.words.push_back(name);
    query.kinds.exclude.push_back("chunk");
    if (lang) query.languages.include.push_back(*lang);
    if (kind) query.kinds.include.push_back(*kind);
    query.limit = 200;
    std::size_t allowed = std::max<std::size_t>(2, name.size() / 4);
    std::vector<std::pair<std::size_t, sdk::StoredSymbol>> near;
    std::set<std::uint64_t> seen;
    for (const auto& hit : repository.search().search(query)) {
      std::size_t d = sdk::edit_distance(hit.document.name, name, true);
      if (d > allowed || !seen.insert(hit.document.symbol_id).second) continue;
      if (auto s = store.symbol(hit.document.symbol_id); s && accept(*s)) near.emplace_back(d, std::move(*s));
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [_, s] : near) found.push_back(std::move(s));
    result.match = "fuzzy";
  }
  // The first `limit` in location order, equal locations in the order found (as a stable sort keeps
  // them): their indices are ordered, not the symbols, of which a common name has thousands.
  result.total = found.size();
  std::vector<std::size_t> order(found.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto before = [&](std::size_t a, std::size_t b) {
    const auto& x = found[a];
    const auto& y = found[b];
    if (x.path != y.path) return x.path < y.path;
    if (x.symbol.span.start_line != y.symbol.span.start_line)
      return x.symbol.span.start_line < y.symbol.span.start_line;
    return a < b;
  };
  const std::size_t kept = std::min(found.size(), request.limit);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(), before);
  std::vector<sdk::StoredSymbol> first;
  first.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i) first.push_back(std::move(found[order[i]]));
  found = std::move(first);
  return result;
}

}  // namespace ax::query
