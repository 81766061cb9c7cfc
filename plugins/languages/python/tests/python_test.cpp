#include <catch2/catch.hpp>

#include <ax/lang/testing.hpp>

#include "python_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::SymbolKind;

TEST_CASE("python: classes, methods, docstrings, constants") {
  ax::lang::PythonLanguage python;
  auto result = parse(python, R"(import os
from .util import helper

MAX_SIZE = 10
counter = 0

class Shape:
    """A shape."""

    def area(self):
        return helper(self)


def main():
    s = Shape()
    print(s.area())
)", "shapes.py");
  CHECK(outline(result) == std::vector<std::string>{"constant MAX_SIZE@4", "variable counter@5", "class Shape@7",
                                                    "method Shape.area@10", "function main@14"});
  CHECK(symbol(result, "Shape").doc == "A shape.");
  CHECK(symbol(result, "Shape.area").signature == "def area(self)");
  CHECK(has_import(result, "os"));
  CHECK(has_import(result, ".util"));
  CHECK(has_reference(result, "helper", ax::sdk::ReferenceKind::call));
  CHECK(has_reference(result, "area", ax::sdk::ReferenceKind::call));
  CHECK_FALSE(result.had_syntax_errors);
}
