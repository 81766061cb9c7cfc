// .gitignore semantics for .gitignore and .axignore files: blank lines and # comments skipped,
// `!` re-includes, a trailing `/` matches directories only, a pattern with a `/` before its end is
// anchored to its file's directory, otherwise it matches a name at any depth; `*`, `?`, `[...]`,
// and `**` (any number of directories). The last matching rule wins, deeper files after shallower.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ax::index {

// Glob match of a whole path (or path suffix) against a gitignore-style pattern.
bool glob_match(std::string_view pattern, std::string_view path);

class IgnoreRules {
 public:
  // Adds the rules of `file`, whose directory is `base` (repository-relative, "" for the root).
  // Returns the number of rules added (0 when the file does not exist).
  std::size_t add_file(const std::filesystem::path& file, const std::string& base);
  void add_pattern(std::string_view line, const std::string& base);
  // Drops the most recently added `count` rules (leaving a directory during the walk).
  void pop(std::size_t count);
  // `path` is repository-relative with '/' separators.
  bool ignored(std::string_view path, bool is_directory) const;
  std::size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::string base;
    std::string pattern;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;
  };
  std::vector<Rule> rules_;
};

}  // namespace ax::index
