# A damaged index: a corrupt store is refused with one precise line and left as it was; a missing,
# stale or damaged search index is rebuilt from the store by searches, `ax status --verify` and
# `ax index`, never by commands that only read the store.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
run "$AX" index
expect_rc 0
cp -r .ax "$WORK/ax-clean"

# Puts back the index as `ax index` left it.
restore_index() {
  rm -rf .ax
  cp -r "$WORK/ax-clean" .ax
}

# flip_bytes FILE OFFSET COUNT: inverts COUNT bytes at OFFSET, as bad sectors or bit rot would.
flip_bytes() {
  local file=$1 offset=$2 count=$3 byte escaped=""
  for byte in $(od -An -tu1 -j "$offset" -N "$count" "$file"); do escaped+=$(printf '\\x%02x' $((byte ^ 0xA5))); done
  [[ -n "$escaped" ]] || fail "$file has no byte at offset $offset"
  printf "$escaped" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
}

# flip_postings: flips bytes in block 3 of the posting lists (which this query reads) of every shard
# of the search index large enough to have one, and in the only block (the root every search reads)
# of a shard that has just one.
flip_postings() {
  local table flipped=0 size
  for table in .ax/search/shard-*/postlist.glass; do
    size=$(stat -c %s "$table")
    if ((size >= 3 * 8192)); then
      flip_bytes "$table" $((2 * 8192)) 16
    elif ((size == 8192)); then
      flip_bytes "$table" 0 16
    else
      continue
    fi
    flipped=1
  done
  ((flipped)) || fail "no shard of the search index has a block of postings to flip"
}

expect_one_line_err() {
  [[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line on stderr, got: $ERR"
  expect_err "$1"
}

readonly REBUILT='; rebuilt it from the store \([0-9]+ files\)$'
readonly DAMAGED="^ax: warning: search index at $REPO/\.ax/search is corrupt or unreadable \(.+\)$REBUILT"

# The search index is derived: deleting it costs a rebuild, not the index.
rm -rf .ax/search
run "$AX" find ShoppingCart
expect_rc 0
expect_one_line_err "^ax: warning: search index was at generation 0, store at 1$REBUILT"
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
run "$AX" find ShoppingCart
expect_rc 0
[[ -z "$ERR" ]] || fail "second query should not rebuild again: $ERR"

# An index of the single-database layout of earlier versions (the database in .ax/search itself) is
# reported behind the store and rebuilt into shards.
restore_index
mv .ax/search/shard-0/* .ax/search/
rm -rf .ax/search/shard-* .ax/search/shards
run "$AX" find ShoppingCart
expect_rc 0
expect_one_line_err "^ax: warning: search index was at generation 0, store at 1$REBUILT"
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
[[ -f .ax/search/shards && -d .ax/search/shard-0 && ! -e .ax/search/iamglass ]] || fail "not rebuilt into shards: $(ls .ax/search)"
run "$AX" find ShoppingCart
expect_rc 0
[[ -z "$ERR" ]] || fail "the migrated index should answer quietly: $ERR"

# A garbage search index is thrown away and rebuilt as well.
for f in .ax/search/shard-*/*; do [[ -f "$f" ]] && printf 'garbage' >"$f"; done
run "$AX" find ShoppingCart
expect_rc 0
expect_one_line_err "$DAMAGED"
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'

# Flipped bytes inside the posting lists (block 3 of a shard's postlist.glass, which this query reads): the
# generation still reads fine, the search meets the damage, rebuilds and answers.
restore_index
flip_postings
run "$AX" find ShoppingCart
expect_rc 0
expect_one_line_err "$DAMAGED"
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
run "$AX" find ShoppingCart
expect_rc 0
[[ -z "$ERR" ]] || fail "the rebuilt index should answer quietly: $ERR"

# `ax status --verify` reads the whole search index, so it never calls a damaged one current: it
# rebuilds it.
restore_index
flip_postings
run "$AX" status --verify
expect_rc 0
expect_one_line_err "$DAMAGED"
expect_out 'Search index generation 1 \(current\)'
run "$AX" find ShoppingCart
expect_rc 0
[[ -z "$ERR" ]] || fail "status should have rebuilt the index: $ERR"

# `ax index` repairs it when its changes meet the damage: the store commits, the search index is
# rebuilt from it, and the new content is found.
restore_index
flip_postings
cp web/cart.ts "$WORK/cart.ts"
printf '\nexport function printReceiptTotals(): void {}\n' >>web/cart.ts
run "$AX" index
expect_rc 0
expect_err "$DAMAGED"
run "$AX" find printReceiptTotals
expect_rc 0
expect_line 1 '^web/cart\.ts:[0-9]+ +function +printReceiptTotals'
[[ -z "$ERR" ]] || fail "index should have rebuilt the search index: $ERR"
cp "$WORK/cart.ts" web/cart.ts

# Commands that do not search (refs, flow, def, symbols, status) answer from the store when the
# search index is behind it, and leave the index as it is: on a large tree a rebuild takes minutes,
# which only a search (or `ax index`) pays. The index is put one generation behind: saved, then the
# store moves on without it.
restore_index
cp -r .ax/search "$WORK/search-behind"
cp web/cart.ts "$WORK/cart.ts"
printf '\nexport function applyVoucher(cart: ShoppingCart): void {\n  cart.addItem({ sku: "v", quantity: 1, unitPrice: -100 });\n}\n' >>web/cart.ts
run "$AX" index
expect_rc 0
rm -rf .ax/search
cp -r "$WORK/search-behind" .ax/search
for command in "refs addItem" "flow applyVoucher" "def applyVoucher" "symbols web/cart.ts" "flow deps web/cart.ts" status; do
  # shellcheck disable=SC2086
  run "$AX" $command
  expect_rc 0 "ax $command"
  [[ -z "$ERR" ]] || fail "ax $command should answer quietly with the search index behind: $ERR"
  case $command in
    "refs addItem" | "def applyVoucher" | "symbols web/cart.ts") expect_out 'applyVoucher' ;;
    status) expect_out 'Search index generation 1 \(behind\)' ;;
  esac
