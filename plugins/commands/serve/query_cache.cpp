#include "query_cache.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <tuple>

#include <xapian.h>

namespace ax::serve {

namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

// Adds a word, lower-cased, and its stem.
void add_term(std::set<std::string>& terms, Xapian::Stem& stem, std::string word) {
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word.empty()) return;
  terms.insert(stem(word));
  terms.insert(std::move(word));
}

}  // namespace

std::set<std::string> text_terms(std::string_view text) {
  Xapian::Stem stem("english");
  std::set<std::string> terms;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (start == i) break;
    const std::string_view word = text.substr(start, i - start);
    add_term(terms, stem, std::string(word));
    // Parts: split at '_', and at camelCase breaks (before an upper-case letter that follows a
    // lower-case one or a digit, and before the last capital of a run followed by lower case:
    // HTTPServer is HTTP Server).
    std::size_t part = 0;
    for (std::size_t j = 1; j <= word.size(); ++j) {
      const auto at = [&](std::size_t k) { return static_cast<unsigned char>(word[k]); };
      const bool end = j == word.size();
      const bool underscore = !end && word[j] == '_';
      const bool split =
          end || underscore ||
          (std::isupper(at(j)) && (std::islower(at(j - 1)) || std::isdigit(at(j - 1)) ||
                                   (j + 1 < word.size() && std::isupper(at(j - 1)) && std::islower(at(j + 1)))));
      if (!split) continue;
      if (part < j && (part != 0 || !end)) add_term(terms, stem, std::string(word.substr(part, j - part)));
      part = underscore ? j + 1 : j;
    }
  }
  return terms;
}

