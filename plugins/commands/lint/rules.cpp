#include "rules.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

namespace ax::lint {
namespace fs = std::filesystem;

namespace {

const std::set<std::string> kRuleKeys = {"id", "language", "severity", "message", "query", "fix", "exclude"};

bool valid_rule_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id.front())) return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return lower_or_digit(c) || c == '-' || c == '_' || c == '.' || c == '/'; });
}

// The 1-based line where a scalar's text starts: a block scalar ("|", ">") starts on the next line.
std::uint32_t text_line(const YAML::Node& node, const std::vector<std::string_view>& lines) {
  const YAML::Mark mark = node.Mark();
  auto line = static_cast<std::uint32_t>(mark.line + 1);
  if (mark.line >= 0 && static_cast<std::size_t>(mark.line) < lines.size()) {
    std::string_view at = lines[mark.line];
    if (mark.column >= 0 && static_cast<std::size_t>(mark.column) < at.size() &&
        (at[mark.column] == '|' || at[mark.column] == '>'))
      ++line;
  }
  return line;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) {
      lines.push_back(text.substr(pos));
      break;
    }
    lines.push_back(text.substr(pos, eol - pos));
    pos = eol + 1;
  }
  return lines;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> yaml_files(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const auto extension = it->path().extension();
    if ((extension == ".yaml" || extension == ".yml") && it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "info") return Severity::info;
  if (text == "warning") return Severity::warning;
  if (text == "error") return Severity::error;
  return std::nullopt;
}

std::vector<std::string> message_captures(std::string_view message) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while ((pos = message.find("{{", pos)) != std::string_view::npos) {
    std::size_t end = message.find("}}", pos + 2);
    if (end == std::string_view::npos) break;
    std::string_view name = message.substr(pos + 2, end - pos - 2);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty() && name.front() == '@') name.remove_prefix(1);
    names.emplace_back(name);
    pos = end + 2;
  }
  return names;
}

