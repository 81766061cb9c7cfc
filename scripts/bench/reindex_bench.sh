#!/usr/bin/env bash
# Re-index cost on an indexed tree, several ax builds side by side, each on its own indexed copy:
#   scripts/bench/reindex_bench.sh [-r ROUNDS] LABEL=AX_BINARY:TREE ...
# Each TREE is a copy of the same corpus (e.g. the mixed one: scripts/bench/corpus.sh mixed, copied
# with tar --exclude=./.ax and indexed by its build). Rounds alternate between the builds, so load
# on the machine falls on each alike. Per round and build, with `ax index --quiet`:
#   no change        nothing on disk moved
#   content          a comment line appended to one C file (its includes unchanged), then the
#                    file put back (two samples a round)
#   imports          `import csv` appended to one Python file (an import edge added), then the
#                    file put back (the edge removed again; two samples a round)
#   one path         `ax index FILE` after a comment line was appended to the C file, then put
#                    back (when the build indexes a single FILE; older ones take only a directory)
# Prints the median wall and CPU (user+sys) seconds of each step per build. The trees end as they
# began. AX_BENCH_C_FILE and AX_BENCH_PY_FILE name other files (relative to each TREE).
set -euo pipefail
rounds=5
if [[ ${1:-} == -r ]]; then rounds=$2; shift 2; fi
[[ $# -ge 1 ]] || { echo "usage: reindex_bench.sh [-r ROUNDS] LABEL=AX_BINARY:TREE ..." >&2; exit 2; }
c_file=${AX_BENCH_C_FILE:-linux/kernel/sched/core.c}
py_file=${AX_BENCH_PY_FILE:-python/json/decoder.py}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

labels=(); binaries=(); trees=()
for build in "$@"; do
  label=${build%%=*}; rest=${build#*=}
  binaries+=("${rest%%:*}"); trees+=("${rest#*:}"); labels+=("$label")
  tree=${rest#*:}
  [[ -d "$tree/.ax" ]] || { echo "reindex_bench.sh: $tree is not indexed (no .ax/)" >&2; exit 1; }
  for f in "$c_file" "$py_file"; do
    [[ -f "$tree/$f" ]] || { echo "reindex_bench.sh: $tree/$f does not exist" >&2; exit 1; }
  done
done

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# Appends "wall cpu" of one run of `ax ARGS...` in TREE to $work/LABEL.STEP.
sample() {
  local label=$1 step=$2 ax=$3 tree=$4; shift 4
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$ax" -C "$tree" "$@" >/dev/null 2>"$work/stderr" ||
    { echo "reindex_bench.sh: $label: ax $* failed:" >&2; cat "$work/stderr" >&2; exit 1; }
  awk '{printf "%s %.3f\n", $1, $2 + $3}' "$work/time" >>"$work/$label.$step"
}

for i in "${!labels[@]}"; do
  # Settle each tree first (a previous interrupted bench, a newer build's one-time work).
  "${binaries[$i]}" -C "${trees[$i]}" index --quiet >/dev/null 2>&1
  if "${binaries[$i]}" index --help 2>&1 | grep -q 'PATH naming a file'; then has_path[$i]=1; else has_path[$i]=0; fi
done

for round in $(seq "$rounds"); do
  for i in "${!labels[@]}"; do
    label=${labels[$i]}; ax=${binaries[$i]}; tree=${trees[$i]}
    cp -p "$tree/$c_file" "$work/c.orig"; cp -p "$tree/$py_file" "$work/py.orig"
    sample "$label" nochange "$ax" "$tree" index --quiet
    echo "/* reindex_bench $round */" >>"$tree/$c_file"
    sample "$label" content "$ax" "$tree" index --quiet
    cp "$work/c.orig" "$tree/$c_file" && touch "$tree/$c_file"
    sample "$label" content "$ax" "$tree" index --quiet
    echo "import csv" >>"$tree/$py_file"
    sample "$label" imports "$ax" "$tree" index --quiet
    cp "$work/py.orig" "$tree/$py_file" && touch "$tree/$py_file"
    sample "$label" imports "$ax" "$tree" index --quiet
    if [[ ${has_path[$i]} == 1 ]]; then
      echo "/* reindex_bench path $round */" >>"$tree/$c_file"
      sample "$label" path "$ax" "$tree" index --quiet "$tree/$c_file"
      cp "$work/c.orig" "$tree/$c_file" && touch "$tree/$c_file"
      sample "$label" path "$ax" "$tree" index --quiet "$tree/$c_file"
    fi
  done
done

echo "files $c_file (content, path) and $py_file (imports); $rounds rounds; $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-12s %-10s %10s %10s  (seconds, medians)\n' step build wall cpu
for step in nochange content imports path; do
  for label in "${labels[@]}"; do
    [[ -f "$work/$label.$step" ]] || continue
    printf '%-12s %-10s %10s %10s  (n=%d)\n' "$step" "$label" "$(cut -d' ' -f1 "$work/$label.$step" | median)" \
      "$(cut -d' ' -f2 "$work/$label.$step" | median)" "$(wc -l <"$work/$label.$step")"
  done
done
