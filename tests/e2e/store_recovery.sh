# A damaged index: corrupt store refused with one clear line; a missing or stale search index is
# rebuilt from the store.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
run "$AX" index
expect_rc 0

# The search index is derived: deleting it costs a rebuild, not the index.
rm -rf .ax/search
run "$AX" find ShoppingCart
expect_rc 0
expect_err 'rebuilt it from the store'
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
run "$AX" find ShoppingCart
expect_rc 0
[[ -z "$ERR" ]] || fail "second query should not rebuild again: $ERR"

# A garbage search index is thrown away and rebuilt as well.
for f in .ax/search/*; do [[ -f "$f" ]] && printf 'garbage' >"$f"; done
run "$AX" find ShoppingCart
expect_rc 0
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'

# A corrupt store is refused: one line, non-zero, and nothing is overwritten.
cp -r .ax "$WORK/ax-backup"
head -c 8192 /dev/urandom >.ax/store/data.mdb
run "$AX" find ShoppingCart
expect_rc 1
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line on stderr, got: $ERR"
expect_err "store"
run "$AX" status
expect_rc 1
run "$AX" index
expect_rc 1

done_testing
