#pragma once
#include <ax/lang/tree_sitter_language.hpp>

namespace ax::lang {

// Java: nested types are qualified `Outer.Inner`; records are structs; `static final` fields are
// constants. Only Javadoc (`/** */`) directly above a declaration is documentation, and
// signatures leave out the annotations that precede the modifiers.
class JavaLanguage : public TreeSitterLanguage {
 public:
  JavaLanguage();

  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
};

}  // namespace ax::lang
