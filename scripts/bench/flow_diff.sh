#!/usr/bin/env bash
# Every `ax flow` verb in every format, printed by two builds over two indexes of the same tree
# (e.g. main's build on its index and this build on a migrated copy): stdout, stderr and exit
# status must be identical. Prints one line per query that differs and the count; exits 1 if any.
#   scripts/bench/flow_diff.sh BEFORE_AX BEFORE_TREE AFTER_AX AFTER_TREE FILE_A FILE_B
# FILE_A and FILE_B: two files of the tree's import graph (deps, dependents and chains between them).
# Notices of a pending migration (one line, "ax: notice: ...") are left out of the comparison.
set -euo pipefail
if (($# != 6)); then
  echo "usage: $0 BEFORE_AX BEFORE_TREE AFTER_AX AFTER_TREE FILE_A FILE_B" >&2
  exit 2
fi
# The binaries run inside the trees: a relative path is made absolute, a bare name looked up.
absolute() { if [[ $1 == */* ]]; then realpath "$1"; else command -v "$1"; fi; }
before_ax=$(absolute "$1") before_tree=$2 after_ax=$(absolute "$3") after_tree=$4 a=$5 b=$6
queries=()
for format in "" "--json" "--format dot" "--format mermaid"; do
  queries+=("flow cycles $format" "flow cycles $format --limit 3" "flow cycles $format --all"
    "flow graph $format" "flow graph $format --limit 7" "flow graph $format --limit 1000"
    "flow graph $(dirname "$a") $format"
    "flow deps $a $format" "flow deps $a --depth 0 $format" "flow dependents $b $format"
    "flow dependents $b --depth 2 $format" "flow chain $a $b $format")
done
queries+=("flow graph --all --json")
differ=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for query in "${queries[@]}"; do
  # shellcheck disable=SC2086 # the query is words
  (cd "$before_tree" && "$before_ax" $query >"$work/before.out" 2>"$work/before.err"; echo "rc=$?" >>"$work/before.out") || true
  # shellcheck disable=SC2086
  (cd "$after_tree" && "$after_ax" $query >"$work/after.out" 2>"$work/after.err"; echo "rc=$?" >>"$work/after.out") || true
  sed -i '/^ax: notice: /d' "$work/before.err" "$work/after.err"
  if ! cmp -s "$work/before.out" "$work/after.out" || ! cmp -s "$work/before.err" "$work/after.err"; then
    echo "DIFFERS: ax $query ($(wc -c <"$work/before.out") / $(wc -c <"$work/after.out") bytes out)"
    differ=$((differ + 1))
  fi
done
echo "${#queries[@]} queries, $differ differ"
((differ == 0))
