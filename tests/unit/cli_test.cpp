#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <unistd.h>

#include <ax/sdk/version.hpp>
#include <ax/telemetry/store.hpp>

#include "cli.hpp"

namespace fs = std::filesystem;
using ax::kernel::closest_match;
using ax::kernel::run_cli;

TEST_CASE("cli: --version prints the kernel and SDK versions") {
  std::ostringstream out, err;
  CHECK(run_cli({"--version"}, out, err) == 0);
  CHECK_THAT(out.str(), Catch::StartsWith("ax ") && Catch::Contains("plugin SDK " + std::to_string(ax::sdk::kSdkMajor) +
                                                                    "." + std::to_string(ax::sdk::kSdkMinor) + ")"));
}

TEST_CASE("cli: usage errors exit 2 with one line on stderr") {
  std::ostringstream out, err;
  CHECK(run_cli({"--bogus"}, out, err) == 2);
  CHECK(err.str() == "ax: unknown option --bogus (see ax --help)\n");
  std::ostringstream out2, err2;
  CHECK(run_cli({"-c", "novalue"}, out2, err2) == 2);
  CHECK_THAT(err2.str(), Catch::Contains("KEY=VALUE"));
  std::ostringstream out3, err3;
  CHECK(run_cli({"zzzzzz"}, out3, err3) == 2);
  CHECK(err3.str() == "ax: unknown command 'zzzzzz' (see ax --help)\n");
}

TEST_CASE("cli: no command prints help and exits 2; --help exits 0") {
  std::ostringstream out, err;
  CHECK(run_cli({}, out, err) == 2);
  CHECK_THAT(out.str(), Catch::Contains("Usage: ax"));
  std::ostringstream out2, err2;
  CHECK(run_cli({"--help"}, out2, err2) == 0);
  CHECK_THAT(out2.str(), Catch::Contains("Commands:"));
}

TEST_CASE("cli: status with -C outside any index is a user error from status itself") {
  // A real directory, so -C succeeds and the status plugin runs and throws; the error must arrive
  // intact after the plugin that threw it is unloaded.
  fs::path dir = fs::temp_directory_path() / ("ax-cli-status-" + std::to_string(::getpid()));
  fs::create_directories(dir / "xdg");
  ::setenv("AX_PLUGIN_PATH", AX_BUILTIN_PLUGIN_DIR, 1);
  ::setenv("XDG_CONFIG_HOME", (dir / "xdg").c_str(), 1);
  ::setenv("XDG_DATA_HOME", (dir / "xdg").c_str(), 1);
  ::setenv("XDG_CACHE_HOME", (dir / "xdg").c_str(), 1);
  std::ostringstream out, err;
  CHECK(run_cli({"-C", dir.string(), "status"}, out, err) == 1);
  CHECK(out.str().empty());
  CHECK(err.str() ==
        "ax: no index found in " + dir.string() + " or above; run 'ax index' at the repository root first\n");
  std::ostringstream out2, err2;
  CHECK(run_cli({"-C", dir.string(), "status", "--bogus"}, out2, err2) == 2);
  CHECK(err2.str() == "ax: unknown flag --bogus\n");
  for (const char* name : {"AX_PLUGIN_PATH", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) ::unsetenv(name);
  fs::remove_all(dir);
}

TEST_CASE("cli: -C to a missing directory is a user error") {
  std::ostringstream out, err;
  CHECK(run_cli({"-C", "/definitely/not/here", "status"}, out, err) == 1);
  CHECK_THAT(err.str(), Catch::Contains("no such directory"));
}

TEST_CASE("cli: suggestions for typos") {
  std::vector<std::string> commands{"index", "find", "def", "status", "plugins", "config"};
  CHECK(closest_match("fnd", commands) == "find");
  CHECK(closest_match("indx", commands) == "index");
  CHECK(closest_match("stat", commands) == "status");
  CHECK(closest_match("plugin", commands) == "plugins");
  CHECK(closest_match("xylophone", commands).empty());
}

TEST_CASE("cli: one hook records every command, unless --no-telemetry") {
  auto state = std::filesystem::temp_directory_path() / ("ax-cli-telemetry-" + std::to_string(::getpid()));
  std::filesystem::remove_all(state);
  ::setenv("XDG_STATE_HOME", state.c_str(), 1);
  ::setenv("AX_TELEMETRY", "local", 1);
  auto events = [&] {
    std::vector<ax::telemetry::Event> found;
    std::string warning;
    auto store = ax::telemetry::Store::open(state / "ax" / "telemetry" / "store", warning);
    store->for_each_event(0, ax::telemetry::now_ns() + 1, [&](const ax::telemetry::Event& e) {
      found.push_back(e);
      return true;
    });
    return found;
  };
  std::ostringstream out, err;
  CHECK(run_cli({"--no-telemetry", "zzzzzz"}, out, err) == 2);
  CHECK_FALSE(std::filesystem::exists(state / "ax"));
  CHECK(run_cli({"zzzzzz"}, out, err) == 2);
  auto recorded = events();
  REQUIRE(recorded.size() == 2);
  CHECK(recorded[0].kind == ax::telemetry::EventKind::command);
  CHECK(recorded[0].name == "unknown");  // never the mistyped word
  CHECK(recorded[0].count == 2);
  CHECK(recorded[1].kind == ax::telemetry::EventKind::error);
  CHECK(recorded[1].name == "usage");
  CHECK(recorded[1].detail == "unknown command <name> (see ax --help)");
  ::unsetenv("AX_TELEMETRY");
  std::filesystem::remove_all(state);
}
