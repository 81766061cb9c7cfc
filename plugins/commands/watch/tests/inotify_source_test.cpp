// The inotify source on a real temporary tree: which directories it watches (ignore rules, .git/),
// the events of files and directories created, renamed and removed, and the watch limit.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <thread>

#include <ax/watch/tree_watcher.hpp>

namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ax::index::ChangeKind;
using ax::watch::SourceEvent;

struct TempTree {
  fs::path root;
  TempTree() {
    std::string pattern = (fs::temp_directory_path() / "ax-watch-test.XXXXXX").string();
    root = mkdtemp(pattern.data());
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path) << text;
  }
};

// Collects events until `done` says so, or 5 s pass.
std::vector<SourceEvent> collect(ax::watch::EventSource& source,
                                 const std::function<bool(const std::vector<SourceEvent>&)>& done) {
  std::vector<SourceEvent> events;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done(events) && std::chrono::steady_clock::now() < deadline) {
    auto more = source.wait(100ms, {});
    events.insert(events.end(), more.begin(), more.end());
  }
  return events;
}

bool has(const std::vector<SourceEvent>& events, ChangeKind kind, const std::string& path, bool directory = false) {
  for (const auto& e : events)
    if (e.type == SourceEvent::Type::change && e.kind == kind && e.path == path && e.directory == directory)
      return true;
  return false;
}

}  // namespace

TEST_CASE("inotify source: watches what the walk enters and reports files and directories") {
  TempTree tree;
  tree.write(".gitignore", "build/\n");
  tree.write("src/a.go", "package a\n");
  tree.write("build/out.go", "ignored\n");
  tree.write(".git/HEAD", "ref\n");
  auto source = ax::watch::make_inotify_source(tree.root, {});
  CHECK(source->watched_directories() == 2);  // the root and src/; not build/ nor .git/

  tree.write("src/b.go", "package a\n");
  auto events = collect(*source, [](const auto& e) { return has(e, ChangeKind::modified, "src/b.go"); });
  CHECK(has(events, ChangeKind::created, "src/b.go"));
  CHECK(has(events, ChangeKind::modified, "src/b.go"));

  fs::create_directories(tree.root / "pkg/deep");
  events = collect(*source, [](const auto& e) { return has(e, ChangeKind::created, "pkg", true); });
  CHECK(has(events, ChangeKind::created, "pkg", true));
  CHECK(source->watched_directories() == 4);  // pkg/ and pkg/deep/ as they appear
  tree.write("pkg/deep/c.go", "package deep\n");
  events = collect(*source, [](const auto& e) { return has(e, ChangeKind::modified, "pkg/deep/c.go"); });
  CHECK(has(events, ChangeKind::modified, "pkg/deep/c.go"));

  fs::rename(tree.root / "pkg", tree.root / "lib");
  events = collect(*source, [](const auto& e) { return has(e, ChangeKind::created, "lib", true); });
  CHECK(has(events, ChangeKind::removed, "pkg", true));
  CHECK(has(events, ChangeKind::created, "lib", true));
  tree.write("lib/deep/d.go", "package deep\n");  // watched under its new name
  events = collect(*source, [](const auto& e) { return has(e, ChangeKind::modified, "lib/deep/d.go"); });
  CHECK(has(events, ChangeKind::modified, "lib/deep/d.go"));

  fs::remove(tree.root / "src/a.go");
  tree.write("build/new.go", "ignored\n");
  tree.write(".git/index", "git's own\n");
  events = collect(*source, [](const auto& e) { return has(e, ChangeKind::removed, "src/a.go"); });
  CHECK(has(events, ChangeKind::removed, "src/a.go"));
  for (const auto& e : events) {
    CHECK_FALSE(e.path.starts_with("build/"));
    CHECK_FALSE(e.path.starts_with(".git"));
  }
}

TEST_CASE("inotify source: watch.max_directories reached is one limit_reached event naming it") {
  TempTree tree;
  tree.write("a/x.go", "x");
  tree.write("b/y.go", "y");
  ax::watch::WatchOptions options;
  options.max_directories = 2;
  auto source = ax::watch::make_inotify_source(tree.root, options);
  CHECK(source->watched_directories() == 2);
  auto events = source->wait(0ms, {});
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == SourceEvent::Type::limit_reached);
  CHECK(events[0].message.find("watch.max_directories") != std::string::npos);
}

TEST_CASE("inotify source: the root removed is reported; a stop request ends a wait at once") {
  TempTree tree;
  fs::create_directories(tree.root / "repo");
  auto source = ax::watch::make_inotify_source(tree.root / "repo", {});
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(50ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  source->wait(10s, stop.get_token());
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  fs::remove_all(tree.root / "repo");
  auto events =
      collect(*source, [](const auto& e) { return !e.empty() && e.back().type == SourceEvent::Type::root_gone; });
  REQUIRE_FALSE(events.empty());
  CHECK(events.back().type == SourceEvent::Type::root_gone);
}
