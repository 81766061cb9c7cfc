#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "python_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& repository() {
  static const MemoryRepository repo({
      {"app/__init__.py", ""},
      {"app/main.py", ""},
      {"app/util.py", ""},
      {"app/models/__init__.py", ""},
      {"app/models/user.py", ""},
      {"app/models/base.pyi", ""},
      {"app/ns/tool.py", ""},  // app/ns has no __init__.py: a namespace package
      {"scripts/run.py", ""},
      {"scripts/helper.py", ""},
      {"packages/lib/pyproject.toml", ""},
      {"packages/lib/src/libpkg/__init__.py", ""},
      {"packages/lib/src/libpkg/core.py", ""},
      {"top.py", ""},
  });
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::PythonLanguage(), repository(), from, specifier);
}

}  // namespace

TEST_CASE("python imports: absolute modules, packages, stubs and namespace packages") {
  CHECK(resolve("top.py", "app.util") == "exact app/util.py");
  CHECK(resolve("top.py", "app") == "exact app/__init__.py");
  CHECK(resolve("top.py", "app.models") == "exact app/models/__init__.py");
  CHECK(resolve("top.py", "app.models.user") == "exact app/models/user.py");
  CHECK(resolve("top.py", "app.models.base") == "exact app/models/base.pyi");
  CHECK(resolve("top.py", "app.ns.tool") == "exact app/ns/tool.py");
  CHECK(resolve("top.py", "app.ns") == "exact app/ns");
}

TEST_CASE("python imports: `from M import n` reaches submodule n, else M") {
  // The parser writes `from app.models import user` as "app.models.user".
  CHECK(resolve("top.py", "app.models.User") == "exact app/models/__init__.py");
  CHECK(resolve("top.py", "app.util.helper") == "exact app/util.py");
  // Only the last part may be a name: a missing submodule in the middle is unresolved.
  CHECK(resolve("top.py", "app.missing.name") == "unresolved");
  CHECK(resolve("top.py", "app.missing") == "exact app/__init__.py");
}

TEST_CASE("python imports: relative imports") {
  CHECK(resolve("app/main.py", ".util") == "exact app/util.py");
  CHECK(resolve("app/main.py", ".models.user") == "exact app/models/user.py");
  // `from . import name` where no module `name` exists: the package's __init__.py.
  CHECK(resolve("app/main.py", ".VERSION") == "exact app/__init__.py");
  CHECK(resolve("app/models/user.py", "..util") == "exact app/util.py");
  CHECK(resolve("app/models/user.py", ".base.Base") == "exact app/models/base.pyi");
  CHECK(resolve("app/models/user.py", "..") == "exact app/__init__.py");
  CHECK(resolve("app/ns/tool.py", ".") == "exact app/ns");
  CHECK(resolve("app/main.py", ".nothing.here") == "unresolved");
  // Leaving the repository: never a path outside it.
  CHECK(resolve("app/main.py", "...x") == "unresolved");
  CHECK(resolve("top.py", "..x") == "unresolved");
  CHECK(resolve("app/main.py", ".a..b") == "unresolved");
}

TEST_CASE("python imports: source roots from project files and src/") {
  CHECK(resolve("top.py", "libpkg.core") == "exact packages/lib/src/libpkg/core.py");
  CHECK(resolve("app/main.py", "libpkg") == "exact packages/lib/src/libpkg/__init__.py");
}

TEST_CASE("python imports: standard library and third-party are external; a script's neighbour is a guess") {
  CHECK(resolve("top.py", "os.path") == "external");
  CHECK(resolve("top.py", "numpy") == "external");
  CHECK(resolve("scripts/run.py", "helper") == "heuristic scripts/helper.py");
  CHECK(resolve("top.py", "helper") == "external");
  CHECK(resolve("top.py", "") == "unresolved");
}

TEST_CASE("python imports: the parser gives the kind and the imported names") {
  ax::lang::PythonLanguage python;
  CHECK(imports_with_kinds(python,
                           "import os.path, sys as system\n"
                           "from . import y\n"
                           "from .. import z as zed\n"
                           "from .x import (a, b as c)\n"
                           "from pkg.mod import *\n",
                           "p/q/m.py") == std::vector<std::string>{"import os.path@1", "import sys@1", "from .y@2",
                                                                   "from ..z@3", "from .x.a@4", "from .x.b@4",
                                                                   "from pkg.mod@5"});
}

TEST_CASE("python imports: project files") {
  ax::lang::PythonLanguage python;
  CHECK(python.project_files() == std::vector<std::string>{"pyproject.toml", "setup.py", "setup.cfg"});
}
