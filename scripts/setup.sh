#!/usr/bin/env bash
# Installs everything ax needs on a fresh Debian 12 machine and builds it (Release) into build/.
#   scripts/setup.sh            install dependencies, fetch grammars, build
#   AX_SKIP_APT=1 scripts/setup.sh   skip the apt step (dependencies already present)
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache keys on relative paths, so clones in other folders (CI) reuse each other's objects.
export CCACHE_BASEDIR="$PWD"

packages=(build-essential cmake ninja-build ccache pkg-config git clang-format
          libboost-dev libboost-filesystem-dev liblmdb-dev libxapian-dev libyaml-cpp-dev nettle-dev zlib1g-dev catch2 libjemalloc-dev
          nlohmann-json3-dev libcpptoml-dev
          # semantic search: the truncated SVD of the trained embeddings
          libeigen3-dev
          # scripts/bench/imports_queries.sh AX_BENCH_HEAVIEST: mdb_dump reads the store's reference lists
          lmdb-utils
          # tests/e2e/index_threads.sh counts the threads a run starts
          strace
          # telemetry: OTLP JSON; libcurl for submit (loaded at run time, libcurl.so.4 from libcurl4)
          libcurl4-openssl-dev
          # feature flags: MurmurHash3 x86_32 for Unleash-compatible rollout buckets
          libmurmurhash-dev
          # scripts/fuzz.sh: clang, its libFuzzer and sanitizer runtimes, llvm-symbolizer for stack traces
          clang libclang-rt-14-dev llvm)
# The grammar sources come from the npm registry; use the machine's Node.js if it has one.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
# The end-to-end tests read --json output with python3.
command -v python3 >/dev/null 2>&1 || packages+=(python3)

if [[ "${AX_SKIP_APT:-0}" != 1 ]]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    echo "setup: installing ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

scripts/fetch-grammars.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --parallel "$(nproc)"
echo "setup: built build/ax with $(ls build/plugins | wc -l) plugins"
