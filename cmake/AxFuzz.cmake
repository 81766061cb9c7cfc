# Fuzz targets (tests/fuzz). Each target is one source file defining LLVMFuzzerTestOneInput, built
#   - with AX_FUZZ=ON (clang, its own build directory, see scripts/fuzz.sh): as the libFuzzer
#     executable fuzz-<name>, its seed list written to <build>/fuzz-seeds/<name>.seeds;
#   - in the ordinary build with tests: as fuzz-replay-<name>, the same source with a main() that feeds
#     it every file of tests/fuzz/regressions/<name>/ and of the seeds, registered as the test fuzz-<name>.

option(AX_FUZZ "Build the libFuzzer targets of tests/fuzz with clang, ASan and UBSan (scripts/fuzz.sh)" OFF)
set(AX_FUZZ_DIR "${CMAKE_SOURCE_DIR}/tests/fuzz")
set(AX_FUZZ_SEED_LIST_DIR "${CMAKE_BINARY_DIR}/fuzz-seeds")

if(AX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AX_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(AX_SANITIZE)
    message(FATAL_ERROR "AX_FUZZ already builds with ASan and UBSan; leave AX_SANITIZE off")
  endif()
  # Everything is instrumented for coverage and checked; only the fuzz executables link libFuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Seed lists are rewritten at every configure, so a removed target leaves none behind.
  file(REMOVE_RECURSE "${AX_FUZZ_SEED_LIST_DIR}")
  add_custom_target(ax_fuzz_targets)
endif()

# ax_add_fuzz_target(<name> SOURCE <file.cpp> LIBRARIES <targets>... [DEFINITIONS <defs>...]
#                    [SEEDS <files or directories>...] [REPLAY_INPUTS <files or directories>...])
# SEEDS start the fuzzer's corpus and are replayed by the test; REPLAY_INPUTS are replayed only
# (e.g. built files that the fuzz build does not make).
function(ax_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "SOURCE" "LIBRARIES;DEFINITIONS;SEEDS;REPLAY_INPUTS" ${ARGN})
  set(regressions "${AX_FUZZ_DIR}/regressions/${name}")
  if(AX_FUZZ)
    set(target fuzz-${name})
    add_executable(${target} "${ARG_SOURCE}")
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    list(JOIN ARG_SEEDS "\n" seed_lines)
    file(WRITE "${AX_FUZZ_SEED_LIST_DIR}/${name}.seeds" "${seed_lines}\n")
    add_dependencies(ax_fuzz_targets ${target})
  elseif(AX_BUILD_TESTS)
    set(target fuzz-replay-${name})
    add_executable(${target} "${ARG_SOURCE}" "${AX_FUZZ_DIR}/replay_main.cpp")
    # The regressions folder may appear after configuring (scripts/fuzz.sh fills it), so it is
    # passed whether it exists or not.
    add_test(NAME fuzz-${name} COMMAND ${target} --regressions "${regressions}" ${ARG_SEEDS} ${ARG_REPLAY_INPUTS})
  else()
    return()
  endif()
  target_include_directories(${target} PRIVATE "${AX_FUZZ_DIR}")
  target_link_libraries(${target} PRIVATE ${ARG_LIBRARIES})
  target_compile_definitions(${target} PRIVATE ${ARG_DEFINITIONS})
  target_compile_options(${target} PRIVATE ${AX_WARNINGS})
endfunction()
