// Scala import resolution by definition: `import a.b.C` is the file that declares package a.b and
// defines C (or defines a.b.C inside a package body); a member or nested name (`a.b.C.x`) is C's
// file (types and objects are told from packages by their capital); a wildcard (`a.b._`, `a.b.*`,
// `a.b.given`) names the package's folder, and a selector list (`a.b.{C, D => E}`) its first name.
// One file: exact; several: the nearest, heuristic. Names of no file are the standard library's or
// a dependency's (external), unless their package is the repository's (unresolved). Imports
// relative to an enclosing package or an earlier import (`import util.Clock` inside package
// com.acme) are not followed: they read as external.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class ScalaImportResolver : public sdk::ImportResolver, public sdk::DefinitionBasedImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  // Resolution reads no project file; it depends on the definitions of the indexed files.
  std::vector<std::string> project_files() const override { return {}; }
  // An edited file that starts or stops defining a module is resolved against again.
  std::vector<std::string> definition_languages() const override { return {"scala"}; }
};

}  // namespace ax::lang
