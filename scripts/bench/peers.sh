#!/usr/bin/env bash
# ax beside the tools it replaces, on one copy of a tree, one cold run each:
#   scripts/bench/peers.sh TREE|go|linux|mixed [LABEL=AX_BINARY ...]
# Peers: universal-ctags (`ctags -R`: definitions), GNU global (`gtags` with GTAGSLABEL=new-ctags:
# definitions + references), codesearch (`cindex`: full text) -- Debian packages universal-ctags,
# global, codesearch. Prints wall, CPU (user+sys), peak RSS and index size for each, their sum, and
# each ax's ratios to that sum. Several ax builds may be compared in the same run (e.g.
# `base=/work/perf-base/build/ax new=build/ax`); they run one after the other, alternating with nothing
# else, each from an empty .ax/. Default: ax=$AX or build/ax. AX_THREADS sets --threads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: peers.sh TREE|go|linux|mixed [LABEL=AX_BINARY ...]" >&2; exit 2; }
source_tree=$1; shift
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "peers.sh: $source_tree is not a directory" >&2; exit 1; }
builds=("$@")
[[ ${#builds[@]} -gt 0 ]] || builds=("ax=${AX:-$repo/build/ax}")
for tool in ctags gtags cindex; do
  command -v "$tool" >/dev/null || { echo "peers.sh: $tool is missing (apt-get install universal-ctags global codesearch)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$source_tree" "$work/tree"  # the tools write beside or inside the tree: keep the source pristine
rm -rf "$work/tree/.ax"
tree=$work/tree
mkdir -p "$work/out"

# Runs a command; appends "label wall cpu rss_kib size_bytes" to the results.
results=()
measure() {  # label index_path command...
  local label=$1 index=$2; shift 2
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || {
    echo "peers.sh: $label failed:" >&2; tail -5 "$work/stderr" >&2; exit 1; }
  read -r wall user sys rss <"$work/time"
  local size
  size=$(du -sb "$index" | cut -f1)
  results+=("$label $wall $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $rss $size")
}

files=$(find "$tree" -type f | wc -l)
echo "tree: $source_tree: $files files, $(du -sm "$tree" | cut -f1) MB; $(nproc) cores"
measure "ctags -R" "$work/out/tags" ctags -R -f "$work/out/tags" "$tree"
mkdir -p "$work/out/gtags"
measure "gtags" "$work/out/gtags" env GTAGSLABEL=new-ctags gtags -C "$tree" "$work/out/gtags"
measure "cindex" "$work/out/csearchindex" env CSEARCHINDEX="$work/out/csearchindex" cindex "$tree"
peers=${#results[@]}
threads=()
[[ -n "${AX_THREADS:-}" ]] && threads=(--threads "$AX_THREADS")
for build in "${builds[@]}"; do
  label=${build%%=*}; binary=${build#*=}
  rm -rf "$tree/.ax"
  measure "$label" "$tree/.ax" "$binary" index --quiet "${threads[@]}" "$tree"
done

printf '%s\n' "${results[@]}" | awk -v peers="$peers" '
  { label[NR] = $1; for (i = 2; i < NF - 3; ++i) label[NR] = label[NR] " " $i
    wall[NR] = $(NF-3); cpu[NR] = $(NF-2); rss[NR] = $(NF-1); size[NR] = $NF }
  END {
    printf "%-14s %9s %9s %10s %11s\n", "", "wall s", "CPU s", "peak RSS", "index size"
    for (i = 1; i <= NR; ++i) {
      printf "%-14s %9.2f %9.2f %7.0f MB %8.1f MB\n", label[i], wall[i], cpu[i], rss[i] / 1024, size[i] / 1e6
      if (i <= peers) { sw += wall[i]; sc += cpu[i]; ss += size[i] }
      if (i == peers) printf "%-14s %9.2f %9.2f %10s %8.1f MB\n", "peers (sum)", sw, sc, "", ss / 1e6
    }
    for (i = peers + 1; i <= NR; ++i)
      printf "%s / peers: %.2fx wall, %.2fx CPU, %.2fx size\n", label[i], wall[i] / sw, cpu[i] / sc, size[i] / ss
  }'
