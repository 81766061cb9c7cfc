; Dart definitions, imports and references for ax.
; A function or method with a body is a `function_declaration` (top level) or `method_declaration`
; (member) holding its signature and body; abstract and external ones are a bare signature. A
; top-level variable is its modifiers, type and declarator list side by side: DartLanguage::
; post_process tells `const` top-level variables from the others. Patterns that can capture the
; same @name come specific-first.

; ---------------------------------------------------------------- types
(class_definition name: (identifier) @name) @definition.class
(mixin_declaration (mixin) . (identifier) @name) @definition.mixin
(extension_declaration name: (identifier) @name) @definition.extension
; An unnamed extension is named after the type it extends.
(extension_declaration !name class: (type_identifier) @name) @definition.extension
; `extension type UserId(int value)` (Dart 3.3): a type of its own over its representation, `value`.
(extension_type_declaration name: (identifier) @name) @definition.class
(extension_type_declaration
  representation: (representation_declaration name: (identifier) @name) @definition.field)
(enum_declaration name: (identifier) @name) @definition.enum
(enum_constant name: (identifier) @name) @definition.enum_member

; `typedef Name<T> = …;` and the older `typedef Ret Name<T>(…);`
(type_alias (type_identifier) @name . "=") @definition.type
(type_alias (type_identifier) @name . (type_parameters) . "=") @definition.type
(type_alias (type_identifier) @name . (formal_parameter_list)) @definition.type
(type_alias (type_identifier) @name . (type_parameters) . (formal_parameter_list)) @definition.type

; ---------------------------------------------------------------- top-level functions
(program (function_declaration signature: (function_signature name: (identifier) @name)) @definition.function)
(program (function_declaration signature: (getter_signature name: (identifier) @name)) @definition.getter)
(program (function_declaration signature: (setter_signature name: (identifier) @name)) @definition.setter)
; `external` ones have no body.
(program (function_signature name: (identifier) @name) @definition.function)
(program (getter_signature name: (identifier) @name) @definition.getter)
(program (setter_signature name: (identifier) @name) @definition.setter)

; ---------------------------------------------------------------- members
; Constructors are named by what follows the class name: `Point` for `Point(…)`, `origin` for
; `Point.origin(…)`, also for `const` and `factory` ones.
[
  (method_declaration signature: (method_signature (constructor_signature name: (identifier) @name . parameters: (formal_parameter_list))))
  (method_declaration signature: (method_signature (factory_constructor_signature (identifier) @name . (formal_parameter_list))))
  (declaration (constructor_signature name: (identifier) @name . parameters: (formal_parameter_list)))
  (declaration (constant_constructor_signature (identifier) @name . (formal_parameter_list)))
  (declaration (factory_constructor_signature (identifier) @name . (formal_parameter_list)))
  (declaration (redirecting_factory_constructor_signature (identifier) @name . (formal_parameter_list)))
] @definition.constructor

; Methods with a body (`method_declaration`) and without (`declaration`).
[
  (method_declaration signature: (method_signature (function_signature name: (identifier) @name)))
  (declaration (function_signature name: (identifier) @name))
] @definition.function
[
  (method_declaration signature: (method_signature (getter_signature name: (identifier) @name)))
  (declaration (getter_signature name: (identifier) @name))
] @definition.getter
[
  (method_declaration signature: (method_signature (setter_signature name: (identifier) @name)))
  (declaration (setter_signature name: (identifier) @name))
] @definition.setter
; `operator ==`: post_process names it by its operator (`==`, `[]`, `unary-`).
[
  (method_declaration signature: (method_signature (operator_signature "operator" @name)))
  (declaration (operator_signature "operator" @name))
] @definition.function

; Fields: one symbol per declared name; `static const` ones are constants.
(declaration
  (const_builtin)
  (static_final_declaration_list (static_final_declaration . (identifier) @name) @definition.constant))
(declaration
  (static_final_declaration_list (static_final_declaration . (identifier) @name) @definition.field))
(declaration
  (initialized_identifier_list (initialized_identifier . (identifier) @name) @definition.field))

; ---------------------------------------------------------------- top-level variables
; `const` ones become constants in post_process.
(program
  (static_final_declaration_list (static_final_declaration . (identifier) @name) @definition.variable))
(program
  (initialized_identifier_list (initialized_identifier . (identifier) @name) @definition.variable))

; `library a.b;`: the name `part of a.b;` refers to.
(library_name (dotted_identifier_list) @name) @definition.module

; ---------------------------------------------------------------- imports
(import_specification (configurable_uri (uri (string_literal) @import.import)))
(import_specification (uri (string_literal) @import.import))
(library_export (configurable_uri (uri (string_literal) @import.export)))
(part_directive (uri (string_literal) @import.part))
(part_of_directive (uri (string_literal) @import.part_of))
(part_of_directive (dotted_identifier_list) @import.part_of)

; ---------------------------------------------------------------- references
; A name followed by an argument list is called: `f(x)`, `a.f(x)`, `a?.f(x)`, `super.f(x)`, `..f(x)`,
; `.fromSeed(x)` (a dot shorthand: the named constructor or static method of the type expected);
; for a member call the name is the last identifier of the (nested) selector before the arguments.
(method_invocation function: (identifier) @name @reference.call)
(method_invocation function: (unconditional_assignable_selector (identifier) @name @reference.call .))
(method_invocation function: (conditional_assignable_selector (identifier) @name @reference.call .))
(method_invocation function: (cascade_selector (identifier) @name @reference.call))
(method_invocation function: (dot_shorthand (identifier) @name @reference.call))
; `const .origin()`
((dot_shorthand (identifier) @name @reference.call) . (arguments))
; `new Point.origin()` / `const Point.origin()` call the named constructor `origin`; unnamed
; constructor calls (`new Point()`) are turned into calls of the type in post_process.
(new_expression (identifier) @name @reference.call)
(const_object_expression (identifier) @name @reference.call)
(constructor_invocation (identifier) @name @reference.call)

; Every written type; post_process drops the names being declared.
(type_identifier) @name @reference.type
