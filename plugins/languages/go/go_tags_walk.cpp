#include "go_tags_walk.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace ax::lang {
namespace {

using Node = GoTagWalker::Node;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  package_name,
  function_name,
  method_name,
  lone_struct,
  lone_interface,
  lone_type,
  struct_spec,
  interface_spec,
  type_spec_name,
  type_alias_name,
  named_field,
  embedded_field,
  interface_method,
  lone_constant,
  constant_spec,
  lone_variable,
  variable_spec,
  import_path,
  call_of_identifier,
  call_of_selector,
  call_of_instantiated_identifier,
  call_of_instantiated_selector,
  type_use,
};

// The query's `#not-any-of?` list: predeclared types carry nothing worth navigating to.
constexpr std::array<std::string_view, 22> kPredeclaredTypes = {
    "bool",   "byte",    "rune",    "string",  "error",     "any",       "comparable", "int",
    "int8",   "int16",   "int32",   "int64",   "uint",      "uint8",     "uint16",     "uint32",
    "uint64", "uintptr", "float32", "float64", "complex64", "complex128"};

bool is_predeclared_type(std::string_view name) {
  return name == "nil" ||
         std::find(kPredeclaredTypes.begin(), kPredeclaredTypes.end(), name) != kPredeclaredTypes.end();
}

// The query's `#not-match? … "^type\\s*\\("` (and "^const…"): a declaration that opens a group.
bool opens_group(std::string_view text, std::string_view keyword) {
  if (!text.starts_with(keyword)) return false;
  std::size_t i = keyword.size();
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
                             text[i] == '\f' || text[i] == '\v'))
    ++i;
  return i < text.size() && text[i] == '(';
}

}  // namespace

GoTagWalker::GoTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"package_clause", Node::package_clause},
                 {"package_identifier", Node::package_identifier},
                 {"function_declaration", Node::function_declaration},
                 {"method_declaration", Node::method_declaration},
                 {"identifier", Node::identifier},
                 {"field_identifier", Node::field_identifier},
                 {"type_identifier", Node::type_identifier},
                 {"type_declaration", Node::type_declaration},
                 {"type_spec", Node::type_spec},
                 {"type_alias", Node::type_alias},
                 {"struct_type", Node::struct_type},
                 {"interface_type", Node::interface_type},
                 {"field_declaration_list", Node::field_declaration_list},
                 {"field_declaration", Node::field_declaration},
                 {"qualified_type", Node::qualified_type},
                 {"generic_type", Node::generic_type},
                 {"pointer_type", Node::pointer_type},
                 {"method_elem", Node::method_elem},
                 {"const_declaration", Node::const_declaration},
                 {"const_spec", Node::const_spec},
                 {"var_declaration", Node::var_declaration},
                 {"var_spec", Node::var_spec},
                 {"import_spec", Node::import_spec},
                 {"interpreted_string_literal", Node::string_literal},
                 {"raw_string_literal", Node::string_literal},
                 {"call_expression", Node::call_expression},
                 {"selector_expression", Node::selector_expression},
                 {"index_expression", Node::index_expression},
             }),
      name_(field_id(language, "name")),
      type_(field_id(language, "type")),
      path_(field_id(language, "path")),
      function_(field_id(language, "function")),
      field_(field_id(language, "field")),
      operand_(field_id(language, "operand")) {}

