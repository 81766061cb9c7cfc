# ax lint end to end: every built-in rule on a fixture repository with positive and negative cases
# (keywords inside strings and comments are not findings, except for the comment rules), suppression,
# filters, output formats (SARIF validated against the 2.1.0 schema), user rules, the cache, errors.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}" "${AX_BUILD_DIR:?}"

REPO="$WORK/repo"
cp -r "$AX_SOURCE_DIR/tests/fixtures/lint-repo" "$REPO"
cd "$REPO"

# --- error paths (before any index) ---
run "$AX" lint
expect_rc 1
expect_err "^ax: no index found in .*; run 'ax index' at the repository root first$"
run "$AX" lint --list
expect_rc 0
expect_out '^bare-except +python +warning +built-in '

run "$AX" index
expect_rc 0

run "$AX" lint --frobnicate
expect_rc 2
expect_err '^ax: unknown flag --frobnicate'
run "$AX" lint --rule no-evl
expect_rc 2
expect_err "^ax: unknown rule 'no-evl'; did you mean no-eval\? \(see ax lint --list\)$"
run "$AX" lint --format xml
expect_rc 2
expect_err "^ax: unknown format 'xml' \(text, json or sarif\)$"
run "$AX" lint --severity fatal
expect_rc 2
expect_err "^ax: unknown severity 'fatal'"
run "$AX" lint no/such/dir
expect_rc 1
expect_err '^ax: no/such/dir: no such file or directory$'
run "$AX" lint /
expect_rc 1
expect_err '^ax: /: outside the repository '
[[ $(wc -l <<<"$ERR") == 1 ]] || fail "errors are one line: $ERR"

# rule_lines RULE: "path:line" of that rule's findings in the JSON output, sorted, space-separated.
rule_lines() {
  python3 -c '
import json, sys
data = json.loads(sys.argv[2])
print(" ".join(sorted("%s:%d" % (f["path"], f["line"]) for f in data["findings"] if f["rule"] == sys.argv[1])))
' "$1" "$OUT"
}
# expect_rule RULE EXPECTED: exactly these findings of RULE (the fixtures hold its negative cases too).
expect_rule() {
  local got
  got=$(rule_lines "$1")
  [[ "$got" == "$2" ]] || fail "rule $1: expected [$2], got [$got]"
  TESTS_RUN=$((TESTS_RUN + 1))
}

run "$AX" lint --format json
expect_rc 1  # there are error-level findings
expect_rule todo-comment "crate/src/lib.rs:1 go/main.go:5 java/Main.java:1 native/copy.c:2 native/safe.cpp:2 other/Job.scala:1 other/report.ex:2 other/widget.dart:1 py/tool.py:1 web/app.js:1"
expect_rule console-call "java/Main.java:5 web/app.js:3"
expect_rule debugger "py/tool.py:26 py/tool.py:28 web/app.js:6"
expect_rule no-eval "py/tool.py:24 web/app.js:7"
expect_rule empty-catch "java/Main.java:9 native/safe.cpp:6 web/app.js:9"
expect_rule explicit-any "web/types.ts:1"
expect_rule bare-except "py/tool.py:8"
expect_rule empty-except "py/tool.py:19"
expect_rule unchecked-err "go/main.go:7"
expect_rule empty-error-check "go/main.go:15"
expect_rule unwrap-in-library "crate/src/lib.rs:4"
expect_rule dbg-macro "crate/src/lib.rs:12"
expect_rule unsafe-function "native/copy.c:5"
expect_rule io-inspect "other/report.ex:4"
expect_out '"message":"console\.log\(\) call"'               # captures interpolated
expect_out '"message":"// TODO: remove the fallback"'
expect_out '"summary":\{"files":13,"linted":13,"from_cache":0,'

# --- text output: compiler style, the source line, a caret, the fix ---
run "$AX" lint web/app.js
expect_rc 1
expect_line 1 '^web/app\.js:1:1: info: // TODO: remove the fallback \[todo-comment\]$'
expect_out '^web/app\.js:6:1: error: debugger statement \[debugger\]$'
expect_out '^   6 \| debugger;$'
expect_out '^     \| \^~{8}$'
expect_out '^     = fix: remove it$'
expect_out '^5 findings \(2 errors, 2 warnings, 1 info\) in 1 file$'
expect_no_out 'app\.js:12:'  # suppressed by the ax-lint-ignore comment above it
cd web && run "$AX" lint --rule debugger app.js && cd ..
expect_out '^app\.js:6:1: error: debugger statement \[debugger\]$'  # paths relative to the working directory

