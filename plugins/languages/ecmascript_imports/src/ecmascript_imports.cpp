#include "ax/lang/ecmascript_imports.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include <nlohmann/json.hpp>

#include <ax/sdk/paths.hpp>

namespace ax::lang {
namespace {

using Json = nlohmann::json;
using sdk::ImportResolution;
using sdk::ResolvedImport;

// Extensions tried after a specifier without one, TypeScript's sources first.
constexpr std::array<std::string_view, 10> kAppended{".ts",  ".tsx", ".d.ts", ".js",  ".jsx",
                                                     ".mts", ".cts", ".mjs",  ".cjs", ".json"};
constexpr std::array<std::string_view, 8> kIndexes{"index.ts",  "index.tsx", "index.d.ts", "index.js",
                                                   "index.jsx", "index.mts", "index.mjs",  "index.cjs"};
// A JavaScript extension written in an import of the TypeScript source that compiles to it.
constexpr std::array<std::pair<std::string_view, std::array<std::string_view, 3>>, 4> kWrittenForSource{{
    {".js", {".ts", ".tsx", ".d.ts"}},
    {".jsx", {".tsx", "", ""}},
    {".mjs", {".mts", ".d.mts", ""}},
    {".cjs", {".cts", ".d.cts", ""}},
}};
// Conditions of package.json `exports`, in the order they are preferred: for an import (and for a
// type-only one, where TypeScript reads `types` first)...
constexpr std::array<std::string_view, 6> kConditions{"types", "import", "module", "require", "node", "default"};
// ...and for require(), as Node matches it: `import` and `module` are for imports only. A package
// whose exports offer none of these conditions falls back to the list above.
constexpr std::array<std::string_view, 3> kRequireConditions{"require", "node", "default"};

using Conditions = std::span<const std::string_view>;
Conditions conditions_for(std::string_view kind) {
  if (kind == "require") return kRequireConditions;
  return kConditions;
}

constexpr std::array<std::string_view, 3> kProjectFiles{"tsconfig.json", "jsconfig.json", "package.json"};

std::string join(std::string_view directory, std::string_view relative) {
  if (directory.empty()) return std::string(relative);
  return std::string(directory) + "/" + std::string(relative);
}

std::string_view folder_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::optional<Json> parse_json(const std::string& text) {
  Json json = Json::parse(strip_jsonc(text), nullptr, false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const Json& object, const char* key) {
  const Json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

class Resolver {
 public:
  Resolver(const sdk::RepositoryView& repo, const EcmaScriptResolutionContext& context, Conditions conditions)
      : repo_(repo), context_(context), conditions_(conditions) {}

  // A path as a file: as written (with a source for a written JS extension), then with extensions.
  std::optional<std::string> as_file(const std::string& path) const {
    for (const auto& [written, sources] : kWrittenForSource) {
      if (!path.ends_with(written)) continue;
      const std::string stem = path.substr(0, path.size() - written.size());
      for (const std::string_view source : sources)
        if (!source.empty() && repo_.is_file(stem + std::string(source))) return stem + std::string(source);
    }
    if (repo_.is_file(path)) return path;
    for (const std::string_view extension : kAppended)
      if (repo_.is_file(path + std::string(extension))) return path + std::string(extension);
    return std::nullopt;
  }

  // A path as a folder: its package.json's entry, else its index file.
  std::optional<std::string> as_directory(const std::string& path, int depth = 0) const {
    if (!repo_.is_directory(path)) return std::nullopt;
    if (const auto package = context_.packages.find(path); package != context_.packages.end() && depth < 4)
      if (const auto json = parse_json(package->second.json))
        for (const char* field : {"types", "typings", "module", "main"})
          if (const auto entry = string_member(*json, field))
            if (const auto target = sdk::normalise_relative_path(join(path, *entry)))
              if (auto found = as_file_or_directory(*target, depth + 1)) return found;
    for (const std::string_view index : kIndexes)
      if (repo_.is_file(join(path, index))) return join(path, index);
    return std::nullopt;
  }

  std::optional<std::string> as_file_or_directory(const std::string& path, int depth = 0) const {
    if (auto file = as_file(path)) return file;
    return as_directory(path, depth);
  }

  ResolvedImport resolve(std::string_view from, std::string_view specifier) const {
    if (specifier.empty()) return {};
    const bool relative =
        specifier == "." || specifier == ".." || specifier.starts_with("./") || specifier.starts_with("../");
    if (relative || specifier.starts_with('/')) {
      if (specifier.starts_with('/')) return {};  // an absolute file path names nothing of the repository
      const auto path = sdk::normalise_relative_path(join(folder_of(from), specifier));
      if (!path) return {};
      if (auto found = as_file_or_directory(*path)) return {*found, ImportResolution::exact};
      return {};
    }
    if (specifier.starts_with("node:") || specifier.find(':') != std::string_view::npos)
      return {"", ImportResolution::external};  // node:fs, data:, https:

    if (const TsConfig* config = nearest_config(from)) {
      if (auto found = through_paths(*config, specifier)) return {*found, ImportResolution::exact};
      if (config->base_url)
        if (const auto path = sdk::normalise_relative_path(join(*config->base_url, specifier)))
          if (auto found = as_file_or_directory(*path)) return {*found, ImportResolution::exact};
    }
    if (auto found = through_package(specifier)) return *found;
    return {"", ImportResolution::external};
  }

 private:
  const TsConfig* nearest_config(std::string_view from) const {
    std::string_view directory = folder_of(from);
    while (true) {
      if (const auto it = context_.configs.find(std::string(directory)); it != context_.configs.end())
        return &it->second;
      if (directory.empty()) return nullptr;
      directory = folder_of(directory);
    }
  }

  // tsconfig `paths`: the pattern with the longest prefix before its `*` wins; its substitutions are
  // tried in order.
  std::optional<std::string> through_paths(const TsConfig& config, std::string_view specifier) const {
    const std::pair<std::string, std::vector<std::string>>* best = nullptr;
    std::string_view best_star;
    std::size_t best_length = 0;
    for (const auto& entry : config.paths) {
      const std::string& pattern = entry.first;
      const std::size_t star = pattern.find('*');
      if (star == std::string::npos) {
        if (pattern == specifier) {
          best = &entry;
          best_star = {};
          break;
        }
        continue;
      }
      const std::string_view prefix = std::string_view(pattern).substr(0, star);
      const std::string_view suffix = std::string_view(pattern).substr(star + 1);
      if (specifier.size() < prefix.size() + suffix.size() || !specifier.starts_with(prefix) ||
          !specifier.ends_with(suffix))
        continue;
      if (best == nullptr || prefix.size() > best_length) {
        best = &entry;
        best_length = prefix.size();
        best_star = specifier.substr(prefix.size(), specifier.size() - prefix.size() - suffix.size());
      }
    }
    if (best == nullptr) return std::nullopt;
    for (std::string substitution : best->second) {
      if (const std::size_t star = substitution.find('*'); star != std::string::npos)
        substitution.replace(star, 1, best_star);
      if (const auto path = sdk::normalise_relative_path(join(config.paths_base, substitution)))
        if (auto found = as_file_or_directory(*path)) return found;
    }
    return std::nullopt;
  }

  // A package of the repository (a workspace member), by the name in its package.json.
  std::optional<ResolvedImport> through_package(std::string_view specifier) const {
    std::size_t name_end = specifier.find('/');
    if (specifier.starts_with('@') && name_end != std::string_view::npos) name_end = specifier.find('/', name_end + 1);
    const std::string name(specifier.substr(0, name_end));
    std::string subpath = ".";  // appended, not "." + ...: GCC 12 warns falsely (-Wrestrict) on that
    if (name_end != std::string_view::npos) subpath += specifier.substr(name_end);
    const auto directory = context_.package_by_name.find(name);
    if (directory == context_.package_by_name.end()) return std::nullopt;
    const PackageManifest& package = context_.packages.at(directory->second);
    const auto json = parse_json(package.json);
    if (json)
      if (const Json* exports = member(*json, "exports")) {
        if (auto target = through_exports(*exports, subpath))
          if (const auto path = sdk::normalise_relative_path(join(package.directory, *target)))
            if (auto found = as_file_or_directory(*path)) return ResolvedImport{*found, ImportResolution::exact};
        return ResolvedImport{};  // exports is the package's whole interface: not exported is not found
      }
    const auto path = sdk::normalise_relative_path(join(package.directory, subpath));
    if (!path) return ResolvedImport{};
    if (auto found = subpath == "." ? as_directory(*path) : as_file_or_directory(*path))
      return ResolvedImport{*found, ImportResolution::exact};
    return ResolvedImport{};
  }

  // package.json `exports`: a string, conditions, or subpaths (with `*` patterns).
  std::optional<std::string> through_exports(const Json& exports, const std::string& subpath) const {
    if (exports.is_string() || exports.is_array()) return subpath == "." ? pick_target(exports, "") : std::nullopt;
    if (!exports.is_object()) return std::nullopt;
    const bool has_subpaths = std::any_of(exports.items().begin(), exports.items().end(),
                                          [](const auto& item) { return item.key().starts_with("."); });
    if (!has_subpaths) return subpath == "." ? pick_target(exports, "") : std::nullopt;
    if (const auto exact = exports.find(subpath); exact != exports.end()) return pick_target(*exact, "");
    std::optional<std::string> best;
    std::size_t best_length = 0;
    for (const auto& item : exports.items()) {
      const std::string& key = item.key();
      const std::size_t star = key.find('*');
      if (star == std::string::npos) continue;
      const std::string_view prefix = std::string_view(key).substr(0, star);
      const std::string_view suffix = std::string_view(key).substr(star + 1);
      if (subpath.size() < prefix.size() + suffix.size() || !subpath.starts_with(prefix) ||
          !subpath.ends_with(suffix) || prefix.size() < best_length)
        continue;
      best_length = prefix.size();
      best = pick_target(item.value(), subpath.substr(prefix.size(), subpath.size() - prefix.size() - suffix.size()));
    }
    return best;
  }

  // A target of `exports`: a string (its `*` replaced), the first matching condition, or the first
  // usable entry of an array.
  std::optional<std::string> pick_target(const Json& target, const std::string& star) const {
    if (auto picked = pick_target(target, star, conditions_)) return picked;
    if (conditions_.data() != kConditions.data()) return pick_target(target, star, kConditions);
    return std::nullopt;
  }

  static std::optional<std::string> pick_target(const Json& target, const std::string& star, Conditions conditions) {
    if (target.is_string()) {
      std::string path = target.get<std::string>();
      if (const std::size_t at = path.find('*'); at != std::string::npos) path.replace(at, 1, star);
      return path;
    }
    if (target.is_array()) {
      for (const Json& entry : target)
        if (auto picked = pick_target(entry, star, conditions)) return picked;
      return std::nullopt;
    }
    if (target.is_object()) {
      for (const std::string_view condition : conditions)
        if (const auto it = target.find(std::string(condition)); it != target.end())
          if (auto picked = pick_target(*it, star, conditions)) return picked;
    }
    return std::nullopt;
  }

  const sdk::RepositoryView& repo_;
  const EcmaScriptResolutionContext& context_;
  Conditions conditions_;
};

// Reads one tsconfig, following `extends` (a relative path, or a list of them) up to a few levels:
// the nearest file that sets baseUrl or paths wins for each.
void read_config(const sdk::RepositoryView& repo, const std::string& file, TsConfig& config, int depth) {
  if (depth > 8) return;
  const auto text = repo.read_file(file);
  if (!text) return;
  const auto json = parse_json(*text);
  if (!json) return;
  const std::string directory(folder_of(file));
  if (const Json* options = member(*json, "compilerOptions")) {
    if (!config.base_url)
      if (const auto base = string_member(*options, "baseUrl"))
        if (const auto path = sdk::normalise_relative_path(join(directory, *base))) config.base_url = *path;
    if (const Json* paths = member(*options, "paths"); paths != nullptr && paths->is_object() && config.paths.empty()) {
      for (const auto& item : paths->items()) {
        std::vector<std::string> substitutions;
        if (item.value().is_array())
          for (const Json& entry : item.value())
            if (entry.is_string()) substitutions.push_back(entry.get<std::string>());
        config.paths.emplace_back(item.key(), std::move(substitutions));
      }
      // Without baseUrl, substitutions are relative to the file that declares them.
      config.paths_base = directory;
    }
  }
  std::vector<std::string> parents;
  if (const Json* extends = member(*json, "extends")) {
    if (extends->is_string()) parents.push_back(extends->get<std::string>());
    if (extends->is_array())
      for (const Json& entry : *extends)
        if (entry.is_string()) parents.push_back(entry.get<std::string>());
  }
  // TypeScript applies the list in order, later entries overriding: walk it backwards.
  for (auto parent = parents.rbegin(); parent != parents.rend(); ++parent) {
    if (!parent->starts_with("./") && !parent->starts_with("../")) continue;  // a package's config: not here
    auto path = sdk::normalise_relative_path(join(directory, *parent));
    if (!path) continue;
    if (!path->ends_with(".json")) *path += repo.is_file(*path + ".json") ? ".json" : "";
    read_config(repo, *path, config, depth + 1);
  }
}

void collect(const sdk::RepositoryView& repo, const std::string& directory, EcmaScriptResolutionContext& context,
             int depth) {
  if (depth > 64) return;
  for (const std::string& name : repo.list_directory(directory)) {
    if (name.ends_with('/')) {
      const std::string_view folder = std::string_view(name).substr(0, name.size() - 1);
      if (folder == "node_modules" || folder.starts_with('.')) continue;
      collect(repo, join(directory, folder), context, depth + 1);
      continue;
    }
    const std::string path = join(directory, name);
    if (name == "tsconfig.json" || (name == "jsconfig.json" && !context.configs.count(directory))) {
      TsConfig config;
      config.directory = directory;
      read_config(repo, path, config, 0);
      // With baseUrl, `paths` substitutions are relative to it, wherever either was declared.
      if (config.base_url) config.paths_base = *config.base_url;
      context.configs[directory] = std::move(config);
    } else if (name == "package.json") {
      const auto text = repo.read_file(path);
      if (!text) continue;
      PackageManifest manifest{directory, "", *text};
      if (const auto json = parse_json(*text))
        if (const auto package_name = string_member(*json, "name")) manifest.name = *package_name;
      if (!manifest.name.empty()) context.package_by_name.emplace(manifest.name, directory);
      context.packages[directory] = std::move(manifest);
    }
  }
}

}  // namespace

std::string strip_jsonc(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const std::size_t start = i;
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      out.append(text.substr(start, i - start + 1));
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
      out += '\n';
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
      out += ' ';
    } else if (c == ',') {
      // A comma followed (past blanks and comments) by a closing bracket is dropped.
      std::size_t next = i + 1;
      while (next < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[next]))) {
          ++next;
        } else if (text.substr(next, 2) == "//") {
          next = text.find('\n', next);
          if (next == std::string_view::npos) next = text.size();
        } else if (text.substr(next, 2) == "/*") {
          const std::size_t end = text.find("*/", next + 2);
          next = end == std::string_view::npos ? text.size() : end + 2;
        } else {
          break;
        }
      }
      if (next < text.size() && (text[next] == '}' || text[next] == ']')) continue;
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<EcmaScriptResolutionContext> prepare_ecmascript(const sdk::RepositoryView& repo) {
  auto context = std::make_unique<EcmaScriptResolutionContext>();
  context->repo = &repo;
  collect(repo, "", *context, 0);
  return context;
}

sdk::ResolvedImport resolve_ecmascript(const sdk::RepositoryView& repo, const EcmaScriptResolutionContext& context,
                                       std::string_view from, std::string_view specifier, std::string_view kind) {
  return Resolver(repo, context, conditions_for(kind)).resolve(from, specifier);
}

std::vector<std::string> ecmascript_project_files() {
  std::vector<std::string> names;
  for (const std::string_view name : kProjectFiles) names.emplace_back(name);
  return names;
}

std::unique_ptr<sdk::ResolutionContext> EcmaScriptImportResolver::prepare(const sdk::RepositoryView& repo) const {
  return prepare_ecmascript(repo);
}

sdk::ResolvedImport EcmaScriptImportResolver::resolve(const sdk::ResolutionContext& context, std::string_view from,
                                                      const sdk::Import& import) const {
  const auto* ecmascript = dynamic_cast<const EcmaScriptResolutionContext*>(&context);
  if (ecmascript == nullptr || ecmascript->repo == nullptr) return {};
  return resolve_ecmascript(*ecmascript->repo, *ecmascript, from, import.specifier);
}

sdk::ResolvedImport EcmaScriptImportResolver::resolve_kind(const sdk::ResolutionContext& context, std::string_view from,
                                                           const sdk::Import& import, std::string_view kind) const {
  const auto* ecmascript = dynamic_cast<const EcmaScriptResolutionContext*>(&context);
  if (ecmascript == nullptr || ecmascript->repo == nullptr) return {};
  return resolve_ecmascript(*ecmascript->repo, *ecmascript, from, import.specifier, kind);
}

}  // namespace ax::lang
