// Go's tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports).
#pragma once
#include <cstdint>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class GoTagWalker {
 public:
  explicit GoTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  enum class Node : std::uint8_t {
    other,
    package_clause,
    package_identifier,
    function_declaration,
    method_declaration,
    identifier,
    field_identifier,
    type_identifier,
    type_declaration,
    type_spec,
    type_alias,
    struct_type,
    interface_type,
    field_declaration_list,
    field_declaration,
    qualified_type,
    generic_type,
    pointer_type,
    method_elem,
    const_declaration,
    const_spec,
    var_declaration,
    var_spec,
    import_spec,
    string_literal,
    call_expression,
    selector_expression,
    index_expression,
  };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId name_, type_, path_, function_, field_, operand_;
};

}  // namespace ax::lang
