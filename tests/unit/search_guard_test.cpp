#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fatal_signal.hpp"
#include "search_guard.hpp"

using ax::kernel::SearchGuard;
namespace sdk = ax::sdk;

namespace {

// A store that only knows its generation: the guard reads nothing else itself.
class GenerationStore final : public sdk::SymbolStore {
 public:
  explicit GenerationStore(std::uint64_t generation) : generation_(generation) {}
  void commit_as(std::uint64_t generation) { generation_ = generation; }  // a writer's commit
  std::uint32_t schema_version() override { return 1; }
  std::uint64_t generation() override { return generation_; }
  std::vector<sdk::FileRecord> files() override { return {}; }
  std::optional<sdk::FileRecord> file(std::string_view) override { return std::nullopt; }
  std::unique_ptr<sdk::StoreWriter> begin_write() override { return nullptr; }
  std::vector<sdk::StoredSymbol> find_symbols(std::string_view, sdk::NameMatch, std::size_t) override { return {}; }
  std::optional<sdk::StoredSymbol> symbol(std::uint64_t) override { return std::nullopt; }
  std::vector<sdk::StoredSymbol> file_symbols(std::string_view) override { return {}; }
  std::vector<sdk::StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>&) override {}
  sdk::StoreStats stats() override { return {}; }

 private:
  std::uint64_t generation_;
};

struct ScriptedPrepared final : sdk::PreparedSearchFile {
  std::string path;
};

// A search index whose lock, damage and generation the test sets.
class ScriptedIndex final : public sdk::SearchIndex,
                            public sdk::SearchIndexMaintenance,
                            public sdk::PreparingSearchIndex {
 public:
  std::uint64_t generation_value = 0;
  bool locked_elsewhere = false;
  bool unwritable = false;
  std::optional<std::string> damage;  // what find_damage reports
  int damaged_searches = 0;           // searches that throw SearchIndexDamagedError first
  int damaged_changes = 0;            // changes that throw SearchIndexDamagedError first
  bool crash_on_search = false;       // as libxapian may on a garbled index
  int changes = 0;
  int rebuilds = 0;

  std::uint64_t generation() override { return generation_value; }
  void put_file(std::string_view, const std::vector<sdk::SearchDocument>&) override { apply_change(); }
  void remove_file(std::string_view) override { apply_change(); }
  void remove_all() override { FAIL("the guard must not take the lock by waiting for it"); }
  void commit(std::uint64_t generation) override { generation_value = generation; }
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery&) override {
    if (crash_on_search) std::raise(SIGSEGV);
    if (damaged_searches > 0) {
      --damaged_searches;
      throw sdk::SearchIndexDamagedError("search index at x is corrupt or unreadable (DocNotFoundError)");
    }
    return {sdk::SearchHit{}};
  }
  bool try_remove_all() override {
    if (unwritable) throw sdk::StoreError("search index at x: cannot clear the index: Permission denied");
    if (locked_elsewhere) return false;
    ++rebuilds;
    generation_value = 0;
    damage.reset();
    return true;
  }
  std::optional<std::string> find_damage() override { return damage; }
  std::unique_ptr<sdk::PreparedSearchFile> prepare_file(std::string_view path,
                                                        const std::vector<sdk::SearchDocument>&) const override {
    auto prepared = std::make_unique<ScriptedPrepared>();
    prepared->path = path;
    return prepared;
  }
  void put_prepared_file(std::string_view path, std::unique_ptr<sdk::PreparedSearchFile> prepared,
                         const std::vector<std::uint64_t>& symbol_ids) override {
    auto* scripted = dynamic_cast<ScriptedPrepared*>(prepared.get());
    REQUIRE(scripted != nullptr);
    CHECK(scripted->path == path);
    prepared_ids = symbol_ids;
    apply_change();
  }
  std::vector<std::uint64_t> prepared_ids;

 private:
  void apply_change() {
    if (damaged_changes > 0) {
      --damaged_changes;
      throw sdk::SearchIndexDamagedError("search index at x is corrupt or unreadable (DocNotFoundError)");
    }
    ++changes;
  }
};

struct Guarded {
  GenerationStore store;
  ScriptedIndex* index = nullptr;
  std::vector<std::string> notices;
  SearchGuard guard;

