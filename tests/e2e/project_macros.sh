# C macros the project defines in its own headers (an export macro, lower-case attribute and
# inline macros the grammar cannot know) are read as the preprocessor would in a file that uses them: the
# functions are indexed and the file has no syntax error. The same file alone, with no header
# defining them, keeps its syntax errors.
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

# Without the header the macros mean nothing to the parser: the file keeps its errors.
mkdir -p "$WORK/alone" && cp src/lib.c "$WORK/alone/"
cd "$WORK/alone"
run "$AX" index --json .
expect_rc 0
expect_out '"parsed":1,'
expect_out '"syntax_errors":1,'
done_testing
