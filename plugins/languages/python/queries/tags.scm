; Python definitions, imports and references for ax. Docstrings are the first statement of a body.
; The definition node of a decorated class or function is the class/def itself (decorators are not
; part of its span). Patterns that can capture the same @name are ordered specific-first: the first
; pattern written wins. The language's post_process drops definitions local to a function and those
; in the `if __name__ == "__main__":` block.

; ---------------------------------------------------------------- classes
; Enums and protocols by their base class (bare or behind a module alias: `enum.Enum`, `t.Protocol`).
(class_definition
  name: (identifier) @name
  superclasses: (argument_list [(identifier) (attribute)] @_base)
  body: (block . (expression_statement (string) @doc)?)
  (#match? @_base "^([A-Za-z_][A-Za-z0-9_]*\\.)?(Enum|IntEnum|StrEnum|Flag|IntFlag)$")) @definition.enum

(class_definition
  name: (identifier) @name
  superclasses: (argument_list [(identifier) (attribute)] @_base)
  body: (block . (expression_statement (string) @doc)?)
  (#match? @_base "^([A-Za-z_][A-Za-z0-9_]*\\.)?Protocol$")) @definition.interface

(class_definition
  name: (identifier) @name
  superclasses: (argument_list (subscript value: [(identifier) (attribute)] @_base))
  body: (block . (expression_statement (string) @doc)?)
  (#match? @_base "^([A-Za-z_][A-Za-z0-9_]*\\.)?Protocol$")) @definition.interface

(class_definition
  name: (identifier) @name
  body: (block . (expression_statement (string) @doc)?)) @definition.class

; ---------------------------------------------------------------- functions
; Accessors: @property (and cached variants) define a property; @x.setter / @x.getter its accessors.
(decorated_definition
  (decorator [(identifier) (attribute)] @_decorator)
  definition: (function_definition
    name: (identifier) @name
    body: (block . (expression_statement (string) @doc)?)) @definition.property
  (#any-of? @_decorator "property" "cached_property" "functools.cached_property" "abc.abstractproperty"))

(decorated_definition
  (decorator (attribute attribute: (identifier) @_accessor))
  definition: (function_definition
    name: (identifier) @name
    body: (block . (expression_statement (string) @doc)?)) @definition.setter
  (#eq? @_accessor "setter"))

(decorated_definition
  (decorator (attribute attribute: (identifier) @_accessor))
  definition: (function_definition
    name: (identifier) @name
    body: (block . (expression_statement (string) @doc)?)) @definition.getter
  (#eq? @_accessor "getter"))

; `__init__` of a class is its constructor.
(class_definition
  body: (block
    (function_definition
      name: (identifier) @name
      body: (block . (expression_statement (string) @doc)?)) @definition.constructor)
  (#eq? @name "__init__"))

(function_definition
  name: (identifier) @name
  body: (block . (expression_statement (string) @doc)?)) @definition.function

; ---------------------------------------------------------------- class attributes
(class_definition
  superclasses: (argument_list [(identifier) (attribute)] @_base)
  body: (block (expression_statement (assignment left: (identifier) @name) @definition.enum_member))
  (#match? @_base "^([A-Za-z_][A-Za-z0-9_]*\\.)?(Enum|IntEnum|StrEnum|Flag|IntFlag)$"))

; UPPER_CASE class attributes are constants, others (dataclass fields, annotations) fields.
(class_definition
  body: (block (expression_statement (assignment left: (identifier) @name) @definition.constant))
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(class_definition
  body: (block (expression_statement (assignment left: (identifier) @name) @definition.field)))

; ---------------------------------------------------------------- module-level names
; Type aliases: `type X = …`, `X: TypeAlias = …`, and type variables / new types.
(type_alias_statement left: (type (identifier) @name)) @definition.type
(type_alias_statement left: (type (generic_type (identifier) @name))) @definition.type

(module
  (expression_statement
    (assignment left: (identifier) @name type: (type) @_annotation) @definition.type)
  (#match? @_annotation "^([A-Za-z_][A-Za-z0-9_]*\\.)?TypeAlias$"))

(module
  (expression_statement
    (assignment
      left: (identifier) @name
      right: (call function: [(identifier) (attribute)] @_factory)) @definition.type)
  (#match? @_factory "^([A-Za-z_][A-Za-z0-9_]*\\.)?(TypeVar|ParamSpec|TypeVarTuple|NewType)$"))

; A lambda bound to a name is a function.
(module
  (expression_statement (assignment left: (identifier) @name right: (lambda)) @definition.function))

; UPPER_CASE module-level names are constants, other module-level names variables.
(module
  (expression_statement
    (assignment left: (identifier) @name) @definition.constant)
  (#match? @name "^[A-Z][A-Z0-9_]*$"))

(module
  (expression_statement
    (assignment left: (identifier) @name) @definition.variable))

; Blocks of module-level statements (`try:`/`except`, `if TYPE_CHECKING:`/`else`, `with`, `for`)
; open no scope: a name assigned there is a module-level name too. The patterns also reach the
; first statements of top-level function bodies, whose names post_process drops as locals.
(module
  (_ (block (expression_statement (assignment left: (identifier) @name) @definition.constant)))
  (#match? @name "^[A-Z][A-Z0-9_]*$"))
(module
  (_ (_ (block (expression_statement (assignment left: (identifier) @name) @definition.constant))))
  (#match? @name "^[A-Z][A-Z0-9_]*$"))
(module (_ (block (expression_statement (assignment left: (identifier) @name) @definition.variable))))
(module (_ (_ (block (expression_statement (assignment left: (identifier) @name) @definition.variable)))))

; `a, b = …`: each target is a variable of its own (its span is the name).
(module
  (expression_statement
    (assignment left: [(pattern_list (identifier) @name @definition.variable)
                       (tuple_pattern (identifier) @name @definition.variable)])))

; ---------------------------------------------------------------- imports
; `import a.b as c` imports a.b; `from .x import (a, b)` imports ".x.a" and ".x.b" (a and b may be
; submodules: the resolver falls back to .x when they are not); `from . import y` imports ".y";
; `from .x import *` imports ".x".
(import_statement name: (dotted_name) @import.import)
(import_statement name: (aliased_import name: (dotted_name) @import.import))
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @import.from
  name: [(dotted_name) @import_member (aliased_import name: (dotted_name) @import_member)])
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @import.from
  (wildcard_import))

; ---------------------------------------------------------------- references
(call function: (identifier) @name) @reference.call
(call function: (attribute attribute: (identifier) @name)) @reference.call

; A decorator is applied (called) to what it decorates.
(decorator (identifier) @name) @reference.call
(decorator
  (attribute attribute: (identifier) @name)
  (#not-any-of? @name "setter" "getter" "deleter")) @reference.call

; Base classes and annotations name types.
(class_definition
  superclasses: (argument_list [(identifier) @name (attribute attribute: (identifier) @name)])) @reference.type
(class_definition
  superclasses: (argument_list
    (subscript value: [(identifier) @name (attribute attribute: (identifier) @name)]))) @reference.type
(type (identifier) @name) @reference.type
(type (attribute attribute: (identifier) @name)) @reference.type
(type (generic_type (identifier) @name)) @reference.type
; Unions written with `|` (up to three members deep on the left).
(type (binary_operator left: (identifier) @name)) @reference.type
(type (binary_operator right: (identifier) @name)) @reference.type
(type (binary_operator left: (binary_operator left: (identifier) @name))) @reference.type
(type (binary_operator left: (binary_operator right: (identifier) @name))) @reference.type
