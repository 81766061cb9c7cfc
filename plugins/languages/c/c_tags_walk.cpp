#include "c_tags_walk.hpp"

#include <span>

namespace ax::lang {
namespace {

using Node = CTagWalker::Node;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  function_definition,
  function_prototype,
  anonymous_struct_typedef,
  anonymous_union_typedef,
  anonymous_enum_typedef,
  struct_definition,
  union_definition,
  enum_definition,
  enumerator,
  aggregate_alias,
  other_typedef,
  field,
  const_object,
  const_pointer,
  variable,
  object_macro,
  function_macro,
  system_include,
  local_include,
  call_of_identifier,
  call_of_field,
  type_use,
  struct_use,
  union_use,
  enum_use,
};

// One step of a chain of nested child patterns, `declarator: (pointer_declarator …)`: a child in
// `field` (any child when `field` is 0) of the kind `kind`.
struct Step {
  enum class Field : std::uint8_t { any, declarator };
  Field field;
  Node kind;
};
using Chain = std::span<const Step>;

constexpr Step::Field kDecl = Step::Field::declarator;
constexpr Step::Field kAny = Step::Field::any;

// Declarator chains ending in the declared name, as the query's alternatives list them; the first
// step is the declarator child of the declaration itself.
constexpr Step kFunction[] = {{kDecl, Node::function_declarator}, {kDecl, Node::identifier}};
constexpr Step kPointerToFunction[] = {
    {kDecl, Node::pointer_declarator}, {kDecl, Node::function_declarator}, {kDecl, Node::identifier}};
constexpr Step kPointerPointerToFunction[] = {{kDecl, Node::pointer_declarator},
                                              {kDecl, Node::pointer_declarator},
                                              {kDecl, Node::function_declarator},
                                              {kDecl, Node::identifier}};
constexpr Step kFunctionReturningFunctionPointer[] = {{kDecl, Node::function_declarator},
                                                      {kDecl, Node::parenthesized_declarator},
                                                      {kAny, Node::pointer_declarator},
                                                      {kDecl, Node::function_declarator},
                                                      {kDecl, Node::identifier}};
// `int (name)(…)` and `char *(name)(…)`: the parentheses keep a function-like macro `name` from expanding.
constexpr Step kParenthesizedFunction[] = {
    {kDecl, Node::function_declarator}, {kDecl, Node::parenthesized_declarator}, {kAny, Node::identifier}};
constexpr Step kPointerToParenthesizedFunction[] = {{kDecl, Node::pointer_declarator},
                                                    {kDecl, Node::function_declarator},
                                                    {kDecl, Node::parenthesized_declarator},
                                                    {kAny, Node::identifier}};
constexpr Chain kFunctionDefinitionChains[] = {kFunction,
                                               kPointerToFunction,
                                               kPointerPointerToFunction,
                                               kFunctionReturningFunctionPointer,
                                               kParenthesizedFunction,
                                               kPointerToParenthesizedFunction};
constexpr Chain kPrototypeChains[] = {kFunction,
                                      kPointerToFunction,
                                      kPointerPointerToFunction,
                                      kFunctionReturningFunctionPointer,
                                      kParenthesizedFunction,
                                      kPointerToParenthesizedFunction};

// The ten shapes of a declared object, ending in `Name` (identifier, type or field identifier).
template <Node Name>
struct ObjectChains {
  static constexpr Step plain[] = {{kDecl, Name}};
  static constexpr Step pointer[] = {{kDecl, Node::pointer_declarator}, {kDecl, Name}};
  static constexpr Step pointer_pointer[] = {
      {kDecl, Node::pointer_declarator}, {kDecl, Node::pointer_declarator}, {kDecl, Name}};
  static constexpr Step array[] = {{kDecl, Node::array_declarator}, {kDecl, Name}};
  static constexpr Step pointer_array[] = {
      {kDecl, Node::pointer_declarator}, {kDecl, Node::array_declarator}, {kDecl, Name}};
  // The array shapes again with two dimensions: `int grid[8][8]`, `const T table[][256]`.
  static constexpr Step matrix[] = {{kDecl, Node::array_declarator}, {kDecl, Node::array_declarator}, {kDecl, Name}};
  static constexpr Step pointer_matrix[] = {{kDecl, Node::pointer_declarator},
                                            {kDecl, Node::array_declarator},
                                            {kDecl, Node::array_declarator},
                                            {kDecl, Name}};
  static constexpr Step function_pointer[] = {{kDecl, Node::function_declarator},
                                              {kDecl, Node::parenthesized_declarator},
                                              {kAny, Node::pointer_declarator},
                                              {kDecl, Name}};
  // `void (*handlers[8])(int)`: an array of function pointers (a dispatch table).
  static constexpr Step function_pointer_array[] = {{kDecl, Node::function_declarator},
                                                    {kDecl, Node::parenthesized_declarator},
                                                    {kAny, Node::pointer_declarator},
                                                    {kDecl, Node::array_declarator},
                                                    {kDecl, Name}};
  static constexpr Step function_pointer_matrix[] = {
      {kDecl, Node::function_declarator}, {kDecl, Node::parenthesized_declarator}, {kAny, Node::pointer_declarator},
      {kDecl, Node::array_declarator},    {kDecl, Node::array_declarator},         {kDecl, Name}};
};

using Fields = ObjectChains<Node::field_identifier>;
constexpr Chain kFieldChains[] = {Fields::plain,
                                  Fields::pointer,
                                  Fields::pointer_pointer,
                                  Fields::array,
                                  Fields::pointer_array,
                                  Fields::function_pointer,
                                  Fields::function_pointer_array,
                                  Fields::matrix,
                                  Fields::pointer_matrix,
                                  Fields::function_pointer_matrix};

using Objects = ObjectChains<Node::identifier>;
constexpr Chain kObjectChains[] = {Objects::plain,
                                   Objects::pointer,
                                   Objects::pointer_pointer,
                                   Objects::array,
                                   Objects::pointer_array,
                                   Objects::function_pointer,
                                   Objects::function_pointer_array,
                                   Objects::matrix,
                                   Objects::pointer_matrix,
                                   Objects::function_pointer_matrix};

using Types = ObjectChains<Node::type_identifier>;
constexpr Step kTypeFunction[] = {{kDecl, Node::function_declarator}, {kDecl, Node::type_identifier}};
constexpr Step kPointerToFunctionPointerType[] = {{kDecl, Node::pointer_declarator},
                                                  {kDecl, Node::function_declarator},
                                                  {kDecl, Node::parenthesized_declarator},
                                                  {kAny, Node::pointer_declarator},
                                                  {kDecl, Node::type_identifier}};
constexpr Chain kTypedefChains[] = {Types::plain,
                                    Types::pointer,
                                    Types::pointer_pointer,
                                    Types::array,
                                    kTypeFunction,
                                    Types::function_pointer,
                                    kPointerToFunctionPointerType,
                                    Types::function_pointer_array,
                                    Types::matrix,
                                    Types::function_pointer_matrix};

}  // namespace

