# The index pipeline under adverse conditions: concurrent runs (writer lock, waiting, --no-wait,
# Ctrl-C while waiting), unreadable directories and files, symlinks back to the root, file names
# with control bytes or invalid UTF-8, and a tree whose every file is ignored.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
for i in $(seq 1 300); do printf 'def generated_%d():\n    return %d\n' "$i" "$i" >"src/gen_$i.py"; done
run "$AX" index
expect_rc 0

# waits_for FILE PATTERN: polls (up to 20 s) until FILE matches PATTERN.
waits_for() {
  for _ in $(seq 1 400); do
    grep -qE -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  fail "$1 never matched /$2/: $(cat "$1" 2>/dev/null)"
}

# --- The writer lock. A holder that is not ax (flock(1) on the same file) makes it deterministic.
# hold_lock SECONDS MARKER: holds the lock in a background process ($holder) that records pid 4242.
hold_lock() {
  (
    exec 9<>.ax/index.lock
    flock 9
    echo 4242 >.ax/index.lock
    echo held >"$2"
    exec sleep "$1"
  ) &
  holder=$!
}
hold_lock 1.5 "$WORK/held"
waits_for "$WORK/held" held
run "$AX" index --no-wait
expect_rc 1 "--no-wait while another run holds the lock"
expect_err '^ax: another ax index \(pid 4242\) is indexing .*--no-wait'
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "--no-wait: more than one line: $ERR"
run timeout -k 5 40 "$AX" index
expect_rc 0 "a run waits for the lock, then runs"
expect_err '^ax: waiting for another ax index \(pid 4242\) to finish'
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "waiting: more than one line: $ERR"
expect_out '^Indexed '
wait "$holder"

# Ctrl-C while waiting: stops at once with 130 and one line; nothing written.
hold_lock 30 "$WORK/held2"
waits_for "$WORK/held2" held
"$AX" index >"$WORK/waiter.out" 2>"$WORK/waiter.err" &
waiter=$!
waits_for "$WORK/waiter.err" 'waiting for another ax index'
kill -INT "$waiter"
wait "$waiter"
RC=$? OUT=$(cat "$WORK/waiter.out") ERR=$(cat "$WORK/waiter.err")
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
expect_rc 130 "Ctrl-C while waiting for the lock"
expect_err '^ax: interrupted while waiting for another ax index'
[[ $(wc -l <<<"$ERR") == 2 ]] || fail "Ctrl-C while waiting: expected the waiting line and one more: $ERR"

# Two real runs at once (issue 7's repro): the second waits for the first; both finish; the index
# is consistent after. The first commits five files at a time, so it is still running at 0.2 s.
for i in $(seq 1 300); do printf 'def changed_%d():\n    return %d\n' "$i" "$i" >"src/gen_$i.py"; done
timeout -k 5 40 "$AX" -c index.batch_size=5 index --quiet >"$WORK/first.out" 2>"$WORK/first.err" &
first=$!
sleep 0.2
run timeout -k 5 40 "$AX" index
expect_rc 0 "second concurrent run (124 or 137: deadlock)"
wait "$first"
first_rc=$?
[[ $first_rc == 0 ]] || fail "first concurrent run exited $first_rc (124 or 137: deadlock): $(cat "$WORK/first.err")"
run "$AX" index --json
expect_out '"parsed":0,"unchanged":[0-9]+,"touched":0,"removed":0'
run "$AX" def changed_300
expect_out '^src/gen_300\.py:1 +function +changed_300'
run "$AX" status
expect_no_out 'Incomplete'

# kill -9 after the first commit: `ax status` says the index is incomplete until a run completes.
for i in $(seq 1 300); do printf 'def killed_%d():\n    return %d\n' "$i" "$i" >"src/gen_$i.py"; done
"$AX" -c index.batch_size=5 index --threads 1 >/dev/null 2>&1 &
pid=$!
waits_for_file() {
  for _ in $(seq 1 2000); do [[ -e "$1" ]] && return 0; sleep 0.01; done
  fail "$1 never appeared"
}
waits_for_file .ax/index.incomplete
kill -KILL "$pid"
wait "$pid" 2>/dev/null
run "$AX" status
expect_rc 0
expect_out '^Incomplete +the last ax index did not finish'
run "$AX" index
expect_rc 0
run "$AX" status
expect_no_out 'Incomplete'
run "$AX" def killed_300
expect_out '^src/gen_300\.py:1 +function +killed_300'

# --- follow_symlinks: a link back to the root (or to a directory walked anyway) adds nothing.
run "$AX" index --json
files_before=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["files_seen"])' <<<"$OUT")
ln -s "$REPO" src/loop
ln -s ../src web/src-again
run "$AX" -c index.follow_symlinks=true index --json
expect_rc 0
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["files_seen"]=='"$files_before"' and d["parsed"]==0 and d["removed"]==0, d' <<<"$OUT" ||
  fail "follow_symlinks walked a directory twice (files_seen was $files_before): $OUT"
run "$AX" def retry_with_backoff
[[ $(wc -l <<<"$OUT") == 1 ]] || fail "a symbol indexed more than once through a symlink: $OUT"
rm src/loop web/src-again