  explicit Guarded(std::uint64_t store_generation, std::function<void(ScriptedIndex&)> setup,
                   std::filesystem::path crash_marker = {})
      : store(store_generation), guard(store, hooks(std::move(setup), std::move(crash_marker))) {}

  SearchGuard::Hooks hooks(std::function<void(ScriptedIndex&)> setup, std::filesystem::path crash_marker) {
    SearchGuard::Hooks hooks;
    hooks.crash_marker = std::move(crash_marker);
    hooks.open = [this, setup] {
      auto scripted = std::make_unique<ScriptedIndex>();
      setup(*scripted);
      index = scripted.get();
      return std::unique_ptr<sdk::SearchIndex>(std::move(scripted));
    };
    hooks.remove_directory = [] {};
    hooks.fill = [](sdk::SearchIndex&) { return std::size_t{3}; };
    hooks.notice = [this](const std::string& notice) { notices.push_back(notice); };
    return hooks;
  }
};

}  // namespace

TEST_CASE("search guard: a current index is left alone and stays quiet") {
  Guarded g(4, [](ScriptedIndex& index) { index.generation_value = 4; });
  g.guard.open();
  CHECK(g.index->rebuilds == 0);
  CHECK(g.notices.empty());
}

TEST_CASE("search guard: an index behind the store is rebuilt at the store's generation") {
  Guarded g(4, [](ScriptedIndex& index) { index.generation_value = 3; });
  g.guard.open();
  CHECK(g.index->rebuilds == 1);
  CHECK(g.guard.generation() == 4);
  REQUIRE(g.notices.size() == 1);
  CHECK(g.notices[0] == "search index was at generation 3, store at 4; rebuilt it from the store (3 files)");
}

TEST_CASE("search guard: an index behind the store is left as it is until first used, then rebuilt once") {
  Guarded g(4, [](ScriptedIndex& index) { index.generation_value = 3; });
  CHECK(g.guard.generation() == 3);  // what `ax status` reports: behind, not rebuilt
  CHECK(g.index->rebuilds == 0);
  CHECK(g.notices.empty());
  g.guard.search({});
  g.guard.search({});
  CHECK(g.index->rebuilds == 1);
  CHECK(g.guard.generation() == 4);
  CHECK(g.notices.size() == 1);
}

TEST_CASE("search guard: while another process writes, a stale index is read as it is") {
  Guarded g(4, [](ScriptedIndex& index) {
    index.generation_value = 3;
    index.locked_elsewhere = true;
  });
  g.guard.open();
  CHECK(g.index->rebuilds == 0);
  CHECK(g.guard.search({}).size() == 1);
  REQUIRE(g.notices.size() == 1);
  CHECK(g.notices[0] ==
        "search index was at generation 3, store at 4; another process is writing it, so results come from what it "
        "holds now");
}

TEST_CASE("search guard: a stale index this process may not write is read as it is") {
  Guarded g(4, [](ScriptedIndex& index) {
    index.generation_value = 3;
    index.unwritable = true;
  });
  g.guard.open();
  CHECK(g.guard.search({}).size() == 1);
  REQUIRE(g.notices.size() == 1);
  CHECK(g.notices[0] ==
        "search index was at generation 3, store at 4; it cannot be rebuilt: search index at x: cannot clear the "
        "index: Permission denied, so results come from what it holds now");
}

TEST_CASE("search guard: damage met by a search is rebuilt and the search retried") {
  Guarded g(4, [](ScriptedIndex& index) {
    index.generation_value = 4;
    index.damaged_searches = 1;
  });
  g.guard.open();
  CHECK(g.guard.search({}).size() == 1);
  CHECK(g.index->rebuilds == 1);
  REQUIRE(g.notices.size() == 1);
  CHECK_THAT(g.notices[0],
             Catch::Contains("DocNotFoundError") && Catch::EndsWith("rebuilt it from the store (3 files)"));
}

TEST_CASE("search guard: damage that cannot be repaired now fails the search in one line") {
  Guarded g(4, [](ScriptedIndex& index) {
    index.generation_value = 4;
    index.damaged_searches = 1;
    index.locked_elsewhere = true;
  });
  g.guard.open();
  try {
    g.guard.search({});
    FAIL("the search must fail");
  } catch (const sdk::StoreError& error) {
    CHECK_THAT(error.what(), Catch::Contains("corrupt or unreadable") && Catch::Contains("another process is writing"));
  }
}

