; TypeScript-only patterns, appended to javascript/queries/ecmascript.scm (and followed by
; jsx.scm for .tsx). Specific patterns come before general ones: the first capture of a name wins.

; ---------------------------------------------------------------------------------------------
; Declarations

; Overload signatures and ambient (`declare function`) declarations; the plugin folds overloads
; with their implementation into one symbol.
(function_signature name: (identifier) @name) @definition.function
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum

(enum_body name: (property_identifier) @name @definition.enum_member)
(enum_body name: (string (string_fragment) @name) @definition.enum_member)
(enum_assignment name: (property_identifier) @name) @definition.enum_member
(enum_assignment name: (string (string_fragment) @name)) @definition.enum_member

; `namespace A.B {}` and the legacy `module A {}` are namespaces; `declare module "x" {}` declares
; (or augments) the module that importers of "x" see.
(internal_module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: [(identifier) (nested_identifier)] @name) @definition.namespace
(module name: (string (string_fragment) @name)) @definition.module

; ---------------------------------------------------------------------------------------------
; Bindings inside namespaces and ambient declarations (see ecmascript.scm for the module level;
; exported ones are matched there too). Ambient bindings have no values.

(internal_module
  body: (statement_block
    [(lexical_declaration
       (variable_declarator
         name: (identifier) @name
         value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
     (variable_declaration
       (variable_declarator
         name: (identifier) @name
         value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)]))
(module
  body: (statement_block
    [(lexical_declaration
       (variable_declarator
         name: (identifier) @name
         value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
     (variable_declaration
       (variable_declarator
         name: (identifier) @name
         value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)]))

(internal_module
  body: (statement_block
    (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant)))
(module
  body: (statement_block
    (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant)))
(ambient_declaration
  (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant))
(ambient_declaration
  (statement_block
    (lexical_declaration kind: "const" (variable_declarator name: (identifier) @name) @definition.constant)))

(internal_module
  body: (statement_block
    [(lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable)
     (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)]))
(module
  body: (statement_block
    [(lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable)
     (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)]))
(ambient_declaration
  [(lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable)
   (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)])
(ambient_declaration
  (statement_block
    [(lexical_declaration kind: "let" (variable_declarator name: (identifier) @name) @definition.variable)
     (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable)]))

; ---------------------------------------------------------------------------------------------
; Members of classes, interfaces and object type aliases (`type Props = { … }`).

; A field holding a function (`handleClick = () => …`) is a method of the class.
(class_body
  (public_field_definition
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name
    value: [(arrow_function) (function_expression)]) @definition.method)
; `static readonly` fields are the constants of a class. Unlike members, a constant could stand at
; the top level, so its class must be one that is itself a symbol (not `define(class { … })`).
[
  (class_declaration body: (class_body
    (public_field_definition
      "static" "readonly"
      name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.constant))
  (abstract_class_declaration body: (class_body
    (public_field_definition
      "static" "readonly"
      name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.constant))
  (variable_declarator value: (class body: (class_body
    (public_field_definition
      "static" "readonly"
      name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.constant)))
  (export_statement value: (class body: (class_body
    (public_field_definition
      "static" "readonly"
      name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.constant)))
]
(class_body
  (public_field_definition
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.field)

; Constructor parameter properties (`constructor(private readonly id: string)`) are fields; the
; plugin moves them from the constructor to its class.
(method_definition
  name: (property_identifier) @_constructor
  parameters: (formal_parameters
    [(required_parameter [(accessibility_modifier) "readonly" (override_modifier)] pattern: (identifier) @name)
     (optional_parameter [(accessibility_modifier) "readonly" (override_modifier)] pattern: (identifier) @name)] @definition.field)
  (#eq? @_constructor "constructor"))

; Bodiless members: overload signatures and `declare class` members, abstract methods, and the
; members of interfaces and object type aliases. Accessor signatures (`get size(): number;`) first.
[
  (class_body
    (method_signature "get" name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.getter)
  (interface_body
    (method_signature "get" name: [(property_identifier) (computed_property_name)] @name) @definition.getter)
  (type_alias_declaration value: (object_type
    (method_signature "get" name: [(property_identifier) (computed_property_name)] @name) @definition.getter))
]
[
  (class_body
    (method_signature "set" name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.setter)
  (interface_body
    (method_signature "set" name: [(property_identifier) (computed_property_name)] @name) @definition.setter)
  (type_alias_declaration value: (object_type
    (method_signature "set" name: [(property_identifier) (computed_property_name)] @name) @definition.setter))
]
(class_body
  (method_signature name: (property_identifier) @name) @definition.constructor
  (#eq? @name "constructor"))
; A construct signature (`interface ErrorCtor { new (message: string): Error }`) is the member `new`.
[(interface_body (construct_signature "new" @name) @definition.method)
 (type_alias_declaration value: (object_type (construct_signature "new" @name) @definition.method))]
(class_body
  (method_signature
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.method)
(class_body
  (abstract_method_signature
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.method)

(interface_body
  (method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method)
(interface_body
  (property_signature name: [(property_identifier) (computed_property_name)] @name) @definition.field)
(type_alias_declaration
  value: (object_type
    (method_signature name: [(property_identifier) (computed_property_name)] @name) @definition.method))
(type_alias_declaration
  value: (object_type
    (property_signature name: [(property_identifier) (computed_property_name)] @name) @definition.field))

; ---------------------------------------------------------------------------------------------
; Type references: a type name in any type position. The names that declarations introduce
; (classes, interfaces, aliases, type parameters, `infer X`) are left out.
[
  (type_annotation (type_identifier) @name)
  (type_arguments (type_identifier) @name)
  (generic_type name: (type_identifier) @name)
  (nested_type_identifier name: (type_identifier) @name)
  (type_alias_declaration value: (type_identifier) @name)
  (union_type (type_identifier) @name)
  (intersection_type (type_identifier) @name)
  (array_type (type_identifier) @name)
  (tuple_type (type_identifier) @name)
  (parenthesized_type (type_identifier) @name)
  (optional_type (type_identifier) @name)
  (rest_type (type_identifier) @name)
  (readonly_type (type_identifier) @name)
  (lookup_type (type_identifier) @name)
  (index_type_query (type_identifier) @name)
  (template_type (type_identifier) @name)
  (conditional_type (type_identifier) @name)
  (mapped_type_clause type: (type_identifier) @name)
  (mapped_type_clause alias: (type_identifier) @name)
  (constraint (type_identifier) @name)
  (default_type (type_identifier) @name)
  (implements_clause (type_identifier) @name)
  (extends_type_clause (type_identifier) @name)
  (function_type (type_identifier) @name)
  (constructor_type (type_identifier) @name)
  (type_predicate (type_identifier) @name)
  (index_signature (type_identifier) @name)
  (as_expression (type_identifier) @name)
  (satisfies_expression (type_identifier) @name)
  (adding_type_annotation (type_identifier) @name)
  (omitting_type_annotation (type_identifier) @name)
  (opting_type_annotation (type_identifier) @name)
] @reference.type
; `class A extends B` names a class value.
(extends_clause value: (identifier) @name) @reference.type
(extends_clause value: (member_expression property: (property_identifier) @name)) @reference.type

; `import fs = require("fs")`.
(import_require_clause source: (string) @import.require)
; Type-only imports and re-exports (`import type {A} from "./a"`, `export type {A} from "./a"`) are
; of kind "type"; the ECMAScript patterns match them too, and post_process_imports keeps this one.
(import_statement "type" source: (string) @import.type)
(export_statement "type" source: (string) @import.type)
