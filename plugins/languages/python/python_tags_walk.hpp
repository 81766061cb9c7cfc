// Python's tags without the query engine: one walk of the tree that finds what queries/tags.scm
// matches, numbered by its patterns (the query stays the specification; extract_diff.sh checks
// that both give the same symbols, references and imports), its #match? predicates written out.
#pragma once
#include <cstdint>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>
#include <ax/lang/tree_walk.hpp>

namespace ax::lang {

class PythonTagWalker {
 public:
  explicit PythonTagWalker(const TSLanguage* language);
  void walk(TSNode root, std::string_view source, TagMatches& matches) const;

  enum class Node : std::uint8_t {
    other,
    module,
    class_definition,
    decorated_definition,
    decorator,
    function_definition,
    block,
    expression_statement,
    assignment,
    string,
    identifier,
    attribute,
    argument_list,
    subscript,
    type_alias_statement,
    type,
    generic_type,
    call,
    lambda,
    pattern_list,
    tuple_pattern,
    import_statement,
    import_from_statement,
    aliased_import,
    dotted_name,
    relative_import,
    wildcard_import,
    binary_operator,
  };
  enum class Field : std::uint8_t {
    any,
    name,
    body,
    superclasses,
    definition,
    left,
    right,
    type,
    function,
    attribute,
    value,
    module_name,
    count
  };

 private:
  class Walk;
  NodeKinds<Node> kinds_;
  TSFieldId fields_[static_cast<std::size_t>(Field::count)];
};

}  // namespace ax::lang
