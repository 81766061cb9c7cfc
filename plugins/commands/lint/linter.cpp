#include "linter.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <optional>
#include <set>

#include <ax/digest/sha256.hpp>

namespace ax::lint {
namespace {

constexpr std::string_view kDirective = "ax-lint-ignore";
// Captured text put into a message: its first line, at most this many bytes.
constexpr std::size_t kMaxInterpolatedBytes = 120;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// The first line of `text`, trimmed, cut at a UTF-8 boundary.
std::string short_text(std::string_view text) {
  text = trim(text);
  std::size_t eol = text.find('\n');
  bool cut = eol != std::string_view::npos;
  text = trim(text.substr(0, eol));
  if (text.size() > kMaxInterpolatedBytes) {
    std::size_t end = kMaxInterpolatedBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  return std::string(text) + (cut ? "..." : "");
}

bool rule_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '/';
}

std::string_view line_at(std::string_view source, std::uint32_t byte) {
  if (byte > source.size()) return {};
  std::size_t start = byte == 0 ? 0 : source.rfind('\n', byte - 1);
  start = start == std::string_view::npos ? 0 : (byte == 0 ? 0 : start + 1);
  std::size_t end = source.find('\n', byte);
  std::string_view line = source.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

bool path_excluded(const Rule& rule, std::string_view path) {
  const std::string text(path);
  for (const auto& glob : rule.exclude)
    if (::fnmatch(glob.c_str(), text.c_str(), 0) == 0) return true;
  return false;
}

std::optional<std::vector<std::string>> ignore_directive(std::string_view comment, std::uint32_t& line_offset) {
  std::size_t at = comment.find(kDirective);
  while (at != std::string_view::npos) {
    std::size_t after = at + kDirective.size();
    bool word_end = after == comment.size() || comment[after] == ' ' || comment[after] == '\t' ||
                    comment[after] == ':' || comment[after] == '\n' || comment[after] == '\r' || comment[after] == '*';
    bool word_start = at == 0 || !rule_id_char(comment[at - 1]);
    if (word_end && word_start) break;
    at = comment.find(kDirective, after);
  }
  if (at == std::string_view::npos) return std::nullopt;
  line_offset = static_cast<std::uint32_t>(std::count(comment.begin(), comment.begin() + at, '\n'));
  std::string_view rest = comment.substr(at + kDirective.size());
  rest = rest.substr(0, rest.find('\n'));
  if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  std::vector<std::string> ids;
  std::size_t i = 0;
  while (i < rest.size()) {
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == ',')) ++i;
    std::size_t start = i;
    // An id starts with a letter or digit: "*/", "-->" or "-- reason" end the list.
    if (i == rest.size() || !((rest[i] >= 'a' && rest[i] <= 'z') || (rest[i] >= '0' && rest[i] <= '9'))) break;
    while (i < rest.size() && rule_id_char(rest[i])) ++i;
    if (i < rest.size() && rest[i] != ' ' && rest[i] != '\t' && rest[i] != ',' && rest[i] != '\r' &&
        rest.substr(i, 2) != "*/")
      break;
    ids.emplace_back(rest.substr(start, i - start));
  }
  return ids;
}

std::string interpolate(std::string_view message, const std::function<std::string(const std::string&)>& text_of) {
  std::string out;
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t open = message.find("{{", pos);
    std::size_t close = open == std::string_view::npos ? open : message.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out += message.substr(pos);
      break;
    }
    out += message.substr(pos, open - pos);
    std::string_view name = trim(message.substr(open + 2, close - open - 2));
    if (!name.empty() && name.front() == '@') name.remove_prefix(1);
    out += text_of(std::string(name));
    pos = close + 2;
  }
  return out;
}

