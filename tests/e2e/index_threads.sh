# `ax index --threads N` caps the threads doing index work: with 1, one thread parses, writes and
# commits (no parser threads, no search index writer threads), and the index answers exactly as one
# built with the default threads, cold and after changes.
source "$(dirname "$0")/lib.sh"

# A tree of several languages, large enough for several store batches (index.batch_size below).
make_tree() {
  cp -r "$(dirname "$0")/../fixtures/polyglot-repo" "$1"
  cp -r "$(dirname "$0")/../fixtures/mixed-repo" "$1/mixed"
  local i
  mkdir -p "$1/gen"
  for i in $(seq 1 60); do
    printf 'package gen\n\n// Widget%d renders the widget number %d.\nfunc Widget%d() int { return %d }\n' \
      "$i" "$i" "$i" "$i" >"$1/gen/w$i.go"
    printf 'def helper_%d(value):\n    """Doubles the value for case %d."""\n    return value * 2\n' "$i" "$i" \
      >"$1/gen/h$i.py"
  done
}
make_tree "$WORK/one"
make_tree "$WORK/default"

# index DIR ARGS...: indexes DIR with small batches, checks the run's --json, leaves it in $OUT.
index() {
  local dir=$1
  shift
  run "$AX" -C "$dir" -c index.batch_size=16 index --json "$@"
  expect_rc 0 "ax index $*"
}
# The number a --json field holds (python3 reads the summary).
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d" + sys.argv[1]))' "$1" <<<"$OUT"; }

index "$WORK/one" --threads 1
[[ "$(json_field '["cpu"]["one_thread"]')" == True ]] || fail "--threads 1 is not reported as one thread: $OUT"
[[ "$(json_field '["peak_threads"]')" == 1 ]] || fail "--threads 1 ran more than one thread: $OUT"
[[ "$(json_field '["parsed"]')" -gt 120 ]] || fail "--threads 1 parsed too little: $OUT"
TESTS_RUN=$((TESTS_RUN + 3))

# Two threads do start helpers: the count above is a real one.
index "$WORK/default" --threads 2
[[ "$(json_field '["cpu"]["one_thread"]')" == False ]] || fail "--threads 2 reported as one thread: $OUT"
[[ "$(json_field '["peak_threads"]')" -ge 2 ]] || fail "--threads 2 shows fewer than 2 threads: $OUT"
TESTS_RUN=$((TESTS_RUN + 2))

# What a status may differ by between any two runs: when it ran, and the store's size on disk (the
# order the parser threads hand files over moves the pages; two default runs differ alike).
comparable() { sed -E -e "s|$1|TREE|g" -e '/^Indexed /d' -e 's/^(Store +)[0-9.]+ [KMG]?i?B/\1SIZE/' <<<"$OUT"; }
# same_answers: every query answers alike in both trees (their paths aside).
same_answers() {
  local query one
  for query in "find widget" "find doubles value" "find --limit 50 helper" "def Widget7" "def helper_12" \
    "find lang:python value" "symbols gen/w3.go" "status"; do
    # shellcheck disable=SC2086 # the query's words are separate arguments
    run "$AX" -C "$WORK/one" $query
    [[ "$1" != cold ]] || expect_rc 0 "ax $query in the one-thread tree"
    one="$RC $(comparable "$WORK/one")"
    # shellcheck disable=SC2086
    run "$AX" -C "$WORK/default" $query
    [[ "$one" == "$RC $(comparable "$WORK/default")" ]] ||
      fail "ax $query differs ($1):"$'\n'"$one"$'\n'"--- default threads:"$'\n'"$OUT"
    TESTS_RUN=$((TESTS_RUN + 1))
  done
}
same_answers "cold"

# Changes: one file edited, one removed, one added; the one-thread tree through the configuration key.
for dir in "$WORK/one" "$WORK/default"; do
  printf 'package gen\n\n// Widget7 renders the seventh gadget.\nfunc Widget7() int { return 77 }\n' >"$dir/gen/w7.go"
  rm "$dir/gen/h12.py"
  printf 'def helper_99(value):\n    """Triples the value."""\n    return value * 3\n' >"$dir/gen/h99.py"
done
run "$AX" -C "$WORK/one" -c index.threads=1 index --json
expect_rc 0
[[ "$(json_field '["peak_threads"]')" == 1 && "$(json_field '["parsed"]')" == 2 ]] ||
  fail "index.threads=1 re-index: $OUT"
TESTS_RUN=$((TESTS_RUN + 1))
index "$WORK/default"
same_answers "after changes"

# A search index removed (or damaged) is rebuilt from the store by the next ax index, on its one
# thread with --threads 1: no thread is started, for the rebuild either (counted by strace, where
# the machine has it).
rm -rf "$WORK/one/.ax/search"
if command -v strace >/dev/null; then
  # (LeakSanitizer's exit check starts a tracer thread of its own, and cannot trace under strace.)
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    run strace -f -qq -e trace=clone,clone3 -o "$WORK/clones" "$AX" -C "$WORK/one" index --threads 1
  expect_rc 0 "ax index --threads 1 under strace"
  expect_err "rebuilt it from the store"
  [[ ! -s "$WORK/clones" ]] || fail "the rebuild of --threads 1 started threads: $(cat "$WORK/clones")"
  TESTS_RUN=$((TESTS_RUN + 1))
else
  run "$AX" -C "$WORK/one" index --threads 1
  expect_rc 0
fi
same_answers "after the search index was rebuilt"

done_testing
