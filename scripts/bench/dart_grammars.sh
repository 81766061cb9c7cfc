#!/usr/bin/env bash
# Dart grammars from npm side by side, each on its own (without ax's extraction or its reparse of
# calls of null assertions): the share of files parsed with syntax errors and the parse speed, on
# the real Dart of `scripts/bench/corpus.sh dart`, the Dart 3 files of scripts/bench/dart3/, the
# project's own Dart sources and any Dart files or trees given. Used to choose the grammar pinned in
# grammars/package.json (plugins/languages/dart/README.md); candidates are pinned by integrity.
#   scripts/bench/dart_grammars.sh [--errors] [FILE|TREE...]
# --errors also lists each grammar's files with errors (PATH:LINE of the first error).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

list_errors=false
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --errors) list_errors=true; shift ;;
    -*) echo "dart_grammars.sh: unknown option '$1'" >&2; exit 2 ;;
    *) [[ -e "$1" ]] || { echo "dart_grammars.sh: no file or tree '$1'" >&2; exit 2; }
       extra+=("$(realpath "$1")"); shift ;;
  esac
done

runtime=$repo/grammars/node_modules/tree-sitter/vendor/tree-sitter/lib
[[ -f "$runtime/src/lib.c" ]] || scripts/fetch-grammars.sh
cache=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/dart-grammars
mkdir -p "$cache"

files=()
while IFS= read -r -d '' file; do files+=("$file"); done < <(
  find "$(scripts/bench/corpus.sh dart)" scripts/bench/dart3 tests/detection/corpus plugins/languages/dart/fixtures \
    "${extra[@]}" -name '*.dart' -type f -print0 | sort -z)

# The runtime ax links, compiled once.
if [[ ! -f "$cache/runtime.o" || "$runtime/src/lib.c" -nt "$cache/runtime.o" ]]; then
  cc -O2 -w -D_DEFAULT_SOURCE -I"$runtime/include" -I"$runtime/src" -c "$runtime/src/lib.c" -o "$cache/runtime.o"
fi

printf '%-34s %4s %7s %7s %8s %7s\n' grammar abi files errors share MB/s
while read -r spec integrity; do
  dir="$cache/$(printf '%s' "$spec" | tr '/@' '--')"
  tool="$dir/grammar-errors"
  if [[ ! -x "$tool" || "$repo/scripts/bench/grammar_errors.cpp" -nt "$tool" ]]; then
    rm -rf "$dir" && mkdir -p "$dir/package"
    tarball=$(cd "$dir" && npm pack --silent "$spec" 2>/dev/null | tail -1)
    actual="sha512-$(openssl dgst -sha512 -binary "$dir/$tarball" | base64 -w0)"
    [[ "$actual" == "$integrity" ]] || { echo "dart_grammars.sh: $spec: integrity $actual, expected $integrity" >&2; exit 1; }
    tar -xzf "$dir/$tarball" -C "$dir/package" --strip-components=1
    src="$dir/package/src"
    entry=$(grep -oE '^(TS_PUBLIC |extern )?const TSLanguage \*tree_sitter_[a-z_]+\(void\)' "$src/parser.c" |
      grep -oE 'tree_sitter_[a-z_]+' | head -1)
    objects=("$cache/runtime.o")
    for part in parser scanner; do
      [[ -f "$src/$part.c" ]] || continue
      cc -O1 -w -I"$src" -c "$src/$part.c" -o "$dir/$part.o"
      objects+=("$dir/$part.o")
    done
    c++ -std=c++20 -O2 -I"$runtime/include" -DAX_GRAMMAR_FUNCTION="$entry" \
      "$repo/scripts/bench/grammar_errors.cpp" "${objects[@]}" -o "$tool"
  fi
  abi=$(grep -m1 -oE '#define LANGUAGE_VERSION [0-9]+' "$dir/package/src/parser.c" | grep -oE '[0-9]+$')
  "$tool" "${files[@]}" >"$dir/report"
  read -r _ count _ errors _ share _ speed <"$dir/report"
  printf '%-34s %4s %7s %7s %8s %7s\n' "$spec" "$abi" "$count" "$errors" "$share" "$speed"
  if $list_errors; then
    grep '^error ' "$dir/report" | sed "s|^error |    |; s|$repo/||" || true
  fi
done <<'PINS'
@sengac/tree-sitter-dart@1.1.6 sha512-lLsF6pVmsC8+JkCnSvRzqa1jJYs+129EOn93MZCsvNnmDrZ2gcEaiqhTj69ttsjQZ2sR+LNxumdphHsw/Ln0Ew==
tree-sitter-dart-orchard@0.7.0 sha512-dO4hyC6eCz7tnXNWk7ZZ/CVzorvWQKRhxRYUT/uwAnA50m+4Jbogd1Oh33lPcj1/bP9wG1pS3TWQEfs1W3LFbg==
@ast-grep/lang-dart@0.0.7 sha512-9tTkOnw10g+/cgt8jw1XqZ0AKLDXoKYP1HoY3reZPQLhk4IWs8mNAu4Yd6E80CdQ2sJ10+L7wv1C16jTt4Yirw==
PINS
