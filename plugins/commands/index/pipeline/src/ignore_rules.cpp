#include <ax/index/ignore_rules.hpp>

#include <sys/stat.h>

#include <fstream>

namespace ax::index {
namespace fs = std::filesystem;

namespace {

// Matches a bracket expression at pattern[0] == '['; sets `consumed` to its length.
bool match_class(std::string_view pattern, char c, std::size_t& consumed) {
  std::size_t i = 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char low = pattern[i];
    if (low == '\\' && i + 1 < pattern.size()) low = pattern[++i];
    char high = low;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      high = pattern[i + 2];
      i += 2;
    }
    if (c >= low && c <= high) matched = true;
    ++i;
  }
  if (i >= pattern.size()) {  // no closing bracket: a literal '['
    consumed = 1;
    return c == '[';
  }
  consumed = i + 1;
  return matched != negate;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      std::string_view rest = p.substr(2);
      if (!rest.empty() && rest.front() == '/') {
        rest.remove_prefix(1);
        if (glob_match(rest, s)) return true;
        for (std::size_t i = 0; i < s.size(); ++i)
          if (s[i] == '/' && glob_match(rest, s.substr(i + 1))) return true;
        return false;
      }
      for (std::size_t i = 0; i <= s.size(); ++i)
        if (glob_match(rest, s.substr(i))) return true;
      return false;
    }
    switch (p.front()) {
      case '*':
        for (std::size_t i = 0; i <= s.size(); ++i) {
          if (glob_match(p.substr(1), s.substr(i))) return true;
          if (i < s.size() && s[i] == '/') break;
        }
        return false;
      case '?':
        if (s.empty() || s.front() == '/') return false;
        p.remove_prefix(1);
        s.remove_prefix(1);
        break;
      case '[': {
        if (s.empty() || s.front() == '/') return false;
        std::size_t consumed = 0;
        if (!match_class(p, s.front(), consumed)) return false;
        p.remove_prefix(consumed);
        s.remove_prefix(1);
        break;
      }
      case '\\':
        if (p.size() > 1) p.remove_prefix(1);
        [[fallthrough]];
      default:
        if (s.empty() || s.front() != p.front()) return false;
        p.remove_prefix(1);
        s.remove_prefix(1);
    }
  }
  return s.empty();
}

std::size_t IgnoreRules::add_file(const std::filesystem::path& file, const std::string& base,
                                  const std::string& shown_as) {
  std::ifstream in(file);
  if (!in) return 0;
  std::size_t before = rules_.size();
  const std::string source = shown_as.empty() ? file.string() : shown_as;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) add_pattern(line, base, source, number);
  return rules_.size() - before;
}

void IgnoreRules::add_pattern(std::string_view line, const std::string& base, const std::string& source,
                              std::size_t line_number) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const std::string_view as_written = line;
  // Trailing spaces are ignored unless escaped.
  while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
    line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return;
  Rule rule;
  rule.base = base;
  rule.origin = {source, line_number, std::string(as_written)};
  if (line.front() == '!') {
    rule.negated = true;
    line.remove_prefix(1);
  } else if (line.substr(0, 2) == "\\!" || line.substr(0, 2) == "\\#") {
    line.remove_prefix(1);
  }
  if (!line.empty() && line.back() == '/') {
    rule.directory_only = true;
    line.remove_suffix(1);
  }
  if (line.empty()) return;
  // A slash anywhere but the end anchors the pattern to the ignore file's directory.
  if (line.find('/') != std::string_view::npos) {
    rule.anchored = true;
    if (line.front() == '/') line.remove_prefix(1);
  }
  rule.pattern = std::string(line);
  constexpr std::string_view kGlobCharacters = "*?[\\";
  if (line.find_first_of(kGlobCharacters) == std::string_view::npos)
    rule.match = Match::literal;
  else if (!rule.anchored && line.size() > 1 && line.front() == '*' &&
           line.find_first_of(kGlobCharacters, 1) == std::string_view::npos)
    rule.match = Match::suffix;  // a name (no '/' in it) ending with what follows the star
  rules_.push_back(std::move(rule));
}

void IgnoreRules::pop(std::size_t count) { rules_.resize(rules_.size() - std::min(count, rules_.size())); }

const RuleOrigin* IgnoreRules::ignoring_rule(std::string_view path, bool is_directory) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    const Rule& rule = *it;
    if (rule.directory_only && !is_directory) continue;
    std::string_view relative = path;
    if (!rule.base.empty()) {
      if (path.size() <= rule.base.size() || path.substr(0, rule.base.size()) != rule.base ||
          path[rule.base.size()] != '/')
        continue;
      relative = path.substr(rule.base.size() + 1);
    }
    if (!rule.anchored) {
      const auto slash = relative.rfind('/');
      if (slash != std::string_view::npos) relative.remove_prefix(slash + 1);
    }
    bool matched = false;
    switch (rule.match) {
      case Match::literal:
        matched = relative == rule.pattern;
        break;
      case Match::suffix:
        matched = relative.ends_with(std::string_view(rule.pattern).substr(1));
        break;
      case Match::glob:
        matched = glob_match(rule.pattern, relative);
        break;
    }
    if (matched) return rule.negated ? nullptr : &rule.origin;
  }
  return nullptr;
}

bool always_skipped_directory(std::string_view name) {
  return name == ".git" || name == ".ax" || name == ".hg" || name == ".svn";
}

std::optional<IgnoreRules> ignore_rules_at(const fs::path& root, std::string_view path, bool follow_symlinks) {
  IgnoreRules rules;
  rules.add_file(root / ".git" / "info" / "exclude", "", ".git/info/exclude");
  rules.add_file(root / ".gitignore", "", ".gitignore");
  rules.add_file(root / ".axignore", "", ".axignore");
  for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    const std::string directory(path.substr(0, slash));
    const std::string_view name = std::string_view(directory).substr(directory.rfind('/') + 1);
    if (always_skipped_directory(name) || rules.ignored(directory, true)) return std::nullopt;
    struct stat st {};
    if (lstat((root / directory).c_str(), &st) != 0) return rules;  // gone: the caller finds the path gone too
    if (S_ISLNK(st.st_mode)) {
      if (!follow_symlinks) return std::nullopt;
      std::error_code ec;
      const fs::path target = fs::canonical(root / directory, ec);
      const fs::path inside = ec ? fs::path() : target.lexically_relative(fs::canonical(root, ec));
      if (ec || inside.empty() || *inside.begin() == "..") return std::nullopt;
    }
    rules.add_file(root / directory / ".gitignore", directory, directory + "/.gitignore");
    rules.add_file(root / directory / ".axignore", directory, directory + "/.axignore");
  }
  return rules;
}

}  // namespace ax::index
