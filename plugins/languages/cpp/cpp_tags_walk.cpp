#include "cpp_tags_walk.hpp"

#include <initializer_list>
#include <span>

namespace ax::lang {
namespace {

using Node = CppTagWalker::Node;
using Field = CppTagWalker::Field;
using sdk::ReferenceKind;
using sdk::SymbolKind;

// The numbers of the patterns of queries/tags.scm, in the order they are written there.
enum Pattern : std::uint16_t {
  namespace_definition,
  function_definition,
  function_declaration,
  member_function_declaration,
  class_definition,
  struct_definition,
  union_definition,
  enum_definition,
  enumerator,
  anonymous_struct_typedef,
  anonymous_union_typedef,
  anonymous_enum_typedef,
  aggregate_alias,
  other_typedef,
  alias_declaration,
  concept_definition,
  class_constant,
  field,
  const_object,
  const_pointer,
  variable,
  object_macro,
  function_macro,
  system_include,
  local_include,
  using_in_translation_unit,
  using_in_declaration_list,
  using_in_compound_statement,
  using_in_preproc_ifdef,
  using_in_preproc_if,
  using_in_preproc_else,
  call_of_identifier,
  call_of_field,
  call_of_scoped,
  call_of_twice_scoped,
  call_of_template,
  call_of_scoped_template,
  call_of_template_method,
  new_of_type,
  declaration_type,
  field_declaration_type,
  parameter_type,
  optional_parameter_type,
  variadic_parameter_type,
  function_definition_type,
  type_definition_type,
  type_descriptor_type,
  for_range_loop_type,
  template_instantiation_type,
  nested_scope_type,
  base_class,
  struct_use,
  class_use,
  union_use,
  enum_use,
};

// A set of node kinds, as a query's alternatives `[(a) (b)]` list them.
using Kinds = std::uint64_t;
constexpr Kinds kinds(std::initializer_list<Node> nodes) {
  Kinds set = 0;
  for (Node node : nodes) set |= Kinds{1} << static_cast<unsigned>(node);
  return set;
}
static_assert(static_cast<unsigned>(Node::base_class_clause) < 64, "a Kinds mask holds 64 node kinds");
constexpr bool contains(Kinds set, Node node) {
  return node != Node::other && (set >> static_cast<unsigned>(node)) & 1;
}

// One step of a chain of nested child patterns, `declarator: [(a) (b)]`: a child in `field` (any
// child for Field::any) of one of `kinds`.
struct Step {
  Field field;
  Kinds kinds;
};
using Chain = std::span<const Step>;

constexpr Field kDecl = Field::declarator;
constexpr Field kAny = Field::any;
constexpr Field kName = Field::name;

constexpr Kinds kIdentifier = kinds({Node::identifier});
constexpr Kinds kFieldIdentifier = kinds({Node::field_identifier});
constexpr Kinds kTypeIdentifier = kinds({Node::type_identifier});
constexpr Kinds kFunctionDeclarator = kinds({Node::function_declarator});
constexpr Kinds kPointer = kinds({Node::pointer_declarator});
constexpr Kinds kReference = kinds({Node::reference_declarator});
constexpr Kinds kArray = kinds({Node::array_declarator});
constexpr Kinds kParenthesized = kinds({Node::parenthesized_declarator});
constexpr Kinds kInit = kinds({Node::init_declarator});
constexpr Kinds kQualified = kinds({Node::qualified_identifier});
constexpr Kinds kTemplateType = kinds({Node::template_type});

// ---------------------------------------------------------------- functions
// The names a function declarator may declare, as each alternative of the query lists them.
constexpr Kinds kAnyFunctionName = kinds({Node::identifier, Node::field_identifier, Node::qualified_identifier,
                                          Node::destructor_name, Node::operator_name, Node::template_function});
constexpr Kinds kNonDestructorName = kinds({Node::identifier, Node::field_identifier, Node::qualified_identifier,
                                            Node::operator_name, Node::template_function});
constexpr Kinds kNonOperatorName =
    kinds({Node::identifier, Node::field_identifier, Node::qualified_identifier, Node::template_function});
constexpr Kinds kNonTemplateName =
    kinds({Node::identifier, Node::field_identifier, Node::qualified_identifier, Node::operator_name});
constexpr Kinds kPlainName = kinds({Node::identifier, Node::field_identifier});
constexpr Kinds kOperatorCast = kinds({Node::operator_cast});

constexpr Step kFunction[] = {{kDecl, kFunctionDeclarator}, {kDecl, kAnyFunctionName}};
constexpr Step kOperatorCastDeclarator[] = {{kDecl, kOperatorCast}};

constexpr Step kDefinedPointerFunction[] = {
    {kDecl, kPointer}, {kDecl, kFunctionDeclarator}, {kDecl, kNonDestructorName}};
constexpr Step kDefinedPointerPointerFunction[] = {
    {kDecl, kPointer}, {kDecl, kPointer}, {kDecl, kFunctionDeclarator}, {kDecl, kNonOperatorName}};
constexpr Step kDefinedReferenceFunction[] = {
    {kDecl, kReference}, {kAny, kFunctionDeclarator}, {kDecl, kNonDestructorName}};
// `int (*handler_for(int))(int)`: a function returning a function pointer.
constexpr Step kFunctionReturningFunctionPointer[] = {{kDecl, kFunctionDeclarator},
                                                      {kDecl, kParenthesized},
                                                      {kAny, kPointer},
                                                      {kDecl, kFunctionDeclarator},
                                                      {kDecl, kNonDestructorName}};
constexpr Chain kFunctionDefinitionChains[] = {kFunction,
                                               kDefinedPointerFunction,
                                               kDefinedPointerPointerFunction,
                                               kDefinedReferenceFunction,
                                               kOperatorCastDeclarator,
                                               kFunctionReturningFunctionPointer};

constexpr Step kDeclaredPointerFunction[] = {
    {kDecl, kPointer}, {kDecl, kFunctionDeclarator}, {kDecl, kNonTemplateName}};
constexpr Step kDeclaredPointerPointerFunction[] = {
    {kDecl, kPointer}, {kDecl, kPointer}, {kDecl, kFunctionDeclarator}, {kDecl, kPlainName}};
constexpr Step kDeclaredReferenceFunction[] = {
    {kDecl, kReference}, {kAny, kFunctionDeclarator}, {kDecl, kNonTemplateName}};
// Both `declaration` and `field_declaration` declare functions through these.
constexpr Chain kFunctionDeclarationChains[] = {kFunction,
                                                kDeclaredPointerFunction,
                                                kDeclaredPointerPointerFunction,
                                                kDeclaredReferenceFunction,
                                                kOperatorCastDeclarator,
                                                kFunctionReturningFunctionPointer};

// ---------------------------------------------------------------- declared objects
// The shapes of a declared field, type or object ending in `name` (the variable's also in a
// qualified name); `declarator` is the first step (the declaration's, or an init_declarator's).
template <Kinds Name>
struct ObjectChains {
  static constexpr Step plain[] = {{kDecl, Name}};
  static constexpr Step pointer[] = {{kDecl, kPointer}, {kDecl, Name}};
  static constexpr Step pointer_pointer[] = {{kDecl, kPointer}, {kDecl, kPointer}, {kDecl, Name}};
  static constexpr Step reference[] = {{kDecl, kReference}, {kAny, Name}};
  static constexpr Step array[] = {{kDecl, kArray}, {kDecl, Name}};
  static constexpr Step pointer_array[] = {{kDecl, kPointer}, {kDecl, kArray}, {kDecl, Name}};
  static constexpr Step function[] = {{kDecl, kFunctionDeclarator}, {kDecl, Name}};
  static constexpr Step function_pointer[] = {
      {kDecl, kFunctionDeclarator}, {kDecl, kParenthesized}, {kAny, kPointer}, {kDecl, Name}};
  static constexpr Step pointer_to_function_pointer[] = {
      {kDecl, kPointer},
      {kDecl, kFunctionDeclarator},
      {kDecl, kParenthesized},
      {kAny, kPointer},
      {kDecl, Name}};  // `void (*handlers[8])(int)`: an array of function pointers (a dispatch table).
  static constexpr Step function_pointer_array[] = {
      {kDecl, kFunctionDeclarator}, {kDecl, kParenthesized}, {kAny, kPointer}, {kDecl, kArray}, {kDecl, Name}};
};

using Fields = ObjectChains<kFieldIdentifier>;
constexpr Chain kFieldChains[] = {
    Fields::plain, Fields::pointer,       Fields::pointer_pointer,  Fields::reference,
    Fields::array, Fields::pointer_array, Fields::function_pointer, Fields::function_pointer_array};

using Types = ObjectChains<kTypeIdentifier>;
constexpr Chain kTypedefChains[] = {Types::plain,
                                    Types::pointer,
                                    Types::reference,
                                    Types::array,
                                    Types::function,
                                    Types::function_pointer,
                                    Types::pointer_to_function_pointer,
                                    Types::function_pointer_array};

// Variables: a plain or qualified name, else the identifier at the end of a declarator.
constexpr Kinds kVariableName = kinds({Node::identifier, Node::qualified_identifier});
using Variables = ObjectChains<kIdentifier>;
constexpr Step kVariable[] = {{kDecl, kVariableName}};
constexpr Chain kVariableChains[] = {
    kVariable,        Variables::pointer,          Variables::pointer_pointer,       Variables::reference,
    Variables::array, Variables::function_pointer, Variables::function_pointer_array};

// ---------------------------------------------------------------- types
constexpr Kinds kAggregates =
    kinds({Node::struct_specifier, Node::union_specifier, Node::enum_specifier, Node::class_specifier});
// The types of a typedef that has no body of its own (aggregates only without a body).
constexpr Kinds kBodilessTypes = kinds({Node::primitive_type, Node::type_identifier, Node::sized_type_specifier,
                                        Node::qualified_identifier, Node::template_type, Node::decltype_});

// A type used: bare, a template, behind one scope, a template behind one scope.
template <Field First>
struct TypeUseChains {
  static constexpr Step bare[] = {{First, kTypeIdentifier}};
  static constexpr Step templated[] = {{First, kTemplateType}, {kName, kTypeIdentifier}};
  static constexpr Step scoped[] = {{First, kQualified}, {kName, kTypeIdentifier}};
  static constexpr Step scoped_template[] = {{First, kQualified}, {kName, kTemplateType}, {kName, kTypeIdentifier}};
  static constexpr Chain all[] = {bare, templated, scoped, scoped_template};
};
constexpr std::span<const Chain> kTypeInTypeField = TypeUseChains<Field::type>::all;
constexpr std::span<const Chain> kTypeInAnyChild = TypeUseChains<Field::any>::all;

// `a::b::Type`, `a::b::Template<…>`: the innermost qualified name holds the type.
constexpr Step kNestedScopeType[] = {{kName, kQualified}, {kName, kTypeIdentifier}};
constexpr Step kNestedScopeTemplate[] = {{kName, kQualified}, {kName, kTemplateType}, {kName, kTypeIdentifier}};
constexpr Chain kNestedScopeChains[] = {kNestedScopeType, kNestedScopeTemplate};

// ---------------------------------------------------------------- calls
constexpr Field kFunctionField = Field::function;
constexpr Step kCallOfIdentifier[] = {{kFunctionField, kIdentifier}};
constexpr Step kCallOfField[] = {{kFunctionField, kinds({Node::field_expression})}, {Field::field, kFieldIdentifier}};
constexpr Step kCallOfScoped[] = {{kFunctionField, kQualified}, {kName, kIdentifier}};
constexpr Step kCallOfTwiceScoped[] = {{kFunctionField, kQualified}, {kName, kQualified}, {kName, kIdentifier}};
constexpr Step kCallOfTemplate[] = {{kFunctionField, kinds({Node::template_function})}, {kName, kIdentifier}};
constexpr Step kCallOfScopedTemplate[] = {
    {kFunctionField, kQualified}, {kName, kinds({Node::template_function})}, {kName, kIdentifier}};
constexpr Step kCallOfTemplateMethod[] = {{kFunctionField, kinds({Node::field_expression})},
                                          {Field::field, kinds({Node::template_method})},
                                          {kName, kFieldIdentifier}};

// The parents whose `using` declarations import (in a class body one re-exports a base member).
constexpr Kinds kUsingScopes = kinds({Node::translation_unit, Node::declaration_list, Node::compound_statement,
                                      Node::preproc_ifdef, Node::preproc_if, Node::preproc_else});
constexpr Kinds kUsingNames = kinds({Node::identifier, Node::qualified_identifier});

}  // namespace

CppTagWalker::CppTagWalker(const TSLanguage* language)
    : kinds_(language,
             {
                 {"namespace_definition", Node::namespace_definition},
                 {"namespace_identifier", Node::namespace_identifier},
                 {"nested_namespace_specifier", Node::nested_namespace_specifier},
                 {"function_definition", Node::function_definition},
                 {"declaration", Node::declaration},
                 {"field_declaration", Node::field_declaration},
                 {"function_declarator", Node::function_declarator},
                 {"pointer_declarator", Node::pointer_declarator},
                 {"reference_declarator", Node::reference_declarator},
                 {"array_declarator", Node::array_declarator},
                 {"init_declarator", Node::init_declarator},
                 {"parenthesized_declarator", Node::parenthesized_declarator},
                 {"identifier", Node::identifier},
                 {"field_identifier", Node::field_identifier},
                 {"qualified_identifier", Node::qualified_identifier},
                 {"destructor_name", Node::destructor_name},
                 {"operator_name", Node::operator_name},
                 {"template_function", Node::template_function},
                 {"operator_cast", Node::operator_cast},
                 {"class_specifier", Node::class_specifier},
                 {"struct_specifier", Node::struct_specifier},
                 {"union_specifier", Node::union_specifier},
                 {"enum_specifier", Node::enum_specifier},
                 {"type_identifier", Node::type_identifier},
                 {"template_type", Node::template_type},
                 {"field_declaration_list", Node::field_declaration_list},
                 {"enumerator_list", Node::enumerator_list},
                 {"enumerator", Node::enumerator},
                 {"type_definition", Node::type_definition},
                 {"primitive_type", Node::primitive_type},
                 {"sized_type_specifier", Node::sized_type_specifier},
                 {"decltype", Node::decltype_},
                 {"alias_declaration", Node::alias_declaration},
                 {"concept_definition", Node::concept_definition},
                 {"storage_class_specifier", Node::storage_class_specifier},
                 {"type_qualifier", Node::type_qualifier},
                 {"preproc_def", Node::preproc_def},
                 {"preproc_function_def", Node::preproc_function_def},
                 {"preproc_include", Node::preproc_include},
                 {"system_lib_string", Node::system_lib_string},
                 {"string_literal", Node::string_literal},
                 {"translation_unit", Node::translation_unit},
                 {"declaration_list", Node::declaration_list},
                 {"compound_statement", Node::compound_statement},
                 {"preproc_ifdef", Node::preproc_ifdef},
                 {"preproc_if", Node::preproc_if},
                 {"preproc_else", Node::preproc_else},
                 {"using_declaration", Node::using_declaration},
                 {"call_expression", Node::call_expression},
                 {"field_expression", Node::field_expression},
                 {"template_method", Node::template_method},
                 {"new_expression", Node::new_expression},
                 {"parameter_declaration", Node::parameter_declaration},
                 {"optional_parameter_declaration", Node::optional_parameter_declaration},
                 {"variadic_parameter_declaration", Node::variadic_parameter_declaration},
                 {"type_descriptor", Node::type_descriptor},
                 {"for_range_loop", Node::for_range_loop},
                 {"template_instantiation", Node::template_instantiation},
                 {"base_class_clause", Node::base_class_clause},
             }),
      fields_{0,
              field_id(language, "declarator"),
              field_id(language, "type"),
              field_id(language, "name"),
              field_id(language, "body"),
              field_id(language, "path"),
              field_id(language, "function"),
              field_id(language, "field")} {}

// One walk: the walker's tables, the file and the matches found so far.
class CppTagWalker::Walk {
 public:
  Walk(const CppTagWalker& walker, std::string_view source, TagMatches& matches)
      : w_(walker), source_(source), matches_(matches) {}

