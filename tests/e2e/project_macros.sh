# C macros the project defines in its own headers (an export macro, lower-case attribute and
# inline macros the grammar cannot know) are read as the preprocessor would in a file that uses them: the
# functions are indexed and the file has no syntax error. The table of them is kept in .ax/ (a
# damaged one is rebuilt; backups and restores ignore it), and `ax symbols` reads the file with it,
# as the index did. The same file alone, with no header defining them, keeps its syntax errors.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/repo/include/mylib" "$WORK/repo/src"
cd "$WORK/repo"
cat >include/mylib/api.h <<'C'
#ifndef MYLIB_API_H
#define MYLIB_API_H
#define MYAPI __attribute__((visibility("default")))
#define mylib_nonnull __attribute__((nonnull))
#define mylib_unused __attribute__((unused))
#define mylib_restrict __restrict
#if defined(_MSC_VER)
#  define mylib_inline static __forceinline
#else
#  define mylib_inline static inline __attribute__((always_inline))
#endif
#endif
C
cat >src/lib.c <<'C'
#include "mylib/api.h"

MYAPI int mylib_open(mylib_nonnull const char *path) { return path != 0; }

static const char *mylib_unused mylib_names[] = {"a", "b"};

mylib_inline void mylib_copy(char *mylib_restrict to, const char *mylib_restrict from) {
  int mylib_unused copied = 0;
  *to = *from;
}
C

run "$AX" index --json .
expect_rc 0
expect_out '"parsed":2,'
expect_out '"syntax_errors":0,'
run "$AX" def mylib_open
expect_rc 0
expect_out 'src/lib.c:3'
run "$AX" def mylib_copy
expect_rc 0
expect_out 'src/lib.c:7 +function +mylib_copy'
run "$AX" def mylib_names
expect_rc 0
expect_out 'src/lib.c:5'

# The table is kept in the index directory for the next run.
[[ $(head -c 8 .ax/c_family.project_macros) == AXMACROS ]] || fail "no macro table kept in .ax/"

# `ax symbols` parses a file of the repository as the index did, with the project's macros: the
# outline parsed now is the one the index stored.
outline() {  # FILE [--parse]: the JSON outline, without where it came from
  run "$AX" symbols --json "$@"
  expect_rc 0
  sed -E 's/"source":"(index|parse)",//' <<<"$OUT"
}
STORED=$(outline src/lib.c)
grep -q '"name":"mylib_copy"' <<<"$STORED" || fail "the index holds no mylib_copy: $STORED"
[[ $(outline src/lib.c --parse) == "$STORED" ]] || fail "ax symbols --parse differs from the index: $OUT"
# A changed file (not in the index as it is now) is parsed the same way, and `ax index FILE` agrees.
echo '/* changed */' >>src/lib.c
PARSED=$(outline src/lib.c)
run "$AX" index --json src/lib.c
expect_rc 0
expect_out '"syntax_errors":0,'
[[ $(outline src/lib.c) == "$PARSED" && "$PARSED" == "$STORED" ]] || fail "outline of the changed file: $PARSED"

# A damaged table is rebuilt, never an error.
printf 'AXMACROS garbage' >.ax/c_family.project_macros
echo '/* changed again */' >>src/lib.c
run "$AX" index --json src/lib.c
expect_rc 0
expect_out '"parsed":1,'
expect_out '"syntax_errors":0,'
[[ $(head -c 8 .ax/c_family.project_macros) == AXMACROS && $(stat -c %s .ax/c_family.project_macros) -gt 16 ]] ||
  fail "the damaged table was not rewritten"

# Backups and restores leave the table alone, and it does not disturb them.
run "$AX" db backup
expect_rc 0
BACKUP=$(ls -t .ax/backups/*.mdb.gz | head -1)
run "$AX" db backups --json
expect_rc 0
expect_out 'ax-backup-'
run "$AX" db restore "$BACKUP" --yes
expect_rc 0
expect_out '^restored '
[[ $(head -c 8 .ax/c_family.project_macros) == AXMACROS ]] || fail "the restore removed the macro table"
run "$AX" def mylib_copy
expect_rc 0
expect_out 'src/lib.c:7 +function +mylib_copy'
[[ $(outline src/lib.c --parse) == "$STORED" ]] || fail "ax symbols --parse after the restore: $OUT"

# Without the header the macros mean nothing to the parser: the file keeps its errors.
mkdir -p "$WORK/alone" && cp src/lib.c "$WORK/alone/"
cd "$WORK/alone"
run "$AX" index --json .
expect_rc 0
expect_out '"parsed":1,'
expect_out '"syntax_errors":1,'
done_testing
