#!/usr/bin/env python3
# Two ax binaries side by side on one indexed tree, run locally (--no-server): wall and CPU time (user +
# sys, which a busy machine inflates less than wall time) p50/p95 of `ax find --limit 10` over 40 queries
# of the mixed corpus (words, identifiers of each language, prose) and of `ax def` over 10 names, each
# query run by both in turn, and how many answers are byte for byte the same (those that differ are
# named). Each binary runs with its own XDG_CACHE_HOME, warmed by one run (the plugin manifest).
#   scripts/bench/find_compare.py BEFORE_AX AFTER_AX [TREE] [PASSES]
# TREE defaults to ~/.cache/ax-bench/mixed/tree (only read), PASSES to 2.
import os, resource, subprocess, sys, tempfile, time

if len(sys.argv) < 3:
    sys.exit("usage: find_compare.py BEFORE_AX AFTER_AX [TREE] [PASSES]")
binaries = {"before": os.path.abspath(sys.argv[1]), "after": os.path.abspath(sys.argv[2])}
tree = sys.argv[3] if len(sys.argv) > 3 else os.path.expanduser("~/.cache/ax-bench/mixed/tree")
passes = int(sys.argv[4]) if len(sys.argv) > 4 else 2
FIND = ["parse request", "http server", "read file", "mutex lock", "hash map insert", "socket accept",
        "string builder append", "json decoder", "page fault handler", "thread pool", "inner", "kmalloc",
        "HashMap", "ArrayList", "spin_lock", "urlopen", "Vec", "NewReader", "file system mount",
        "buffer overflow",
        "parse the command line arguments", "how are interrupts disabled", "free memory pages", "open a tcp connection",
        "decode base64", "sort a slice", "iterator next", "error handling", "compare two strings", "garbage collector",
        "ReadAll", "copy_from_user", "BufReader", "defaultdict", "ConcurrentHashMap", "list_for_each_entry",
        "schedule_timeout", "StringBuilder", "sys.argv", "regular expression match"]
DEF = ["main", "kmalloc", "HashMap", "NewReader", "urlopen", "spin_lock", "ArrayList", "BufReader", "Vec",
       "list_add"]
QUERIES = [["find", *q.split(), "--limit", "10"] for q in FIND] + [["def", name] for name in DEF]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


caches = {label: tempfile.TemporaryDirectory(prefix=f"ax-find-{label}-") for label in binaries}
environments = {label: dict(os.environ, XDG_CACHE_HOME=cache.name) for label, cache in caches.items()}
for label, ax in binaries.items():
    subprocess.run([ax, "-C", tree, "find", "--no-server", "--limit", "1", "--", "warm"], env=environments[label],
                   capture_output=True)
wall = {(label, command): [] for label in binaries for command in ("find", "def")}
cpu = {(label, command): [] for label in binaries for command in ("find", "def")}
differ = set()
for _ in range(passes):
    for query in QUERIES:
        printed = {}
        for label, ax in binaries.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([ax, "-C", tree, query[0], "--no-server", *query[1:]], env=environments[label],
                                  capture_output=True)
            wall[label, query[0]].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[label, query[0]].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
            printed[label] = (done.returncode, done.stdout, done.stderr)
        if printed["before"] != printed["after"]:
            differ.add(" ".join(query))
print(f"tree {tree}; {passes} passes; load average {os.getloadavg()[0]:.1f}")
print(f"{'':14} {'wall p50':>9} {'wall p95':>9} {'cpu p50':>8} {'cpu p95':>8}  (ms)")
for command in ("find", "def"):
    for label in binaries:
        w, c = wall[label, command], cpu[label, command]
        print(f"{command:4} {label:<9} {percentile(w, 50):9.1f} {percentile(w, 95):9.1f} {percentile(c, 50):8.1f} "
              f"{percentile(c, 95):8.1f}   (n={len(w)})")
print(f"same answers: {len(QUERIES) - len(differ)}/{len(QUERIES)} queries" +
      (f"; different: {', '.join(sorted(differ))}" if differ else ""))
