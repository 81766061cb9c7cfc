# `ax find`'s answer depends on the tree, not on the order its files were indexed: hits that tie on
# score at the cut of --limit are the same whether the index was made cold or brought to the same
# tree through another history (files removed and added back get new symbol ids). The failure this
# guards: the symbols looked up by name were the first N in id order, so a re-indexed file fell out.
source "$(dirname "$0")/lib.sh"
unset AX_NO_SERVER

# 120 Go files each declaring `package inner` (a tie on name and score), the earlier paths longer
# so that the text ranking's window holds the later ones and the lookup by name decides the first.
make_tree() {
  mkdir -p "$1" && git -C "$1" init -q .
  local i
  for i in $(seq -w 1 120); do
    mkdir -p "$1/d$i/inner"
    { printf 'package inner\n\n'; printf '// filler line\n%.0s' $(seq 0 $(((120 - 10#$i) / 4))); } >"$1/d$i/inner/f.go"
  done
}
make_tree "$WORK/cold"
run "$AX" -C "$WORK/cold" index --quiet
expect_rc 0
run "$AX" -C "$WORK/cold" find inner --limit 5
expect_rc 0
cold="$OUT"
expect_line 1 '^d001/inner/f\.go:1 +namespace +inner'
expect_line 5 '^d005/inner/f\.go:1 +namespace +inner'

# The same tree through another history: the first 40 directories indexed after the others.
make_tree "$WORK/history"
mkdir "$WORK/aside"
mv "$WORK"/history/d0[0-3]* "$WORK/aside/"
run "$AX" -C "$WORK/history" index --quiet
expect_rc 0
mv "$WORK"/aside/* "$WORK/history/"
run "$AX" -C "$WORK/history" index --quiet
expect_rc 0
for limit in 5 50; do
  run "$AX" -C "$WORK/history" find inner --limit "$limit"
  expect_rc 0
  history="$OUT"
  run "$AX" -C "$WORK/cold" find inner --limit "$limit"
  [[ "$history" == "$OUT" ]] || fail "find inner --limit $limit depends on the index's history:"$'\n'"$history"$'\n'"--- cold:"$'\n'"$OUT"
  TESTS_RUN=$((TESTS_RUN + 1))
done
[[ "$cold" == "$(head -5 <<<"$OUT")" ]] || fail "--limit 5 is not the head of --limit 50"
TESTS_RUN=$((TESTS_RUN + 1))

done_testing
