; YAML symbols for ax. Well-known shapes come first: when two patterns capture the same key, the
; pattern written first decides its kind. post_process names the symbols (quotes removed), prefers
; a step's `id:` over its `name:`, and adds Kubernetes resources.

; A CI job: an entry of a document's top-level `jobs:` mapping (GitHub Actions, CircleCI).
(document
  (block_node
    (block_mapping
      (block_mapping_pair
        key: (flow_node) @_jobs
        value: (block_node
          (block_mapping
            (block_mapping_pair
              key: (flow_node) @name) @definition.job)))
      (#eq? @_jobs "jobs"))))

; A docker-compose service: an entry of a document's top-level `services:` mapping.
(document
  (block_node
    (block_mapping
      (block_mapping_pair
        key: (flow_node) @_services
        value: (block_node
          (block_mapping
            (block_mapping_pair
              key: (flow_node) @name) @definition.service)))
      (#eq? @_services "services"))))

; A CI step: an item of a `steps:` list that has a `name:` or an `id:`. An item with both matches
; twice; post_process keeps one step and names it by its id.
(block_mapping_pair
  key: (flow_node) @_steps
  value: (block_node
    (block_sequence
      (block_sequence_item
        (block_node
          (block_mapping
            (block_mapping_pair
              key: (flow_node) @_field
              value: (flow_node) @name)))) @definition.step))
  (#eq? @_steps "steps")
  (#any-of? @_field "name" "id"))

; Every other key with a scalar name. `<<` merge keys only splice an anchored mapping in.
(block_mapping_pair
  key: (flow_node [(plain_scalar) (single_quote_scalar) (double_quote_scalar)]) @name
  (#not-eq? @name "<<")) @definition.key

(flow_pair
  key: (flow_node [(plain_scalar) (single_quote_scalar) (double_quote_scalar)]) @name
  (#not-eq? @name "<<")) @definition.key

; An alias (*base) refers to the anchor (&base) it repeats.
(alias (alias_name) @name) @reference.alias

; The actions and reusable workflows a GitHub workflow uses.
(block_mapping_pair
  key: (flow_node) @_uses
  value: (flow_node) @import
  (#eq? @_uses "uses"))