  void visit(TSNode node, TSNode parent) {
    switch (w_.kinds_(node)) {
      case Node::namespace_definition:
        children(node, Field::name, kinds({Node::namespace_identifier, Node::nested_namespace_specifier}),
                 [&](TSNode name) { define(node, name, SymbolKind::namespace_, namespace_definition); });
        break;
      case Node::function_definition:
        functions(node, kFunctionDefinitionChains, function_definition);
        // `Foo::operator int() { … }`: the qualified name is the name.
        children(node, kDecl, kQualified, [&](TSNode qualified) {
          if (has_child(qualified, Field::name, kOperatorCast))
            define(node, qualified, SymbolKind::function, function_definition);
        });
        type_uses(node, kTypeInTypeField, function_definition_type);
        break;
      case Node::declaration:
        functions(node, kFunctionDeclarationChains, function_declaration);
        const_objects(node);
        const_pointers(node);
        variables(node);
        type_uses(node, kTypeInTypeField, declaration_type);
        break;
      case Node::field_declaration:
        functions(node, kFunctionDeclarationChains, member_function_declaration);
        class_constants(node);
        for (Chain chain : kFieldChains)
          follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::field, field); });
        type_uses(node, kTypeInTypeField, field_declaration_type);
        break;
      case Node::class_specifier:
        aggregate(node, kinds({Node::type_identifier, Node::qualified_identifier, Node::template_type}),
                  Node::field_declaration_list, SymbolKind::class_, class_definition, class_use);
        break;
      case Node::struct_specifier:
        aggregate(node, kinds({Node::type_identifier, Node::qualified_identifier, Node::template_type}),
                  Node::field_declaration_list, SymbolKind::struct_, struct_definition, struct_use);
        break;
      case Node::union_specifier:
        aggregate(node, kinds({Node::type_identifier, Node::qualified_identifier, Node::template_type}),
                  Node::field_declaration_list, SymbolKind::union_, union_definition, union_use);
        break;
      case Node::enum_specifier:
        aggregate(node, kinds({Node::type_identifier, Node::qualified_identifier}), Node::enumerator_list,
                  SymbolKind::enum_, enum_definition, enum_use);
        break;
      case Node::enumerator:
        children(node, kName, kIdentifier,
                 [&](TSNode name) { define(node, name, SymbolKind::enum_member, enumerator); });
        break;
      case Node::type_definition:
        type_definition(node);
        type_uses(node, kTypeInTypeField, type_definition_type);
        break;
      case Node::alias_declaration:
        children(node, kName, kTypeIdentifier,
                 [&](TSNode name) { define(node, name, SymbolKind::type, alias_declaration); });
        break;
      case Node::concept_definition:
        children(node, kName, kIdentifier,
                 [&](TSNode name) { define(node, name, SymbolKind::interface, concept_definition); });
        break;
      case Node::preproc_def:
        children(node, kName, kIdentifier, [&](TSNode name) { define(node, name, SymbolKind::macro, object_macro); });
        break;
      case Node::preproc_function_def:
        children(node, kName, kIdentifier, [&](TSNode name) { define(node, name, SymbolKind::macro, function_macro); });
        break;
      case Node::preproc_include:
        children_.for_each_child(node, [&](TSNode path, TSFieldId field) {
          if (field != w_.fields_[static_cast<std::size_t>(Field::path)]) return;
          if (w_.kinds_.is(path, Node::system_lib_string)) matches_.imports.push_back({path, "system_include"});
          if (w_.kinds_.is(path, Node::string_literal)) matches_.imports.push_back({path, "include"});
        });
        break;
      case Node::using_declaration:
        if (!ts_node_is_null(parent) && contains(kUsingScopes, w_.kinds_(parent)))
          children(node, kAny, kUsingNames, [&](TSNode name) { matches_.imports.push_back({name, "using"}); });
        break;
      case Node::call_expression:
        call(node);
        break;
      case Node::new_expression:
        for (Chain chain : kTypeInTypeField)
          follow(node, chain, [&](TSNode name) { reference(name, ReferenceKind::call, new_of_type); });
        break;
      case Node::parameter_declaration:
        type_uses(node, kTypeInTypeField, parameter_type);
        break;
      case Node::optional_parameter_declaration:
        type_uses(node, kTypeInTypeField, optional_parameter_type);
        break;
      case Node::variadic_parameter_declaration:
        type_uses(node, kTypeInTypeField, variadic_parameter_type);
        break;
      case Node::type_descriptor:
        type_uses(node, kTypeInTypeField, type_descriptor_type);
        break;
      case Node::for_range_loop:
        type_uses(node, kTypeInTypeField, for_range_loop_type);
        break;
      case Node::template_instantiation:
        type_uses(node, kTypeInTypeField, template_instantiation_type);
        break;
      case Node::qualified_identifier:
        type_uses(node, kNestedScopeChains, nested_scope_type);
        break;
      case Node::base_class_clause:
        type_uses(node, kTypeInAnyChild, base_class);
        break;
      default:
        break;
    }
  }

 private:
  std::string_view text(TSNode node) const { return node_text(node, source_); }
  TSFieldId field_of(Field field) const { return w_.fields_[static_cast<std::size_t>(field)]; }
  bool in(TSNode node, Kinds set) const { return !ts_node_is_null(node) && contains(set, w_.kinds_(node)); }

  void define(TSNode definition, TSNode name, SymbolKind kind, Pattern pattern) {
    matches_.definitions.push_back({definition, name, kind, pattern});
  }
  void reference(TSNode name, ReferenceKind kind, Pattern pattern) {
    matches_.references.push_back({name, kind, pattern});
  }

  // Calls found(child) for each child of `node` in `field` (any child for Field::any) of one of `set`.
  template <typename Found>
  void children(TSNode node, Field field, Kinds set, Found&& found) {
    const TSFieldId id = field_of(field);
    if (field != Field::any && id == 0) return;  // a field the grammar lacks holds nothing
    children_.for_each_child(node, [&](TSNode child, TSFieldId child_field) {
      if ((field == Field::any || child_field == id) && in(child, set)) found(child);
    });
  }
  bool has_child(TSNode node, Field field, Kinds set) {
    bool found = false;
    children(node, field, set, [&](TSNode) { found = true; });
    return found;
  }
  // Whether `node` has no child in `field` (the query's `!field`).
  bool lacks(TSNode node, Field field) const {
    return ts_node_is_null(ts_node_child_by_field_id(node, field_of(field)));
  }

  // Calls found(name) for every way `chain` leads from `node` down to a name.
  template <typename Found>
  void follow(TSNode node, Chain chain, Found&& found) {
    if (chain.empty()) {
      found(node);
      return;
    }
    children(node, chain.front().field, chain.front().kinds,
             [&](TSNode child) { follow(child, chain.subspan(1), found); });
  }

  void functions(TSNode node, std::span<const Chain> chains, Pattern pattern) {
    for (Chain chain : chains)
      follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::function, pattern); });
  }

  void type_uses(TSNode node, std::span<const Chain> chains, Pattern pattern) {
    for (Chain chain : chains)
      follow(node, chain, [&](TSNode name) { reference(name, ReferenceKind::reference, pattern); });
  }

  // Whether the node's text is one of `words` (the query's #eq? and #any-of?).
  bool text_is(TSNode node, std::initializer_list<std::string_view> words) const {
    const std::string_view t = text(node);
    for (std::string_view word : words)
      if (t == word) return true;
    return false;
  }

  // `static constexpr int limit = 8;` in a class: `static`, then `const` or `constexpr`, then the
  // declarator (a field or an array of them).
  void class_constants(TSNode node) {
    bool static_seen = false, static_const_seen = false;
    children_.for_each_child(node, [&](TSNode child, TSFieldId child_field) {
      const Node kind = w_.kinds_(child);
      if (kind == Node::storage_class_specifier && text_is(child, {"static"})) static_seen = true;
      if (static_seen && kind == Node::type_qualifier && text_is(child, {"const", "constexpr"}))
        static_const_seen = true;
      if (!static_const_seen || child_field != field_of(kDecl)) return;
      auto constant = [&](TSNode name) { define(node, name, SymbolKind::constant, class_constant); };
      if (kind == Node::field_identifier) constant(child);
      if (kind == Node::array_declarator) children(child, kDecl, kFieldIdentifier, constant);
    });
  }

  // `const int limit = 8;`, `constexpr auto a::b = …`: a qualifier before the declarator. An
  // initialised declarator's name is the whole inner declarator (`names[]` for an array).
  void const_objects(TSNode node) {
    bool const_seen = false;
    children_.for_each_child(node, [&](TSNode child, TSFieldId child_field) {
      const Node kind = w_.kinds_(child);
      if (kind == Node::type_qualifier && text_is(child, {"const", "constexpr", "constinit"})) const_seen = true;
      if (!const_seen || child_field != field_of(kDecl)) return;
      auto constant = [&](TSNode name) { define(node, name, SymbolKind::constant, const_object); };
      if (kind == Node::identifier || kind == Node::qualified_identifier) constant(child);
      if (kind == Node::array_declarator) children(child, kDecl, kIdentifier, constant);
      if (kind == Node::init_declarator)
        children(child, kDecl, kinds({Node::identifier, Node::qualified_identifier, Node::array_declarator}),
                 [&](TSNode inner) {
                   if (!w_.kinds_.is(inner, Node::array_declarator) || has_child(inner, kDecl, kIdentifier))
                     constant(inner);
                 });
    });
  }

  // `char * const name`, an array of them, either initialised.
  void const_pointers(TSNode node) {
    auto constant = [&](TSNode name) { define(node, name, SymbolKind::constant, const_pointer); };
    children(node, kDecl, kPointer | kInit, [&](TSNode declarator) {
      if (w_.kinds_.is(declarator, Node::pointer_declarator)) const_pointer_to(declarator, constant);
      if (w_.kinds_.is(declarator, Node::init_declarator))
        children(declarator, kDecl, kPointer, [&](TSNode inner) { const_pointer_to(inner, constant); });
    });
  }

  // A pointer_declarator with a `const` qualifier before its declarator (an identifier or an array of one).
  template <typename Found>
  void const_pointer_to(TSNode pointer, Found&& found) {
    bool const_seen = false;
    children_.for_each_child(pointer, [&](TSNode child, TSFieldId child_field) {
      const Node kind = w_.kinds_(child);
      if (kind == Node::type_qualifier && text_is(child, {"const"})) const_seen = true;
      if (!const_seen || child_field != field_of(kDecl)) return;
      if (kind == Node::identifier) found(child);
      if (kind == Node::array_declarator) children(child, kDecl, kIdentifier, found);
    });
  }

  void variables(TSNode node) {
    auto variable_found = [&](TSNode name) { define(node, name, SymbolKind::variable, variable); };
    for (Chain chain : kVariableChains) follow(node, chain, variable_found);
    children(node, kDecl, kInit, [&](TSNode declarator) {
      for (Chain chain : kVariableChains) follow(declarator, chain, variable_found);
    });
  }

  void type_definition(TSNode node) {
    children(node, Field::type, ~Kinds{0}, [&](TSNode type) { typedef_of(node, type); });
  }

  // The patterns of a typedef of `type` (one of the typedef's type children).
  void typedef_of(TSNode node, TSNode type) {
    const Node type_kind = w_.kinds_(type);
    const bool aggregate = contains(kAggregates, type_kind);
    const TSNode tag = aggregate ? ts_node_child_by_field_id(type, field_of(kName)) : TSNode{};
    const TSNode body = aggregate ? ts_node_child_by_field_id(type, field_of(Field::body)) : TSNode{};
    const bool has_body = !ts_node_is_null(body);

    // `typedef struct { … } name;` (not a class)
    if (aggregate && type_kind != Node::class_specifier && ts_node_is_null(tag) && has_body) {
      const bool enum_type = type_kind == Node::enum_specifier;
      if (w_.kinds_.is(body, enum_type ? Node::enumerator_list : Node::field_declaration_list)) {
        const SymbolKind kind = type_kind == Node::struct_specifier  ? SymbolKind::struct_
                                : type_kind == Node::union_specifier ? SymbolKind::union_
                                                                     : SymbolKind::enum_;
        const Pattern pattern = type_kind == Node::struct_specifier  ? anonymous_struct_typedef
                                : type_kind == Node::union_specifier ? anonymous_union_typedef
                                                                     : anonymous_enum_typedef;
        children(node, kDecl, kTypeIdentifier, [&](TSNode name) { define(node, name, kind, pattern); });
      }
    }

    // `typedef struct tag { … } alias;`: the declarator is the definition; an alias equal to the tag is none.
    if (aggregate && has_body && ts_node_is_named(body)) {
      const std::string_view tag_text = ts_node_is_null(tag) ? std::string_view{} : text(tag);
      auto alias = [&](TSNode declarator, TSNode name) {
        if (ts_node_is_null(tag) || text(name) != tag_text) define(declarator, name, SymbolKind::type, aggregate_alias);
      };
      children(node, kDecl, kTypeIdentifier | kPointer, [&](TSNode declarator) {
        if (w_.kinds_.is(declarator, Node::type_identifier)) alias(declarator, declarator);
        if (w_.kinds_.is(declarator, Node::pointer_declarator))
          children(declarator, kDecl, kTypeIdentifier, [&](TSNode name) { alias(declarator, name); });
      });
    }

    // Every other typedef: its type has no body.
    if (contains(kBodilessTypes, type_kind) || (aggregate && !has_body))
      for (Chain chain : kTypedefChains)
        follow(node, chain, [&](TSNode name) { define(node, name, SymbolKind::type, other_typedef); });
  }

  // A class, struct, union or enum with a body of the kind it takes is a definition; one without a
  // body and named by a bare type name, a use.
  void aggregate(TSNode node, Kinds names, Node body_kind, SymbolKind kind, Pattern definition, Pattern use) {
    children(node, kName, names, [&](TSNode name) {
      if (has_child(node, Field::body, kinds({body_kind}))) define(node, name, kind, definition);
    });
    if (lacks(node, Field::body))
      children(node, kName, kTypeIdentifier, [&](TSNode name) { reference(name, ReferenceKind::reference, use); });
  }

  void call(TSNode node) {
    auto called = [&](Pattern pattern) {
      return [this, pattern](TSNode name) { reference(name, ReferenceKind::call, pattern); };
    };
    follow(node, kCallOfIdentifier, called(call_of_identifier));
    follow(node, kCallOfField, called(call_of_field));
    follow(node, kCallOfScoped, called(call_of_scoped));
    follow(node, kCallOfTwiceScoped, called(call_of_twice_scoped));
    follow(node, kCallOfTemplate, [&](TSNode name) {
      if (!text_is(name, {"static_cast", "dynamic_cast", "const_cast", "reinterpret_cast"}))
        reference(name, ReferenceKind::call, call_of_template);
    });
    follow(node, kCallOfScopedTemplate, called(call_of_scoped_template));
    follow(node, kCallOfTemplateMethod, called(call_of_template_method));
  }

  const CppTagWalker& w_;
  std::string_view source_;
  TagMatches& matches_;
  ChildCursors children_;
};

void CppTagWalker::walk(TSNode root, std::string_view source, TagMatches& matches) const {
  Walk walk(*this, source, matches);
  walk_preorder(root, [&](TSNode node, TSNode parent, const TSTreeCursor&) { walk.visit(node, parent); });
}

}  // namespace ax::lang
