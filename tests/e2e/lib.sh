# Shared helpers of the end-to-end tests: each test is a bash script run by CTest with $AX set to
# the ax binary. A failed expectation prints what was expected and what came, and exits 1.
set -uo pipefail

: "${AX:?AX must point at the ax binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ax-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Keep the user's own configuration and plugins out of the tests.
export XDG_CONFIG_HOME="$WORK/xdg-config" XDG_DATA_HOME="$WORK/xdg-data" XDG_CACHE_HOME="$WORK/xdg-cache"
# Telemetry state too; and no terminal on stdin, so no consent prompt can ever wait for an answer.
export XDG_STATE_HOME="$WORK/xdg-state"
exec </dev/null
unset AX_PLUGIN_PATH
TESTS_RUN=0

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run CMD...: runs it, capturing stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  OUT=$("$@" 2>"$WORK/.stderr")
  RC=$?
  ERR=$(cat "$WORK/.stderr")
}

expect_rc() {
  [[ "$RC" == "$1" ]] || fail "expected exit code $1, got $RC${2:+ ($2)}; stdout: $OUT; stderr: $ERR"
  TESTS_RUN=$((TESTS_RUN + 1))
}

expect_out() {
  grep -qE -- "$1" <<<"$OUT" || fail "stdout does not match /$1/:"$'\n'"$OUT"$'\n'"stderr: $ERR"
  TESTS_RUN=$((TESTS_RUN + 1))
}

expect_no_out() {
  if grep -qE -- "$1" <<<"$OUT"; then fail "stdout unexpectedly matches /$1/:"$'\n'"$OUT"; fi
  TESTS_RUN=$((TESTS_RUN + 1))
}

expect_err() {
  grep -qE -- "$1" <<<"$ERR" || fail "stderr does not match /$1/:"$'\n'"$ERR"
  TESTS_RUN=$((TESTS_RUN + 1))
}

# wait_for WHAT CMD...: CMD must succeed within 10 s (tried every 0.1 s): for effects of a background
# process (ax watch, ax serve), never a fixed sleep. On failure, the tail of $WORK/*.out and *.err.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 100); do
    "$@" >/dev/null 2>&1 && {
      TESTS_RUN=$((TESTS_RUN + 1))
      return 0
    }
    sleep 0.1
  done
  fail "not within 10 s: $what; said: $(tail -n 3 "$WORK"/*.out "$WORK"/*.err 2>/dev/null)"
}

# The first line of stdout matching a pattern must be the Nth result line.
expect_line() {
  local n=$1 pattern=$2
  sed -n "${n}p" <<<"$OUT" | grep -qE -- "$pattern" || fail "line $n of stdout does not match /$pattern/:"$'\n'"$OUT"
  TESTS_RUN=$((TESTS_RUN + 1))
}

# expect_error CODE PATTERN CMD...: runs CMD, which must fail as every command's error paths do:
# exactly one "ax: " line on stderr matching PATTERN, nothing on stdout, exit code CODE (1 user
# error, 2 usage error, 70 internal error) and never a signal.
expect_error() {
  local code=$1 pattern=$2
  shift 2
  run "$@"
  ((RC < 128)) || fail "'$*' died of signal $((RC - 128)); stderr: $ERR"
  [[ "$RC" == "$code" ]] || fail "'$*': expected exit code $code, got $RC; stdout: $OUT; stderr: $ERR"
  [[ -z "$OUT" ]] || fail "'$*': wrote to stdout: $OUT"
  [[ -n "$ERR" && $(wc -l <<<"$ERR") == 1 && "$ERR" == "ax: "* ]] ||
    fail "'$*': stderr is not exactly one 'ax: ' line: $ERR"
  grep -qE -- "$pattern" <<<"$ERR" || fail "'$*': stderr does not match /$pattern/: $ERR"
  TESTS_RUN=$((TESTS_RUN + 1))
}

done_testing() {
  echo "$TESTS_RUN passed, 0 failed"
}
