#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "java_imports.hpp"
#include "java_tags_walk.hpp"

namespace ax::lang {

// Java: nested types are qualified `Outer.Inner`; records are structs; `static final` fields are
// constants. Only Javadoc (`/** */`) directly above a declaration is documentation, and
// signatures leave out the annotations that precede the modifiers.
class JavaLanguage : public TreeSitterLanguage, public JavaImportResolver {
 public:
  JavaLanguage();

  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  // `import static a.B.c;` is "a.B.c" of kind "static"; the others are "import".
  void post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                            std::string_view source) const override;

 private:
  JavaTagWalker walker_;
};

}  // namespace ax::lang
