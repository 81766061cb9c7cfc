// Keeps a repository's search index usable for every process at once. The index is derived from the
// store, so one that is behind it, missing or damaged is rebuilt from it — but only by a process that
// can take the index's single write lock without waiting. Readers that cannot (an `ax index` is
// running) answer from what the index holds and say so in one line; they never wait or fail for it.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <ax/sdk/storage.hpp>

namespace ax::kernel {

// How hard to look for damage when opening: `thorough` reads the whole index (ax index, ax status);
// `on_error` relies on reads reporting it (queries, which must stay fast).
enum class SearchCheck { on_error, thorough };

class SearchGuard final : public sdk::SearchIndex {
 public:
  struct Hooks {
    // Opens the plugin's index afresh (after its directory was removed).
    std::function<std::unique_ptr<sdk::SearchIndex>()> open;
    // Removes the index's directory: the last resort for an index that cannot even be emptied.
    std::function<void()> remove_directory;
    // Puts every file of the store into an emptied index (without committing); returns the file count.
    std::function<std::size_t(sdk::SearchIndex&)> fill;
    std::function<void(const std::string&)> notice;
  };

  SearchGuard(sdk::SymbolStore& store, Hooks hooks);

  // Brings the index in step with the store where this process may write it.
  void open(SearchCheck check);
  // Looks for damage thoroughly and repairs it where possible; the damage left, nullopt when sound.
  std::optional<std::string> verify();

  // sdk::SearchIndex: changes pass through; a search that meets damage repairs the index and retries.
  std::uint64_t generation() override { return index_->generation(); }
  void put_file(std::string_view path, const std::vector<sdk::SearchDocument>& documents) override {
    index_->put_file(path, documents);
  }
  void remove_file(std::string_view path) override { index_->remove_file(path); }
  void remove_all() override { index_->remove_all(); }
  void commit(std::uint64_t generation) override { index_->commit(generation); }
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery& query) override;

 private:
  // Rebuilds the index from the store, saying why; false when another process is writing it.
  bool rebuild(const std::string& why, bool damaged);
  // Empties the index to start a rebuild; false when another process holds the write lock.
  bool start_rebuild(bool damaged);
  void reopen();

  sdk::SymbolStore& store_;
  Hooks hooks_;
  std::unique_ptr<sdk::SearchIndex> index_;
  sdk::SearchIndexMaintenance* maintenance_ = nullptr;  // nullptr for plugins of SDK 1.0
};

}  // namespace ax::kernel
