#!/usr/bin/env bash
# ax watch: files created, modified, saved atomically, renamed and deleted, directories created and
# moved in, become visible to `ax find`/`ax def` from another process within a bounded wait (never
# a fixed sleep as the assertion); ignored paths stay out; other writers get the lock between
# batches; Ctrl-C prints the session summary (exit 130); storms and the watch limit fall back to
# scans; error paths.
source "$(dirname "$0")/lib.sh"

defines() { "$AX" def "$1" 2>/dev/null | grep -q "^$2:"; }  # ax def NAME lists it in FILE
undefined() { ! "$AX" def "$1" 2>/dev/null | grep -qw "$1"; }  # not even among fuzzy matches
said() { grep -qE -- "$2" "$WORK/$1"; }

REPO=$WORK/repo
mkdir -p "$REPO/src"
cd "$REPO" || exit 1
git init -q .
printf 'build/\n' >.gitignore
printf 'def original_name():\n    return 1\n' >src/app.py
"$AX" index . --quiet || fail "ax index"

"$AX" watch --debounce 100 >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCH=$!
wait_for "the watch is ready" said watch.out '^Watching .* \(2 directories; debounce 100 ms\)'

# created
printf 'def brand_new_function():\n    pass\n' >src/new_module.py
wait_for "a new file is searchable" defines brand_new_function src/new_module.py
# The line is printed after the commit a query sees, so it is waited for too.
wait_for "a + line" said watch.out '^\+ src/new_module.py \(1 symbol, [0-9.]+ ms\)$'

# modified in place
printf 'def renamed_function():\n    return 2\n' >src/app.py
wait_for "a modified file's new symbol" defines renamed_function src/app.py
wait_for "its old symbol is gone" undefined original_name
wait_for "a ~ line" said watch.out '^~ src/app.py \(1 symbol'

# an editor's atomic save: a temporary file renamed over the original is one change of the file
printf 'def saved_atomically():\n    pass\n' >src/.app.py.swp && mv src/.app.py.swp src/app.py
wait_for "an atomically saved file" defines saved_atomically src/app.py
grep -q 'swp' "$WORK/watch.out" && fail "the temporary file was reported: $(cat "$WORK/watch.out")"

# renamed: the old path is removed, the new one created
mv src/new_module.py src/moved.py
wait_for "a renamed file under its new path" defines brand_new_function src/moved.py
wait_for "a - line for the old name" said watch.out '^- src/new_module.py$'

# a new directory, and a directory moved in from outside the tree
mkdir -p pkg/sub && printf 'def deep_function():\n    pass\n' >pkg/sub/deep.py
wait_for "a file in a new directory" defines deep_function pkg/sub/deep.py
mkdir -p "$WORK/outside/lib" && printf 'def moved_in_function():\n    pass\n' >"$WORK/outside/lib/mod.py"
mv "$WORK/outside/lib" lib
wait_for "a directory moved into the tree" defines moved_in_function lib/mod.py
printf 'def later_function():\n    pass\n' >lib/later.py  # the moved-in directory is watched
wait_for "a file created in the moved-in directory" defines later_function lib/later.py

# deleted, file and directory
rm src/moved.py
wait_for "a deleted file's symbols are gone" undefined brand_new_function
rm -rf pkg
wait_for "a deleted directory's symbols are gone" undefined deep_function

# ignored paths stay out; a sentinel written after them shows the batch was applied
mkdir -p build && printf 'def ignored_function():\n    pass\n' >build/gen.py
printf 'def sentinel_function():\n    pass\n' >src/sentinel.py
wait_for "the sentinel after an ignored file" defines sentinel_function src/sentinel.py
undefined ignored_function || fail "a file in an ignored directory was indexed"
grep -q 'build/' "$WORK/watch.out" && fail "an ignored path was reported: $(cat "$WORK/watch.out")"

# the writer lock is held only while a batch is applied: another writer gets it meanwhile
run "$AX" index --no-wait --quiet
expect_rc 0 "ax index --no-wait beside a quiet ax watch"

