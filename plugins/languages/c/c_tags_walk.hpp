// C's tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class CTagWalker {
 public:
  explicit CTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  enum class Node : std::uint8_t {
    other,
    function_definition,
    declaration,
    function_declarator,
    pointer_declarator,
    array_declarator,
    init_declarator,
    parenthesized_declarator,
    identifier,
    type_identifier,
    field_identifier,
    type_definition,
    struct_specifier,
    union_specifier,
    enum_specifier,
    field_declaration_list,
    enumerator_list,
    enumerator,
    field_declaration,
    type_qualifier,
    primitive_type,
    sized_type_specifier,
    macro_type_specifier,
    preproc_def,
    preproc_function_def,
    preproc_include,
    system_lib_string,
    string_literal,
    call_expression,
    field_expression,
  };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId declarator_, type_, name_, body_, path_, function_, field_;
};

}  // namespace ax::lang
