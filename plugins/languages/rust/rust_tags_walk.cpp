#include "rust_tags_walk.hpp"

namespace ax::lang {
namespace {

using Node = RustTagWalker::Node;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  module,
  function,
  function_signature,
  struct_item,
  union_item,
  enum_item,
  enum_variant,
  trait_item,
  field,
  impl_of_named_type,
  impl_of_other_type,
  impl_of_reference_to_other_type,
  type_item,
  associated_type,
  const_item,
  static_item,
  macro_definition,
  use_as,
  use_whole,
  extern_crate,
  module_file,
  call_of_identifier,
  call_of_path,
  call_of_method,
  call_of_generic_identifier,
  call_of_generic_path,
  call_of_generic_method,
  macro_of_identifier,
  macro_of_path,
  type_use,
};

// Self types of an impl that keep their text (the query's second impl pattern).
bool is_other_self_type(Node kind) {
  return kind == Node::other_self_type || kind == Node::macro_invocation || kind == Node::metavariable;
}

}  // namespace

RustTagWalker::RustTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"mod_item", Node::mod_item},
                 {"function_item", Node::function_item},
                 {"function_signature_item", Node::function_signature_item},
                 {"struct_item", Node::struct_item},
                 {"union_item", Node::union_item},
                 {"enum_item", Node::enum_item},
                 {"enum_variant", Node::enum_variant},
                 {"trait_item", Node::trait_item},
                 {"field_declaration_list", Node::field_declaration_list},
                 {"field_declaration", Node::field_declaration},
                 {"impl_item", Node::impl_item},
                 {"type_item", Node::type_item},
                 {"associated_type", Node::associated_type},
                 {"const_item", Node::const_item},
                 {"static_item", Node::static_item},
                 {"macro_definition", Node::macro_definition},
                 {"use_declaration", Node::use_declaration},
                 {"use_as_clause", Node::use_as_clause},
                 {"scoped_use_list", Node::use_argument},
                 {"use_list", Node::use_argument},
                 {"use_wildcard", Node::use_argument},
                 {"crate", Node::use_argument},
                 {"self", Node::use_argument},
                 {"super", Node::use_argument},
                 {"extern_crate_declaration", Node::extern_crate_declaration},
                 {"call_expression", Node::call_expression},
                 {"macro_invocation", Node::macro_invocation},
                 {"identifier", Node::identifier},
                 {"type_identifier", Node::type_identifier},
                 {"field_identifier", Node::field_identifier},
                 {"scoped_identifier", Node::scoped_identifier},
                 {"scoped_type_identifier", Node::scoped_type_identifier},
                 {"generic_type", Node::generic_type},
                 {"generic_function", Node::generic_function},
                 {"reference_type", Node::reference_type},
                 {"field_expression", Node::field_expression},
                 {"metavariable", Node::metavariable},
                 {"abstract_type", Node::other_self_type},
                 {"array_type", Node::other_self_type},
                 {"bounded_type", Node::other_self_type},
                 {"dynamic_type", Node::other_self_type},
                 {"function_type", Node::other_self_type},
                 {"never_type", Node::other_self_type},
                 {"pointer_type", Node::other_self_type},
                 {"primitive_type", Node::other_self_type},
                 {"removed_trait_bound", Node::other_self_type},
                 {"tuple_type", Node::other_self_type},
                 {"unit_type", Node::other_self_type},
             }),
      name_(field_id(language, "name")),
      type_(field_id(language, "type")),
      body_(field_id(language, "body")),
      path_(field_id(language, "path")),
      argument_(field_id(language, "argument")),
      function_(field_id(language, "function")),
      field_(field_id(language, "field")),
      macro_(field_id(language, "macro")) {}