CTagWalker::CTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"function_definition", Node::function_definition},
                 {"declaration", Node::declaration},
                 {"function_declarator", Node::function_declarator},
                 {"pointer_declarator", Node::pointer_declarator},
                 {"array_declarator", Node::array_declarator},
                 {"init_declarator", Node::init_declarator},
                 {"parenthesized_declarator", Node::parenthesized_declarator},
                 {"identifier", Node::identifier},
                 {"type_identifier", Node::type_identifier},
                 {"field_identifier", Node::field_identifier},
                 {"type_definition", Node::type_definition},
                 {"struct_specifier", Node::struct_specifier},
                 {"union_specifier", Node::union_specifier},
                 {"enum_specifier", Node::enum_specifier},
                 {"field_declaration_list", Node::field_declaration_list},
                 {"enumerator_list", Node::enumerator_list},
                 {"enumerator", Node::enumerator},
                 {"field_declaration", Node::field_declaration},
                 {"type_qualifier", Node::type_qualifier},
                 {"primitive_type", Node::primitive_type},
                 {"sized_type_specifier", Node::sized_type_specifier},
                 {"macro_type_specifier", Node::macro_type_specifier},
                 {"preproc_def", Node::preproc_def},
                 {"preproc_function_def", Node::preproc_function_def},
                 {"preproc_include", Node::preproc_include},
                 {"system_lib_string", Node::system_lib_string},
                 {"string_literal", Node::string_literal},
                 {"call_expression", Node::call_expression},
                 {"field_expression", Node::field_expression},
             }),
      declarator_(field_id(language, "declarator")),
      type_(field_id(language, "type")),
      name_(field_id(language, "name")),
      body_(field_id(language, "body")),
      path_(field_id(language, "path")),
      function_(field_id(language, "function")),
      field_(field_id(language, "field")) {}

