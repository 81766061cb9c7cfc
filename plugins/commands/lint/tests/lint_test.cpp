// The lint library on its own: rule files, the linter over the Python plugin's queries, suppression,
// the cache and SARIF's URIs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cache.hpp"
#include "linter.hpp"
#include "python_language.hpp"
#include "report.hpp"
#include "rules.hpp"

namespace {
namespace fs = std::filesystem;
using namespace ax::lint;

const ax::lang::PythonLanguage& python() {
  static const ax::lang::PythonLanguage language;
  return language;
}

Linter python_linter(const std::string& yaml) {
  RuleSet set;
  parse_rule_file(yaml, "rules.yaml", false, set);
  return Linter(std::move(set), [](const std::string& language) -> const ax::sdk::StructuralQueryLanguage* {
    return language == "python" ? &python() : nullptr;
  });
}

std::vector<Finding> lint_python(const Linter& linter, std::string_view source, std::string_view path = "a.py") {
  auto runner = linter.make_runner("python");
  REQUIRE(runner);
  return linter.lint("python", path, source, *runner);
}

const char* kBareExcept = R"Y(language: python
rules:
  - id: bare-except
    severity: error
    message: "bare except in {{_function}}"
    query: |
      ((except_clause) @finding
        (#match? @finding "^except\\s*:")
        (#has-ancestor? @finding "function_definition"))
      (function_definition name: (identifier) @_function (block (try_statement (except_clause) @finding)))
    fix: "name the exception"
)Y";

}  // namespace

TEST_CASE("a rule file gives rules, and a broken rule a problem with its line; the other rules stay") {
  RuleSet set;
  parse_rule_file(R"Y(language: go
rules:
  - id: good
    message: m
    query: "(comment) @c"
  - id: Bad Id
    message: m
    query: "(comment) @c"
  - id: no-query
    message: m
  - id: loud
    severity: fatal
    message: m
    query: "(comment) @c"
  - id: typo
    mesage: m
    query: "(comment) @c"
)Y",
                  "x.yaml", false, set);
  REQUIRE(set.rules.size() == 1);
  CHECK(set.rules[0].id == "good");
  CHECK(set.rules[0].language == "go");
  CHECK(set.rules[0].severity == Severity::warning);
  CHECK(set.rules[0].query_line == 5);
  REQUIRE(set.problems.size() >= 4);
  std::ostringstream all;
  for (const auto& problem : set.problems)
    all << problem.file << ':' << problem.line << ": " << problem.message << '\n';
  CHECK_THAT(all.str(), Catch::Contains("x.yaml:6: rule id 'Bad Id'"));
  CHECK_THAT(all.str(), Catch::Contains("x.yaml:9: rule 'no-query': 'query' is missing"));
  CHECK_THAT(all.str(), Catch::Contains("x.yaml:12: rule 'loud': severity 'fatal'"));
  CHECK_THAT(all.str(), Catch::Contains("x.yaml:16: rule 'typo': unknown key 'mesage'"));
}

TEST_CASE("YAML that does not parse is one problem with its line") {
  RuleSet set;
  parse_rule_file("rules:\n  - id: [x\n", "broken.yaml", false, set);
  CHECK(set.rules.empty());
  REQUIRE(set.problems.size() == 1);
  CHECK(set.problems[0].line >= 2);
  CHECK_THAT(set.problems[0].message, Catch::StartsWith("not valid YAML"));
}

TEST_CASE("a query that does not compile is reported at its line in the rule file; the other rules run") {
  Linter linter = python_linter(R"Y(language: python
rules:
  - id: broken
    message: m
    query: |
      (call)
      (not_a_node) @x
  - id: fine
    message: "call of {{f}}"
    query: "(call function: (identifier) @f)"
  - id: unknown-capture
    message: "{{nothing}}"
    query: "(call) @c"
  - id: unknown-predicate
    message: m
    query: "((call) @c (#frobnicate? @c))"
)Y");
  REQUIRE(linter.rules().size() == 1);
  CHECK(linter.rules()[0].id == "fine");
  auto problems = linter.problems();
  REQUIRE(problems.size() == 3);
  std::map<std::string, RuleProblem> by_rule;
  for (const auto& problem : problems) by_rule[problem.message.substr(0, problem.message.find(':'))] = problem;
  CHECK(by_rule["rule 'broken'"].line == 7);
  CHECK_THAT(by_rule["rule 'broken'"].message,
             Catch::Contains("query error at line 2, column 2: invalid node type 'not_a_node'"));
  CHECK_THAT(by_rule["rule 'unknown-capture'"].message, Catch::Contains("{{nothing}}"));
  CHECK_THAT(by_rule["rule 'unknown-predicate'"].message, Catch::Contains("unknown predicate #frobnicate?"));
  auto findings = lint_python(linter, "print(1)\n");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "call of print");
}

