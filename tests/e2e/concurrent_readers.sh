# Readers beside a writer: `ax find`, `ax def` and `ax status` run while `ax index` rewrites the
# index, and every one of them answers (exit 0) — none waits for or fails on the writer's lock.
source "$(dirname "$0")/lib.sh"

REPO="$WORK/repo"
mkdir -p "$REPO/pkg"
cd "$REPO"
# generate_files VERSION: enough small Python files for an index run to take a few seconds.
generate_files() {
  local i
  for i in $(seq 1 1500); do
    printf 'def handler_%d(request):\n    """Serves request %d (v%s)."""\n    return spawn_worker(request, %d)\n\n\nclass Worker%d:\n    def run(self):\n        return %d\n' \
      "$i" "$i" "$1" "$i" "$i" "$i" >"pkg/module_$i.py"
  done
}
generate_files 1
run "$AX" index --quiet
expect_rc 0

generate_files 2  # every file changed: the next run re-parses and rewrites them all, batch by batch
"$AX" index --quiet >"$WORK/index.out" 2>"$WORK/index.err" &
index_pid=$!

readers=0
failures=()
while kill -0 "$index_pid" 2>/dev/null; do
  pids=()
  for command in "find spawn worker" "def handler_17" "status" "find Worker99"; do
    # shellcheck disable=SC2086
    "$AX" $command >"$WORK/reader-$readers.out" 2>"$WORK/reader-$readers.err" &
    pids+=("$!:$readers:$command")
    readers=$((readers + 1))
  done
  for entry in "${pids[@]}"; do
    IFS=: read -r pid number command <<<"$entry"
    wait "$pid"
    rc=$?
    [[ $rc == 0 ]] || failures+=("ax $command exited $rc: $(cat "$WORK/reader-$number.err")")
  done
done
wait "$index_pid"
index_rc=$?

[[ $index_rc == 0 ]] || fail "ax index exited $index_rc: $(cat "$WORK/index.err")"
((readers >= 8)) || fail "only $readers readers ran while indexing; the index run was too short to test anything"
((${#failures[@]} == 0)) || fail "${#failures[@]} of $readers readers failed while ax index ran:"$'\n'"$(printf '%s\n' "${failures[@]}")"
TESTS_RUN=$((TESTS_RUN + 1))
if grep -h 'locked' "$WORK"/reader-*.err; then fail "a reader reported the writer's lock"; fi
TESTS_RUN=$((TESTS_RUN + 1))

# Once the writer is done, readers see its last commit, quietly.
run "$AX" def handler_17
expect_rc 0
expect_out '^pkg/module_17\.py:1 +function +handler_17'
[[ -z "$ERR" ]] || fail "a reader after the index run should be quiet: $ERR"
run "$AX" status
expect_rc 0
expect_out 'Search index generation [0-9]+ \(current\)'
echo "$readers readers ran beside ax index"

done_testing