// One walk: the walker's tables, the file and the matches found so far.
class CTagWalker::Walk {
 public:
  Walk(const CTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node, TSNode parent, const TSTreeCursor& cursor) {
    switch (w_.kinds_(node)) {
      case Node::function_definition:
        for (Chain chain : kFunctionDefinitionChains)
          follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::function, function_definition); });
        break;
      case Node::declaration:
        declaration(node);
        break;
      case Node::type_definition:
        type_definition(node);
        break;
      case Node::struct_specifier:
        aggregate(node, Node::field_declaration_list, SymbolKind::struct_, struct_definition, struct_use);
        break;
      case Node::union_specifier:
        aggregate(node, Node::field_declaration_list, SymbolKind::union_, union_definition, union_use);
        break;
      case Node::enum_specifier:
        aggregate(node, Node::enumerator_list, SymbolKind::enum_, enum_definition, enum_use);
        break;
      case Node::enumerator:
        if (TSNode name = child_in(node, w_.name_); w_.kinds_.is(name, Node::identifier))
          define(node, name, SymbolKind::enum_member, enumerator);
        break;
      case Node::field_declaration:
        for (Chain chain : kFieldChains)
          follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::field, field); });
        break;
      case Node::preproc_def:
        if (TSNode name = child_in(node, w_.name_); w_.kinds_.is(name, Node::identifier))
          define(node, name, SymbolKind::macro, object_macro);
        break;
      case Node::preproc_function_def:
        if (TSNode name = child_in(node, w_.name_); w_.kinds_.is(name, Node::identifier))
          define(node, name, SymbolKind::macro, function_macro);
        break;
      case Node::preproc_include:
        children_.for_each_child(node, [&](TSNode path, TSFieldId field) {
          if (field != w_.path_) return;
          if (w_.kinds_.is(path, Node::system_lib_string)) matches_.imports.push_back({path, "system_include"});
          if (w_.kinds_.is(path, Node::string_literal)) matches_.imports.push_back({path, "include"});
        });
        break;
      case Node::call_expression:
        call(node);
        break;
      case Node::type_identifier:
        // `(_ type: (type_identifier))`: in the type field of any named node but an error.
        if (!ts_node_is_null(parent) && ts_node_is_named(parent) && !ts_node_is_error(parent) &&
            ts_tree_cursor_current_field_id(&cursor) == w_.type_)
          matches_.references.push_back({node, ReferenceKind::reference, type_use});
        break;
      default:
        break;
    }
  }

 private:
  std::string_view text(TSNode node) const { return node_text(node, source_); }
  TSFieldId field_of(Step::Field field) const { return field == Step::Field::declarator ? w_.declarator_ : 0; }
  // The child in a field that holds one node at most.
  static TSNode child_in(TSNode node, TSFieldId field) { return ts_node_child_by_field_id(node, field); }

  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern) {
    matches_.definitions.push_back({definition, name, kind, pattern});
  }

  // Calls found(name) for every way `chain` leads from `node` down to a name.
  template <typename Found>
  void follow(TSNode node, Chain chain, Found&& found) {
    if (chain.empty()) {
      found(node);
      return;
    }
    const Step& step = chain.front();
    const TSFieldId field = field_of(step.field);
    children_.for_each_child(node, [&](TSNode child, TSFieldId child_field) {
      if ((field == 0 || child_field == field) && w_.kinds_.is(child, step.kind))
        follow(child, chain.subspan(1), found);
    });
  }

  // The declarator children of a declaration that an init_declarator wraps or not.
  template <typename Visit>
  void each_declarator(TSNode declaration, Visit&& visit) {
    children_.for_each_child(declaration, [&](TSNode child, TSFieldId field) {
      if (field == w_.declarator_) visit(child);
    });
  }

  void declaration(TSNode node) {
    for (Chain chain : kPrototypeChains)
      follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::function, function_prototype); });
    const_objects(node);
    const_pointers(node);
    for (Chain chain : kObjectChains)
      follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::variable, variable); });
    each_declarator(node, [&](TSNode declarator) {
      if (!w_.kinds_.is(declarator, Node::init_declarator)) return;
      for (Chain chain : kObjectChains)
        follow(declarator, chain, [&](TSNode name) { define(node, name, SymbolKind::variable, variable); });
    });
  }

  // `const int limit = 8;`, `const char names[] = …`: a `const` qualifier before the declarator.
  void const_objects(TSNode node) {
    bool const_seen = false;
    children_.for_each_child(node, [&](TSNode child, TSFieldId field) {
      if (w_.kinds_.is(child, Node::type_qualifier) && text(child) == "const") const_seen = true;
      if (!const_seen || field != w_.declarator_) return;
      auto constant = [&](TSNode name) { define(node, name, SymbolKind::constant, const_object); };
      object_or_array(child, constant);
      if (w_.kinds_.is(child, Node::init_declarator))
        if (TSNode inner = child_in(child, w_.declarator_); !ts_node_is_null(inner)) object_or_array(inner, constant);
    });
  }

  // `char * const name`, an array of them, either initialised.
  void const_pointers(TSNode node) {
    each_declarator(node, [&](TSNode declarator) {
      auto constant = [&](TSNode name) { define(node, name, SymbolKind::constant, const_pointer); };
      const_pointer_to(declarator, constant);
      if (w_.kinds_.is(declarator, Node::init_declarator))
        if (TSNode inner = child_in(declarator, w_.declarator_); !ts_node_is_null(inner))
          const_pointer_to(inner, constant);
    });
  }

  // An identifier, or an array_declarator of one, of one or two dimensions.
  template <typename Found>
  void object_or_array(TSNode declarator, Found&& found) {
    if (w_.kinds_.is(declarator, Node::identifier)) found(declarator);
    if (!w_.kinds_.is(declarator, Node::array_declarator)) return;
    TSNode name = child_in(declarator, w_.declarator_);
    if (w_.kinds_.is(name, Node::array_declarator)) name = child_in(name, w_.declarator_);
    if (w_.kinds_.is(name, Node::identifier)) found(name);
  }

  // A pointer_declarator with a `const` qualifier before its declarator (an identifier or an array of one).
  template <typename Found>
  void const_pointer_to(TSNode pointer, Found&& found) {
    if (!w_.kinds_.is(pointer, Node::pointer_declarator)) return;
    bool const_seen = false;
    children_.for_each_child(pointer, [&](TSNode child, TSFieldId field) {
      if (w_.kinds_.is(child, Node::type_qualifier) && text(child) == "const") const_seen = true;
      if (const_seen && field == w_.declarator_) object_or_array(child, found);
    });
  }

  void type_definition(TSNode node) {
    TSNode type{};
    children_.for_each_child(node, [&](TSNode child, TSFieldId field) {
      if (field == w_.type_ && ts_node_is_null(type)) type = child;
    });
    if (ts_node_is_null(type)) return;
    const Node type_kind = w_.kinds_(type);
    const bool aggregate =
        type_kind == Node::struct_specifier || type_kind == Node::union_specifier || type_kind == Node::enum_specifier;
    const TSNode tag = aggregate ? child_in(type, w_.name_) : TSNode{};
    const TSNode body = aggregate ? child_in(type, w_.body_) : TSNode{};
    const bool has_body = !ts_node_is_null(body);

    // `typedef struct { … } name;`
    if (aggregate && ts_node_is_null(tag) && has_body) {
      const bool struct_body = type_kind != Node::enum_specifier && w_.kinds_.is(body, Node::field_declaration_list);
      const bool enum_body = type_kind == Node::enum_specifier && w_.kinds_.is(body, Node::enumerator_list);
      if (struct_body || enum_body) {
        const SymbolKind kind = type_kind == Node::struct_specifier  ? SymbolKind::struct_
                                : type_kind == Node::union_specifier ? SymbolKind::union_
                                                                     : SymbolKind::enum_;
        const Pattern pattern = type_kind == Node::struct_specifier  ? anonymous_struct_typedef
                                : type_kind == Node::union_specifier ? anonymous_union_typedef
                                                                     : anonymous_enum_typedef;
        each_declarator(node, [&](TSNode declarator) {
          if (w_.kinds_.is(declarator, Node::type_identifier)) define(node, declarator, kind, pattern);
        });
      }
    }

    // `typedef struct tag { … } alias;`: the declarator is the definition; an alias equal to the tag is none.
    if (aggregate && has_body && ts_node_is_named(body)) {
      const std::string_view tag_text = ts_node_is_null(tag) ? std::string_view{} : text(tag);
      auto alias = [&](TSNode declarator, TSNode name) {
        if (ts_node_is_null(tag) || text(name) != tag_text) define(declarator, name, SymbolKind::type, aggregate_alias);
      };
      each_declarator(node, [&](TSNode declarator) {
        if (w_.kinds_.is(declarator, Node::type_identifier)) alias(declarator, declarator);
        if (w_.kinds_.is(declarator, Node::pointer_declarator))
          if (TSNode name = child_in(declarator, w_.declarator_); w_.kinds_.is(name, Node::type_identifier))
            alias(declarator, name);
      });
    }

    // Every other typedef: its type has no body.
    const bool other = type_kind == Node::primitive_type || type_kind == Node::type_identifier ||
                       type_kind == Node::sized_type_specifier || type_kind == Node::macro_type_specifier ||
                       (aggregate && !has_body);
    if (other)
      for (Chain chain : kTypedefChains)
        follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::type, other_typedef); });
  }

  // A struct, union or enum with a body of the kind it takes is a definition; one without a body, a use.
  void aggregate(TSNode node, Node body_kind, SymbolKind kind, Pattern definition, Pattern use) {
    const TSNode name = child_in(node, w_.name_);
    if (!w_.kinds_.is(name, Node::type_identifier)) return;
    const TSNode body = child_in(node, w_.body_);
    if (ts_node_is_null(body)) {
      matches_.references.push_back({name, ReferenceKind::reference, use});
    } else if (w_.kinds_.is(body, body_kind)) {
      define(node, name, kind, definition);
    }
  }

  // f(), s->f(), s.f().
  void call(TSNode call) {
    children_.for_each_child(call, [&](TSNode function, TSFieldId field) {
      if (field != w_.function_) return;
      if (w_.kinds_.is(function, Node::identifier))
        matches_.references.push_back({function, ReferenceKind::call, call_of_identifier});
      if (w_.kinds_.is(function, Node::field_expression))
        if (TSNode name = child_in(function, w_.field_); w_.kinds_.is(name, Node::field_identifier))
          matches_.references.push_back({name, ReferenceKind::call, call_of_field});
    });
  }

  const CTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void CTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root,
                [&](TSNode node, TSNode parent, const TSTreeCursor& cursor) { walk.visit(node, parent, cursor); });
}

}  // namespace ax::lang
