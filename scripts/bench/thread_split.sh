#!/usr/bin/env bash
# Where a cold `ax index` spends its CPU, thread by thread (perf record, CPU-clock samples), on one
# copy of a tree; one run per build and thread count:
#   scripts/bench/thread_split.sh TREE|go|linux|mixed [THREADS...] [-- LABEL=AX_BINARY ...]
# Prints each thread's share of the run's samples, busiest first. The busiest thread's share is the
# part of the work that no number of cores can shorten: a run cannot take less wall time than that
# share of its CPU time, so 1 / share bounds the speed-up over one core. Unlike wall times, the split
# holds on a loaded machine. Needs `perf` (Debian package linux-perf). Default: 1 2 threads, build/ax.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: thread_split.sh TREE|go|linux|mixed [THREADS...] [-- LABEL=AX_BINARY ...]" >&2; exit 2; }
source_tree=$1; shift
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "thread_split.sh: $source_tree is not a directory" >&2; exit 1; }
command -v perf >/dev/null || { echo "thread_split.sh: perf is missing (apt-get install linux-perf)" >&2; exit 1; }
counts=(); builds=()
while [[ $# -gt 0 && "$1" != -- ]]; do counts+=("$1"); shift; done
[[ $# -gt 0 ]] && shift && builds=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1 2)
[[ ${#builds[@]} -gt 0 ]] || builds=("ax=${AX:-$repo/build/ax}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_tree" "$work/tree"
for build in "${builds[@]}"; do
  label=${build%%=*}; binary=${build#*=}
  for threads in "${counts[@]}"; do
    rm -rf "$work/tree/.ax"
    perf record -q -o "$work/perf.data" "$binary" index --quiet --threads "$threads" "$work/tree" 2>"$work/stderr" ||
      { echo "thread_split.sh: $label failed:" >&2; tail -3 "$work/stderr" >&2; exit 1; }
    perf script -i "$work/perf.data" -F tid 2>/dev/null | awk -v label="$label" -v threads="$threads" '
      { count[$1]++; total++ }
      END {
        n = 0; for (t in count) share[++n] = count[t] / total
        for (i = 1; i <= n; ++i) for (j = i + 1; j <= n; ++j) if (share[j] > share[i]) { s = share[i]; share[i] = share[j]; share[j] = s }
        line = ""; for (i = 1; i <= n && i <= 6; ++i) line = line sprintf(" %.1f%%", 100 * share[i])
        printf "%s, %d threads: %d samples; busiest threads:%s; speed-up bound %.2fx\n", label, threads, total, line, 1 / share[1]
      }'
  done
done
