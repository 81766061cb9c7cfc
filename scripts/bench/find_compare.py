#!/usr/bin/env python3
# Two ax binaries side by side on one indexed tree, run locally (--no-server): the CPU time (user +
# sys, which a busy machine inflates less than wall time) of `ax find` over 20 queries of the mixed
# corpus (words, identifiers of each language), each query run by both in turn, and how many answers
# are byte for byte the same (the queries whose answers differ are named).
#   scripts/bench/find_compare.py BEFORE_AX AFTER_AX [TREE] [PASSES]
# TREE defaults to ~/.cache/ax-bench/mixed/tree (only read), PASSES to 2.
import os, resource, statistics, subprocess, sys

if len(sys.argv) < 3:
    sys.exit("usage: find_compare.py BEFORE_AX AFTER_AX [TREE] [PASSES]")
binaries = {"before": sys.argv[1], "after": sys.argv[2]}
tree = sys.argv[3] if len(sys.argv) > 3 else os.path.expanduser("~/.cache/ax-bench/mixed/tree")
passes = int(sys.argv[4]) if len(sys.argv) > 4 else 2
QUERIES = ["parse request", "http server", "read file", "mutex lock", "hash map insert", "socket accept",
           "string builder append", "json decoder", "page fault handler", "thread pool", "inner", "kmalloc",
           "HashMap", "ArrayList", "spin_lock", "urlopen", "Vec", "NewReader", "file system mount",
           "buffer overflow"]
cpu = {label: [] for label in binaries}
differ = set()
for _ in range(passes):
    for query in QUERIES:
        printed = {}
        for label, ax in binaries.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run([ax, "-C", tree, "find", *query.split(), "--no-server"], capture_output=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
            printed[label] = (done.returncode, done.stdout, done.stderr)
        if printed["before"] != printed["after"]:
            differ.add(query)
print(f"tree {tree}; load average {os.getloadavg()[0]:.1f}")
for label, values in cpu.items():
    print(f"ax find CPU (user+sys) {label:<7} p50 {statistics.median(values):7.1f} ms   (n={len(values)})")
print(f"same answers: {len(QUERIES) - len(differ)}/{len(QUERIES)} queries" +
      (f"; different: {', '.join(sorted(differ))}" if differ else ""))
