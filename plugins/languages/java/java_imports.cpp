#include "java_imports.hpp"

#include <algorithm>
#include <unordered_map>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

class JavaContext : public sdk::ResolutionContext {
 public:
  std::unordered_map<std::string, std::vector<std::string>> files_by_name;    // "C.java" -> paths
  std::unordered_map<std::string, std::vector<std::string>> folders_by_name;  // "b" -> folders holding .java
};

void index_folder(const sdk::RepositoryView& repo, const std::string& folder, JavaContext& context) {
  bool has_java = false;
  for (const std::string& entry : repo.list_directory(folder)) {
    if (entry.starts_with('.')) continue;
    if (entry.ends_with('/')) {
      index_folder(repo, join_path(folder, std::string_view(entry).substr(0, entry.size() - 1)), context);
    } else if (entry.ends_with(".java")) {
      context.files_by_name[entry].push_back(join_path(folder, entry));
      has_java = true;
    }
  }
  if (has_java && !folder.empty()) context.folders_by_name[std::string(base_name(folder))].push_back(folder);
}

std::string joined(const std::vector<std::string_view>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += '/';
    out += parts[i];
  }
  return out;
}

// The entries of `index` under `name` whose path is `suffix` or ends with "/suffix".
std::vector<std::string> with_suffix(const std::unordered_map<std::string, std::vector<std::string>>& index,
                                     const std::string& name, const std::string& suffix) {
  std::vector<std::string> out;
  auto found = index.find(name);
  if (found == index.end()) return out;
  for (const std::string& path : found->second)
    if (path == suffix || path.ends_with("/" + suffix)) out.push_back(path);
  return out;
}

// One of the paths naming the same package path from different source roots: the one whose root
// holds the importing file, else the only one (exact); else the nearest (heuristic).
sdk::ResolvedImport choose(const std::vector<std::string>& candidates, std::size_t suffix_size, std::string_view from) {
  std::vector<std::string> same_root;
  for (const std::string& candidate : candidates) {
    const std::string_view root = std::string_view(candidate).substr(0, candidate.size() - suffix_size);
    if (root.empty() || from.starts_with(root)) same_root.push_back(candidate);
  }
  if (same_root.size() == 1) return exact(same_root.front());
  if (candidates.size() == 1) return exact(candidates.front());
  return heuristic(*nearest_path(same_root.empty() ? candidates : same_root, from));
}

}  // namespace

std::unique_ptr<sdk::ResolutionContext> JavaImportResolver::prepare(const sdk::RepositoryView& repo) const {
  auto context = std::make_unique<JavaContext>();
  index_folder(repo, "", *context);
  return context;
}

sdk::ResolvedImport JavaImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                const sdk::Import& import) const {
  const auto& context = static_cast<const JavaContext&>(base);
  auto parts = split(trim_space(import.specifier), '.');
  const bool wildcard = parts.size() > 1 && parts.back() == "*";
  if (wildcard) parts.pop_back();
  if (parts.empty() || std::any_of(parts.begin(), parts.end(), [](std::string_view part) {
        return part.empty() || part == "*" || part.find('/') != std::string_view::npos;
      }))
    return unresolved();

  // `import a.b.*;`: the package folder.
  if (wildcard) {
    const std::string folder = joined(parts, parts.size());
    auto folders = with_suffix(context.folders_by_name, std::string(parts.back()), folder);
    if (!folders.empty()) return choose(folders, folder.size(), from);
  }
  // The type: the whole name, or a prefix of it (a nested type, a static member: `a.b.C.x` is in C.java).
  for (std::size_t count = parts.size(); count >= 2; --count) {
    const std::string file = joined(parts, count) + ".java";
    auto files = with_suffix(context.files_by_name, std::string(parts[count - 1]) + ".java", file);
    if (!files.empty()) return choose(files, file.size(), from);
  }
  // The package is the repository's, the type is missing.
  for (std::size_t count = parts.size() - (wildcard ? 0 : 1); count >= 2; --count)
    if (!with_suffix(context.folders_by_name, std::string(parts[count - 1]), joined(parts, count)).empty())
      return unresolved();
  return external();
}

}  // namespace ax::lang
