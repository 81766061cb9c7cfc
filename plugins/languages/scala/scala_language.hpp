#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "scala_imports.hpp"

namespace ax::lang {

// Scala 2 and 3: classes, objects (modules), traits, enums, defs, vals/vars, type aliases, givens
// and extensions. Members only: definitions local to a method or an initialiser are dropped. A
// `val` is a constant at top level and in objects and a field in classes; anonymous givens take
// the compiler's synthesized name. Only Scaladoc (`/** */`) is documentation.
class ScalaLanguage : public TreeSitterLanguage, public ScalaImportResolver {
 public:
  ScalaLanguage();
  // Declines SuperCollider files named .sc; claims a .sc only when it reads as Scala.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;

  sdk::SymbolKind refine_kind(sdk::SymbolKind captured, const sdk::SymbolKind* parent_kind) const override;
  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  // Scala 2 that tree-sitter-scala cannot read, rewritten with byte offsets and lines kept.
  std::optional<std::string> text_to_reparse(std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
};

}  // namespace ax::lang
