#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "java_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& repository() {
  static const MemoryRepository repo({
      {"core/src/main/java/com/acme/core/Money.java", ""},
      {"core/src/main/java/com/acme/core/Currency.java", ""},
      {"core/src/test/java/com/acme/core/MoneyTest.java", ""},
      {"app/src/main/java/com/acme/app/Main.java", ""},
      {"app/src/main/java/com/acme/app/util/Strings.java", ""},
      // The same class in two modules (a copy in a sample): the importing module's wins.
      {"samples/src/com/acme/app/util/Strings.java", ""},
      {"samples/src/com/acme/app/Demo.java", ""},
      {"legacy/Tool.java", ""},
  });
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::JavaLanguage(), repository(), from, specifier);
}

}  // namespace

TEST_CASE("java imports: single types, nested types and static members are the type's file") {
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.core.Money") ==
        "exact core/src/main/java/com/acme/core/Money.java");
  CHECK(resolve("core/src/test/java/com/acme/core/MoneyTest.java", "com.acme.core.Money") ==
        "exact core/src/main/java/com/acme/core/Money.java");
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.core.Money.Builder") ==
        "exact core/src/main/java/com/acme/core/Money.java");
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.core.Currency.of") ==
        "exact core/src/main/java/com/acme/core/Currency.java");
}

TEST_CASE("java imports: wildcards name the package folder, or the type for `Type.*`") {
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.app.util.*") ==
        "exact app/src/main/java/com/acme/app/util");
  // com.acme.core has folders in two source roots (main and test), neither the importer's: a guess.
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.core.*") ==
        "heuristic core/src/main/java/com/acme/core");
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.core.Currency.*") ==
        "exact core/src/main/java/com/acme/core/Currency.java");
}

TEST_CASE("java imports: several source roots hold the name") {
  CHECK(resolve("app/src/main/java/com/acme/app/Main.java", "com.acme.app.util.Strings") ==
        "exact app/src/main/java/com/acme/app/util/Strings.java");
  CHECK(resolve("samples/src/com/acme/app/Demo.java", "com.acme.app.util.Strings") ==
        "exact samples/src/com/acme/app/util/Strings.java");
  // Neither root holds the importing file: the nearest, as a guess.
  CHECK(resolve("app/Build.java", "com.acme.app.util.Strings") ==
        "heuristic app/src/main/java/com/acme/app/util/Strings.java");
  CHECK(resolve("app/Build.java", "com.acme.app.util.*") == "heuristic app/src/main/java/com/acme/app/util");
}

TEST_CASE("java imports: the JDK and libraries are external, a missing type of a known package unresolved") {
  CHECK(resolve("legacy/Tool.java", "java.util.List") == "external");
  CHECK(resolve("legacy/Tool.java", "javax.inject.*") == "external");
  CHECK(resolve("legacy/Tool.java", "org.junit.Assert.assertEquals") == "external");
  CHECK(resolve("legacy/Tool.java", "com.acme.core.Missing") == "unresolved");
  CHECK(resolve("legacy/Tool.java", "com.acme.core.missing.*") == "unresolved");
  CHECK(resolve("legacy/Tool.java", "org.acme.core.*") == "external");
  CHECK(resolve("legacy/Tool.java", "Tool") == "external");
  CHECK(resolve("legacy/Tool.java", "a..b") == "unresolved");
  CHECK(resolve("legacy/Tool.java", "") == "unresolved");
}

TEST_CASE("java imports: the parser tells static imports apart") {
  ax::lang::JavaLanguage java;
  CHECK(imports_with_kinds(java,
                           "package p;\nimport java.util.List;\nimport static java.util.Objects.requireNonNull;\n"
                           "import java.io.*;\nimport  static\torg.junit.Assert.*;\nimport staticx.Y;\n",
                           "p/A.java") ==
        std::vector<std::string>{"import java.util.List@2", "static java.util.Objects.requireNonNull@3",
                                 "import java.io.*@4", "static org.junit.Assert.*@5", "import staticx.Y@6"});
}
