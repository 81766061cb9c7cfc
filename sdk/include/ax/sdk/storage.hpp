// Storage plugins. Two roles: the symbol store, the source of truth (LMDB), and the search index,
// derived from it and rebuildable (Xapian). A storage plugin provides one or both.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ax/sdk/model.hpp"
#include "ax/sdk/plugin.hpp"

namespace ax::sdk {

// Thrown by stores for anything the user must hear about: corrupt or newer-schema store, full disk.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoredSymbol {
  std::uint64_t id = 0;
  std::uint64_t parent_id = 0;  // 0 at top level
  std::string path;
  std::string language;
  Symbol symbol;  // symbol.parent is meaningless here; use parent_id
};

struct StoredReference {
  std::string path;
  Reference reference;  // reference.enclosing is meaningless here
  std::uint64_t enclosing_id = 0;
};

struct StoredImport {
  std::string path;
  Import import;
};

struct LanguageStats {
  std::uint64_t files = 0;
  std::uint64_t symbols = 0;
  std::uint64_t bytes = 0;
};

struct StoreStats {
  std::map<std::string, LanguageStats> languages;
  std::uint64_t files = 0;
  std::uint64_t symbols = 0;
  std::uint64_t imports = 0;
  std::uint64_t references = 0;
  std::uint64_t generation = 0;
  std::int64_t last_indexed_unix = 0;  // 0 = never
  std::uint32_t schema_version = 0;
  std::uint64_t size_bytes = 0;
};

enum class NameMatch { exact, case_insensitive, prefix };

// One write transaction. Destroying it without commit() discards everything it did.
class StoreWriter {
 public:
  virtual ~StoreWriter() = default;
  // Replaces everything known about record.path with this parse result. Returns the new symbol ids,
  // parallel to result.symbols.
  virtual std::vector<std::uint64_t> put_file(const FileRecord& record, const ParseResult& result) = 0;
  virtual void remove_file(std::string_view path) = 0;
  // Records a new size and mtime for a file whose content (hash) did not change; its symbols,
  // imports and references stay as they are. Unknown paths are ignored.
  virtual void touch_file(const FileRecord& record) = 0;
  // Makes the transaction durable and returns the store's new generation (incremented by one).
  virtual std::uint64_t commit() = 0;
};

class SymbolStore {
 public:
  virtual ~SymbolStore() = default;
  virtual std::uint32_t schema_version() = 0;
  virtual std::uint64_t generation() = 0;
  virtual std::vector<FileRecord> files() = 0;
  virtual std::optional<FileRecord> file(std::string_view path) = 0;
  virtual std::unique_ptr<StoreWriter> begin_write() = 0;
  // `limit` 0 means no limit (likewise for find_references).
  virtual std::vector<StoredSymbol> find_symbols(std::string_view name, NameMatch match, std::size_t limit) = 0;
  virtual std::optional<StoredSymbol> symbol(std::uint64_t id) = 0;
  virtual std::vector<StoredSymbol> file_symbols(std::string_view path) = 0;
  virtual std::vector<StoredReference> find_references(std::string_view name, std::size_t limit) = 0;
  virtual std::vector<StoredImport> file_imports(std::string_view path) = 0;
  // Visits every symbol, file by file; used to rebuild derived indexes.
  virtual void for_each_symbol(const std::function<void(const StoredSymbol&)>& visit) = 0;
  virtual StoreStats stats() = 0;
};

// A document of the search index: one per symbol, or one per text chunk (symbol_id 0).
struct SearchDocument {
  std::uint64_t symbol_id = 0;
  std::string path;
  std::string language;
  std::string kind;  // to_string(SymbolKind), or "chunk"
  std::string name;
  std::string qualified_name;
  std::string signature;
  std::string doc;
  std::string body;  // a chunk's source text: indexed, not returned by search (read the file)
  std::uint32_t line = 0;
  std::uint32_t end_line = 0;
};

