// Lint rules: tree-sitter queries with a message, a severity and an optional fix, read from YAML rule
// files (the built-in ones shipped with ax, and a repository's .ax/lint/*.yaml).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::lint {

enum class Severity : int { info = 0, warning = 1, error = 2 };
std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

struct Rule {
  std::string id;        // "python/bare-except"-style: [a-z0-9][a-z0-9._/-]*
  std::string language;  // a language id ("python")
  Severity severity = Severity::warning;
  std::string message;               // may name captures: "{{name}}" becomes the captured text
  std::string query;                 // tree-sitter query
  std::string fix;                   // optional advice
  std::vector<std::string> exclude;  // path globs (fnmatch, '*' crosses '/') the rule does not apply to
  std::string file;                  // the rule file, as shown to the user
  std::uint32_t line = 0;            // where the rule starts in it (1-based)
  std::uint32_t query_line = 0;      // where the query text starts in it (1-based)
  bool builtin = false;
};

// A rule file or rule that cannot be used; printed as "file:line: message".
struct RuleProblem {
  std::string file;
  std::uint32_t line = 0;
  std::string message;
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<RuleProblem> problems;
};

// Reads one rule file's text into `into`: a mapping with `rules:` (a list of rules) and an optional
// default `language:`. Each rule: id, language, query, message, severity (error|warning|info,
// default warning), fix, exclude. A rule that is incomplete or malformed becomes a problem; the other
// rules of the file are kept.
void parse_rule_file(std::string_view text, const std::string& file, bool builtin, RuleSet& into);

// The built-in rules (every *.yaml of `builtin_directory`) and then the repository's (*.yaml of
// `user_directory`, shown relative to `user_base`), each directory in file name order. A user rule
// with the id and language of a built-in one replaces it.
RuleSet load_rules(const std::filesystem::path& builtin_directory, const std::filesystem::path& user_directory,
                   const std::filesystem::path& user_base);

// Where the built-in rules are: $AX_LINT_RULES_DIR, else <prefix>/share/ax/lint-rules beside an
// installed ax, else the source tree's lint-rules/ (a build tree), as for migrations.
std::filesystem::path builtin_rules_directory();

// The capture names a message refers to ("{{name}}"), in order.
std::vector<std::string> message_captures(std::string_view message);

}  // namespace ax::lint
