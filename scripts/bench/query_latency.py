#!/usr/bin/env python3
# Whole-process latency of `ax find` and `ax def` on an indexed tree, as a user or an editor calling
# the CLI sees it (start to exit): a fixed list of realistic queries in classes (names of several
# kinds, natural-language descriptions, lang:, kind: and file: filters each on their own and combined,
# a name that matches nothing; def
# of common names, distinctive names, rare names, with --kind/--lang, typos and names that do not
# exist), each run PASSES times by every binary in turn (the order alternating from pass to pass),
# printing wall and CPU (user + sys) p50/p95 per class, per command and overall, the ratio of each
# binary's p50 to the first's, and how many answers (exit code, stdout, stderr) are byte for byte the
# same as the first binary's. Wall time is what the target is about, but a loaded machine inflates it:
# CPU time is the steadier figure. With --instructions, one query of each class also runs once under
# callgrind per binary and its instruction count is printed (perf's counters are often not available
# in a virtual machine).
#   scripts/bench/query_latency.py [--passes N] [--instructions] TREE AX [AX...]
# TREE must already be indexed (scripts/bench/query_latency.sh makes and indexes a copy of the mixed
# corpus). Each binary runs with its own XDG_CACHE_HOME, warmed by one run (the plugin manifest), and
# no `ax serve` may run for TREE (the commands would be answered by it).
import argparse, os, re, resource, subprocess, sys, tempfile, time

FIND = {
    "find name": ["kmalloc", "HashMap", "ArrayList", "spin_lock", "urlopen", "Vec", "NewReader", "ReadAll",
                  "copy_from_user", "BufReader", "defaultdict", "ConcurrentHashMap", "list_for_each_entry",
                  "schedule_timeout", "StringBuilder", "sys.argv", "ParseDuration", "from_utf8_lossy",
                  "ThreadPoolExecutor", "vm_area_struct", "make_archive", "LinkedHashMap", "NewTicker",
                  "checked_add"],
    "find words": ["parse request", "http server", "read file", "mutex lock", "hash map insert", "socket accept",
                   "string builder append", "json decoder", "page fault handler", "thread pool",
                   "file system mount", "buffer overflow", "parse the command line arguments",
                   "how are interrupts disabled", "free memory pages", "open a tcp connection", "decode base64",
                   "sort a slice", "iterator next", "error handling", "compare two strings", "garbage collector",
                   "regular expression match", "join url parts"],
    "find lang": ["lang:go http server", "lang:python json decoder", "lang:rust iterator next",
                  "lang:java thread pool", "lang:c spin_lock", "-lang:c mutex lock", "lang:go ReadAll",
                  "lang:python parse the command line arguments", "lang:rust from_utf8_lossy",
                  "lang:java string builder append"],
    "find kind": ["kind:function parse", "kind:struct inode", "kind:class HashMap", "kind:method ServeHTTP",
                  "-kind:chunk read file", "kind:function free memory pages", "kind:method close",
                  "kind:interface Reader", "kind:function socket accept", "kind:class thread pool"],
    "find file": ["file:linux/net socket accept", "file:*.rs BufReader", "file:go/src/net dial",
                  "file:*.py urlopen", "file:linux/mm free memory pages", "file:*.java hash map insert",
                  "-file:linux mutex lock", "file:python json decoder"],
    "find combined": ["lang:python -file:test urlopen", "lang:go kind:function NewReader",
                      "lang:c kind:function page fault handler", "lang:java kind:method toString",
                      "lang:rust kind:struct Vec", "file:linux/fs kind:function read file",
                      "lang:go -kind:chunk http server", "lang:python kind:class -file:test thread pool"],
    "find none": ["zqxvbnmw", "flurbnicate quux", "lang:go zqxvbnmw", "kind:function xyzzyplugh"],
}
DEF = {
    "def common": ["main", "init", "open", "read", "write", "close", "get", "run", "New", "String", "Error", "next",
                   "new", "len", "__init__", "size", "toString", "equals", "remove", "probe"],
    "def name": ["kmalloc", "HashMap", "NewReader", "urlopen", "spin_lock", "ArrayList", "BufReader", "Vec",
                 "list_add", "copy_from_user", "ListenAndServe", "defaultdict", "ConcurrentHashMap", "task_struct",
                 "sk_buff", "file_operations", "WaitGroup", "OrderedDict", "ArgumentParser", "StringBuilder",
                 "RefCell", "Popen", "ThreadPoolExecutor", "LinkedHashMap"],
    "def rare": ["ext4_fill_super", "ParseDuration", "from_utf8_lossy", "make_archive", "mem_init", "vm_area_struct",
                 "NewTicker", "urljoin", "checked_add", "TreeMap"],
    "def filter": ["Mutex --lang go", "Mutex --lang rust", "open --kind function", "Buffer --lang java",
                   "String --kind struct", "read --lang python --limit 5", "Reader --kind interface",
                   "init --lang c --limit 3"],
    "def none": ["zqxvbnmw", "kmaloc", "NewRedaer", "frobnicate_widgetz", "ArrayLsit", "Xyzzy::plugh"],
}


def queries():
    for label, texts in FIND.items():
        for text in texts:
            yield label, ["find", *text.split(), "--limit", "10"]
    for label, texts in DEF.items():
        for text in texts:
            yield label, ["def", *text.split()]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# valgrind cannot map LMDB's 64 GiB map (the store fails to open under it, "Invalid argument"): a
