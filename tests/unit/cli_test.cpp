#include <catch2/catch.hpp>

#include <sstream>

#include "cli.hpp"

using ax::kernel::closest_match;
using ax::kernel::run_cli;

TEST_CASE("cli: --version prints the kernel and SDK versions") {
  std::ostringstream out, err;
  CHECK(run_cli({"--version"}, out, err) == 0);
  CHECK_THAT(out.str(), Catch::StartsWith("ax ") && Catch::Contains("plugin SDK 1.1"));
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
