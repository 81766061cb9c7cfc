#!/usr/bin/env bash
# `ax serve` on a real tree: whole-process latency of `ax find`/`ax def` through the server against
# local, and a replayed session (repeated and new queries, edits in between) with the cache's hit
# rate, every served answer checked byte for byte against a cold local query of the same index (find
# --json queries among them, so that scores are compared too, not only the order of hits).
#   scripts/bench/serve_bench.sh [TREE] [QUERIES]   (TREE default /usr/share/go-1.19/src from the Debian
#                                                  package golang-1.19-src, else corpus.sh go;
#                                                  QUERIES in the session, default 600)
# Prints: p50/p95 in ms of find and def, through the server (answers cached), through the server
# with a cold cache, and local (AX_NO_SERVER=1), target p50 <= 5 ms through the server; write ->
# found (a function appended to a file, `ax def` of it at once in a new process: read-your-writes,
# target p95 <= 200 ms; PROBES=N writes, default 20); then the
# session: queries, edits, hit rate (target > 80%), stale answers (target 0), cache counters.
# The edits are picked up by the server's own watcher (status "watching"; with --no-watch in
# SERVE_ARGS, by `ax index` runs, which the server cannot attribute to files: they empty its cache).
set -euo pipefail
cd "$(dirname "$0")/../.."
AX=${AX:-$PWD/build/ax}
tree=${1:-/usr/share/go-1.19/src}
[[ -d "$tree" ]] || tree=$(scripts/bench/corpus.sh go)
queries=${2:-600}
work=$(mktemp -d)
server=
trap '[[ -n "$server" ]] && kill -INT "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$tree" "$work/tree"  # the index lives inside the tree, and the session edits it
cd "$work/tree"
git init -q .  # the repository root, so that edits under it are seen by `ax index`
echo "tree: $tree: $(find . -type f | wc -l) files; $(nproc) cores"
"$AX" index --quiet
# shellcheck disable=SC2086
"$AX" serve ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 100); do grep -q "^serving" "$work/serve.err" && break; sleep 0.1; done
grep -q "^serving" "$work/serve.err" || { cat "$work/serve.err"; exit 1; }

AX="$AX" python3 - "$queries" <<'PY'
import json, os, random, statistics, subprocess, sys, time

AX = os.environ["AX"]
LOCAL = dict(os.environ, AX_NO_SERVER="1")

def run(args, env=None):
    started = time.perf_counter()
    p = subprocess.run([AX] + args, capture_output=True, env=env)
    return (time.perf_counter() - started) * 1000, (p.returncode, p.stdout, p.stderr)

def status():
    return json.loads(subprocess.run([AX, "status", "--json"], capture_output=True, check=True).stdout)["server"]

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

FINDS = ["parse request", "http server", "read file", "json decoder", "mutex lock", "context cancel",
         "buffer write", "tls handshake", "url query escape", "time format layout", "gzip reader",
         "sort slice", "base64 encoding", "signal notify", "tcp listener accept"]
DEFS = ["NewReader", "Marshal", "ListenAndServe", "Sprintf", "Open", "Copy", "NewRequest", "Unmarshal",
        "Join", "Atoi", "ReadAll", "Dial", "Parse", "WithCancel", "NewEncoder"]

def latency(label, commands, env, repeat):
    times = []
    for _ in range(repeat):
        for command in commands:
            times.append(run(command, env)[0])
    print(f"{label:<34} p50 {statistics.median(times):7.1f} ms   p95 {pct(times, 95):7.1f} ms   ({len(times)} runs)")

