#include <ax/watch/tree_watcher.hpp>

#include <algorithm>
#include <optional>

#include <ax/sdk/host.hpp>
#include <ax/sdk/units.hpp>

namespace ax::watch {

namespace {

std::chrono::milliseconds until(Clock::time_point then, Clock::time_point now) {
  return then <= now ? std::chrono::milliseconds(0) : std::chrono::ceil<std::chrono::milliseconds>(then - now);
}

// With nothing pending and nothing to poll, a wait still wakes now and then (stop is seen at once anyway).
constexpr std::chrono::milliseconds kIdleWait{60'000};

}  // namespace

WatchOptions watch_options_from_config(const sdk::Host& host) {
  auto count = [&](std::string_view key, std::uint64_t fallback) {
    const auto value = host.config(key);
    return value ? sdk::parse_count(*value).value_or(fallback) : fallback;
  };
  WatchOptions options;
  options.debounce = std::chrono::milliseconds(count("watch.debounce_ms", 300));
  options.quick_debounce = std::chrono::milliseconds(count("watch.quick_debounce_ms", 30));
  options.max_delay = std::max(options.max_delay, options.debounce);
  options.max_batch = std::max<std::uint64_t>(1, count("watch.max_batch", 1000));
  options.poll_interval =
      std::chrono::milliseconds(std::max<std::uint64_t>(100, count("watch.poll_interval_ms", 2000)));
  options.max_directories = count("watch.max_directories", 0);
  options.follow_symlinks = host.config("index.follow_symlinks").value_or("false") == "true";
  return options;
}

TreeWatcher::TreeWatcher(std::unique_ptr<EventSource> source, WatchOptions options)
    : source_(std::move(source)), options_(std::move(options)) {}

std::vector<std::string> TreeWatcher::take_notices() { return std::exchange(notices_, {}); }

std::uint64_t TreeWatcher::request_flush() {
  const std::uint64_t ticket = ++flush_requests_;
  source_->wake();
  return ticket;
}

index::ChangeSet TreeWatcher::next_batch(std::stop_token stop, std::optional<Clock::time_point> quiet_until) {
  index::ChangeSet batch;
  std::optional<Clock::time_point> first, last;  // of the batch's events
  // When the batch is due: a small batch after a short quiet, a larger one after the debounce.
  const auto due = [&] {
    const bool small = !batch.full_scan() && batch.size() <= options_.quick_max_paths;
    const auto quiet = small ? std::min(options_.quick_debounce, options_.debounce) : options_.debounce;
    return std::min(*last + quiet, *first + options_.max_delay);
  };
  const auto take = [&](std::vector<SourceEvent> events) {
    if (events.empty()) return;  // a timeout or a wake: the batch's times stay
    const Clock::time_point arrived = options_.now();
    for (SourceEvent& event : events) {
      switch (event.type) {
        case SourceEvent::Type::change:
          batch.add(event.kind, std::move(event.path), event.directory);
          break;
        case SourceEvent::Type::overflow:
          batch.require_full_scan();
          break;
        case SourceEvent::Type::limit_reached:
          if (!polling_) {
            polling_ = true;
            next_poll_ = arrived + options_.poll_interval;
            notices_.push_back(std::move(event.message));
          }
          break;
        case SourceEvent::Type::root_gone:
          throw sdk::UserError(event.message);
      }
    }
    if (batch.empty()) return;  // e.g. only a limit reached
    if (!first) first = arrived;
    last = arrived;
  };
  for (;;) {
    if (stop.stop_requested()) return {};
    if (const std::uint64_t requested = flush_requests_.load(); requested != flushed_through_) {
      // Everything queued now is read: the writes before the request are in the queue already
      // (inotify queues an event within the writing system call).
      take(source_->wait(std::chrono::milliseconds(0), stop));
      flushed_through_ = requested;
      break;
    }
    const Clock::time_point now = options_.now();
    if (!batch.empty()) {
      if (now >= due()) break;
    } else if (polling_ && now >= next_poll_) {
      next_poll_ = now + options_.poll_interval;
      batch.require_full_scan();
      return batch;
    } else if (quiet_until && now >= *quiet_until) {
      return batch;  // empty: nothing came
    }
    std::chrono::milliseconds timeout = kIdleWait;
    if (!batch.empty()) {
      timeout = until(due(), now);
    } else {
      if (polling_) timeout = std::min(timeout, until(next_poll_, now));
      if (quiet_until) timeout = std::min(timeout, until(*quiet_until, now));
    }
    take(source_->wait(timeout, stop));
  }
  // A storm (a branch switch, a generated tree): one scan of the whole tree beats thousands of
  // single updates, and lists nothing it does not find changed.
  if (batch.size() > options_.max_batch) {
    batch.clear();
    batch.require_full_scan();
  }
  return batch;
}

}  // namespace ax::watch
