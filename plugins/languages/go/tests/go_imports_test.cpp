#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "go_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& repository() {
  static const MemoryRepository repo({
      {"go.mod",
       "module example.com/app // the main module\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/text v0.3.0\n)\n"
       "replace (\n\texample.com/shared => ./libs/shared\n\texample.com/far v1.0.0 => ../far\n"
       "\texample.com/remote => example.com/fork v1.2.0\n)\n"},
      {"main.go", ""},
      {"internal/db/db.go", ""},
      {"cmd/tool/main.go", ""},
      {"libs/shared/go.mod", "module \"example.com/shared\"\n"},
      {"libs/shared/strings/strings.go", ""},
      {"tools/go.mod", "module example.com/app/tools\nreplace example.com/app => ../\n"},
      {"tools/gen/gen.go", ""},
      {"vendor/golang.org/x/text/unicode/norm/norm.go", ""},
      {"legacy/a.go", ""},
      {"legacy/b/b.go", ""},
  });
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::GoLanguage(), repository(), from, specifier);
}

}  // namespace

TEST_CASE("go imports: packages of the module are folders") {
  CHECK(resolve("main.go", "example.com/app/internal/db") == "exact internal/db");
  CHECK(resolve("cmd/tool/main.go", "example.com/app/internal/db") == "exact internal/db");
  // The module's root package is the repository root: "" (the contract has no other name for it).
  CHECK(resolve("main.go", "example.com/app") == "exact .");  // the root package: the root folder
  CHECK(resolve("main.go", "example.com/app/internal/missing") == "unresolved");
  CHECK(resolve("main.go", "example.com/application") == "external");
}

TEST_CASE("go imports: nested modules own their paths") {
  CHECK(resolve("main.go", "example.com/app/tools/gen") == "exact tools/gen");
  CHECK(resolve("tools/gen/gen.go", "example.com/app/internal/db") == "exact internal/db");
  CHECK(resolve("main.go", "example.com/shared/strings") == "exact libs/shared/strings");
}

TEST_CASE("go imports: replace directives to local folders, never outside the repository") {
  CHECK(resolve("main.go", "example.com/far/x") == "unresolved");
  CHECK(resolve("main.go", "example.com/remote/pkg") == "external");
}

TEST_CASE("go imports: vendored, standard library, cgo and relative imports") {
  CHECK(resolve("main.go", "golang.org/x/text/unicode/norm") == "exact vendor/golang.org/x/text/unicode/norm");
  CHECK(resolve("main.go", "golang.org/x/text/missing") == "external");
  CHECK(resolve("main.go", "fmt") == "external");
  CHECK(resolve("main.go", "net/http") == "external");
  CHECK(resolve("main.go", "C") == "external");
  CHECK(resolve("legacy/a.go", "./b") == "exact legacy/b");
  CHECK(resolve("legacy/a.go", "../../x") == "unresolved");
  CHECK(resolve("main.go", "/abs") == "unresolved");
}

TEST_CASE("go imports: in Go's own tree the standard library is the repository") {
  const MemoryRepository go_tree({
      {"src/go.mod", "module std\n"},
      {"src/fmt/print.go", ""},
      {"src/internal/abi/abi.go", ""},
      {"src/vendor/golang.org/x/net/route/route.go", ""},
      {"src/cmd/go.mod", "module cmd\n"},
      {"src/cmd/go/main.go", ""},
      {"src/cmd/internal/obj/obj.go", ""},
      {"src/cmd/vendor/golang.org/x/mod/module/module.go", ""},
      {"src/cmd/go/testdata/go.mod", "module testdata\n"},
  });
  ax::lang::GoLanguage go;
  CHECK(resolve_import(go, go_tree, "src/fmt/print.go", "internal/abi") == "exact src/internal/abi");
  CHECK(resolve_import(go, go_tree, "src/fmt/print.go", "golang.org/x/net/route") ==
        "exact src/vendor/golang.org/x/net/route");
  CHECK(resolve_import(go, go_tree, "src/cmd/go/main.go", "cmd/internal/obj") == "exact src/cmd/internal/obj");
  CHECK(resolve_import(go, go_tree, "src/cmd/go/main.go", "fmt") == "exact src/fmt");
  CHECK(resolve_import(go, go_tree, "src/cmd/go/main.go", "golang.org/x/mod/module") ==
        "exact src/cmd/vendor/golang.org/x/mod/module");
  CHECK(resolve_import(go, go_tree, "src/fmt/print.go", "nothere") == "unresolved");
  CHECK(resolve_import(go, go_tree, "src/fmt/print.go", "testdata") == "unresolved");
}

TEST_CASE("go imports: go.mod parsing") {
  auto module = ax::lang::parse_go_mod("module   x.io/m\nreplace a.io/b v1 => ../b\nreplace c.io/d => e.io/d v2\n");
  CHECK(module.path == "x.io/m");
  REQUIRE(module.local_replacements.size() == 1);
  CHECK(module.local_replacements[0] == std::pair<std::string, std::string>{"a.io/b", "../b"});
}
