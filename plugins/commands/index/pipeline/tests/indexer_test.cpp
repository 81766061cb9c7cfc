// The index pipeline (run_index) against a fake host, language, store and writer: batching and
// commit boundaries, unchanged / removed files, errors in workers and in the writer, interruption,
// the walk (symlinks, ignore rules), and the run state (writer lock, "incomplete" marker).
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <ax/index/ignore_rules.hpp>
#include <ax/index/pipeline.hpp>
#include "pipeline_fakes.hpp"
#include "run_state.hpp"

using namespace ax;
using namespace ax::index::testing;

TEST_CASE("pipeline: files are committed in batches of index.batch_size, the rest at the end") {
  TempRepo repo;
  for (int i = 0; i < 5; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(2));
  CHECK(summary.parsed == 5);
  CHECK(summary.symbols == 5);
  REQUIRE(repository.state.commits.size() == 3);
  CHECK(repository.state.commits[0].size() == 2);
  CHECK(repository.state.commits[1].size() == 2);
  CHECK(repository.state.commits[2].size() == 1);
  CHECK(repository.state.files.size() == 5);
  CHECK(summary.generation == 3);
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));  // a completed run leaves no marker
}

TEST_CASE("pipeline: a batch also ends once its files hold index.batch_bytes of source") {
  TempRepo repo;
  for (int i = 0; i < 5; ++i) repo.write(numbered("f", i), std::string(10, 'x'));  // 10 bytes each
  FakeHost host;
  FakeRepository repository(repo);
  index::IndexOptions o = options(100);
  o.batch_bytes = 25;  // the third file of a batch reaches it
  auto summary = run_bounded(host, repository, o);
  CHECK(summary.parsed == 5);
  REQUIRE(repository.state.commits.size() == 2);
  CHECK(repository.state.commits[0].size() == 3);
  CHECK(repository.state.commits[1].size() == 2);
  CHECK(repository.state.files.size() == 5);
}

TEST_CASE("pipeline: a run's CPU is split between the parser threads, the writer and the others") {
  TempRepo repo;
  for (int i = 0; i < 20; ++i) repo.write(numbered("f", i), std::string(100000, 'x'));
  FakeHost host;
  FakeRepository repository(repo);
  const auto summary = run_bounded(host, repository, options(4));
  CHECK(summary.cpu.parsers > 0);  // they read and hashed 2 MB
  CHECK(summary.cpu.writer > 0);
  CHECK(summary.cpu.total >= summary.cpu.parsers + summary.cpu.writer - 1e-3);  // the process's, all threads
}

TEST_CASE("pipeline: with one thread, the writer's thread reads, parses, prepares and writes, starting none") {
  TempRepo repo;
  for (int i = 0; i < 30; ++i) repo.write(numbered("f", i), std::string(20000, 'x'));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.prepares = true;
  const auto threads = [] {
    const auto tasks = std::filesystem::directory_iterator("/proc/self/task");
    return static_cast<unsigned>(std::distance(std::filesystem::begin(tasks), std::filesystem::end(tasks)));
  };
  const unsigned before = threads();
  const auto summary = run_bounded(host, repository, options(8, 1));  // on one more thread, run_bounded's
  CHECK(summary.parsed == 30);
  CHECK(repository.state.commits.size() == 4);
  CHECK(repository.state.writes_on_caller);
  CHECK(summary.cpu.one_thread);
  CHECK(summary.peak_threads == before + 1);
  for (const auto& [path, elsewhere] : repository.state.prepared_elsewhere) CHECK_FALSE(elsewhere);
  CHECK(repository.state.prepared_elsewhere.size() == 30);
  // The thread's CPU is split, not counted twice: reading and hashing 600 KB under parsers.
  CHECK(summary.cpu.parsers > 0);
  CHECK(summary.cpu.total >= summary.cpu.parsers + summary.cpu.writer - 1e-3);

  // Two threads: parser threads beside the writer, and the repository keeps its own.
  TempRepo other;
  for (int i = 0; i < 30; ++i) other.write(numbered("f", i), std::string(20000, 'x'));
  FakeRepository threaded(other);
  threaded.state.prepares = true;
  const auto two = run_bounded(host, threaded, options(8, 2));
  CHECK(two.parsed == 30);
  CHECK_FALSE(threaded.state.writes_on_caller);
  CHECK_FALSE(two.cpu.one_thread);
  for (const auto& [path, elsewhere] : threaded.state.prepared_elsewhere) CHECK(elsewhere);
}

