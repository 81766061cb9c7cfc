# Fault injection: ax db migrate, rollback, backup and restore killed with SIGKILL at every named
# crash point of the store code (AX_DB_CRASH_AT) and at timed moments across each run, on a real
# indexed repository. After each kill the store opens, `ax db status` tells the truth, the
# schema/file/symbol counts are those of the state before or after the operation, and running the
# operation again succeeds. Prints the tally.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
mkdir -p "$REPO"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo/." "$REPO/"
cp -r "$AX_SOURCE_DIR/kernel" "$REPO/kernel"
cd "$REPO"
"$AX" index >/dev/null 2>&1 || fail "index (small)"
"$AX" db backup --path "$WORK/small.mdb.gz" >/dev/null 2>&1 || fail "backup (small)"
cp -r "$AX_SOURCE_DIR/plugins/commands" "$REPO/commands"
"$AX" index >/dev/null 2>&1 || fail "index (full)"
LATEST=$(ls "$AX_SOURCE_DIR/migrations"/[0-9]*.yaml | wc -l)

# state: "schema files symbols" from ax db status --json; also checks that status tells the truth.
state() {
  local out rc
  out=$("$AX" db status --json 2>/dev/null)
  rc=$?
  [[ $rc == 0 || $rc == 1 ]] || fail "$1: ax db status exited $rc"
  python3 - "$out" "$LATEST" "$rc" <<'PY' || fail "$1: ax db status is not truthful: $out"
import json, sys
d = json.loads(sys.argv[1]); latest = int(sys.argv[2]); rc = int(sys.argv[3])
applied = [m["version"] for m in d["migrations"] if m["state"] == "applied"]
assert applied == list(range(1, d["schema_version"] + 1)), applied
assert (rc == 0) == (d["schema_version"] == latest and all(m["state"] == "applied" for m in d["migrations"]))
e = d["databases"]
print(d["schema_version"], e.get("files", 0), e.get("symbols", 0))
PY
}

snapshot() { rm -rf "$WORK/snap-$1" && cp -a .ax "$WORK/snap-$1"; }
reset_to() { rm -rf .ax && cp -a "$WORK/snap-$1" .ax; }

# The four operations, from their starting snapshots, with their before and after states.
snapshot full
FULL=$(state full)
"$AX" db rollback --yes >/dev/null 2>&1 || fail "rollback for the pending snapshot"
snapshot pending
PENDING=$(state pending)
reset_to full
"$AX" db restore "$WORK/small.mdb.gz" --yes >/dev/null 2>&1 || fail "restore small"
SMALL=$(state small)
reset_to full
[[ "$FULL" != "$SMALL" ]] || fail "the restore test needs two different states"

declare -A FROM=([migrate]=pending [rollback]=full [backup]=full [restore]=full)
declare -A BEFORE=([migrate]="$PENDING" [rollback]="$FULL" [backup]="$FULL" [restore]="$FULL")
declare -A AFTER=([migrate]="$FULL" [rollback]="$PENDING" [backup]="$FULL" [restore]="$SMALL")
declare -A COMMAND=([migrate]="db migrate" [rollback]="db rollback --yes" [backup]="db backup"
  [restore]="db restore $WORK/small.mdb.gz --yes")
BACKUP_POINTS="backup.streaming backup.before_manifest backup.after_manifest backup.before_prune"
declare -A POINTS=(
  [migrate]="$BACKUP_POINTS migrate.after_backup migrate.before_commit migrate.after_commit"
  [rollback]="$BACKUP_POINTS rollback.before_commit rollback.after_commit"
  [backup]="$BACKUP_POINTS"
  [restore]="restore.after_verify $BACKUP_POINTS restore.before_swap restore.after_swap")

KILLS=0
check_after() {  # op, what, rerun (yes|no)
  local now
  now=$(state "$1 $2")
  [[ "$now" == "${BEFORE[$1]}" || "$now" == "${AFTER[$1]}" ]] ||
    fail "$1 $2: state '$now' is neither before '${BEFORE[$1]}' nor after '${AFTER[$1]}'"
  # The store opens for ordinary commands once it is at the latest schema.
  if [[ ${now%% *} == "$LATEST" ]]; then
    "$AX" status >/dev/null 2>&1 || fail "$1 $2: ax status fails at the latest schema"
  fi
  # And the operation can simply be run again (rollback only from where it started).
  if [[ $3 == yes && ($1 != rollback || "$now" == "${BEFORE[$1]}") ]]; then
    # shellcheck disable=SC2086
    "$AX" ${COMMAND[$1]} >/dev/null 2>"$WORK/rerun.err" || fail "$1 $2: rerun failed: $(cat "$WORK/rerun.err")"
    [[ "$(state "$1 $2 rerun")" == "${AFTER[$1]}" ]] || fail "$1 $2: rerun did not reach the after state"
  fi
}

for op in migrate rollback backup restore; do
  for point in ${POINTS[$op]}; do
    reset_to "${FROM[$op]}"
    # shellcheck disable=SC2086
    AX_DB_CRASH_AT=$point "$AX" ${COMMAND[$op]} >/dev/null 2>&1
    rc=$?
    [[ $rc == 137 ]] || fail "$op: crash point $point was not reached (exit $rc)"
    KILLS=$((KILLS + 1))
    check_after "$op" "at $point" yes
  done
  # Timed kills spread over the run: measure it once, then kill at 2.5%, 5%, 10%, 15%, 25%, ... 85% of it.
  reset_to "${FROM[$op]}"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$AX" ${COMMAND[$op]} >/dev/null 2>&1 || fail "$op: timing run failed"
  duration_ns=$(($(date +%s%N) - start))
  for tenth in 0.25 0.5 1 1.5 2.5 3.5 4.5 5.5 6.5 7.5 8.5; do
    reset_to "${FROM[$op]}"
    delay=$(awk -v ns="$duration_ns" -v t="$tenth" 'BEGIN { printf "%.4f", ns * t / 10 / 1e9 }')
    # shellcheck disable=SC2086
    "$AX" ${COMMAND[$op]} >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    [[ $rc == 137 ]] && KILLS=$((KILLS + 1))
    check_after "$op" "killed after ${delay}s (exit $rc)" no
  done
done

echo "kill -9 tally: $KILLS processes killed across migrate, rollback, backup and restore; every state was before or after"
[[ $KILLS -ge 50 ]] || fail "only $KILLS kills landed; the test wants at least 50"
TESTS_RUN=$KILLS
done_testing