// One walk: the walker's tables, the file and the matches found so far. Every field the query
// names holds one node at most in this grammar, so ts_node_child_by_field_id finds it.
class RustTagWalker::Walk {
 public:
  Walk(const RustTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node) {
    switch (w_.kinds_(node)) {
      case Node::mod_item: {
        const TSNode name = child(node, w_.name_, Node::identifier);
        if (ts_node_is_null(name)) break;
        define(node, name, SymbolKind::module, module);
        if (ts_node_is_null(ts_node_child_by_field_id(node, w_.body_))) matches_.imports.push_back({name, "mod"});
        break;
      }
      case Node::function_item:
        named(node, Node::identifier, SymbolKind::function, function);
        break;
      case Node::function_signature_item:
        named(node, Node::identifier, SymbolKind::function, function_signature);
        break;
      case Node::struct_item:
        named(node, Node::type_identifier, SymbolKind::struct_, struct_item);
        break;
      case Node::union_item:
        named(node, Node::type_identifier, SymbolKind::union_, union_item);
        break;
      case Node::enum_item:
        named(node, Node::type_identifier, SymbolKind::enum_, enum_item);
        break;
      case Node::enum_variant:
        named(node, Node::identifier, SymbolKind::enum_member, enum_variant);
        break;
      case Node::trait_item:
        named(node, Node::type_identifier, SymbolKind::trait, trait_item);
        break;
      case Node::field_declaration_list:
        children_.for_each_child(node, [&](TSNode declaration, TSFieldId) {
          if (w_.kinds_.is(declaration, Node::field_declaration))
            named(declaration, Node::field_identifier, SymbolKind::field, field);
        });
        break;
      case Node::impl_item:
        impl(node);
        break;
      case Node::type_item:
        named(node, Node::type_identifier, SymbolKind::type, type_item);
        break;
      case Node::associated_type:
        named(node, Node::type_identifier, SymbolKind::type, associated_type);
        break;
      case Node::const_item:
        named(node, Node::identifier, SymbolKind::constant, const_item);
        break;
      case Node::static_item:
        named(node, Node::identifier, SymbolKind::variable, static_item);
        break;
      case Node::macro_definition:
        named(node, Node::identifier, SymbolKind::macro, macro_definition);
        break;
      case Node::use_declaration:
        use(node);
        break;
      case Node::extern_crate_declaration:
        if (TSNode name = child(node, w_.name_, Node::identifier); !ts_node_is_null(name))
          matches_.imports.push_back({name, "extern_crate"});
        break;
      case Node::call_expression:
        call(node);
        break;
      case Node::macro_invocation: {
        const TSNode macro = ts_node_child_by_field_id(node, w_.macro_);
        if (w_.kinds_.is(macro, Node::identifier)) call_of(macro, macro_of_identifier);
        if (w_.kinds_.is(macro, Node::scoped_identifier))
          call_of(child(macro, w_.name_, Node::identifier), macro_of_path);
        break;
      }
      case Node::type_identifier:
        if (const std::string_view name = text(node); name != "Self" && name != "_")
          matches_.references.push_back({node, ReferenceKind::reference, type_use});
        break;
      default:
        break;
    }
  }

