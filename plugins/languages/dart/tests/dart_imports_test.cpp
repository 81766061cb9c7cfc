#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "dart_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& repository() {
  static const MemoryRepository repo(
      {
          {"pubspec.yaml", "name: my_app # the app\ndescription: x\ndependencies:\n  name: not-this\n"},
          {"lib/main.dart", ""},
          {"lib/src/widgets/button.dart", ""},
          {"lib/src/theme.dart", ""},
          {"packages/core/pubspec.yaml", "name: 'core'\n"},
          {"packages/core/lib/core.dart", ""},
          {"packages/core/lib/src/money.dart", ""},
          {"packages/core/lib/src/money_part.dart", ""},
          {"test/widget_test.dart", ""},
      },
      {{"dart", "core.money", "packages/core/lib/src/money.dart"}});
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::DartLanguage(), repository(), from, specifier);
}

}  // namespace

TEST_CASE("dart imports: package: URIs through pubspec.yaml names") {
  CHECK(resolve("test/widget_test.dart", "package:my_app/main.dart") == "exact lib/main.dart");
  CHECK(resolve("lib/main.dart", "package:core/core.dart") == "exact packages/core/lib/core.dart");
  CHECK(resolve("lib/main.dart", "package:core/src/money.dart") == "exact packages/core/lib/src/money.dart");
  CHECK(resolve("lib/main.dart", "package:core/missing.dart") == "unresolved");
  CHECK(resolve("lib/main.dart", "package:core/../../../secret.dart") == "unresolved");
  CHECK(resolve("lib/main.dart", "package:core") == "unresolved");
  CHECK(resolve("lib/main.dart", "package:http/http.dart") == "external");
  CHECK(resolve("lib/main.dart", "package:not-this/x.dart") == "external");
}

TEST_CASE("dart imports: relative URIs, dart: and other schemes") {
  CHECK(resolve("lib/main.dart", "src/theme.dart") == "exact lib/src/theme.dart");
  CHECK(resolve("lib/src/widgets/button.dart", "../theme.dart") == "exact lib/src/theme.dart");
  CHECK(resolve("lib/src/widgets/button.dart", "./button.dart") == "exact lib/src/widgets/button.dart");
  CHECK(resolve("lib/main.dart", "src/missing.dart") == "unresolved");
  CHECK(resolve("lib/main.dart", "../../outside.dart") == "unresolved");
  CHECK(resolve("lib/main.dart", "/abs/x.dart") == "unresolved");
  CHECK(resolve("lib/main.dart", "dart:async") == "external");
  CHECK(resolve("lib/main.dart", "https://example.com/x.dart") == "external");
}

TEST_CASE("dart imports: `part of` a library name is found by definition") {
  CHECK(resolve("packages/core/lib/src/money_part.dart", "core.money") == "heuristic packages/core/lib/src/money.dart");
  CHECK(resolve("packages/core/lib/src/money_part.dart", "no.such.library") == "unresolved");
}

TEST_CASE("dart imports: kinds and pubspec names") {
  ax::lang::DartLanguage dart;
  CHECK(imports_with_kinds(dart, "import 'dart:async';\nexport 'src/a.dart';\npart 'b.dart';\n", "lib/x.dart") ==
        std::vector<std::string>{"import dart:async@1", "export src/a.dart@2", "part b.dart@3"});
  CHECK(imports_with_kinds(dart, "part of 'x.dart';\n", "lib/b.dart") == std::vector<std::string>{"part_of x.dart@1"});
  // `library a.b;` defines the name `part of a.b;` uses.
  const auto library = parse(dart, "library core.money;\nimport 'dart:math';\n", "lib/money.dart");
  CHECK(symbol(library, "core.money").kind == ax::sdk::SymbolKind::module);
  CHECK(ax::lang::pubspec_name("description: a\nname: \"quoted\"\n") == "quoted");
  CHECK(ax::lang::pubspec_name("description: a\n") == "");
}
