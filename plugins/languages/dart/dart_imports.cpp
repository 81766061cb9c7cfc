#include "dart_imports.hpp"

#include <map>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

class DartContext : public sdk::ResolutionContext {
 public:
  explicit DartContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
  std::map<std::string, std::string, std::less<>> packages;  // name -> folder holding pubspec.yaml
};

// Packages nest in monorepos (packages/<name>/, examples inside packages).
constexpr int kPubspecSearchDepth = 5;

bool is_library_name(std::string_view specifier) {
  return !specifier.empty() && specifier.find_first_of("/:") == std::string_view::npos && !specifier.ends_with(".dart");
}

}  // namespace

std::string pubspec_name(std::string_view pubspec) {
  for (std::string_view line : split(pubspec, '\n')) {
    if (!line.starts_with("name:")) continue;
    std::string_view value = line.substr(5);
    if (auto comment = value.find(" #"); comment != std::string_view::npos) value = value.substr(0, comment);
    value = trim_space(value);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return {};
}

std::unique_ptr<sdk::ResolutionContext> DartImportResolver::prepare(const sdk::RepositoryView& repo) const {
  auto context = std::make_unique<DartContext>(repo);
  for (const std::string& folder : folders_of(repo, kPubspecSearchDepth)) {
    auto text = repo.read_file(join_path(folder, "pubspec.yaml"));
    if (!text) continue;
    const std::string name = pubspec_name(*text);
    // The shallowest package of a name wins (an example app may copy its parent's name).
    if (!name.empty()) context->packages.emplace(name, folder);
  }
  return context;
}

sdk::ResolvedImport DartImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                const sdk::Import& import) const {
  const auto& context = static_cast<const DartContext&>(base);
  const std::string_view uri = trim_space(import.specifier);
  if (uri.empty() || uri.starts_with('/')) return unresolved();
  if (uri.starts_with("dart:")) return external();
  if (uri.starts_with("package:")) {
    const std::string_view rest = uri.substr(8);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return unresolved();
    auto package = context.packages.find(rest.substr(0, slash));
    if (package == context.packages.end()) return external();
    // The path inside lib/ may not climb out of it.
    auto inside = normalize_path(rest.substr(slash + 1));
    if (!inside) return unresolved();
    const std::string path = join_path(join_path(package->second, "lib"), *inside);
    return context.repo.is_file(path) ? exact(path) : unresolved();
  }
  if (is_library_name(uri)) {
    const auto files = context.repo.files_defining("dart", uri);
    if (const std::string* best = nearest_path(files, from)) return heuristic(*best);
    return unresolved();
  }
  if (uri.find(':') != std::string_view::npos) return external();  // another scheme (http:, file:)
  auto path = normalize_path(join_path(parent_folder(from), uri));
  if (path && context.repo.is_file(*path)) return exact(*path);
  return unresolved();
}

}  // namespace ax::lang