# preloaded wrapper caps the map at 8 GiB, which LMDB grows to the data file's size if it is larger.
MAP_CAP = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
typedef struct MDB_env MDB_env;
int mdb_env_set_mapsize(MDB_env* env, size_t size) {
  static int (*real)(MDB_env*, size_t);
  if (!real) real = (int (*)(MDB_env*, size_t))dlsym(RTLD_NEXT, "mdb_env_set_mapsize");
  return real(env, size > ((size_t)8 << 30) ? (size_t)8 << 30 : size);
}
"""


def map_cap(directory):
    source, library = os.path.join(directory, "map_cap.c"), os.path.join(directory, "map_cap.so")
    with open(source, "w") as out:
        out.write(MAP_CAP)
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl"], check=True)
    return library


def instructions(ax, tree, query, environment, preload):
    # --trace-children: AX may be a script that execs ax (with its environment); the last count is ax's.
    done = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null",
                           ax, "-C", tree, *query], env=dict(environment, LD_PRELOAD=preload), capture_output=True,
                          text=True)
    found = (re.findall(r"Collected : (\d+)", done.stderr) or [None])[-1]
    if done.returncode not in (0, 1) or "cannot open" in done.stderr:
        return None  # the run failed under valgrind: its count would not be the query's
    return int(found) if found else None


def main():
    parser = argparse.ArgumentParser(description="whole-process latency of ax find / ax def")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="also count instructions under callgrind")
    parser.add_argument("tree")
    parser.add_argument("binaries", nargs="+")
    options = parser.parse_args()
    tree = os.path.abspath(options.tree)
    if not os.path.isdir(os.path.join(tree, ".ax")):
        sys.exit(f"{tree} has no .ax/: index it first (scripts/bench/query_latency.sh does)")
    binaries = [os.path.abspath(b) for b in options.binaries]
    labels = [f"{i}:" + "/".join(b.split("/")[-3:-1]) for i, b in enumerate(binaries)]
    caches = [tempfile.TemporaryDirectory(prefix="ax-latency-") for _ in binaries]
    environments = [dict(os.environ, XDG_CACHE_HOME=cache.name) for cache in caches]
    for ax, environment in zip(binaries, environments):
        subprocess.run([ax, "-C", tree, "def", "main"], env=environment, capture_output=True)
    listed = list(queries())
    classes = list(FIND) + list(DEF)
    wall = {(b, c): [] for b in range(len(binaries)) for c in classes}
    cpu = {(b, c): [] for b in range(len(binaries)) for c in classes}
    differ = set()
    load = [os.getloadavg()[0]]
    for number in range(options.passes):
        order = list(range(len(binaries)))
        if number % 2:
            order.reverse()
        for label, query in listed:
            printed = {}
            for b in order:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run([binaries[b], "-C", tree, *query], env=environments[b], capture_output=True)
                wall[b, label].append((time.perf_counter() - start) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[b, label].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
                printed[b] = (done.returncode, done.stdout, done.stderr)
            if any(printed[b] != printed[0] for b in printed):
                differ.add(" ".join(query))
        load.append(os.getloadavg()[0])

    print(f"tree {tree}; {len(listed)} queries ({sum(map(len, FIND.values()))} find, "
          f"{sum(map(len, DEF.values()))} def) x {options.passes} passes; load average "
          f"{min(load):.1f}..{max(load):.1f}")
    for b, label in enumerate(labels):
        print(f"  {label} = {binaries[b]}")
    groups = [(c, [c]) for c in classes] + [("find (all)", list(FIND)), ("def (all)", list(DEF)),
                                            ("overall", classes)]
    header = f"{'ms':<12} {'binary':<22} {'wall p50':>8} {'wall p95':>8} {'cpu p50':>8} {'cpu p95':>8}"
    if len(binaries) > 1:
        header += f" {'wall50 /0':>9} {'cpu50 /0':>9}"
    print(header)
    for name, members in groups:
        reference = None
        for b, label in enumerate(labels):
            w = [v for c in members for v in wall[b, c]]
            c_ = [v for c in members for v in cpu[b, c]]
            row = (f"{name:<12} {label[:22]:<22} {percentile(w, 50):8.1f} {percentile(w, 95):8.1f} "
                   f"{percentile(c_, 50):8.1f} {percentile(c_, 95):8.1f}")
            if reference is None:
                reference = (percentile(w, 50), percentile(c_, 50))
            elif len(binaries) > 1:
                row += f" {percentile(w, 50) / reference[0]:9.2f} {percentile(c_, 50) / max(reference[1], 1e-9):9.2f}"
            print(row + f"  (n={len(w)})")
    if len(binaries) > 1:
        print(f"same answers as {labels[0]}: {len(listed) - len(differ)}/{len(listed)} queries" +
              (f"; different: {', '.join(sorted(differ))}" if differ else ""))
    if options.instructions:
        print("instructions (callgrind, one run of the first query of each class):")
        preload = map_cap(caches[0].name)
        firsts = {}
        for label, query in listed:
            firsts.setdefault(label, query)
        for label, query in firsts.items():
            counts = [instructions(ax, tree, query, environment, preload) for ax, environment in zip(binaries, environments)]
            shown = "  ".join(f"{n / 1e6:9.1f} M" if n else f"{'failed':>11}" for n in counts)
            ratio = f"  {counts[-1] / counts[0]:.2f}" if len(counts) > 1 and counts[0] and counts[-1] else ""
            print(f"  {label:<12} {' '.join(query):<40} {shown}{ratio}")


if __name__ == "__main__":
    main()
