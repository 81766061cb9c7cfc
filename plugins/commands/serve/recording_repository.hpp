// A Repository that answers from another one and records, for the query cache, which files and
// which words each read involved (the query's footprint).
#pragma once
#include <ax/sdk/graph.hpp>
#include <ax/sdk/host.hpp>

#include "query_cache.hpp"

namespace ax::serve {

class RecordingStore final : public sdk::SymbolStore,
                             public sdk::ImportGraphReader,
                             public sdk::FileReferenceReader,
                             public sdk::SymbolBatchReader {
 public:
  RecordingStore(sdk::SymbolStore& store, QueryFootprint& footprint) : store_(store), footprint_(footprint) {}

  std::uint32_t schema_version() override { return store_.schema_version(); }
  std::uint64_t generation() override { return store_.generation(); }
  std::vector<sdk::FileRecord> files() override;
  std::optional<sdk::FileRecord> file(std::string_view path) override;
  std::unique_ptr<sdk::StoreWriter> begin_write() override;
  std::vector<sdk::StoredSymbol> find_symbols(std::string_view name, sdk::NameMatch match, std::size_t limit) override;
  std::optional<sdk::StoredSymbol> symbol(std::uint64_t id) override;
  std::vector<sdk::StoredSymbol> file_symbols(std::string_view path) override;
  std::vector<sdk::StoredReference> find_references(std::string_view name, std::size_t limit) override;
  std::vector<sdk::StoredImport> file_imports(std::string_view path) override;
  void for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>& visit) override;
  sdk::StoreStats stats() override;

  bool graph_complete() override;
  std::vector<sdk::ImportEdge> imports_of(std::string_view from) override;
  std::vector<sdk::ImportEdge> importers_of(std::string_view to) override;
  void for_each_edge(const std::function<void(const sdk::ImportEdge&)>& visit) override;
  std::vector<sdk::StoredReference> file_references(std::string_view path) override;
  // The wrapped store's batch read when it has one, else symbol() per id; each found symbol's file recorded.
  std::vector<std::optional<sdk::StoredSymbol>> symbols(std::span<const std::uint64_t> ids) override;

 private:
  sdk::ImportGraphReader& graph();
  void record(std::string_view path) { footprint_.paths.emplace(path); }
  void record_name(std::string_view name, bool prefix);

  sdk::SymbolStore& store_;
  QueryFootprint& footprint_;
};

class RecordingSearch final : public sdk::SearchIndex {
 public:
  RecordingSearch(sdk::SearchIndex& search, QueryFootprint& footprint) : search_(search), footprint_(footprint) {}
  std::uint64_t generation() override { return search_.generation(); }
  void put_file(std::string_view, const std::vector<sdk::SearchDocument>&) override;
  void remove_file(std::string_view) override;
  void remove_all() override;
  void commit(std::uint64_t) override;
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery& query) override;

 private:
  sdk::SearchIndex& search_;
  QueryFootprint& footprint_;
};

// Reads only: a query has no business writing, and the server's index updates go elsewhere.
class RecordingRepository final : public sdk::Repository {
 public:
  RecordingRepository(sdk::Repository& repository, QueryFootprint& footprint)
      : repository_(repository), store_(repository.store(), footprint), search_(repository.search(), footprint) {}
  const std::filesystem::path& root() const override { return repository_.root(); }
  const std::filesystem::path& state_dir() const override { return repository_.state_dir(); }
  sdk::SymbolStore& store() override { return store_; }
  sdk::SearchIndex& search() override { return search_; }
  std::unique_ptr<sdk::IndexWriter> begin_write() override;
  std::optional<std::string> verify_search() override { return repository_.verify_search(); }

 private:
  sdk::Repository& repository_;
  RecordingStore store_;
  RecordingSearch search_;
};

}  // namespace ax::serve
