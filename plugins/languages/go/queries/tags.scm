; Go tags for ax. Declarations inside function bodies are matched too and dropped by
; GoLanguage::post_process, which also attaches methods to their receiver types.

; The package clause names the file's namespace.
(package_clause (package_identifier) @name) @definition.namespace

(function_declaration name: (identifier) @name) @definition.function
(method_declaration name: (field_identifier) @name) @definition.method

; A declaration without parentheses (`type Point struct {…}`) is the symbol itself, so that its span
; and signature start at the keyword; specs of a parenthesised group fall through to the patterns
; below. Struct and interface come before the generic `type` so that they win for the same name.
((type_declaration . (type_spec name: (type_identifier) @name type: (struct_type)) .) @definition.struct
  (#not-match? @definition.struct "^type\\s*\\("))
((type_declaration . (type_spec name: (type_identifier) @name type: (interface_type)) .) @definition.interface
  (#not-match? @definition.interface "^type\\s*\\("))
((type_declaration . [(type_spec name: (type_identifier) @name) (type_alias name: (type_identifier) @name)] .)
  @definition.type
  (#not-match? @definition.type "^type\\s*\\("))
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type

; Struct fields: named ones, then embedded ones, which are named after their type.
(field_declaration_list
  (field_declaration name: (field_identifier) @name) @definition.field)
(field_declaration_list
  (field_declaration
    !name
    type: [
      (type_identifier) @name
      (qualified_type name: (type_identifier) @name)
      (generic_type type: (type_identifier) @name)
      (pointer_type (type_identifier) @name)
      (pointer_type (qualified_type name: (type_identifier) @name))
    ]) @definition.field)

(interface_type (method_elem name: (field_identifier) @name) @definition.method)

; Constants and variables; the blank identifier (`var _ Shape = (*Point)(nil)`) defines nothing.
; Constant names are matched without their field: with `name:` the query engine yields only the
; first name of `const A, B = 1, 2` (the only identifiers directly under a const_spec are its names).
((const_declaration . (const_spec (identifier) @name) .) @definition.constant
  (#not-eq? @name "_")
  (#not-match? @definition.constant "^const\\s*\\("))
((const_spec (identifier) @name) @definition.constant
  (#not-eq? @name "_"))
; (a parenthesised var group wraps its specs in a var_spec_list, so this only matches `var x = …`)
((var_declaration . (var_spec name: (identifier) @name) .) @definition.variable
  (#not-eq? @name "_"))
((var_spec name: (identifier) @name) @definition.variable
  (#not-eq? @name "_"))

(import_spec path: [(interpreted_string_literal) (raw_string_literal)] @import)

; Calls: f(), pkg.F(), x.M(), and explicitly instantiated generics F[int]() / x.M[int]()
; (which read like calling an element of a slice of functions: `handlers[i]()` counts as a call of
; `handlers`). `F[int](x)` parses as a conversion to a generic type and stays a type reference.
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (selector_expression field: (field_identifier) @name)) @reference.call
(call_expression function: (index_expression operand: (identifier) @name)) @reference.call
(call_expression
  function: (index_expression operand: (selector_expression field: (field_identifier) @name))) @reference.call

; Uses of named types (the names in type declarations are removed again by post_process).
; Predeclared types (and `nil` in a type switch case) carry no information for navigation.
((type_identifier) @name @reference.type
  (#not-any-of? @name
    "bool" "byte" "rune" "string" "error" "any" "comparable"
    "int" "int8" "int16" "int32" "int64" "uint" "uint8" "uint16" "uint32" "uint64" "uintptr"
    "float32" "float64" "complex64" "complex128" "nil"))
