#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "cpp_language.hpp"

using namespace ax::lang::testing;

TEST_CASE("cpp imports: includes and using declarations have their kinds") {
  ax::lang::CppLanguage cpp;
  CHECK(imports_with_kinds(cpp,
                           "#include <vector>\n#include \"app/widget.hpp\"\nusing namespace app;\n"
                           "using std::string;\n",
                           "src/main.cpp") == std::vector<std::string>{"system_include <vector>@1",
                                                                       "include app/widget.hpp@2", "using app@3",
                                                                       "using std::string@4"});
}

TEST_CASE("cpp imports: a using declaration names the files defining it") {
  ax::lang::CppLanguage cpp;
  const MemoryRepository repo({{"src/main.cpp", ""},
                               {"src/version", ""},
                               {"include/app/widget.hpp", ""},
                               {"src/app/widget.cpp", ""},
                               {"lib/app/other.hpp", ""}},
                              {{"cpp", "app::Widget", "include/app/widget.hpp"},
                               {"cpp", "app", "lib/app/other.hpp"},
                               {"cpp", "app", "src/app/widget.cpp"}});
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "app::Widget") == "heuristic include/app/widget.hpp");
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "::app::Widget") == "heuristic include/app/widget.hpp");
  // Several files define namespace app: the nearest one.
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "app") == "heuristic src/app/widget.cpp");
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "std::string") == "external");
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "version") == "exact src/version");
  CHECK(resolve_import(cpp, repo, "src/main.cpp", "app/widget.hpp") == "heuristic include/app/widget.hpp");
}
