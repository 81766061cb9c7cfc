// Path arithmetic shared by the import resolvers. Paths are repository-relative and '/'-separated;
// "" is the repository root.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/imports.hpp>

namespace ax::lang {

// The folder holding `path` ("" at the root).
std::string_view parent_folder(std::string_view path);
// The last part of `path`.
std::string_view base_name(std::string_view path);
// `folder` and `rest` joined with one '/', either may be empty.
std::string join_path(std::string_view folder, std::string_view rest);
// `path` without "." and empty parts, ".." applied; nullopt when a ".." would leave the repository
// or the path is absolute.
std::optional<std::string> normalize_path(std::string_view path);
// `text` split at each `separator` (empty parts kept).
std::vector<std::string_view> split(std::string_view text, char separator);
std::string_view trim_space(std::string_view text);

// Of `candidates`, the one nearest the file `from`: the most leading folders in common, then the
// shortest path, then the first in order; nullptr when there are none.
const std::string* nearest_path(const std::vector<std::string>& candidates, std::string_view from);

// Shorthands for resolver results. The repository's root folder as a target is ".".
inline sdk::ResolvedImport exact(std::string to) {
  return {to.empty() ? std::string(".") : std::move(to), sdk::ImportResolution::exact};
}
inline sdk::ResolvedImport heuristic(std::string to) {
  return {to.empty() ? std::string(".") : std::move(to), sdk::ImportResolution::heuristic};
}
inline sdk::ResolvedImport external() { return {{}, sdk::ImportResolution::external}; }
inline sdk::ResolvedImport unresolved() { return {{}, sdk::ImportResolution::unresolved}; }

// The folders of the repository, breadth first, down to `max_depth` levels below the root
// (the root itself is ""), for resolvers that look for project files once in prepare().
std::vector<std::string> folders_of(const sdk::RepositoryView& repo, int max_depth);

}  // namespace ax::lang
