#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "c_language.hpp"

using namespace ax::lang::testing;

TEST_CASE("c imports: #include \"x\" and #include <x> are told apart") {
  ax::lang::CLanguage c;
  CHECK(imports_with_kinds(c, "#include <stdio.h>\n#include \"util/strings.h\"\n", "src/main.c") ==
        std::vector<std::string>{"system_include <stdio.h>@1", "include util/strings.h@2"});
}

TEST_CASE("c imports: the plugin resolves includes with the shared resolver") {
  ax::lang::CLanguage c;
  const MemoryRepository repo(std::map<std::string, std::string>{{"src/main.c", ""}, {"src/util/strings.h", ""}});
  CHECK(resolve_import(c, repo, "src/main.c", "util/strings.h") == "exact src/util/strings.h");
  CHECK(resolve_import(c, repo, "src/main.c", "<stdio.h>") == "external");
  CHECK(c.project_files() == std::vector<std::string>{"compile_commands.json"});
}
