#!/usr/bin/env bash
# Parse throughput per language (MB/s, symbols/s) on each plugin's fixtures, one thread.
#   scripts/bench/parse_bench.sh [seconds per language]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target bench-parse >/dev/null
build/bench-parse "$PWD" "${1:-2}"
