; Definitions, references and imports shared by JavaScript, TypeScript and their JSX dialects: every
; node used here exists in all three grammars. Grammar-specific patterns live in javascript.scm,
; typescript.scm and jsx.scm, which are appended after this file.
;
; When two patterns capture the same name, the one written first wins, so specific patterns (a
; `const` bound to an arrow function) precede general ones (any `const`).
;
; Functions and classes are captured wherever they are declared: those declared in a function body
; are definitions nested in it, while the other definitions captured there (object-literal keys,
; fields of local objects) are locals the plugin drops after extraction. Bindings are captured only where they
; are module-level: directly in the program or in an `export`, or in the body of a module wrapper
; (`define([…], function ($) {…})`, `(function () {…})()`), which #module-scope? tells (the plugin's
; EcmaScriptLanguage::prepare_node_tests).

; ---------------------------------------------------------------------------------------------
; Functions and classes

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class

; A named function expression defines its name wherever it is written (a callback
; `on('end', function handleEnd() {…})`, `return function wrapped() {…}`). Where it is also the value
; of a captured binding or property of the same name (`app.use = function use() {…}`), the plugin
; keeps the one definition.
(function_expression name: (identifier) @name) @definition.function
(generator_function name: (identifier) @name) @definition.function

; A named class expression likewise (`module.exports = class Application extends Emitter {…}`).
(class name: (_) @name) @definition.class

; Anonymous default exports are known to their importers as `default`.
(export_statement
  "default" @name
  value: [(function_expression) (generator_function) (arrow_function)] @definition.function)
(export_statement
  "default" @name
  value: (class) @definition.class)

