#!/usr/bin/env bash
# Feature flag figures (never a timed test):
#  0. the rollout accuracy table over 100,000 units (within 1 point at 1-99%, monotonic, uniform
#     buckets): bench-flags-accuracy;
#  1. in-process evaluation per flag (target < 1 µs): bench-flags-evaluate;
#  2. `ax find` with no flag file against one defining bm25-ranking (off), hyperfine medians: the
#     cost of the flag lookup on a command (target: unchanged when no flag is defined);
#  3. the same with bm25-ranking enabled at 0% and telemetry on over a store holding EVENTS events
#     (default 10,000) of the last day (bench-telemetry-fill): the automatic rollback's window scan
#     on every find that evaluates an enabled flag.
#   scripts/bench/flags_bench.sh [runs]      (build/ax, build/bench-flags-accuracy,
#                                             build/bench-flags-evaluate and
#                                             build/bench-telemetry-fill must exist)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-30}
EVENTS=${EVENTS:-10000}
AX=${AX:-$PWD/build/ax}
BENCH=${BENCH:-$PWD/build/bench-flags-evaluate}
FILL=${FILL:-$PWD/build/bench-telemetry-fill}
ACCURACY=${ACCURACY:-$PWD/build/bench-flags-accuracy}
[[ -x "$AX" && -x "$BENCH" && -x "$FILL" && -x "$ACCURACY" ]] || { echo "flags_bench: build first (cmake --build build)" >&2; exit 1; }
echo "== rollout accuracy"
nice "$ACCURACY"
echo "== evaluation per flag"
nice "$BENCH"

command -v hyperfine >/dev/null || { echo "flags_bench: part 2 needs hyperfine (apt-get install hyperfine)" >&2; exit 0; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ax-flags-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_CACHE_HOME="$WORK/cache" XDG_STATE_HOME="$WORK/state"
unset DO_NOT_TRACK AX_TELEMETRY_DISABLED AX_TELEMETRY_DEBUG AX_TELEMETRY
cp -r tests/fixtures/mixed-repo "$WORK/none"
(cd "$WORK/none" && "$AX" index --quiet)
cp -r "$WORK/none" "$WORK/defined"
printf 'flags:\n  bm25-ranking:\n    enabled: false\n' >"$WORK/defined/.ax/flags.yaml"
cp -r "$WORK/none" "$WORK/guarded"
printf 'flags:\n  bm25-ranking:\n    enabled: true\n    rollout: 0\n' >"$WORK/guarded/.ax/flags.yaml"
echo "== ax find request: no flag file, then bm25-ranking defined (off)"
hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/find.json" \
  "$AX -C $WORK/none find request" "$AX -C $WORK/defined find request" >/dev/null 2>&1
echo "== ax find request, telemetry local over $EVENTS events of the last day: no flag file, then"
echo "   bm25-ranking enabled (the rollback check scans the day)"
"$FILL" "$XDG_STATE_HOME/ax/telemetry/store" "$EVENTS" 1 >/dev/null
[[ -f "$XDG_STATE_HOME/ax/telemetry/store/data.mdb" ]] || { echo "flags_bench: the telemetry store is not where ax reads it" >&2; exit 1; }
AX_TELEMETRY=local hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/guarded.json" \
  "$AX -C $WORK/none find request" "$AX -C $WORK/guarded find request" >/dev/null 2>&1
# Medians of wall time, and mean CPU time (user + system; less disturbed by a busy machine).
python3 - "$WORK/find.json" "$WORK/guarded.json" <<'PY'
import json, sys
def figures(path):
    return [(r["median"] * 1000, (r["user"] + r["system"]) * 1000) for r in json.load(open(path))["results"]]
labels = (("no flag file", "flag defined (off)"),
          ("telemetry on, no flag file", "telemetry on, flag enabled (0%)"))
for path, (first, second) in zip(sys.argv[1:], labels):
    (wall0, cpu0), (wall1, cpu1) = figures(path)
    print(f"{first:34} {wall0:6.2f} ms median, {cpu0:6.2f} ms CPU")
    print(f"{second:34} {wall1:6.2f} ms median, {cpu1:6.2f} ms CPU ({wall1 - wall0:+.2f} ms, {cpu1 - cpu0:+.2f} ms CPU)")
PY
