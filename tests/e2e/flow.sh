#!/usr/bin/env bash
# ax flow and ax refs on tests/fixtures/flow-repo: resolved import edges (tsconfig paths, `.js`
# written for `.ts`, require, dynamic import), chains, cycles (exit 1), formats, call graphs,
# labelled references against a hand-written list (no false `resolved`), incremental re-resolution
# and the error paths.
source "$(dirname "$0")/lib.sh"
FIXTURE="$(cd "$(dirname "$0")/../fixtures/flow-repo" && pwd)"
REPO="$WORK/repo"
cp -r "$FIXTURE" "$REPO"
cd "$REPO" || exit 1

# No index yet.
run "$AX" flow deps src/main.ts
expect_rc 1
expect_err "^ax: no index found"
run "$AX" refs main
expect_rc 1
expect_err "^ax: no index found"

run "$AX" index --quiet
expect_rc 0

# Dependencies and dependents.
run "$AX" flow deps src/main.ts
expect_rc 0
expect_out '^ +1  lib/log\.ts +from src/main\.ts \(import line 3\)$'
expect_out '^ +1  src/util/math\.ts '
expect_out '^ +1  src/util/strings\.ts '
run "$AX" flow deps src/cycle/a.ts --depth 0
expect_rc 0
expect_out '^ +1  src/cycle/b\.ts '
expect_out '^ +2  src/cycle/c\.ts +from src/cycle/b\.ts'
expect_out '^ +3  lib/log\.ts +from src/cycle/c\.ts'
run "$AX" flow deps web/app.js --json
expect_rc 0
expect_out '"path":"src/main\.ts","depth":1,"via":\{"from":"web/app\.js","to":"src/main\.ts","kind":"require","line":1,"resolution":"exact"\}'
expect_out '"specifier":"\./missing-page","kind":"dynamic","line":2,"resolution":"unresolved"'
expect_out '"specifier":"path","kind":"require","line":3,"resolution":"external"'
run "$AX" flow dependents lib/log.ts
expect_rc 0
for f in src/main.ts src/geometry.ts src/cycle/c.ts; do expect_out "^ +1  ${f//./\\.} +into lib/log\.ts"; done
run "$AX" flow dependents lib/log.ts --depth 2
expect_rc 0
expect_out '^ +2  (web/app\.js|src/cycle/b\.ts) '
run bash -c "cd src/util && '$AX' flow dependents math.ts"
expect_rc 0
expect_out '^ +1  src/geometry\.ts +into src/util/math\.ts'

# Chains.
run "$AX" flow chain web/app.js lib/log.ts
expect_rc 0
expect_line 1 '^web/app\.js$'
expect_line 2 '^  -> src/main\.ts \(require line 1\)$'
expect_line 3 '^  -> lib/log\.ts \(import line 3\)$'
run "$AX" flow chain lib/log.ts web/app.js
expect_rc 1
expect_err '^no import chain from lib/log\.ts to web/app\.js$'

# Cycles: exit 1 when there is one, in every format.
run "$AX" flow cycles
expect_rc 1
expect_out '^1 import cycle$'
expect_out '^3 files; shortest cycle found \(3 imports\):$'
expect_out '^  src/cycle/a\.ts$'
expect_out '^  -> src/cycle/b\.ts \(import line 1\)$'
run "$AX" flow cycles src/util
expect_rc 0
expect_out '^no import cycles in src/util$'
run "$AX" flow cycles --format dot
expect_rc 1
expect_out '^  "src/cycle/a\.ts" -> "src/cycle/b\.ts" \[color=red\];$'
run "$AX" flow cycles --format mermaid
expect_rc 1
expect_out '^graph LR$'
expect_out '^  linkStyle 0 stroke:red$'
run "$AX" flow cycles --json
expect_rc 1
expect_out '^\{"count":1,"truncated":false,"left_out":0,"left_out_exact":true,"cycles":\[\{"size":3,"cycle_length":3,"truncated":false,"members":\["src/cycle/a\.ts","src/cycle/b\.ts","src/cycle/c\.ts"\]'

