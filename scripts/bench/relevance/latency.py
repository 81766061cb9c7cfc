#!/usr/bin/env python3
"""Whole-process latency of `ax find` on an indexed tree: ranked (default), --explain, and plain
BM25 (--rank bm25), over the texts of the judged queries (queries.tsv), each run in turn.

    scripts/bench/relevance/latency.py --ax build/ax --tree /usr/share/go-1.19/src [--queries 200] [--semantic]

With --baseline OTHER_AX (e.g. main's build) every query runs with both binaries in turn and each
row is printed for both, side by side. Besides wall time, each row has the CPU time (user + system)
of the process: on a loaded machine wall time mostly measures the queue for a core. Each binary runs
with its own XDG_CACHE_HOME, warmed by one run: a build older than the plugin manifest fix would
otherwise evict the other's cached plugin list on every run and make it load all its plugins.

The tree must be indexed already (`ax index TREE`; the Go tree takes minutes). Prints p50/p95 per
mode and the median extra cost of --explain, paired per query. With --semantic (the tree indexed with
`ax -c semantic.enabled=true index`) also find with semantic search on, and the p50/p95 of what it
adds inside the process as `find -v` reports it: opening the vectors, and embedding the query plus
scoring every symbol vector (natural-language and mixed queries; identifiers are not embedded).
"""
import re
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ax", default="build/ax")
    parser.add_argument("--baseline", help="another ax binary, run in turn with --ax on every query")
    parser.add_argument("--tree", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--semantic", action="store_true", help="also find with semantic.enabled (see above)")
    args = parser.parse_args()
    binaries = {"ax": os.path.abspath(args.ax)}
    if args.baseline:
        binaries = {"baseline": os.path.abspath(args.baseline), **binaries}
    if not os.path.isdir(os.path.join(args.tree, ".ax")):
        sys.exit(f"latency.py: {args.tree} is not indexed; run: {binaries['ax']} index {args.tree}")
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t")[2] for line in f if line.strip() and not line.startswith("#")]
    texts = texts[:: max(1, len(texts) // args.queries)][: args.queries]
    modes = {"ranked": [], "explain": ["--explain"], "bm25": ["--rank", "bm25"]}
    if args.semantic:
        modes["semantic"] = ["-c", "semantic.enabled=true", "find", "-v"]
    caches = {binary: tempfile.TemporaryDirectory(prefix=f"ax-latency-{binary}-") for binary in binaries}
    environments = {binary: dict(os.environ, XDG_CACHE_HOME=cache.name) for binary, cache in caches.items()}
    for binary, ax in binaries.items():
        subprocess.run([ax, "find", "--limit", "1", "--", "warm"], cwd=args.tree, env=environments[binary],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = {(binary, mode): [] for binary in binaries for mode in modes}
    cpu = {(binary, mode): [] for binary in binaries for mode in modes}
    opened = {binary: [] for binary in binaries}
    searched = {binary: [] for binary in binaries}
    for text in texts:
        for mode, flags in modes.items():
            for binary, ax in binaries.items():
                command = [ax, *flags] if mode == "semantic" else [ax, "find", *flags]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                out = subprocess.run([*command, "--limit", "10", "--", *text.split()], cwd=args.tree,
                                     env=environments[binary], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
                wall[binary, mode].append((time.perf_counter() - start) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[binary, mode].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
                if mode == "semantic":
                    if m := re.search(r"nearest symbols fused \(([0-9.]+) ms\)", out.stderr):
                        searched[binary].append(float(m.group(1)))
                    if m := re.search(r"opened in ([0-9.]+) ms", out.stderr):
                        opened[binary].append(float(m.group(1)))
    print(f"{len(texts)} queries on {args.tree}; " + ", ".join(f"{b} = {a}" for b, a in binaries.items()))
    print(f"{'':8} {'':8}  {'wall p50':>9} {'wall p95':>9}  {'cpu p50':>8} {'cpu p95':>8} {'cpu mean':>9}  (ms)")
    for mode in modes:
        for binary in binaries:
            w, c = wall[binary, mode], cpu[binary, mode]
            print(f"{mode:8} {binary:8}  {percentile(w, 50):9.1f} {percentile(w, 95):9.1f}  "
                  f"{percentile(c, 50):8.1f} {percentile(c, 95):8.1f} {statistics.mean(c):9.1f}")
    for binary in binaries:
        for label, values in (("semantic open", opened[binary]), ("semantic embed+score", searched[binary])):
            if values:
                print(f"{binary}: {label}: p50 {percentile(values, 50):.1f} ms  p95 {percentile(values, 95):.1f} ms "
                      f"({len(values)} queries)")
        extra = [e - r for e, r in zip(wall[binary, "explain"], wall[binary, "ranked"])]
        print(f"{binary}: --explain extra: median {statistics.median(extra):+.1f} ms wall per query (paired)")

if __name__ == "__main__":
    main()
