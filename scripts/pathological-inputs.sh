#!/usr/bin/env bash
# Indexes hostile files one at a time and measures each: wall time and peak RSS of `ax index` on a
# repository holding only that file (/usr/bin/time -v). Fails when one takes more than the limits
# (10 s, 512 MiB by default), whatever ax reports for it.
#
#   scripts/pathological-inputs.sh [--ax PATH] [--size BYTES] [--minified BYTES] [--only REGEX]
#
# Inputs, in every language: unclosed brackets, balanced nesting, one huge line; and for JSON, YAML
# objects nested deeply; and a large minified JavaScript file (--minified, 0 to skip).
set -uo pipefail

AX=${AX:-$(dirname "$0")/../build/ax}
SIZE=$((2 * 1024 * 1024))
MINIFIED=$((50 * 1024 * 1024))
ONLY=.
MAX_SECONDS=${MAX_SECONDS:-10}
MAX_RSS_KB=${MAX_RSS_KB:-$((512 * 1024))}
while (($#)); do
  case "$1" in
    --ax) AX=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --minified) MINIFIED=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    *) echo "usage: $0 [--ax PATH] [--size BYTES] [--minified BYTES] [--only REGEX]" >&2; exit 2 ;;
  esac
done
[[ -x "$AX" ]] || { echo "no ax binary at $AX" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
AX=$(realpath "$AX")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ax-pathological.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export XDG_CONFIG_HOME="$WORK/xdg" XDG_DATA_HOME="$WORK/xdg" XDG_CACHE_HOME="$WORK/xdg"

# generate KIND EXT: writes the input of that kind for a file with that extension to stdout.
generate() {
  python3 - "$1" "$2" "$SIZE" "$MINIFIED" <<'EOF'
import sys
kind, ext, size, minified = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
out = sys.stdout
prefix = {".json": "", ".yaml": "x: ", ".toml": "x = ", ".ex": "x = ", ".go": "package p\nvar x = ",
          ".java": "class A { int x = ", ".scala": "object A { val x = ", ".dart": "var x = ",
          ".rs": "const X: i32 = ", ".c": "int x = ", ".cpp": "int x = "}.get(ext, "x = ")
opening = "[" if ext in (".json", ".toml", ".yaml") else "("
closing = "]" if opening == "[" else ")"
n = max(1, (size - len(prefix)) // 2)
if kind == "unclosed":
    out.write(prefix + opening * (size - len(prefix)))
elif kind == "nested":
    out.write(prefix + opening * n + "1" + closing * n + "\n")
elif kind == "longline":
    item = {".json": '{"k": 1},', ".yaml": "{k: 1}, ", ".toml": "1, "}.get(ext, "f(a, b) + ")
    body = item * ((size - 32) // len(item))
    if ext == ".json":
        out.write("[" + body + "1]")
    elif ext in (".yaml", ".toml"):
        out.write(prefix + "[" + body + "1]\n")
    else:
        out.write(prefix + body + "1")
elif kind == "objects":  # keys nested as deep as the size allows
    depth = size // 8
    if ext == ".json":
        out.write('{"a":' * depth + "1" + "}" * depth)
    else:
        out.write('{a: ' * depth + "1" + "}" * depth + "\n")
elif kind == "minified":
    src = ("function f%d(a,b){var c=a+b;if(c>1){return g(c,[1,2,3],{k:'v'})}else{for(var i=0;i<c;i++)"
           "{h(i)}}return c};var o%d={m:function(){return this},n:[1,2,3]};")
    written, i = 0, 0
    while written < minified:
        chunk = "".join(src % (j, j) for j in range(i, i + 1000))
        out.write(chunk)
        written += len(chunk)
        i += 1000
EOF
}

declare -A EXT=([c]=.c [cpp]=.cpp [dart]=.dart [elixir]=.ex [go]=.go [java]=.java [javascript]=.js
  [json]=.json [python]=.py [rust]=.rs [scala]=.scala [toml]=.toml [typescript]=.ts [yaml]=.yaml)

failures=0
printf '%-22s %9s %7s %7s %8s  %s\n' input bytes seconds "cpu s" "rss MiB" "ax says"
measure() {  # measure NAME KIND EXT
  local name=$1 kind=$2 ext=$3
  [[ "$name" =~ $ONLY ]] || return 0
  local repo="$WORK/$name"
  mkdir -p "$repo"
  generate "$kind" "$ext" >"$repo/input$ext"
  local bytes
  bytes=$(stat -c %s "$repo/input$ext")
  (cd "$repo" && AX_INDEX_MAX_FILE_SIZE=$((bytes + 1)) /usr/bin/time -v -o "$WORK/time" "$AX" index --threads 1 \
    >"$WORK/out" 2>"$WORK/err")
  local rc=$?
  local seconds cpu rss said
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$WORK/time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time")
  said=$(grep -hoE 'parse budget exceeded[^;]*|partial symbols[^;]*|[0-9]+ symbols|syntax errors' "$WORK/out" "$WORK/err" |
    sort -u | paste -sd ',' | cut -c1-90)
  printf '%-22s %9d %7.2f %7.2f %8.1f  rc=%d %s\n' "$name" "$bytes" "$seconds" "$cpu" "$(echo "$rss / 1024" | bc -l)" "$rc" "$said"
  if [[ $rc -ne 0 ]] || awk -v s="$seconds" -v m="$MAX_SECONDS" 'BEGIN {exit !(s > m)}' || ((rss > MAX_RSS_KB)); then
    failures=$((failures + 1))
    echo "  ^ over the limits (${MAX_SECONDS} s, $((MAX_RSS_KB / 1024)) MiB) or failed: $(head -c 300 "$WORK/err")"
  fi
  rm -rf "$repo"
}

for language in $(printf '%s\n' "${!EXT[@]}" | sort); do
  for kind in unclosed nested longline; do measure "$language-$kind" "$kind" "${EXT[$language]}"; done
done
measure json-objects objects .json
measure yaml-objects objects .yaml
((MINIFIED > 0)) && measure javascript-minified minified .js
echo "$failures over the limits"
((failures == 0))
