; C definitions, includes and references for ax.
;
; Declarations are matched wherever they appear; the language's post_process drops those that end up
; inside a function body (locals), hoists sibling declarators (`int a, b;`) to their container and
; drops prototypes of functions the same file defines. Patterns that can capture the same @name are
; ordered specific-first: the first pattern written wins.

; ---------------------------------------------------------------- functions
; An array declarator may be of one or two dimensions (`int grid[8][8]`, `const T table[][256]`).
; The declarator chain is walked explicitly: plain, returning a pointer (one or two levels),
; returning a function pointer (`int (*handler_for(int))(int) { … }`), and a name in parentheses,
; which keeps a function-like macro of that name from expanding (`int (lua_gettop) (lua_State *L)`,
; `const char *(lua_typename) (…)`).
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))
    (function_declarator declarator: (parenthesized_declarator (identifier) @name))
    (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (identifier) @name)))
  ]) @definition.function

; Prototypes: reported so that headers are searchable; dropped when the file also defines them.
(declaration
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))
    (function_declarator declarator: (parenthesized_declarator (identifier) @name))
    (pointer_declarator declarator: (function_declarator declarator: (parenthesized_declarator (identifier) @name)))
  ]) @definition.function

; ---------------------------------------------------------------- types
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

(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.union
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum

(enumerator name: (identifier) @name) @definition.enum_member

; `typedef struct tag { … } alias;`: the aggregate is `tag`; an alias that differs from the tag (or
; a pointer alias) is a type of its own. Its definition node is the declarator, so that the
; aggregate does not nest inside it. An alias repeating the tag adds nothing and is not reported.
(type_definition
  type: [
    (struct_specifier name: (_)? @_tag body: (_))
    (union_specifier name: (_)? @_tag body: (_))
    (enum_specifier name: (_)? @_tag body: (_))
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type
  (#not-eq? @name @_tag))

; Every other typedef (its type has no body): plain, pointer, array and function-pointer aliases.
(type_definition
  type: [
    (primitive_type)
    (type_identifier)
    (sized_type_specifier)
    (macro_type_specifier)
    (struct_specifier !body)
    (union_specifier !body)
    (enum_specifier !body)
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (type_identifier) @name))
    (array_declarator declarator: (type_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (type_identifier) @name))
    (function_declarator declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
    ; `typedef char *(*Func)(void *);`: a pointer to a function returning a pointer.
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: [(array_declarator declarator: (type_identifier) @name) (array_declarator declarator: (array_declarator declarator: (type_identifier) @name))])))
  ]) @definition.type

; ---------------------------------------------------------------- fields
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: [(array_declarator declarator: (field_identifier) @name) (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))])
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
    ; `void (*handlers[8])(int);`: an array of function pointers.
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: [(array_declarator declarator: (field_identifier) @name) (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))])))
  ]) @definition.field

; ---------------------------------------------------------------- globals
; `const` objects (not pointers to const) are constants; `* const` pointers (and arrays of them)
; are too.
(declaration
  (type_qualifier) @_const
  declarator: [
    (identifier) @name
    (array_declarator declarator: (identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (init_declarator
      declarator: [
        (identifier) @name
        (array_declarator declarator: (identifier) @name)
        (array_declarator declarator: (array_declarator declarator: (identifier) @name))
      ])
  ]
  (#eq? @_const "const")) @definition.constant

(declaration
  declarator: [
    (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
    (pointer_declarator (type_qualifier) @_const declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])
    (init_declarator
      declarator: [
        (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
        (pointer_declarator (type_qualifier) @_const declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])
      ])
  ]
  (#eq? @_const "const")) @definition.constant

(declaration
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])))
    (init_declarator
      declarator: [
        (identifier) @name
        (pointer_declarator declarator: (identifier) @name)
        (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
        (array_declarator declarator: (identifier) @name)
        (array_declarator declarator: (array_declarator declarator: (identifier) @name))
        (pointer_declarator declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])
        (function_declarator
          declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
        (function_declarator
          declarator: (parenthesized_declarator
            (pointer_declarator declarator: [(array_declarator declarator: (identifier) @name) (array_declarator declarator: (array_declarator declarator: (identifier) @name))])))
      ])
  ]) @definition.variable

; ---------------------------------------------------------------- macros
(preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

; ---------------------------------------------------------------- includes
; <system.h> keeps its brackets; "local.h" loses its quotes.
(preproc_include path: (system_lib_string) @import.system_include)
(preproc_include path: (string_literal) @import.include)

; ---------------------------------------------------------------- references
(call_expression function: (identifier) @name) @reference.call
(call_expression function: (field_expression field: (field_identifier) @name)) @reference.call

; Type names used in declarations, casts, sizeof, compound literals and typedefs.
(_ type: (type_identifier) @name @reference.type)
(struct_specifier name: (type_identifier) @name !body) @reference.type
(union_specifier name: (type_identifier) @name !body) @reference.type
(enum_specifier name: (type_identifier) @name !body) @reference.type
