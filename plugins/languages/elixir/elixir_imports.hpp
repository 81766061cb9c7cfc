// Elixir import resolution by definition: alias/import/require/use name a module, found in the
// files defining it (exact when one file does, else the nearest as a guess); when none does, the
// file Mix's convention gives it (MyApp.HTTPClient in lib/my_app/http_client.ex, or under test/)
// as a guess. Erlang modules (`:lists`) and modules of no file are external (the standard
// library, dependencies), except under a namespace the repository defines: unresolved.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class ElixirImportResolver : public sdk::ImportResolver, public sdk::DefinitionBasedImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  // Resolution reads no project file; it depends on the definitions of the indexed files.
  std::vector<std::string> project_files() const override { return {}; }
  // An edited file that starts or stops defining a module is resolved against again.
  std::vector<std::string> definition_languages() const override { return {"elixir"}; }
};

// Mix's file name for a module name part: "HTTPClient" -> "http_client" (Macro.underscore).
std::string underscore(std::string_view alias);

}  // namespace ax::lang
