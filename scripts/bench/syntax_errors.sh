#!/usr/bin/env bash
# Share of files with syntax errors per language on real code: the supported-language files of the
# Debian packages scripts/bench/detection.sh fetches (Python, JavaScript, TypeScript, Go, Rust, Java,
# C, C++, YAML, JSON, TOML), the Dart 3 constructs in scripts/bench/dart3/ plus the project's own
# Dart sources, the Elixir and Scala corpora of scripts/bench/corpus.sh (grouped by part and package:
# tune-elixir-lang, held-out-rabbitmq-server…), and any trees given on the command line (their files
# grouped by detected language).
# Target (issue 12): <= 2% per language.
#   scripts/bench/syntax_errors.sh [--per-package N] [--language L]... [TREE...]
# --language measures only the languages named (ax ids: c, cpp, dart…); default all.
# Each language's files are copied (hard links where possible) into a tree of their own and indexed
# with `ax index --json`, whose "parsed" and "syntax_errors" counts are reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

per_package=400
trees=() languages=() groups=false ax=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --per-package) per_package=${2:?--per-package needs a number}; shift 2 ;;
    --language) languages+=("${2:?--language needs a language id}"); shift 2 ;;
    --groups) groups=true; shift ;;
    --ax) ax=$(realpath "${2:?--ax needs the path of an ax binary}"); shift 2 ;;
    -*) echo "syntax_errors.sh: unknown option '$1'" >&2; exit 2 ;;
    *) trees+=("$(realpath "$1")"); shift ;;
  esac
done

if [[ -z "$ax" ]]; then
  cmake --build build --target ax >/dev/null
  ax=$repo/build/ax
fi
labels=$(scripts/bench/detection.sh --assemble --per-package "$per_package")
work=${AX_BENCH_CACHE:-$HOME/.cache/ax-bench}/syntax-errors
rm -rf "$work" && mkdir -p "$work"

# PATH <TAB> LANGUAGE <TAB> GROUP for every file to measure.
list="$work/files.tsv"
cut -f1-3 "$labels" >"$list"
find "$repo/scripts/bench/dart3" "$repo/tests/detection/corpus" "$repo/plugins/languages/dart/fixtures" \
  -name '*.dart' -type f -printf '%p\tdart\tax-dart\n' >>"$list"
if [[ ${#languages[@]} -eq 0 || " ${languages[*]} " == *" dart "* ]]; then
  dart_corpus=$(scripts/bench/corpus.sh dart)
  # Grouped by project: the corpus's first directory level.
  find "$dart_corpus" -name '*.dart' -type f -printf '%P\n' | while IFS= read -r path; do
    printf '%s\tdart\t%s\n' "$dart_corpus/$path" "${path%%/*}"
  done >>"$list"
fi
for language in elixir scala; do
  [[ ${#languages[@]} -eq 0 || " ${languages[*]} " == *" $language "* ]] || continue
  corpus=$(scripts/bench/corpus.sh "$language")
  "$ax" detect --json "$corpus" | python3 -c '
import json, os, sys
root, language = sys.argv[1], sys.argv[2]
for entry in json.load(sys.stdin):
    if entry["language"] == language:
        part, package = os.path.relpath(entry["path"], root).split(os.sep)[:2]
        print(entry["path"], language, part + "-" + package, sep="\t")' "$corpus" "$language" >>"$list"
done
for tree in "${trees[@]}"; do
  "$ax" detect --json "$tree" | python3 -c '
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
  (cd "$dir" && "$ax" index --json . >"$work/$language.json" 2>/dev/null) || true
  python3 - "$work/$language.json" "$language" "$dir" "$groups" <<'PY'
import collections, json, os, sys
report_path, language, root, by_group = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "true"
try:
    report = json.load(open(report_path))
except (OSError, ValueError):
    print(f"{language:<12} (ax index failed)")
    sys.exit(0)
parsed, errors = report["parsed"], report["syntax_errors"]
share = 100.0 * errors / parsed if parsed else 0.0
print(f"{language:<12} {parsed:>7} {errors:>7} {share:>7.2f}%")
failing = report.get("syntax_error_files", [])
for path in failing[:5]:
    print(f"    e.g. {path}")
if by_group:
    # Files per group as laid out above (the index may decline a few); errors from the report's list.
    files = collections.Counter()
    for top, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # the index ax wrote (.ax)
        files.update(os.path.relpath(top, root).split(os.sep)[0] for _ in names)
    failed = collections.Counter(path.lstrip("./").split("/")[0] for path in failing)
    complete = "" if len(failing) == errors else f"  (errors among the first {len(failing)} listed)"
    for group in sorted(files):
        print(f"  {group:<34} {files[group]:>5} {failed[group]:>7}{complete}")
PY
done
