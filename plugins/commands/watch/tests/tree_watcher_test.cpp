// TreeWatcher driven by a scripted event source on a fake clock: debouncing (quick for a lone save),
// the longest delay, an editor's atomic save, storms and overflows turned into scans, the watch
// limit and polling, flushes.
#include <catch2/catch.hpp>

#include <deque>

#include <ax/sdk/host.hpp>
#include <ax/watch/tree_watcher.hpp>

namespace {
using namespace std::chrono_literals;
using ax::index::ChangeKind;
using ax::watch::Clock;
using ax::watch::SourceEvent;

struct FakeClock {
  Clock::time_point now{};
  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - Clock::time_point{});
  }
};

SourceEvent change(ChangeKind kind, std::string path, bool directory = false) {
  return {SourceEvent::Type::change, kind, std::move(path), directory, {}};
}

// Delivers each step's events at its time; the clock moves as waits end.
class ScriptedSource final : public ax::watch::EventSource {
 public:
  struct Step {
    std::chrono::milliseconds at;
    std::vector<SourceEvent> events;
  };
  ScriptedSource(FakeClock& clock, std::deque<Step> script) : clock_(clock), script_(std::move(script)) {}

  std::vector<SourceEvent> wait(std::chrono::milliseconds timeout, std::stop_token) override {
    REQUIRE(++waits_ < 100'000);  // a watcher that spins fails the test rather than hanging it
    const Clock::time_point wake = clock_.now + timeout;
    if (!script_.empty() && Clock::time_point{} + script_.front().at <= wake) {
      clock_.now = std::max(clock_.now, Clock::time_point{} + script_.front().at);
      auto events = std::move(script_.front().events);
      script_.pop_front();
      return events;
    }
    clock_.now = wake;
    return {};
  }
  std::size_t watched_directories() const override { return 1; }

 private:
  FakeClock& clock_;
  std::deque<Step> script_;
  std::size_t waits_ = 0;
};

// Options with the debounce alone deciding (no quicker batch for a few paths).
ax::watch::WatchOptions plain_debounce() {
  ax::watch::WatchOptions options;
  options.quick_max_paths = 0;
  return options;
}

ax::watch::TreeWatcher watcher(FakeClock& clock, std::deque<ScriptedSource::Step> script,
                               ax::watch::WatchOptions options = {}) {
  options.now = [&clock] { return clock.now; };
  return ax::watch::TreeWatcher(std::make_unique<ScriptedSource>(clock, std::move(script)), std::move(options));
}

}  // namespace

TEST_CASE("tree watcher: a batch is due once the tree was quiet for the debounce time") {
  FakeClock clock;
  auto w = watcher(clock,
                   {{0ms, {change(ChangeKind::created, "a.go")}},
                    {100ms, {change(ChangeKind::modified, "a.go")}},
                    {250ms, {change(ChangeKind::modified, "b.go")}},
                    {900ms, {change(ChangeKind::removed, "c.go")}}},
                   plain_debounce());
  const auto batch = w.next_batch({});
  CHECK(clock.elapsed() == 550ms);  // 300 ms after the last event
  REQUIRE(batch.size() == 2);
  CHECK(batch.entries().at("a.go").kind == ChangeKind::created);
  CHECK(batch.entries().at("b.go").kind == ChangeKind::modified);
  CHECK_FALSE(batch.full_scan());
  const auto next = w.next_batch({});
  CHECK(clock.elapsed() == 1200ms);
  REQUIRE(next.size() == 1);
  CHECK(next.entries().at("c.go").kind == ChangeKind::removed);
}

TEST_CASE("tree watcher: a tree that never goes quiet still gets a batch after the longest delay") {
  FakeClock clock;
  std::deque<ScriptedSource::Step> script;
  for (int i = 0; i < 50; ++i)
    script.push_back({std::chrono::milliseconds(i * 100), {change(ChangeKind::modified, "busy.log.go")}});
  ax::watch::WatchOptions options = plain_debounce();
  options.max_delay = 2000ms;
  auto w = watcher(clock, std::move(script), options);
  const auto batch = w.next_batch({});
  CHECK(clock.elapsed() == 2000ms);
  CHECK(batch.size() == 1);
}

TEST_CASE("tree watcher: an editor's atomic save lands in one batch as one change of the file") {
  FakeClock clock;
  // vim-like: write a temp file, rename it over the original; the events arrive over a few ms.
  auto w = watcher(clock, {{0ms, {change(ChangeKind::created, "src/.main.go.swp")}},
                           {1ms, {change(ChangeKind::modified, "src/.main.go.swp")}},
                           {2ms,
                            {change(ChangeKind::removed, "src/.main.go.swp"),  // moved from
                             change(ChangeKind::created, "src/main.go")}}});   // moved to
  const auto batch = w.next_batch({});
  REQUIRE(batch.size() == 2);
  CHECK(batch.entries().at("src/main.go").kind == ChangeKind::created);       // update_paths finds it stored: modified
  CHECK(batch.entries().at("src/.main.go.swp").kind == ChangeKind::removed);  // never stored: nothing to do
}

