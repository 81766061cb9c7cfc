// The kernel's host: what asking for one language loads.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "host.hpp"

namespace fs = std::filesystem;

TEST_CASE("host: a language asked for by its id loads that language's plugin alone") {
  const fs::path dir = fs::temp_directory_path() / ("ax-host-language-" + std::to_string(::getpid()));
  fs::create_directories(dir / "xdg");
  ::setenv("AX_PLUGIN_PATH", AX_BUILTIN_PLUGIN_DIR, 1);
  for (const char* variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
    ::setenv(variable, (dir / "xdg").c_str(), 1);
  std::ostringstream out, err;
  ax::kernel::HostOptions options;
  options.working_directory = dir;
  options.out = &out;
  options.err = &err;
  {
    ax::kernel::KernelHost host(options);
    const auto loaded_languages = [&] {
      std::vector<std::string> names;
      for (const auto& plugin : host.plugins())
        if (plugin.kind == "language" && plugin.status == "loaded") names.push_back(plugin.name);
      return names;
    };
    CHECK(loaded_languages().empty());
    auto* go = host.language("go");
    REQUIRE(go != nullptr);
    CHECK(go->info().id == "go");
    CHECK(loaded_languages() == std::vector<std::string>{"go"});

    // An id no plugin is named after loads them all to look for it.
    CHECK(host.language("klingon") == nullptr);
    const auto all = host.languages();
    CHECK(all.size() > 1);
    CHECK(loaded_languages().size() == all.size());
    for (auto* language : all) CHECK(host.language(language->info().id) == language);
  }
  {
    // The convention the shortcut relies on holds for every built-in language plugin: each is named
    // after its language's id, and finds the same plugin as a search among all of them.
    ax::kernel::KernelHost host(options);
    std::vector<std::string> names;
    for (const auto& plugin : host.plugins())
      if (plugin.kind == "language") names.push_back(plugin.name);
    CHECK(names.size() > 1);
    for (const auto& name : names) {
      auto* language = host.language(name);
      REQUIRE(language != nullptr);
      CHECK(language->info().id == name);
    }
  }
  CHECK(err.str().empty());
  fs::remove_all(dir);
}
