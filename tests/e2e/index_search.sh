# Index a mixed-language repository and query it: find with filters, def with its fallbacks,
# status, incremental re-index, and the files the walk must skip.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"

# Queries before any index say how to make one.
run "$AX" find client
expect_rc 1
expect_err "^ax: no index found in $REPO or above; run 'ax index' at the repository root first$"

# Files the walk must skip or tolerate.
mkdir -p build && echo "def ignored_by_gitignore(): pass" >build/out.py
echo "def also_ignored(): pass" >src/schema.generated.py
echo "def excluded_by_axignore(): pass" >tools/scratch.py && echo "tools/scratch.py" >.axignore
printf 'PNG\0\0\0binary\0data' >web/logo.png
printf 'def broken_utf8():\n    return "caf\xe9 \xff\xfe"\n' >src/latin1.py
printf 'def before_error():\n    pass\n\ndef broken(:\n    return\n\nclass AfterError:\n    pass\n' >src/syntax_error.py
yes 'x = 1' | head -400000 >src/huge_table.py
: >src/empty.py

run "$AX" index --threads 2
expect_rc 0
expect_out "^Indexed $REPO: 12 parsed, 0 unchanged, 0 removed; [0-9]+ symbols in"
expect_out '^Skipped: 3 of no supported language, 1 binary, 1 over index.max_file_size$'
expect_out '^1 files have syntax errors'
[[ -d .ax/store && -d .ax/search ]] || fail ".ax/ was not created"

run "$AX" index --json
expect_rc 0
expect_out '"parsed":0,"unchanged":[0-9]+,"touched":0,"removed":0'

# find: words, exact names first, filters.
run "$AX" find send request
expect_rc 0
expect_line 1 '^src/net/http_client\.py:15 +method +HttpClient\.send_request +def send_request\(self, method, path\)$'

run "$AX" find HttpClient
expect_line 1 '^src/net/http_client\.py:8 +class +HttpClient'

run "$AX" find retry lang:python kind:function
expect_line 1 '^src/util/retry\.py:6 +function +retry_with_backoff'
expect_no_out 'kind|chunk|text'

run "$AX" find price -lang:typescript
expect_out '^web/format\.js:6 +function +formatPrice'
expect_no_out 'cart\.ts'

run "$AX" find price file:web/cart.ts
expect_out '^web/cart\.ts:[0-9]+ +method +ShoppingCart\.totalPrice'
expect_no_out 'format\.js'

run "$AX" find '"doubling the delay"'
expect_rc 0
expect_line 1 '^src/util/retry\.py:6 +function +retry_with_backoff'

run "$AX" find ignored_by_gitignore also_ignored excluded_by_axignore
expect_rc 1
expect_err '^no results for'

run "$AX" find before_error AfterError
expect_out 'src/syntax_error\.py:1 +function +before_error'
expect_out 'src/syntax_error\.py:7 +class +AfterError'

run "$AX" find broken_utf8 --json
expect_rc 0
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[0]["name"]=="broken_utf8", d' <<<"$OUT" || fail "find --json is not valid JSON: $OUT"

run "$AX" find transpose --limit 1
expect_rc 0
[[ $(wc -l <<<"$OUT") == 1 ]] || fail "--limit 1 printed more than one line: $OUT"

# def: exact, case-insensitive, prefix, fuzzy, qualified.
run "$AX" def ShoppingCart
expect_rc 0
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart +class ShoppingCart$'
run "$AX" def shoppingcart
expect_out '^web/cart\.ts:13 +class +ShoppingCart'
expect_err 'showing case-insensitive matches'
run "$AX" def retry_with
expect_out '^src/util/retry\.py:6 +function +retry_with_backoff'
expect_err 'showing prefix matches'
run "$AX" def retry_wiht_backof
expect_out '^src/util/retry\.py:6 +function +retry_with_backoff'
expect_err 'showing fuzzy matches'
run "$AX" def HttpClient.send_request --json
expect_out '"path":"src/net/http_client\.py","line":15,'
run "$AX" def Matrix --lang cpp
expect_out '^native/matrix\.hpp:[0-9]+ +class +geometry::Matrix'
run "$AX" def NoSuchSymbolAnywhereAtAll
expect_rc 1
expect_err '^no definition of NoSuchSymbolAnywhereAtAll$'

