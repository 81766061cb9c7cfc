// Import resolution for JavaScript and TypeScript, shared by both language plugins: what Node and
// the TypeScript compiler (moduleResolution node16/bundler) do with a specifier, over a RepositoryView.
//
//   "./a", "../b/c"   relative to the importing file: the file as written, `.js`/`.jsx`/`.mjs`/`.cjs`
//                     written for a `.ts`/`.tsx`/`.mts`/`.cts` source, then extensions appended, then a
//                     folder's package.json (types, typings, module, main) or its index.*
//   "pkg", "@s/pkg/x" tsconfig/jsconfig `paths` (longest matching pattern, substitutions in order,
//                     `extends` followed) and `baseUrl`, then a package of the repository (a
//                     package.json whose name matches; its `exports`, else types/main, else the
//                     subpath), else external (node_modules, built-ins: not part of the repository)
// What should be in the repository and is not found is unresolved.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/imports.hpp>

namespace ax::lang {

// One tsconfig.json/jsconfig.json with its `extends` chain applied.
struct TsConfig {
  std::string directory;                // where the file is ("" for the root)
  std::optional<std::string> base_url;  // resolved, repository-relative ("" for the root)
  std::string paths_base;               // what `paths` substitutions are relative to
  std::vector<std::pair<std::string, std::vector<std::string>>> paths;
};

// A package.json of the repository.
struct PackageManifest {
  std::string directory;
  std::string name;
  std::string json;  // the text, parsed again when its exports are needed
};

class EcmaScriptResolutionContext : public sdk::ResolutionContext {
 public:
  const sdk::RepositoryView* repo = nullptr;           // outlives the context (ImportResolver::prepare)
  std::map<std::string, TsConfig> configs;             // by directory
  std::map<std::string, PackageManifest> packages;     // by directory
  std::map<std::string, std::string> package_by_name;  // name -> directory
};

// Reads every tsconfig.json, jsconfig.json and package.json of the repository (node_modules skipped).
std::unique_ptr<EcmaScriptResolutionContext> prepare_ecmascript(const sdk::RepositoryView& repo);

// `kind` is the import's (sdk::ImportKinds): a require() picks the `require` condition of a package's
// `exports`, any other import `types` first, then `import`.
sdk::ResolvedImport resolve_ecmascript(const sdk::RepositoryView& repo, const EcmaScriptResolutionContext& context,
                                       std::string_view from, std::string_view specifier,
                                       std::string_view kind = "import");

// The base names whose change invalidates prepare_ecmascript().
std::vector<std::string> ecmascript_project_files();

// JSON as tsconfig files allow it: comments and trailing commas removed (strings kept as they are).
std::string strip_jsonc(std::string_view text);

// The ImportResolver both plugins implement, over the functions above.
class EcmaScriptImportResolver : public sdk::ImportResolver, public sdk::KindAwareImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  // Without a kind: as an import.
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  sdk::ResolvedImport resolve_kind(const sdk::ResolutionContext& context, std::string_view from,
                                   const sdk::Import& import, std::string_view kind) const override;
  std::vector<std::string> project_files() const override { return ecmascript_project_files(); }
};

}  // namespace ax::lang
