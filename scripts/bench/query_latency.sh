#!/usr/bin/env bash
# Whole-process latency of `ax find` / `ax def` on the >= 100k-file mixed corpus (issue 8, target 4:
# p50 <= 20 ms, p95 <= 50 ms): indexes a copy of the corpus once (minutes; kept in WORK for the next
# run), then runs query_latency.py on it with every AX given, interleaved (the first is the reference
# the others' ratios are to).
#   scripts/bench/query_latency.sh AX [AX...]
# Environment: WORK (default /tmp/ax-query-latency: the copy and its .ax/, ~20 GB; delete it when
# done), CORPUS (default mixed, a name for corpus.sh), PASSES (default 5), INSTRUCTIONS=1 to also count
# instructions under callgrind. The copy is indexed by the last AX (the index format is shared).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: query_latency.sh AX [AX...]" >&2; exit 2; }
work=${WORK:-/tmp/ax-query-latency}
corpus=${CORPUS:-mixed}
last=${!#}
if [[ ! -d "$work/tree/.ax" ]]; then
  source_tree=$("$here/corpus.sh" "$corpus")
  rm -rf "$work/tree"
  mkdir -p "$work"
  cp -r --reflink=auto "$source_tree" "$work/tree"
  echo "indexing $work/tree with $last ($(find "$work/tree" -type f | wc -l) files)..." >&2
  (cd "$work/tree" && "$last" index --quiet)
fi
args=(--passes "${PASSES:-5}")
[[ -n "${INSTRUCTIONS:-}" ]] && args+=(--instructions)
exec python3 "$here/query_latency.py" "${args[@]}" "$work/tree" "$@"
