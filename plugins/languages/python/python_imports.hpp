// Python import resolution: a dotted module path, found under the source roots (the repository
// root, src/, and the folders holding a pyproject.toml, setup.py or setup.cfg, with their src/) as
// a module (x.py, else the x.pyi stub), a package (x/__init__.py) or a namespace package (a folder
// without __init__.py); relative imports from the importing file's package. The parser writes
// `from M import n` as "M.n": n is a submodule when such a file exists, otherwise a name of M.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class PythonImportResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  std::vector<std::string> project_files() const override;
};

}  // namespace ax::lang
