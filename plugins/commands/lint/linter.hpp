// Runs lint rules over files: each language's rules are compiled by its plugin (through the
// sdk::StructuralQueryLanguage capability) into one query, so a file is parsed once and queried once.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/model.hpp>
#include <ax/sdk/structural_query.hpp>

#include "rules.hpp"

namespace ax::lint {

struct Finding {
  std::string rule;
  Severity severity = Severity::warning;
  std::string message;  // captures interpolated
  std::string fix;
  sdk::Span span;         // 1-based lines, byte columns
  std::string line_text;  // the source line the finding starts on, without its line break
};

// The plugin capability of a language id, or nullptr (language not installed, or without it).
using QueryLanguageLookup = std::function<const sdk::StructuralQueryLanguage*(const std::string& language)>;

class Linter {
 public:
  // Checks every rule that needs no grammar (language installed, message captures); a language's
  // queries are compiled when it is first needed (a run whose files all come from the cache compiles
  // none), except for languages with repository rules, which are compiled at once so that their
  // mistakes are reported on every run.
  Linter(RuleSet rules, const QueryLanguageLookup& lookup);
  ~Linter();
  Linter(const Linter&) = delete;
  Linter& operator=(const Linter&) = delete;

  // Compiles every language's rules (for --list and tests).
  void compile_all() const;
  // The rules that can run: their language is installed and, where compiled, their query compiles.
  std::vector<Rule> rules() const;
  // Rules that cannot run, rule files that cannot be read; grows as languages are compiled.
  std::vector<RuleProblem> problems() const;
  // Identifies the rules (their text) and this linter's behaviour: cached findings are valid only
  // under it.
  const std::string& rule_set_hash() const { return rule_set_hash_; }
  bool has_rules_for(const std::string& language) const { return languages_.count(language) > 0; }

  // Runners are per thread: a worker asks for one per language and keeps it. Thread-safe.
  std::unique_ptr<sdk::QueryRunner> make_runner(const std::string& language) const;
  // The findings of one file, sorted by position, `ax-lint-ignore` suppressions applied. `path` is
  // repository-relative ('/'-separated); rules whose exclude globs match it are not applied.
  std::vector<Finding> lint(const std::string& language, std::string_view path, std::string_view source,
                            sdk::QueryRunner& runner) const;

 private:
  struct LanguageRules;
  const LanguageRules& compiled(const std::string& language) const;
  void compile(LanguageRules& language) const;

  std::map<std::string, std::unique_ptr<LanguageRules>> languages_;
  mutable std::mutex problems_mutex_;
  mutable std::vector<RuleProblem> problems_;
  std::string rule_set_hash_;
};

// Whether `path` matches a rule's exclude glob (fnmatch; '*' also crosses '/').
bool path_excluded(const Rule& rule, std::string_view path);

// The rule ids an `ax-lint-ignore` directive in `comment` names (empty: every rule), or nullopt when
// the comment holds none; `line_offset` is set to the directive's line within the comment (0-based).
std::optional<std::vector<std::string>> ignore_directive(std::string_view comment, std::uint32_t& line_offset);

// `message` with each {{capture}} replaced by `text_of(capture)`.
std::string interpolate(std::string_view message, const std::function<std::string(const std::string&)>& text_of);

}  // namespace ax::lint
