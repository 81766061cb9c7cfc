# `ax index FILE`: one file brought up to date without walking the tree (changed, created, deleted,
# ignored), from the root and from a subdirectory; the index it leaves answers as a cold index of
# the same tree does; and its errors (nothing there, a file outside any indexed repository, inside .ax/).
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
echo '*.gen.py' >.gitignore
run "$AX" index
expect_rc 0

# A changed file: parsed again, alone.
printf '\n\ndef retry_forever(action):\n    return retry_with_backoff(action, attempts=10**9)\n' >>src/util/retry.py
run "$AX" index src/util/retry.py
expect_rc 0 "index one changed file"
expect_out ': 1 parsed, 0 unchanged, 0 removed'
run "$AX" def retry_forever
expect_rc 0
expect_out 'src/util/retry.py'
# Nothing is left for a whole-tree run to do.
run "$AX" index
expect_out ': 0 parsed, [0-9]+ unchanged, 0 removed'

# An unchanged file: nothing parsed; a path relative to the working directory.
(cd src/util && "$AX" index retry.py >"$WORK/unchanged.out" 2>&1) || fail "index from a subdirectory: $(cat "$WORK/unchanged.out")"
grep -q ': 0 parsed, 1 unchanged, 0 removed' "$WORK/unchanged.out" || fail "unchanged file: $(cat "$WORK/unchanged.out")"

# A new file importing another: indexed, with its import edge.
printf 'from .retry import retry_forever\n\n\ndef keep_trying(action):\n    return retry_forever(action)\n' >src/util/patient.py
(cd src/util && "$AX" index ./patient.py >"$WORK/created.out" 2>&1) || fail "index a new file: $(cat "$WORK/created.out")"
grep -q ': 1 parsed, 0 unchanged, 0 removed' "$WORK/created.out" || fail "new file: $(cat "$WORK/created.out")"
run "$AX" def keep_trying
expect_out 'src/util/patient.py'
run "$AX" flow deps src/util/patient.py
expect_rc 0
expect_out 'src/util/retry.py'

# An ignored file is not indexed.
printf 'def generated_thing():\n    pass\n' >src/util/thing.gen.py
run "$AX" index src/util/thing.gen.py
expect_rc 0 "an ignored file"
expect_out ': 0 parsed, 0 unchanged, 0 removed'
run "$AX" def generated_thing
expect_no_out 'thing.gen.py'

# The index now answers as a cold index of the same tree does.
cp -r "$REPO" "$WORK/cold"
rm -rf "$WORK/cold/.ax"
(cd "$WORK/cold" && "$AX" index --quiet) || fail "cold index of the copy"
for query in "def retry_forever" "def keep_trying" "def retry_with_backoff" "find retry" "flow graph" "flow deps src/util/patient.py"; do
  # shellcheck disable=SC2086
  incremental=$(cd "$REPO" && "$AX" $query 2>&1)
  # shellcheck disable=SC2086
  cold=$(cd "$WORK/cold" && "$AX" $query 2>&1)
  [[ "$incremental" == "$cold" ]] || fail "ax $query: after ax index FILE:"$'\n'"$incremental"$'\n'"cold:"$'\n'"$cold"
  TESTS_RUN=$((TESTS_RUN + 1))
done

# A deleted file is dropped, and so is the edge into it.
rm src/util/patient.py
run "$AX" index src/util/patient.py
expect_rc 0 "a deleted file"
expect_out ': 0 parsed, 0 unchanged, 1 removed'
run "$AX" def keep_trying
expect_no_out 'patient.py'

# A deleted directory: every file the index holds below it is dropped.
mkdir -p src/extra && printf 'def extra_one():\n    pass\n' >src/extra/one.py && printf 'def extra_two():\n    pass\n' >src/extra/two.py
run "$AX" index
expect_out ': 2 parsed'
rm -r src/extra
run "$AX" index src/extra
expect_rc 0 "a deleted directory"
expect_out ': 0 parsed, 0 unchanged, 2 removed'
run "$AX" def extra_one
expect_no_out 'extra'

# Errors: one line, exit 1, nothing written.
expect_error 1 'never-there.py is not a directory, nor a file the index holds' "$AX" index src/never-there.py
expect_error 1 'patient.py is not a directory, nor a file the index holds' "$AX" index src/util/patient.py
mkdir -p "$WORK/elsewhere"
echo 'x = 1' >"$WORK/elsewhere/loose.py"
expect_error 1 'no/such/dir/file.py is not a directory' "$AX" index "$WORK/no/such/dir/file.py"
expect_error 1 'gone.py is not a directory' "$AX" index "$WORK/elsewhere/gone.py"
expect_error 1 'is not inside an indexed repository' "$AX" index "$WORK/elsewhere/loose.py"
[[ ! -e "$WORK/elsewhere/.ax" ]] || fail "an index was created outside the repository"
expect_error 1 'is not a file of the repository' "$AX" index .ax/store/data.mdb
done_testing