TEST_CASE("search guard: opening trusts a readable generation; verify looks for damage and repairs it") {
  const auto damaged = [](ScriptedIndex& index) {
    index.generation_value = 4;
    index.damage = "search index at x is corrupt or unreadable (Block 3: bad)";
  };
  Guarded g(4, damaged);
  g.guard.open();
  CHECK(g.index->rebuilds == 0);
  CHECK(g.guard.verify() == std::nullopt);
  CHECK(g.index->rebuilds == 1);
  REQUIRE(g.notices.size() == 1);
  CHECK_THAT(g.notices[0], Catch::StartsWith("search index at x is corrupt or unreadable (Block 3: bad); rebuilt"));

  Guarded busy(4, [&](ScriptedIndex& index) {
    damaged(index);
    index.locked_elsewhere = true;
  });
  CHECK(busy.guard.verify() == "search index at x is corrupt or unreadable (Block 3: bad)");
}

TEST_CASE("search guard: a change that meets damage makes the commit rebuild from the store") {
  Guarded g(4, [](ScriptedIndex& index) {
    index.generation_value = 4;
    index.damaged_changes = 1;
  });
  g.guard.open();  // a writer's: current
  g.store.commit_as(5);
  g.guard.put_file("a.py", {});  // damaged: swallowed, and later changes skipped
  g.guard.remove_file("b.py");
  CHECK(g.index->changes == 0);
  g.guard.commit(5);
  CHECK(g.index->rebuilds == 1);
  CHECK(g.guard.generation() == 5);
  REQUIRE(g.notices.size() == 1);
  CHECK_THAT(g.notices[0],
             Catch::Contains("DocNotFoundError") && Catch::EndsWith("rebuilt it from the store (3 files)"));
  g.guard.put_file("a.py", {});  // the next transaction writes normally
  CHECK(g.index->changes == 1);
}

TEST_CASE("search guard: a crash reading the index is one line and exit 70, and the next open rebuilds") {
  const auto marker = std::filesystem::temp_directory_path() / ("ax-search-crashed-" + std::to_string(::getpid()));
  std::filesystem::remove(marker);
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ax::kernel::install_fatal_signal_handler();
    Guarded g(
        4, [](ScriptedIndex& index) { index.generation_value = 4; }, marker);
    g.index->crash_on_search = true;
    g.guard.search({});
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    output.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 70);
  CHECK(output ==
        "ax: internal error: segmentation fault while reading the search index; it is rebuilt on the next run\n");
  REQUIRE(std::filesystem::exists(marker));

  Guarded next(
      4, [](ScriptedIndex& index) { index.generation_value = 4; }, marker);
  next.guard.open();
  CHECK(next.index->rebuilds == 1);
  CHECK_FALSE(std::filesystem::exists(marker));
  REQUIRE(next.notices.size() == 1);
  CHECK(next.notices[0] == "an earlier ax run crashed reading the search index; rebuilt it from the store (3 files)");
}

TEST_CASE("search guard: without a crash marker a current index is not rebuilt") {
  const auto marker = std::filesystem::temp_directory_path() / ("ax-search-absent-" + std::to_string(::getpid()));
  std::filesystem::remove(marker);
  Guarded g(
      4, [](ScriptedIndex& index) { index.generation_value = 4; }, marker);
  g.guard.open();
  CHECK(g.index->rebuilds == 0);
  CHECK(g.notices.empty());
}

TEST_CASE("search guard: prepared documents reach the index, and damage they meet makes the commit rebuild") {
  Guarded g(4, [](ScriptedIndex& index) { index.generation_value = 4; });
  g.guard.open();
  REQUIRE(g.guard.can_prepare());
  g.guard.put_prepared_file("a.py", g.guard.prepare_file("a.py", {}), {7, 8});
  CHECK(g.index->changes == 1);
  CHECK(g.index->prepared_ids == std::vector<std::uint64_t>{7, 8});

  g.index->damaged_changes = 1;
  g.guard.put_prepared_file("b.py", g.guard.prepare_file("b.py", {}), {});
  g.guard.commit(5);
  CHECK(g.index->rebuilds == 1);
  // The rebuilt index (reopened or not) still prepares.
  CHECK(g.guard.can_prepare());
  REQUIRE(g.notices.size() == 1);
  CHECK_THAT(g.notices[0], Catch::EndsWith("rebuilt it from the store (3 files)"));
}
