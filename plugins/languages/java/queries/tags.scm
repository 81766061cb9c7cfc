; Java tags for ax. Declarations inside method bodies, constructors and field initialisers
; (local and anonymous classes) are matched too and dropped by JavaLanguage::post_process.

(package_declaration [(identifier) (scoped_identifier)] @name) @definition.namespace

(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(enum_constant name: (identifier) @name) @definition.enum_member
; Records are reported as structs (SymbolKind documents struct as "struct, record"); their
; components are fields.
(record_declaration name: (identifier) @name) @definition.struct
(record_declaration
  parameters: (formal_parameters (formal_parameter name: (identifier) @name) @definition.field))
; Annotation types are interfaces whose elements are methods.
(annotation_type_declaration name: (identifier) @name) @definition.interface
(annotation_type_element_declaration name: (identifier) @name) @definition.method

(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.constructor
(compact_constructor_declaration name: (identifier) @name) @definition.constructor

; `static final` fields are constants, other fields fields (this pattern comes first so that it
; wins for the same name). Interface fields are implicitly static final.
((field_declaration
   (modifiers) @_modifiers
   declarator: (variable_declarator name: (identifier) @name)) @definition.constant
  (#match? @_modifiers "(^|\\s)static(\\s|$)")
  (#match? @_modifiers "(^|\\s)final(\\s|$)"))
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(constant_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.constant

; The whole declaration: post_process turns `import static a.B.c;` into `a.B.c`, keeping `.*`.
(import_declaration) @import

(method_invocation name: (identifier) @name) @reference.call

; Uses of types. post_process turns the type of `new X()` into a call of X and drops the names
; that type parameters declare and the qualifier parts of `java.util.List`. `var` infers a type.
((type_identifier) @name @reference.type
  (#not-eq? @name "var"))
