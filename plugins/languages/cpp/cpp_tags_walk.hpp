// C++'s tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports).
#pragma once
#include <cstdint>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class CppTagWalker {
 public:
  explicit CppTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  // The node kinds the query names (at most 64: sets of them are bit masks).
  enum class Node : std::uint8_t {
    other,
    namespace_definition,
    namespace_identifier,
    nested_namespace_specifier,
    function_definition,
    declaration,
    field_declaration,
    function_declarator,
    pointer_declarator,
    reference_declarator,
    array_declarator,
    init_declarator,
    parenthesized_declarator,
    identifier,
    field_identifier,
    qualified_identifier,
    destructor_name,
    operator_name,
    template_function,
    operator_cast,
    class_specifier,
    struct_specifier,
    union_specifier,
    enum_specifier,
    type_identifier,
    template_type,
    field_declaration_list,
    enumerator_list,
    enumerator,
    type_definition,
    primitive_type,
    sized_type_specifier,
    decltype_,
    alias_declaration,
    concept_definition,
    storage_class_specifier,
    type_qualifier,
    preproc_def,
    preproc_function_def,
    preproc_include,
    system_lib_string,
    string_literal,
    translation_unit,
    declaration_list,
    compound_statement,
    preproc_ifdef,
    preproc_if,
    preproc_else,
    using_declaration,
    call_expression,
    field_expression,
    template_method,
    new_expression,
    parameter_declaration,
    optional_parameter_declaration,
    variadic_parameter_declaration,
    type_descriptor,
    for_range_loop,
    template_instantiation,
    base_class_clause,
  };
  // The fields the query names.
  enum class Field : std::uint8_t { any, declarator, type, name, body, path, function, field, count };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId fields_[static_cast<std::size_t>(Field::count)];
};

}  // namespace ax::lang
