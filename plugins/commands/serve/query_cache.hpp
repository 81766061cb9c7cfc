// The server's query-result cache: least recently used first out, a time to live, a bound on the
// bytes the answers take, and invalidation by the files a re-index touched.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::serve {

// What a query read: the files its answer came from and the words it looked up, so that a change
// to a file can be checked against it. `global`: it read something every file takes part in (the
// whole file list, every symbol, the import graph), so any change may alter it.
struct QueryFootprint {
  std::set<std::string> paths;     // repository-relative
  std::set<std::string> terms;     // search terms and names (see text_terms): a file holding one could now match
  std::set<std::string> prefixes;  // name prefixes looked up: a file with a term starting so could now match
  std::set<std::string> names;     // other names (not one word): a file whose text holds one could now match
  bool global = false;
  // It prints scores, which every change to BM25's corpus statistics (the number of documents,
  // their average length) moves a little.
  bool scores = false;
};

// One answer as the command printed it.
struct CachedAnswer {
  std::string out;
  std::string err;
  int exit_code = 0;
  std::string error_kind;  // "", "usage", "user" or "store": rethrown by the client
  std::string error_message;
};

struct CacheCounters {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t evictions = 0;      // dropped to stay under the byte bound
  std::uint64_t expirations = 0;    // dropped at their time to live
  std::uint64_t invalidations = 0;  // dropped because a re-index touched what they depend on
};

// A changed file as the invalidation sees it: its path, the lower-cased text its names are looked
// for in, the search terms a query that could now answer differently looked up, and whether the
// corpus statistics moved.
struct ChangedFile {
  std::string path;
  std::string text;
  std::set<std::string> terms;
  bool statistics = true;
};

// A symbol or reference of a file as the store returns it: the names it is looked up by
// (lower-cased, one a line) and what else an answer shows of it, ids left out (re-indexing renews
// them; they order a lookup's matches, and a renewed one only moves to the end).
struct IndexedRecord {
  std::string names;
  std::string fields;
  auto operator<=>(const IndexedRecord&) const = default;
};

// What the index holds of one file, as far as a query can read it.
struct IndexedFile {
  std::vector<sdk::IndexedDocument> documents;  // its search documents
  std::vector<IndexedRecord> records;           // its symbols and references
};

// The search terms of a text: its words (letters, digits and '_') lower-cased, their camelCase/
// snake_case parts, and the English stems of both (doc comments are searched by stem).
std::set<std::string> text_terms(std::string_view text);

// ChangedFile from the text before and after a change: every word of either (when the index
// cannot tell what it holds of a file).
ChangedFile changed_file(std::string path, std::string_view before, std::string_view after);

// ChangedFile from what the index held of the file before and after a change: only the words whose
// documents changed (a term's occurrences, positions, or the length or fields of a document holding
// it), and the names of the symbols and references that changed. A change elsewhere in the file
// alters nothing a query of other words reads, beyond the corpus statistics.
ChangedFile changed_file(std::string path, const IndexedFile& before, const IndexedFile& after);

// True when `footprint` may depend on `file`: it read the file, a term or name it looked up is
// among what changed, or it prints scores and the corpus statistics moved.
bool depends_on(const QueryFootprint& footprint, const ChangedFile& file);

class QueryCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  QueryCache(
      std::size_t max_bytes, std::chrono::milliseconds ttl,
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  // The answer cached under `key`, counting a hit or a miss; expired entries count as misses.
  std::optional<CachedAnswer> get(const std::string& key);
  // Caches an answer (replacing one under the same key), evicting the least recently used entries
  // until it fits; an answer bigger than the whole bound is not kept.
  void put(const std::string& key, CachedAnswer answer, QueryFootprint footprint);
  // Drops every entry that depends on one of the files; returns how many.
  std::size_t invalidate(const std::vector<ChangedFile>& files);
  // Drops everything (a change the server did not make itself: it cannot say which files).
  std::size_t invalidate_all();

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }
  std::size_t max_bytes() const { return max_bytes_; }
  std::chrono::milliseconds ttl() const { return ttl_; }
  const CacheCounters& counters() const { return counters_; }

 private:
  struct Entry {
    std::string key;
    CachedAnswer answer;
    QueryFootprint footprint;
    std::chrono::steady_clock::time_point expires;
    std::size_t bytes = 0;
  };
  using Order = std::list<Entry>;  // most recently used first

  void erase(Order::iterator entry);

  std::size_t max_bytes_;
  std::chrono::milliseconds ttl_;
  Clock clock_;
  Order order_;
  std::unordered_map<std::string_view, Order::iterator> entries_;  // views into Entry::key
  std::size_t bytes_ = 0;
  CacheCounters counters_;
};

// The bytes an entry is accounted for: its texts, its footprint and a fixed overhead for the nodes.
std::size_t accounted_bytes(const std::string& key, const CachedAnswer& answer, const QueryFootprint& footprint);

}  // namespace ax::serve
