#!/usr/bin/env bash
# ax db benchmark on a real store: rollback of one migration (target < 5 s) and backup + verify
# (target < 10 s), with migrate and restore beside them.
#   scripts/bench/db_bench.sh [go|java|linux] [runs]
# Every figure is the median wall time of `runs` whole `ax db` processes. A rollback and a migrate
# each include the verified backup they take first; `ax db backup` includes its verification
# (decompress, SHA-256, open read-only, compare entry counts). The restore, run once, includes the
# rebuild of the search index from the restored store.
set -euo pipefail
cd "$(dirname "$0")/../.."
AX=${AX:-$PWD/build/ax}
corpus=$(scripts/bench/corpus.sh "${1:-go}")
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/tree"
cd "$work/tree"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { local start=$(date +%s%N); "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'; }

"$AX" index --quiet
files=$(find . -type f -not -path './.ax/*' | wc -l)
echo "corpus: ${1:-go} ($files files); store $(du -sh .ax/store | cut -f1); $(nproc) cores"

rollback=(); migrate=(); backup=(); restore=()
for i in $(seq "$runs"); do
  rollback+=("$(seconds "$AX" db rollback --yes)")
  migrate+=("$(seconds "$AX" db migrate)")
  backup+=("$(seconds "$AX" db backup)")
done
last=$(ls -t .ax/backups/ax-backup-2*.mdb.gz | head -1)
# Once: a restore rebuilds the whole search index from the store (minutes on the Go tree).
restore+=("$(seconds "$AX" db restore "$last" --yes)")
show() { printf '%-34s median %ss of %s runs (%s)\n' "$1" "$(printf '%s\n' "${@:2}" | median)" "$(($# - 1))" "$(echo "${@:2}")"; }
show "rollback of one migration:" "${rollback[@]}"
show "migrate (one migration):" "${migrate[@]}"
show "backup + verify:" "${backup[@]}"
show "restore (+ search index rebuild):" "${restore[@]}"
"$AX" db backups | tail -1