; A function assigned to a property at module level: CommonJS `exports.name = function …` and
; `module.exports.name = (…) => …`, `app.handle = function …`, `Router.prototype.route = …`.
((expression_statement
  (assignment_expression
    left: (member_expression
      object: [(identifier) (member_expression)]
      property: (property_identifier) @name)
    right: [(function_expression) (generator_function) (arrow_function)]) @definition.function) @_statement
  (#module-scope? @_statement)
  (#not-eq? @name "exports"))

; In a function body too, a `function` expression (a factory's `self.show = function () {…}`,
; `jQuery.Callbacks = function` in an AMD module's factory, `this.onData = function` in a
; constructor): the way code before classes declares methods, escaping the body through the
; object, unlike a local binding. It nests in the enclosing definition. An arrow function set on an
; object in a body is mostly a callback hook (`this._exitCallback = (err) => …`), and left out.
(expression_statement
  (assignment_expression
    left: (member_expression
      object: [(identifier) (member_expression) (this)]
      property: (property_identifier) @name)
    right: [(function_expression) (generator_function)]) @definition.function
  (#not-eq? @name "exports"))

; Any other value assigned to a prototype member at module level is a member of the instances
; (`WebSocket.prototype.addEventListener = addEventListener`).
((expression_statement
  (assignment_expression
    left: (member_expression
      object: (member_expression property: (property_identifier) @_prototype)
      property: (property_identifier) @name)) @definition.property) @_statement
  (#module-scope? @_statement)
  (#eq? @_prototype "prototype"))

; An object literal that becomes a prototype (`Data.prototype = { cache() {…} }`,
; `jQuery.Event.prototype = {…}`) holds the members of the class it is the prototype of, and is
; named by it (nothing looks up `prototype`).
((expression_statement
  (assignment_expression
    left: (member_expression
      object: [(identifier) @name (member_expression property: (property_identifier) @name)]
      property: (property_identifier) @_prototype)
    right: (object)) @definition.class) @_statement
  (#module-scope? @_statement)
  (#eq? @_prototype "prototype"))

; Any other object literal assigned to a property at module level (`module.exports = { get url() {…} }`)
; is named by that property and holds its keys as properties.
((expression_statement
  (assignment_expression
    left: (member_expression property: (property_identifier) @name)
    right: (object)) @definition.variable) @_statement
  (#module-scope? @_statement)
  (#not-eq? @name "prototype"))

; In a function body, an object literal with methods set on an object (`this.handlers = { onClick:
; function () {…} }` in a constructor, `self.api = {…}` in a factory) escapes the body as a
; `function` set there does; post_process keeps it with its keys, like a binding holding methods
; (`var self = { add: function () {…} }`), unless an anonymous callback holds it.
(expression_statement
  (assignment_expression
    left: (member_expression
      object: [(identifier) (member_expression) (this)]
      property: (property_identifier) @name)
    right: (object [(pair value: [(function_expression) (generator_function)]) (method_definition)])) @definition.variable
  (#not-eq? @name "prototype")
  (#not-eq? @name "exports"))

; ---------------------------------------------------------------------------------------------
; Module-level bindings: a function value (also one wrapped by React's memo/forwardRef, the usual
; way to declare a component) makes a function, a class expression a class, any other `const` a
; constant and `let`/`var` a variable. `x = require("…")` is an import, not a definition.
; Each name a module-level destructuring pattern binds is a constant or variable of its own (see
; below).

([(lexical_declaration
   (variable_declarator
     name: (identifier) @name
     value: [(arrow_function) (function_expression) (generator_function)
             (call_expression
               function: (_) @_wrapper
               arguments: (arguments . [(arrow_function) (function_expression)]))]) @definition.function)
 (variable_declaration
   (variable_declarator
     name: (identifier) @name
     value: [(arrow_function) (function_expression) (generator_function)
             (call_expression
               function: (_) @_wrapper
               arguments: (arguments . [(arrow_function) (function_expression)]))]) @definition.function)] @_statement
  (#module-scope? @_statement)
  (#match? @_wrapper "^(React\\.)?(memo|forwardRef)$"))
(export_statement
  declaration: [(lexical_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)
                            (call_expression
                              function: (_) @_wrapper
                              arguments: (arguments . [(arrow_function) (function_expression)]))]) @definition.function)
                (variable_declaration
                  (variable_declarator
                    name: (identifier) @name
                    value: [(arrow_function) (function_expression) (generator_function)
                            (call_expression
                              function: (_) @_wrapper
                              arguments: (arguments . [(arrow_function) (function_expression)]))]) @definition.function)]
  (#match? @_wrapper "^(React\\.)?(memo|forwardRef)$"))

; In a function body, a binding whose value is a function (`var fire = function () {…}`, `const
; next = () => …`) is a helper function nested in the enclosing definition, as a function declared
; there is; bindings of other values there are locals. (At module level the patterns above have
; matched first, with the same result.)
[(lexical_declaration
   (variable_declarator
     name: (identifier) @name
     value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)
 (variable_declaration
   (variable_declarator
     name: (identifier) @name
     value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)]

([(lexical_declaration (variable_declarator name: (identifier) @name value: (class)) @definition.class)
 (variable_declaration (variable_declarator name: (identifier) @name value: (class)) @definition.class)] @_statement
  (#module-scope? @_statement))
(export_statement
  declaration: [(lexical_declaration (variable_declarator name: (identifier) @name value: (class)) @definition.class)
                (variable_declaration (variable_declarator name: (identifier) @name value: (class)) @definition.class)])

(program
  (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.constant)
  (#not-match? @_value "^require\\s*\\("))
(export_statement
  declaration: (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.constant)
  (#not-match? @_value "^require\\s*\\("))

(program
  [(lexical_declaration
     kind: "let"
     (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.variable)
   (variable_declaration
     (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.variable)]
  (#not-match? @_value "^require\\s*\\("))
(export_statement
  declaration: [(lexical_declaration
                  kind: "let"
                  (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.variable)
                (variable_declaration
                  (variable_declarator name: (identifier) @name value: (_)? @_value) @definition.variable)]
  (#not-match? @_value "^require\\s*\\("))

; `const { isArray } = Array`, `let [first, second] = pair`: each name a module-level
; destructuring pattern binds is a definition whose node is the name (destructuring `require(…)` is
; an import).
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: [(object_pattern [(shorthand_property_identifier_pattern) @name @definition.constant
                              (pair_pattern value: (identifier) @name @definition.constant)])
             (array_pattern (identifier) @name @definition.constant)]
      value: (_) @_value))
  (#not-match? @_value "^require\\s*\\("))
(export_statement
  declaration: (lexical_declaration
    kind: "const"
    (variable_declarator
      name: [(object_pattern [(shorthand_property_identifier_pattern) @name @definition.constant
                              (pair_pattern value: (identifier) @name @definition.constant)])
             (array_pattern (identifier) @name @definition.constant)]
      value: (_) @_value))
  (#not-match? @_value "^require\\s*\\("))
(program
  [(lexical_declaration
     kind: "let"
     (variable_declarator
       name: [(object_pattern [(shorthand_property_identifier_pattern) @name @definition.variable
                               (pair_pattern value: (identifier) @name @definition.variable)])
              (array_pattern (identifier) @name @definition.variable)]
       value: (_) @_value))
   (variable_declaration
     (variable_declarator
       name: [(object_pattern [(shorthand_property_identifier_pattern) @name @definition.variable
                               (pair_pattern value: (identifier) @name @definition.variable)])
              (array_pattern (identifier) @name @definition.variable)]
       value: (_) @_value))]
  (#not-match? @_value "^require\\s*\\("))

; In the body of a module wrapper (an AMD factory, an IIFE: see the plugin's #module-scope?), a
; binding is the module's when it holds what a module exports: a function or class (above) or an
; object literal with keys (`var wrapMap = { option: […] }`); other values there (`var rquery = /\?/`,
; `var cache = {}`) are the wrapper's private state. At the top level the patterns above have matched first.
((lexical_declaration
  kind: "const"
  (variable_declarator name: (identifier) @name value: (object (_))) @definition.constant) @_statement
  (#module-scope? @_statement))
([(lexical_declaration
   kind: "let"
   (variable_declarator name: (identifier) @name value: (object (_))) @definition.variable)
 (variable_declaration
   (variable_declarator name: (identifier) @name value: (object (_))) @definition.variable)] @_statement
  (#module-scope? @_statement))

; Elsewhere (in a function body), a binding is a local unless its object literal has methods
; (`var self = { add: function () {…}, fire() {…} }`): an object built in a function and returned
; or handed out, whose methods are definitions nested in the function as a class's are. The plugin
; keeps it (with its keys) only when it holds a method.
((lexical_declaration
  kind: "const"
  (variable_declarator
    name: (identifier) @name
    value: (object [(pair value: [(arrow_function) (function_expression) (generator_function)])
                    (method_definition)])) @definition.constant))
([(lexical_declaration
   kind: "let"
   (variable_declarator
     name: (identifier) @name
     value: (object [(pair value: [(arrow_function) (function_expression) (generator_function)])
                     (method_definition)])) @definition.variable)
 (variable_declaration
   (variable_declarator
     name: (identifier) @name
     value: (object [(pair value: [(arrow_function) (function_expression) (generator_function)])
                     (method_definition)])) @definition.variable)])

; The keys of an object literal bound to a name (or assigned to a property, see above) are its
; properties, methods when their value is a function, accessors for `get`/`set`; so are those of an
; object literal that is a property's value (`env: { Blob }`), and shorthand keys (`{ DIGIT }`). The
; plugin keeps them only under a module-level binding (elsewhere they are locals).
[(variable_declarator value: (object (method_definition "get" name: (_) @name) @definition.getter))
 (assignment_expression right: (object (method_definition "get" name: (_) @name) @definition.getter))
 (pair value: (object (method_definition "get" name: (_) @name) @definition.getter))]
[(variable_declarator value: (object (method_definition "set" name: (_) @name) @definition.setter))
 (assignment_expression right: (object (method_definition "set" name: (_) @name) @definition.setter))
 (pair value: (object (method_definition "set" name: (_) @name) @definition.setter))]
[(variable_declarator value: (object
   (pair
     key: [(property_identifier) @name (string) @name (number) @name]
     value: [(arrow_function) (function_expression) (generator_function)]) @definition.method))
 (assignment_expression right: (object
   (pair
     key: [(property_identifier) @name (string) @name (number) @name]
     value: [(arrow_function) (function_expression) (generator_function)]) @definition.method))
 (pair value: (object
   (pair
     key: [(property_identifier) @name (string) @name (number) @name]
     value: [(arrow_function) (function_expression) (generator_function)]) @definition.method))]
[(variable_declarator value: (object
   (method_definition
     name: [(property_identifier) (string) (number)] @name) @definition.method))
 (assignment_expression right: (object
   (method_definition
     name: [(property_identifier) (string) (number)] @name) @definition.method))
 (pair value: (object
   (method_definition
     name: [(property_identifier) (string) (number)] @name) @definition.method))]
[(variable_declarator value: (object
   (pair key: [(property_identifier) @name (string) @name (number) @name]) @definition.property))
 (assignment_expression right: (object
   (pair key: [(property_identifier) @name (string) @name (number) @name]) @definition.property))
 (pair value: (object
   (pair key: [(property_identifier) @name (string) @name (number) @name]) @definition.property))]
[(variable_declarator value: (object (shorthand_property_identifier) @name @definition.property))
 (assignment_expression right: (object (shorthand_property_identifier) @name @definition.property))
 (pair value: (object (shorthand_property_identifier) @name @definition.property))]

; ---------------------------------------------------------------------------------------------
; Class members (object-literal methods are not members of a declared type and are left out).
; Members of anonymous class expressions (`define(class { … })`) have no class symbol to belong
; to; the plugin drops them.

(class_body
  (method_definition
    "get"
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.getter)
(class_body
  (method_definition
    "set"
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.setter)
(class_body
  (method_definition name: (property_identifier) @name) @definition.constructor
  (#eq? @name "constructor"))
(class_body
  (method_definition
    name: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.method)

; ---------------------------------------------------------------------------------------------
; References: calls (`f()`, `obj.method()` → `method`), `new X()` as a call of X, decorators.

(call_expression function: (identifier) @name) @reference.call
(call_expression
  function: (member_expression
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call
(new_expression constructor: (identifier) @name) @reference.call
(new_expression constructor: (member_expression property: (property_identifier) @name)) @reference.call
(decorator (identifier) @name) @reference.call
(decorator (member_expression property: (property_identifier) @name)) @reference.call

; ---------------------------------------------------------------------------------------------
; Imports, by kind (sdk::ImportKinds): static imports (import), re-exports (export),
; `require("x")` (require) and dynamic `import("x")` (dynamic). TypeScript adds type-only ones.

(import_statement source: (string) @import.import)
(export_statement source: (string) @import.export)
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string) @import.require)
  (#eq? @_require "require"))
(call_expression
  function: (import)
  arguments: (arguments . (string) @import.dynamic))
