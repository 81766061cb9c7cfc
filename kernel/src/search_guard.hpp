// Keeps a repository's search index usable for every process at once. The index is derived from the
// store, so one that is behind it, missing or damaged is rebuilt from it — but only by a process that
// uses it (searches, reads its documents or writes it: a command that only reads the store never opens
// it, so never waits minutes on a rebuild), and only when it can take the index's single write lock
// without waiting. Readers that cannot (an `ax index` is
// running) answer from what the index holds and say so in one line; they never wait or fail for it.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>

#include <ax/sdk/caller_thread_writes.hpp>
#include <ax/sdk/storage.hpp>

namespace ax::kernel {

class SearchGuard final : public sdk::SearchIndex, public sdk::PreparingSearchIndex, public sdk::SearchDocumentReader {
 public:
  struct Hooks {
    // Opens the plugin's index afresh (after its directory was removed).
    std::function<std::unique_ptr<sdk::SearchIndex>()> open;
    // Removes the index's directory: the last resort for an index that cannot even be emptied.
    std::function<void()> remove_directory;
    // Puts every file of the store into an emptied index (without committing); returns the file count.
    std::function<std::size_t(sdk::SearchIndex&)> fill;
    std::function<void(const std::string&)> notice;
    // Set for processes that only read: claims the repository's writer lock (the one `ax index`
    // holds for its whole run) for the length of a rebuild; nullptr when another process holds it.
    // Without it the search index's own lock is the only check, and an index run could lose it to
    // a reader between two of its batches.
    std::function<std::shared_ptr<void>()> claim_writer;
    // Created when a process crashes reading the index (see fatal_signal.hpp): libxapian can follow a
    // garbage pointer in a damaged index, which no exception reports. The next open() rebuilds.
    std::filesystem::path crash_marker;
    // .ax/unsynced (unsynced_marker.hpp): found from another boot, open() rebuilds the index.
    std::filesystem::path unsynced_marker;
  };

  SearchGuard(sdk::SymbolStore& store, Hooks hooks);

  // Brings the index in step with the store where this process may write it. Damage is looked for
  // only as far as reading the generation goes: reads and writes that meet more of it repair it then.
  // Called by the first search, document read or change when not before (a writer calls it at once).
  void open();
  // open() unless done already.
  void open_once() {
    if (!brought_in_step_) open();
  }
  // Reads the whole index looking for damage (about 0.25 s per 20 MB) and repairs it where possible;
  // the damage left, nullopt when sound.
  std::optional<std::string> verify();

  // sdk::SearchIndex. A search that meets damage rebuilds the index and retries. A change that meets
  // damage stops the changes: commit() then rebuilds the whole index from the (committed) store.
  // The generation the index holds, as it is: reading it neither rebuilds nor repairs (ax status).
  std::uint64_t generation() override { return index_->generation(); }
  void put_file(std::string_view path, const std::vector<sdk::SearchDocument>& documents) override {
    open_once();
    change([&] { index_->put_file(path, documents); });
  }
  void remove_file(std::string_view path) override {
    open_once();
    change([&] { index_->remove_file(path); });
  }
  void remove_all() override {
    open_once();
    index_->remove_all();
  }
  void commit(std::uint64_t generation) override;
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery& query) override;

  // sdk::SearchDocumentReader: the plugin's answer; nullopt when it does not implement it.
  std::optional<std::vector<sdk::IndexedDocument>> file_documents(std::string_view path) override;

  // The plugin's sdk::DeferredSync, when it has one: can_defer_sync() tells; the others forward to it.
  bool can_defer_sync() const { return dynamic_cast<sdk::DeferredSync*>(index_.get()) != nullptr; }
  void defer_sync();
  void sync();
  // The plugin's sdk::CallerThreadWrites, when it has one; kept for an index reopened after a rebuild.
  void write_on_caller_thread();

  // Whether the index can prepare documents off the writer thread (sdk::PreparingSearchIndex).
  bool can_prepare() const;
  // sdk::PreparingSearchIndex, for an index that can (can_prepare); prepare_file may run on any thread
  // while the writer thread uses the guard, even while a rebuild reopens the index.
  std::unique_ptr<sdk::PreparedSearchFile> prepare_file(
      std::string_view path, const std::vector<sdk::SearchDocument>& documents) const override;
  void put_prepared_file(std::string_view path, std::unique_ptr<sdk::PreparedSearchFile> prepared,
                         const std::vector<std::uint64_t>& symbol_ids) override;

 private:
  // Rebuilds the index from the store, saying why; false when another process is writing it.
  bool rebuild(const std::string& why, bool damaged);
  // Empties the index to start a rebuild; false when another process holds the write lock.
  bool start_rebuild(bool damaged);
  void reopen();
  template <class Change>
  void change(Change&& apply) {
    if (damage_met_) return;  // commit() rebuilds everything from the store
    try {
      apply();
    } catch (const sdk::SearchIndexDamagedError& error) {
      damage_met_ = error.what();
    }
  }

  sdk::SymbolStore& store_;
  Hooks hooks_;
  std::unique_ptr<sdk::SearchIndex> index_;             // nullptr until first used
  bool brought_in_step_ = false;                        // open() has run
  sdk::SearchIndexMaintenance* maintenance_ = nullptr;  // nullptr for plugins of SDK 1.0
  sdk::PreparingSearchIndex* preparing_ = nullptr;      // nullptr for plugins before SDK 1.2
  // Held shared by prepare_file (other threads), exclusively while reopen() replaces index_.
  mutable std::shared_mutex index_replaced_;
  std::optional<std::string> damage_met_;  // by a change since the last commit
  bool writes_on_caller_ = false;          // write_on_caller_thread() was called
};

}  // namespace ax::kernel
