// The project context the pipeline shows its parsers (sdk::ProjectContext, SDK 1.6): the root and
// files reach every parser that asks, once listed; data a plugin derives from the project is built
// once and shared by every parser thread.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <ax/index/project_context.hpp>
#include "pipeline_fakes.hpp"

using namespace ax;
using namespace ax::index::testing;

TEST_CASE("project context: files are listed once, on first request, sorted and each once") {
  int listed = 0;
  index::RunProjectContext project("/repo", [&] {
    ++listed;
    return std::vector<std::string>{"b.h", "a.c", "b.h"};
  });
  CHECK(listed == 0);
  CHECK(project.root() == "/repo");
  CHECK(project.files() == std::vector<std::string>{"a.c", "b.h"});
  CHECK(project.files().size() == 2);
  CHECK(listed == 1);
}

TEST_CASE("project context: shared data is built once for all threads; a failed build is retried") {
  index::RunProjectContext project("/repo", nullptr);
  CHECK(project.files().empty());
  std::atomic<int> builds{0};
  std::vector<const void*> seen(8);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
      threads.emplace_back([&, t] {
        seen[t] = project
                      .shared_data("test.table",
                                   [&] {
                                     ++builds;
                                     std::this_thread::sleep_for(std::chrono::milliseconds(20));
                                     return std::make_shared<const int>(7);
                                   })
                      .get();
      });
  }
  CHECK(builds == 1);
  for (const void* data : seen) CHECK(data == seen[0]);
  CHECK(*static_cast<const int*>(seen[0]) == 7);
  // Keys are separate; a build that throws leaves nothing behind.
  CHECK_THROWS_AS(
      project.shared_data("test.other", []() -> std::shared_ptr<const void> { throw std::runtime_error("x"); }),
      std::runtime_error);
  CHECK(*static_cast<const int*>(
            project.shared_data("test.other", [] { return std::make_shared<const int>(9); }).get()) == 9);
}

TEST_CASE("pipeline: every parser is shown the project, its root and all the walked files") {
  TempRepo repo;
  for (int i = 0; i < 6; ++i) repo.write(numbered("src/p", i), "PROJECT");
  repo.write("include/api.h", "#define API");
  FakeHost host;
  FakeRepository repository(repo);
  const auto summary = run_bounded(host, repository, options(100, 3));
  CHECK(summary.parsed == 6);
  REQUIRE(host.project_roots.size() == 6);
  for (const std::string& root : host.project_roots) CHECK(root == repo.root.string());
  // Files of no language the parsers know are the project's too (a header of C is not "fake").
  CHECK(host.project_files == std::vector<std::string>{"include/api.h", "src/p0.fk", "src/p1.fk", "src/p2.fk",
                                                       "src/p3.fk", "src/p4.fk", "src/p5.fk"});
  CHECK(host.project_data.size() == 1);  // one shared table for every thread's parser
}

TEST_CASE("update_paths: the parser of a changed file is shown the project, stored files included") {
  TempRepo repo;
  repo.write("a.fk", "v1");
  repo.write("b.fk", "v1");
  FakeHost host;
  FakeRepository repository(repo);
  run_bounded(host, repository, options(100));
  repo.write("b.fk", "PROJECT v2");
  repo.write("c.fk", "new");
  index::ChangeSet changes;
  changes.add(index::ChangeKind::modified, "b.fk");
  changes.add(index::ChangeKind::created, "c.fk");
  const auto summary = index::update_paths(host, repository, changes, options(100));
  CHECK(summary.parsed == 2);
  REQUIRE(host.project_roots.size() == 1);
  CHECK(host.project_roots[0] == repo.root.string());
  CHECK(host.project_files == std::vector<std::string>{"a.fk", "b.fk", "c.fk"});
}
