// Java import resolution. A type `a.b.C` is the file a/b/C.java under some source root (src/main/java,
// src/test/java, or whatever folder the repository's layout implies: any folder path ending in a/b
// holding C.java); a nested type or a static member (`a.b.C.Inner`, `a.b.C.member`) is C's file; a
// wildcard `a.b.*` names the package folder a/b. When several source roots hold the name, the one
// holding the importing file wins (exact), else the nearest (heuristic). Names the repository does
// not hold are the JDK's (java.*, javax.*…) or a library's: external; unresolved when the
// repository holds the package but not the type.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class JavaImportResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  // Java resolution reads no project file: source roots come from the layout.
  std::vector<std::string> project_files() const override { return {}; }
};

}  // namespace ax::lang
