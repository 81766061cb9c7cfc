#!/usr/bin/env bash
# Hostile inputs stay bounded: unclosed brackets in every language (quadratic in tree-sitter's error
# recovery and in its query cursor) cost each file a budget relative to its size, are reported as
# "parse budget exceeded", and Ctrl-C stops a run in the middle of such a file.
# scripts/pathological-inputs.sh measures the same and more (time and memory per file) at full size.
source "$(dirname "$0")/lib.sh"

repo="$WORK/repo"
mkdir -p "$repo" && cd "$repo" || exit 1
size=150000
for ext in c cpp dart ex go java js json py rs scala toml ts yaml; do
  python3 -c "import sys; sys.stdout.write('x = ' + '(' * $size)" >"unclosed.$ext"
done
printf 'def still_indexed():\n    return 1\n' >normal.py

start=$(date +%s)
run timeout 120 "$AX" index --json
elapsed=$(($(date +%s) - start))
expect_rc 0 "index of unclosed brackets"
# Before the budget the Python file alone took ~35 s and all of them several minutes.
((elapsed <= 60)) || fail "indexing 14 files of unclosed brackets took $elapsed s"
# The tags query's cursor is quadratic in the depth of the tree: languages that still run it (here
# TypeScript) exceed the budget; those that walk the tree instead (Python, C, C++, ...) do not.
expect_out 'parser failed on unclosed\.ts: parse budget exceeded: 147 KiB took more than [0-9.]+ s of CPU'
expect_out '"syntax_error_files":\[[^]]*"unclosed\.py"'
expect_out '"failed":[1-9]'
run "$AX" def still_indexed
expect_out '^normal\.py:1 +function +still_indexed'

# Ctrl-C in the middle of a pathological file takes effect at once, and nothing of it is stored.
rm -rf .ax
for i in 1 2 3 4 5 6; do cp unclosed.ts "unclosed_$i.ts"; done
"$AX" index --threads 1 >"$WORK/int.out" 2>&1 &
pid=$!
sleep 1.5
sent=$(date +%s%N)
kill -INT "$pid"
wait "$pid"
rc=$?
waited_ms=$((($(date +%s%N) - sent) / 1000000))
[[ $rc == 130 ]] || fail "interrupted index exited $rc, not 130: $(cat "$WORK/int.out")"
((waited_ms <= 3000)) || fail "index stopped $waited_ms ms after Ctrl-C"
TESTS_RUN=$((TESTS_RUN + 2))

done_testing
