#include "rust_imports.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <cpptoml.h>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

struct Crate {
  std::string name;                    // of its library, as code writes it
  std::string folder;                  // holds Cargo.toml
  std::string library;                 // the library root file, empty when none
  std::set<std::string> dependencies;  // names as code uses them ('-' as '_')
};

class RustContext : public sdk::ResolutionContext {
 public:
  explicit RustContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
  std::vector<Crate> crates;                                  // deepest folder first
  std::map<std::string, std::string, std::less<>> libraries;  // crate name -> library root file

  const Crate* crate_of(std::string_view file) const {
    for (const Crate& crate : crates)
      if (crate.folder.empty() ||
          (file.starts_with(crate.folder) && file.size() > crate.folder.size() && file[crate.folder.size()] == '/'))
        return &crate;
    return nullptr;
  }
};

constexpr int kCargoSearchDepth = 5;
constexpr std::string_view kBuiltinCrates[] = {"std", "core", "alloc", "proc_macro", "test"};

std::string crate_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

void add_dependencies(const cpptoml::table& manifest, const std::string& key, std::set<std::string>& names) {
  if (auto table = manifest.get_table_qualified(key))
    for (const auto& [name, value] : *table) names.insert(crate_name(name));
}

std::optional<Crate> read_crate(const sdk::RepositoryView& repo, const std::string& folder, const std::string& text) {
  std::shared_ptr<cpptoml::table> manifest;
  try {
    std::istringstream in(text);
    manifest = cpptoml::parser(in).parse();
  } catch (const std::exception&) {
    return std::nullopt;  // a broken manifest: its files resolve as if it were absent
  }
  auto package = manifest->get_table("package");
  if (!package) return std::nullopt;  // a virtual workspace manifest
  Crate crate;
  crate.folder = folder;
  std::string& name = crate.name;
  name = crate_name(package->get_as<std::string>("name").value_or(""));
  std::string library = "src/lib.rs";
  if (auto lib = manifest->get_table("lib")) {
    if (auto path = lib->get_as<std::string>("path")) library = *path;
    if (auto lib_name = lib->get_as<std::string>("name")) name = crate_name(*lib_name);
  }
  if (auto path = normalize_path(join_path(folder, library)); path && repo.is_file(*path)) crate.library = *path;
  for (const std::string key : {"dependencies", "dev-dependencies", "build-dependencies"})
    add_dependencies(*manifest, key, crate.dependencies);
  if (auto targets = manifest->get_table("target"))  // [target.'cfg(unix)'.dependencies]
    for (const auto& [cfg, value] : *targets)
      if (value->is_table())
        for (const std::string key : {"dependencies", "dev-dependencies", "build-dependencies"})
          add_dependencies(*value->as_table(), key, crate.dependencies);
  if (!name.empty()) crate.dependencies.insert(name);  // a binary or test uses its own library by name
  return crate;
}

// A module: its file, and the folder holding its child modules' files.
struct Module {
  std::string file;
  std::string children;
};

bool is_mod_rs(std::string_view file) {
  const std::string_view name = base_name(file);
  return name == "mod.rs";
}

// The crate root a file belongs to: itself when it is one (a binary, test, example, bench or
// build script, or a library root), else the library root, else src/main.rs.
std::string crate_root(const RustContext& context, const Crate* crate, std::string_view file) {
  const std::string folder = crate != nullptr ? crate->folder : std::string();
  const std::string_view parent = parent_folder(file);
  for (std::string_view targets : {"src/bin", "tests", "examples", "benches"})
    if (parent == join_path(folder, targets)) return std::string(file);
  if (file == join_path(folder, "build.rs")) return std::string(file);
  if (crate != nullptr && !crate->library.empty()) {
    const std::string_view library_folder = parent_folder(crate->library);
    if (library_folder.empty() ||
        (file.starts_with(library_folder) && file.size() > library_folder.size() && file[library_folder.size()] == '/'))
      return crate->library;
  }
  // Without a manifest: the nearest lib.rs or main.rs above the file.
  for (std::string_view dir = parent;; dir = parent_folder(dir)) {
    for (std::string_view root : {"lib.rs", "main.rs"}) {
      const std::string candidate = join_path(dir, root);
      if (context.repo.is_file(candidate)) return candidate;
    }
    if (dir.empty() || (crate != nullptr && dir == folder)) break;
  }
  return std::string(file);
}

Module module_of(std::string_view file, std::string_view root) {
  if (file == root || is_mod_rs(file)) return {std::string(file), std::string(parent_folder(file))};
  std::string_view stem = base_name(file);
  stem.remove_suffix(stem.ends_with(".rs") ? 3 : 0);
  return {std::string(file), join_path(parent_folder(file), stem)};
}

std::optional<Module> child(const sdk::RepositoryView& repo, const Module& parent, std::string_view name,
                            std::string_view root) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos) return std::nullopt;
  const std::string flat = join_path(parent.children, std::string(name) + ".rs");
  if (repo.is_file(flat)) return module_of(flat, root);
  const std::string nested = join_path(join_path(parent.children, name), "mod.rs");
  if (repo.is_file(nested)) return module_of(nested, root);
  return std::nullopt;
}

