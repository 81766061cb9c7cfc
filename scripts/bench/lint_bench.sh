#!/usr/bin/env bash
# `ax lint` on a real source tree against the parse time of the same tree.
#   scripts/bench/lint_bench.sh [TREE] [runs]     (TREE default: /usr/share/go-1.19/src from the
#                                                  Debian package golang-1.19-src, else corpus.sh go)
# Prints: cold parse (bench-parse --tree: walk, read, detect, parse + extract on every core, nothing
# stored), cold `ax lint` (an indexed tree, no lint cache: every file read, parsed and queried),
# their ratio (target <= 1.5), and the no-change re-run (every file answered from .ax/lint-cache,
# target < 1 s); medians of `runs` (default 3) and of 5 for the re-run.
set -euo pipefail
cd "$(dirname "$0")/../.."
AX=${AX:-$PWD/build/ax}
BENCH_PARSE=${BENCH_PARSE:-$PWD/build/bench-parse}
tree=${1:-/usr/share/go-1.19/src}
[[ -d "$tree" ]] || tree=$(scripts/bench/corpus.sh go)
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$tree" "$work/tree"  # the index and the lint cache live inside the tree
cd "$work/tree"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { /usr/bin/time -q -f "%e" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true; cat "$work/time"; }

echo "tree: $tree: $(find . -type f | wc -l) files, $(du -sm . | cut -f1) MB; $(nproc) cores"
"$AX" index --quiet

parse=()
for i in $(seq "$runs"); do parse+=("$(seconds "$BENCH_PARSE" --tree .)"); done
echo "bench-parse:     $(tail -1 "$work/out")"
cold=()
for i in $(seq "$runs"); do
  rm -f .ax/lint-cache
  cold+=("$(seconds "$AX" lint --format json)")
done
summary=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print("%d files linted, %d errors, %d warnings, %d info" % (s["files"], s["errors"], s["warnings"], s["info"]))' "$work/out")
warm=()
for i in 1 2 3 4 5; do warm+=("$(seconds "$AX" lint --format json)"); done
cached=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["from_cache"], "of", s["files"], "from the cache")' "$work/out")

p=$(printf '%s\n' "${parse[@]}" | median)
c=$(printf '%s\n' "${cold[@]}" | median)
w=$(printf '%s\n' "${warm[@]}" | median)
echo "cold parse:      median ${p}s of $runs ($(printf '%s ' "${parse[@]}")s)"
echo "cold ax lint:    median ${c}s of $runs ($(printf '%s ' "${cold[@]}")s): $summary"
awk -v c="$c" -v p="$p" 'BEGIN {printf "ratio:           %.2fx the cold parse (target <= 1.5x)\n", c/p}'
echo "no-change lint:  median ${w}s of 5 ($(printf '%s ' "${warm[@]}")s): $cached (target < 1 s)"
