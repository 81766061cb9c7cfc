// .gitignore semantics for .gitignore and .axignore files: blank lines and # comments skipped,
// `!` re-includes, a trailing `/` matches directories only, a pattern with a `/` before its end is
// anchored to its file's directory, otherwise it matches a name at any depth; `*`, `?`, `[...]`,
// and `**` (any number of directories). The last matching rule wins, deeper files after shallower.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::index {

// Glob match of a whole path (or path suffix) against a gitignore-style pattern.
bool glob_match(std::string_view pattern, std::string_view path);

// Where a rule was written, to tell the user which rule excluded a file.
struct RuleOrigin {
  std::string file;  // as given to add_file (or add_pattern's `source`)
  std::size_t line = 0;
  std::string text;  // the line as written
};

class IgnoreRules {
 public:
  // Adds the rules of `file`, whose directory is `base` (repository-relative, "" for the root).
  // `shown_as` names the file in RuleOrigin (default: `file` itself).
  // Returns the number of rules added (0 when the file does not exist).
  std::size_t add_file(const std::filesystem::path& file, const std::string& base, const std::string& shown_as = "");
  void add_pattern(std::string_view line, const std::string& base, const std::string& source = "",
                   std::size_t line_number = 0);
  // Drops the most recently added `count` rules (leaving a directory during the walk).
  void pop(std::size_t count);
  // `path` is repository-relative with '/' separators.
  bool ignored(std::string_view path, bool is_directory) const { return ignoring_rule(path, is_directory) != nullptr; }
  // The rule that ignores `path` (the last one matching, not negated), or nullptr when it is kept.
  const RuleOrigin* ignoring_rule(std::string_view path, bool is_directory) const;
  std::size_t size() const { return rules_.size(); }

 private:
  // How a rule's pattern is matched: most patterns are a plain name or `*.ext`, matched by a
  // comparison instead of the glob matcher (the walk asks every rule in force for every entry).
  enum class Match : char { literal, suffix, glob };
  struct Rule {
    std::string base;
    std::string pattern;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;
    Match match = Match::glob;
    RuleOrigin origin;
  };
  std::vector<Rule> rules_;
};

// Directories the walk never enters, wherever they are: .git, .ax, .hg, .svn.
bool always_skipped_directory(std::string_view name);

// The ignore rules in force in the directory holding `path` (repository-relative), as the walk has
// them there: .git/info/exclude, then the ignore files of the root and of each directory down to
// it. nullopt when the walk would not reach that directory: a directory above it is excluded or
// always skipped, or is a symbolic link (followed only with `follow_symlinks`, never out of the root).
std::optional<IgnoreRules> ignore_rules_at(const std::filesystem::path& root, std::string_view path,
                                           bool follow_symlinks);

}  // namespace ax::index