# The whole graph, and a folder of it.
run "$AX" flow graph
expect_rc 0
expect_out '^src/cycle/b\.ts -> src/cycle/c\.ts \(import line 1\)$'
expect_out '^src/geometry\.ts -> lib/log\.ts \(import line 2\)$'
expect_err '^10 edges$'
run "$AX" flow graph src/cycle --format dot
expect_rc 0
expect_out '^digraph imports \{$'
expect_out '"src/cycle/c\.ts" -> "src/cycle/a\.ts" \[color=red\];'
expect_out '"src/cycle/c\.ts" -> "lib/log\.ts";'
expect_no_out 'src/main\.ts'
if command -v dot >/dev/null 2>&1; then
  "$AX" flow graph --format dot | dot -Tsvg >/dev/null || fail "dot could not render the graph"
fi

# A function: definitions, callers, callees.
run "$AX" flow square
expect_rc 0
expect_out '^  src/util/math\.ts:9  function  '
expect_out '^  main \(src/main\.ts:8\) calls square at src/main\.ts:12 \[resolved\]$'
expect_out '^  area \(src/geometry\.ts:4\) calls square at src/geometry\.ts:5 \[resolved\]$'
expect_out '^  mul \(src/util/math\.ts:5\) at src/util/math\.ts:10 \[resolved\]$'
# --limit N keeps the first N calls each way at each depth, by path and line, and counts the rest.
run "$AX" flow square --all
expect_rc 0
[[ -z "$ERR" ]] || fail "flow --all should leave nothing out: $ERR"
square_callers=$(grep -c ' calls square at ' <<<"$OUT")
((square_callers >= 3)) || fail "expected at least 3 calls of square: $OUT"
run "$AX" flow square --limit 1
expect_rc 0
expect_out '^  area \(src/geometry\.ts:4\) calls square at src/geometry\.ts:5 \[resolved\]$'
expect_no_out 'calls square at src/main\.ts'
expect_out '^  mul \(src/util/math\.ts:5\) at src/util/math\.ts:10 \[resolved\]$'
expect_err "^\\(up to $((square_callers - 1)) more callers and 0 more callees; use --limit N or --all\\)$"
run "$AX" flow square --limit 1 --json
expect_rc 0
python3 -c '
import json, sys
result = json.loads(sys.argv[1])
assert result["truncated"] is True and len(result["callers"]) == 1, result
assert result["callers_left_out"] == int(sys.argv[2]) - 1 and result["callees_left_out"] == 0, result
' "$OUT" "$square_callers" || fail "flow --limit 1 --json: $OUT"
run "$AX" flow function main --depth 2
expect_rc 0
expect_out '^  again \(src/main\.ts:16\) calls main at src/main\.ts:18 \[resolved\]$'
expect_out '^    format \(lib/log\.ts:5\) at lib/log\.ts:2 \[resolved\]$'
run "$AX" flow mul --format dot
expect_rc 0
expect_out '^  "square \(src/util/math\.ts:9\)" -> "mul \(src/util/math\.ts:5\)" \[label="resolved"\];$'
run "$AX" flow mul --format mermaid
expect_rc 0
expect_out '-->\|resolved\|'

# References: never in comments or strings; labels.
run "$AX" refs square
expect_rc 0
expect_no_out '^src/main\.ts:(5|6):'  # the comment and the string of src/main.ts
expect_out '^src/main\.ts:12:[0-9]+ +resolved +call +in main, -> src/util/math\.ts:9$'
run "$AX" refs add --calls
expect_rc 0
expect_out '^src/main\.ts:12:[0-9]+ +ambiguous +call'  # main imports both files defining add
run "$AX" refs log
expect_rc 0
expect_out '^lib/log\.ts:2:[0-9]+ +ambiguous|textual'  # console.log is not lib/log's log
expect_no_out '^lib/log\.ts:2:[0-9]+ +resolved'
run "$AX" refs nothingCallsThis
expect_rc 1
expect_err '^no references to nothingCallsThis$'

