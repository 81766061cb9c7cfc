#!/usr/bin/env bash
# Builds and runs every test through CTest.
#   scripts/test.sh              the Release build in build/
#   scripts/test.sh --sanitize   a separate AddressSanitizer + UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on relative paths, so clones in other folders (CI) reuse each other's objects.
export CCACHE_BASEDIR="$PWD"

build_dir=build
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
if [[ "${1:-}" == "--sanitize" ]]; then
  build_dir=build-asan
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAX_SANITIZE=ON)
  # new_delete_type_mismatch is off because Debian's libxapian 1.4.22 itself deletes with the wrong
  # size inside Xapian::Database::check (ax status --verify): allocation and deletion are both in the
  # library, and ASan cannot suppress that report for one library only.
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:new_delete_type_mismatch=0"
  # LeakSanitizer scans no thread-local storage: plugins with thread_local data are dlclosed at exit,
  # and scanning their stale dynamic TLS crashed LSan's own tracer now and then ("Tracer caught
  # signal 11"). Without TLS roots a leak can only be over-reported, never hidden.
  export LSAN_OPTIONS="use_tls=0:suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi

scripts/fetch-grammars.sh
cmake -S . -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
