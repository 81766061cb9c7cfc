#!/usr/bin/env bash
# Memory and disk traffic of a cold index, several ax builds side by side on one copy of a tree:
#   scripts/bench/index_memory.sh TREE|go|linux|mixed [LABEL=AX_BINARY ...]
# Each build indexes the copy from an empty .ax/, one after the other. Prints, per build: wall, CPU
# (user+sys), bytes written to disk (write_bytes of the reaped process, from /proc/self/io of this
# script's Python, which the kernel credits with its children's I/O), RssAnon sampled twice a second
# (maximum, when and in which phase it happened, and at 25/50/75/100% of the run: flat is the goal)
# beside RssFile (LMDB's map), peak RSS and the size of .ax/; then the run's own samples (ax index
# --json): RssAnon, RssFile and the allocator's heap in use every 10000 files and at the end of each
# phase after them. Default build: ax=$AX or build/ax. AX_ARGS adds options before `index`
# (e.g. AX_ARGS="-c index.search_buffer=32MiB").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: index_memory.sh TREE|go|linux|mixed [LABEL=AX_BINARY ...]" >&2; exit 2; }
source_tree=$1; shift
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "index_memory.sh: $source_tree is not a directory" >&2; exit 1; }
builds=("$@")
[[ ${#builds[@]} -gt 0 ]] || builds=("ax=${AX:-$repo/build/ax}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tree"
# The index lives inside the tree: index a copy, never the source's own .ax/.
(cd "$source_tree" && tar --exclude=./.ax -cf - .) | (cd "$work/tree" && tar -xf -)
echo "tree: $source_tree: $(find "$work/tree" -type f | wc -l) files, $(du -sm "$work/tree" | cut -f1) MB; $(nproc) cores"

for build in "${builds[@]}"; do
  label=${build%%=*}; binary=${build#*=}
  rm -rf "$work/tree/.ax"
  sync
  # shellcheck disable=SC2086
  python3 - "$label" "$binary" "$work/tree" ${AX_ARGS:-} <<'EOF'
import json, os, resource, subprocess, sys, time

label, binary, tree, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]

def io_written(pid="self"):
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("write_bytes:"):
                return int(line.split()[1])
    return 0

def status_kib(pid, keys):
    found = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key = line.split(":")[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found

before = io_written()
start = time.monotonic()
out_path, err_path = os.path.join(tree, "..", f"{label}.out"), os.path.join(tree, "..", f"{label}.err")
with open(out_path, "wb") as out, open(err_path, "wb") as err_file:
    child = subprocess.Popen([binary, *extra, "index", "--json", tree], stdout=out, stderr=err_file)
    samples = []  # (seconds, RssAnon KiB, RssFile KiB)
    while child.poll() is None:
        s = status_kib(child.pid, ("RssAnon", "RssFile"))
        if "RssAnon" in s:
            samples.append((time.monotonic() - start, s["RssAnon"], s.get("RssFile", 0)))
        time.sleep(0.5)
wall = time.monotonic() - start
err = open(err_path, errors="replace").read()
if child.returncode != 0:
    sys.exit(f"index_memory.sh: {label} failed ({child.returncode}): {err.strip()[-300:]}")
try:
    run = json.load(open(out_path))
except ValueError:
    run = {}
memory = run.get("memory", [])
for m in memory:  # an earlier ax tells neither phase nor time
    m.setdefault("phase", "files")
    m.setdefault("seconds", None)
timed = all(m["seconds"] is not None for m in memory)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
written = io_written() - before
size = 0
for root, _, files in os.walk(os.path.join(tree, ".ax")):
    for name in files:
        try:
            size += os.path.getsize(os.path.join(root, name))
        except OSError:
            pass
mb = lambda kib: kib / 1024
at = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] if samples else (0, 0, 0)
anon_max = max((s[1] for s in samples), default=0)
print(f"{label}: wall {wall:.1f} s, CPU {ru.ru_utime + ru.ru_stime:.1f} s, written {written / 2**20:.0f} MB, "
      f"peak RSS {ru.ru_maxrss / 1024:.0f} MB, .ax {size / 2**20:.0f} MB")

# Where the maximum happened: the run's own samples end its phases (seconds since the run began,
# which is within a moment of the process's start).
def phase_at(seconds):
    before = None
    for m in memory:
        if m["seconds"] >= seconds:
            if m["phase"] == "files":
                return f"files, between {before['files'] if before else 0} and {m['files']}"
            return "files, after the last sample" if m["phase"] == "files done" else m["phase"]
        before = m
    return "exit"
peak = max(samples, key=lambda s: s[1], default=(0, 0, 0))
print(f"{label}: RssAnon max {mb(anon_max):.0f} MB at {peak[0]:.0f} s ({peak[0] / wall * 100:.0f}% of the run; "
      f"phase: {phase_at(peak[0]) if memory and timed else 'unknown'}); at 25/50/75/100% of the run "
      + " / ".join(f"{mb(at(q)[1]):.0f}" for q in (0.25, 0.5, 0.75, 0.999))
      + " MB; RssFile at the end " + f"{mb(at(0.999)[2]):.0f} MB")
for m in memory:
    where = f"at {m['files']} files" if m["phase"] == "files" else f"after {m['phase']}"
    heap = (f", heap in use {mb(m['heap_allocated'] / 1024):.0f} MB of {mb(m['heap_resident'] / 1024):.0f}"
            if m.get("heap_resident") else "")
    when = f" ({m['seconds']:.0f} s)" if m["seconds"] is not None else ""
    print(f"{label}:   {where}{when}: RssAnon {mb(m['rss_anon'] / 1024):.0f} MB, "
          f"RssFile {mb(m['rss_file'] / 1024):.0f} MB{heap}")
EOF
done
