#!/usr/bin/env bash
# Import graph accuracy and query latency.
#   scripts/bench/imports.sh [runs]          AX_BENCH_PARTS=madge,go,cost,graph (default: all four)
# 1. TS/JS accuracy against madge (npm, pinned with integrity in scripts/bench/imports/package-lock.json,
#    installed here by `npm ci`) on rxjs 7.8.1's TypeScript sources (src/, a real code base the package
#    ships): the % of madge's file edges ax found, ax's extra edges, and whether the files on import
#    cycles are the same.
# 2. On the Go 1.19 tree (scripts/bench/corpus.sh go): the cold-index time and the resolution pass's
#    share of it (ax index --json's resolution.seconds), then `ax flow` / `ax refs` whole-process
#    latency, p50 and p95 over `runs` (default 20) runs each (scripts/bench/imports_queries.sh).
# 3. (cost) What resolution adds to a cold index of the Go tree: the median of 3 cold runs with it
#    and 3 without (AX_BENCH_NO_IMPORT_RESOLUTION=1), alternating, each into a fresh copy.
# 4. The graph library on generated graphs: a 10k-file cycle and 1M edges (build/bench-graph), and
#    on a generated 1M-edge LMDB store, the whole-graph load against store-backed walks
#    (build/bench-graph-store).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
AX=${AX:-$ROOT/build/ax}
runs=${1:-20}
parts=",${AX_BENCH_PARTS:-madge,go,cost,graph},"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ $parts == *,madge,* ]]; then
echo "== TS/JS import edges: ax vs madge on rxjs 7.8.1 src/"
tools="$work/tools"
mkdir -p "$tools"
cp scripts/bench/imports/package.json scripts/bench/imports/package-lock.json "$tools/"
(cd "$tools" && nice npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null)
repo="$work/rxjs"
mkdir -p "$repo"
cp -r "$tools/node_modules/rxjs/src" "$repo/src"
cp "$tools/node_modules/rxjs/package.json" "$repo/package.json"
(cd "$repo" && nice "$AX" index --quiet)
(cd "$repo" && "$AX" flow graph --json --all) >"$work/ax.json" 2>/dev/null
(cd "$repo" && "$AX" flow cycles --json --all) >"$work/ax-cycles.json" 2>/dev/null || true
(cd "$repo" && nice node "$tools/node_modules/madge/bin/cli.js" --json --extensions ts,tsx,js src) >"$work/madge.json" 2>/dev/null
(cd "$repo" && nice node "$tools/node_modules/madge/bin/cli.js" --json --circular --extensions ts,tsx,js src) >"$work/madge-cycles.json" 2>/dev/null || true
python3 - "$work" <<'PY'
import json, sys, os
work = sys.argv[1]
madge = json.load(open(os.path.join(work, "madge.json")))
edges_madge = {("src/" + a, "src/" + b) for a, deps in madge.items() for b in deps}
ax = json.load(open(os.path.join(work, "ax.json")))
edges_ax = {(e["from"], e["to"]) for e in ax["edges"] if e["kind"] != "package"}
found = edges_madge & edges_ax
print(f"madge edges: {len(edges_madge)}; ax found {len(found)} = {100.0 * len(found) / max(1, len(edges_madge)):.2f}%;"
      f" ax edges madge lacks: {len(edges_ax - edges_madge)}")
for a, b in sorted(edges_madge - edges_ax)[:10]:
    print(f"  missed: {a} -> {b}")
madge_cycles = json.load(open(os.path.join(work, "madge-cycles.json")))
madge_files = {"src/" + f for cycle in madge_cycles for f in cycle}
ax_cycles = json.load(open(os.path.join(work, "ax-cycles.json")))["cycles"]
ax_files = {m for c in ax_cycles for m in c["members"]}
# madge --circular lists the cycles its depth-first search meets, not every one: compare ax's strongly
# connected components with those of madge's own graph, and check madge's cycles lie inside ax's.
graph = {}
for a, b in edges_madge:
    graph.setdefault(a, set()).add(b)
    graph.setdefault(b, set())
index, low, stack, on_stack, components = {}, {}, [], set(), []
for root in sorted(graph):
    if root in index:
        continue
    work = [(root, iter(sorted(graph[root])))]
    index[root] = low[root] = len(index); stack.append(root); on_stack.add(root)
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is not None:
            if child not in index:
                index[child] = low[child] = len(index); stack.append(child); on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
            continue
        work.pop()
        if work:
            low[work[-1][0]] = min(low[work[-1][0]], low[node])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop(); on_stack.discard(member); component.add(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                components.append(frozenset(component))
ax_components = {frozenset(c["members"]) for c in ax_cycles}
print(f"cycles: ax {len(ax_cycles)} strongly connected components over {len(ax_files)} files; madge's graph has"
      f" {len(components)} over {len({f for c in components for f in c})} files; equal: "
      f"{'yes' if set(components) == ax_components else 'no'}; madge --circular reports {len(madge_cycles)} cycles over"
      f" {len(madge_files)} files, all inside ax's components: {'yes' if madge_files <= ax_files else 'no'}")
PY
fi

if [[ $parts == *,go,* ]]; then
echo "== Go 1.19 tree: cold index cost of resolution and flow/refs latency ($runs runs each)"
corpus=$(scripts/bench/corpus.sh go)
cp -r "$corpus" "$work/go"
cd "$work/go"
nice "$AX" index --json >"$work/go-index.json" 2>/dev/null
python3 -c "import json,sys; s=json.load(open(sys.argv[1])); r=s['resolution']; print(f\"cold index {s['seconds']:.2f} s, of which import resolution {r['seconds']:.3f} s ({100*r['seconds']/s['seconds']:.1f}%): {r['files']} files, {r['edges']} edges, {r['unresolved']} unresolved\")" "$work/go-index.json"
cd "$ROOT"
AX_BENCH_TREE="$work/go" scripts/bench/imports_queries.sh "$runs"
fi

if [[ $parts == *,cost,* ]]; then
echo "== Go 1.19 tree: cold index with and without import resolution (median of 3 each)"
corpus=$(scripts/bench/corpus.sh go)
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
with=() without=()
for i in 1 2 3; do
  for mode in with without; do
    rm -rf "$work/cold" && cp -r "$corpus" "$work/cold"
    off=0
    [[ $mode == without ]] && off=1
    seconds=$(cd "$work/cold" && AX_BENCH_NO_IMPORT_RESOLUTION=$off nice "$AX" index --json 2>/dev/null |
      python3 -c "import json,sys; s=json.load(sys.stdin); print(s['seconds'], s['resolution']['seconds'])")
    echo "  run $i $mode resolution: index ${seconds% *} s (resolution pass ${seconds#* } s)"
    if [[ $mode == with ]]; then with+=("${seconds% *}"); else without+=("${seconds% *}"); fi
  done
done
rm -rf "$work/cold"
a=$(printf '%s\n' "${with[@]}" | median) b=$(printf '%s\n' "${without[@]}" | median)
awk -v a="$a" -v b="$b" 'BEGIN {printf "cold index median: with resolution %.2f s, without %.2f s: %+.1f%% (target <= +10%%)\n", a, b, 100 * (a - b) / b}'
fi

if [[ $parts == *,graph,* ]]; then
echo "== Graph library on generated graphs"
"$ROOT/build/bench-graph"
echo "== ax flow's queries on a generated 1M-edge LMDB store: whole graph vs store-backed walks (CPU ms)"
cmake --build "$ROOT/build" --target bench-graph-store >/dev/null
nice "$ROOT/build/bench-graph-store"
fi
