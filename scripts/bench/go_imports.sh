#!/usr/bin/env bash
# Go import resolution against the Go toolchain: the package edges ax's Go resolver finds in the
# files `go list` builds, compared with the Imports `go list` reports (Debian golang-go and
# golang-1.19-src; offline).
#   scripts/bench/go_imports.sh [GO-TREE] [PACKAGES...]     (defaults: /usr/share/go-1.19 std)
# Prints the counts of equal, missing (go list only) and extra (ax only) package edges; exits 1 when
# they differ. The differing edges are left in $TMPDIR/go_imports.{missing,extra}.
set -euo pipefail
cd "$(dirname "$0")/../.."
tree=$(realpath -m "${1:-/usr/share/go-1.19}")
shift || true
packages=("${@:-std}")
# The reference tools are benchmark-only dependencies: installed here, not by scripts/setup.sh.
if ! command -v go >/dev/null || [[ ! -d /usr/share/go-1.19/src ]]; then
  sudo_cmd=()
  ((EUID == 0)) || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends golang-go \
    golang-1.19-src >/dev/null
fi
[[ -f "$tree/src/go.mod" ]] || { echo "go_imports: $tree is not a Go source tree (no src/go.mod)" >&2; exit 1; }
cmake --build build --target bench-go-imports >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One line per package: its folder, its files, the folders of the packages it imports.
(cd "$tree/src" && GOROOT="$tree" GOFLAGS= go list -e -deps \
  -f '{{.ImportPath}}|{{.Dir}}|{{join .GoFiles ","}},{{join .CgoFiles ","}}|{{join .Imports ","}}' "${packages[@]}") \
  >"$work/list"
awk -F'|' -v root="$tree/" '
  { dir[$1] = substr($2, length(root) + 1); files[$1] = $3; imports[$1] = $4; order[++n] = $1 }
  END {
    for (i = 1; i <= n; i++) {
      p = order[i]
      k = split(files[p], f, ",")
      for (j = 1; j <= k; j++) if (f[j] != "") print dir[p] "/" f[j] > "'"$work"'/files"
      k = split(imports[p], m, ",")
      for (j = 1; j <= k; j++) if (m[j] in dir) print dir[p] "\t" dir[m[j]] > "'"$work"'/expected.unsorted"
    }
  }' "$work/list"
sort -u "$work/expected.unsorted" >"$work/expected"
start=$(date +%s.%N)
nice build/bench-go-imports "$tree" <"$work/files" 2>"$work/counts" | sort -u >"$work/actual"
end=$(date +%s.%N)
comm -23 "$work/expected" "$work/actual" >"${TMPDIR:-/tmp}/go_imports.missing"
comm -13 "$work/expected" "$work/actual" >"${TMPDIR:-/tmp}/go_imports.extra"
equal=$(comm -12 "$work/expected" "$work/actual" | wc -l)
missing=$(wc -l <"${TMPDIR:-/tmp}/go_imports.missing")
extra=$(wc -l <"${TMPDIR:-/tmp}/go_imports.extra")
echo "go list packages: $(wc -l <"$work/list")  files: $(wc -l <"$work/files")  ($tree, ${packages[*]})"
echo "imports by resolution: $(grep -v '^time:' "$work/counts" | tr '\n' ' ')"
grep '^time:' "$work/counts"
printf 'package edges: go list %d  ax %d  equal %d  missing %d  extra %d  (parse+resolve %.2f s)\n' \
  "$(wc -l <"$work/expected")" "$(wc -l <"$work/actual")" "$equal" "$missing" "$extra" "$(echo "$end - $start" | bc)"
[[ $missing -eq 0 && $extra -eq 0 ]]
