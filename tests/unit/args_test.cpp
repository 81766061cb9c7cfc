#include <catch2/catch.hpp>

#include <ax/sdk/args.hpp>

using ax::sdk::Args;
using ax::sdk::UsageError;

TEST_CASE("args: flags, options and positional words") {
  Args args({"one", "--json", "--limit", "5", "--kind=class", "--", "--two"}, {"--json"}, {"--limit", "--kind"});
  CHECK(args.has("--json"));
  CHECK(args.get("--limit") == "5");
  CHECK(args.get("--kind") == "class");
  CHECK(args.positional() == std::vector<std::string>{"one", "--two"});
  CHECK(Args({"-"}, {}, {}).positional() == std::vector<std::string>{"-"});
}

TEST_CASE("args: an unknown flag is a usage error naming it, with the closest known flag") {
  CHECK_THROWS_MATCHES(Args({"--bogus"}, {"--json"}, {}), UsageError, Catch::Message("unknown flag --bogus"));
  CHECK_THROWS_MATCHES(Args({"--jsn"}, {"--json"}, {}), UsageError,
                       Catch::Message("unknown flag --jsn; did you mean --json?"));
  CHECK_THROWS_MATCHES(Args({"--lim=3"}, {"--json"}, {"--limit"}), UsageError,
                       Catch::Message("unknown flag --lim; did you mean --limit?"));
  // A single dash is a flag too unless declared or accepted as a word.
  CHECK_THROWS_MATCHES(Args({"a", "-x"}, {"--json"}, {}), UsageError, Catch::Message("unknown flag -x"));
  CHECK_THROWS_MATCHES(Args({"-n", "5"}, {}, {"--limit"}), UsageError, Catch::Message("unknown flag -n"));
}

TEST_CASE("args: a command may accept some dash-words, such as a query's negated filters") {
  auto filters = [](const std::string& word) { return word.find(':') != std::string::npos; };
  Args args({"retry", "-lang:go", "--limit", "3"}, {}, {"--limit"}, filters);
  CHECK(args.positional() == std::vector<std::string>{"retry", "-lang:go"});
  CHECK_THROWS_MATCHES(Args({"retry", "-n"}, {}, {"--limit"}, filters), UsageError, Catch::Message("unknown flag -n"));
}
