#!/usr/bin/env bash
# Cold `ax index` throughput on 1 thread against N threads (default 2), on one copy of a tree, the
# runs alternating (1, N, 1, N, ...) so that a busy machine weighs on both alike:
#   scripts/bench/threads.sh TREE|go|linux|mixed [runs] [N]
# Prints per run wall, CPU (user+sys) and the phase split of --json; then the median throughput of
# each and the ratio N threads / 1 thread (issue 8's target: >= 1.7x for 2 threads on the Go tree).
# AX selects the binary (default build/ax).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
AX=${AX:-$repo/build/ax}
[[ $# -ge 1 ]] || { echo "usage: threads.sh TREE|go|linux|mixed [runs] [N]" >&2; exit 2; }
source_tree=$1
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "threads.sh: $source_tree is not a directory" >&2; exit 1; }
runs=${2:-1}
many=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_tree" "$work/tree"
rm -rf "$work/tree/.ax"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A rates
for run in $(seq "$runs"); do
  for threads in 1 "$many"; do
    rm -rf "$work/tree/.ax"
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$AX" index --json --threads "$threads" "$work/tree" \
      >"$work/summary.json" 2>"$work/stderr" || { echo "threads.sh: ax index failed:" >&2; tail -3 "$work/stderr" >&2; exit 1; }
    read -r wall user sys <"$work/time"
    line=$(python3 - "$work/summary.json" "$wall" "$user" "$sys" "$threads" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); wall, user, sys_, threads = map(float, sys.argv[2:6])
p = s["phases"]
rate = s["parsed"] / wall if wall > 0 else 0
print("%.3f %d threads: wall %.1f s, CPU %.1f s, %.0f files/s; parse+extract %.1f, search documents %.1f "
      "(thread-s); store %.1f, search write %.1f, commit %.1f (writer s)" % (
      rate, threads, wall, user + sys_, rate, p["parse"], p.get("prepare", 0), p["store_write"],
      p["search_write"], p["commit"]))
PY
)
    rates[$threads]+="${line%% *} "
    echo "run $run: ${line#* }"
  done
done
one=$(printf '%s\n' ${rates[1]} | median)
n=$(printf '%s\n' ${rates[$many]} | median)
awk -v one="$one" -v n="$n" -v k="$many" -v runs="$runs" \
  'BEGIN {printf "median of %d: 1 thread %.1f files/s, %d threads %.1f files/s: %.2fx\n", runs, one, k, n, (one > 0 ? n / one : 0)}'
