#include "linter.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
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

struct Linter::LanguageRules {
  const sdk::StructuralQueryLanguage* plugin = nullptr;
  std::vector<Rule> candidates;  // in file order, before compiling
  std::once_flag once;
  std::unique_ptr<sdk::StructuralQuery> query;  // the usable rules' queries, one after another
  std::vector<Rule> rules;                      // the usable ones, once compiled
  std::vector<std::size_t> rule_of_pattern;     // pattern index -> index in rules
  bool done = false;                            // compiled (query null: no rule compiles)
};

namespace {

// Whether a query text captures @name (a capture name ends where a name character does not follow).
bool captures(std::string_view query, std::string_view name) {
  std::string marker(1, '@');  // built by appending: GCC 12 warns falsely (-Wrestrict) on "@" + name
  marker += name;
  for (std::size_t at = query.find(marker); at != std::string_view::npos; at = query.find(marker, at + 1)) {
    std::size_t end = at + marker.size();
    if (end == query.size() || !(std::isalnum(static_cast<unsigned char>(query[end])) || query[end] == '_' ||
                                 query[end] == '-' || query[end] == '.'))
      return true;
  }
  return false;
}

}  // namespace

Linter::Linter(RuleSet rules, const QueryLanguageLookup& lookup) : problems_(std::move(rules.problems)) {
  digest::Sha256 hash;
  hash.update("ax-lint 2\n");
  for (auto& rule : rules.rules) {
    auto problem = [&](std::uint32_t line, const std::string& message) {
      problems_.push_back({rule.file, line, "rule '" + rule.id + "': " + message});
    };
    const sdk::StructuralQueryLanguage* plugin = lookup(rule.language);
    if (plugin == nullptr) {
      if (rule.builtin) continue;  // a language left out of this installation: its built-in rules too
      problem(rule.line, "no installed language '" + rule.language + "' runs structural queries");
      continue;
    }
    bool captures_known = true;
    for (const auto& name : message_captures(rule.message)) {
      if (!captures(rule.query, name)) {
        problem(rule.line, "the message names {{" + name + "}}, which the query does not capture");
        captures_known = false;
      }
    }
    if (!captures_known) continue;
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
    auto& language = languages_[rule.language];
    if (!language) {
      language = std::make_unique<LanguageRules>();
      language->plugin = plugin;
    }
    language->candidates.push_back(std::move(rule));
  }
  rule_set_hash_ = digest::to_hex(hash.finish());
  for (const auto& [name, language] : languages_) {
    bool has_user_rule = std::any_of(language->candidates.begin(), language->candidates.end(),
                                     [](const Rule& rule) { return !rule.builtin; });
    if (has_user_rule) compiled(name);
  }
}

Linter::~Linter() = default;

const Linter::LanguageRules& Linter::compiled(const std::string& name) const {
  LanguageRules& language = *languages_.at(name);
  std::call_once(language.once, [&] { compile(language); });
  return language;
}

void Linter::compile(LanguageRules& language) const {
  // One query for all the rules, its patterns told apart by where they start in the text. A rule
  // that does not compile makes the whole fail: then each is compiled alone to find and report it.
  auto join = [](const std::vector<Rule>& rules, std::vector<std::size_t>& starts) {
    std::string text;
    for (const auto& rule : rules) {
      starts.push_back(text.size());
      text += rule.query;
      text += '\n';
    }
    return text;
  };
  std::vector<Rule> usable = language.candidates;
  std::vector<std::size_t> starts;
  std::string combined = join(usable, starts);
  sdk::QueryCompileError error;
  auto query = language.plugin->compile_query(combined, error);
  if (!query) {
    std::vector<Rule> good;
    for (const auto& rule : usable) {
      sdk::QueryCompileError rule_error;
      if (language.plugin->compile_query(rule.query, rule_error)) {
        good.push_back(rule);
        continue;
      }
      std::uint32_t line = rule.query_line == 0 ? rule.line : rule.query_line + rule_error.line - 1;
      std::lock_guard lock(problems_mutex_);
      problems_.push_back({rule.file, line,
                           "rule '" + rule.id + "': query error at line " + std::to_string(rule_error.line) +
                               ", column " + std::to_string(rule_error.column) + ": " + rule_error.message});
    }
    usable = std::move(good);
    starts.clear();
    combined = join(usable, starts);
    query = usable.empty() ? nullptr : language.plugin->compile_query(combined, error);
    if (!query && !usable.empty()) {
      std::lock_guard lock(problems_mutex_);
      problems_.push_back({usable.front().file, 0,
                           "the rules of " + usable.front().language + " do not compile together: " + error.message});
    }
    if (!query) {
      language.done = true;
      return;
    }
  }
  for (std::uint32_t pattern = 0; pattern < query->pattern_count(); ++pattern) {
    std::size_t offset = query->pattern_offset(pattern);
    auto after = std::upper_bound(starts.begin(), starts.end(), offset);
    language.rule_of_pattern.push_back(static_cast<std::size_t>(after - starts.begin()) - 1);
  }
  language.rules = std::move(usable);
  language.query = std::move(query);
  language.done = true;
}

void Linter::compile_all() const {
  for (const auto& [name, language] : languages_) compiled(name);
}

std::vector<Rule> Linter::rules() const {
  std::vector<Rule> out;
  for (const auto& [name, language] : languages_) {
    // Before it is compiled, every candidate of a language counts as usable.
    const auto& rules = language->done ? language->rules : language->candidates;
    out.insert(out.end(), rules.begin(), rules.end());
  }
  return out;
}

std::vector<RuleProblem> Linter::problems() const {
  std::lock_guard lock(problems_mutex_);
  return problems_;
}

std::unique_ptr<sdk::QueryRunner> Linter::make_runner(const std::string& name) const {
  if (!has_rules_for(name)) return nullptr;
  const LanguageRules& language = compiled(name);
  return language.query ? language.plugin->make_query_runner() : nullptr;
}

std::vector<Finding> Linter::lint(const std::string& language, std::string_view path, std::string_view source,
                                  sdk::QueryRunner& runner) const {
  std::vector<Finding> findings;
  if (!has_rules_for(language)) return findings;
  const LanguageRules& compiled = this->compiled(language);
  if (!compiled.query) return findings;
  const std::vector<Rule>& rules = compiled.rules;
  std::vector<bool> excluded(rules.size(), false);
  for (std::size_t i = 0; i < rules.size(); ++i) excluded[i] = path_excluded(rules[i], path);

  const bool want_comments = source.find(kDirective) != std::string_view::npos;
  sdk::QueryRun run = runner.run(*compiled.query, source, path, want_comments);
  const auto& names = compiled.query->capture_names();

  std::set<std::pair<std::size_t, std::uint32_t>> seen;  // (rule, start byte)
  for (const sdk::QueryMatch& match : run.matches) {
    if (match.pattern >= compiled.rule_of_pattern.size() || match.captures.empty()) continue;
    const std::size_t rule_index = compiled.rule_of_pattern[match.pattern];
    if (excluded[rule_index]) continue;
    const Rule& rule = rules[rule_index];
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
