#!/usr/bin/env bash
# Fails when a C++ source differs from clang-format's output (.clang-format at the root).
# Fixtures and the detection corpus are test data, written as their languages' users would.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find kernel plugins sdk tests scripts -name '*.cpp' -o -name '*.hpp')
files=$(grep -v -e '^tests/detection/corpus/' -e '/fixtures/' <<<"$files")
count=$(wc -l <<<"$files")
if ! clang-format --dry-run --Werror $files; then
  echo "format: run clang-format -i on the files above"
  exit 1
fi
echo "format: $count files checked, 0 failed"
