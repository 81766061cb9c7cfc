# Fault injection on the store: `ax index` is killed with SIGKILL at random points (small batches,
# so kills land between and inside many commits), with files deleted, renamed, copied, truncated,
# grown and touched between runs. After every round of kills the next `ax index` must succeed, and
# its counts (`ax status --json`), `ax find` and `ax def` answers must equal a clean index of the
# same tree.
#   Bounded to about AX_FAULT_SECONDS (default 50) of rounds; set it higher for a long local run:
#   AX_FAULT_SECONDS=900 ctest --test-dir build -R e2e-store_fault_injection --output-on-failure
#   AX_FAULT_SEED picks the random sequence (printed, to replay a failure).
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

budget=${AX_FAULT_SECONDS:-50}
seed=${AX_FAULT_SEED:-$(date +%s)}
RANDOM=$seed
echo "fault injection: seed $seed, about ${budget}s"
# Many commits per run, so that kills land at and between batch boundaries.
export AX_INDEX_BATCH_SIZE=3

REPO="$WORK/repo"
mkdir -p "$REPO"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$AX_SOURCE_DIR/tests/fixtures/polyglot-repo" "$REPO/"
for project in py-inventory go-shortener ripgrep-lite geom-engine node-api scala-etl; do
  cp -r "$AX_SOURCE_DIR/tests/detection/corpus/$project" "$REPO/"
done
cd "$REPO" || exit 1

files_of() { (cd "$1" && find . -path ./.ax -prune -o -type f -print | sed 's|^\./||' | LC_ALL=C sort); }
# pick N: sets PICK to a random number in [0, N) (no subshell, so the seeded sequence advances).
pick() { PICK=$((RANDOM % $1)); }

# One random change of the tree: the kinds of edit a working copy sees between two index runs.
mutations=0
mutate() {
  local files count file dir
  mapfile -t files < <(files_of "$REPO")
  count=${#files[@]}
  ((count > 0)) || return 0
  pick "$count"
  file=${files[$PICK]}
  mutations=$((mutations + 1))
  pick 7
  case $PICK in
    0) rm -f "$REPO/$file" ;;
    1) # rename into another folder, keeping the extension
      pick "$count"
      dir=$(dirname "${files[$PICK]}")
      mv "$REPO/$file" "$REPO/$dir/renamed_${mutations}_$(basename "$file")" ;;
    2) cp "$REPO/$file" "$REPO/$(dirname "$file")/copy_${mutations}_$(basename "$file")" ;;
    3) # cut to its first half: definitions disappear, one may be left open
      local lines
      lines=$(wc -l <"$REPO/$file")
      head -n $((lines / 2)) "$REPO/$file" >"$WORK/cut" && cat "$WORK/cut" >"$REPO/$file" ;;
    4) # doubled: every definition twice (bounded, so the tree stays small)
      if (($(stat -c %s "$REPO/$file") < 16384)); then
        cat "$REPO/$file" "$REPO/$file" >"$WORK/double" && cat "$WORK/double" >"$REPO/$file"
      fi ;;
    5) touch "$REPO/$file" ;;
    6) # a whole small folder goes
      dir=$(dirname "$file")
      if [[ "$dir" != . && $(find "$REPO/$dir" -type f | wc -l) -le 6 ]]; then rm -rf "${REPO:?}/$dir"; else rm -f "$REPO/$file"; fi ;;
  esac
}

# The answers that must not depend on how the index got there, with the root path left out and
# results as sorted sets (BM25 order among equal scores may differ between stores).
QUERY_WORDS=(cart main config user order shape parse request test store)
DEF_NAMES=(ShoppingCart main Config User Order Shape parse Request handler Store)
answers() {
  local dir=$1 word name
  (
    cd "$dir" || exit 1
    "$AX" status --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
print(json.dumps({k: s[k] for k in ("files", "symbols", "unindexed_files", "imports", "references", "languages")}, sort_keys=True))'
    for word in "${QUERY_WORDS[@]}"; do
      echo "find $word"
      "$AX" find "$word" --json --limit 100000 2>&1 | python3 -c '
import json, sys
text = sys.stdin.read()
try:
    hits = json.loads(text)
except ValueError:
    print(text.strip()); sys.exit()
for h in sorted((h["path"], h["line"], h.get("kind", ""), h.get("name", "")) for h in hits): print(h)'
    done
    for name in "${DEF_NAMES[@]}"; do
      echo "def $name"
      "$AX" def "$name" --json --limit 100000 2>&1 | python3 -c '
import json, sys
text = sys.stdin.read()
try:
    hits = json.loads(text)
except ValueError:
    print(text.strip()); sys.exit()
for h in sorted(json.dumps(h, sort_keys=True) for h in hits): print(h)'
    done
  ) | sed "s|$dir|ROOT|g"
}