TEST_CASE("findings: captures interpolated, structure not text, ancestors, positions and the source line") {
  Linter linter = python_linter(kBareExcept);
  const char* source =
      "def load():\n"
      "    try:\n"
      "        pass\n"
      "    except:\n"
      "        raise\n"
      "s = 'except:'\n"
      "# except: in a comment\n"
      "try:\n"
      "    pass\n"
      "except:\n"
      "    pass\n";
  auto findings = lint_python(linter, source);
  REQUIRE(findings.size() == 1);  // both patterns match line 4 once; module level has no function
  CHECK(findings[0].rule == "bare-except");
  CHECK(findings[0].severity == Severity::error);
  CHECK(findings[0].span.start_line == 4);
  CHECK(findings[0].span.start_column == 5);
  CHECK(findings[0].line_text == "    except:");
  CHECK(findings[0].fix == "name the exception");
}

TEST_CASE("ax-lint-ignore suppresses the named rules on the next line only") {
  Linter linter = python_linter(R"Y(language: python
rules:
  - id: call
    message: "{{f}}"
    query: "(call function: (identifier) @f)"
  - id: other
    message: other
    query: "((identifier) @i (#eq? @i \"nothing_matches_this\"))"
)Y");
  auto findings = lint_python(linter,
                              "# ax-lint-ignore call\n"
                              "a()\n"
                              "b()\n"
                              "# ax-lint-ignore other\n"
                              "c()\n"
                              "# ax-lint-ignore\n"
                              "d()\n"
                              "x = '# ax-lint-ignore call'\n"
                              "e()\n");
  std::vector<std::string> names;
  for (const auto& finding : findings) names.push_back(finding.message);
  CHECK(names == std::vector<std::string>{"b", "c", "e"});
}

TEST_CASE("ignore directives: ids up to the end of the comment") {
  std::uint32_t offset = 0;
  CHECK(!ignore_directive("// nothing here", offset));
  CHECK(!ignore_directive("// not-ax-lint-ignored", offset));
  CHECK(*ignore_directive("// ax-lint-ignore a-b, c/d */", offset) == std::vector<std::string>{"a-b", "c/d"});
  CHECK(ignore_directive("/* one\n * ax-lint-ignore x -- reason */", offset)->size() == 1);
  CHECK(offset == 1);
  CHECK(ignore_directive("# ax-lint-ignore", offset)->empty());
}

TEST_CASE("rule exclusion globs cross folders") {
  Rule rule;
  rule.exclude = {"tests/*", "*/main.rs"};
  CHECK(path_excluded(rule, "tests/a/b.rs"));
  CHECK(path_excluded(rule, "crates/x/src/main.rs"));
  CHECK_FALSE(path_excluded(rule, "src/lib.rs"));
}

TEST_CASE("the cache keeps findings for one rule set and drops a damaged or foreign file") {
  fs::path dir = fs::temp_directory_path() / ("ax-lint-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path file = dir / "lint-cache";
  LintCache cache;
  cache.rule_set_hash = "abc";
  Finding finding{"r", Severity::error, "m:\n{{x}}", "fix", {3, 4, 3, 9}, std::string("line\0text", 9)};
  cache.files["src/a b.py"] = CachedFile{10, -5, 42, {finding}};
  cache.files["empty.py"] = CachedFile{1, 2, 3, {}};
  write_cache(file, cache);
  LintCache back = read_cache(file, "abc");
  REQUIRE(back.files.size() == 2);
  const auto& entry = back.files.at("src/a b.py");
  CHECK(entry.mtime_ns == -5);
  CHECK(entry.content_hash == 42);
  REQUIRE(entry.findings.size() == 1);
  CHECK(entry.findings[0].message == "m:\n{{x}}");
  CHECK(entry.findings[0].line_text == std::string("line\0text", 9));
  CHECK(entry.findings[0].span.end_column == 9);
  CHECK(read_cache(file, "other").files.empty());
  {
    std::ofstream truncate(file, std::ios::binary | std::ios::trunc);
    truncate << "ax-lint-cache 1\n3:abc4:src/";
  }
  CHECK(read_cache(file, "abc").files.empty());
  fs::remove_all(dir);
}

TEST_CASE("SARIF URIs percent-encode what a URI cannot hold") {
  CHECK(uri_path("src/a.py") == "src/a.py");
  CHECK(uri_path("dir with space/x#1.py") == "dir%20with%20space/x%231.py");
  CHECK(uri_path("caf\xc3\xa9") == "caf%C3%A9");
}

TEST_CASE("severities order and parse") {
  CHECK(Severity::error > Severity::warning);
  CHECK(parse_severity("info") == Severity::info);
  CHECK_FALSE(parse_severity("fatal"));
  CHECK(message_captures("a {{x}} b {{ @y }}") == std::vector<std::string>{"x", "y"});
}