done
diff -r .ax/search "$WORK/search-behind" || fail "a command that does not search changed the search index"
# The first search rebuilds it, saying so once, and finds what the store holds.
run "$AX" find applyVoucher
expect_rc 0
expect_one_line_err "^ax: warning: search index was at generation 1, store at 2$REBUILT"
expect_line 1 '^web/cart\.ts:[0-9]+ +function +applyVoucher'
run "$AX" status
expect_out 'Search index generation 2 \(current\)'
cp "$WORK/cart.ts" web/cart.ts

# A store whose file record is damaged is refused by `ax index`; `ax status` refuses it with the same
# line instead of showing healthy counts. The byte after the path key is the record's format version.
restore_index
key_offset=$(grep -obUaP 'web/cart\.ts\x01' .ax/store/data.mdb | head -1 | cut -d: -f1)
[[ -n "$key_offset" ]] || fail "no file record for web/cart.ts in the store"
flip_bytes .ax/store/data.mdb $((key_offset + 11)) 1
touch web/cart.ts
run "$AX" index
expect_rc 1
expect_one_line_err "^ax: symbol store '$REPO/\.ax/store': damaged record \(.+\); the store is corrupt, remove the directory and index again$"
index_error=$ERR
run "$AX" status
expect_rc 1
[[ "$ERR" == "$index_error" ]] || fail "status should fail like index ($index_error), got: $ERR"

# A corrupt store is refused: one precise line, non-zero, and nothing in .ax/ is overwritten.
restore_index
head -c 8192 /dev/urandom >.ax/store/data.mdb
cp -r .ax "$WORK/ax-damaged"
readonly CORRUPT_STORE="^ax: symbol store '$REPO/\.ax/store' is corrupt: data\.mdb (has no LMDB signature|records an impossible page size|is truncated|points outside itself).*; remove the directory and index again$"
for command in "find ShoppingCart" "def ShoppingCart" status index; do
  # shellcheck disable=SC2086
  run "$AX" $command
  expect_rc 1 "ax $command"
  expect_one_line_err "$CORRUPT_STORE"
done
cmp .ax/store/data.mdb "$WORK/ax-damaged/store/data.mdb" || fail "the damaged store was overwritten"
diff -r .ax/search "$WORK/ax-damaged/search" || fail "the search index changed although the store was refused"

done_testing