TEST_CASE("pipeline: unchanged files are not read; removed files are dropped in the last commit") {
  TempRepo repo;
  repo.write("keep.fk", "keep");
  repo.write("change.fk", "v1");
  FakeHost host;
  FakeRepository repository(repo);
  run_bounded(host, repository, options(100));
  REQUIRE(repository.state.files.size() == 2);

  repository.state.files["gone.fk"] = {"gone.fk", "fake", 3, 1, 7};  // indexed once, now deleted
  repo.write("change.fk", "version two");
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 1);
  CHECK(summary.unchanged == 1);
  CHECK(summary.removed == 1);
  REQUIRE(repository.state.commits.size() == 2);
  CHECK(repository.state.commits[1] == std::vector<std::string>{"put change.fk", "remove gone.fk"});
  CHECK(repository.state.files.count("gone.fk") == 0);

  // Nothing changed: nothing committed, the generation stays.
  summary = run_bounded(host, repository, options(100));
  CHECK(repository.state.commits.size() == 2);
  CHECK(summary.generation == 2);
  CHECK(summary.unchanged == 2);
}

TEST_CASE("pipeline: a parser throwing anything makes that file failed; the run goes on") {
  TempRepo repo;
  repo.write("good.fk", "fine");
  repo.write("std.fk", "THROW_STD");
  repo.write("int.fk", "THROW_INT");
  repo.write("lines.fk", "THROW_LINES");
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 1);
  CHECK(summary.failed == 3);
  CHECK(contains(summary.problems, "parser failed on lines.fk: first line second line"));  // one line
  CHECK(contains(summary.problems, "parser failed on std.fk: parser exploded"));
  CHECK(contains(summary.problems, "parser failed on int.fk: unknown exception (not a std::exception)"));
  // Failed files are recorded (with their language and hash), so they are not read again unchanged.
  REQUIRE(repository.state.files.count("int.fk") == 1);
  CHECK(repository.state.files["int.fk"].language == "fake");
  CHECK(repository.state.files["int.fk"].content_hash == index::content_hash("THROW_INT"));
}

