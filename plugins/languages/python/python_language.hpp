#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "python_imports.hpp"
#include "python_tags_walk.hpp"

namespace ax::lang {

// Python: classes (enums and protocols by their base), functions, methods, `__init__` constructors,
// properties and their accessors, class attributes, module-level constants, variables and type
// aliases; imports; calls, decorators and type annotations as references.
class PythonLanguage : public TreeSitterLanguage, public PythonImportResolver {
 public:
  PythonLanguage();
  // Declines CGI scripts (.cgi, .fcgi) and specs (.spec) of other languages and Ren'Py scripts (.rpy).
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  // `def`/`class` headers up to their colon on one line, comments left out; a tuple target
  // (`a, b = …`) is shown with its whole assignment.
  std::string signature(TSNode definition, std::string_view source) const override;
  // Drops definitions local to a function (closures, nested helpers) and those in the
  // `if __name__ == "__main__":` block, and the type alias names the annotation patterns also see.
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;

 private:
  PythonTagWalker walker_;
};

}  // namespace ax::lang
