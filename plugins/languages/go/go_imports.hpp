// Go import resolution, package-level: an import path names a package folder. The repository's
// modules come from its go.mod files (nested modules included); a path is found in the module whose
// path is its longest prefix, through the importing module's `replace` directives to local folders,
// or in the importing module's vendor/ folder. The standard library is in the repository only when
// the repository is Go's own source tree (module "std"); elsewhere a path whose first element has no
// dot is the standard library, hence external, as is every other module.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class GoImportResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  std::vector<std::string> project_files() const override { return {"go.mod"}; }
};

// A go.mod's module path and its replacements of module paths by local folders (relative to the
// go.mod's folder, as written); replacements by other modules are left out.
struct GoModule {
  std::string path;
  std::vector<std::pair<std::string, std::string>> local_replacements;
};
GoModule parse_go_mod(std::string_view text);

}  // namespace ax::lang
