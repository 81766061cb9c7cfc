// Watching a repository's tree: file system events (inotify) batched into index::ChangeSets that
// update_paths applies. Debounced (a batch is due once the tree has been quiet for a while), merged
// per path (an editor's write-temp-then-rename save ends as one change of the file), and turned into
// a scan of the whole tree when too much changed at once (a branch switch, an event queue overflow).
// Past the watch limit, the tree is polled: a scan every poll interval.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <ax/index/pipeline.hpp>

namespace ax::watch {

using Clock = std::chrono::steady_clock;

// What an event source reports.
struct SourceEvent {
  enum class Type {
    change,         // `path` (repository-relative) was created, modified or removed
    overflow,       // events were lost: only a scan can tell what changed
    limit_reached,  // some directories cannot be watched; `message` says why, in one line
    root_gone,      // the watched root was removed or moved away; `message` says so
  };
  Type type = Type::change;
  index::ChangeKind kind = index::ChangeKind::modified;
  std::string path;
  bool directory = false;
  std::string message;
};

// Where events come from: inotify (make_inotify_source), or a script in tests.
class EventSource {
 public:
  virtual ~EventSource() = default;
  // Waits until events arrive, `timeout` passes or `stop` is requested; returns what arrived.
  virtual std::vector<SourceEvent> wait(std::chrono::milliseconds timeout, std::stop_token stop) = 0;
  virtual std::size_t watched_directories() const = 0;
  // Ends a wait under way at once (from another thread); the next wait returns at once if none is.
  virtual void wake() {}
};

struct WatchOptions {
  std::chrono::milliseconds debounce{300};  // a batch is due once no event came for this long
  // ... or this long, while the batch names at most quick_max_paths paths: a lone save (an editor's
  // few events within a millisecond or two) is applied at once, a burst waits for the debounce
  std::chrono::milliseconds quick_debounce{30};
  std::size_t quick_max_paths = 8;
  std::chrono::milliseconds max_delay{2000};      // ... or this long after its first event, however busy the tree
  std::size_t max_batch = 1000;                   // a batch of more paths than this is a scan of the whole tree
  std::chrono::milliseconds poll_interval{2000};  // between scans, once the watch limit is reached
  std::size_t max_directories = 0;                // directories watched at most; 0: as many as the system allows
  bool follow_symlinks = false;                   // index.follow_symlinks: whether ignore rules see through links
  std::function<Clock::time_point()> now = [] { return Clock::now(); };  // tests drive the time
};

// The options the watch.* configuration keys set (debounce, largest batch, polling interval, most
// directories), with follow_symlinks as index.follow_symlinks has it: ax watch and ax serve alike.
WatchOptions watch_options_from_config(const sdk::Host& host);

// inotify on every directory below `root` that the index walk would enter (ignore rules honoured,
// .git/ and .ax/ never), and on new ones as they appear. Throws sdk::UserError when inotify is
// unavailable. Reaching the system's watch limit (ENOSPC: fs.inotify.max_user_watches) or
// WatchOptions::max_directories is reported as a limit_reached event, once.
std::unique_ptr<EventSource> make_inotify_source(const std::filesystem::path& root, const WatchOptions& options);

class TreeWatcher {
 public:
  TreeWatcher(std::unique_ptr<EventSource> source, WatchOptions options);

  // Blocks until a batch of changes is due and returns it; an empty ChangeSet once `stop` is
  // requested, or at `quiet_until` when no change came by then. Throws sdk::UserError when the
  // root went away. A flush request ends the wait at once: the batch returned (perhaps empty) then
  // holds every event the system had queued when the request was made.
  index::ChangeSet next_batch(std::stop_token stop, std::optional<Clock::time_point> quiet_until = std::nullopt);

  // Thread-safe: asks the thread in next_batch to return what it holds now, without the debounce.
  // Returns a ticket: once flushed_through() reaches it, the batches next_batch returned hold every
  // change made before the request (read-your-writes for ax serve's queries).
  std::uint64_t request_flush();
  // The last ticket whose events are in a batch already returned (read on next_batch's thread).
  std::uint64_t flushed_through() const { return flushed_through_; }

  // Whether the tree is also polled (the watch limit was reached).
  bool polling() const { return polling_; }
  // Lines the user should read (the watch limit reached), each returned once.
  std::vector<std::string> take_notices();
  std::size_t watched_directories() const { return source_->watched_directories(); }

 private:
  std::unique_ptr<EventSource> source_;
  WatchOptions options_;
  bool polling_ = false;
  Clock::time_point next_poll_{};
  std::vector<std::string> notices_;
  std::atomic<std::uint64_t> flush_requests_{0};
  std::uint64_t flushed_through_ = 0;
};

}  // namespace ax::watch