# --limit N shows the first N by path and line, counts the rest on stderr; --all shows every one; the
# JSON says how many there are and whether it was cut.
run "$AX" refs log --all
expect_rc 0
every_log=$OUT
log_count=$(wc -l <<<"$every_log")
((log_count >= 3)) || fail "expected at least 3 references to log, got: $every_log"
[[ -z "$ERR" ]] || fail "--all should count nothing left out: $ERR"
run "$AX" refs log
[[ "$OUT" == "$every_log" ]] || fail "under the default limit, refs should show every reference: $OUT"
run "$AX" refs log --limit 2
expect_rc 0
# (columns are as wide as the rows shown need)
[[ "$(awk '{print $1, $2, $3}' <<<"$OUT")" == "$(head -2 <<<"$every_log" | awk '{print $1, $2, $3}')" ]] ||
  fail "--limit 2 should show the first two of --all: $OUT"
expect_err "^\\($((log_count - 2)) more; use --limit N or --all\\)$"
run "$AX" refs log --limit 1 --json
expect_rc 0
python3 -c '
import json, sys
result = json.loads(sys.argv[2])
assert result["total"] == int(sys.argv[1]) and result["truncated"] is True, result
assert len(result["references"]) == 1, result
' "$log_count" "$OUT" || fail "refs --limit 1 --json: $OUT"
run "$AX" refs log --json --all
python3 -c '
import json, sys
result = json.loads(sys.argv[2])
assert result["total"] == int(sys.argv[1]) == len(result["references"]) and result["truncated"] is False, result
' "$log_count" "$OUT" || fail "refs --json --all: $OUT"

# Zero false positives: every `resolved` reference is in the hand-written list, with its definition.
names=$(grep -v '^#' expected_refs.txt | cut -d'|' -f1 | tr -d ' ' | sort -u)
: >"$WORK/resolved.txt"
for name in $names length sqrt padStart toUpperCase String scaled; do
  "$AX" refs "$name" --json >"$WORK/refs.json"
  python3 - "$WORK/refs.json" >>"$WORK/resolved.txt" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
for r in data["references"]:
    if r["label"] == "resolved":
        d = r["definition"]
        print(f'{data["name"]} | {r["path"]}:{r["line"]} | {d["path"]}:{d["line"]}')
PY
done
grep -v '^#' expected_refs.txt | sort -u >"$WORK/expected.txt"
sort -u -o "$WORK/resolved.txt" "$WORK/resolved.txt"
false_positives=$(comm -13 "$WORK/expected.txt" "$WORK/resolved.txt")
[[ -z "$false_positives" ]] || fail "resolved references not in the hand-written list: $false_positives"
found=$(comm -12 "$WORK/expected.txt" "$WORK/resolved.txt" | wc -l)
total=$(wc -l <"$WORK/expected.txt")
echo "refs recall: $found of $total hand-listed references resolved, 0 false positives"
[[ $found -ge 20 ]] || fail "expected at least 20 resolved references, got $found"
TESTS_RUN=$((TESTS_RUN + 1))

# Incremental: a created file resolves edges that were unresolved; a deleted one unresolves them.
run "$AX" flow deps web/app.js --json
expect_out '"specifier":"\./missing-page".*"resolution":"unresolved"'
echo 'export const page = 1;' >web/missing-page.ts
run "$AX" index --quiet
expect_rc 0
run "$AX" flow deps web/app.js
expect_out '^ +1  web/missing-page\.ts +from web/app\.js \(dynamic line 2\)$'
rm web/missing-page.ts
run "$AX" index --quiet
run "$AX" flow deps web/app.js --json
expect_out '"specifier":"\./missing-page".*"resolution":"unresolved"'
# A changed tsconfig moves the mapped imports of files that did not change.
sed -i 's|"@lib/\*": \["lib/\*"\]|"@lib/*": ["nowhere/*"]|' tsconfig.json
run "$AX" index --quiet
run "$AX" flow dependents lib/log.ts
expect_no_out 'src/main\.ts'
expect_out 'src/geometry\.ts'  # a relative import, untouched

