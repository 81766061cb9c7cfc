; Rust tags for ax. Items inside function bodies are items too, nested in the function; functions
; inside impl and trait blocks become methods (refine_kind).

(mod_item name: (identifier) @name) @definition.module

(function_item name: (identifier) @name) @definition.function
; Bodiless functions: trait method declarations and functions of `extern` blocks.
(function_signature_item name: (identifier) @name) @definition.function

(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.union
(enum_item name: (type_identifier) @name) @definition.enum
(enum_variant name: (identifier) @name) @definition.enum_member
(trait_item name: (type_identifier) @name) @definition.trait

; Struct, union and struct-like variant fields; tuple fields have no names.
(field_declaration_list
  (field_declaration name: (field_identifier) @name) @definition.field)

; An impl block is named after its self type: `impl<T> fmt::Display for Point<T>` is `Point`,
; `impl io::Write for crate::net::Socket` is `Socket`, `impl<'a> Add for &'a Cents` is `Cents`.
; The alternatives exclude each other, so every impl is reported once; other self types
; (`&'a [u8]`, `(A, B)`, `u32`, `dyn Trait`) keep their text.
(impl_item
  type: [
    (type_identifier) @name
    (generic_type type: (type_identifier) @name)
    (scoped_type_identifier name: (type_identifier) @name)
    (generic_type type: (scoped_type_identifier name: (type_identifier) @name))
    (reference_type type: (type_identifier) @name)
    (reference_type type: (generic_type type: (type_identifier) @name))
    (reference_type type: (scoped_type_identifier name: (type_identifier) @name))
    (reference_type type: (generic_type type: (scoped_type_identifier name: (type_identifier) @name)))
  ]) @definition.impl
(impl_item
  type: [
    (abstract_type) (array_type) (bounded_type) (dynamic_type) (function_type) (macro_invocation)
    (metavariable) (never_type) (pointer_type) (primitive_type) (removed_trait_bound) (tuple_type)
    (unit_type)
  ] @name) @definition.impl
(impl_item
  type: (reference_type
    type: [
      (abstract_type) (array_type) (bounded_type) (dynamic_type) (function_type) (macro_invocation)
      (metavariable) (never_type) (pointer_type) (primitive_type) (reference_type) (removed_trait_bound)
      (tuple_type) (unit_type)
    ]) @name) @definition.impl

(type_item name: (type_identifier) @name) @definition.type
(associated_type name: (type_identifier) @name) @definition.type
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.variable
(macro_definition name: (identifier) @name) @definition.macro

; `use` declarations keep their whole path (`std::io::{self, Read}`); an alias is left out.
(use_declaration argument: (use_as_clause path: (_) @import.use))
(use_declaration
  argument: [
    (identifier) (scoped_identifier) (scoped_use_list) (use_list) (use_wildcard) (crate) (self) (super)
    (metavariable)
  ] @import.use)
(extern_crate_declaration name: (identifier) @import.extern_crate)
; `mod x;` (a module in its own file); post_process_imports writes inline parents and #[path].
(mod_item !body name: (identifier) @import.mod)

; Calls: f(), Type::f(), x.m(), their turbofish forms, and macro invocations.
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (scoped_identifier name: (identifier) @name)) @reference.call
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (scoped_identifier name: (identifier) @name))) @reference.call
(call_expression
  function: (generic_function function: (field_expression field: (field_identifier) @name))) @reference.call
(macro_invocation macro: (identifier) @name) @reference.call
(macro_invocation macro: (scoped_identifier name: (identifier) @name)) @reference.call

; Uses of named types (primitive types are other nodes); the names that declarations define are
; removed again by post_process. `Self` and the inferred `_` name no type of their own.
((type_identifier) @name @reference.type
  (#not-any-of? @name "Self" "_"))