# The reference: the same tree indexed from scratch, without interruption.
clean_answers() {
  rm -rf "$WORK/clean"
  mkdir -p "$WORK/clean"
  cp -a "$REPO/." "$WORK/clean/"
  rm -rf "$WORK/clean/.ax"
  (cd "$WORK/clean" && "$AX" index --quiet >/dev/null 2>"$WORK/clean-index.err") ||
    fail "clean index failed: $(cat "$WORK/clean-index.err")"
  answers "$WORK/clean"
}

# Time of one full run, to spread the kill points over a whole run.
started=$(date +%s%N)
run "$AX" index --quiet
expect_rc 0
full_ms=$((($(date +%s%N) - started) / 1000000))
((full_ms > 50)) || full_ms=50
echo "fault injection: a full index run takes ${full_ms} ms"

rounds=0 kills=0 kills_mid_run=0 runs=1 mismatches=0 fresh_starts=0
# Incremental runs only reparse what changed, so their kill points spread over the last such run.
incremental_ms=$full_ms
deadline=$(($(date +%s) + budget))
while (($(date +%s) < deadline || rounds < 3)); do
  rounds=$((rounds + 1))
  pick 4
  if ((PICK == 0)); then
    # Now and then the very first run is interrupted: the store is being created and migrated.
    rm -rf .ax
    fresh_starts=$((fresh_starts + 1))
    window_ms=$full_ms
  else
    window_ms=$((incremental_ms * 2))
  fi
  pick 3
  kills_this_round=$((1 + PICK))
  for ((k = 0; k < kills_this_round; k++)); do
    pick 12
    for ((m = 0; m < 3 + PICK; m++)); do mutate; done
    pick "$window_ms"
    delay_ms=$PICK
    "$AX" index --quiet >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    killed_rc=$?
    # 137: our SIGKILL ended it; 0: the run had finished before the kill; anything else failed.
    case $killed_rc in
      137) kills_mid_run=$((kills_mid_run + 1)) ;;
      0) ;;
      *) fail "round $rounds (seed $seed): an ax index run exited $killed_rc before it was killed" ;;
    esac
    kills=$((kills + 1))
    runs=$((runs + 1))
    window_ms=$((incremental_ms * 2))
  done
  mutate
  started=$(date +%s%N)
  run "$AX" index --quiet
  incremental_ms=$((($(date +%s%N) - started) / 1000000))
  ((incremental_ms > 50)) || incremental_ms=50
  runs=$((runs + 1))
  [[ "$RC" == 0 ]] || fail "round $rounds (seed $seed): ax index after a kill exited $RC: $ERR"
  answers "$REPO" >"$WORK/after-kills.txt"
  clean_answers >"$WORK/clean.txt"
  if ! diff -u "$WORK/clean.txt" "$WORK/after-kills.txt" >"$WORK/diff.txt"; then
    mismatches=$((mismatches + 1))
    echo "round $rounds (seed $seed): answers differ from a clean index:" >&2
    head -40 "$WORK/diff.txt" >&2
  fi
done

echo "fault injection: $rounds rounds ($fresh_starts from no index), $kills kills ($kills_mid_run while ax index ran, the others after it finished), $runs index runs, $mutations changes, $mismatches mismatches"
((mismatches == 0)) || fail "$mismatches of $rounds rounds differ from a clean index (seed $seed)"
TESTS_RUN=$((TESTS_RUN + rounds))
done_testing
