; Scala 2 and Scala 3 definitions, imports and references for ax.
; Definitions are captured wherever they appear; ScalaLanguage::post_process keeps only members
; (top level, package, template and enum bodies, `given … with` bodies, extensions) and drops what
; is local to a method or an initialiser. Kinds of val/var depend on the container and are settled
; by refine_kind: `val` is a constant at top level and in objects, a field in classes and traits.

; ---------------------------------------------------------------- packages
(package_clause name: (package_identifier) @name) @definition.namespace
(package_object name: (identifier) @name) @definition.namespace

; ---------------------------------------------------------------- types
(class_definition name: (identifier) @name) @definition.class
(object_definition name: (identifier) @name) @definition.module
(trait_definition name: (identifier) @name) @definition.trait
(enum_definition name: (identifier) @name) @definition.enum
(simple_enum_case name: (identifier) @name) @definition.enum_member
(full_enum_case name: (identifier) @name) @definition.enum_member
(type_definition name: (type_identifier) @name) @definition.type

; Parameters of a case class, and `val`/`var` class parameters, are fields of the class.
(class_definition
  "case"
  class_parameters: (class_parameters
    (class_parameter name: (identifier) @name) @definition.field))
(class_parameter ["val" "var"] name: (identifier) @name) @definition.field

; ---------------------------------------------------------------- functions
; `def this(…)` is an auxiliary constructor.
(function_definition name: (identifier) @name (#eq? @name "this")) @definition.constructor
(function_definition name: (_) @name) @definition.function
(function_declaration name: (_) @name) @definition.function

; An extension block is named after the type it extends (post_process drops type arguments).
(extension_definition
  parameters: (parameters . (parameter type: (_) @name))) @definition.extension

; ---------------------------------------------------------------- values
; Anonymous givens get the compiler's synthesized name in post_process (`given_Ordering_Int`).
(given_definition name: (identifier) @name) @definition.constant
(given_definition !name return_type: (_) @name) @definition.constant

; `val a, b = …` and `val (a, b) = …` define each name; they share the definition node.
(val_definition pattern: (identifier) @name) @definition.constant
(val_definition pattern: (identifiers (identifier) @name)) @definition.constant
(val_definition pattern: (tuple_pattern (identifier) @name)) @definition.constant
(val_declaration name: (identifier) @name) @definition.constant
(var_definition pattern: (identifier) @name) @definition.variable
(var_definition pattern: (identifiers (identifier) @name)) @definition.variable
(var_declaration name: (identifier) @name) @definition.variable

; ---------------------------------------------------------------- imports
; The whole clause: post_process keeps what follows `import` and splits `import a.b, c.d`.
(import_declaration) @import

; ---------------------------------------------------------------- references
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (identifier) @name)) @reference.call
(call_expression function: (generic_function function: (identifier) @name)) @reference.call
(call_expression
  function: (generic_function function: (field_expression field: (identifier) @name))) @reference.call
; `a op b` calls the method `op` (symbolic operators are left out).
(infix_expression operator: (identifier) @name) @reference.call

; Every written type; post_process drops the names being declared and turns the type of
; `new T(…)` into a call of T.
(type_identifier) @name @reference.type
