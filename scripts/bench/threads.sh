#!/usr/bin/env bash
# Cold `ax index` throughput on 1 thread against N threads (default 2), on one copy of a tree, the
# runs alternating (1, N, 1, N, ...; and build by build when several are given) so that a busy
# machine weighs on all alike:
#   scripts/bench/threads.sh TREE|go|linux|mixed [runs] [N] [-- LABEL=AX_BINARY ...]
# Prints per run wall, CPU (user+sys) and the phase split of --json; then, per build, the median
# throughput and CPU of each thread count and the ratio N threads / 1 thread (issue 8's target:
# >= 1.7x for 2 threads on the Go tree). Without builds, AX selects the binary (default build/ax).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
usage="usage: threads.sh TREE|go|linux|mixed [runs] [N] [-- LABEL=AX_BINARY ...]"
[[ $# -ge 1 ]] || { echo "$usage" >&2; exit 2; }
source_tree=$1; shift
runs=1; many=2
[[ $# -gt 0 && "$1" != -- ]] && { runs=$1; shift; }
[[ $# -gt 0 && "$1" != -- ]] && { many=$1; shift; }
builds=()
if [[ $# -gt 0 ]]; then
  [[ "$1" == -- ]] || { echo "$usage" >&2; exit 2; }
  shift; builds=("$@")
fi
[[ ${#builds[@]} -gt 0 ]] || builds=("ax=${AX:-$repo/build/ax}")
for build in "${builds[@]}"; do
  [[ "$build" == *=* && -x "${build#*=}" ]] || { echo "threads.sh: $build is not LABEL=EXECUTABLE" >&2; exit 2; }
done
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "threads.sh: $source_tree is not a directory" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_tree" "$work/tree"
rm -rf "$work/tree/.ax"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A rates cpus
for run in $(seq "$runs"); do
  for build in "${builds[@]}"; do
    label=${build%%=*}; ax=${build#*=}
    for threads in 1 "$many"; do
      rm -rf "$work/tree/.ax"
      /usr/bin/time -f "%e %U %S" -o "$work/time" "$ax" index --json --threads "$threads" "$work/tree" \
        >"$work/summary.json" 2>"$work/stderr" || { echo "threads.sh: $label: ax index failed:" >&2; tail -3 "$work/stderr" >&2; exit 1; }
      read -r wall user sys <"$work/time"
      line=$(python3 - "$work/summary.json" "$wall" "$user" "$sys" "$threads" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); wall, user, sys_, threads = map(float, sys.argv[2:6])
p, c = s["phases"], s.get("cpu", {})
rate = s["parsed"] / wall if wall > 0 else 0
print("%.3f %.2f %d threads: wall %.1f s, CPU %.1f s, %.0f files/s; parse+extract %.1f, search documents %.1f "
      "(thread-s); store %.1f, search write %.1f, commit %.1f (writer s); CPU parsers %.1f, writer %.1f, other %.1f; "
      "at most %s threads" % (
      rate, user + sys_, threads, wall, user + sys_, rate, p["parse"], p.get("prepare", 0), p["store_write"],
      p["search_write"], p["commit"], c.get("parsers", 0), c.get("writer", 0), c.get("other", 0),
      s.get("peak_threads", "?")))
PY
)
      rate=${line%% *}; line=${line#* }
      rates[$label,$threads]+="$rate "
      cpus[$label,$threads]+="${line%% *} "
      echo "run $run, $label: ${line#* }"
    done
  done
done
for build in "${builds[@]}"; do
  label=${build%%=*}
  one=$(printf '%s\n' ${rates[$label,1]} | median)
  n=$(printf '%s\n' ${rates[$label,$many]} | median)
  cpu_one=$(printf '%s\n' ${cpus[$label,1]} | median)
  cpu_n=$(printf '%s\n' ${cpus[$label,$many]} | median)
  awk -v label="$label" -v one="$one" -v n="$n" -v k="$many" -v runs="$runs" -v c1="$cpu_one" -v cn="$cpu_n" \
    'BEGIN {printf "%s, median of %d: 1 thread %.1f files/s (CPU %.1f s), %d threads %.1f files/s (CPU %.1f s): %.2fx\n",
            label, runs, one, c1, k, n, cn, (one > 0 ? n / one : 0)}'
done
