# `ax index` and the query commands agree on which .ax/ a directory belongs to (one rule,
# sdk::repository_root): an index above wins over a .ax/ below that only holds configuration.
source "$(dirname "$0")/lib.sh"

REPO="$WORK/repo"
mkdir -p "$REPO/.git" "$REPO/pkg/sub"
printf 'def top_level():\n    pass\n' >"$REPO/top.py"
printf 'def nested_helper():\n    pass\n' >"$REPO/pkg/sub/helper.py"

# Inside a git work tree with no index yet, index from a subdirectory indexes the work tree.
cd "$REPO/pkg"
run "$AX" index
expect_rc 0
expect_out "^Indexed $REPO: 2 parsed"
[[ -d "$REPO/.ax/store" && ! -e "$REPO/pkg/.ax" ]] || fail "the index was not created at the work tree's root"

# A .ax/ holding only configuration below the index: queries and index still use the index above.
mkdir -p "$REPO/pkg/sub/.ax" && printf 'log:\n  level: warn\n' >"$REPO/pkg/sub/.ax/config.yaml"
cd "$REPO/pkg/sub"
run "$AX" def nested_helper
expect_rc 0
expect_out '^pkg/sub/helper\.py:1 +function +nested_helper'
printf 'def added_later():\n    pass\n' >"$REPO/pkg/sub/later.py"
run "$AX" index
expect_rc 0
expect_out "^Indexed $REPO: 1 parsed"
[[ ! -e "$REPO/pkg/sub/.ax/store" ]] || fail "ax index made a second index below the first"
run "$AX" def added_later
expect_rc 0
expect_out '^pkg/sub/later\.py:1 +function +added_later'

done_testing
