# How `ax find` ranks, and that a user can see why: named factors (rank.* config), --explain,
# relevance_factors in --json, dedup and folding, --group-by file, the query analysis of -v, and the
# plain BM25 baseline (--rank bm25).
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
# The issue's failure: a locale key named by one word of the query went first.
mkdir -p locales web/tests
printf '{\n  "iframe": "Inline frame",\n  "element": "Element",\n  "new": "New"\n}\n' >locales/en.json
cat >web/dom.js <<'JS'
function newIframeElement(src) {
  const frame = document.createElement("iframe");
  frame.src = src;
  return frame;
}
JS
cat >web/tests/dom.test.js <<'JS'
function newIframeElement(src) {
  return { src };
}
JS
run "$AX" index
expect_rc 0

run "$AX" find new iframe element
expect_rc 0
expect_line 1 '^web/dom\.js:1 +function +newIframeElement'
expect_line 2 '^web/tests/dom\.test\.js:1 +function +newIframeElement'
# The baseline: the index's BM25 alone, no factors, no folding. The key named by one word of the query
# ranks right after the two definitions (its score within a fifth of theirs; with a document per
# symbol it led them by a hair), and the text chunks come as results of their own.
run "$AX" find new iframe element --rank bm25
expect_rc 0
expect_line 3 '^locales/en\.json:2 +key +iframe'
expect_out '^web/dom\.js:1-6 +text'
run "$AX" -c rank.mode=bm25 find new iframe element
expect_line 3 '^locales/en\.json:2 +key +iframe'

# --explain: the score as BM25 times the factors that apply.
run "$AX" find HttpClient --explain
expect_rc 0
expect_line 1 '^src/net/http_client\.py:8 +class +HttpClient'
expect_line 2 '^ +[0-9]+\.[0-9]{2} = bm25 [0-9]+\.[0-9]{2} × exact-name 3\.00 × class 1\.50 × path 1\.50'
run "$AX" find new iframe element --explain
expect_line 3 '^web/tests/dom\.test\.js:1 +function +newIframeElement'
expect_line 4 '× test-file 0\.80'
# The factors are configuration: -c, environment, files.
run "$AX" -c rank.exact_name=5 find HttpClient --explain
expect_line 2 '× exact-name 5\.00 × class 1\.50'
AX_RANK_KIND=1.25 run "$AX" find HttpClient --explain
expect_line 2 '× exact-name 3\.00 × class 1\.25'

# A one-word name with a typo finds the name (no term of the index matches it at all).
run "$AX" find shopingcart --explain
expect_rc 0
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
expect_line 2 '= lookup [0-9.]+ × near-name 2\.00 × class 1\.50'
run "$AX" find shopingcart --rank bm25
expect_rc 1
expect_err '^no results for: shopingcart$'

# --json carries the factors.
run "$AX" find HttpClient --json --explain
expect_rc 0
python3 - "$OUT" <<'PY' || fail "find --json lacks relevance_factors: $OUT"
import json, sys
hits = json.loads(sys.argv[1])
top = hits[0]
assert top["name"] == "HttpClient", top
f = top["relevance_factors"]
assert set(f) == {"text", "name", "docstring", "symbol"}, f
assert f["name"] == 3 and abs(f["symbol"] - 1.5 * 1.5) < 1e-6 and f["text"] > 0, f  # class, path
assert {"name": "exact-name", "value": 3} in top["factors"], top["factors"]
assert abs(top["score"] - f["text"] * f["name"] * f["docstring"] * f["symbol"]) < 1e-3 * top["score"], top
assert top["explain"].startswith("%.2f = bm25" % top["score"]), top["explain"]
PY

# Dedup: the text chunk around retry_with_backoff is folded into the function, not listed apart.
run "$AX" find doubling delay after each failure --explain
expect_rc 0
expect_line 1 '^src/util/retry\.py:6 +function +retry_with_backoff'
expect_no_out '^src/util/retry\.py:[0-9]+-[0-9]+ +text'
expect_out 'text 1-[0-9]+ folded'

# --group-by file: each file once, its hits under it, files by their best hit.
run "$AX" find price --group-by file
expect_rc 0
expect_out '^web/format\.js$'
expect_out '^  6 +function +formatPrice'
[[ $(grep -c '^web/cart\.ts$' <<<"$OUT") == 1 ]] || fail "cart.ts listed more than once: $OUT"
run "$AX" find price --group-by file --json
python3 -c 'import json,sys; g=json.load(sys.stdin); assert all("hits" in x and x["path"] for x in g), g; assert g[0]["score"] >= g[-1]["score"]' <<<"$OUT" ||
  fail "--group-by file --json: $OUT"
run "$AX" find price --group-by dir
expect_rc 2
expect_err "^ax: --group-by expects file, not 'dir'$"

# -v: the query analysis, on stderr.
run "$AX" find -v return the price of the cart
expect_rc 0
expect_err '^query: intent natural language; words return price cart; stop words the of; identifiers -$'
expect_err '^query: ranking ax; [0-9]+ candidates, [0-9]+ shown$'
run "$AX" find -v ShoppingCart
expect_err '^query: intent identifier; words shopping cart;'
run "$AX" find --verbose total in ShoppingCart.totalPrice
expect_err '^query: intent mixed;.* identifiers ShoppingCart\.totalPrice$'

# Bad ranking options and configuration: one line, the file and line for files.
run "$AX" find price --rank best
expect_rc 2
expect_err "^ax: --rank expects ax or bm25, not 'best'$"
run "$AX" -c rank.kind=lots find price
expect_rc 2
expect_err "^ax: -c rank.kind: expects a number from 0 to 100 like 1.5, not 'lots'$"
run "$AX" -c rank.kindness=2 find price
expect_rc 2
expect_err "^ax: unknown configuration key 'rank.kindness'"
printf 'find:\n  limit: 5\nrank:\n  exact_nam: 2\n' >.ax/config.yaml
run "$AX" find price
expect_rc 1
expect_err "^ax: $REPO/\.ax/config\.yaml:4: unknown ranking factor 'rank\.exact_nam' \(see ax config list\)$"
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line: $ERR"
printf 'rank:\n  docstring: 1.5\n  test: -0.5\n' >.ax/config.yaml
run "$AX" find price
expect_rc 1
expect_err "^ax: $REPO/\.ax/config\.yaml:3: rank\.test expects a number from 0 to 100 like 1\.5, not '-0\.5'$"
printf 'rank:\n  test: 0.5\n' >.ax/config.yaml
run "$AX" find new iframe element --explain
expect_rc 0
expect_line 4 '× test-file 0\.50'

# A typo finds its name even when more names share its prefix than one scan of the name index reads
# (the prefix is narrowed a letter at a time, never cut short).
rm -f .ax/config.yaml
mkdir -p many
for i in $(seq -w 1 150); do printf 'def configvalue%s():\n    return %s\n\n' "$i" "$i"; done >many/values.py
printf 'def configzebra():\n    return 0\n' >many/zebra.py
run "$AX" index
expect_rc 0
run "$AX" find configzebar --explain
expect_rc 0
expect_line 1 '^many/zebra\.py:1 +function +configzebra'
expect_line 2 '× near-name 2\.00'

done_testing
