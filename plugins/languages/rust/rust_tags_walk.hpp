// Rust's tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports).
#pragma once
#include <cstdint>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class RustTagWalker {
 public:
  explicit RustTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  enum class Node : std::uint8_t {
    other,
    mod_item,
    function_item,
    function_signature_item,
    struct_item,
    union_item,
    enum_item,
    enum_variant,
    trait_item,
    field_declaration_list,
    field_declaration,
    impl_item,
    type_item,
    associated_type,
    const_item,
    static_item,
    macro_definition,
    use_declaration,
    use_as_clause,
    use_argument,  // other arguments of `use` imported whole: use_list, use_wildcard, crate, self…
    extern_crate_declaration,
    call_expression,
    macro_invocation,
    identifier,
    type_identifier,
    field_identifier,
    scoped_identifier,
    scoped_type_identifier,
    generic_type,
    generic_function,
    reference_type,
    field_expression,
    metavariable,
    other_self_type,  // other self types of an impl that keep their text: tuple_type, primitive_type…
  };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId name_, type_, body_, path_, argument_, function_, field_, macro_;
};

}  // namespace ax::lang
