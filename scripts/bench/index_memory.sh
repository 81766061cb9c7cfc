#!/usr/bin/env bash
# Memory and disk traffic of a cold index, several ax builds side by side on one copy of a tree:
#   scripts/bench/index_memory.sh TREE|go|linux|mixed [LABEL=AX_BINARY ...]
# Each build indexes the copy from an empty .ax/, one after the other. Prints, per build: wall, CPU
# (user+sys), bytes written to disk (write_bytes of the reaped process, from /proc/self/io of this
# script's Python, which the kernel credits with its children's I/O), RssAnon sampled every second
# (maximum, and at 25/50/75/100% of the run: flat is the goal) beside RssFile (LMDB's map), peak RSS
# and the size of .ax/. Default build: ax=$AX or build/ax. AX_ARGS adds options before `index`
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
import os, resource, subprocess, sys, time

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
child = subprocess.Popen([binary, *extra, "index", "--quiet", tree], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
samples = []  # (seconds, RssAnon KiB, RssFile KiB)
while child.poll() is None:
    s = status_kib(child.pid, ("RssAnon", "RssFile"))
    if "RssAnon" in s:
        samples.append((time.monotonic() - start, s["RssAnon"], s.get("RssFile", 0)))
    time.sleep(1)
wall = time.monotonic() - start
err = child.stderr.read().decode(errors="replace")
if child.returncode != 0:
    sys.exit(f"index_memory.sh: {label} failed ({child.returncode}): {err.strip()[-300:]}")
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
print(f"{label}: RssAnon max {mb(anon_max):.0f} MB; at 25/50/75/100% of the run "
      + " / ".join(f"{mb(at(q)[1]):.0f}" for q in (0.25, 0.5, 0.75, 0.999))
      + " MB; RssFile at the end " + f"{mb(at(0.999)[2]):.0f} MB")
EOF
done
