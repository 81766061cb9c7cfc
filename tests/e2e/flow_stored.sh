#!/usr/bin/env bash
# The import cycles and graph page an index run stores (migrations/*_graph_results.yaml): every
# format of `flow cycles` and `flow graph` prints what the computation from every edge prints
# (-c flow.stored_results=false); a re-index that changes no edge computes nothing, one that edits,
# deletes or renames an import does; a store from before the migration works with a one-line
# notice, migrates and rolls back cleanly.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"
MIGRATION=$(ls "$AX_SOURCE_DIR/migrations"/[0-9]*_graph_results.yaml)
VERSION=$((10#$(basename "$MIGRATION" | cut -d_ -f1)))
# The newest migration ordinary commands need (not deferrable).
REQUIRED=0
for file in "$AX_SOURCE_DIR/migrations"/[0-9]*.yaml; do
  grep -qx 'deferrable: true' "$file" || REQUIRED=$((10#$(basename "$file" | cut -d_ -f1)))
done

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/flow-repo" "$REPO"
# A second cycle through a self import, and a longer one, so that there is more than one to order.
printf 'import "./self";\nexport const s = 1;\n' >"$REPO/src/self.ts"
mkdir -p "$REPO/src/ring"
for i in 0 1 2 3 4; do
  printf 'import { v%d } from "./r%d";\nimport "../util/math";\nexport const v%d = 1;\n' $(((i + 1) % 5)) $(((i + 1) % 5)) "$i" \
    >"$REPO/src/ring/r$i.ts"
done
cd "$REPO" || exit 1

json_field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1" <<<"$OUT"; }
computed_on_index() {
  run "$AX" index --quiet --stats --json
  expect_rc 0
  [[ $(json_field "['graph_results']['computed']") == "$1" ]] || fail "index ($2): graph results computed should be $1: $OUT"
}

# Every query and format, stored against computed: the same stdout, stderr and exit status.
QUERIES=("flow cycles" "flow cycles --json" "flow cycles --format dot" "flow cycles --format mermaid"
  "flow cycles --limit 1" "flow cycles --json --limit 2" "flow cycles --format dot --limit 4" "flow cycles --all"
  "flow cycles src/ring" "flow cycles src/util --json" "flow graph" "flow graph --json" "flow graph --format dot"
  "flow graph --format mermaid" "flow graph --limit 3" "flow graph --json --limit 5" "flow graph --all"
  "flow graph src/cycle --format dot")
same_as_computed() {
  local query stored computed
  for query in "${QUERIES[@]}"; do
    # shellcheck disable=SC2086 # the query is words
    stored=$("$AX" $query 2>&1; echo "rc=$?")
    # shellcheck disable=SC2086
    computed=$("$AX" -c flow.stored_results=false $query 2>&1; echo "rc=$?")
    [[ $stored == "$computed" ]] || fail "$1: 'ax $query' stored differs from computed:"$'\n'"$stored"$'\n---\n'"$computed"
  done
}

computed_on_index True "first index"
same_as_computed "first index"
run "$AX" flow cycles
expect_rc 1
expect_out '^3 import cycles$'

# Nothing changed, or a file changed but not its imports: nothing is computed.
computed_on_index False "no change"
echo "// a comment" >>src/cycle/b.ts
computed_on_index False "an edit that keeps the imports"
same_as_computed "an edit that keeps the imports"

# An import edited away, a file deleted, a file renamed: computed again, and still the same answers.
printf 'export const v4 = 1;\n' >src/ring/r4.ts
computed_on_index True "an import removed"
same_as_computed "an import removed"
run "$AX" flow cycles src/ring
expect_rc 0
expect_out '^no import cycles in src/ring$'
rm src/self.ts
computed_on_index True "a file deleted"
same_as_computed "a file deleted"
run "$AX" flow cycles
expect_out '^1 import cycle$'
mv src/cycle/c.ts src/cycle/c2.ts
sed -i 's#"./c.js"#"./c2.js"#' src/cycle/b.ts
computed_on_index True "a file renamed"
same_as_computed "a file renamed"
run "$AX" flow graph --json
expect_out '"from":"src/cycle/b\.ts","to":"src/cycle/c2\.ts"'
# Put back as it was: the same edges again, so the results stored for them are current.
mv src/cycle/c2.ts src/cycle/c.ts
sed -i 's#"./c2.js"#"./c.js"#' src/cycle/b.ts
computed_on_index True "renamed back"
same_as_computed "renamed back"

# A store from before the migration: used as it is, the answers computed, one line of notice.
if ((REQUIRED < VERSION)); then
  run "$AX" db rollback --to $((VERSION - 1)) --yes
  expect_rc 0
  run "$AX" flow cycles
  expect_rc 1
  expect_out '^1 import cycle$'
  [[ $(wc -l <<<"$ERR") == 1 ]] || fail "one line of notice expected: $ERR"
  expect_err "^ax: notice: .*run 'ax db migrate'"
  run "$AX" find ShoppingCart
  [[ $ERR != *notice* ]] || fail "find should say nothing of graph results: $ERR"
  run "$AX" db status
  expect_rc 1
  expect_out "pending"
  # Indexing works meanwhile (no results kept), and a migrated store gets them at the next run.
  printf 'import { v0 } from "./r0";\nexport const v4 = 1;\n' >src/ring/r4.ts
  computed_on_index False "before the migration"
  run "$AX" db migrate
  expect_rc 0
  run "$AX" flow cycles
  [[ -z $ERR ]] || fail "no notice after the migration: $ERR"
  same_as_computed "migrated, not yet indexed"
  computed_on_index True "after the migration"
  same_as_computed "after the migration"
  run "$AX" db rollback --to $((VERSION - 1)) --yes
  expect_rc 0
  run "$AX" db migrate
  expect_rc 0
  computed_on_index True "migrated again"
  run "$AX" flow cycles --json
  expect_rc 1
  [[ $(json_field "['count']") == 2 ]] || fail "two cycles after the migration: $OUT"
else
  echo "# skipped the pre-migration store: a newer migration is required ($REQUIRED > $VERSION)"
fi

# The setting's bad values are usage errors like any boolean's.
run "$AX" -c flow.stored_results=maybe flow cycles
expect_rc 2

done_testing
