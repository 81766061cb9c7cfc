; JavaScript-only patterns (appended to ecmascript.scm): class fields and superclass references.

; A field holding a function (`handleClick = () => …`) is a method of the class.
(class_body
  (field_definition
    property: [(property_identifier) (private_property_identifier) (computed_property_name)] @name
    value: [(arrow_function) (function_expression)]) @definition.method)
(class_body
  (field_definition
    property: [(property_identifier) (private_property_identifier) (computed_property_name)] @name) @definition.field)

; `class A extends B` / `extends ns.B` uses B.
(class_heritage (identifier) @name) @reference.type
(class_heritage (member_expression property: (property_identifier) @name)) @reference.type
