#include "java_tags_walk.hpp"

#include <cctype>

namespace ax::lang {
namespace {

using Node = JavaTagWalker::Node;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  package_name,
  class_name,
  interface_name,
  enum_name,
  enum_constant_name,
  record_name,
  record_component,
  annotation_type_name,
  annotation_element_name,
  method_name,
  constructor_name,
  compact_constructor_name,
  static_final_field,
  field,
  interface_constant,
  import,
  method_call,
  type_use,
};

// The query's `#match? @_modifiers "(^|\\s)word(\\s|$)"`: `word` stands alone among the modifiers.
bool has_word(std::string_view text, std::string_view word) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || space(text[at - 1])) && (end == text.size() || space(text[end]))) return true;
  }
  return false;
}

}  // namespace

JavaTagWalker::JavaTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"package_declaration", Node::package_declaration},
                 {"class_declaration", Node::class_declaration},
                 {"interface_declaration", Node::interface_declaration},
                 {"enum_declaration", Node::enum_declaration},
                 {"enum_constant", Node::enum_constant},
                 {"record_declaration", Node::record_declaration},
                 {"formal_parameters", Node::formal_parameters},
                 {"formal_parameter", Node::formal_parameter},
                 {"annotation_type_declaration", Node::annotation_type_declaration},
                 {"annotation_type_element_declaration", Node::annotation_type_element_declaration},
                 {"method_declaration", Node::method_declaration},
                 {"constructor_declaration", Node::constructor_declaration},
                 {"compact_constructor_declaration", Node::compact_constructor_declaration},
                 {"field_declaration", Node::field_declaration},
                 {"constant_declaration", Node::constant_declaration},
                 {"variable_declarator", Node::variable_declarator},
                 {"modifiers", Node::modifiers},
                 {"import_declaration", Node::import_declaration},
                 {"method_invocation", Node::method_invocation},
                 {"identifier", Node::identifier},
                 {"scoped_identifier", Node::scoped_identifier},
                 {"type_identifier", Node::type_identifier},
             }),
      name_(field_id(language, "name")),
      parameters_(field_id(language, "parameters")),
      declarator_(field_id(language, "declarator")) {}

// One walk: the walker's tables, the file and the matches found so far.
class JavaTagWalker::Walk {
 public:
  Walk(const JavaTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node) {
    switch (w_.kinds_(node)) {
      case Node::package_declaration:
        children_.for_each_child(node, [&](TSNode child, TSFieldId) {
          if (w_.kinds_.is(child, Node::identifier) || w_.kinds_.is(child, Node::scoped_identifier))
            define(node, child, SymbolKind::namespace_, package_name);
        });
        break;
      case Node::class_declaration:
        named(node, SymbolKind::class_, class_name);
        break;
      case Node::interface_declaration:
        named(node, SymbolKind::interface, interface_name);
        break;
      case Node::enum_declaration:
        named(node, SymbolKind::enum_, enum_name);
        break;
      case Node::enum_constant:
        named(node, SymbolKind::enum_member, enum_constant_name);
        break;
      case Node::record_declaration:
        named(node, SymbolKind::struct_, record_name);
        if (TSNode parameters = ts_node_child_by_field_id(node, w_.parameters_);
            w_.kinds_.is(parameters, Node::formal_parameters))
          children_.for_each_child(parameters, [&](TSNode parameter, TSFieldId) {
            if (w_.kinds_.is(parameter, Node::formal_parameter)) named(parameter, SymbolKind::field, record_component);
          });
        break;
      case Node::annotation_type_declaration:
        named(node, SymbolKind::interface, annotation_type_name);
        break;
      case Node::annotation_type_element_declaration:
        named(node, SymbolKind::method, annotation_element_name);
        break;
      case Node::method_declaration:
        named(node, SymbolKind::method, method_name);
        break;
      case Node::constructor_declaration:
        named(node, SymbolKind::constructor, constructor_name);
        break;
      case Node::compact_constructor_declaration:
        named(node, SymbolKind::constructor, compact_constructor_name);
        break;
      case Node::field_declaration:
        field_declaration(node);
        break;
      case Node::constant_declaration:
        declarator_names(node, [&](TSNode name) { define(node, name, SymbolKind::constant, interface_constant); });
        break;
      case Node::import_declaration:
        matches_.imports.push_back({node, "import"});
        break;
      case Node::method_invocation:
        if (TSNode name = ts_node_child_by_field_id(node, w_.name_); w_.kinds_.is(name, Node::identifier))
          matches_.references.push_back({name, ReferenceKind::call, method_call});
        break;
      case Node::type_identifier:
        if (node_text(node, source_) != "var")
          matches_.references.push_back({node, ReferenceKind::reference, type_use});
        break;
      default:
        break;
    }
  }

 private:
  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern) {
    matches_.definitions.push_back({definition, name, kind, pattern});
  }
  // `(declaration name: (identifier) @name) @definition.<kind>`
  void named(TSNode node, SymbolKind kind, Pattern pattern) {
    if (TSNode name = ts_node_child_by_field_id(node, w_.name_); w_.kinds_.is(name, Node::identifier))
      define(node, name, kind, pattern);
  }

  // The names of a declaration's variable declarators (`int a, b = 2;` has two).
  template <typename Found>
  void declarator_names(TSNode declaration, Found&& found) {
    children_.for_each_child(declaration, [&](TSNode declarator, TSFieldId field) {
      if (field != w_.declarator_ || !w_.kinds_.is(declarator, Node::variable_declarator)) return;
      if (TSNode name = ts_node_child_by_field_id(declarator, w_.name_); w_.kinds_.is(name, Node::identifier))
        found(name);
    });
  }

  // Fields; `static final` ones are also constants (that pattern comes first and wins).
  void field_declaration(TSNode node) {
    bool constant = false;
    children_.for_each_child(node, [&](TSNode child, TSFieldId) {
      if (!w_.kinds_.is(child, Node::modifiers)) return;
      const std::string_view modifiers = node_text(child, source_);
      constant = constant || (has_word(modifiers, "static") && has_word(modifiers, "final"));
    });
    declarator_names(node, [&](TSNode name) {
      if (constant) define(node, name, SymbolKind::constant, static_final_field);
      define(node, name, SymbolKind::field, field);
    });
  }

  const JavaTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void JavaTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root, [&](TSNode node, TSNode, const TSTreeCursor&) { walk.visit(node); });
}

}  // namespace ax::lang