TEST_CASE("pipeline: an error in the writer stops the workers, is rethrown, and nothing hangs") {
  TempRepo repo;
  // Many more files than the queue holds, so that the workers block on a full queue.
  for (int i = 0; i < 300; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.throw_on_put = 3;
  auto future =
      std::async(std::launch::async, [&] { return index::run_index(host, repository, options(1000), nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s after the writer failed (deadlock)");
    std::_Exit(1);
  }
  CHECK_THROWS_WITH(future.get(), "search index is locked by another writer");
  CHECK(repository.state.commits.empty());              // the batch was discarded
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));  // nothing was committed
}

TEST_CASE("pipeline: an error committing a later batch leaves the index marked incomplete") {
  TempRepo repo;
  for (int i = 0; i < 40; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.throw_on_commit = 2;
  auto future = std::async(std::launch::async, [&] { return index::run_index(host, repository, options(5), nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s after a commit failed (deadlock)");
    std::_Exit(1);
  }
  CHECK_THROWS_WITH(future.get(), "disk full");
  CHECK(repository.state.commits.size() == 1);
  CHECK(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("pipeline: Ctrl-C stops at a batch, keeps what was committed, removes nothing, marks incomplete") {
  TempRepo repo;
  repo.write("a.fk", "INTERRUPT");
  for (int i = 0; i < 200; ++i) repo.write(numbered("z", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.files["gone.fk"] = {"gone.fk", "fake", 3, 1, 7};
  auto summary = run_bounded(host, repository, options(1, 1));
  CHECK(summary.interrupted);
  CHECK(summary.removed == 0);
  CHECK(repository.state.files.count("gone.fk") == 1);
  CHECK(repository.state.files.count("a.fk") == 1);
  CHECK(summary.parsed < 201);
  CHECK(index::is_incomplete(repo.state_dir()));

  // The next run completes, and clears the marker.
  host.interrupt_flag = false;
  repo.write("a.fk", "no longer interrupting");
  summary = run_bounded(host, repository, options(50));
  CHECK_FALSE(summary.interrupted);
  CHECK(repository.state.files.size() == 201);
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("walk: with follow_symlinks, a link to the root or to a directory never walks it twice") {
  TempRepo repo;
  repo.write("src/a.fk", "a");
  repo.write("zreal/b.fk", "b");
  fs::create_directory_symlink(repo.root, repo.root / "src" / "loop");  // back to the root
  fs::create_directory_symlink("zreal", repo.root / "alias");           // sorts before its target
  FakeHost host;
  FakeRepository repository(repo);
  auto o = options(100);
  o.follow_symlinks = true;
  auto summary = run_bounded(host, repository, o);
  CHECK(summary.files_seen == 2);
  CHECK(repository.state.files.size() == 2);
  CHECK(repository.state.files.count("src/a.fk") == 1);
  CHECK(repository.state.files.count("zreal/b.fk") == 1);  // under its real path, not alias/
}

TEST_CASE("walk: with follow_symlinks, a link to a directory reached no other way is walked") {
  TempRepo repo;
  repo.write("ignored/c.fk", "c");
  repo.write(".gitignore", "ignored/\n");
  fs::create_directory_symlink("ignored", repo.root / "linked");
  FakeHost host;
  FakeRepository repository(repo);
  auto o = options(100);
  o.follow_symlinks = true;
  run_bounded(host, repository, o);
  CHECK(repository.state.files.count("linked/c.fk") == 1);
  CHECK(repository.state.files.size() == 2);  // and .gitignore itself, of no language
}

TEST_CASE("walk: when every file is ignored, the summary names the rules that did it") {
  TempRepo repo;
  repo.write(".gitignore", "# packaging\n/*\n");
  repo.write("src/a.fk", "a");
  repo.write("b.fk", "b");
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.files_seen == 0);
  CHECK(summary.ignored == 3);  // .gitignore, b.fk, src/
  REQUIRE(summary.ignored_by.size() == 1);
  CHECK(summary.ignored_by[0].file == ".gitignore");
  CHECK(summary.ignored_by[0].line == 2);
  CHECK(summary.ignored_by[0].pattern == "/*");
  CHECK(summary.ignored_by[0].entries == 3);
}

TEST_CASE("ignore rules: the matching rule is known with its file and line; negation un-ignores") {
  TempRepo repo;
  repo.write("sub/.axignore", "*.tmp\n\n!keep.tmp\n");
  index::IgnoreRules rules;
  REQUIRE(rules.add_file(repo.root / "sub" / ".axignore", "sub", "sub/.axignore") == 2);
  const index::RuleOrigin* rule = rules.ignoring_rule("sub/x.tmp", false);
  REQUIRE(rule != nullptr);
  CHECK(rule->file == "sub/.axignore");
  CHECK(rule->line == 1);
  CHECK(rule->text == "*.tmp");
  CHECK(rules.ignoring_rule("sub/keep.tmp", false) == nullptr);
  CHECK(rules.ignoring_rule("x.tmp", false) == nullptr);
}

TEST_CASE("writer lock: exclusive, records the holder's pid, released with the object") {
  TempRepo repo;
  auto first = index::WriterLock::try_acquire(repo.state_dir());
  REQUIRE(first);
  CHECK(index::WriterLock::holder(repo.state_dir()) == getpid());
  CHECK_FALSE(index::WriterLock::try_acquire(repo.state_dir()));  // flock: per open file, even in one process

  // Waiting: told once who holds it; a stop request ends the wait without the lock.
  std::atomic<bool> stop{false};
  std::vector<pid_t> told;
  auto waiter = std::async(std::launch::async, [&] {
    return index::wait_for_writer_lock(repo.state_dir(), stop, [&](pid_t pid) { told.push_back(pid); });
  });
  CHECK(waiter.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  stop = true;
  REQUIRE(waiter.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK_FALSE(waiter.get());
  CHECK(told == std::vector<pid_t>{getpid()});

  // Released: a waiter gets it.
  stop = false;
  auto second = std::async(std::launch::async, [&] { return index::wait_for_writer_lock(repo.state_dir(), stop, {}); });
  first.reset();
  REQUIRE(second.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(second.get());
}

TEST_CASE("incomplete marker: set, seen, cleared") {
  TempRepo repo;
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
  index::mark_incomplete(repo.state_dir());
  CHECK(index::is_incomplete(repo.state_dir()));
  index::clear_incomplete(repo.state_dir());
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("pipeline: search documents are prepared on the parser threads; a failed preparation is the writer's") {
  TempRepo repo;
  for (int i = 0; i < 6; ++i) repo.write(numbered("f", i), numbered("text ", i));
  repo.write("bad.fk", "text");
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.prepares = true;
  repository.state.prepare_fails = "bad";
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 7);
  CHECK(summary.failed == 0);
  REQUIRE(repository.state.commits.size() == 1);
  const auto& puts = repository.state.commits[0];
  for (int i = 0; i < 6; ++i) {
    CHECK(contains(puts, "put prepared " + numbered("f", i)));
    CHECK(repository.state.prepared_elsewhere[numbered("f", i)]);
  }
  // The writer's own put_file does what the parser thread could not.
  CHECK(contains(puts, "put bad.fk"));
  CHECK_FALSE(contains(puts, "put prepared bad.fk"));
}
