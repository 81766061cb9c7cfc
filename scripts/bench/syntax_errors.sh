#!/usr/bin/env bash
# Share of files with syntax errors per language on real code: the supported-language files of the
# Debian packages scripts/bench/detection.sh fetches (Python, JavaScript, TypeScript, Go, Rust, Java,
# C, C++, YAML, JSON, TOML), the Dart 3 constructs in scripts/bench/dart3/ plus the project's own
# Dart sources, and any trees given on the command line (their files grouped by detected language).
# Target (issue 12): <= 2% per language.
#   scripts/bench/syntax_errors.sh [--per-package N] [--language L]... [TREE...]
# --language measures only the languages named (ax ids: c, cpp, dart…); default all.
# Each language's files are copied (hard links where possible) into a tree of their own and indexed
# with `ax index --json`, whose "parsed" and "syntax_errors" counts are reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

per_package=400
trees=() languages=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --per-package) per_package=${2:?--per-package needs a number}; shift 2 ;;
    --language) languages+=("${2:?--language needs a language id}"); shift 2 ;;
    -*) echo "syntax_errors.sh: unknown option '$1'" >&2; exit 2 ;;
    *) trees+=("$(realpath "$1")"); shift ;;
  esac
done

cmake --build build --target ax >/dev/null
labels=$(scripts/bench/detection.sh --assemble --per-package "$per_package")
work=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/syntax-errors
rm -rf "$work" && mkdir -p "$work"

# PATH <TAB> LANGUAGE <TAB> GROUP for every file to measure.
list="$work/files.tsv"
cut -f1-3 "$labels" >"$list"
find "$repo/scripts/bench/dart3" "$repo/tests/detection/corpus" "$repo/plugins/languages/dart/fixtures" \
  -name '*.dart' -type f -printf '%p\tdart\tax-dart\n' >>"$list"
for tree in "${trees[@]}"; do
  build/ax detect --json "$tree" | python3 -c '
import json, sys
for entry in json.load(sys.stdin):
    if entry["language"] not in ("", "binary", "unreadable"):
        print(entry["path"], entry["language"], sys.argv[1], sep="\t")' "$(basename "$tree")" >>"$list"
done

python3 - "$list" "$work" "${languages[@]}" <<'PY'
import os, shutil, sys
SUPPORTED = {"python", "typescript", "javascript", "go", "rust", "java", "c", "cpp", "scala", "elixir",
             "dart", "yaml", "json", "toml"}
listing, work, selected = sys.argv[1], sys.argv[2], set(sys.argv[3:])
if selected:
    SUPPORTED &= selected
for line in open(listing, encoding="utf-8"):
    path, language, group = line.rstrip("\n").split("\t")
    if language not in SUPPORTED:
        continue
    # Keep the file's name and its last directories: detection goes by name (Cargo.toml, .h).
    target = os.path.join(work, language, group, *path.strip("/").split("/")[-4:])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.exists(target):
        continue
    try:
        os.link(path, target)
    except OSError:
        shutil.copyfile(path, target)
PY

printf '%-12s %7s %7s %8s\n' language parsed errors share
for dir in "$work"/*/; do
  language=$(basename "$dir")
  (cd "$dir" && "$repo/build/ax" index --json . >"$work/$language.json" 2>/dev/null) || true
  python3 - "$work/$language.json" "$language" <<'PY'
import json, sys
try:
    report = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print(f"{sys.argv[2]:<12} (ax index failed)")
    sys.exit(0)
parsed, errors = report["parsed"], report["syntax_errors"]
share = 100.0 * errors / parsed if parsed else 0.0
print(f"{sys.argv[2]:<12} {parsed:>7} {errors:>7} {share:>7.2f}%")
for path in report.get("syntax_error_files", [])[:5]:
    print(f"    e.g. {path}")
PY
done
