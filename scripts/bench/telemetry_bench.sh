#!/usr/bin/env bash
# Telemetry costs, as figures (never a timed test):
#  1. whole-process overhead of recording in local mode against off, on `ax status` in an indexed
#     fixture repository (hyperfine, medians; target < 1 ms);
#  2. latency of `ax telemetry stats|errors|performance` over 1,000,000 generated events spread over
#     30 days up to now (aggregates + today's raw events; target < 100 ms), and over 1,000,000
#     events in closed days only (aggregates alone; target < 50 ms).
#   scripts/bench/telemetry_bench.sh [runs]      (build/ax and build/bench-telemetry-fill must exist)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-30}
AX=${AX:-$PWD/build/ax}
FILL=${FILL:-$PWD/build/bench-telemetry-fill}
command -v hyperfine >/dev/null || { echo "telemetry_bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[[ -x "$AX" && -x "$FILL" ]] || { echo "telemetry_bench: build first (cmake --build build)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ax-telemetry-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" XDG_CACHE_HOME="$WORK/cache"
unset DO_NOT_TRACK AX_TELEMETRY_DISABLED AX_TELEMETRY_DEBUG

# Mean CPU time (user + system) per run of each command: less disturbed by a busy machine.
cpu_ms() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.2f' % ((x['user']+x['system'])*1000) for x in r))" "$1"; }
median_ms() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.2f' % (x['median']*1000) for x in r))" "$1"; }

# 1. Overhead per command.
cp -r tests/fixtures/mixed-repo "$WORK/repo"
export XDG_STATE_HOME="$WORK/state-overhead"
AX_TELEMETRY=off "$AX" -C "$WORK/repo" index --quiet
AX_TELEMETRY=local "$AX" -C "$WORK/repo" status >/dev/null  # creates the store
# Two commands: `status` (opens the repository's stores) and `config get` (the lightest a plugin
# runs). Each pair is measured interleaved three times so that load on the machine hits both alike.
for command in "status" "config get log.level"; do
  for round in 1 2 3; do
    hyperfine -N --warmup 5 --runs "$RUNS" --export-json "$WORK/overhead.json" \
      -n off "env AX_TELEMETRY=off $AX -C $WORK/repo $command" \
      -n local "env AX_TELEMETRY=local $AX -C $WORK/repo $command" >/dev/null
    read -r off local < <(median_ms "$WORK/overhead.json")
    read -r off_cpu local_cpu < <(cpu_ms "$WORK/overhead.json")
    python3 -c "import sys; off, local, oc, lc = map(float, sys.argv[2:]); print(f'ax {sys.argv[1]}: wall median off {off:.2f} ms, local {local:.2f} ms ({local-off:+.2f} ms); CPU mean off {oc:.2f} ms, local {lc:.2f} ms ({lc-oc:+.2f} ms) (target < 1 ms)')" "$command" "$off" "$local" "$off_cpu" "$local_cpu"
  done
done

# The hook's own time inside the process (AX_TELEMETRY_DEBUG reports it), free of start-up noise.
for i in $(seq "$RUNS"); do
  AX_TELEMETRY=local AX_TELEMETRY_DEBUG=1 "$AX" -C "$WORK/repo" status 2>&1 >/dev/null |
    sed -n 's/.*recorded .* events in \([0-9.e-]*\) ms (\([0-9.e-]*\) ms of CPU)$/\1 \2/p'
done | python3 -c "
import statistics, sys
rows = [tuple(map(float, line.split())) for line in sys.stdin]
print('telemetry hook inside ax status (open store, append, roll-up check): median %.3f ms wall, %.3f ms CPU over %d runs'
      % (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows), len(rows)))"

# 2. Report latency over 1M events.
export XDG_STATE_HOME="$WORK/state-empty"
"$FILL" "$XDG_STATE_HOME/ax/telemetry/store" 1 1 >/dev/null
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/empty.json" -n stats "env AX_TELEMETRY=local $AX telemetry stats" >/dev/null
echo "baseline, a store of 1 event: stats $(median_ms "$WORK/empty.json") ms (process start and plugin loading)"
for layout in now closed; do
  export XDG_STATE_HOME="$WORK/state-$layout"
  if [[ $layout == now ]]; then
    "$FILL" "$XDG_STATE_HOME/ax/telemetry/store" 1000000 30 >/dev/null
    what="1M events over the last 30 days (aggregates + today's raw events)"
  else
    "$FILL" "$XDG_STATE_HOME/ax/telemetry/store" 1000000 30 closed >/dev/null
    what="1M events over the 30 closed days before today (aggregates only)"
  fi
  started=$(date +%s%N)
  AX_TELEMETRY=local "$AX" telemetry stats >/dev/null  # the first run of the day rolls the closed days up
  echo "$what: first run (rolls up 30 days): $((($(date +%s%N) - started) / 1000000)) ms"
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/reports.json" \
    -n stats "env AX_TELEMETRY=local $AX telemetry stats" \
    -n errors "env AX_TELEMETRY=local $AX telemetry errors" \
    -n performance "env AX_TELEMETRY=local $AX telemetry performance" >/dev/null
  read -r stats errors performance < <(median_ms "$WORK/reports.json")
  echo "  medians: stats $stats ms, errors $errors ms, performance $performance ms"
done