wait_for "the idle summary" said watch.out '^Idle: the index is current \(generation [0-9]+\); [0-9]+ changes'

# Ctrl-C: the session summary, exit 130, nothing on stderr
kill -INT "$WATCH"
wait "$WATCH"
RC=$?
OUT=$(cat "$WORK/watch.out")
ERR=$(cat "$WORK/watch.err")
expect_rc 130 "ax watch stopped by Ctrl-C"
expect_out '^Watched for [0-9.]+ s: [0-9]+ changes \([0-9]+ created, [0-9]+ modified, [0-9]+ removed\) in [0-9]+ batches'
[[ -z "$ERR" ]] || fail "ax watch wrote to stderr: $ERR"

# a storm (more paths than watch.max_batch in one batch) is one scan of the whole tree; --json
AX_WATCH_MAX_BATCH=5 "$AX" watch --json --debounce 300 >"$WORK/watch2.out" 2>"$WORK/watch2.err" &
WATCH=$!
wait_for "the JSON watch is ready" said watch2.out '^\{"event":"ready",'
for i in $(seq 1 20); do printf 'def storm_function_%d():\n    pass\n' "$i" >"src/storm$i.py"; done
wait_for "every file of a storm" defines storm_function_20 src/storm20.py
defines storm_function_1 src/storm1.py || fail "the storm's first file is missing"
wait_for "the storm as one scan" said watch2.out '"event":"batch","full_scan":true'
printf 'def json_function():\n    pass\n' >src/json.py
wait_for "a change as JSON" said watch2.out '^\{"event":"change","kind":"created","path":"src/json.py","language":"python","symbols":1,'
kill -INT "$WATCH"
wait "$WATCH"
RC=$?
expect_rc 130 "ax watch --json stopped by Ctrl-C"
python3 -c '
import json, sys
events = [json.loads(line)["event"] for line in open(sys.argv[1])]
assert events[0] == "ready" and events[-1] == "summary", events
' "$WORK/watch2.out" || fail "ax watch --json is not one JSON object per line: $(cat "$WORK/watch2.out")"
TESTS_RUN=$((TESTS_RUN + 1))

# past the watch limit: one line naming the limit, and the rest of the tree scanned every poll interval
AX_WATCH_MAX_DIRECTORIES=1 AX_WATCH_POLL_INTERVAL_MS=200 "$AX" watch --debounce 50 >"$WORK/watch3.out" \
  2>"$WORK/watch3.err" &
WATCH=$!
wait_for "the polling watch is ready" said watch3.out '^Watching'
printf 'def polled_function():\n    pass\n' >src/polled.py  # src/ is not watched: only a scan finds it
wait_for "a file only a scan finds" defines polled_function src/polled.py
kill -INT "$WATCH"
wait "$WATCH"
[[ $(grep -c 'watch.max_directories (1) reached' "$WORK/watch3.err") == 1 ]] ||
  fail "expected one line naming watch.max_directories: $(cat "$WORK/watch3.err")"
TESTS_RUN=$((TESTS_RUN + 1))

# the watched root removed: one line, exit 1
mkdir -p "$WORK/doomed" && printf 'x = 1\n' >"$WORK/doomed/a.py"
"$AX" index "$WORK/doomed" --quiet
"$AX" watch "$WORK/doomed" >"$WORK/watch4.out" 2>"$WORK/watch4.err" &
WATCH=$!
wait_for "the doomed watch is ready" said watch4.out '^Watching'
rm -rf "$WORK/doomed"
wait "$WATCH"
RC=$?
ERR=$(cat "$WORK/watch4.err")
expect_rc 1 "the watched root removed"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line on stderr: $ERR"
expect_err '^ax: the watched directory .*doomed was removed or moved$'

# kill -9 between batches: nothing is lost or needs a rebuild (each batch committed the store, then
# the search shards it changed and shard 0 last), and what changed while no watch ran is picked up
# by the next start's scan.
"$AX" watch --debounce 50 >"$WORK/watch5.out" 2>"$WORK/watch5.err" &
WATCH=$!
wait_for "the watch to be killed is ready" said watch5.out '^Watching'
for i in 1 2 3; do
  printf 'def before_kill_%d():\n    pass\n' "$i" >"src/killed$i.py"
  wait_for "a file written before kill -9" defines "before_kill_$i" "src/killed$i.py"
