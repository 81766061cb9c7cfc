// Java's tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports).
#pragma once
#include <cstdint>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class JavaTagWalker {
 public:
  explicit JavaTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  enum class Node : std::uint8_t {
    other,
    package_declaration,
    class_declaration,
    interface_declaration,
    enum_declaration,
    enum_constant,
    record_declaration,
    formal_parameters,
    formal_parameter,
    annotation_type_declaration,
    annotation_type_element_declaration,
    method_declaration,
    constructor_declaration,
    compact_constructor_declaration,
    field_declaration,
    constant_declaration,
    variable_declarator,
    modifiers,
    import_declaration,
    method_invocation,
    identifier,
    scoped_identifier,
    type_identifier,
  };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId name_, parameters_, declarator_;
};

}  // namespace ax::lang
