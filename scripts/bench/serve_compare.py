#!/usr/bin/env python3
# Two ax clients side by side against one `ax serve`: whole-process latency of `ax find`/`ax def`
# answered by the server (wall time of a new process, as serve_bench.sh measures it, and its CPU
# time, which a busy machine inflates less), each query asked by both clients in turn so that both
# see the same load. One server (AFTER's, --no-watch) answers both: what differs is the client path.
#   scripts/bench/serve_compare.py BEFORE_AX AFTER_AX TREE [REPEATS]
# TREE must be indexed (an index AFTER can read) and have no server running; REPEATS (default 5)
# passes over the 15 find and 15 def queries of serve_bench.sh, after one pass that fills the cache.
# Prints p50/p95 per client, the `ax --version` floor, and whether both printed the same bytes; fails
# when a client ran locally instead of asking the server (the server's request count says so).
import json, os, resource, statistics, subprocess, sys, time

if len(sys.argv) < 4:
    sys.exit("usage: serve_compare.py BEFORE_AX AFTER_AX TREE [REPEATS]")
clients = {"before": os.path.abspath(sys.argv[1]), "after": os.path.abspath(sys.argv[2])}
tree = sys.argv[3]
repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
FINDS = ["parse request", "http server", "read file", "json decoder", "mutex lock", "context cancel",
         "buffer write", "tls handshake", "url query escape", "time format layout", "gzip reader",
         "sort slice", "base64 encoding", "signal notify", "tcp listener accept"]
DEFS = ["NewReader", "Marshal", "ListenAndServe", "Sprintf", "Open", "Copy", "NewRequest", "Unmarshal",
        "Join", "Atoi", "ReadAll", "Dial", "Parse", "WithCancel", "NewEncoder"]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(ax, args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([ax] + args, cwd=tree, capture_output=True)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu, (done.returncode, done.stdout, done.stderr)


def requests():
    status = subprocess.run([clients["after"], "status", "--json"], cwd=tree, capture_output=True, check=True)
    return json.loads(status.stdout)["server"]["requests"]


server = subprocess.Popen([clients["after"], "serve", "--no-watch"], cwd=tree, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
try:
    if not server.stderr.readline().startswith("serving"):
        sys.exit("serve_compare.py: ax serve did not start")
    print(f"tree {tree}; load average {os.getloadavg()[0]:.1f}; {repeats} passes; clients: "
          + ", ".join(f"{label} {ax}" for label, ax in clients.items()))
    for label, commands in (("ax --version (process floor)", [["--version"]] * 15),
                            ("find through the server, cached", [["find"] + q.split() for q in FINDS]),
                            ("def through the server, cached", [["def", q] for q in DEFS])):
        for command in commands:  # the cache filled: every later ask is a hit
            for ax in clients.values():
                run(ax, command)
        wall = {c: [] for c in clients}
        cpu = {c: [] for c in clients}
        same = 0
        asked = requests()
        for _ in range(repeats):
            for command in commands:
                printed = {}
                for client, ax in clients.items():
                    w, c, printed[client] = run(ax, command)
                    wall[client].append(w)
                    cpu[client].append(c)
                same += printed["before"] == printed["after"]
        served = requests() - asked - 1  # the status request before
        for client in clients:
            print(f"{label:<34} {client:<7} p50 {statistics.median(wall[client]):6.2f} ms   p95 "
                  f"{pct(wall[client], 95):6.2f} ms   CPU p50 {statistics.median(cpu[client]):5.2f} ms   "
                  f"(n={len(wall[client])})")
        if commands[0] != ["--version"]:
            expected = repeats * len(commands) * len(clients)
            print(f"{'':<34} same output from both: {same}/{repeats * len(commands)}; server answered "
                  f"{served}/{expected}")
            if served < expected:
                sys.exit("serve_compare.py: a client ran locally instead of asking the server")
finally:
    server.terminate()
    server.wait(timeout=30)
