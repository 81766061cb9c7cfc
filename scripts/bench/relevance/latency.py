#!/usr/bin/env python3
"""Whole-process latency of `ax find` on an indexed tree: ranked (default), --explain, and plain
BM25 (--rank bm25), over the texts of the judged queries (queries.tsv), each run in turn.

    scripts/bench/relevance/latency.py --ax build/ax --tree /usr/share/go-1.19/src [--queries 200]

The tree must be indexed already (`ax index TREE`; the Go tree takes minutes). Prints p50/p95 per
mode and the median extra cost of --explain, paired per query.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ax", default="build/ax")
    parser.add_argument("--tree", required=True)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    ax = os.path.abspath(args.ax)
    if not os.path.isdir(os.path.join(args.tree, ".ax")):
        sys.exit(f"latency.py: {args.tree} is not indexed; run: {ax} index {args.tree}")
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        texts = [line.rstrip("\n").split("\t")[2] for line in f if line.strip() and not line.startswith("#")]
    texts = texts[:: max(1, len(texts) // args.queries)][: args.queries]
    modes = {"ranked": [], "explain": ["--explain"], "bm25": ["--rank", "bm25"]}
    times = {mode: [] for mode in modes}
    for text in texts:
        for mode, flags in modes.items():
            start = time.perf_counter()
            subprocess.run([ax, "find", "--limit", "10", *flags, "--", *text.split()], cwd=args.tree,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[mode].append((time.perf_counter() - start) * 1000)
    print(f"{len(texts)} queries on {args.tree}")
    for mode, values in times.items():
        print(f"{mode:8} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms")
    extra = [e - r for e, r in zip(times["explain"], times["ranked"])]
    print(f"--explain extra: median {statistics.median(extra):+.1f} ms per query (paired)")


if __name__ == "__main__":
    main()
