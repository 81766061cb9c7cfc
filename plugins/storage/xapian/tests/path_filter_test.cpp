#include <catch2/catch.hpp>

#include "path_filter.hpp"

using namespace ax::storage::xapian;

namespace {
PathPattern pattern(std::string_view text) {
  auto parsed = PathPattern::parse(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}
}  // namespace

TEST_CASE("empty patterns constrain nothing", "[paths]") {
  CHECK_FALSE(PathPattern::parse("").has_value());
  CHECK_FALSE(PathPattern::parse("./").has_value());
}

TEST_CASE("plain patterns match substrings of the path", "[paths]") {
  const auto kernel = pattern("kernel");
  CHECK_FALSE(kernel.is_glob());
  CHECK(kernel.matches("src/kernel/store.cpp"));
  CHECK(kernel.matches("src/kernels/a.cpp"));
  CHECK(kernel.matches("kernel.cpp"));
  CHECK_FALSE(kernel.matches("src/Kernel/a.cpp"));  // case-sensitive
  CHECK(pattern("src/kernel").matches("src/kernel/store.cpp"));
  CHECK_FALSE(pattern("src/kernel").matches("lib/kernel/store.cpp"));
  CHECK(pattern("./src/kernel").matches("src/kernel/store.cpp"));
  CHECK(pattern(".hpp").matches("include/a.hpp"));
}

TEST_CASE("globs without a slash match the base name", "[paths]") {
  const auto python = pattern("*.py");
  CHECK(python.is_glob());
  CHECK(python.matches("setup.py"));
  CHECK(python.matches("src/deep/module.py"));
  CHECK_FALSE(python.matches("src/module.pyc"));
  CHECK(pattern("test_?.py").matches("tests/test_a.py"));
  CHECK_FALSE(pattern("test_?.py").matches("tests/test_ab.py"));
  CHECK(pattern("[ab]*.c").matches("x/bar.c"));
  CHECK_FALSE(pattern("[ab]*.c").matches("x/car.c"));
}

TEST_CASE("globs with a slash match the whole path from the root", "[paths]") {
  const auto direct = pattern("src/*.cpp");
  CHECK(direct.matches("src/a.cpp"));
  CHECK_FALSE(direct.matches("src/kernel/a.cpp"));
  CHECK_FALSE(direct.matches("lib/src/a.cpp"));
  CHECK(pattern("/src/*.cpp").matches("src/a.cpp"));

  const auto deep = pattern("src/**/*.cpp");
  CHECK(deep.matches("src/a.cpp"));
  CHECK(deep.matches("src/kernel/store/a.cpp"));
  CHECK_FALSE(deep.matches("lib/a.cpp"));

  const auto anywhere = pattern("**/tests/*");
  CHECK(anywhere.matches("tests/a.py"));
  CHECK(anywhere.matches("plugins/x/tests/a.py"));
  CHECK_FALSE(anywhere.matches("plugins/x/tests/deeper/a.py"));

  const auto below = pattern("src/**");
  CHECK(below.matches("src/a.cpp"));
  CHECK(below.matches("src/x/y/z.cpp"));
  CHECK_FALSE(below.matches("src"));
  CHECK_FALSE(below.matches("srcs/a.cpp"));
  CHECK(pattern("src/**/**/*.h").matches("src/a.h"));
}

TEST_CASE("only extension globs map to a single term", "[paths]") {
  CHECK(pattern("*.cpp").direct_term() == std::optional<std::string>("XEcpp"));
  CHECK_FALSE(pattern("src/kernel/**").direct_term().has_value());
  CHECK_FALSE(pattern("*.tar.gz").direct_term().has_value());
  CHECK_FALSE(pattern("src/*/**").direct_term().has_value());
  CHECK_FALSE(pattern("kernel").direct_term().has_value());
  CHECK_FALSE(pattern("test_*").direct_term().has_value());
}
