// update_paths against the fakes of the pipeline test (tests/pipeline_fakes.hpp): only the listed
// paths are looked at, with the walk's rules; the kinds of the change set are hints, the disk and
// the store decide; per-file results for printing and cache invalidation.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <algorithm>

#include "pipeline_fakes.hpp"

namespace {
using namespace ax;
using namespace ax::index::testing;
using index::ChangeKind;
using index::ChangeSet;

// Indexes the repository once, as a starting point, and forgets the commits that made it.
void index_once(FakeHost& host, FakeRepository& repository) {
  run_bounded(host, repository, options(100));
  repository.state.commits.clear();
}

index::IndexSummary update(FakeHost& host, FakeRepository& repository, const ChangeSet& changes) {
  return index::update_paths(host, repository, changes, options(100));
}

const index::FileChange* change_of(const index::IndexSummary& summary, const std::string& path) {
  auto it = std::find_if(summary.changes.begin(), summary.changes.end(),
                         [&](const index::FileChange& change) { return change.path == path; });
  return it == summary.changes.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("update_paths: one modified file is parsed and written alone, in one commit") {
  TempRepo repo;
  for (int i = 0; i < 5; ++i) repo.write(numbered("f", i), "v1");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("f2.fk", "version two");
  ChangeSet changes;
  changes.add(ChangeKind::modified, "f2.fk");
  const auto summary = update(host, repository, changes);
  CHECK_FALSE(summary.full_scan);
  CHECK(summary.parsed == 1);
  CHECK(summary.files_seen == 1);
  REQUIRE(repository.state.commits.size() == 1);
  CHECK(repository.state.commits[0] == std::vector<std::string>{"put f2.fk"});
  REQUIRE(summary.changes.size() == 1);
  CHECK(summary.changes[0].path == "f2.fk");
  CHECK(summary.changes[0].kind == ChangeKind::modified);
  CHECK(summary.changes[0].language == "fake");
  CHECK(summary.changes[0].symbols == 1);
  CHECK(summary.changed_paths() == std::vector<std::string>{"f2.fk"});
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("update_paths: the disk and the store decide the kind; an unchanged file writes nothing") {
  TempRepo repo;
  repo.write("old.fk", "old");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("new.fk", "new");
  ChangeSet changes;
  changes.add(ChangeKind::created, "old.fk");    // said created, but indexed and unchanged
  changes.add(ChangeKind::modified, "new.fk");   // said modified, but never indexed
  changes.add(ChangeKind::removed, "never.fk");  // said removed, but never indexed
  const auto summary = update(host, repository, changes);
  CHECK(summary.unchanged == 1);
  REQUIRE(summary.changes.size() == 1);
  CHECK(summary.changes[0].path == "new.fk");
  CHECK(summary.changes[0].kind == ChangeKind::created);
  CHECK(repository.state.files.count("new.fk") == 1);

  repository.state.commits.clear();
  ChangeSet nothing;
  nothing.add(ChangeKind::modified, "old.fk");
  const auto again = update(host, repository, nothing);
  CHECK(again.changes.empty());
  CHECK(repository.state.commits.empty());  // nothing changed, nothing committed
}

TEST_CASE("update_paths: a removed file is dropped; a removed directory drops every file below it") {
  TempRepo repo;
  repo.write("a.fk", "a");
  repo.write("dir/b.fk", "b");
  repo.write("dir/sub/c.fk", "c");
  repo.write("dirt.fk", "not below dir/");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  fs::remove(repo.root / "a.fk");
  fs::remove_all(repo.root / "dir");
  ChangeSet changes;
  changes.add(ChangeKind::removed, "a.fk");
  changes.add(ChangeKind::removed, "dir", true);
  const auto summary = update(host, repository, changes);
  CHECK(summary.removed == 3);
  CHECK(repository.state.files.count("a.fk") == 0);
  CHECK(repository.state.files.count("dir/b.fk") == 0);
  CHECK(repository.state.files.count("dir/sub/c.fk") == 0);
  CHECK(repository.state.files.count("dirt.fk") == 1);
  REQUIRE(change_of(summary, "dir/sub/c.fk") != nullptr);
  CHECK(change_of(summary, "dir/sub/c.fk")->kind == ChangeKind::removed);
}

TEST_CASE("update_paths: a directory that appears is walked with the ignore rules in force there") {
  TempRepo repo;
  repo.write(".gitignore", "*.skip.fk\nbuild/\n");
  repo.write("a.fk", "a");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("moved/in.fk", "in");
  repo.write("moved/out.skip.fk", "ignored by the root .gitignore");
  repo.write("moved/.axignore", "local.fk\n");
  repo.write("moved/local.fk", "ignored by moved/.axignore");
  repo.write("moved/build/x.fk", "ignored directory");
  ChangeSet changes;
  changes.add(ChangeKind::created, "moved", true);
  const auto summary = update(host, repository, changes);
  CHECK(repository.state.files.count("moved/in.fk") == 1);
  CHECK(repository.state.files.count("moved/.axignore") == 1);  // of no language, recorded as the walk does
  CHECK(repository.state.files.count("moved/out.skip.fk") == 0);
  CHECK(repository.state.files.count("moved/local.fk") == 0);
  CHECK(repository.state.files.count("moved/build/x.fk") == 0);
  CHECK(summary.parsed == 1);
}

TEST_CASE("update_paths: ignored paths, .ax/ and .git/ are never indexed, even when listed") {
  TempRepo repo;
  repo.write(".gitignore", "build/\n*.log.fk\n");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("build/deep/x.fk", "x");
  repo.write("trace.log.fk", "t");
  repo.write(".ax/y.fk", "y");
  repo.write(".git/z.fk", "z");
  ChangeSet changes;
  for (const char* path : {"build/deep/x.fk", "trace.log.fk", ".ax/y.fk", ".git/z.fk", "../outside.fk", "/etc/passwd"})
    changes.add(ChangeKind::created, path);
  const auto summary = update(host, repository, changes);
  CHECK(summary.changes.empty());
  CHECK(summary.ignored == 4);
  CHECK(repository.state.commits.empty());
}

TEST_CASE("update_paths: an editor's atomic save (temp file renamed over) is one modification") {
  TempRepo repo;
  repo.write("a.fk", "v1");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  // The events of write-temp-then-rename, as a watcher sees them.
  ChangeSet changes;
  changes.add(ChangeKind::created, ".a.fk.swp");
  changes.add(ChangeKind::modified, ".a.fk.swp");
  changes.add(ChangeKind::removed, ".a.fk.swp");  // moved from
  changes.add(ChangeKind::created, "a.fk");       // moved to
  repo.write("a.fk", "version two");
  const auto summary = update(host, repository, changes);
  REQUIRE(summary.changes.size() == 1);
  CHECK(summary.changes[0].path == "a.fk");
  CHECK(summary.changes[0].kind == ChangeKind::modified);
}

TEST_CASE("update_paths: a file grown past index.max_file_size is removed, as a walk would") {
  TempRepo repo;
  repo.write("a.fk", "small");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("a.fk", std::string(100, 'x'));
  ChangeSet changes;
  changes.add(ChangeKind::modified, "a.fk");
  auto o = options(100);
  o.max_file_size = 50;
  const auto summary = index::update_paths(host, repository, changes, o);
  CHECK(summary.oversized == 1);
  CHECK(summary.removed == 1);
  CHECK(repository.state.files.count("a.fk") == 0);
}

TEST_CASE("update_paths: an ignore file's change, or a set requiring it, is a scan of the whole tree") {
  TempRepo repo;
  repo.write("a.fk", "a");
  repo.write("b.fk", "b");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  repo.write("sub/.gitignore", "*\n");
  repo.write("b.fk", "b changed, unlisted");
  ChangeSet changes;
  changes.add(ChangeKind::created, "sub/.gitignore");
  const auto summary = update(host, repository, changes);
  CHECK(summary.full_scan);
  CHECK(change_of(summary, "b.fk") != nullptr);  // found by the walk

  ChangeSet storm;
  storm.require_full_scan();
  CHECK_FALSE(storm.empty());
  CHECK(update(host, repository, storm).full_scan);
}

TEST_CASE("update_paths: no incomplete marker for a one-commit update; another run's marker stays") {
  TempRepo repo;
  repo.write("a.fk", "a");
  FakeHost host;
  FakeRepository repository(repo);
  index_once(host, repository);

  index::mark_incomplete(repo.state_dir());  // an interrupted ax index left it
  repo.write("a.fk", "a changed");
  ChangeSet changes;
  changes.add(ChangeKind::modified, "a.fk");
  update(host, repository, changes);
  CHECK(index::is_incomplete(repo.state_dir()));  // its run is still unfinished

  index::clear_incomplete(repo.state_dir());
  for (int i = 0; i < 5; ++i) {
    repo.write(numbered("n", i), "n");
    changes.add(ChangeKind::created, numbered("n", i));
  }
  const auto summary = index::update_paths(host, repository, changes, options(2));
  CHECK(summary.parsed == 5);
  CHECK(repository.state.commits.size() >= 3);
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));  // marked between its commits, cleared at the end
}

TEST_CASE("change set: events merge into the last known state of each path") {
  ChangeSet changes;
  changes.add(ChangeKind::created, "a");
  changes.add(ChangeKind::modified, "a");
  changes.add(ChangeKind::modified, "b");
  changes.add(ChangeKind::created, "b");
  changes.add(ChangeKind::created, "c");
  changes.add(ChangeKind::removed, "c");
  changes.add(ChangeKind::removed, "d");
  changes.add(ChangeKind::created, "d");
  changes.add(ChangeKind::removed, "e", true);
  CHECK(changes.entries().at("a").kind == ChangeKind::created);
  CHECK(changes.entries().at("b").kind == ChangeKind::modified);
  CHECK(changes.entries().at("c").kind == ChangeKind::removed);
  CHECK(changes.entries().at("d").kind == ChangeKind::modified);
  CHECK(changes.entries().at("e").directory);
  ChangeSet more;
  more.add(ChangeKind::removed, "a");
  more.require_full_scan();
  changes.merge(more);
  CHECK(changes.entries().at("a").kind == ChangeKind::removed);
  CHECK(changes.full_scan());
  changes.clear();
  CHECK(changes.empty());
}