ChangedFile changed_file(std::string path, std::string_view before, std::string_view after) {
  ChangedFile file{std::move(path), {}, {}, true};
  file.text.reserve(before.size() + after.size() + 1);
  file.text.append(before).append("\n").append(after);
  file.terms = text_terms(file.text);
  for (auto& c : file.text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return file;
}

namespace {

// One occurrence of a term as a query's ranking sees it: its count and positions in a document,
// and that document's length, first line and fields.
struct TermUse {
  std::uint32_t occurrences;
  std::uint64_t positions;
  std::uint64_t length;
  std::uint32_t line;
  std::uint64_t fingerprint;
  auto operator<=>(const TermUse&) const = default;
};
struct TermUses {
  std::string word;
  std::vector<TermUse> uses;  // sorted: the documents' order is the index's own
};

std::map<std::string, TermUses> term_uses(const std::vector<sdk::IndexedDocument>& documents) {
  std::map<std::string, TermUses> terms;
  for (const auto& document : documents)
    for (const auto& term : document.terms) {
      auto& uses = terms[term.term];
      uses.word = term.word;
      uses.uses.push_back({term.occurrences, term.positions, document.length, document.line, document.fingerprint});
    }
  for (auto& [term, uses] : terms) std::sort(uses.uses.begin(), uses.uses.end());
  return terms;
}

// True when the term's documents are the same ones, at the same places, holding it as often and
// at the same positions, only some of them longer. BM25 weighs a term in a longer document less,
// so a document of the file no answer drew on cannot now outrank one it did (answers that drew on
// the file are dropped by its path; ones that print scores by the statistics).
bool only_lengthened(const TermUses& before, const TermUses& after) {
  if (before.uses.size() != after.uses.size()) return false;  // its document frequency changed
  using Place = std::tuple<std::uint32_t, std::uint64_t, std::uint32_t, std::uint64_t>;  // and length
  const auto places = [](const TermUses& uses) {
    std::vector<Place> result;
    for (const auto& use : uses.uses) result.emplace_back(use.occurrences, use.positions, use.line, use.length);
    std::sort(result.begin(), result.end());
    return result;
  };
  const auto old_places = places(before);
  const auto new_places = places(after);
  for (std::size_t i = 0; i < old_places.size(); ++i) {
    const auto& [occurrences, positions, line, length] = old_places[i];
    const auto& [new_occurrences, new_positions, new_line, new_length] = new_places[i];
    if (occurrences != new_occurrences || positions != new_positions || line != new_line || new_length < length)
      return false;
  }
  return true;
}

std::uint64_t total_length(const std::vector<sdk::IndexedDocument>& documents) {
  std::uint64_t length = 0;
  for (const auto& document : documents) length += document.length;
  return length;
}

}  // namespace

ChangedFile changed_file(std::string path, const IndexedFile& before, const IndexedFile& after) {
  ChangedFile file{std::move(path), {}, {}, false};
  file.statistics = before.documents.size() != after.documents.size() ||
                    total_length(before.documents) != total_length(after.documents);
  const auto old_terms = term_uses(before.documents);
  const auto new_terms = term_uses(after.documents);
  // The symmetric difference of the two: a term present on one side only, or used differently
  // (but not only in longer documents).
  for (const auto& [term, uses] : old_terms)
    if (auto found = new_terms.find(term);
        found == new_terms.end() || (found->second.uses != uses.uses && !only_lengthened(uses, found->second)))
      file.terms.insert(uses.word);
  for (const auto& [term, uses] : new_terms)
    if (!old_terms.contains(term)) file.terms.insert(uses.word);

  auto old_records = before.records;
  auto new_records = after.records;
  std::sort(old_records.begin(), old_records.end());
  std::sort(new_records.begin(), new_records.end());
  std::vector<IndexedRecord> changed;
  std::set_symmetric_difference(old_records.begin(), old_records.end(), new_records.begin(), new_records.end(),
                                std::back_inserter(changed));
  for (const auto& record : changed) {
    file.text.append(record.names).append("\n");
    std::size_t start = 0;
    while (start < record.names.size()) {
      const std::size_t end = std::min(record.names.find('\n', start), record.names.size());
      if (end > start) file.terms.insert(record.names.substr(start, end - start));
      start = end + 1;
    }
  }
  return file;
}

bool depends_on(const QueryFootprint& footprint, const ChangedFile& file) {
  if (footprint.global || footprint.paths.contains(file.path)) return true;
  if (footprint.scores && file.statistics) return true;
  for (const auto& term : footprint.terms)
    if (file.terms.contains(term)) return true;
  for (const auto& prefix : footprint.prefixes) {
    const auto next = file.terms.lower_bound(prefix);
    if (next != file.terms.end() && next->starts_with(prefix)) return true;
  }
  for (const auto& name : footprint.names)
    if (file.text.find(name) != std::string::npos) return true;
  return false;
}

std::size_t accounted_bytes(const std::string& key, const CachedAnswer& answer, const QueryFootprint& footprint) {
  constexpr std::size_t kEntryOverhead = 256;  // list and hash nodes, the entry's fixed fields
  constexpr std::size_t kSetNodeOverhead = 48;
  std::size_t bytes = kEntryOverhead + 2 * key.size() + answer.out.size() + answer.err.size() +
                      answer.error_kind.size() + answer.error_message.size();
  for (const auto& path : footprint.paths) bytes += path.size() + kSetNodeOverhead;
  for (const auto& term : footprint.terms) bytes += term.size() + kSetNodeOverhead;
  for (const auto& prefix : footprint.prefixes) bytes += prefix.size() + kSetNodeOverhead;
  for (const auto& name : footprint.names) bytes += name.size() + kSetNodeOverhead;
  return bytes;
}

QueryCache::QueryCache(std::size_t max_bytes, std::chrono::milliseconds ttl, Clock clock)
    : max_bytes_(max_bytes), ttl_(ttl), clock_(std::move(clock)) {}

void QueryCache::erase(Order::iterator entry) {
  bytes_ -= entry->bytes;
  entries_.erase(entry->key);
  order_.erase(entry);
}

std::optional<CachedAnswer> QueryCache::get(const std::string& key) {
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    ++counters_.misses;
    return std::nullopt;
  }
  auto entry = found->second;
  if (clock_() >= entry->expires) {
    erase(entry);
    ++counters_.expirations;
    ++counters_.misses;
    return std::nullopt;
  }
  order_.splice(order_.begin(), order_, entry);
  ++counters_.hits;
  return entry->answer;
}

void QueryCache::put(const std::string& key, CachedAnswer answer, QueryFootprint footprint) {
  if (auto found = entries_.find(key); found != entries_.end()) erase(found->second);
  const std::size_t bytes = accounted_bytes(key, answer, footprint);
  if (bytes > max_bytes_) return;
  while (bytes_ + bytes > max_bytes_ && !order_.empty()) {
    erase(std::prev(order_.end()));
    ++counters_.evictions;
  }
  order_.push_front(Entry{key, std::move(answer), std::move(footprint), clock_() + ttl_, bytes});
  entries_.emplace(order_.front().key, order_.begin());
  bytes_ += bytes;
}

std::size_t QueryCache::invalidate(const std::vector<ChangedFile>& files) {
  std::size_t dropped = 0;
  for (auto entry = order_.begin(); entry != order_.end();) {
    const auto next = std::next(entry);
    for (const auto& file : files)
      if (depends_on(entry->footprint, file)) {
        erase(entry);
        ++dropped;
        break;
      }
    entry = next;
  }
  counters_.invalidations += dropped;
  return dropped;
}

std::size_t QueryCache::invalidate_all() {
  const std::size_t dropped = order_.size();
  entries_.clear();
  order_.clear();
  bytes_ = 0;
  counters_.invalidations += dropped;
  return dropped;
}

}  // namespace ax::serve
