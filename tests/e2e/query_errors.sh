# Queries that would answer "no results" for a reason other than the index holding nothing: each is
# told what is wrong in one line, with the usage exit code.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
run "$AX" index
expect_rc 0

expect_usage_error() {
  expect_rc 2
  [[ $(wc -l <<<"$ERR") == 1 ]] || fail "expected one line on stderr, got: $ERR"
  expect_err "$1"
  [[ -z "$OUT" ]] || fail "a usage error should print no results: $OUT"
}

# --limit 0 would show nothing although there are hits: it is refused (README: at least 1).
run "$AX" find cart
expect_rc 0
run "$AX" find cart --limit 0
expect_usage_error '^ax: --limit must be at least 1$'
run "$AX" def ShoppingCart --limit 0
expect_usage_error '^ax: --limit must be at least 1$'
run "$AX" find cart --limit 1
expect_rc 0
[[ $(wc -l <<<"$OUT") == 1 ]] || fail "--limit 1 should show one result: $OUT"

# Unknown lang:/kind: values name the value and the closest known one.
run "$AX" find 'cart lang:typescrpt'
expect_usage_error "^ax: unknown language 'typescrpt'; the closest known language is 'typescript'$"
run "$AX" find 'cart -lang:pyhton'
expect_usage_error "^ax: unknown language 'pyhton'; the closest known language is 'python'$"
run "$AX" find 'cart kind:clas'
expect_usage_error "^ax: unknown kind 'clas'; the closest known kind is 'class'$"
run "$AX" def ShoppingCart --kind klass
expect_usage_error "^ax: unknown kind 'klass'; the closest known kind is 'class'$"
run "$AX" def ShoppingCart --lang typescrip
expect_usage_error "^ax: unknown language 'typescrip'; the closest known language is 'typescript'$"
# Known values, aliases included, still filter.
run "$AX" find 'cart lang:ts kind:class'
expect_rc 0
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'
run "$AX" def ShoppingCart --kind class --lang ts
expect_rc 0
expect_line 1 '^web/cart\.ts:13 +class +ShoppingCart'

# An empty query is called empty, not "has filters".
run "$AX" find ''
expect_usage_error '^ax: the query is empty; give words to search for$'
run "$AX" find '""'
expect_usage_error '^ax: the query is empty; give words to search for$'
run "$AX" find 'lang:python'
expect_usage_error '^ax: the query has filters but nothing to search for$'

# Filter-only queries stay refused whatever else is asked for.
run "$AX" find 'kind:function lang:py' --explain --group-by file
expect_usage_error '^ax: the query has filters but nothing to search for$'
run "$AX" find '""' -v
expect_usage_error '^ax: the query is empty; give words to search for$'

# Hostile but valid queries answer (results or "no results"), never crash or hang.
long=$(head -c 10000 /dev/zero | tr '\0' 'a')
run timeout 10 "$AX" find "$long"
[[ $RC == 0 || $RC == 1 ]] || fail "a 10k-character word: exit $RC: $ERR"
words=$(python3 -c 'print(" ".join(["cart"] * 2000))')
run timeout 10 "$AX" find $words --explain -v
expect_rc 0
expect_line 1 'cart'
run timeout 10 "$AX" find '.*[cart]+(\w|$)^' --explain
[[ $RC == 0 || $RC == 1 ]] || fail "regex characters: exit $RC: $ERR"
[[ $(wc -l <<<"$ERR") -le 1 ]] || fail "regex characters: $ERR"
run "$AX" find 'cart "unbalanced'
expect_usage_error '^ax: unterminated quote in query$'
run "$AX" find 'the a of if' -v
[[ $RC == 0 || $RC == 1 ]] || fail "stop words only: exit $RC: $ERR"
expect_err '^query: intent natural language; words -; stop words the a of if'
run "$AX" find 'cart kind:functoin' --rank bm25
expect_usage_error "^ax: unknown kind 'functoin'; the closest known kind is 'function'$"

done_testing