# Error paths: one line on stderr, usage errors exit 2, user errors 1.
run "$AX" flow
expect_rc 2
run "$AX" flow deps
expect_rc 2
expect_err '^ax: usage: ax flow deps FILE'
run "$AX" flow deps src/nope.ts
expect_rc 1
expect_err '^ax: src/nope\.ts is not an indexed file of the import graph'
run "$AX" flow deps src/main.ts --depth lots
expect_rc 2
expect_err "^ax: --depth takes a whole number, not 'lots'$"
run "$AX" flow deps src/main.ts --depth -1
expect_rc 2
run "$AX" flow deps src/main.ts --format svg
expect_rc 2
expect_err "^ax: unknown format 'svg'; use text, json, dot or mermaid$"
run "$AX" flow deps /etc/passwd
expect_rc 1
expect_err '^ax: /etc/passwd is outside the repository'
run "$AX" flow chain src/main.ts
expect_rc 2
run "$AX" flow cycles nowhere
expect_rc 1
expect_err '^ax: nowhere is not a folder of the repository$'
run "$AX" flow square --depth 0
expect_rc 2
run "$AX" flow noSuchFunction
expect_rc 1
expect_err '^no definition of or call to noSuchFunction$'
run "$AX" refs
expect_rc 2
run "$AX" refs x --calls --usages
expect_rc 2
expect_err '^ax: --calls and --usages exclude each other$'
run "$AX" refs log --limit 0
expect_rc 2
expect_err '^ax: --limit must be at least 1 \(--all shows every one\)$'
run "$AX" refs log --limit many
expect_rc 2
expect_err "^ax: --limit takes a whole number, not 'many'$"
run "$AX" refs log --limit 3 --all
expect_rc 2
expect_err '^ax: --limit and --all exclude each other$'
# Import kinds of TypeScript and JavaScript: static, type-only, re-export, require, dynamic.
KINDS="$WORK/kinds"
mkdir -p "$KINDS/src"
printf 'export type Shape = { sides: number };\n' >"$KINDS/src/shape.ts"
printf 'export const area = 1;\n' >"$KINDS/src/area.ts"
printf 'export const late = 2;\n' >"$KINDS/src/late.ts"
printf 'import { area } from "./area";\nimport type { Shape } from "./shape";\nexport { area as size } from "./area";\nexport type { Shape as Form } from "./shape";\nconst late = import("./late");\n' >"$KINDS/src/main.ts"
printf 'const main = require("./src/main");\n' >"$KINDS/app.js"
run bash -c "cd '$KINDS' && '$AX' index --quiet && '$AX' flow deps src/main.ts --json && '$AX' flow deps app.js"
expect_rc 0
expect_out '"to":"src/area\.ts","kind":"import","line":1,"resolution":"exact"'
expect_out '"to":"src/shape\.ts","kind":"type","line":2,"resolution":"exact"'
expect_out '"path":"src/late\.ts","depth":1,"via":\{"from":"src/main\.ts","to":"src/late\.ts","kind":"dynamic","line":5'
expect_out '^ +1  src/main\.ts +from app\.js \(require line 1\)$'
run bash -c "cd '$KINDS' && '$AX' flow graph --json"
expect_rc 0
expect_out '"from":"src/main\.ts","to":"src/area\.ts","kind":"export","line":3'
expect_out '"from":"src/main\.ts","to":"src/shape\.ts","kind":"type","line":4'

# Graph output is bounded like refs: 200 files, edges, cycles or imports unless --limit N or --all,
# the rest counted on stderr ("at least" when the walk stopped before it knew them all).
RING="$WORK/ring"
mkdir -p "$RING/src"
for ((i = 0; i < 250; i++)); do
  printf 'import { v%d } from "./f%d";\nexport const v%d = 1;\n' $(((i + 1) % 250)) $(((i + 1) % 250)) "$i" >"$RING/src/f$i.ts"
