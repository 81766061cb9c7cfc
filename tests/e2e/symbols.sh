# `ax symbols FILE...`: outlines parsed on the spot or read from the index, nested by parent, and
# its error paths.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/repo/src"
cd "$WORK/repo"
cat >src/shapes.py <<'PY'
"""Shapes."""
SIDES = 4


class Square:
    """A square."""

    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side


def unit():
    return Square(1)
PY

# --- parsed on the spot: nothing is indexed yet ---
run "$AX" symbols src/shapes.py
expect_rc 0
expected_outline='constant SIDES  2-2  SIDES = 4
class Square  5-12  class Square
  constructor __init__  8-9  def __init__(self, side)
  method area  11-12  def area(self)
function unit  15-16  def unit()'
[[ "$OUT" == "$expected_outline" ]] || fail "outline of src/shapes.py:"$'\n'"$OUT"
TESTS_RUN=$((TESTS_RUN + 1))
run "$AX" symbols --json src/shapes.py
expect_rc 0
expect_out '^\[\{"path":"src/shapes.py","language":"python","source":"parse","symbols":\['
expect_out '"name":"Square","kind":"class","qualified_name":"Square","start_line":5'
expect_out '"children":\[\{"name":"__init__","kind":"constructor"'

# --- from the index while the file is unchanged, parsed again once it changes ---
run "$AX" index .
expect_rc 0
run "$AX" symbols --json src/shapes.py
expect_out '"source":"index"'
run "$AX" symbols src/shapes.py
[[ "$OUT" == "$expected_outline" ]] || fail "outline from the index differs:"$'\n'"$OUT"
TESTS_RUN=$((TESTS_RUN + 1))
(cd src && run "$AX" symbols --json shapes.py && grep -q '"source":"index"' <<<"$OUT") ||
  fail "a path relative to a subdirectory is not looked up in the index"
run "$AX" symbols --json --parse src/shapes.py
expect_out '"source":"parse"'
printf 'def added():\n    pass\n' >>src/shapes.py
run "$AX" symbols --json src/shapes.py
expect_out '"source":"parse"'
expect_out '"name":"added"'

# --- several files: each under its name ---
printf 'package main\n\nfunc main() {}\n' >src/main.go
run "$AX" symbols src/main.go src/shapes.py
expect_rc 0
expect_line 1 '^src/main.go:$'
expect_line 2 '^namespace main  1-1'
expect_out '^src/shapes.py:$'

# --- error paths: one "ax: " line, nothing on stdout, exit 1 (user) or 2 (usage) ---
printf 'plain words\n' >notes.txt
printf 'ELF\0\0\0binary' >blob.py
mkfifo pipe.py
expect_error 2 "^ax: usage: ax symbols FILE" "$AX" symbols
expect_error 2 "unknown flag --bogus" "$AX" symbols --bogus src/shapes.py
expect_error 1 "^ax: nosuch.py: no such file or directory$" "$AX" symbols nosuch.py
expect_error 1 "^ax: src: is a directory" "$AX" symbols src
expect_error 1 "^ax: notes.txt: no supported language" "$AX" symbols notes.txt
expect_error 1 "^ax: blob.py: binary file" "$AX" symbols blob.py
expect_error 1 "^ax: pipe.py: not a regular file$" "$AX" symbols pipe.py
# A bad name among good ones fails the command before anything is printed.
expect_error 1 "^ax: nosuch.py: no such file" "$AX" symbols src/main.go nosuch.py

done_testing
