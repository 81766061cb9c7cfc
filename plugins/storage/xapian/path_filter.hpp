// `file:` patterns. Matching is case-sensitive, on repository-relative '/'-separated paths.
//
// - A pattern containing '*' or '?' is a glob (fnmatch syntax within a path segment, so '[a-z]'
//   classes work too). Without '/' it is matched against the file's base name ("*.py", "test_*");
//   with '/' against the whole path, anchored at the repository root ("src/*.cpp" matches direct
//   children of src/ only). A "**" segment matches any number of directories ("src/**/*.cpp",
//   "**/tests/*"); a trailing "/**" matches everything below a directory.
// - Any other pattern matches paths that contain it as a substring ("kernel", "src/kernel",
//   "store.cpp", ".hpp").
// A leading "./" is ignored, and so is a leading '/' for globs (they are anchored anyway).
//
// The index answers "*.ext" with the file's XE term; every other pattern is decided on the path of
// each candidate document (documents carry no directory, segment or base-name terms).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::storage::xapian {

class PathPattern {
 public:
  // nullopt for a pattern that constrains nothing (empty, or "./").
  static std::optional<PathPattern> parse(std::string_view text);

  bool is_glob() const { return kind_ != Kind::substring; }
  bool matches(std::string_view path) const;
  // A single term that selects exactly the matching paths without looking at the path list.
  std::optional<std::string> direct_term() const;

 private:
  enum class Kind { substring, base_name_glob, path_glob };
  PathPattern(Kind kind, std::string text);

  Kind kind_;
  std::string text_;
  std::vector<std::string> glob_segments_;  // path_glob: the pattern split at '/', "**" runs collapsed
};

}  // namespace ax::storage::xapian
