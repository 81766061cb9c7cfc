#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan + UBSan, in build-fuzz/) and runs each in
# turn with its seed corpus.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   default 60 s, every target
#   scripts/fuzz.sh --list                              the targets' names
# Environment: AX_FUZZ_TIMEOUT (s per input, default 10), AX_FUZZ_RSS_MB (default 2048),
# AX_FUZZ_BUILD_DIR (default build-fuzz), AX_FUZZ_NICE (niceness of the runs, default 19),
# AX_FUZZ_SEED (libFuzzer's random seed; unset: a new one each run; CI fixes it so a run replays).
# Prints executions, exec/s and coverage per target. A crash or leak input is copied to
# tests/fuzz/regressions/<target>/, which the ordinary test suite replays (test fuzz-<target>);
# hangs (timeout-*) and memory blow-ups (oom-*) stay in <build>/fuzz-artifacts/<target>/.
# Exits 1 if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# ccache keys on relative paths, so clones in other folders (CI) reuse each other's objects.
export CCACHE_BASEDIR="$root"

build_dir=${AX_FUZZ_BUILD_DIR:-build-fuzz}
timeout=${AX_FUZZ_TIMEOUT:-10}
rss_mb=${AX_FUZZ_RSS_MB:-2048}
niceness=${AX_FUZZ_NICE:-19}

list_only=0
seconds=60
if [[ "${1:-}" == "--list" ]]; then
  list_only=1
  shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
requested=("$@")

scripts/fetch-grammars.sh >/dev/null
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DAX_FUZZ=ON -DAX_BUILD_TESTS=OFF >/dev/null

targets=()
for list in "$build_dir"/fuzz-seeds/*.seeds; do
  targets+=("$(basename "$list" .seeds)")
done
if ((list_only)); then
  printf '%s\n' "${targets[@]}"
  exit 0
fi
if ((${#requested[@]})); then
  for target in "${requested[@]}"; do
    [[ -f "$build_dir/fuzz-seeds/$target.seeds" ]] || { echo "fuzz: no target '$target' (see --list)" >&2; exit 2; }
  done
  targets=("${requested[@]}")
fi

build_targets=()
for target in "${targets[@]}"; do build_targets+=("fuzz-$target"); done
cmake --build "$build_dir" --parallel "$(nproc)" --target "${build_targets[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Copies the target's seeds (files, or folders read recursively) into one flat folder; names get a
# prefix from their path so that equal base names from different folders stay apart.
assemble_seeds() {
  local list=$1 into=$2 seed file
  rm -rf "$into"
  mkdir -p "$into"
  while IFS= read -r seed; do
    [[ -n "$seed" && -e "$seed" ]] || continue
    while IFS= read -r -d '' file; do
      cp "$file" "$into/$(printf '%s' "$file" | md5sum | cut -c1-8)-$(basename "$file")"
    done < <(find "$seed" -type f -print0)
  done <"$list"
}

failed=()
summary=()
for target in "${targets[@]}"; do
  work="$build_dir/fuzz-work/$target"
  artifacts="$build_dir/fuzz-artifacts/$target"
  mkdir -p "$work/corpus" "$artifacts"
  assemble_seeds "$build_dir/fuzz-seeds/$target.seeds" "$work/seeds"
  log="$work/last-run.log"
  options=(-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" -print_final_stats=1
           -artifact_prefix="$artifacts/")
  [[ -n "${AX_FUZZ_SEED:-}" ]] && options+=(-seed="$AX_FUZZ_SEED")
  dict="tests/fuzz/dictionaries/$target.dict"
  [[ -f "$dict" ]] && options+=(-dict="$dict")
  before=$(ls "$artifacts")
  echo "fuzz: $target for ${seconds}s ($(ls "$work/seeds" | wc -l) seeds, $(ls "$work/corpus" | wc -l) in corpus)"
  started=$(date +%s)
  rc=0
  # New inputs go to the first folder (kept between runs); the seeds are read only.
  nice -n "$niceness" "$build_dir/fuzz-$target" "${options[@]}" "$work/corpus" "$work/seeds" >"$log" 2>&1 || rc=$?
  elapsed=$(($(date +%s) - started))

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  line="$target: ${elapsed}s, ${execs:-?} execs, ${rate:-?} exec/s, ${cov:-cov: ?}, peak rss ${rss:-?} MB"
  new=$(comm -13 <(echo "$before") <(ls "$artifacts") | grep -v '^$' || true)
  if ((rc != 0)) || [[ -n "$new" ]]; then
    failed+=("$target")
    line+=" — FAILED (exit $rc)"
    grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|property violated|ALARM|out-of-memory|deadly signal' "$log" \
      | sed 's/^/  /' || true
    for file in $new; do
      if [[ "$file" == crash-* || "$file" == leak-* ]]; then
        mkdir -p "tests/fuzz/regressions/$target"
        cp "$artifacts/$file" "tests/fuzz/regressions/$target/$file"
        line+=$'\n'"  input kept as tests/fuzz/regressions/$target/$file"
      else
        line+=$'\n'"  input: $artifacts/$file"
      fi
    done
    line+=$'\n'"  log: $log"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary (${seconds}s per target, timeout ${timeout}s, rss limit ${rss_mb} MB):"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]})); then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
