#!/usr/bin/env bash
# Indexing and query benchmark on a real source tree, with universal-ctags beside it.
#   scripts/bench/index_bench.sh [go|java|linux] [runs]
# Prints: files, MB; cold index wall time (median of runs), files/s, MB/s, peak RSS; no-change
# re-index (median of 5); `ax find` and `ax def` latency (median of 20, whole process); ctags -R.
set -euo pipefail
cd "$(dirname "$0")/../.."
AX=${AX:-$PWD/build/ax}
corpus=$(scripts/bench/corpus.sh "${1:-go}")
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/tree"   # the index lives inside the tree; keep the cache pristine
cd "$work/tree"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# wall seconds and peak RSS (KiB) of a command, via GNU time's format.
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr"; cat "$work/time"; }

files=$(find . -type f -not -path './.ax/*' | wc -l)
mb=$(du -sm --exclude=.ax . | cut -f1)
echo "corpus: ${1:-go} ($corpus): $files files, $mb MB; $(nproc) cores"

cold_times=(); cold_rss=()
for i in $(seq "$runs"); do
  rm -rf .ax
  read -r t rss < <(measure "$AX" index --quiet)
  cold_times+=("$t"); cold_rss+=("$rss")
done
"$AX" index --json >"$work/summary.json" 2>/dev/null
rm -rf .ax && "$AX" index --json >"$work/cold.json" 2>/dev/null
parsed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parsed"])' "$work/cold.json")
bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes_parsed"])' "$work/cold.json")
symbols=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["symbols"])' "$work/cold.json")
cold=$(printf '%s\n' "${cold_times[@]}" | median)
rss=$(printf '%s\n' "${cold_rss[@]}" | median)
echo "cold index:      median ${cold}s of ${runs} runs ($(printf '%s ' "${cold_times[@]}")s), $parsed files parsed, $symbols symbols"
awk -v f="$parsed" -v b="$bytes" -v t="$cold" -v r="$rss" 'BEGIN {printf "                 %.0f files/s, %.1f MB/s, peak RSS %.0f MiB\n", f/t, b/1e6/t, r/1024}'
echo "store:           $(du -sh .ax/store | cut -f1) store, $(du -sh .ax/search | cut -f1) search index"

warm=()
for i in 1 2 3 4 5; do read -r t _ < <(measure "$AX" index --quiet); warm+=("$t"); done
echo "no-change index: median $(printf '%s\n' "${warm[@]}" | median)s of 5 ($(printf '%s ' "${warm[@]}")s)"

# One changed file: a line appended to the largest source file under 100 KB, a large but ordinary
# one (changed back afterwards).
changed=$(find . \( -name '*.go' -o -name '*.java' -o -name '*.c' \) -not -path './.ax/*' -printf '%s %p\n' |
  awk '$1 < 100000 && $1 > max {max = $1; path = $2} END {print path}')
cp "$changed" "$work/changed.orig"
one=()
for i in 1 2 3 4 5; do
  echo "// changed $i" >>"$changed"
  read -r t _ < <(measure "$AX" index --quiet); one+=("$t")
done
cp "$work/changed.orig" "$changed" && "$AX" index --quiet
echo "one-file index:  median $(printf '%s\n' "${one[@]}" | median)s of 5 ($(printf '%s ' "${one[@]}")s; $changed)"

# p50 and p95 of `runs` (20) whole-process runs of a command, in ms (hyperfine when installed: no
# shell in the timing).
latency() {
  local times
  if command -v hyperfine >/dev/null; then
    hyperfine -N -i --warmup 2 -r 20 --export-json "$work/hf.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
    times=$(python3 -c 'import json,sys; print("\n".join(str(t * 1e3) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' "$work/hf.json")
  else
    local samples=()
    for i in $(seq 20); do
      local start=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      samples+=($(( ($(date +%s%N) - start) / 1000 )))
    done
    times=$(printf '%s\n' "${samples[@]}" | awk '{print $1 / 1000}')
  fi
  printf '%s\n' "$times" | sort -g | awk '{a[NR]=$1} END {i = int(NR * 0.95 + 0.999); if (i > NR) i = NR;
    printf "p50 %.1f ms, p95 %.1f ms", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[i]}'
}
echo "ax find:         $(latency "$AX" find open file) ('open file'); $(latency "$AX" find 'parse lang:go kind:function') ('parse lang:go kind:function')"
echo "ax def:          $(latency "$AX" def NewReader) (NewReader); $(latency "$AX" def newreadr) (fuzzy newreadr)"
echo "ax --help:       $(latency "$AX" --help); ax --version $(latency "$AX" --version)"

if command -v ctags >/dev/null; then
  ctags_times=(); ctags_rss=()
  for i in $(seq "$runs"); do
    read -r t r < <(measure ctags -R -f "$work/tags" --exclude=.ax .)
    ctags_times+=("$t"); ctags_rss+=("$r")
  done
  ct=$(printf '%s\n' "${ctags_times[@]}" | median)
  cr=$(printf '%s\n' "${ctags_rss[@]}" | median)
  echo "ctags -R:        median ${ct}s of ${runs} runs, $(wc -l <"$work/tags") tags, peak RSS $((cr / 1024)) MiB"
  awk -v a="$cold" -v c="$ct" 'BEGIN {printf "ax / ctags:      %.2fx the wall time of ctags\n", a/c}'
fi
