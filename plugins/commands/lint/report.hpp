// How `ax lint` prints findings: like a compiler (text), as JSON, or as SARIF 2.1.0.
#pragma once
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "lint_run.hpp"
#include "rules.hpp"

namespace ax::lint {

struct Report {
  std::filesystem::path root;        // the repository
  std::filesystem::path shown_from;  // text output names files relative to this (the working directory)
  std::vector<FileFindings> files;   // already filtered by rule and severity
  std::vector<Rule> rules;           // the rules that ran (SARIF lists them)
  std::vector<RuleProblem> problems;
  std::size_t considered = 0, linted = 0, cached = 0;
};

struct FindingCounts {
  std::size_t error = 0, warning = 0, info = 0;
  std::size_t total() const { return error + warning + info; }
};
FindingCounts count_findings(const std::vector<FileFindings>& files);

// path:line:col: severity: message [rule], the source line with a caret under the column, the fix.
void write_text(std::ostream& out, const Report& report);
void write_json(std::ostream& out, const Report& report);
// One run, tool "ax", rules by id, results with repository-relative URIs (uriBaseId %SRCROOT%).
void write_sarif(std::ostream& out, const Report& report, const std::string& version);

// The rules, one a line (id, language, severity, where defined, message), or as JSON.
void write_rule_list(std::ostream& out, const std::vector<Rule>& rules, bool json);

// Percent-encodes a repository-relative path for a URI ('/' kept; bytes outside the unreserved set
// escaped, so any file name gives a valid URI).
std::string uri_path(std::string_view path);

}  // namespace ax::lint