void parse_rule_file(std::string_view text, const std::string& file, bool builtin, RuleSet& into) {
  const std::vector<std::string_view> lines = split_lines(text);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    into.problems.push_back({file, static_cast<std::uint32_t>(e.mark.line + 1), "not valid YAML: " + e.msg});
    return;
  }
  if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence()) {
    into.problems.push_back({file, 1, "a rule file is a mapping with a 'rules:' list"});
    return;
  }
  std::string default_language;
  if (auto language = root["language"]) {
    if (!language.IsScalar()) {
      into.problems.push_back({file, static_cast<std::uint32_t>(language.Mark().line + 1), "'language' is a name"});
      return;
    }
    default_language = language.Scalar();
  }
  for (const auto& key_value : root) {
    std::string key = key_value.first.IsScalar() ? key_value.first.Scalar() : "";
    if (key != "rules" && key != "language")
      into.problems.push_back({file, static_cast<std::uint32_t>(key_value.first.Mark().line + 1),
                               "unknown key '" + key + "' (a rule file has 'language' and 'rules')"});
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& node : root["rules"]) {
    const auto rule_line = static_cast<std::uint32_t>(node.Mark().line + 1);
    auto problem = [&](std::uint32_t line, const std::string& message) {
      into.problems.push_back({file, line, message});
    };
    if (!node.IsMap()) {
      problem(rule_line, "a rule is a mapping (id, language, query, message, severity, fix, exclude)");
      continue;
    }
    Rule rule;
    rule.file = file;
    rule.line = rule_line;
    rule.builtin = builtin;
    rule.language = default_language;
    bool usable = true;
    std::string label = "rule";
    if (auto id = node["id"]; id && id.IsScalar()) label = "rule '" + id.Scalar() + "'";
    for (const auto& key_value : node) {
      const std::string key = key_value.first.IsScalar() ? key_value.first.Scalar() : "";
      const YAML::Node& value = key_value.second;
      const auto line = static_cast<std::uint32_t>(key_value.first.Mark().line + 1);
      if (!kRuleKeys.count(key)) {
        problem(line, label + ": unknown key '" + key + "' (a rule has " +
                          "id, language, query, message, severity, fix, exclude)");
        usable = false;
        continue;
      }
      if (key == "exclude") {
        if (value.IsScalar()) {
          rule.exclude.push_back(value.Scalar());
        } else if (value.IsSequence()) {
          for (const auto& glob : value) {
            if (glob.IsScalar()) {
              rule.exclude.push_back(glob.Scalar());
            } else {
              problem(line, label + ": 'exclude' is a list of path globs");
              usable = false;
            }
          }
        } else {
          problem(line, label + ": 'exclude' is a list of path globs");
          usable = false;
        }
        continue;
      }
      if (!value.IsScalar()) {
        problem(line, label + ": '" + key + "' is a string");
        usable = false;
        continue;
      }
      const std::string& scalar = value.Scalar();
      if (key == "id") {
        rule.id = scalar;
      } else if (key == "language") {
        rule.language = scalar;
      } else if (key == "message") {
        rule.message = scalar;
      } else if (key == "query") {
        rule.query = scalar;
        rule.query_line = text_line(value, lines);
      } else if (key == "fix") {
        rule.fix = scalar;
      } else if (key == "severity") {
        auto severity = parse_severity(scalar);
        if (!severity) {
          problem(line, label + ": severity '" + scalar + "' is none of error, warning, info");
          usable = false;
        } else {
          rule.severity = *severity;
        }
      }
    }
    for (const char* required : {"id", "language", "query", "message"}) {
      const std::string& value = std::string_view(required) == "id"         ? rule.id
                                 : std::string_view(required) == "language" ? rule.language
                                 : std::string_view(required) == "query"    ? rule.query
                                                                            : rule.message;
      if (value.empty()) {
        problem(rule_line, label + ": '" + required + "' is missing");
        usable = false;
      }
    }
    if (!rule.id.empty() && !valid_rule_id(rule.id)) {
      problem(rule_line, "rule id '" + rule.id + "' is not lower-case letters, digits, '-', '_', '.', '/'");
      usable = false;
    }
    if (usable && !seen.insert({rule.id, rule.language}).second) {
      problem(rule_line, label + " for " + rule.language + " is defined twice in this file");
      usable = false;
    }
    if (usable) into.rules.push_back(std::move(rule));
  }
}

RuleSet load_rules(const fs::path& builtin_directory, const fs::path& user_directory, const fs::path& user_base) {
  RuleSet set;
  auto load = [&](const fs::path& directory, bool builtin, const fs::path& base) {
    for (const fs::path& path : yaml_files(directory)) {
      std::string shown = base.empty() ? path.string() : path.lexically_relative(base).string();
      std::string text;
      try {
        text = read_text(path);
      } catch (const std::exception& e) {
        set.problems.push_back({shown, 0, e.what()});
        continue;
      }
      RuleSet file_rules;
      parse_rule_file(text, shown, builtin, file_rules);
      for (auto& problem : file_rules.problems) set.problems.push_back(std::move(problem));
      for (auto& rule : file_rules.rules) {
        auto same = std::find_if(set.rules.begin(), set.rules.end(), [&](const Rule& other) {
          return other.id == rule.id && other.language == rule.language;
        });
        if (same == set.rules.end()) {
          set.rules.push_back(std::move(rule));
        } else if (same->builtin && !rule.builtin) {
          *same = std::move(rule);  // the repository's own version of a built-in rule
        } else {
          set.problems.push_back({shown, rule.line,
                                  "rule '" + rule.id + "' for " + rule.language + " is already defined in " +
                                      same->file + ":" + std::to_string(same->line)});
        }
      }
    }
  };
  load(builtin_directory, true, {});
  load(user_directory, false, user_base);
  return set;
}

fs::path builtin_rules_directory() {
  if (const char* v = std::getenv("AX_LINT_RULES_DIR"); v != nullptr && *v != '\0') return v;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / AX_INSTALL_DATADIR / "ax" / "lint-rules";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return AX_SOURCE_LINT_RULES_DIR;
}

}  // namespace ax::lint