TEST_CASE("tree watcher: more paths than max_batch, or an overflow, is a scan of the whole tree") {
  FakeClock clock;
  std::vector<SourceEvent> storm;
  for (int i = 0; i < 1001; ++i) {
    std::string name = "f";  // appended: GCC 12 misreads "f" + std::to_string(i) (-Wrestrict)
    name += std::to_string(i);
    storm.push_back(change(ChangeKind::modified, name));
  }
  std::vector<SourceEvent> just_under(storm.begin(), storm.end() - 1);
  auto w = watcher(clock,
                   {{0ms, storm}, {1000ms, just_under}, {2000ms, {{SourceEvent::Type::overflow, {}, {}, false, {}}}}});
  const auto first = w.next_batch({});
  CHECK(first.full_scan());
  CHECK(first.size() == 0);
  const auto second = w.next_batch({});
  CHECK_FALSE(second.full_scan());
  CHECK(second.size() == 1000);
  const auto third = w.next_batch({});
  CHECK(third.full_scan());
}

TEST_CASE("tree watcher: past the watch limit, one notice and a scan every poll interval") {
  FakeClock clock;
  ax::watch::WatchOptions options = plain_debounce();
  options.poll_interval = 2000ms;
  auto w = watcher(clock,
                   {{0ms, {{SourceEvent::Type::limit_reached, {}, {}, false, "the inotify watch limit is reached"}}},
                    {500ms, {change(ChangeKind::modified, "watched.go")}}},
                   options);
  const auto batch = w.next_batch({});
  CHECK(w.polling());
  CHECK(batch.size() == 1);  // events of the watched part still come
  CHECK(clock.elapsed() == 800ms);
  const auto notices = w.take_notices();
  REQUIRE(notices.size() == 1);
  CHECK(notices[0] == "the inotify watch limit is reached");
  CHECK(w.take_notices().empty());
  const auto poll = w.next_batch({});
  CHECK(poll.full_scan());
  CHECK(clock.elapsed() == 2000ms);
  CHECK(w.next_batch({}).full_scan());
  CHECK(clock.elapsed() == 4000ms);
}

TEST_CASE("tree watcher: quiet until a deadline returns an empty batch; stop returns at once") {
  FakeClock clock;
  auto w = watcher(clock, {});
  const auto quiet = w.next_batch({}, Clock::time_point{} + 2000ms);
  CHECK(quiet.empty());
  CHECK(clock.elapsed() == 2000ms);
  std::stop_source stop;
  stop.request_stop();
  CHECK(w.next_batch(stop.get_token()).empty());
}

TEST_CASE("tree watcher: the root going away is a user error") {
  FakeClock clock;
  auto w =
      watcher(clock, {{10ms, {{SourceEvent::Type::root_gone, {}, {}, true, "the watched directory /x was removed"}}}});
  CHECK_THROWS_AS(w.next_batch({}), ax::sdk::UserError);
}

TEST_CASE("tree watcher: a lone save is due after the quick debounce, a burst after the debounce") {
  FakeClock clock;
  std::vector<SourceEvent> burst;
  for (int i = 0; i < 9; ++i) {
    std::string name = "burst";  // appended, as above
    name += std::to_string(i);
    burst.push_back(change(ChangeKind::modified, name));
  }
  auto w = watcher(clock, {{0ms, {change(ChangeKind::modified, "saved.go")}},
                           {1000ms, {change(ChangeKind::modified, "first.go")}},
                           {1010ms, burst}});
  const auto lone = w.next_batch({});
  CHECK(clock.elapsed() == 30ms);
  CHECK(lone.size() == 1);
  const auto storm = w.next_batch({});
  CHECK(clock.elapsed() == 1310ms);  // 10 paths: past quick_max_paths, so the full 300 ms after the last event
  CHECK(storm.size() == 10);
}

TEST_CASE("tree watcher: a flush returns what the system queued before it at once") {
  FakeClock clock;
  auto w = watcher(
      clock, {{0ms, {change(ChangeKind::modified, "queued.go")}}, {100ms, {change(ChangeKind::modified, "later.go")}}});
  const std::uint64_t ticket = w.request_flush();
  CHECK(w.flushed_through() < ticket);
  const auto flushed = w.next_batch({});
  CHECK(clock.elapsed() == 0ms);  // no debounce
  REQUIRE(flushed.size() == 1);
  CHECK(flushed.entries().contains("queued.go"));
  CHECK(w.flushed_through() == ticket);
  // Without a request, batches are debounced again.
  const auto next = w.next_batch({});
  CHECK(next.entries().contains("later.go"));
  CHECK(clock.elapsed() == 130ms);
  // A flush with nothing queued returns an empty batch at once, and still counts as done.
  const std::uint64_t second = w.request_flush();
  CHECK(w.next_batch({}).empty());
  CHECK(w.flushed_through() == second);
}
