#include "scala_imports.hpp"

#include <algorithm>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

class ScalaContext : public sdk::ResolutionContext {
 public:
  explicit ScalaContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
};

std::string joined(const std::vector<std::string_view>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += '.';
    out += parts[i];
  }
  return out;
}

// The name an import clause reaches, and whether it is a whole package's (a wildcard).
struct Target {
  std::vector<std::string_view> parts;
  bool wildcard = false;
};

Target target_of(std::string_view specifier) {
  Target target;
  std::string_view path = specifier;
  std::string_view selector;
  if (auto brace = path.find('{'); brace != std::string_view::npos) {
    selector = path.substr(brace + 1);
    selector = selector.substr(0, selector.find_first_of(",}"));
    if (auto arrow = selector.find("=>"); arrow != std::string_view::npos) selector = selector.substr(0, arrow);
    if (auto as = selector.find(" as "); as != std::string_view::npos) selector = selector.substr(0, as);
    selector = trim_space(selector);
    path = path.substr(0, brace);
  } else if (auto as = path.find(" as "); as != std::string_view::npos) {
    path = path.substr(0, as);  // Scala 3 `import a.B as C`
  }
  while (!path.empty() && (path.back() == '.' || path.back() == ' ')) path.remove_suffix(1);
  for (std::string_view part : split(path, '.')) target.parts.push_back(trim_space(part));
  if (!selector.empty()) target.parts.push_back(selector);
  const std::string_view last = target.parts.empty() ? std::string_view() : target.parts.back();
  if (last == "_" || last == "*" || last == "given") {
    target.parts.pop_back();
    target.wildcard = true;
  }
  return target;
}

std::vector<std::string> intersect(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  std::vector<std::string> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

sdk::ResolvedImport choose(const std::vector<std::string>& files, std::string_view from) {
  if (files.size() == 1) return exact(files.front());
  return heuristic(*nearest_path(files, from));
}

}  // namespace

std::unique_ptr<sdk::ResolutionContext> ScalaImportResolver::prepare(const sdk::RepositoryView& repo) const {
  return std::make_unique<ScalaContext>(repo);
}

sdk::ResolvedImport ScalaImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                 const sdk::Import& import) const {
  const auto& context = static_cast<const ScalaContext&>(base);
  const sdk::RepositoryView& repo = context.repo;
  std::string_view specifier = trim_space(import.specifier);
  if (specifier.starts_with("_root_.")) specifier.remove_prefix(7);
  const Target target = target_of(specifier);
  const auto& parts = target.parts;
  if (parts.empty() || std::any_of(parts.begin(), parts.end(), [](std::string_view p) { return p.empty(); }))
    return unresolved();
  auto defining = [&](std::string_view name) { return repo.files_defining("scala", name); };

  if (target.wildcard) {
    // A package: the folder of its files (the nearest one's, when they are spread over several).
    auto files = defining(joined(parts, parts.size()));
    if (!files.empty()) {
      std::vector<std::string> folders;
      for (const auto& file : files) folders.emplace_back(parent_folder(file));
      std::sort(folders.begin(), folders.end());
      folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
      if (folders.size() == 1) return exact(folders.front());
      return heuristic(std::string(parent_folder(*nearest_path(files, from))));
    }
  }
  // The longest prefix that is a type or object: a.b.C under package a.b, or a.b.C itself. Types
  // are capitalised, packages not (the store does not tell a package's symbol from a type's).
  for (std::size_t count = parts.size(); count >= 2; --count) {
    const char initial = parts[count - 1].front();
    if (initial < 'A' || initial > 'Z') continue;
    auto files = defining(joined(parts, count));
    if (files.empty()) files = intersect(defining(parts[count - 1]), defining(joined(parts, count - 1)));
    if (!files.empty()) return choose(files, from);
  }
  for (std::size_t count = parts.size(); count >= 1; --count)
    if (!defining(joined(parts, count)).empty()) return unresolved();  // the repository's package
  return external();
}

}  // namespace ax::lang