# --- filters and exit codes ---
run "$AX" lint --severity error --format json
expect_rc 1
expect_no_out '"severity":"(warning|info)"'
expect_out '"severity":"error"'
run "$AX" lint --rule todo-comment,empty-catch
expect_rc 0  # no error-level finding among them
expect_out '\[todo-comment\]$'
expect_no_out '\[(debugger|no-eval|console-call)\]$'
run "$AX" lint py go
expect_out '^py/tool\.py:8:5: warning: '
expect_out '^go/main\.go:7:2: warning: '
expect_no_out '^web/'
run "$AX" lint --list --rule explicit-any --format json
expect_rc 0
expect_out '^\[\{"id":"explicit-any","language":"typescript","severity":"warning",'

# --- the cache: a second run parses nothing; an edit re-lints that file only ---
run "$AX" lint --format json
expect_out '"summary":\{"files":13,"linted":0,"from_cache":13,'
printf 'debugger;\n' >>web/app.js
run "$AX" lint --format json
expect_out '"summary":\{"files":13,"linted":1,"from_cache":12,'
expect_rule debugger "py/tool.py:26 py/tool.py:28 web/app.js:14 web/app.js:6"
touch go/main.go  # same content, new mtime: still from the cache
run "$AX" lint --format json
expect_out '"linted":0,"from_cache":13,'

# --- SARIF, validated against the SARIF 2.1.0 schema ---
run "$AX" lint --format sarif
expect_rc 1
printf '%s\n' "$OUT" >"$WORK/lint.sarif"
TOOLS="$AX_BUILD_DIR/sarif-tools"
bash "$AX_SOURCE_DIR/tests/sarif/install.sh" "$TOOLS" >/dev/null 2>&1 || fail "could not install the SARIF validator (npm ci)"
run node "$TOOLS/validate.js" "$WORK/lint.sarif"
expect_rc 0 "SARIF schema"
expect_out 'valid SARIF 2\.1\.0'
python3 - "$WORK/lint.sarif" <<'PY' || fail "SARIF content"
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
results = run["results"]
assert run["tool"]["driver"]["name"] == "ax"
assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
debugger = [r for r in results if r["ruleId"] == "debugger" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "web/app.js"]
assert debugger and debugger[0]["level"] == "error"
assert debugger[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 6
assert any(r["level"] == "note" for r in results)
PY
TESTS_RUN=$((TESTS_RUN + 1))
printf 'x = 1\n' >'py/odd name#1.py'
"$AX" index >/dev/null
run "$AX" lint --format sarif --rule no-such-finding-here 2>/dev/null
run "$AX" lint --format sarif py
printf '%s\n' "$OUT" >"$WORK/odd.sarif"
run node "$TOOLS/validate.js" "$WORK/odd.sarif"
expect_rc 0 "SARIF of a file name that needs escaping"

# --- user rules: interpolation, a broken rule reported with its line while the others run ---
mkdir -p .ax/lint
cat >.ax/lint/project.yaml <<'YAML'
rules:
  - id: no-print
    language: python
    severity: error
    message: "{{_f}}() writes to stdout"
    query: |
      (call function: (identifier) @_f (#eq? @_f "print")) @finding
    fix: use logging
YAML
cat >.ax/lint/broken.yaml <<'YAML'
rules:
  - id: broken
    language: go
    message: never
    query: |
      (call_expression)
      (no_such_node) @x
YAML
printf 'print("hi")\n# ax-lint-ignore no-print\nprint("quiet")\n' >py/hello.py
"$AX" index >/dev/null
run "$AX" lint py/hello.py
expect_rc 1
expect_out '^py/hello\.py:1:1: error: print\(\) writes to stdout \[no-print\]$'
expect_no_out 'hello\.py:3:'
expect_err "^ax: \.ax/lint/broken\.yaml:7: rule 'broken': query error at line 2, column 2: invalid node type 'no_such_node'$"
run "$AX" lint --rule todo-comment go
expect_rc 1  # the broken rule file fails the run, though the other rules ran
expect_out '^go/main\.go:5:1: info: '
printf 'rules: [\n' >.ax/lint/broken.yaml
run "$AX" lint --list
expect_err '^ax: \.ax/lint/broken\.yaml:[0-9]+: not valid YAML'
expect_out '^no-print +python +error +user '
rm .ax/lint/broken.yaml
run "$AX" lint --rule no-print --format json
expect_rc 1
expect_out '"fix":"use logging"'

done_testing
