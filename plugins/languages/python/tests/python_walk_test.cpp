#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "python_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"PY("""Module docstring."""
import os, os.path as osp
import a.b.c
from . import sibling
from .pkg import (one, two as second)
from ..up import *
from __future__ import annotations

T = TypeVar("T")
P = typing.ParamSpec("P")
Alias: TypeAlias = int
Other: t.TypeAlias = str
NotAlias: my.module.TypeAlias = str
Id = NewType("Id", int)
square = lambda x: x * x
LIMIT = 8
Mixed_Case = 1
_private = 2
x, (y, z) = 1, (2, 3)
[p, q] = 1, 2
type Vector = list[float]
type Pair[K, V] = tuple[K, V]

try:
    FAST = True
    fast_module = None
except ImportError:
    FAST = False
else:
    ELSE_NAME = 1
if TYPE_CHECKING:
    from typing import Protocol
    for i in range(3):
        NESTED = i

class Colour(enum.Enum):
    """Colours."""
    RED = 1
    green = 2

class Flags(IntFlag, Base):
    A = 1

class NotEnum(my.deep.Enum):
    B = 2

class Reader(Protocol):
    # a comment first: no docstring
    """Not a docstring."""
    def read(self) -> bytes: ...

class Box(Protocol[T], Generic[T]):
    value: T
    COUNT: int = 0

class Plain:
    def __init__(self, a: int | None, b: str | bytes | None) -> None:
        """Builds it."""
        self.a = a

    @property
    def size(self) -> int:
        "Size."
        return 1

    @size.setter
    def size(self, value): ...

    @size.getter
    def size(self): ...

    @size.deleter
    def size(self): ...

    @functools.cached_property
    def cached(self): return 2

    @staticmethod
    @decorators.trace(level=1)
    def helper(x: list[int], y: os.PathLike) -> dict[str, int]:
        return helper(x).get(y)

    class Inner:
        def __init__(self): pass

def commented():  # a comment on the def line
    """Doc after a comment."""

def commented_block():
    # a comment inside the block
    """Doc after a comment line."""

def two_strings():
    "one", "two"

def outer():
    LOCAL = 1
    def inner(): pass
    return inner()

if __name__ == "__main__":
    MAIN_ONLY = 1
    outer()
def broken(:
    pass
)PY";

}  // namespace

TEST_CASE("python: the tree walk extracts exactly what the tags query does") {
  ax::lang::PythonLanguage walked;
  QueryOnly<ax::lang::PythonLanguage> queried;
  for (const std::string name : {"basic.py", "advanced.py"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "edge.py");
  CHECK(edge == dump_all(queried, kEdgeCases, "edge.py"));
  // The cases above do reach the walk.
  CHECK(edge.find("sym enum Colour q=Colour") != std::string::npos);
  CHECK(edge.find("doc=Colours.") != std::string::npos);
  CHECK(edge.find("sym constructor __init__") != std::string::npos);
  CHECK(edge.find("import from .pkg.second") == std::string::npos);
  CHECK(edge.find("import from .pkg.two") != std::string::npos);
}
