// The server's own `ax watch`: a thread that turns the tree's file system events into update_paths
// runs and tells the QueryService which files each touched, so that the cache forgets precisely
// what they can change. Queries go on meanwhile (LMDB readers are MVCC; the search index reopens at
// the last commit on each read), but each first waits for the changes made before it (sync): a
// query sent right after a save sees the save, however long the debounce.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include <ax/index/pipeline.hpp>
#include <ax/sdk/host.hpp>
#include <ax/watch/tree_watcher.hpp>

#include "server.hpp"

namespace ax::serve {

class IndexUpdater {
 public:
  // Starts watching `root` at once (throws sdk::UserError when inotify is unavailable), then brings
  // the index up to date with a scan on the updating thread, then applies each batch of changes.
  // `host_mutex` is held around what the thread asks of the host besides the pipeline.
  IndexUpdater(sdk::Host& host, std::filesystem::path root, QueryService& service, std::mutex& host_mutex);
  IndexUpdater(const IndexUpdater&) = delete;
  IndexUpdater& operator=(const IndexUpdater&) = delete;
  ~IndexUpdater();  // stops the thread at its next wait (an update under way is finished first)

  // Read-your-writes: returns once every change the system reported before the call is applied
  // (the batch in flight finished, the pending one applied without waiting for its debounce), or
  // after `limit`, or when the updating thread has stopped. Thread-safe.
  void sync(std::chrono::milliseconds limit);

 private:
  // Applies one batch holding the writer lock (waiting while an `ax index` holds it).
  void apply(const index::ChangeSet& batch, std::stop_token stop);
  // Flushes the batches' deferred commits to disk; false when another process holds the writer lock
  // (a failure is logged, not retried).
  bool sync_commits();
  // Tells sync's waiters that the changes up to `ticket` are applied (or that none ever will be).
  void applied(std::uint64_t ticket, bool stopped = false);

  sdk::Host& host_;
  std::filesystem::path root_;
  QueryService& service_;
  std::mutex& host_mutex_;
  index::IndexOptions options_;
  std::unique_ptr<watch::TreeWatcher> watcher_;
  std::mutex sync_mutex_;  // the two fields below
  std::condition_variable synced_;
  std::uint64_t applied_through_ = 0;  // TreeWatcher flush tickets
  bool stopped_ = false;
  std::jthread thread_;
};

// What the invalidation compares a query's footprint with, for a file the index knew: its symbols'
// names, qualified names, signatures and doc comments as the store holds them.
std::string indexed_text(sdk::SymbolStore& store, const std::string& path);

// What the index holds of `path` (its search documents, symbols and references); nullopt when the
// search index or the store cannot tell (then the invalidation compares texts).
std::optional<IndexedFile> indexed_file(sdk::Repository& repository, const std::string& path);

}  // namespace ax::serve