 private:
  std::string_view text(TSNode node) const { return node_text(node, source_); }
  // The child in `field` when it is of `kind`, else a null node.
  TSNode child(TSNode node, TSFieldId field, Node kind) const {
    const TSNode found = ts_node_child_by_field_id(node, field);
    return w_.kinds_.is(found, kind) ? found : TSNode{};
  }

  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern) {
    matches_.definitions.push_back({definition, name, kind, pattern});
  }
  // `(item name: (kind) @name) @definition.<symbol kind>`
  void named(TSNode node, Node name_kind, SymbolKind kind, Pattern pattern) {
    if (TSNode name = child(node, w_.name_, name_kind); !ts_node_is_null(name)) define(node, name, kind, pattern);
  }
  void call_of(TSNode name, Pattern pattern) {
    if (!ts_node_is_null(name)) matches_.references.push_back({name, ReferenceKind::call, pattern});
  }

  // An impl is named after its self type: `T`, `G<…>`, `a::T`, `a::G<…>`, each maybe behind `&`;
  // other self types (and references to them) keep their text.
  void impl(TSNode node) {
    const TSNode self_type = ts_node_child_by_field_id(node, w_.type_);
    if (ts_node_is_null(self_type)) return;
    const Node kind = w_.kinds_(self_type);
    if (TSNode name = named_type(self_type); !ts_node_is_null(name))
      define(node, name, SymbolKind::impl, impl_of_named_type);
    if (kind == Node::reference_type)
      if (TSNode name = named_type(ts_node_child_by_field_id(self_type, w_.type_)); !ts_node_is_null(name))
        define(node, name, SymbolKind::impl, impl_of_named_type);
    if (is_other_self_type(kind)) define(node, self_type, SymbolKind::impl, impl_of_other_type);
    if (kind == Node::reference_type) {
      const TSNode referenced = ts_node_child_by_field_id(self_type, w_.type_);
      const Node referenced_kind = ts_node_is_null(referenced) ? Node::other : w_.kinds_(referenced);
      if (is_other_self_type(referenced_kind) || referenced_kind == Node::reference_type)
        define(node, self_type, SymbolKind::impl, impl_of_reference_to_other_type);
    }
  }

  // The type name of `T`, `G<…>`, `a::T` or `a::G<…>`; a null node for other types.
  TSNode named_type(TSNode type) const {
    if (ts_node_is_null(type)) return {};
    switch (w_.kinds_(type)) {
      case Node::type_identifier:
        return type;
      case Node::scoped_type_identifier:
        return child(type, w_.name_, Node::type_identifier);
      case Node::generic_type: {
        const TSNode generic = ts_node_child_by_field_id(type, w_.type_);
        if (w_.kinds_.is(generic, Node::type_identifier)) return generic;
        if (w_.kinds_.is(generic, Node::scoped_type_identifier)) return child(generic, w_.name_, Node::type_identifier);
        return {};
      }
      default:
        return {};
    }
  }

  // `use a::b::{c, d};` keeps its whole path; `use a::b as c;` its path without the alias.
  void use(TSNode node) {
    const TSNode argument = ts_node_child_by_field_id(node, w_.argument_);
    if (ts_node_is_null(argument)) return;
    switch (w_.kinds_(argument)) {
      case Node::use_as_clause:
        if (TSNode path = ts_node_child_by_field_id(argument, w_.path_);
            !ts_node_is_null(path) && ts_node_is_named(path))
          matches_.imports.push_back({path, "use"});
        break;
      case Node::use_argument:
      case Node::identifier:
      case Node::scoped_identifier:
      case Node::metavariable:
        matches_.imports.push_back({argument, "use"});
        break;
      default:
        break;
    }
  }

  // f(), a::f(), x.m(), and their turbofish forms f::<T>(), a::f::<T>(), x.m::<T>().
  void call(TSNode node) {
    TSNode function = ts_node_child_by_field_id(node, w_.function_);
    if (ts_node_is_null(function)) return;
    const bool generic = w_.kinds_.is(function, Node::generic_function);
    if (generic) function = ts_node_child_by_field_id(function, w_.function_);
    if (w_.kinds_.is(function, Node::identifier))
      call_of(function, generic ? call_of_generic_identifier : call_of_identifier);
    if (w_.kinds_.is(function, Node::scoped_identifier))
      call_of(child(function, w_.name_, Node::identifier), generic ? call_of_generic_path : call_of_path);
    if (w_.kinds_.is(function, Node::field_expression))
      call_of(child(function, w_.field_, Node::field_identifier), generic ? call_of_generic_method : call_of_method);
  }

  const RustTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void RustTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root, [&](TSNode node, TSNode, const TSTreeCursor&) { walk.visit(node); });
}

}  // namespace ax::lang
