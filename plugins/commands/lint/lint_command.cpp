// `ax lint`: structural rules (tree-sitter queries) over the indexed files, printed like a compiler,
// as JSON or as SARIF; exit 1 when an error-level finding (or a broken rule file) is reported.
#include <algorithm>
#include <set>
#include <sstream>

#include <ax/sdk/sdk.hpp>

#include "lint_run.hpp"
#include "report.hpp"
#include "rules.hpp"

namespace {
namespace fs = std::filesystem;
using namespace ax;

constexpr int kExitInterrupted = 130;

constexpr const char* kUsage =
    R"(Usage: ax lint [PATH...] [--rule ID[,ID...]] [--severity LEVEL] [--format text|json|sarif]
       ax lint --list [--rule ID] [--severity LEVEL] [--format text|json]

Runs the lint rules over the indexed files (all, or those under each PATH) and prints the findings:
  text   path:line:col: severity: message [rule], then the source line (the default)
  json   {"findings": [...], "rule_problems": [...], "summary": {...}}
  sarif  SARIF 2.1.0, for code scanning (GitHub and others)

  --rule ID        only these rules (comma-separated ids)
  --severity LVL   only findings of this level or above: info, warning, error
  --list           print the rules instead of running them
  --format FMT     text, json or sarif

Rules are tree-sitter queries in YAML files: the built-in ones shipped with ax and the repository's
.ax/lint/*.yaml (id, language, query, message with {{capture}}s, severity error|warning|info,
fix, exclude). A comment `ax-lint-ignore RULE[,RULE]` (any comment syntax; no RULE: every rule)
suppresses findings on the next line. Files unchanged since the last run are not linted again
(.ax/lint-cache). Exit status: 1 when an error-level finding is printed or a rule file is broken.
)";

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> ids;
  std::stringstream stream(text);
  std::string id;
  while (std::getline(stream, id, ','))
    if (!id.empty()) ids.push_back(id);
  return ids;
}

std::string closest(const std::string& word, const std::set<std::string>& known) {
  std::string best;
  std::size_t best_distance = word.size() / 3 + 2;
  for (const auto& candidate : known) {
    std::size_t distance = sdk::edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

// PATH arguments as repository-relative selectors; each must exist inside the repository.
std::vector<std::string> selectors(const std::vector<std::string>& arguments, const fs::path& cwd,
                                   const fs::path& root) {
  std::vector<std::string> out;
  const fs::path canonical_root = fs::weakly_canonical(root);
  for (const auto& argument : arguments) {
    fs::path path = fs::path(argument).is_absolute() ? fs::path(argument) : cwd / argument;
    std::error_code ec;
    if (!fs::exists(path, ec)) throw sdk::UserError(argument + ": no such file or directory");
    fs::path relative = fs::weakly_canonical(path, ec).lexically_relative(canonical_root);
    std::string text = relative.generic_string();
    if (ec || relative.empty() || text == ".." || text.rfind("../", 0) == 0)
      throw sdk::UserError(argument + ": outside the repository " + root.string());
    out.push_back(text == "." ? "" : text);
  }
  return out;
}

class LintCommand final : public sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, sdk::Host& host) override {
    sdk::Args args(argv, {"--list"}, {"--rule", "--severity", "--format"});
    const std::string format = args.get("--format").value_or("text");
    if (format != "text" && format != "json" && format != "sarif")
      throw sdk::UsageError("unknown format '" + format + "' (text, json or sarif)");
    lint::Severity minimum = lint::Severity::info;
    if (auto level = args.get("--severity")) {
      auto parsed = lint::parse_severity(*level);
      if (!parsed) throw sdk::UsageError("unknown severity '" + *level + "' (info, warning or error)");
      minimum = *parsed;
    }
    std::vector<std::string> wanted;
    if (auto ids = args.get("--rule")) {
      wanted = split_ids(*ids);
      if (wanted.empty()) throw sdk::UsageError("--rule needs a rule id");
    }
    const bool list = args.has("--list");
    if (list && format == "sarif") throw sdk::UsageError("--list prints text or json, not sarif");
    if (list && !args.positional().empty()) throw sdk::UsageError("--list takes no PATH");

    // Rules come before the index: `--list` needs none.
    std::unique_ptr<sdk::Repository> repository;
    fs::path root;
    if (list) {
      root = host.repository_root(host.working_directory()).value_or(host.working_directory());
    } else {
      repository = sdk::require_repository(host);
      root = repository->root();
    }
    lint::RuleSet rule_set = lint::load_rules(lint::builtin_rules_directory(), root / ".ax" / "lint", root);
    std::set<std::string> defined;
    for (const auto& rule : rule_set.rules) defined.insert(rule.id);
    lint::Linter linter(std::move(rule_set), [&](const std::string& language) -> const sdk::StructuralQueryLanguage* {
      return dynamic_cast<const sdk::StructuralQueryLanguage*>(host.language(language));
    });
    for (const auto& id : wanted) {
      if (defined.count(id)) continue;
      std::string suggestion = closest(id, defined);
      throw sdk::UsageError("unknown rule '" + id + "'" +
                            (suggestion.empty() ? "" : "; did you mean " + suggestion + "?") + " (see ax lint --list)");
    }
    auto rule_wanted = [&](const std::string& id) {
      return wanted.empty() || std::find(wanted.begin(), wanted.end(), id) != wanted.end();
    };
    // Problems are known once the languages that ran are compiled: printed after the run.
    auto report_problems = [&] {
      auto problems = linter.problems();
      for (const auto& problem : problems) {
        host.err() << "ax: " << problem.file;
        if (problem.line > 0) host.err() << ':' << problem.line;
        host.err() << ": " << problem.message << '\n';
      }
      return problems.empty() ? sdk::kExitOk : sdk::kExitUserError;
    };

    if (list) {
      linter.compile_all();
      const int problems_status = report_problems();
      std::vector<lint::Rule> shown;
      for (const auto& rule : linter.rules())
        if (rule_wanted(rule.id) && rule.severity >= minimum) shown.push_back(rule);
      lint::write_rule_list(host.out(), shown, format == "json");
      return problems_status;
    }

    lint::LintOptions options;
    options.paths = selectors(args.positional(), host.working_directory(), root);
    options.interrupted = &host.interrupted();
    if (auto threads = host.config("index.threads")) options.threads = static_cast<unsigned>(std::stoul(*threads));
    const fs::path cache_file = repository->state_dir() / "lint-cache";
    lint::LintCache cache = lint::read_cache(cache_file, linter.rule_set_hash());
    lint::LintResult result = lint::lint_files(linter, root, repository->store().files(), options, cache);
    if (result.cache_changed) {
      try {
        lint::write_cache(cache_file, cache);
      } catch (const std::exception& e) {
        host.err() << "ax: warning: the lint cache was not saved: " << e.what() << '\n';
      }
    }
    const int problems_status = report_problems();
    for (const auto& [path, why] : result.failures)
      host.err() << "ax: " << sdk::printable(path) << ": not linted: " << why << '\n';
    if (result.interrupted) {
      host.err() << "ax: interrupted\n";
      return kExitInterrupted;
    }

    lint::Report report;
    report.root = root;
    report.shown_from = host.working_directory();
    report.problems = linter.problems();
    report.considered = result.considered;
    report.linted = result.linted;
    report.cached = result.cached;
    for (const auto& rule : linter.rules())
      if (rule_wanted(rule.id)) report.rules.push_back(rule);
    for (auto& file : result.files) {
      std::erase_if(file.findings, [&](const lint::Finding& finding) {
        return !rule_wanted(finding.rule) || finding.severity < minimum;
      });
      if (!file.findings.empty()) report.files.push_back(std::move(file));
    }
    if (format == "json") {
      lint::write_json(host.out(), report);
    } else if (format == "sarif") {
      lint::write_sarif(host.out(), report, AX_VERSION);
    } else {
      lint::write_text(host.out(), report);
    }
    if (lint::count_findings(report.files).error > 0) return sdk::kExitUserError;
    if (!result.failures.empty()) return sdk::kExitUserError;
    return problems_status;
  }
};

const sdk::CommandSpec kCommands[] = {
    {"lint", "check the indexed files against structural lint rules", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "lint", "1.0.0", "Structural lint rules (tree-sitter queries)", kCommands,
          LintCommand)