# --- File names: a newline is quoted in text output, invalid UTF-8 escaped reversibly in JSON.
printf 'def newline_name_func():\n    pass\n' >"src/new"$'\n'"line.py"
printf 'def latin1_name_func():\n    pass\n' >"src/caf"$'\xe9'".py"
run "$AX" index
expect_rc 0
run "$AX" def newline_name_func
expect_rc 0
expect_out '^"src/new\\nline\.py":1 +function +newline_name_func'
[[ $(wc -l <<<"$OUT") == 1 ]] || fail "a file name with a newline broke the output line: $OUT"
run "$AX" find newline_name_func
expect_line 1 '^"src/new\\nline\.py":1 +function +newline_name_func'
run "$AX" def latin1_name_func
expect_out '^"src/caf\\xe9\.py":1 +function +latin1_name_func'
run "$AX" def latin1_name_func --json
expect_rc 0
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d[0]["path"].encode("utf-8", "surrogateescape") == b"src/caf\xe9.py", d' <<<"$OUT" ||
  fail "a non-UTF-8 file name is not escaped reversibly in --json: $OUT"
run "$AX" detect "src/new"$'\n'"line.py"
expect_out '^"src/new\\nline\.py"	python$'
rm "src/new"$'\n'"line.py" "src/caf"$'\xe9'".py"
run "$AX" index
expect_rc 0

# --- Every file ignored (a packaging .gitignore ending with /*): one line naming the rule.
IGNORED="$WORK/ignored"
mkdir -p "$IGNORED/src" && cd "$IGNORED"
printf 'def f():\n    pass\n' >src/a.py
printf 'int main() { return 0; }\n' >main.c
printf '# keep the packaging out\n/*\n' >.gitignore
run "$AX" index .
expect_rc 0
expect_err "^ax: warning: nothing to index: every file is ignored, by \.gitignore:2 '/\*'$"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "every file ignored: expected one line: $ERR"
run "$AX" index . --json
expect_out '"ignored_by":\[\{"file":".gitignore","line":2,"pattern":"/\*","entries":3\}\]'
cd "$REPO"

# --- A directory that becomes unreadable keeps its indexed files, like an unreadable file, with a
# warning and a count. Root reads everything, so ax runs as nobody on a copy it owns.
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
  PUB=$(mktemp -d /tmp/ax-e2e-nobody.XXXXXX)
  trap 'rm -rf "$WORK" "$PUB"' EXIT
  cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$PUB/repo"
  chown -R 65534:65534 "$PUB"
  as_nobody() { # bounded: a hang fails the test with 124
    timeout -k 5 40 setpriv --reuid=65534 --regid=65534 --clear-groups \
      env HOME="$PUB" XDG_CONFIG_HOME="$PUB/xdg-config" XDG_DATA_HOME="$PUB/xdg-data" XDG_CACHE_HOME="$PUB/xdg-cache" \
      "$AX" -C "$PUB/repo" "$@"
  }
  run as_nobody index
  expect_rc 0
  expect_out ' 0 removed'
  touch "$PUB/repo/web/format.js" # changed, so read again: and it cannot be
  chmod 000 "$PUB/repo/src/util" "$PUB/repo/web/format.js"
  run as_nobody index
  expect_rc 0 "unreadable directory and file"
  expect_out ': 0 parsed, [0-9]+ unchanged, 0 removed;'
  expect_out '^Skipped: 2 unreadable$'
  expect_out '^Kept 1 indexed files of directories that could not be read$'
  expect_err '^ax: warning: cannot read directory src/util: Permission denied$'
  expect_err '^ax: warning: cannot read web/format\.js: cannot open$'
  run as_nobody index --json
  expect_out '"unreadable":2,"failed":0,"kept_unreadable":1'
  run as_nobody def retry_with_backoff
  expect_rc 0 "a symbol of the unreadable directory is still indexed"
  expect_out '^src/util/retry\.py:6 +function +retry_with_backoff'
  run as_nobody def formatPrice
  expect_out '^web/format\.js:6 +function +formatPrice'
  chmod 755 "$PUB/repo/src/util" && chmod 644 "$PUB/repo/web/format.js"

  # An error in the writer (the search index cannot be written) while the parser threads fill
  # their queue: one line and exit 1, not a deadlock; nothing is committed.
  for i in $(seq 1 300); do printf 'def writer_error_%d():\n    return %d\n' "$i" "$i" >"$PUB/repo/src/w_$i.py"; done
  chown -R 65534:65534 "$PUB/repo/src"
  chmod -R a-w "$PUB/repo/.ax/search"
  run as_nobody index --threads 2
  expect_rc 1 "an error of the search index writer (124 or 137: deadlock)"
  expect_err '^ax: search index at .* is locked by another writer .*Permission denied'
  [[ $(wc -l <<<"$ERR") == 1 ]] || fail "writer error: more than one line: $ERR"
  chmod -R u+w "$PUB/repo/.ax/search"
  run as_nobody status
  expect_no_out 'Incomplete'
  run as_nobody index
  expect_rc 0
  expect_out ': 300 parsed, '
else
  echo "skipped the unreadable-directory checks: they need root and setpriv to run ax as nobody" >&2
fi

done_testing
