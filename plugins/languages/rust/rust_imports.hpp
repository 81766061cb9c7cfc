// Rust import resolution to module files. A crate is a folder with a Cargo.toml [package] (every one
// in the repository: a workspace's members and path dependencies alike), its root src/lib.rs (or
// [lib] path), else src/main.rs; src/bin/*.rs, tests/, examples/ and benches/ files are crate roots
// of their own. `mod x;` is x.rs or x/mod.rs in the declaring file's module folder (the parser
// writes `mod a { mod x; }` as "a::x" and `#[path = "p.rs"] mod x;` as "p.rs"); a use path
// (crate::, self::, super::, a workspace crate's name with '-' as '_', or a child module of the
// file) names the deepest module file it reaches: the rest are items. std, core, alloc and the
// crates the package depends on are external; any other first segment is unresolved.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class RustImportResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  std::vector<std::string> project_files() const override { return {"Cargo.toml"}; }
};

}  // namespace ax::lang
