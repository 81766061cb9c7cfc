#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "go_imports.hpp"
#include "go_tags_walk.hpp"

namespace ax::lang {

// Go: the package clause is the file's namespace; methods are qualified by their receiver type
// (`Point.Area`) and become children of that type when it is declared in the same file.
class GoLanguage : public TreeSitterLanguage, public GoImportResolver {
 public:
  GoLanguage();

  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;

 private:
  GoTagWalker walker_;
};

}  // namespace ax::lang