// One walk: the walker's tables, the file and the matches found so far.
class GoTagWalker::Walk {
 public:
  Walk(const GoTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node) {
    switch (w_.kinds_(node)) {
      case Node::package_clause:
        children_.for_each_child(node, [&](TSNode child, TSFieldId) {
          if (w_.kinds_.is(child, Node::package_identifier)) define(node, child, SymbolKind::namespace_, package_name);
        });
        break;
      case Node::function_declaration:
        for_each_name(node, Node::identifier,
                      [&](TSNode name) { define(node, name, SymbolKind::function, function_name); });
        break;
      case Node::method_declaration:
        for_each_name(node, Node::field_identifier,
                      [&](TSNode name) { define(node, name, SymbolKind::method, method_name); });
        break;
      case Node::type_declaration:
        lone_type_spec(node);
        break;
      case Node::type_spec:
        type_spec(node, node, struct_spec, interface_spec, type_spec_name);
        break;
      case Node::type_alias:
        for_each_name(node, Node::type_identifier,
                      [&](TSNode name) { define(node, name, SymbolKind::type, type_alias_name); });
        break;
      case Node::field_declaration_list:
        children_.for_each_child(node, [&](TSNode child, TSFieldId) {
          if (w_.kinds_.is(child, Node::field_declaration)) field_declaration(child);
        });
        break;
      case Node::interface_type:
        children_.for_each_child(node, [&](TSNode child, TSFieldId) {
          if (!w_.kinds_.is(child, Node::method_elem)) return;
          for_each_name(child, Node::field_identifier,
                        [&](TSNode name) { define(child, name, SymbolKind::method, interface_method); });
        });
        break;
      case Node::const_declaration:
        if (TSNode spec = only_named_child(node);
            w_.kinds_.is(spec, Node::const_spec) && !opens_group(text(node), "const"))
          constant_names(spec, node, lone_constant);
        break;
      case Node::const_spec:
        constant_names(node, node, constant_spec);
        break;
      case Node::var_declaration:
        if (TSNode spec = only_named_child(node); w_.kinds_.is(spec, Node::var_spec))
          variable_names(spec, node, lone_variable);
        break;
      case Node::var_spec:
        variable_names(node, node, variable_spec);
        break;
      case Node::import_spec:
        children_.for_each_child(node, [&](TSNode child, TSFieldId field) {
          if (field == w_.path_ && w_.kinds_.is(child, Node::string_literal))
            matches_.imports.push_back({child, "import"});
        });
        break;
      case Node::call_expression:
        call(node);
        break;
      case Node::type_identifier:
        if (!is_predeclared_type(text(node))) matches_.references.push_back({node, ReferenceKind::reference, type_use});
        break;
      default:
        break;
    }
  }

