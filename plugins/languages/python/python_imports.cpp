#include "python_imports.hpp"

#include <algorithm>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

class PythonContext : public sdk::ResolutionContext {
 public:
  PythonContext(const sdk::RepositoryView& repo, std::vector<std::string> roots)
      : repo(repo), roots(std::move(roots)) {}
  const sdk::RepositoryView& repo;
  std::vector<std::string> roots;  // most specific first, the repository root last
};

// Project files whose folder is a source root of its own (a package's distribution folder).
constexpr std::string_view kProjectFiles[] = {"pyproject.toml", "setup.py", "setup.cfg"};
// Deep enough for monorepos (packages/<group>/<name>/pyproject.toml), bounded for huge trees.
constexpr int kProjectSearchDepth = 4;

// The file or folder the module path `base` (a/b/c, no extension) names, if any: a module, its
// stub, a package's __init__, or (when `namespaces`) a folder, Python 3.3's namespace package.
std::optional<std::string> module_at(const sdk::RepositoryView& repo, const std::string& base, bool namespaces) {
  if (base.empty()) return std::nullopt;
  for (std::string_view suffix : {".py", ".pyi", "/__init__.py", "/__init__.pyi"}) {
    std::string candidate = base + std::string(suffix);
    if (repo.is_file(candidate)) return candidate;
  }
  if (namespaces && repo.is_directory(base)) return base;
  return std::nullopt;
}

std::string module_path(const std::vector<std::string_view>& parts, std::size_t count) {
  std::string path;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) path += '/';
    path += parts[i];
  }
  return path;
}

bool valid_parts(const std::vector<std::string_view>& parts) {
  return std::none_of(parts.begin(), parts.end(), [](std::string_view part) {
    return part.empty() || part == "." || part == ".." || part.find('/') != std::string_view::npos;
  });
}

// `parts` (all, then all but the last: `from M import n` where n is a name) under `folder`.
std::optional<std::string> find_under(const sdk::RepositoryView& repo, std::string_view folder,
                                      const std::vector<std::string_view>& parts, bool namespaces) {
  for (std::size_t count = parts.size(); count + 1 >= parts.size() && count > 0; --count)
    if (auto found = module_at(repo, join_path(folder, module_path(parts, count)), namespaces)) return found;
  return std::nullopt;
}

sdk::ResolvedImport resolve_relative(const PythonContext& context, std::string_view from, std::string_view specifier) {
  std::size_t dots = 0;
  while (dots < specifier.size() && specifier[dots] == '.') ++dots;
  std::string package(parent_folder(from));
  for (std::size_t up = 1; up < dots; ++up) {
    if (package.empty()) return unresolved();  // beyond the repository's top-level package
    package = std::string(parent_folder(package));
  }
  std::string_view rest = specifier.substr(dots);
  if (rest.empty()) {
    // `from .. import *`: the package itself.
    if (auto found = module_at(context.repo, package, true)) return exact(*found);
    return unresolved();
  }
  const auto parts = split(rest, '.');
  if (!valid_parts(parts)) return unresolved();
  if (auto found = find_under(context.repo, package, parts, true)) return exact(*found);
  // `from . import name`: a name of the package's __init__.py.
  if (parts.size() == 1)
    if (auto found = module_at(context.repo, package, true)) return exact(*found);
  return unresolved();
}

}  // namespace

std::unique_ptr<sdk::ResolutionContext> PythonImportResolver::prepare(const sdk::RepositoryView& repo) const {
  std::vector<std::string> roots;
  auto add_root = [&](const std::string& folder) {
    if (std::find(roots.begin(), roots.end(), folder) == roots.end()) roots.push_back(folder);
  };
  for (const std::string& folder : folders_of(repo, kProjectSearchDepth)) {
    if (folder.empty()) continue;
    const bool project = std::any_of(std::begin(kProjectFiles), std::end(kProjectFiles),
                                     [&](std::string_view file) { return repo.is_file(join_path(folder, file)); });
    if (!project) continue;
    if (repo.is_directory(join_path(folder, "src"))) add_root(join_path(folder, "src"));
    add_root(folder);
  }
  // Deeper projects first: their packages shadow a same-named folder higher up.
  std::stable_sort(roots.begin(), roots.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') > std::count(b.begin(), b.end(), '/');
  });
  if (repo.is_directory("src")) add_root("src");
  add_root("");
  return std::make_unique<PythonContext>(repo, std::move(roots));
}

sdk::ResolvedImport PythonImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                  const sdk::Import& import) const {
  const auto& context = static_cast<const PythonContext&>(base);
  std::string_view specifier = trim_space(import.specifier);
  if (specifier.empty()) return unresolved();
  if (specifier.front() == '.') return resolve_relative(context, from, specifier);

  const auto parts = split(specifier, '.');
  if (!valid_parts(parts)) return unresolved();
  // The whole path first, then without its last part (a name of the module); on each, regular
  // modules and packages in any root win over namespace packages, as in Python.
  for (std::size_t count = parts.size(); count + 1 >= parts.size() && count > 0; --count) {
    const std::string path = module_path(parts, count);
    for (const std::string& root : context.roots)
      if (auto found = module_at(context.repo, join_path(root, path), false)) return exact(*found);
    for (const std::string& root : context.roots)
      if (auto found = module_at(context.repo, join_path(root, path), true)) {
        // A top-level folder without __init__.py: a regular package of that name elsewhere (the
        // standard library, site-packages) would win over this namespace portion.
        return count > 1 ? exact(*found) : heuristic(*found);
      }
  }
  // A script's neighbour (`import helper` next to the script, as `python script.py` allows).
  if (auto found = find_under(context.repo, parent_folder(from), parts, false)) return heuristic(*found);
  // A top-level package of the repository whose submodule is missing.
  for (const std::string& root : context.roots)
    if (module_at(context.repo, join_path(root, parts.front()), false)) return unresolved();
  return external();
}

std::vector<std::string> PythonImportResolver::project_files() const {
  return {std::begin(kProjectFiles), std::end(kProjectFiles)};
}

}  // namespace ax::lang
