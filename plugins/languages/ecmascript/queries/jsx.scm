; JSX (appended for .js/.jsx and .tsx): rendering `<Button …>` calls the component `Button`.
; Lower-case tags are host elements (`div`), not references to code.
(jsx_opening_element name: (identifier) @name (#match? @name "^[A-Z]")) @reference.call
(jsx_self_closing_element name: (identifier) @name (#match? @name "^[A-Z]")) @reference.call
(jsx_opening_element
  name: (member_expression property: (property_identifier) @name)
  (#match? @name "^[A-Z]")) @reference.call
(jsx_self_closing_element
  name: (member_expression property: (property_identifier) @name)
  (#match? @name "^[A-Z]")) @reference.call