 private:
  std::string_view text(TSNode node) const { return node_text(node, source_); }

  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern) {
    matches_.definitions.push_back({definition, name, kind, pattern});
  }

  // The children in the `name` field of the given kind.
  template <typename Found>
  void for_each_name(TSNode node, Node kind, Found&& found) {
    children_.for_each_child(node, [&](TSNode child, TSFieldId field) {
      if (field == w_.name_ && w_.kinds_.is(child, kind)) found(child);
    });
  }

  // The query's `(parent . (child) .)`: the child that is the parent's first and last named one.
  static TSNode only_named_child(TSNode node) {
    return ts_node_named_child_count(node) == 1 ? ts_node_named_child(node, 0) : TSNode{};
  }

  // `type Point struct {…}`: the declaration itself is the symbol, unless it opens a group.
  void lone_type_spec(TSNode declaration) {
    TSNode spec = only_named_child(declaration);
    if (ts_node_is_null(spec)) return;
    const bool is_spec = w_.kinds_.is(spec, Node::type_spec);
    if (!is_spec && !w_.kinds_.is(spec, Node::type_alias)) return;
    if (opens_group(text(declaration), "type")) return;
    if (is_spec) {
      type_spec(spec, declaration, lone_struct, lone_interface, lone_type);
    } else {
      for_each_name(spec, Node::type_identifier,
                    [&](TSNode name) { define(declaration, name, SymbolKind::type, lone_type); });
    }
  }

  // A type_spec's names as `definition`s: struct or interface by its type, and a type in any case.
  void type_spec(TSNode spec, TSNode definition, Pattern as_struct, Pattern as_interface, Pattern as_type) {
    TSNode name{};
    bool is_struct = false, is_interface = false;
    children_.for_each_child(spec, [&](TSNode child, TSFieldId field) {
      if (field == w_.name_ && w_.kinds_.is(child, Node::type_identifier)) {
        name = child;
      } else if (field == w_.type_ && !ts_node_is_null(name)) {
        is_struct = is_struct || w_.kinds_.is(child, Node::struct_type);
        is_interface = is_interface || w_.kinds_.is(child, Node::interface_type);
      }
    });
    if (ts_node_is_null(name)) return;
    if (is_struct) define(definition, name, SymbolKind::struct_, as_struct);
    if (is_interface) define(definition, name, SymbolKind::interface, as_interface);
    define(definition, name, SymbolKind::type, as_type);
  }

  // Named fields, else an embedded field named after its type (`T`, `pkg.T`, `G[X]`, `*T`, `*pkg.T`).
  void field_declaration(TSNode declaration) {
    for_each_name(declaration, Node::field_identifier,
                  [&](TSNode name) { define(declaration, name, SymbolKind::field, named_field); });
    if (!ts_node_is_null(ts_node_child_by_field_id(declaration, w_.name_))) return;
    auto embedded = [&](TSNode name) { define(declaration, name, SymbolKind::field, embedded_field); };
    auto qualified_name = [&](TSNode qualified) { for_each_name(qualified, Node::type_identifier, embedded); };
    children_.for_each_child(declaration, [&](TSNode type, TSFieldId field) {
      if (field != w_.type_) return;
      switch (w_.kinds_(type)) {
        case Node::type_identifier:
          embedded(type);
          break;
        case Node::qualified_type:
          qualified_name(type);
          break;
        case Node::generic_type:
          children_.for_each_child(type, [&](TSNode child, TSFieldId child_field) {
            if (child_field == w_.type_ && w_.kinds_.is(child, Node::type_identifier)) embedded(child);
          });
          break;
        case Node::pointer_type:
          children_.for_each_child(type, [&](TSNode child, TSFieldId) {
            if (w_.kinds_.is(child, Node::type_identifier)) embedded(child);
          });
          children_.for_each_child(type, [&](TSNode child, TSFieldId) {
            if (w_.kinds_.is(child, Node::qualified_type)) qualified_name(child);
          });
          break;
        default:
          break;
      }
    });
  }

  // Constants are every identifier directly under the spec (its names), the blank one aside.
  void constant_names(TSNode spec, TSNode definition, Pattern pattern) {
    children_.for_each_child(spec, [&](TSNode child, TSFieldId) {
      if (w_.kinds_.is(child, Node::identifier) && text(child) != "_")
        define(definition, child, SymbolKind::constant, pattern);
    });
  }

  void variable_names(TSNode spec, TSNode definition, Pattern pattern) {
    for_each_name(spec, Node::identifier, [&](TSNode name) {
      if (text(name) != "_") define(definition, name, SymbolKind::variable, pattern);
    });
  }

  // f(), pkg.F(), x.M(), F[int](), x.M[int]().
  void call(TSNode call) {
    auto selector_field = [&](TSNode selector, Pattern pattern) {
      children_.for_each_child(selector, [&](TSNode child, TSFieldId field) {
        if (field == w_.field_ && w_.kinds_.is(child, Node::field_identifier))
          matches_.references.push_back({child, ReferenceKind::call, pattern});
      });
    };
    children_.for_each_child(call, [&](TSNode function, TSFieldId field) {
      if (field != w_.function_) return;
      switch (w_.kinds_(function)) {
        case Node::identifier:
          matches_.references.push_back({function, ReferenceKind::call, call_of_identifier});
          break;
        case Node::selector_expression:
          selector_field(function, call_of_selector);
          break;
        case Node::index_expression:
          children_.for_each_child(function, [&](TSNode operand, TSFieldId operand_field) {
            if (operand_field != w_.operand_) return;
            if (w_.kinds_.is(operand, Node::identifier)) {
              matches_.references.push_back({operand, ReferenceKind::call, call_of_instantiated_identifier});
            } else if (w_.kinds_.is(operand, Node::selector_expression)) {
              selector_field(operand, call_of_instantiated_selector);
            }
          });
          break;
        default:
          break;
      }
    });
  }

  const GoTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void GoTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root, [&](TSNode node, TSNode, const TSTreeCursor&) { walk.visit(node); });
}

}  // namespace ax::lang
