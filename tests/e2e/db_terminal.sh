# ax db rollback and restore ask on a terminal (run under script(1) for one): "n" cancels with one
# line, exit 1 and the store untouched; "y" goes ahead.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"
command -v script >/dev/null || { echo "script(1) missing: skipped"; exit 0; }

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/mixed-repo" "$REPO"
cd "$REPO"
"$AX" index >/dev/null 2>&1 || fail "index"
sum=$(md5sum .ax/store/data.mdb)

OUT=$(echo n | script -qec "\"$AX\" db rollback" /dev/null)
RC=$?
ERR=$OUT
expect_rc 1
expect_err 'Roll the symbol store back from schema version [0-9]+ to [0-9]+ .*\[y/N\]'
expect_err 'ax: ax db rollback: cancelled, nothing changed'
[[ $(md5sum .ax/store/data.mdb) == "$sum" ]] || fail "a cancelled rollback changed the store"

OUT=$(echo y | script -qec "\"$AX\" db rollback" /dev/null)
RC=$?
expect_rc 0
expect_out '^undid 0'

done_testing
