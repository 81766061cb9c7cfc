; C++ definitions, imports and references for ax.
;
; Declarations are matched wherever they appear; the language's post_process (shared with C) drops
; those inside a block (locals), hoists sibling declarators (`int a, b;`) to their container, drops
; prototypes the file also defines, splits written names such as "Foo<T>::bar" and decides the kinds
; syntax alone cannot (constructors, out-of-line members, friends). A template's symbol is its inner
; declaration. Patterns that can capture the same @name are ordered specific-first.

; ---------------------------------------------------------------- namespaces
(namespace_definition
  name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.namespace

; ---------------------------------------------------------------- functions and methods
; Definitions: in a class body they become methods, `Foo::bar` outside one is split by post_process.
; The declarator chain covers plain names, returned pointers and references, and conversion
; operators (whose operator_cast node is the declarator itself).
(function_definition
  declarator: [
    (function_declarator
      declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)
                   (template_function)] @name)
    (pointer_declarator
      declarator: (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)
                     (template_function)] @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator
          declarator: [(identifier) (field_identifier) (qualified_identifier) (template_function)] @name)))
    (reference_declarator
      (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)
                     (template_function)] @name))
    ; `int (*handler_for(int))(int)`: a function returning a function pointer.
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator
            declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name))))
    (operator_cast) @name
    (qualified_identifier name: (operator_cast)) @name
  ]) @definition.function

; Declarations without a body: member functions in class bodies (`field_declaration`), constructors,
; destructors and conversion operators there (`declaration`), and prototypes at namespace scope.
(declaration
  declarator: [
    (function_declarator
      declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)
                   (template_function)] @name)
    (pointer_declarator
      declarator: (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name)))
    (reference_declarator
      (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))
    ; `int (*handler_for(int))(int)`: a function returning a function pointer.
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator
            declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name))))
    (operator_cast) @name
  ]) @definition.function

(field_declaration
  declarator: [
    (function_declarator
      declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)
                   (template_function)] @name)
    (pointer_declarator
      declarator: (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))
    (pointer_declarator
      declarator: (pointer_declarator
        declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name)))
    (reference_declarator
      (function_declarator
        declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name)] @name))
    ; `int (*handler_for(int))(int)`: a function returning a function pointer.
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator
          declarator: (function_declarator
            declarator: [(identifier) (field_identifier) (qualified_identifier) (operator_name) (template_function)] @name))))
    (operator_cast) @name
  ]) @definition.function

; ---------------------------------------------------------------- types
(class_specifier
  name: [(type_identifier) (qualified_identifier) (template_type)] @name
  body: (field_declaration_list)) @definition.class
(struct_specifier
  name: [(type_identifier) (qualified_identifier) (template_type)] @name
  body: (field_declaration_list)) @definition.struct
(union_specifier
  name: [(type_identifier) (qualified_identifier) (template_type)] @name
  body: (field_declaration_list)) @definition.union
(enum_specifier
  name: [(type_identifier) (qualified_identifier)] @name
  body: (enumerator_list)) @definition.enum

(enumerator name: (identifier) @name) @definition.enum_member

; `typedef struct { … } name;` — the anonymous aggregate takes the typedef's name.
(type_definition
  type: (struct_specifier !name body: (field_declaration_list))
  declarator: (type_identifier) @name) @definition.struct
(type_definition
  type: (union_specifier !name body: (field_declaration_list))
  declarator: (type_identifier) @name) @definition.union
(type_definition
  type: (enum_specifier !name body: (enumerator_list))
  declarator: (type_identifier) @name) @definition.enum

