#include "path_filter.hpp"

#include <fnmatch.h>

#include <span>

#include "terms.hpp"

namespace ax::storage::xapian {
namespace {

constexpr std::string_view kAnyDirectories = "**";

bool has_wildcard(std::string_view text) { return text.find_first_of("*?") != std::string_view::npos; }

bool fnmatch_segment(const std::string& pattern, std::string_view segment) {
  return ::fnmatch(pattern.c_str(), std::string(segment).c_str(), 0) == 0;
}

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) return segments;
    start = slash + 1;
  }
}

bool match_segments(std::span<const std::string> pattern, std::span<const std::string_view> path) {
  if (pattern.empty()) return path.empty();
  if (pattern.front() == kAnyDirectories) {
    // A trailing "**" needs something below the directory; an inner one may match nothing.
    if (pattern.size() == 1) return !path.empty();
    for (std::size_t skip = 0; skip <= path.size(); ++skip)
      if (match_segments(pattern.subspan(1), path.subspan(skip))) return true;
    return false;
  }
  return !path.empty() && fnmatch_segment(pattern.front(), path.front()) &&
         match_segments(pattern.subspan(1), path.subspan(1));
}

}  // namespace

PathPattern::PathPattern(Kind kind, std::string text) : kind_(kind), text_(std::move(text)) {
  if (kind_ != Kind::path_glob) return;
  for (const auto segment : path_segments(text_)) {
    if (segment == kAnyDirectories && !glob_segments_.empty() && glob_segments_.back() == kAnyDirectories) continue;
    glob_segments_.emplace_back(segment);
  }
}

std::optional<PathPattern> PathPattern::parse(std::string_view text) {
  while (text.starts_with("./")) text.remove_prefix(2);
  if (!has_wildcard(text)) {
    if (text.empty()) return std::nullopt;
    return PathPattern(Kind::substring, std::string(text));
  }
  while (text.starts_with('/')) text.remove_prefix(1);
  const Kind kind = text.find('/') == std::string_view::npos ? Kind::base_name_glob : Kind::path_glob;
  return PathPattern(kind, std::string(text));
}

bool PathPattern::matches(std::string_view path) const {
  switch (kind_) {
    case Kind::substring:
      return path.find(text_) != std::string_view::npos;
    case Kind::base_name_glob: {
      const std::size_t slash = path.rfind('/');
      return fnmatch_segment(text_, slash == std::string_view::npos ? path : path.substr(slash + 1));
    }
    case Kind::path_glob: {
      const auto segments = path_segments(path);
      return match_segments(glob_segments_, segments);
    }
  }
  return false;
}

std::optional<std::string> PathPattern::direct_term() const {
  if (kind_ == Kind::base_name_glob && text_.starts_with("*.")) {
    // "*.cpp" is exactly "the extension is cpp", as long as the rest holds no pattern characters.
    const std::string_view extension = std::string_view(text_).substr(2);
    if (!extension.empty() && extension.find_first_of("*?[\\.") == std::string_view::npos)
      return bounded_term(prefix::extension, extension);
  }
  return std::nullopt;
}

}  // namespace ax::storage::xapian
