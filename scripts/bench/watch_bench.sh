#!/usr/bin/env bash
# ax watch on a real tree: how soon a saved file is searchable, how long a branch switch takes to
# settle, and update_paths (one batch of ax watch) against `ax index` after the same one-file change.
#   scripts/bench/watch_bench.sh [TREE|go] [SAMPLES]
# The tree is copied to $AX_WATCH_BENCH_DIR (default: a temporary directory) and indexed cold there
# unless that directory already holds an index (then it is brought up to date with ax index), so
# repeated runs can reuse one copy. Every file the benchmark changes is restored at the end.
# Prints medians and p95 of:
#   latency   write -> committed (the batch's commit time in `ax watch --json`), and write -> the
#             first `ax def` (a new process, polled every 20 ms) that finds the new symbol
#   switch    1,000 files modified at once (as `git checkout` of another branch would) -> the batch
#             that applied them committed; and back again
#   update    update_paths' seconds for a one-file change (ax watch's batch) against `ax index`
#             after the same change (its in-process seconds, and the whole process's wall time)
# AX=path/to/ax (default build/ax); DEBOUNCE=ms (default 50), or DEBOUNCE=default for ax watch's
# own settings (300 ms, 30 ms for a batch of a few paths: a lone save).
#
#   scripts/bench/watch_bench.sh --soak [TREE] [OPERATIONS]
# A compressed soak: OPERATIONS (default 2000) random edits, creates, deletes, renames of files and
# of directories on a copy of TREE (default: the go/ folder of the Go corpus) while ax watch runs,
# then the watched index against a cold index of the final tree (files, symbols, imports,
# references per language; the import graph), and ax watch's resident memory along the way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
ax=${AX:-$repo/build/ax}
if [[ "${1:-}" == --soak ]]; then
  source_tree=${2:-$("$here/corpus.sh" go)/src/go}
  [[ -d "$source_tree" ]] || { echo "watch_bench.sh: $source_tree is not a directory" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp -r "$source_tree" "$work/watched" && rm -rf "$work/watched/.ax"
  "$ax" index "$work/watched" --quiet
  AX_BIN=$ax WORK=$work OPERATIONS=${3:-2000} DEBOUNCE=${DEBOUNCE:-50} python3 - <<'PYTHON'
import json, os, random, shutil, signal, subprocess, threading, time

ax, work, operations, debounce = os.environ["AX_BIN"], os.environ["WORK"], int(os.environ["OPERATIONS"]), os.environ["DEBOUNCE"]
watched = os.path.join(work, "watched")
rng = random.Random(11)
watch = subprocess.Popen([ax, "watch", watched, "--json", "--debounce", debounce], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
lines = []
threading.Thread(target=lambda: [lines.append(json.loads(l)) for l in watch.stdout], daemon=True).start()
while not lines:
    time.sleep(0.05)

def rss_kib():
    with open(f"/proc/{watch.pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))

# The tree's Go files, kept in step with the operations (a walk per operation would dominate a long soak).
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(watched) if "/.ax" not in d for f in fs if f.endswith(".go"))
sample_every = max(200, operations // 25)

memory = [rss_kib()]
counts = {"edit": 0, "create": 0, "delete": 0, "rename": 0, "mkdir": 0, "rmdir": 0}
started = time.time()
def forget(path):
    index = files.index(path)
    files[index] = files[-1]
    files.pop()

for n in range(operations):
    op = rng.choices(list(counts), weights=[50, 15, 10, 15, 5, 5])[0]
    if op == "edit" and files:
        with open(rng.choice(files), "a") as f:
            f.write(f"\nfunc SoakEdit{n}() {{}}\n")
    elif op == "create" and files:
        target = os.path.join(os.path.dirname(rng.choice(files)), f"soak_{n}.go")
        with open(target, "w") as f:
            f.write(f"package soak\n\nfunc SoakCreated{n}() {{}}\n")
        files.append(target)
    elif op == "delete" and files:
        victim = rng.choice(files)
        os.remove(victim)
        forget(victim)
    elif op == "rename" and files:
        source = rng.choice(files)
        target = os.path.join(os.path.dirname(source), f"renamed_{n}.go")
        os.replace(source, target)
        forget(source)
        files.append(target)
    elif op == "mkdir":
        directory = os.path.join(watched, f"soakdir_{n}", "inner")
        os.makedirs(directory)
        for i in range(3):
            with open(os.path.join(directory, f"f{i}.go"), "w") as f:
                f.write(f"package inner\n\nfunc SoakDir{n}x{i}() {{}}\n")
            files.append(os.path.join(directory, f"f{i}.go"))
    elif op == "rmdir":
        made = [d for d in os.listdir(watched) if d.startswith("soakdir_")]
        if made:
            gone = os.path.join(watched, rng.choice(made))
            shutil.rmtree(gone)
            files = [f for f in files if not f.startswith(gone + os.sep)]
    counts[op] += 1
    if n % sample_every == 0:
        memory.append(rss_kib())
    time.sleep(rng.random() * 0.01)
busy = time.time() - started
# Settled: no batch for 3 s.
while True:
    seen = len(lines)
    time.sleep(3)
    if len(lines) == seen:
        break
memory.append(rss_kib())
watch.send_signal(signal.SIGINT)
watch.wait(timeout=30)
summary = lines[-1]
print(f"soak: {operations} operations in {busy:.1f} s ({counts}); ax watch applied {summary['batches']} batches "
      f"({summary['scans']} scans of the whole tree), {summary['indexing_seconds']:.1f} s indexing")
print(f"ax watch resident memory (MiB), every {sample_every} operations: " + " ".join(f"{m / 1024:.0f}" for m in memory))

cold = os.path.join(work, "cold")
shutil.copytree(watched, cold, ignore=shutil.ignore_patterns(".ax"))
subprocess.run([ax, "index", cold, "--quiet"], check=True)
def state(root):
    status = json.loads(subprocess.run([ax, "status", "--json"], cwd=root, capture_output=True, text=True, check=True).stdout)
    graph = subprocess.run([ax, "flow", "graph", "--json"], cwd=root, capture_output=True, text=True).stdout
    keep = {k: status[k] for k in ("files", "symbols", "imports", "references", "languages")}
    return keep, graph
# The search side too: def of names the soak wrote, and find queries, answered alike by both indexes
# (find's hits compared as sets of lines: equal scores may tie in another order).
names = sorted({line.split("(")[0].split()[-1] for path in rng.sample(files, min(40, len(files)))
                for line in open(path, errors="replace") if line.startswith("func Soak")})[:40]
def answers(root):
    out = []
    for name in names:
        out.append(subprocess.run([ax, "def", name, "--no-server"], cwd=root, capture_output=True, text=True).stdout)
    for words in (["soak", "edit"], ["created"], ["parse", "file"], ["token", "position"], ["inner"]):
        hits = subprocess.run([ax, "find", *words, "--limit", "50", "--no-server"], cwd=root, capture_output=True,
                              text=True).stdout
        out.append(sorted(hits.splitlines()))
    return out
watched_state, cold_state = state(watched) + (answers(watched),), state(cold) + (answers(cold),)
print(f"search: {len(names)} def names and 5 find queries compared")
for label, a, b in (("status", watched_state[0], cold_state[0]), ("import graph", watched_state[1], cold_state[1]),
                    ("def/find answers", watched_state[2], cold_state[2])):
    print(f"{label}: {'equal' if a == b else 'DIFFERENT'}")
    if a != b and label == "status":
        print(f"  watched: {json.dumps(a)}\n  cold:    {json.dumps(b)}")
    if a != b and label == "def/find answers":  # the first question answered differently, both answers
        asked = [f"def {name}" for name in names] + ["find soak edit", "find created", "find parse file",
                                                     "find token position", "find inner"]
        first = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        only_watched = sorted(set(a[first] if isinstance(a[first], list) else a[first].splitlines()) -
                              set(b[first] if isinstance(b[first], list) else b[first].splitlines()))
        only_cold = sorted(set(b[first] if isinstance(b[first], list) else b[first].splitlines()) -
                           set(a[first] if isinstance(a[first], list) else a[first].splitlines()))
        print(f"  first differing: {asked[first]}")
        print("  only in the watched index's answer:\n    " + "\n    ".join(only_watched[:10]))
        print("  only in the cold index's answer:\n    " + "\n    ".join(only_cold[:10]))
PYTHON
  exit 0
fi
source_tree=${1:-go}
samples=${2:-20}
[[ "$source_tree" == go ]] && source_tree=$("$here/corpus.sh" go)
[[ -d "$source_tree" ]] || { echo "watch_bench.sh: $source_tree is not a directory" >&2; exit 1; }
[[ "$samples" =~ ^[0-9]+$ && "$samples" -ge 5 ]] || { echo "watch_bench.sh: SAMPLES must be a number >= 5" >&2; exit 2; }

if [[ -n "${AX_WATCH_BENCH_DIR:-}" ]]; then
  tree=$AX_WATCH_BENCH_DIR
else
  tree=$(mktemp -d)/tree
  trap 'rm -rf "$(dirname "$tree")"' EXIT
fi
if [[ ! -d "$tree/.ax/store" ]]; then
  mkdir -p "$tree"
  cp -r "$source_tree/." "$tree/"
  rm -rf "$tree/.ax"
  echo "cold index of $tree ($(find "$tree" -type f | wc -l) files)..."
  /usr/bin/time -f "cold index: %e s wall" "$ax" index "$tree" --quiet
else
  "$ax" index "$tree" --quiet
fi

AX_BIN=$ax TREE=$tree SAMPLES=$samples DEBOUNCE=${DEBOUNCE:-50} python3 - <<'PYTHON'
import json, os, queue, random, signal, statistics, subprocess, threading, time

ax, tree, samples, debounce = os.environ["AX_BIN"], os.environ["TREE"], int(os.environ["SAMPLES"]), os.environ["DEBOUNCE"]
go_files = sorted(
    os.path.relpath(os.path.join(d, f), tree)
    for d, dirs, files in os.walk(tree)
    if "/.ax" not in d and "testdata" not in d
    for f in files
    if f.endswith(".go") and not f.endswith("_test.go")
)
random.Random(7).shuffle(go_files)
originals = {}

def append(path, text):
    full = os.path.join(tree, path)
    if path not in originals:
        with open(full, "rb") as f:
            originals[path] = f.read()
    with open(full, "ab") as f:
        f.write(text.encode())

def restore():
    for path, data in originals.items():
        with open(os.path.join(tree, path), "wb") as f:
            f.write(data)

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

def line(label, values, unit="ms", scale=1000):
    print(f"{label:<44} median {statistics.median(values) * scale:8.1f} {unit}   p95 {pct(values, 95) * scale:8.1f} {unit}   (n={len(values)})")

# --- ax watch, its JSON lines read on a thread ---
# DEBOUNCE=default: ax watch's own settings (watch.debounce_ms, watch.quick_debounce_ms).
watch = subprocess.Popen([ax, "watch", tree, "--json"] + ([] if debounce == "default" else ["--debounce", debounce]),
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
events = queue.Queue()
threading.Thread(target=lambda: [events.put(json.loads(l)) for l in watch.stdout], daemon=True).start()

def next_event(kind, timeout=60):
    deadline = time.time() + timeout
    while True:
        e = events.get(timeout=max(0.01, deadline - time.time()))
        if e["event"] == kind:
            return e

def batch_with(path, timeout=60):
    while True:
        e = next_event("batch", timeout)
        if e["full_scan"] or path in e["changed_paths"]:
            return e

try:
    ready = next_event("ready", 600)
    print(f"tree: {tree}: {len(go_files)} Go files (not tests) among the indexed; ax watch: {ready['directories']} "
          f"directories watched, debounce {debounce}{'' if debounce == 'default' else ' ms'}")
    # Warm-up: the first batch loads the language plugins.
    append(go_files[0], "\n// ax watch bench warm-up\n")
    batch_with(go_files[0])

    commit_latency, query_latency, update_seconds, phases = [], [], [], []
    for i in range(samples):
        path = go_files[1 + i]
        name = f"AxWatchBenchProbe{i}x{random.randrange(1 << 30)}"
        time.sleep(0.3)  # the tree quiet before each edit
        written = time.time()
        append(path, f"\nfunc {name}() {{}}\n")
        # the first `ax def` that finds it
        while True:
            found = subprocess.run([ax, "def", name, "--limit", "1"], cwd=tree, capture_output=True, text=True)
            if found.returncode == 0 and name in found.stdout:
                query_latency.append(time.time() - written)
                break
            if time.time() - written > 30:
                raise SystemExit(f"{name} not searchable within 30 s")
            time.sleep(0.02)
        batch = batch_with(path)
        commit_latency.append(batch["time_ms"] / 1000 - written)
        phases.append(batch["phases"])
        update_seconds.append(batch["seconds"])

    line("write -> committed (batch time)", commit_latency)
    line("write -> found by a new `ax def` process", query_latency)

    # --- a branch switch: 1,000 files changed at once, and back ---
    switch = go_files[1 + samples:1 + samples + 1000]
    settle = []
    for direction in ("switch", "back"):
        time.sleep(1)
        while not events.empty():
            events.get()
        started = time.time()
        for path in switch:
            if direction == "switch":
                append(path, "\n// another branch\n")
            else:
                with open(os.path.join(tree, path), "wb") as f:
                    f.write(originals[path])
        last = None
        while True:  # until a batch brought the last file written, then 2 s without another batch
            try:
                e = next_event("batch", 2 if last else 120)
            except queue.Empty:
                break
            last = e
        settle.append(last["time_ms"] / 1000 - started)
        print(f"branch {direction:<6}: {len(switch)} files -> settled in {settle[-1]:6.2f} s "
              f"(last batch: {'scan of the whole tree' if last['full_scan'] else 'update_paths'}, "
              f"{last['parsed']} parsed in {last['seconds']:.2f} s)")
finally:
    watch.send_signal(signal.SIGINT)
    watch.wait(timeout=30)
    restore()

# --- update_paths against ax index after one change ---
subprocess.run([ax, "index", tree, "--quiet"], check=True)  # the restored files
index_seconds, index_wall = [], []
for i in range(max(5, samples // 3)):
    path = go_files[1 + i]
    append(path, f"\n// ax index bench {i}\n")
    started = time.time()
    out = subprocess.run([ax, "index", tree, "--json"], capture_output=True, text=True, check=True)
    index_wall.append(time.time() - started)
    index_seconds.append(json.loads(out.stdout)["seconds"])
restore()
subprocess.run([ax, "index", tree, "--quiet"], check=True)
line("update_paths, one file (ax watch batch)", update_seconds)
print("  of which (medians, ms): " + ", ".join(
    f"{k} {statistics.median(p[k] for p in phases) * 1000:.1f}" for k in phases[0]))
line("ax index after one change (in-process)", index_seconds)
line("ax index after one change (whole process)", index_wall)
print(f"ax index / update_paths (medians): {statistics.median(index_seconds) / statistics.median(update_seconds):.1f}x "
      f"in-process, {statistics.median(index_wall) / statistics.median(update_seconds):.1f}x whole process")
PYTHON
