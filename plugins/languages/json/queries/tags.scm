; JSON symbols for ax. Well-known shapes come first: when two patterns capture the same key, the
; pattern written first decides its kind. post_process removes the quotes from names and gives
; scripts and dependencies their command and version as signature.

; package.json: the entries of the top-level `scripts` object.
(document
  (object
    (pair
      key: (string (string_content) @_section)
      value: (object
        (pair key: (string) @name) @definition.script))
    (#eq? @_section "scripts")))

; package.json: declared dependencies, name → version range.
(document
  (object
    (pair
      key: (string (string_content) @_section)
      value: (object
        (pair key: (string) @name) @definition.dependency))
    (#any-of? @_section "dependencies" "devDependencies" "peerDependencies" "optionalDependencies")))

; Every other key.
(pair key: (string) @name) @definition.key

; The configurations a file builds on: tsconfig, ESLint and Babel `extends` (a string or a list).
(document
  (object
    (pair
      key: (string (string_content) @_extends)
      value: [
        (string) @import
        (array (string) @import)
      ])
    (#eq? @_extends "extends")))
