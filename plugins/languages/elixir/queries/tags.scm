; Elixir definitions, imports and references for ax. Everything is a `call`: definitions are told
; apart by the identifier they call (`def`, `defmodule`, …), checked with #any-of?/#eq?.
; ElixirLanguage::post_process names structs and protocol implementations, merges the clauses of a
; function, drops definitions local to a function and filters the calls that are definitions.

; ---------------------------------------------------------------- modules
(call
  target: (identifier) @_keyword
  (arguments . (alias) @name)
  (#eq? @_keyword "defmodule")) @definition.module

(call
  target: (identifier) @_keyword
  (arguments . (alias) @name)
  (#eq? @_keyword "defprotocol")) @definition.interface

; Named `Protocol.Type` in post_process, as Elixir names the implementation module.
(call
  target: (identifier) @_keyword
  (arguments . (alias) @name)
  (#eq? @_keyword "defimpl")) @definition.impl

; Named after the enclosing module in post_process.
(call
  target: (identifier) @name
  (arguments)
  (#any-of? @name "defstruct" "defexception")) @definition.struct

; ---------------------------------------------------------------- functions and macros
; The head is `name(args)`, `name`, or either followed by `when guard`.
(call
  target: (identifier) @_keyword
  (arguments
    .
    [(call target: (identifier) @name)
     (identifier) @name
     (binary_operator
       left: [(call target: (identifier) @name) (identifier) @name]
       operator: "when")])
  (#any-of? @_keyword "def" "defp" "defdelegate")) @definition.function

(call
  target: (identifier) @_keyword
  (arguments
    .
    [(call target: (identifier) @name)
     (identifier) @name
     (binary_operator
       left: [(call target: (identifier) @name) (identifier) @name]
       operator: "when")])
  (#any-of? @_keyword "defmacro" "defmacrop" "defguard" "defguardp")) @definition.macro

; Operators: `def a <~> b`, `defmacro left ~>> right`, `def not value`, `defmacro !value` (with or
; without `when guard`) define `<~>`, `~>>`, `not` and `!`.
(call
  target: (identifier) @_keyword
  (arguments
    .
    [(binary_operator operator: _ @name)
     (binary_operator left: (binary_operator operator: _ @name) operator: "when")
     (unary_operator operator: _ @name)
     (binary_operator left: (unary_operator operator: _ @name) operator: "when")])
  (#not-eq? @name "when")
  (#any-of? @_keyword "def" "defp")) @definition.function

(call
  target: (identifier) @_keyword
  (arguments
    .
    [(binary_operator operator: _ @name)
     (binary_operator left: (binary_operator operator: _ @name) operator: "when")
     (unary_operator operator: _ @name)
     (binary_operator left: (unary_operator operator: _ @name) operator: "when")])
  (#not-eq? @name "when")
  (#any-of? @_keyword "defmacro" "defmacrop")) @definition.macro

; ExUnit: `test "adds two numbers" do … end` is a test, named by its description.
(call
  target: (identifier) @_keyword
  (arguments . (string (quoted_content) @name))
  (do_block)
  (#eq? @_keyword "test")) @definition.function

; Records: `Record.defrecord(:user, name: nil)` (or `defrecord` imported) defines the macros `user/0..2`,
; named without the colon in post_process.
(call
  target: [(dot left: (alias) right: (identifier) @_keyword) (identifier) @_keyword]
  (arguments . (atom) @name)
  (#any-of? @_keyword "defrecord" "defrecordp")) @definition.macro

; ---------------------------------------------------------------- module attributes
(unary_operator
  operator: "@"
  operand: (call
    target: (identifier) @_keyword
    (arguments
      .
      (binary_operator
        left: [(call target: (identifier) @name) (identifier) @name]
        operator: "::")))
  (#any-of? @_keyword "type" "typep" "opaque")) @definition.type

; A behaviour's callbacks: `@callback init(args) :: result`, with or without `when` constraints
; (`@macrocallback` is made a macro in post_process).
(unary_operator
  operator: "@"
  operand: (call
    target: (identifier) @_keyword
    (arguments
      .
      [(binary_operator
         left: [(call target: (identifier) @name) (identifier) @name]
         operator: "::")
       (binary_operator
         left: (binary_operator
           left: [(call target: (identifier) @name) (identifier) @name]
           operator: "::")
         operator: "when")]))
  (#any-of? @_keyword "callback" "macrocallback")) @definition.function

; `@name value` in a module body, except the attributes Elixir and ExUnit give a meaning.
(do_block
  (unary_operator
    operator: "@"
    operand: (call target: (identifier) @name (arguments))) @definition.constant
  (#not-any-of? @name
    "doc" "moduledoc" "typedoc" "spec" "type" "typep" "opaque" "callback" "macrocallback"
    "optional_callbacks" "impl" "behaviour" "derive" "enforce_keys" "compile" "deprecated" "dialyzer"
    "external_resource" "file" "on_definition" "on_load" "after_compile" "before_compile" "after_verify"
    "vsn" "moduletag" "describetag" "tag" "fallback_to_any"))

; ---------------------------------------------------------------- imports
; The module named first, the directive its kind; `alias A.{B, C}` is expanded into `A.B` and `A.C`
; in post_process_imports.
(call
  target: (identifier) @_keyword
  (arguments . [(alias) (atom) (dot)] @import.alias)
  (#eq? @_keyword "alias"))
(call
  target: (identifier) @_keyword
  (arguments . [(alias) (atom) (dot)] @import.import)
  (#eq? @_keyword "import"))
(call
  target: (identifier) @_keyword
  (arguments . [(alias) (atom) (dot)] @import.require)
  (#eq? @_keyword "require"))
(call
  target: (identifier) @_keyword
  (arguments . [(alias) (atom) (dot)] @import.use)
  (#eq? @_keyword "use"))

; ---------------------------------------------------------------- references
; Local calls, except definitions and special forms; post_process drops function heads and
; module attributes (`@doc "…"` is a call of `doc`).
(call
  target: (identifier) @name
  (#not-any-of? @name
    "def" "defp" "defmacro" "defmacrop" "defguard" "defguardp" "defdelegate" "defmodule" "defprotocol"
    "defimpl" "defstruct" "defexception" "defoverridable" "alias" "import" "require" "use" "quote"
    "unquote" "unquote_splicing" "case" "cond" "if" "unless" "with" "for" "receive" "try" "__block__")) @reference.call

; Remote calls `Mod.fun(…)`, `:erlang.fun(…)`; `Mod.fun` without parentheses too, but not
; `map.field` (a field access looks like a call without arguments).
(call target: (dot left: (alias) right: (identifier) @name)) @reference.call
(call target: (dot right: (identifier) @name) (arguments)) @reference.call

; `&fun/1` captures a function to call it later.
(unary_operator
  operator: "&"
  operand: (binary_operator left: (identifier) @name operator: "/")) @reference.call

; Modules named anywhere but where they are defined or imported (filtered in post_process).
(alias) @name @reference.module