def wait_for_update(updates, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        s = status()
        if s["updates"] > updates and not s.get("updating", False):
            return True
        time.sleep(0.01)
    return False

working_set = None
watching = status().get("watching", False)
if watching:
    wait_for_update(0)  # the server's first scan of the tree

# Latency: cold cache (first ask of each query), then cached, then local; `ax --version` is the
# floor of any ax process on this machine now (the load average says how busy it is).
print(f"load average {os.getloadavg()[0]:.1f}")
latency("ax --version (process floor)", [["--version"]], None, 30)
for kind, words in (("find", FINDS), ("def", DEFS)):
    commands = [[kind] + w.split() for w in words]
    latency(f"{kind} through server, cold cache", commands, None, 1)
    latency(f"{kind} through server, cached", commands, None, 5)
    latency(f"{kind} local (AX_NO_SERVER=1)", commands, LOCAL, 2)

# Read-your-writes: a function appended to a Go file, then `ax def` of it in a new process at once
# (asked again every 20 ms until found): write -> found, whole process, with the server's defaults.
if watching:
    rng_probe = random.Random(5)
    probe_files = sorted(os.path.join(d, f) for d, _, fs in os.walk(".") if ".ax" not in d and "testdata" not in d
                         for f in fs if f.endswith(".go") and not f.endswith("_test.go"))
    found_after, retries = [], 0
    for n in range(int(os.environ.get("PROBES", "20"))):
        time.sleep(0.5)  # the tree quiet before each write
        name = f"ServeBenchProbe{n}x{rng_probe.randrange(1 << 30)}"
        written = time.perf_counter()
        with open(rng_probe.choice(probe_files), "a") as f:
            f.write(f"\nfunc {name}() {{}}\n")
        while True:
            _, (code, out, _) = run(["def", name, "--limit", "1"])
            if code == 0 and name.encode() in out:
                break
            retries += 1
            if time.perf_counter() - written > 30:
                raise SystemExit(f"{name} not found within 30 s")
            time.sleep(0.02)
        found_after.append((time.perf_counter() - written) * 1000)
    print(f"{'write -> found by ax def (server)':<34} p50 {statistics.median(found_after):7.1f} ms   "
          f"p95 {pct(found_after, 95):7.1f} ms   ({len(found_after)} writes; {retries} asks missed it)")

# The session: a popular set asked again and again (90%, Zipf), new queries (5%: words never asked),
# definitions of names the edits added (5%), and an edit every 25 queries (a function appended to a
# random Go file of the tree, or with EDIT_FILES=N of N files picked at the start). "First asks" are
# misses no cache can avoid.
queries = int(sys.argv[1])
rng = random.Random(16)
popular = [["find"] + w.split() for w in FINDS] + [["def", w] for w in DEFS] + \
          [["refs", "Sprintf"], ["flow", "deps", "net/http/server.go"], ["def", "NewReader", "--json"],
           ["find", "mutex", "lock", "--json"], ["find", "read", "file", "--json"]]  # scores compared too
weights = [1 / (i + 1) ** 1.1 for i in range(len(popular))]
go_files = [os.path.join(d, f) for d, _, fs in os.walk(".") if ".ax" not in d and "testdata" not in d
            for f in fs if f.endswith(".go") and not f.endswith("_test.go")]
before = status()["cache"]
visible = []
if int(os.environ.get("EDIT_FILES", "0")) > 0:  # the files a developer works on, edited again and again
    working_set = rng.sample(go_files, int(os.environ["EDIT_FILES"]))
served = stale = edits = first_asks = 0
asked = {tuple(["find"] + w.split()) for w in FINDS} | {("def", w) for w in DEFS}  # by the latency runs
added = []
for i in range(queries):
    if i % 25 == 24:
        path = rng.choice(working_set or go_files)
        name = f"BenchEdited{edits}Func"
        with open(path, "a") as f:
            f.write(f"\n// {name} was added by serve_bench.\nfunc {name}() int {{ return {edits} }}\n")
        edits += 1
        added.append(name)
        if watching:
            # The edit is applied when the server's update count moves (polled every 10 ms).
            updates = status()["updates"]
            written = time.perf_counter()
            wait_for_update(updates, 30)
            visible.append((time.perf_counter() - written) * 1000)
        else:
            subprocess.run([AX, "index", "--quiet"], check=True, env=LOCAL)
    r = rng.random()
    if r < 0.05 and added:
        command = ["def", rng.choice(added)]          # a name an edit just made
    elif r < 0.10:
        command = ["find", rng.choice(["handler", "reader", "writer", "cache", "token", "frame", "span"]),
                   rng.choice(["close", "flush", "reset", "limit", "retry", "size", "state"]), str(i)]  # new
    else:
        command = rng.choices(popular, weights)[0]
    first_asks += tuple(command) not in asked
    asked.add(tuple(command))
    _, answer = run(command)
    _, cold = run(command, LOCAL)
    served += 1
    if answer != cold:  # byte for byte: the order of hits, and with --json their scores
        stale += 1
        print("STALE:", " ".join(command))
after = status()["cache"]
hits, misses = after["hits"] - before["hits"], after["misses"] - before["misses"]
print(f"session: {served} queries, {edits} edits to {len(working_set) if working_set else 'random'} files "
      f"({'the server watches' if watching else 'ax index after each'}); "
      f"hit rate {100 * hits / max(1, hits + misses):.1f}% ({hits} hits, {misses} misses, of which {first_asks} first asks: "
      f"at most {100 * (served - first_asks) / max(1, served):.1f}% possible); stale answers {stale}")
if visible:
    print(f"edit applied by the server after: p50 {statistics.median(visible):.0f} ms, p95 {pct(visible, 95):.0f} ms "
          f"(the server's debounce included)")
print(f"cache: {after['entries']} entries, {after['bytes'] / 1024:.0f} KiB of {after['max_bytes'] >> 20} MiB; "
      f"evictions {after['evictions'] - before['evictions']}, invalidations {after['invalidations'] - before['invalidations']}, "
      f"expirations {after['expirations'] - before['expirations']}")
PY
