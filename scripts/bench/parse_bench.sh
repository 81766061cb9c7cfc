#!/usr/bin/env bash
# Parse throughput per language (MB/s, symbols/s) on each plugin's fixtures, one thread.
#   scripts/bench/parse_bench.sh [seconds per language]
# Or the index pipeline on a tree without storage (and, with --store, with it), same threads:
#   scripts/bench/parse_bench.sh --tree TREE [--threads N] [--store]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --build build --target bench-parse >/dev/null
if [[ "${1:-}" == --tree ]]; then exec build/bench-parse "$@"; fi
build/bench-parse "$PWD" "${1:-2}"