# status
run "$AX" status
expect_rc 0
expect_out "^Repository +$REPO$"
expect_out '^python +5 +'
expect_out '^typescript +1 +'
expect_out '^Store .*schema [0-9]+, generation [0-9]+$'
run "$AX" status --json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["languages"]["python"]["files"]==5, d' <<<"$OUT" || fail "status --json: $OUT"

# Incremental: nothing changed, one file changed, one deleted, one added. Runs from a subdirectory.
cd src/net
run "$AX" index
expect_out "^Indexed $REPO: 0 parsed, [0-9]+ unchanged, 0 removed"
cd "$REPO"
sleep 0.01
printf '\ndef parse_header_line(line):\n    return line.split(":", 1)\n' >>src/net/http_client.py
rm native/checksum.c
printf 'def fresh_function():\n    pass\n' >src/fresh.py
touch web/format.js  # touched, not changed: read and hashed, not parsed
run "$AX" index --json
expect_out '"parsed":2,"unchanged":[0-9]+,"touched":1,"removed":1'
run "$AX" index --json  # the touched file's new mtime was recorded: nothing is read now
expect_out '"parsed":0,"unchanged":[0-9]+,"touched":0,"removed":0'
run "$AX" def parse_header_line
expect_out '^src/net/http_client\.py:28 +function +parse_header_line'
run "$AX" def checksum_update
expect_rc 1
run "$AX" find checksum_update
expect_rc 1

# Ctrl-C (SIGINT) during a run: exit 130, an index that opens and answers and that `ax status`
# calls incomplete; the next run completes it, to the counts of a clean index. Deterministic: the
# run is stopped (SIGSTOP) once it has begun committing (the incomplete marker is written just
# before the first commit), interrupted, then resumed.
for i in $(seq 1 400); do printf 'def generated_%d():\n    return %d\n' "$i" "$i" >"src/gen_$i.py"; done
"$AX" -c index.batch_size=20 index --threads 1 >"$WORK/interrupted.out" 2>&1 &
pid=$!
for _ in $(seq 1 2000); do [[ -e .ax/index.incomplete ]] && break; sleep 0.01; done
kill -STOP "$pid"
[[ -e .ax/index.incomplete ]] || fail "the index run never marked the index incomplete before committing"
kill -INT "$pid"
kill -CONT "$pid"
wait "$pid"
rc=$?
[[ $rc == 130 ]] || fail "interrupted index exited $rc, not 130: $(cat "$WORK/interrupted.out")"
grep -q '^Interrupted: ' "$WORK/interrupted.out" || fail "no 'Interrupted:' summary: $(cat "$WORK/interrupted.out")"
run "$AX" status
expect_rc 0
expect_out '^Incomplete +the last ax index did not finish .*run ax index$'
run "$AX" status --json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["incomplete"] is True, d' <<<"$OUT" || fail "status --json: $OUT"
run "$AX" def generated_1
expect_rc 0
run "$AX" index
expect_rc 0
run "$AX" status
expect_no_out 'Incomplete'
run "$AX" status --json
after_interrupt=$(python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["incomplete"] is False, d; print(d["files"], d["symbols"], d["unindexed_files"])' <<<"$OUT")
# The same tree indexed in one clean run gives the same counts.
mkdir "$WORK/clean" && cp -r . "$WORK/clean/repo" && rm -rf "$WORK/clean/repo/.ax"
run "$AX" -C "$WORK/clean/repo" index
expect_rc 0
run "$AX" -C "$WORK/clean/repo" status --json
clean=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["files"], d["symbols"], d["unindexed_files"])' <<<"$OUT")
[[ "$after_interrupt" == "$clean" ]] || fail "after an interrupted run and a re-run: $after_interrupt (files symbols unindexed); clean index: $clean"
run "$AX" def generated_400
expect_out '^src/gen_400\.py:1 +function +generated_400'

# Files parsed with syntax errors are named in --json and, with -v, on stderr.
printf 'def late(:\n    pass\n' >src/late_error.py
run "$AX" -v index --json
expect_out '"syntax_error_files":\["src/late_error\.py"\]'
expect_err 'info: syntax errors in src/late_error\.py'

done_testing
