#include "go_imports.hpp"

#include <algorithm>
#include <map>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

struct RepositoryModule {
  std::string root;  // folder holding go.mod
  GoModule module;
};

class GoContext : public sdk::ResolutionContext {
 public:
  explicit GoContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
  std::vector<RepositoryModule> modules;  // deepest root first
  const RepositoryModule* standard_library = nullptr;

  // The module whose root holds `file`.
  const RepositoryModule* enclosing(std::string_view file) const {
    for (const auto& module : modules)
      if (module.root.empty() ||
          (file.starts_with(module.root) && file.size() > module.root.size() && file[module.root.size()] == '/'))
        return &module;
    return nullptr;
  }
};

std::string_view unquote_word(std::string_view word) {
  if (word.size() >= 2 && (word.front() == '"' || word.front() == '`') && word.back() == word.front())
    return word.substr(1, word.size() - 2);
  return word;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::string_view part : split(line, ' '))
    for (std::string_view word : split(part, '\t'))
      if (!trim_space(word).empty()) out.push_back(unquote_word(trim_space(word)));
  return out;
}

// Whether `path` is `prefix` or inside it, as import paths go ("a/b" is inside "a", "ab" is not).
bool has_path_prefix(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

bool is_local(std::string_view target) {
  return target.starts_with("./") || target.starts_with("../") || target == "." || target == "..";
}

// The package folder for `rest` below `folder`, when it is a folder of the repository.
std::optional<std::string> package_folder(const sdk::RepositoryView& repo, std::string_view folder,
                                          std::string_view rest) {
  auto path = normalize_path(join_path(folder, rest));
  if (!path || !repo.is_directory(*path)) return std::nullopt;
  return path;
}

}  // namespace

GoModule parse_go_mod(std::string_view text) {
  GoModule module;
  bool in_replace_block = false;
  for (std::string_view line : split(text, '\n')) {
    if (auto comment = line.find("//"); comment != std::string_view::npos) line = line.substr(0, comment);
    auto parts = words(line);
    if (parts.empty()) continue;
    if (in_replace_block) {
      if (parts.front() == ")") {
        in_replace_block = false;
        continue;
      }
    } else if (parts.front() == "module" && parts.size() >= 2) {
      module.path = std::string(parts[1]);
      continue;
    } else if (parts.front() == "replace") {
      if (parts.size() == 2 && parts[1] == "(") {
        in_replace_block = true;
        continue;
      }
      parts.erase(parts.begin());
    } else {
      continue;
    }
    // old [version] => new [version]
    auto arrow = std::find(parts.begin(), parts.end(), "=>");
    if (arrow == parts.begin() || arrow == parts.end() || arrow + 1 == parts.end()) continue;
    if (is_local(*(arrow + 1)))
      module.local_replacements.emplace_back(std::string(parts.front()), std::string(*(arrow + 1)));
  }
  return module;
}

std::unique_ptr<sdk::ResolutionContext> GoImportResolver::prepare(const sdk::RepositoryView& repo) const {
  auto context = std::make_unique<GoContext>(repo);
  // Every folder: a module may sit anywhere, and a Go tree is rarely deep.
  std::vector<std::string> pending{""};
  while (!pending.empty()) {
    std::string folder = std::move(pending.back());
    pending.pop_back();
    for (const std::string& entry : repo.list_directory(folder)) {
      if (entry.ends_with('/')) {
        // Go ignores folders starting with '.' or '_', and testdata.
        if (entry.starts_with('.') || entry.starts_with('_') || entry == "testdata/") continue;
        pending.push_back(join_path(folder, std::string_view(entry).substr(0, entry.size() - 1)));
      } else if (entry == "go.mod") {
        if (auto text = repo.read_file(join_path(folder, entry))) {
          GoModule module = parse_go_mod(*text);
          if (!module.path.empty()) context->modules.push_back({folder, std::move(module)});
        }
      }
    }
  }
  // Deepest first: the first module whose root holds a file is the file's own.
  std::sort(context->modules.begin(), context->modules.end(),
            [](const auto& a, const auto& b) { return a.root.size() > b.root.size(); });
  for (const auto& module : context->modules)
    if (module.module.path == "std") context->standard_library = &module;
  return context;
}

sdk::ResolvedImport GoImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                              const sdk::Import& import) const {
  const auto& context = static_cast<const GoContext&>(base);
  const sdk::RepositoryView& repo = context.repo;
  std::string_view path = trim_space(import.specifier);
  if (path.empty() || path.starts_with('/')) return unresolved();
  if (path == "C") return external();  // cgo's pseudo-package
  // GOPATH-era relative imports.
  if (is_local(path)) {
    if (auto folder = package_folder(repo, parent_folder(from), path)) return exact(*folder);
    return unresolved();
  }
  const RepositoryModule* own = context.enclosing(from);
  if (own != nullptr) {
    // The longest replaced prefix wins.
    const std::pair<std::string, std::string>* replacement = nullptr;
    for (const auto& candidate : own->module.local_replacements)
      if (has_path_prefix(path, candidate.first) &&
          (replacement == nullptr || candidate.first.size() > replacement->first.size()))
        replacement = &candidate;
    if (replacement != nullptr) {
      auto target =
          normalize_path(join_path(join_path(own->root, replacement->second), path.substr(replacement->first.size())));
      if (target && repo.is_directory(*target)) return exact(*target);
      return unresolved();
    }
  }
  // The repository's module with the longest path prefixing the import path.
  const RepositoryModule* owner = nullptr;
  for (const auto& module : context.modules)
    if (has_path_prefix(path, module.module.path) &&
        (owner == nullptr || module.module.path.size() > owner->module.path.size()))
      owner = &module;
  if (owner != nullptr) {
    if (auto folder = package_folder(repo, owner->root, path.substr(owner->module.path.size()))) return exact(*folder);
    return unresolved();
  }
  if (own != nullptr) {
    if (auto folder = package_folder(repo, join_path(own->root, "vendor"), path)) return exact(*folder);
  }
  const std::string_view first = path.substr(0, path.find('/'));
  if (first.find('.') == std::string_view::npos && context.standard_library != nullptr) {
    // Go's own tree: the standard library's packages, and its vendored modules.
    if (auto folder = package_folder(repo, context.standard_library->root, path)) return exact(*folder);
    if (auto folder = package_folder(repo, join_path(context.standard_library->root, "vendor"), path))
      return exact(*folder);
    return unresolved();
  }
  if (context.standard_library != nullptr) {
    if (auto folder = package_folder(repo, join_path(context.standard_library->root, "vendor"), path))
      return exact(*folder);
  }
  return external();
}

}  // namespace ax::lang