struct SearchFilter {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

struct SearchQuery {
  std::vector<std::string> words;    // free words, OR-ed and ranked by BM25
  std::vector<std::string> phrases;  // quoted phrases, each required
  SearchFilter languages;            // lang:
  SearchFilter kinds;                // kind:
  SearchFilter paths;                // file: (substring or glob of the repository-relative path)
  std::size_t limit = 20;
  std::size_t offset = 0;
};

struct SearchHit {
  SearchDocument document;
  double score = 0;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // The store generation this index reflects; 0 when empty or unknown.
  virtual std::uint64_t generation() = 0;
  // Replaces all documents of `path`. Changes become visible at commit().
  virtual void put_file(std::string_view path, const std::vector<SearchDocument>& documents) = 0;
  virtual void remove_file(std::string_view path) = 0;
  // Empties the index at once (not at commit): meant for rebuilds, which then put every file and
  // commit the store's generation.
  virtual void remove_all() = 0;
  virtual void commit(std::uint64_t generation) = 0;
  // Ranked by BM25; with filters only (no words or phrases), every match in path and line order
  // with score 0. A query limit of 0 returns nothing.
  virtual std::vector<SearchHit> search(const SearchQuery& query) = 0;
};

// Thrown by a SearchIndex (SDK 1.1) when reading finds its data damaged: the kernel rebuilds it from
// the store and retries. Plugins of SDK 1.0 throw plain StoreError.
class SearchIndexDamagedError : public StoreError {
 public:
  using StoreError::StoreError;
};

// SDK 1.1: what a SearchIndex offers for being shared by several processes, found by dynamic_cast on
// the SearchIndex. Readers (ax find, def, status) never wait for the single writer: they repair an
// index only when no other process is writing it, and otherwise read what it holds.
class SearchIndexMaintenance {
 public:
  virtual ~SearchIndexMaintenance() = default;
  // remove_all() when no other process is writing the index; false at once, with nothing changed,
  // when one is. Either way it never waits.
  virtual bool try_remove_all() = 0;
  // Reads the whole index looking for damage (about as long as reading it: ~0.2 s for 20 MB); the
  // first problem found, or nullopt. A missing index is sound (empty).
  virtual std::optional<std::string> find_damage() = 0;
};

// SDK 1.2: a file's search documents analysed into the index's terms, ready to be added.
class PreparedSearchFile {
 public:
  virtual ~PreparedSearchFile() = default;
};

// SDK 1.2: a SearchIndex that can do the costly part of put_file (turning text into terms) on any
// thread, so that parser threads do it and the single writer only adds the result. Found by
// dynamic_cast on the SearchIndex.
class PreparingSearchIndex {
 public:
  virtual ~PreparingSearchIndex() = default;
  // Safe to call from several threads at once, beside the writer; reads no database. The documents'
  // symbol_id may still be unknown (0): put_prepared_file sets them.
  virtual std::unique_ptr<PreparedSearchFile> prepare_file(std::string_view path,
                                                           const std::vector<SearchDocument>& documents) const = 0;
  // put_file(path, documents) with the documents prepare_file(path, documents) of this index made,
  // where documents[i].symbol_id becomes symbol_ids[i] for every i < symbol_ids.size().
  virtual void put_prepared_file(std::string_view path, std::unique_ptr<PreparedSearchFile> prepared,
                                 const std::vector<std::uint64_t>& symbol_ids) = 0;
};

// SDK 1.3: what a search index holds for one file, so that a change to it can be compared term by
// term with what a query looked up (ax serve keeps an answer the change cannot alter). Found by
// dynamic_cast on the SearchIndex.
struct IndexedTerm {
  std::string term;               // as the index keeps it: distinct roles of one word (stem, exact name) differ
  std::string word;               // the lower-cased word or stem a query finds it by
  std::uint32_t occurrences = 0;  // within its document, as the ranking counts them
  std::uint64_t positions = 0;    // a hash of its positions in the document (phrases match by them)
};

struct IndexedDocument {
  std::uint64_t length = 0;        // as the ranking's length normalisation counts it
  std::uint64_t fingerprint = 0;   // a hash of what the index returns for the document (fields, lines)
  std::uint32_t line = 0;          // its first line: equal scores rank by path, then by it
  std::vector<IndexedTerm> terms;  // the free-text terms; the filter terms (path, language, kind) left out
};

class SearchDocumentReader {
 public:
  virtual ~SearchDocumentReader() = default;
  // The last commit's documents of `path` (none when it is not indexed), in no particular order;
  // nullopt when this index cannot tell (a wrapper around an index that does not implement it).
  virtual std::optional<std::vector<IndexedDocument>> file_documents(std::string_view path) = 0;
};

// An optional interface of a SymbolStore, a SearchIndex or a Repository (SDK 1.4): commits that skip
// flushing to disk, for a process committing often (ax watch, ax serve). Deferred commits stay
// atomic and survive the process crashing (the system's page cache holds them); an operating-system
// crash before sync() may lose them: a store then rolls back to an earlier commit, intact (the next
// incremental scan re-indexes what changed since), a search index may be damaged (rebuilt from the
// store). A Repository records the deferral on disk before the first such commit, so that an open
// after a restart of the machine runs that recovery.
class DeferredSync {
 public:
  virtual ~DeferredSync() = default;
  // Called before the first change: this object's later commits are not flushed to disk.
  virtual void defer_sync() = 0;
  // Flushes every commit made so far (by any process) to disk.
  virtual void sync() = 0;
};

class StoragePlugin : public Plugin {
 public:
  // Both return nullptr when this plugin does not play that role. `directory` is the plugin's own
  // directory under the repository's .ax/; it may not exist yet.
  virtual std::unique_ptr<SymbolStore> open_symbol_store(const std::filesystem::path& directory,
                                                         const std::filesystem::path& migrations) {
    (void)directory;
    (void)migrations;
    return nullptr;
  }
  virtual std::unique_ptr<SearchIndex> open_search_index(const std::filesystem::path& directory) {
    (void)directory;
    return nullptr;
  }
};

}  // namespace ax::sdk
