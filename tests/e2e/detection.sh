# Language detection over the labelled corpus in tests/detection: `ax detect` must agree with
# labels.tsv on at least 99% of the files, must never put a file of a supported language in another
# supported language, and must never claim a file that no supported language owns.
source "$(dirname "$0")/lib.sh"
: "${AX_SOURCE_DIR:?}"

DETECTION_DIR="$AX_SOURCE_DIR/tests/detection"
cd "$DETECTION_DIR/corpus" || fail "no corpus in $DETECTION_DIR/corpus"

run "$AX" detect --json .
expect_rc 0
printf '%s\n' "$OUT" >"$WORK/detected.json"

python3 - "$DETECTION_DIR/labels.tsv" "$WORK/detected.json" <<'PY'
import json
import os
import sys

SUPPORTED = {"python", "typescript", "javascript", "go", "rust", "java", "c", "cpp", "scala", "elixir",
             "dart", "yaml", "json", "toml"}
UNSUPPORTED = "-"
MIN_FILES = 400
MIN_ACCURACY = 99.0

labels_path, detected_path = sys.argv[1], sys.argv[2]
problems = []

# labels.tsv: PATH<TAB>LANGUAGE, '#' comments and blank lines ignored.
expected = {}
with open(labels_path, encoding="utf-8") as labels:
    for number, line in enumerate(labels, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0] or not fields[1]:
            problems.append(f"labels.tsv:{number}: expected PATH<TAB>LANGUAGE, got {line!r}")
            continue
        path, language = fields
        if language != UNSUPPORTED and language not in SUPPORTED:
            problems.append(f"labels.tsv:{number}: unknown language {language!r} for {path}")
        if path in expected:
            problems.append(f"labels.tsv:{number}: {path} is labelled twice")
        expected[path] = language

# `ax detect --json`: "language" is a plugin id, or "" / "binary" / "unreadable" when unclaimed.
detected = {}
with open(detected_path, encoding="utf-8") as output:
    entries = json.load(output)
for entry in entries:
    language = entry["language"]
    detected[os.path.normpath(entry["path"])] = language if language not in ("", "binary", "unreadable") else UNSUPPORTED

for path in sorted(detected.keys() - expected.keys()):
    problems.append(f"{path}: corpus file without a label")
for path in sorted(expected.keys() - detected.keys()):
    problems.append(f"{path}: labelled but missing from the corpus")
if len(expected) < MIN_FILES:
    problems.append(f"the corpus has {len(expected)} labelled files; at least {MIN_FILES} are required")
for language in sorted(SUPPORTED - set(expected.values())):
    problems.append(f"no corpus file is labelled {language}")

rows = {}
misses = []
wrong_language = claimed_unsupported = 0
for path in sorted(expected.keys() & detected.keys()):
    want, got = expected[path], detected[path]
    files, correct = rows.get(want, (0, 0))
    rows[want] = (files + 1, correct + (want == got))
    if want == got:
        continue
    if want == UNSUPPORTED:
        kind = "claimed an unsupported file"
        claimed_unsupported += 1
    elif got == UNSUPPORTED:
        kind = "not detected"
    else:
        kind = "wrong language"
        wrong_language += 1
    misses.append(f"  {path}: expected {want}, detected {got} ({kind})")

def percent(correct, files):
    return 100.0 * correct / files if files else 0.0

print(f"{'language':<14}{'files':>7}{'correct':>9}{'accuracy':>10}")
for language in sorted(rows, key=lambda name: (name == UNSUPPORTED, name)):
    files, correct = rows[language]
    name = "(unsupported)" if language == UNSUPPORTED else language
    print(f"{name:<14}{files:>7}{correct:>9}{percent(correct, files):>9.2f}%")
total_files = sum(files for files, _ in rows.values())
total_correct = sum(correct for _, correct in rows.values())
overall = percent(total_correct, total_files)
print(f"{'overall':<14}{total_files:>7}{total_correct:>9}{overall:>9.2f}%")
print(f"misses ({len(misses)}):" if misses else "misses: none")
for miss in misses:
    print(miss)

if overall < MIN_ACCURACY:
    problems.append(f"overall accuracy {overall:.2f}% is below {MIN_ACCURACY}%")
if wrong_language:
    problems.append(f"{wrong_language} file(s) detected as the wrong supported language")
if claimed_unsupported:
    problems.append(f"{claimed_unsupported} file(s) of unsupported languages claimed by a supported one")
for problem in problems:
    print(f"problem: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
status=$?
[[ $status == 0 ]] || fail "language detection over tests/detection does not meet the bar (see above)"
TESTS_RUN=$((TESTS_RUN + 1))

done_testing
