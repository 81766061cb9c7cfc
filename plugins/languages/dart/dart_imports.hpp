// Dart import resolution: `dart:` libraries are the SDK's (external); `package:NAME/path` is
// lib/path of the package whose pubspec.yaml says `name: NAME` (external when no package of the
// repository has that name); any other URI is relative to the importing file. `part of lib.name;`
// (a library name, not a URI) names the file declaring that library, by definition: heuristic.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class DartImportResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  std::vector<std::string> project_files() const override { return {"pubspec.yaml"}; }
};

// The top-level `name:` of a pubspec.yaml; empty when it has none.
std::string pubspec_name(std::string_view pubspec);

}  // namespace ax::lang
