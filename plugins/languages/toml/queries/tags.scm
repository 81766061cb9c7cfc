; TOML symbols for ax. Well-known shapes come first: when two patterns capture the same key, the
; pattern written first decides its kind. Tables are not nested in the tree, so post_process names
; every symbol by its full path, expands dotted keys and links tables to their parent tables.

; Cargo: a dependency written as a table of its own, [dependencies.serde].
(table
  (dotted_key) @name
  (#match? @name "^((dev-|build-)?dependencies|workspace\\.dependencies|target\\..+\\.(dev-|build-)?dependencies)\\.[^.]+$")) @definition.dependency

; The entries of dependency tables: Cargo ([dependencies], [dev-dependencies], [build-dependencies],
; [workspace.dependencies], [target.'cfg(…)'.dependencies]), Poetry ([tool.poetry.dependencies],
; [tool.poetry.group.<name>.dependencies]) and Pipfile ([packages], [dev-packages]).
(table
  [(bare_key) (dotted_key)] @_table
  (pair [(bare_key) (quoted_key) (dotted_key)] @name) @definition.dependency
  (#match? @_table "^((dev-|build-)?dependencies|workspace\\.dependencies|target\\..+\\.(dev-|build-)?dependencies|tool\\.poetry\\.(group\\.[^.]+\\.)?(dev-)?dependencies|packages|dev-packages)$"))

; pyproject.toml requirement lists: [project] dependencies, [project.optional-dependencies],
; [dependency-groups] and [build-system] requires; each string is one requirement.
(table
  (bare_key) @_table
  (pair
    (bare_key) @_field
    (array (string) @name @definition.dependency))
  (#eq? @_table "project")
  (#eq? @_field "dependencies"))

(table
  (dotted_key) @_table
  (pair (array (string) @name @definition.dependency))
  (#eq? @_table "project.optional-dependencies"))

(table
  (bare_key) @_table
  (pair (array (string) @name @definition.dependency))
  (#eq? @_table "dependency-groups"))

(table
  (bare_key) @_table
  (pair
    (bare_key) @_field
    (array (string) @name @definition.dependency))
  (#eq? @_table "build-system")
  (#eq? @_field "requires"))

; [table] and [[array.of.tables]] headers, and every other key.
(table [(bare_key) (quoted_key) (dotted_key)] @name) @definition.table

(table_array_element [(bare_key) (quoted_key) (dotted_key)] @name) @definition.array_table

(pair [(bare_key) (quoted_key) (dotted_key)] @name) @definition.key
