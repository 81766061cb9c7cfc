#!/usr/bin/env bash
# Whole-process latency of `ax refs` and `ax flow` on the Go 1.19 tree's index: p50 and p95 of the
# wall time and of the CPU time (user + system) over `runs` runs of each query (target: every query
# p95 <= 100 ms). Wall time on a busy machine waits for a CPU; the CPU time does not.
#   scripts/bench/imports_queries.sh [runs]        (default 20)
#   AX_BENCH_TREE=DIR   an indexed copy of the tree to query (default: a copy under $AX_BENCH_CACHE,
#                       made and indexed on first use; later runs bring its index up to date)
#   AX_BENCH_QUERIES=refs,flow   which queries (default both)
#   AX_BENCH_NO_INDEX=1 query the tree's index as it is (a shared, read-only corpus: never re-indexed)
#   AX_BENCH_QUERY_LIST='refs kmalloc --calls;flow kmalloc --depth 2'   these queries instead (also with
#                       AX_BENCH_RING / AX_BENCH_RANDOM, whose trees they then query)
#   AX_BENCH_HEAVIEST=N the N names referenced from the most files of the tree's index (read from the
#                       store with mdb_dump, Debian lmdb-utils), each queried as `refs NAME --all`,
#                       `refs NAME` and `flow NAME --depth 2 --all` (instead of the default queries)
#   AX_BENCH_BEFORE=AX  also run every query with this other ax build, interleaved run by run, and
#                       print its figures on the line above (before/after in one run)
#   AX_BENCH_RING=N     a generated tree of N TypeScript files importing each other in one cycle
#                       (f0 -> f1 -> ... -> f0; made and indexed on first use) and the flow queries
#                       that walk all of it: cycles, deps/dependents --depth 0, the longest chain
#   AX_BENCH_RANDOM=FxE a generated tree of F TypeScript files each importing E others picked at
#                       random (seeded: the same graph every time; 10000x100 is a 1M-edge graph;
#                       made and indexed on first use) and the same flow queries
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
AX=${AX:-$ROOT/build/ax}
runs=${1:-20}
parts=",${AX_BENCH_QUERIES:-refs,flow},"
tree=${AX_BENCH_TREE:-}
ring=${AX_BENCH_RING:-}
random=${AX_BENCH_RANDOM:-}
if [[ -n $random ]]; then
  [[ $random =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "AX_BENCH_RANDOM: FILESxEDGES, e.g. 10000x100" >&2; exit 2; }
  files=${BASH_REMATCH[1]} per_file=${BASH_REMATCH[2]}
  tree=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/random-$random
  if [[ ! -f $tree/.made ]]; then
    rm -rf "$tree"
    mkdir -p "$tree/src"
    python3 - "$tree/src" "$files" "$per_file" <<'PY'
import random, sys
folder, files, per_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pick = random.Random(7)
for i in range(files):
    targets = [pick.randrange(files) for _ in range(per_file)]
    lines = [f'import {{ v{t} as i{n} }} from "./f{t}";' for n, t in enumerate(targets)]
    lines.append(f"export const v{i} = {i};")
    with open(f"{folder}/f{i}.ts", "w") as out:
        out.write("\n".join(lines) + "\n")
PY
    touch "$tree/.made"
  fi
  last=$((files - 1))
  AX_BENCH_QUERY_LIST=${AX_BENCH_QUERY_LIST:-"flow cycles;flow deps src/f0.ts --depth 0;flow dependents src/f0.ts --depth 0;flow deps src/f0.ts --depth 2;flow chain src/f0.ts src/f$last.ts;flow graph"}
elif [[ -n $ring ]]; then
  tree=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/ring-$ring
  if [[ ! -f $tree/.made ]]; then
    rm -rf "$tree"
    mkdir -p "$tree/src"
    for ((i = 0; i < ring; i++)); do
      next=$(((i + 1) % ring))
      printf 'import { v%d } from "./f%d";\nexport const v%d = v%d;\n' "$next" "$next" "$i" "$next" >"$tree/src/f$i.ts"
    done
    touch "$tree/.made"
  fi
  last=$((ring - 1))
  AX_BENCH_QUERY_LIST=${AX_BENCH_QUERY_LIST:-"flow cycles;flow deps src/f0.ts --depth 0;flow dependents src/f0.ts --depth 0;flow chain src/f0.ts src/f$last.ts;flow chain src/f$last.ts src/f0.ts;flow graph"}
elif [[ -z $tree ]]; then
  tree=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/go-indexed
  if [[ ! -f $tree/.copied ]]; then
    rm -rf "$tree"
    cp -r "$(scripts/bench/corpus.sh go)" "$tree"
    touch "$tree/.copied"
  fi
fi
cd "$tree"
if [[ ${AX_BENCH_NO_INDEX:-0} != 1 ]]; then
  echo "indexing $tree (incremental when already indexed)" >&2
  nice "$AX" index --quiet >/dev/null
fi

# One line per run: wall and CPU seconds, of $AX (column 1, 2) and, with AX_BENCH_BEFORE, of that
# build in the same run (columns 3, 4).
before=${AX_BENCH_BEFORE:-}
time_one() {
  TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>&1 || true; } 2>&1 | awk '{printf "%s %.3f", $1, $2 + $3}'
}
measure() {
  local i
  for ((i = 0; i < runs; i++)); do
    time_one "$AX" "$@"
    if [[ -n $before ]]; then
      printf ' '
      time_one "$before" "$@"
    fi
    echo
  done
}
# p50 and p95 (nearest rank) of column $1 of the lines on stdin, in ms.
percentiles() {
  sort -g -k"$1" | awk -v c="$1" '{a[NR] = $c} END {printf "%6.1f %6.1f", a[int((NR + 1) / 2)] * 1000, a[int(NR * 0.95 + 0.999)] * 1000}'
}
queries=()
if [[ -n ${AX_BENCH_HEAVIEST:-} ]]; then
  # file_references: file id -> [version byte, varint count, (varint length, name bytes)...]
  heaviest=$(mdb_dump -s file_references .ax/store | python3 -c '
import collections, sys
def names(record):
    at = 1
    def varint():
        nonlocal at
        value = shift = 0
        while True:
            byte = record[at]; at += 1
            value |= (byte & 0x7F) << shift; shift += 7
            if byte < 0x80: return value
    for _ in range(varint()):
        size = varint(); yield record[at:at + size].decode("utf-8", "replace"); at += size
files = collections.Counter()
lines = [line.strip() for line in sys.stdin]
data = lines[lines.index("HEADER=END") + 1:lines.index("DATA=END")]
for value in data[1::2]:
    files.update(set(names(bytes.fromhex(value))))
print(" ".join(name for name, _ in files.most_common(int(sys.argv[1]))))
' "$AX_BENCH_HEAVIEST")
  echo "heaviest names: $heaviest" >&2
  AX_BENCH_QUERY_LIST=
  for name in $heaviest; do AX_BENCH_QUERY_LIST+="refs $name --all;refs $name;flow $name --depth 2 --all;"; done
  AX_BENCH_QUERY_LIST=${AX_BENCH_QUERY_LIST%;}
fi
if [[ -n ${AX_BENCH_QUERY_LIST:-} ]]; then
  IFS=';' read -r -a queries <<<"$AX_BENCH_QUERY_LIST"
  parts=,
fi
if [[ $parts == *,refs,* ]]; then
  # Frequent names (thousands of references in hundreds of files), rare ones and one never used.
  for name in Errorf len Sprintf Fatalf New String Println ReadFile LookPath NoSuchNameAnywhere; do
    queries+=("refs $name --calls")
  done
  # refs shows the first 200 unless told --all: the whole set's cost too.
  queries+=("refs Errorf" "refs Reader --usages" "refs Errorf --json" "refs Errorf --calls --all")
fi
if [[ $parts == *,flow,* ]]; then
  queries+=("flow deps src/net/http/server.go --depth 2" "flow deps src/net/http/server.go --depth 0"
    "flow dependents src/fmt/print.go" "flow dependents src/errors/wrap.go --depth 0"
    "flow chain src/net/http/server.go src/errors/wrap.go" "flow chain src/errors/wrap.go src/net/http/server.go" "flow cycles" "flow Println" "flow Errorf --depth 2" "flow Errorf --depth 2 --all")
fi
printf '%-58s %6s %6s   %6s %6s   (ms, %d runs)\n' query "wall50" "wall95" "cpu50" "cpu95" "$runs"
worst=0
for query in "${queries[@]}"; do
  # shellcheck disable=SC2086 # the query is words
  samples=$(measure $query)
  if [[ -n $before ]]; then
    printf '%-58s %s   %s\n' "  before: ax $query" "$(percentiles 3 <<<"$samples")" "$(percentiles 4 <<<"$samples")"
  fi
  wall=$(percentiles 1 <<<"$samples")
  cpu=$(percentiles 2 <<<"$samples")
  printf '%-58s %s   %s\n' "ax $query" "$wall" "$cpu"
  worst=$(awk -v a="$worst" -v b="${wall##* }" 'BEGIN {print (b > a ? b : a)}')
done
echo "worst wall p95: $worst ms (target <= 100); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