// The module holding `module` (super), nullopt at the crate root.
std::optional<Module> parent_module(const sdk::RepositoryView& repo, const Module& module, std::string_view root) {
  if (module.file == root) return std::nullopt;
  // The folder `module` sits in is the children folder of its parent.
  const std::string_view folder =
      is_mod_rs(module.file) ? parent_folder(parent_folder(module.file)) : parent_folder(module.file);
  if (folder == parent_folder(root)) return module_of(root, root);
  if (folder.empty()) return std::nullopt;
  const std::string flat = std::string(folder) + ".rs";
  if (repo.is_file(flat)) return module_of(flat, root);
  const std::string nested = join_path(folder, "mod.rs");
  if (repo.is_file(nested)) return module_of(nested, root);
  return std::nullopt;
}

// `use a::b::{c, d}` reaches a::b; `use a::*` reaches a; an alias is already gone.
std::vector<std::string_view> use_segments(std::string_view path) {
  if (auto brace = path.find('{'); brace != std::string_view::npos) path = path.substr(0, brace);
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto at = path.find("::", start);
    std::string_view segment =
        trim_space(path.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (!segment.empty() && segment != "*") segments.push_back(segment);
    if (at == std::string_view::npos) break;
    start = at + 2;
  }
  return segments;
}

// The deepest module file `segments` reach from `module`.
std::string descend(const sdk::RepositoryView& repo, Module module, const std::vector<std::string_view>& segments,
                    std::size_t from, std::string_view root) {
  for (std::size_t i = from; i < segments.size(); ++i) {
    auto next = child(repo, module, segments[i], root);
    if (!next) break;
    module = std::move(*next);
  }
  return module.file;
}

}  // namespace

std::unique_ptr<sdk::ResolutionContext> RustImportResolver::prepare(const sdk::RepositoryView& repo) const {
  auto context = std::make_unique<RustContext>(repo);
  for (const std::string& folder : folders_of(repo, kCargoSearchDepth)) {
    const std::string manifest_path = join_path(folder, "Cargo.toml");
    if (!repo.is_file(manifest_path)) continue;
    auto text = repo.read_file(manifest_path);
    if (!text) continue;
    auto crate = read_crate(repo, folder, *text);
    if (!crate) continue;
    if (!crate->library.empty() && !crate->name.empty()) context->libraries.emplace(crate->name, crate->library);
    context->crates.push_back(std::move(*crate));
  }
  std::sort(context->crates.begin(), context->crates.end(),
            [](const Crate& a, const Crate& b) { return a.folder.size() > b.folder.size(); });
  return context;
}

sdk::ResolvedImport RustImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                const sdk::Import& import) const {
  const auto& context = static_cast<const RustContext&>(base);
  const sdk::RepositoryView& repo = context.repo;
  const std::string_view specifier = trim_space(import.specifier);
  if (specifier.empty()) return unresolved();
  const Crate* crate = context.crate_of(from);
  const std::string root = crate_root(context, crate, from);
  const Module self = module_of(from, root);

  // `#[path = "x.rs"] mod m;`: relative to the declaring file's folder.
  if (specifier.ends_with(".rs") || specifier.find('/') != std::string_view::npos) {
    auto path = normalize_path(join_path(parent_folder(from), specifier));
    if (path && repo.is_file(*path)) return exact(*path);
    return unresolved();
  }
  std::string_view path = specifier;
  if (path.starts_with("::")) path.remove_prefix(2);  // 2015's crate-relative, 2018's extern crate
  const auto segments = use_segments(path);
  if (segments.empty()) return unresolved();
  const std::string_view first = segments.front();

  if (first == "crate") return exact(descend(repo, module_of(root, root), segments, 1, root));
  if (first == "self" || first == "super") {
    Module module = self;
    std::size_t i = first == "self" ? 1 : 0;
    for (; i < segments.size() && segments[i] == "super"; ++i) {
      auto parent = parent_module(repo, module, root);
      if (!parent) return unresolved();  // above the crate root
      module = std::move(*parent);
    }
    return exact(descend(repo, module, segments, i, root));
  }
  // A child module of this file: `mod x;` and 2018's `use x::y` of a module declared here.
  if (auto module = child(repo, self, first, root)) return exact(descend(repo, *module, segments, 1, root));
  // `mod a { mod x; }`, written "a::x": x's file is in the inline module a's folder.
  const bool plain = std::all_of(segments.begin(), segments.end(), [](std::string_view segment) {
    return segment != "." && segment != ".." && segment.find('/') == std::string_view::npos;
  });
  if (segments.size() > 1 && plain) {
    Module inline_parent = self;
    for (std::size_t i = 0; i + 1 < segments.size(); ++i)
      inline_parent.children = join_path(inline_parent.children, segments[i]);
    if (auto module = child(repo, inline_parent, segments.back(), root)) return exact(module->file);
  }
  if (std::find(std::begin(kBuiltinCrates), std::end(kBuiltinCrates), first) != std::end(kBuiltinCrates))
    return external();
  if (auto library = context.libraries.find(first); library != context.libraries.end()) {
    const std::string& library_root = library->second;
    return exact(descend(repo, module_of(library_root, library_root), segments, 1, library_root));
  }
  if (crate == nullptr || crate->dependencies.contains(std::string(first))) return external();
  // Neither a module file nor a crate the package depends on: a missing `mod` file.
  return unresolved();
}

}  // namespace ax::lang