done
kill -9 "$WATCH"
wait "$WATCH" 2>/dev/null
printf 'def while_dead():\n    pass\n' >src/killed2.py
"$AX" watch --debounce 50 >"$WORK/watch6.out" 2>"$WORK/watch6.err" &
WATCH=$!
wait_for "the restarted watch is ready" said watch6.out '^Watching'
defines while_dead src/killed2.py || fail "a change made while no watch ran was not picked up by the next start"
undefined before_kill_2 || fail "the replaced symbol is still indexed"
defines before_kill_3 src/killed3.py || fail "a batch committed before kill -9 was lost"
TESTS_RUN=$((TESTS_RUN + 1))
kill -INT "$WATCH"
wait "$WATCH"
grep -qi "rebuil" "$WORK/watch6.err" "$WORK/watch6.out" && fail "the search index was rebuilt after kill -9: $(cat "$WORK/watch6.err")"
run "$AX" index --json
expect_rc 0
expect_out '"parsed":0'
[[ "$ERR" != *rebuil* ]] || fail "ax index rebuilt the search index after the watch's commits: $ERR"

# Deferred flushing: ax watch's commits reach the disk once the tree is quiet, and on exit, which
# leaves no .ax/unsynced marker. A marker of another boot (the machine restarted before the commits
# were flushed) makes the next open rebuild the search index from the store; one of this boot (a
# process crash: the page cache kept every commit) changes nothing.
[[ -e .ax/unsynced ]] && fail "ax watch left .ax/unsynced behind on exit"
TESTS_RUN=$((TESTS_RUN + 1))
printf 'this-boot\n' >.ax/unsynced
AX_TEST_BOOT_ID=this-boot run "$AX" find before_kill_3
expect_rc 0
[[ "$ERR" != *rebuil* && -e .ax/unsynced ]] || fail "a marker of this boot was acted on: $ERR"
AX_TEST_BOOT_ID=next-boot run "$AX" find before_kill_3
expect_rc 0
expect_err 'the machine restarted before the last commits reached the disk; rebuilt it from the store'
expect_out 'killed3.py'
[[ -e .ax/unsynced ]] && fail "the marker stayed after the recovery"
TESTS_RUN=$((TESTS_RUN + 1))
# A watch killed with its commits unflushed: nothing is lost, even across a (faked) restart.
AX_TEST_BOOT_ID=boot-one "$AX" watch --debounce 50 >"$WORK/watch7.out" 2>"$WORK/watch7.err" &
WATCH=$!
wait_for "the watch of boot-one is ready" said watch7.out '^Watching'
printf 'def unflushed_function():\n    pass\n' >src/unflushed.py
wait_for "a file written before the unflushed kill -9" defines unflushed_function src/unflushed.py
kill -9 "$WATCH"
wait "$WATCH" 2>/dev/null
AX_TEST_BOOT_ID=boot-two run "$AX" find unflushed_function
expect_rc 0
expect_out 'src/unflushed.py'
[[ -e .ax/unsynced ]] && fail "the marker stayed after the next open"
TESTS_RUN=$((TESTS_RUN + 1))

# error paths
mkdir -p "$WORK/not-indexed"
expect_error 1 "no index in .*not-indexed; run 'ax index' there first" "$AX" watch "$WORK/not-indexed"
expect_error 1 "is not a directory" "$AX" watch "$WORK/missing"
expect_error 2 "--debounce takes a whole number, not 'soon'" "$AX" watch --debounce soon
expect_error 2 "--debounce takes a whole number, not '-5'" "$AX" watch --debounce -5
expect_error 2 "--debounce takes at most 3600000 ms" "$AX" watch --debounce 99999999
expect_error 2 "at most one PATH" "$AX" watch a b
expect_error 2 "unknown flag --debunce; did you mean --debounce" "$AX" watch --debunce 5

done_testing