; `typedef struct tag { … } alias;`: the alias, when it differs from the tag, is a type of its own
; whose definition node is the declarator (so that the aggregate does not nest in it).
(type_definition
  type: [
    (struct_specifier name: (_)? @_tag body: (_))
    (union_specifier name: (_)? @_tag body: (_))
    (enum_specifier name: (_)? @_tag body: (_))
    (class_specifier name: (_)? @_tag body: (_))
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type
  (#not-eq? @name @_tag))

; Other typedefs (the type has no body) and `using Name = …;` aliases.
(type_definition
  type: [
    (primitive_type)
    (type_identifier)
    (sized_type_specifier)
    (qualified_identifier)
    (template_type)
    (decltype)
    (struct_specifier !body)
    (union_specifier !body)
    (enum_specifier !body)
    (class_specifier !body)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (reference_declarator (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
    ; `typedef char *(*Func)(void *);`: a pointer to a function returning a pointer.
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (array_declarator declarator: (type_identifier) @name))))
  ]) @definition.type

(alias_declaration name: (type_identifier) @name) @definition.type

; C++20 concepts: named requirements on types.
(concept_definition name: (identifier) @name) @definition.interface

; ---------------------------------------------------------------- fields
; `static constexpr`/`static const` members are class constants; other data members are fields.
(field_declaration
  (storage_class_specifier) @_static
  (type_qualifier) @_const
  declarator: [(field_identifier) @name (array_declarator declarator: (field_identifier) @name)]
  (#eq? @_static "static")
  (#any-of? @_const "const" "constexpr")) @definition.constant

(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (reference_declarator (field_identifier) @name)
    (array_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))))
  ]) @definition.field

; ---------------------------------------------------------------- variables and constants
; `const`/`constexpr` objects (not pointers to const) are constants; `* const` pointers (and arrays
; of them) are too.
(declaration
  (type_qualifier) @_const
  declarator: [
    (identifier) @name
    (qualified_identifier) @name
    (array_declarator declarator: (identifier) @name)
    (init_declarator
      declarator: [(identifier) (qualified_identifier) (array_declarator declarator: (identifier))] @name)
  ]
  (#any-of? @_const "const" "constexpr" "constinit")) @definition.constant

(declaration
  declarator: [
    (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
    (pointer_declarator (type_qualifier) @_const declarator: (array_declarator declarator: (identifier) @name))
    (init_declarator
      declarator: [
        (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
        (pointer_declarator (type_qualifier) @_const declarator: (array_declarator declarator: (identifier) @name))
      ])
  ]
  (#eq? @_const "const")) @definition.constant

(declaration
  declarator: [
    (identifier) @name
    (qualified_identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
    (array_declarator declarator: (identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))))
    (init_declarator
      declarator: [
        (identifier) @name
        (qualified_identifier) @name
        (pointer_declarator declarator: (identifier) @name)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
        (reference_declarator (identifier) @name)
        (array_declarator declarator: (identifier) @name)
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
        (function_declarator
          declarator: (parenthesized_declarator
            (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))))
      ])
  ]) @definition.variable

; ---------------------------------------------------------------- macros
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

; ---------------------------------------------------------------- imports
(preproc_include path: (system_lib_string) @import.system_include)
(preproc_include path: (string_literal) @import.include)
; `using namespace std;` and `using std::string;` outside class bodies (in a class body a
; using-declaration re-exports a base member; it imports nothing).
(translation_unit (using_declaration [(identifier) (qualified_identifier)] @import.using))
(declaration_list (using_declaration [(identifier) (qualified_identifier)] @import.using))
(compound_statement (using_declaration [(identifier) (qualified_identifier)] @import.using))
(preproc_ifdef (using_declaration [(identifier) (qualified_identifier)] @import.using))
(preproc_if (using_declaration [(identifier) (qualified_identifier)] @import.using))
(preproc_else (using_declaration [(identifier) (qualified_identifier)] @import.using))

; ---------------------------------------------------------------- references
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call
(call_expression function: (qualified_identifier name: (identifier) @name)) @reference.call
(call_expression
  function: (qualified_identifier name: (qualified_identifier name: (identifier) @name))) @reference.call
(call_expression
  function: (template_function name: (identifier) @name)
  (#not-any-of? @name "static_cast" "dynamic_cast" "const_cast" "reinterpret_cast")) @reference.call
(call_expression
  function: (qualified_identifier name: (template_function name: (identifier) @name))) @reference.call
(call_expression
  function: (field_expression field: (template_method name: (field_identifier) @name))) @reference.call

; `new Widget(…)` constructs: a call of the class (behind two or more scopes, `new a::b::Widget` is
; reported by the nested-scope type pattern below instead, as a type use).
(new_expression
  type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.call

; Type names used in declarations, parameters, casts, aliases, template arguments and bases, bare or
; behind one scope (`std::string`).
(declaration type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(field_declaration type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(parameter_declaration type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(optional_parameter_declaration type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(variadic_parameter_declaration type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(function_definition type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(type_definition type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(type_descriptor type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(for_range_loop type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(template_instantiation type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
; Types behind two or more scopes (`std::chrono::system_clock::time_point`), in any context: the
; innermost qualified name holds the type.
(qualified_identifier
  name: (qualified_identifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)])) @reference.type
(base_class_clause
  [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: (type_identifier) @name)
    (qualified_identifier name: (template_type name: (type_identifier) @name))
  ]) @reference.type
(struct_specifier name: (type_identifier) @name !body) @reference.type
(class_specifier name: (type_identifier) @name !body) @reference.type
(union_specifier name: (type_identifier) @name !body) @reference.type
(enum_specifier name: (type_identifier) @name !body) @reference.type
