#include <catch2/catch.hpp>

#include <ax/lang/c_includes.hpp>
#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

using ax::lang::testing::MemoryRepository;
using ax::lang::testing::resolve_import;

namespace {

// compile_commands.json as CMake writes it, for a checkout at /home/dev/proj built in build/.
constexpr const char* kDatabase = R"([
  {"directory": "/home/dev/proj/build",
   "command": "/usr/bin/cc -I/home/dev/proj/include -I../third_party/zlib -iquote ../src/generated -isystem /usr/local/include -o main.o -c /home/dev/proj/src/main.c",
   "file": "/home/dev/proj/src/main.c"},
  {"directory": "/home/dev/proj/build",
   "arguments": ["cc", "-I", "../lib/include", "-c", "../lib/util.c"],
   "file": "../lib/util.c"}
])";

const MemoryRepository& with_database() {
  static const MemoryRepository repo({
      {"build/compile_commands.json", kDatabase},
      {"src/main.c", ""},
      {"src/local.h", ""},
      {"src/generated/version.h", ""},
      {"include/proj/api.h", ""},
      {"include/proj/detail.h", ""},
      {"third_party/zlib/zlib.h", ""},
      {"lib/util.c", ""},
      {"lib/include/util.h", ""},
      {"other/include/proj/api.h", ""},
  });
  return repo;
}

const MemoryRepository& without_database() {
  static const MemoryRepository repo({
      {"src/main.c", ""},
      {"src/net/socket.c", ""},
      {"src/net/socket.h", ""},
      {"src/common.h", ""},
      {"include/proj/api.h", ""},
      {"vendor/include/proj/api.h", ""},
      {"tests/string.h", ""},
      {"a/config.h", ""},
      {"b/c/config.h", ""},
  });
  return repo;
}

std::string resolve(const MemoryRepository& repo, std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::CIncludeResolver(), repo, from, specifier);
}

}  // namespace

TEST_CASE("c includes: the including file's folder first, `..` kept inside the repository") {
  CHECK(resolve(without_database(), "src/net/socket.c", "socket.h") == "exact src/net/socket.h");
  CHECK(resolve(without_database(), "src/net/socket.c", "../common.h") == "exact src/common.h");
  CHECK(resolve(without_database(), "src/main.c", "../../../etc/passwd") == "unresolved");
  CHECK(resolve(without_database(), "src/main.c", "/usr/include/stdio.h") == "external");
  CHECK(resolve(without_database(), "src/main.c", "") == "unresolved");
}

TEST_CASE("c includes: compile_commands.json include paths are exact") {
  const auto& repo = with_database();
  CHECK(resolve(repo, "src/main.c", "local.h") == "exact src/local.h");
  CHECK(resolve(repo, "src/main.c", "proj/api.h") == "exact include/proj/api.h");
  CHECK(resolve(repo, "src/main.c", "<proj/api.h>") == "exact include/proj/api.h");
  CHECK(resolve(repo, "src/main.c", "<zlib.h>") == "exact third_party/zlib/zlib.h");
  // -iquote serves "x" only.
  CHECK(resolve(repo, "src/main.c", "version.h") == "exact src/generated/version.h");
  CHECK(resolve(repo, "src/main.c", "<version.h>") == "external");
  CHECK(resolve(repo, "lib/util.c", "util.h") == "exact lib/include/util.h");
  // The file's own include paths do not hold it: the system's, or generated.
  CHECK(resolve(repo, "src/main.c", "<stdio.h>") == "external");
  CHECK(resolve(repo, "src/main.c", "config.h") == "unresolved");
}

TEST_CASE("c includes: a file the database does not list uses every include path, as a guess") {
  const auto& repo = with_database();
  CHECK(resolve(repo, "include/proj/api.h", "proj/detail.h") == "heuristic include/proj/detail.h");
  CHECK(resolve(repo, "include/proj/api.h", "detail.h") == "exact include/proj/detail.h");
  CHECK(resolve(repo, "include/proj/api.h", "<util.h>") == "heuristic lib/include/util.h");
}

TEST_CASE("c includes: without a database, files of that name, nearest first") {
  const auto& repo = without_database();
  CHECK(resolve(repo, "src/main.c", "proj/api.h") == "heuristic include/proj/api.h");
  CHECK(resolve(repo, "vendor/x.c", "proj/api.h") == "heuristic vendor/include/proj/api.h");
  CHECK(resolve(repo, "src/main.c", "<proj/api.h>") == "heuristic include/proj/api.h");
  CHECK(resolve(repo, "b/c/d/x.c", "config.h") == "heuristic b/c/config.h");
  CHECK(resolve(repo, "a/x/y.c", "config.h") == "heuristic a/config.h");
  CHECK(resolve(repo, "src/main.c", "net/socket.h") == "exact src/net/socket.h");
  // <string.h> is the system's even though tests/string.h exists: it is in no include folder.
  CHECK(resolve(repo, "src/main.c", "<string.h>") == "external");
  CHECK(resolve(repo, "src/main.c", "<vector>") == "external");
  CHECK(resolve(repo, "src/main.c", "missing.h") == "unresolved");
}

TEST_CASE("c includes: compile command parsing") {
  CHECK(ax::lang::split_command(R"(cc -DNAME="a b" -I'x y' -Ic\ d -c f.c)") ==
        std::vector<std::string>{"cc", "-DNAME=a b", "-Ix y", "-Ic d", "-c", "f.c"});
  CHECK(ax::lang::include_paths_of({"cc", "-Ia", "-I", "b", "-isystem", "c", "-iquote", "d", "-idirafter", "e", "-o",
                                    "x"}) == std::vector<std::string>{"a", "b", "c", "d", "e"});
  // A database that is not JSON is ignored.
  const MemoryRepository repo({{"compile_commands.json", "{not json"}, {"a.c", ""}, {"include/b.h", ""}});
  CHECK(resolve_import(ax::lang::CIncludeResolver(), repo, "a.c", "b.h") == "heuristic include/b.h");
}
