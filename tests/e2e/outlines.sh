#!/usr/bin/env bash
# Golden outlines: every language fixture (plugins/languages/<l>/fixtures/<name>) has beside it the
# outline `ax symbols --parse` prints for it (<name>.outline), so that a grammar bump or an extractor
# change shows up as a reviewable diff. To accept the current output after a deliberate change:
#   AX_UPDATE_OUTLINES=1 ctest --test-dir build -R e2e-outlines     (then review `git diff`)
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?AX_SOURCE_DIR must point at the source tree}"

cd "$WORK"  # outside every indexed repository: what is compared is the parse
shopt -s nullglob
fixtures=0
for fixture in "$AX_SOURCE_DIR"/plugins/languages/*/fixtures/*; do
  [[ -f "$fixture" && "$fixture" != *.outline ]] || continue
  fixtures=$((fixtures + 1))
  golden="$fixture.outline"
  relative=${fixture#"$AX_SOURCE_DIR"/}
  run "$AX" symbols --parse "$fixture"
  expect_rc 0 "$relative"
  [[ -z "$ERR" ]] || fail "$relative: unexpected stderr: $ERR"
  [[ -n "$OUT" ]] || fail "$relative: no symbols at all"
  if [[ "${AX_UPDATE_OUTLINES:-}" == 1 ]]; then
    printf '%s\n' "$OUT" >"$golden"
    continue
  fi
  [[ -f "$golden" ]] || fail "$relative has no golden outline; create it with AX_UPDATE_OUTLINES=1 (see $0)"
  if ! diff -u --label "$relative.outline" --label "ax symbols $relative" "$golden" <(printf '%s\n' "$OUT") >"$WORK/diff"; then
    cat "$WORK/diff" >&2
    fail "$relative: the outline differs from the golden one (accept with AX_UPDATE_OUTLINES=1 if intended)"
  fi
  TESTS_RUN=$((TESTS_RUN + 1))
done
[[ $fixtures -gt 0 ]] || fail "no fixtures found under $AX_SOURCE_DIR/plugins/languages"

# A golden outline whose fixture is gone would never be checked again.
for golden in "$AX_SOURCE_DIR"/plugins/languages/*/fixtures/*.outline; do
  [[ -f "${golden%.outline}" ]] || fail "${golden#"$AX_SOURCE_DIR"/} has no fixture beside it"
done
TESTS_RUN=$((TESTS_RUN + 1))

done_testing
