#!/usr/bin/env python3
# `ax serve` on an indexed tree, in place: find/def whole-process p50/p95 (first asks and cached) and
# write -> found (a function appended to a Go file, then `ax def` of it in a new process at once,
# asked again every 20 ms until found), with the server's default settings. For the >= 100k-file
# corpus without writing into the shared copy:
#   mkdir COPY && for d in go java linux python rust; do cp -al ~/.cache/ax-bench/mixed/tree/$d COPY/; done
#   cp -a ~/.cache/ax-bench/mixed/tree/.ax COPY/.ax     # the index must be a real copy: it is written
#   python3 scripts/bench/serve_latency.py build/ax COPY [PROBES]
# The files it appends to (PROBES, default 20, under go/src) are first replaced by copies of their
# own, so that hard-linked sources are never written through.
import json, os, random, shutil, statistics, subprocess, sys, time
AX, TREE = sys.argv[1], sys.argv[2]
PROBES = int(sys.argv[3]) if len(sys.argv) > 3 else 20
os.chdir(TREE)
def run(args):
    t = time.perf_counter(); p = subprocess.run([AX] + args, capture_output=True)
    return (time.perf_counter() - t) * 1000, p
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
def show(label, v):
    print(f"{label:<36} p50 {statistics.median(v):8.1f} ms   p95 {pct(v, 95):8.1f} ms   (n={len(v)})", flush=True)
def status():
    return json.loads(subprocess.run([AX, "status", "--json"], capture_output=True, check=True).stdout)["server"]
rng = random.Random(3)
go = [os.path.join(d, f) for d, _, fs in os.walk("go/src") for f in fs if f.endswith(".go") and "testdata" not in d and not f.endswith("_test.go")]
probes = rng.sample(go, PROBES)
for p in probes:  # own copies: the corpus's inodes are shared
    shutil.copy2(p, p + ".axtmp"); os.replace(p + ".axtmp", p)
started = time.time()
server = subprocess.Popen([AX, "serve"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
while True:
    time.sleep(0.5)
    try:
        s = status()
        if s["updates"] >= 1 and not s["updating"]:
            break
    except Exception:
        pass
print(f"load average {os.getloadavg()[0]:.1f}; server ready (first scan done) after {time.time() - started:.1f} s", flush=True)
try:
    show("ax --version (process floor)", [run(["--version"])[0] for _ in range(20)])
    finds = [["find"] + q.split() for q in ["parse request", "http server", "read file", "mutex lock", "hash map insert", "socket accept", "string builder append", "json decoder", "page fault handler", "thread pool"]]
    defs = [["def", n] for n in ["NewReader", "Marshal", "ListenAndServe", "kmalloc", "HashMap", "ArrayList", "Sprintf", "spin_lock", "urlopen", "Vec"]]
    for label, cmds in (("find", finds), ("def", defs)):
        show(f"{label} through server, first ask", [run(c)[0] for c in cmds])
        show(f"{label} through server, cached", [run(c)[0] for _ in range(3) for c in cmds])
    found = []
    misses = 0
    for n, path in enumerate(probes):
        time.sleep(0.5)
        name = f"BigCorpusProbe{n}x{rng.randrange(1 << 30)}"
        t = time.perf_counter()
        with open(path, "a") as f:
            f.write(f"\nfunc {name}() {{}}\n")
        while True:
            _, p = run(["def", name, "--limit", "1"])
            if p.returncode == 0 and name.encode() in p.stdout:
                break
            misses += 1
            time.sleep(0.02)
        found.append((time.perf_counter() - t) * 1000)
    show("write -> found by ax def (server)", found)
    print(f"asks that missed the write: {misses}; server: {json.dumps(status()['cache'])}", flush=True)
finally:
    server.send_signal(2); server.wait(timeout=60)
