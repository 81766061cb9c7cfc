#!/usr/bin/env bash
# Checks that two ax builds give byte-identical `ax refs` and `ax flow NAME` output on one indexed
# tree: a change meant to make these queries faster must not change a label or a line.
#   scripts/bench/refs_diff.sh BEFORE_AX AFTER_AX TREE [names...]
# Default names: the 30 most referenced names of the Go 1.19 tree's index and a few defined ones.
# For each name: `refs NAME --all` as text and --json, `refs NAME --calls --json`, and for the first 10,
# `flow NAME --depth 2 --json` and `flow NAME --depth 2 --all --json`. Prints each difference; exit 1
# when any.
set -uo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 BEFORE_AX AFTER_AX TREE [names...]" >&2; exit 2; }
before=$1 after=$2 tree=$3
shift 3
names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  names=(len T make panic append Errorf int int64 Sprintf string Fatalf Pointer new String New f uint64
    uintptr uint32 Close Fatal Error Type copy Buffer Println ReadFile NewReader Write Printf)
fi
cd "$tree" || exit 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
differences=0 compared=0
compare() {
  "$before" "$@" >"$scratch/before" 2>&1
  echo "exit $?" >>"$scratch/before"
  "$after" "$@" >"$scratch/after" 2>&1
  echo "exit $?" >>"$scratch/after"
  compared=$((compared + 1))
  if ! cmp -s "$scratch/before" "$scratch/after"; then
    differences=$((differences + 1))
    echo "DIFFERENT: ax $*"
    diff "$scratch/before" "$scratch/after" | head -5
  fi
}
for i in "${!names[@]}"; do
  name=${names[$i]}
  compare refs "$name" --all
  compare refs "$name" --all --json
  compare refs "$name" --calls --json
  if ((i < 10)); then
    compare flow "$name" --depth 2 --json
    compare flow "$name" --depth 2 --all --json
  fi
done
echo "$compared outputs compared, $differences different"
((differences == 0))