done
run bash -c "cd '$RING' && '$AX' index --quiet"
expect_rc 0
ring() { run bash -c "cd '$RING' && '$AX' $*"; }
ring flow deps src/f0.ts --depth 0
expect_rc 0
[[ $(wc -l <<<"$OUT") == 200 ]] || fail "deps should print 200 files by default: $(wc -l <<<"$OUT")"
expect_line 200 '^200  src/f200\.ts +from src/f199\.ts'
expect_err '^\(at least 1 more files; use --limit N or --all\)$'
ring flow deps src/f0.ts --depth 0 --all
expect_rc 0
[[ $(wc -l <<<"$OUT") == 249 && -z $ERR ]] || fail "deps --all should print all 249 files and nothing on stderr: $ERR"
ring flow dependents src/f0.ts --depth 0 --limit 10
expect_rc 0
[[ $(wc -l <<<"$OUT") == 10 ]] || fail "dependents --limit 10 should print 10 files"
expect_line 10 '^ 10  src/f240\.ts +into src/f241\.ts'
expect_err '^\(at least 1 more files; use --limit N or --all\)$'
# One level, read whole: the count is exact.
ring flow deps src/f0.ts --limit 1
expect_rc 0
[[ -z $ERR ]] || fail "deps --limit 1 of a file importing one: $ERR"
ring flow deps src/f0.ts --depth 0 --json
expect_rc 0
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["truncated"] is True and r["left_out"] >= 1 and r["left_out_exact"] is False and len(r["files"]) == 200, r
' "$OUT" || fail "deps --json: $OUT"
ring flow dependents src/f0.ts --depth 0 --json --all
expect_rc 0
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["truncated"] is False and r["left_out"] == 0 and len(r["files"]) == 249, r
' "$OUT" || fail "dependents --json --all: $OUT"
ring flow graph
expect_rc 0
[[ $(wc -l <<<"$OUT") == 200 ]] || fail "graph should print 200 edges by default"
expect_line 1 '^src/f0\.ts -> src/f1\.ts \(import line 1\)$'
expect_err '^250 edges$'
expect_err '^\(50 more edges; use --limit N or --all\)$'
ring flow graph --json --limit 3
expect_rc 0
expect_out '^\{"total":250,"truncated":true,"left_out":247,"left_out_exact":true,"edges":\[\{"from":"src/f0\.ts","to":"src/f1\.ts"'
ring flow graph --all --format dot
expect_rc 0
[[ $(grep -c -- ' -> ' <<<"$OUT") == 250 && -z $ERR ]] || fail "graph --all --format dot should draw 250 edges"
ring flow chain src/f0.ts src/f249.ts
expect_rc 0
[[ $(grep -c -- '^  -> ' <<<"$OUT") == 200 ]] || fail "chain should print 200 imports by default"
expect_err '^\(49 more imports; use --limit N or --all\)$'
ring flow chain src/f0.ts src/f249.ts --json --all
expect_rc 0
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["found"] and r["truncated"] is False and len(r["chain"]) == 249, r
' "$OUT" || fail "chain --json --all: $OUT"
ring flow cycles --limit 5
expect_rc 1
expect_line 1 '^1 import cycle$'
expect_out '^250 files; shortest cycle found \(250 imports\):$'
expect_out '^  \.\.\. \(245 more imports\)$'
expect_err '^\(shortest cycles shown in part; use --limit N or --all\)$'
ring flow cycles --json --limit 5
expect_rc 1
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
c = r["cycles"][0]
assert r["truncated"] is True and r["count"] == 1 and c["size"] == 250 and c["cycle_length"] == 250, r
assert c["truncated"] is True and len(c["members"]) == 5 and len(c["cycle"]) == 5, r
' "$OUT" || fail "cycles --json --limit 5: $OUT"
ring flow cycles --all --json
expect_rc 1
python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["truncated"] is False and len(r["cycles"][0]["members"]) == 250, r
' "$OUT" || fail "cycles --all --json: $OUT"
ring flow cycles --format dot --limit 7
expect_rc 1
[[ $(grep -c 'color=red' <<<"$OUT") == 7 ]] || fail "cycles --format dot --limit 7 should draw 7 edges"
expect_err '^\(243 more imports between members; use --limit N or --all\)$'
for verb in "deps src/f0.ts" "dependents src/f0.ts" "chain src/f0.ts src/f9.ts" "cycles" "graph"; do
  ring flow $verb --limit 0
  expect_rc 2
  expect_err '^ax: --limit must be at least 1 \(--all shows every one\)$'
  ring flow $verb --limit -4
  expect_rc 2
  expect_err "^ax: --limit takes a whole number, not '-4'$"
  ring flow $verb --limit lots
  expect_rc 2
  expect_err "^ax: --limit takes a whole number, not 'lots'$"
  ring flow $verb --limit 2 --all
  expect_rc 2
  expect_err '^ax: --limit and --all exclude each other$'
done

for command in "flow deps src/main.ts" "refs main"; do
  lines=$(cd / && "$AX" $command 2>&1 >/dev/null | wc -l)
  [[ $lines == 1 ]] || fail "ax $command outside a repository: $lines lines on stderr"
done

done_testing
