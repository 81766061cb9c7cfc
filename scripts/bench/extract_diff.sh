#!/usr/bin/env bash
# Compares what two builds' language plugins extract from the same tree: every symbol (all fields),
# reference and import of every file, dumped by build/bench-extract-dump with each plugin directory.
#   scripts/bench/extract_diff.sh BASE_PLUGIN_DIR TREE [MAX_FILES_PER_LANGUAGE]
# e.g. scripts/bench/extract_diff.sh /work/main/build/plugins "$(scripts/bench/corpus.sh go)/src" 400
# The other side is this worktree's build/plugins. Prints the file, symbol, reference and import
# counts of both and the first differing lines; exits 1 when they differ.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BASE_PLUGIN_DIR TREE [MAX_FILES_PER_LANGUAGE]" >&2
  exit 2
fi
base=$1 tree=$2 max=${3:-}
[[ -d "$base" ]] || { echo "extract_diff.sh: no plugin directory $base" >&2; exit 2; }
[[ -d "$tree" ]] || { echo "extract_diff.sh: no tree $tree" >&2; exit 2; }
cmake --build build --target bench-extract-dump >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086 # max is optional
build/bench-extract-dump "$base" "$tree" $max >"$work/base" 2>"$work/base.err"
# shellcheck disable=SC2086
build/bench-extract-dump build/plugins "$tree" $max >"$work/new" 2>"$work/new.err"
summary() {
  printf '%-6s files %7d  symbols %8d  references %9d  imports %7d  failed %d\n' "$1" \
    "$(grep -c '^file ' "$2")" "$(grep -c '^  sym ' "$2")" "$(grep -c '^  ref ' "$2")" \
    "$(grep -c '^  import ' "$2")" "$(grep -c '^file .* failed: ' "$2")"
}
summary base "$work/base"
summary new "$work/new"
sed 's/^/  /' "$work/new.err"
if cmp -s "$work/base" "$work/new"; then
  echo "identical extraction"
else
  echo "extraction differs:"
  diff "$work/base" "$work/new" | head -40
  exit 1
fi