Linter::Linter(RuleSet rules, const QueryLanguageLookup& lookup) : problems_(std::move(rules.problems)) {
  std::map<std::string, std::vector<std::pair<Rule, std::uint32_t>>> by_language;  // with pattern counts
  for (auto& rule : rules.rules) {
    const sdk::StructuralQueryLanguage* plugin = lookup(rule.language);
    auto problem = [&](std::uint32_t line, const std::string& message) {
      problems_.push_back({rule.file, line, "rule '" + rule.id + "': " + message});
    };
    if (plugin == nullptr) {
      if (rule.builtin) continue;  // a language left out of this installation: its built-in rules too
      problem(rule.line, "no installed language '" + rule.language + "' runs structural queries");
      continue;
    }
    sdk::QueryCompileError error;
    auto query = plugin->compile_query(rule.query, error);
    if (!query) {
      std::uint32_t line = rule.query_line == 0 ? rule.line : rule.query_line + error.line - 1;
      problem(line, "query error at line " + std::to_string(error.line) + ", column " + std::to_string(error.column) +
                        ": " + error.message);
      continue;
    }
    bool captures_known = true;
    for (const auto& name : message_captures(rule.message)) {
      const auto& names = query->capture_names();
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        problem(rule.line, "the message names {{" + name + "}}, which the query does not capture");
        captures_known = false;
      }
    }
    if (captures_known) {
      std::uint32_t patterns = query->pattern_count();
      by_language[rule.language].emplace_back(std::move(rule), patterns);
    }
  }

  digest::Sha256 hash;
  hash.update("ax-lint 1\n");
  for (auto& [language, language_rules] : by_language) {
    const sdk::StructuralQueryLanguage* plugin = lookup(language);
    std::string combined;
    LanguageRules compiled;
    compiled.plugin = plugin;
    for (const auto& [rule, patterns] : language_rules) {
      for (std::uint32_t i = 0; i < patterns; ++i) compiled.rule_of_pattern.push_back(rules_.size());
      combined += rule.query;
      combined += '\n';
      rules_.push_back(rule);
      for (std::string_view part :
           {std::string_view(rule.id), std::string_view(rule.language), to_string(rule.severity),
            std::string_view(rule.message), std::string_view(rule.query), std::string_view(rule.fix)}) {
        hash.update(part);
        hash.update(std::string_view("\0", 1));
      }
      for (const auto& glob : rule.exclude) {
        hash.update(glob);
        hash.update(std::string_view("\1", 1));
      }
    }
    sdk::QueryCompileError error;
    compiled.query = plugin->compile_query(combined, error);
    if (!compiled.query || compiled.query->pattern_count() != compiled.rule_of_pattern.size()) {
      // Each query compiled alone; together they should too. Say so rather than run a wrong mapping.
      problems_.push_back({language, 0, "the rules of " + language + " do not compile together: " + error.message});
      continue;
    }
    languages_.emplace(language, std::move(compiled));
  }
  rule_set_hash_ = digest::to_hex(hash.finish());
}

std::unique_ptr<sdk::QueryRunner> Linter::make_runner(const std::string& language) const {
  auto it = languages_.find(language);
  return it == languages_.end() ? nullptr : it->second.plugin->make_query_runner();
}

std::vector<Finding> Linter::lint(const std::string& language, std::string_view path, std::string_view source,
                                  sdk::QueryRunner& runner) const {
  std::vector<Finding> findings;
  auto it = languages_.find(language);
  if (it == languages_.end()) return findings;
  const LanguageRules& compiled = it->second;
  std::vector<bool> excluded(rules_.size(), false);
  for (std::size_t i = 0; i < rules_.size(); ++i) excluded[i] = path_excluded(rules_[i], path);

  const bool want_comments = source.find(kDirective) != std::string_view::npos;
  sdk::QueryRun run = runner.run(*compiled.query, source, path, want_comments);
  const auto& names = compiled.query->capture_names();

  std::set<std::pair<std::size_t, std::uint32_t>> seen;  // (rule, start byte)
  for (const sdk::QueryMatch& match : run.matches) {
    if (match.pattern >= compiled.rule_of_pattern.size() || match.captures.empty()) continue;
    const std::size_t rule_index = compiled.rule_of_pattern[match.pattern];
    if (excluded[rule_index]) continue;
    const Rule& rule = rules_[rule_index];
    // The finding is at @finding, else at the first capture that is not a helper (@_name).
    const sdk::QueryCapture* at = nullptr;
    for (const auto& capture : match.captures) {
      const std::string& name = names[capture.index];
      if (name == "finding") {
        at = &capture;
        break;
      }
      if (!name.empty() && name.front() == '_') continue;
      if (at == nullptr || capture.range.start_byte < at->range.start_byte) at = &capture;
    }
    if (at == nullptr) at = &match.captures.front();
    if (!seen.insert({rule_index, at->range.start_byte}).second) continue;
    Finding finding;
    finding.rule = rule.id;
    finding.severity = rule.severity;
    finding.fix = rule.fix;
    finding.span = at->range.span;
    finding.line_text = std::string(line_at(source, at->range.start_byte));
    finding.message = interpolate(rule.message, [&](const std::string& name) {
      for (const auto& capture : match.captures)
        if (names[capture.index] == name)
          return short_text(source.substr(capture.range.start_byte, capture.range.end_byte - capture.range.start_byte));
      return std::string();
    });
    findings.push_back(std::move(finding));
  }

  if (want_comments && !findings.empty()) {
    std::map<std::uint32_t, std::vector<std::string>> ignored;  // line -> rule ids (empty: all)
    for (const auto& comment : run.comments) {
      std::uint32_t offset = 0;
      auto ids = ignore_directive(source.substr(comment.start_byte, comment.end_byte - comment.start_byte), offset);
      if (!ids) continue;
      auto& entry = ignored[comment.span.start_line + offset + 1];
      if (ids->empty()) entry.push_back("*");
      entry.insert(entry.end(), ids->begin(), ids->end());
    }
    std::erase_if(findings, [&](const Finding& finding) {
      auto at = ignored.find(finding.span.start_line);
      if (at == ignored.end()) return false;
      return std::any_of(at->second.begin(), at->second.end(),
                         [&](const std::string& id) { return id == "*" || id == finding.rule; });
    });
  }
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.span.start_line != b.span.start_line) return a.span.start_line < b.span.start_line;
    if (a.span.start_column != b.span.start_column) return a.span.start_column < b.span.start_column;
    return a.rule < b.rule;
  });
  return findings;
}

}  // namespace ax::lint
