#!/usr/bin/env bash
# Whether `ax index --threads 1` and a default run give the same answers: two copies of a tree, one
# indexed each way, then 30 queries (ax find, ax def, ax status) compared byte for byte:
#   scripts/bench/threads_same.sh TREE|go|linux|mixed [AX_BINARY]
# Prints each query's verdict and line count; exits 1 when any answer differs. AX or the second
# argument selects the binary (default build/ax).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: threads_same.sh TREE|go|linux|mixed [AX_BINARY]" >&2; exit 2; }
source_tree=$1
ax=${2:-${AX:-$repo/build/ax}}
case "$source_tree" in go | linux | mixed | java) source_tree=$("$here/corpus.sh" "$source_tree") ;; esac
[[ -d "$source_tree" ]] || { echo "threads_same.sh: $source_tree is not a directory" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for mode in one default; do
  cp -r "$source_tree" "$work/$mode"
  rm -rf "$work/$mode/.ax"
done
"$ax" index --quiet --threads 1 "$work/one"
"$ax" index --quiet "$work/default"

queries=(
  "find parse http request" "find read file" "find marshal json" "find tls handshake" "find gzip writer"
  "find goroutine scheduler" "find hash map grow" "find garbage collector mark" "find decode rune"
  "find base64 encoding" "find sql transaction commit" "find time format layout" "find --limit 50 regexp compile"
  "find lang:go template execute" "find \"parse query\""
  "def Println" "def NewReader" "def ServeHTTP" "def Marshal" "def Open" "def Copy" "def Errorf" "def Sprintf"
  "def NewRequest" "def ParseInt" "def Join" "def ReadFile" "def Lock" "def main"
  "status"
)
differ=0
for query in "${queries[@]}"; do
  for mode in one default; do
    # The query's words are separate arguments; a quoted phrase stays one.
    eval "set -- $query"
    rc=0
    (cd "$work/$mode" && "$ax" "$@") >"$work/$mode.out" 2>&1 || rc=$?
    # Any two runs differ in when they ran and in the store's size on disk (the order the parser
    # threads hand files over moves its pages): those are left out of the status.
    sed -i -E -e "s|$work/$mode|TREE|g" -e '/^Indexed /d' -e 's/^(Store +)[0-9.]+ [KMG]?i?B/\1SIZE/' "$work/$mode.out"
    echo "exit $rc" >>"$work/$mode.out"
  done
  if cmp -s "$work/one.out" "$work/default.out"; then
    printf 'same    %5d lines  ax %s\n' "$(wc -l <"$work/one.out")" "$query"
  else
    printf 'DIFFER  ax %s\n' "$query"
    diff "$work/one.out" "$work/default.out" | head -10
    differ=$((differ + 1))
  fi
done
echo "$((${#queries[@]} - differ)) of ${#queries[@]} answers identical"
[[ $differ -eq 0 ]]
