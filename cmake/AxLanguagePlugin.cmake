# The tree-sitter runtime (from the npm `tree-sitter` package, which loads grammar ABI 13-15) and
# the helper that builds one language plugin from grammar packages and tags queries.

if(NOT EXISTS "${AX_GRAMMARS_DIR}/tree-sitter/vendor/tree-sitter/lib/src/lib.c")
  message(STATUS "Fetching tree-sitter grammars (scripts/fetch-grammars.sh)")
  execute_process(COMMAND bash "${CMAKE_SOURCE_DIR}/scripts/fetch-grammars.sh" RESULT_VARIABLE _fetch_result)
  if(NOT _fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch the tree-sitter grammars; run scripts/fetch-grammars.sh")
  endif()
endif()

set(_ts_lib "${AX_GRAMMARS_DIR}/tree-sitter/vendor/tree-sitter/lib")
add_library(ax_tree_sitter STATIC "${_ts_lib}/src/lib.c")
target_include_directories(ax_tree_sitter SYSTEM PUBLIC "${_ts_lib}/include" PRIVATE "${_ts_lib}/src")
target_compile_definitions(ax_tree_sitter PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
set_target_properties(ax_tree_sitter PROPERTIES C_STANDARD 11 C_VISIBILITY_PRESET hidden)

# ax_embed_queries(<out var> <generated dir> <file.scm>...): a rule embedding each query as the string
# k_<stem>_query in "<generated dir>/<stem>.scm.hpp"; the header paths are returned in <out var>.
function(ax_embed_queries out_var gen_dir)
  set(headers)
  foreach(query IN LISTS ARGN)
    get_filename_component(stem "${query}" NAME_WE)
    get_filename_component(query_path "${query}" ABSOLUTE)
    set(out "${gen_dir}/${stem}.scm.hpp")
    add_custom_command(OUTPUT "${out}"
      COMMAND "${CMAKE_COMMAND}" -DIN=${query_path} -DOUT=${out} -DSTEM=${stem}
              -P "${CMAKE_SOURCE_DIR}/cmake/AxEmbedQuery.cmake"
      DEPENDS "${query_path}" "${CMAKE_SOURCE_DIR}/cmake/AxEmbedQuery.cmake"
      COMMENT "Embedding query ${stem}.scm" VERBATIM)
    list(APPEND headers "${out}")
  endforeach()
  set(${out_var} "${headers}" PARENT_SCOPE)
endfunction()

# ax_add_language_library(<target> SOURCES <file.cpp>... [QUERIES <file.scm>...])
# Code (and queries) several language plugins share: a static library whose folder is its public
# include directory, linked by the plugins that build on it. It is not a plugin itself.
function(ax_add_language_library target)
  cmake_parse_arguments(ARG "" "" "SOURCES;QUERIES" ${ARGN})
  set(gen_dir "${CMAKE_CURRENT_BINARY_DIR}/generated")
  ax_embed_queries(headers "${gen_dir}" ${ARG_QUERIES})
  add_library(${target} STATIC ${ARG_SOURCES} ${headers})
  target_include_directories(${target} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}" "${gen_dir}")
  target_link_libraries(${target} PUBLIC ax_lang_common)
  target_compile_options(${target} PRIVATE ${AX_WARNINGS})
  set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# ax_add_language_plugin(<name>
#   GRAMMARS <dir containing src/parser.c>...   (relative to AX_GRAMMARS_DIR)
#   QUERIES <file.scm>...                         (embedded as k_<stem>_query in "<stem>.scm.hpp")
#   SOURCES <file.cpp>...                         (the language class)
#   ENTRY <plugin.cpp>                            (the AX_PLUGIN line)
#   TESTS <test.cpp>...                           (Catch2; AX_FIXTURES_DIR = ./fixtures)
#   LIBRARIES <target>...)                        (shared language libraries, see ax_add_language_library)
# Produces plugins/lang-<name>.so, the static library lang_<name>_impl, the test test-lang-<name> and
# the fuzz target lang-<name> (cmake/AxFuzz.cmake).
function(ax_add_language_plugin name)
  cmake_parse_arguments(ARG "" "ENTRY" "GRAMMARS;QUERIES;SOURCES;TESTS;LIBRARIES" ${ARGN})
  set(grammar_sources)
  foreach(grammar IN LISTS ARG_GRAMMARS)
    set(dir "${AX_GRAMMARS_DIR}/${grammar}/src")
    # A grammar added to grammars/package.json since the last fetch (the lock changed): fetch again.
    if(NOT EXISTS "${dir}/parser.c")
      message(STATUS "Fetching tree-sitter grammars for ${grammar} (scripts/fetch-grammars.sh)")
      execute_process(COMMAND bash "${CMAKE_SOURCE_DIR}/scripts/fetch-grammars.sh" RESULT_VARIABLE _fetch_result)
      if(NOT _fetch_result EQUAL 0 OR NOT EXISTS "${dir}/parser.c")
        message(FATAL_ERROR "No grammar sources in ${dir}; run scripts/fetch-grammars.sh")
      endif()
    endif()
    list(APPEND grammar_sources "${dir}/parser.c")
    if(EXISTS "${dir}/scanner.c")
      list(APPEND grammar_sources "${dir}/scanner.c")
    endif()
  endforeach()
  set(grammar_lib lang_${name}_grammars)
  add_library(${grammar_lib} STATIC ${grammar_sources})
  # Generated parsers are third-party code: no warnings, and -O1 keeps their huge tables quick to build.
  set_target_properties(${grammar_lib} PROPERTIES C_STANDARD 11 C_VISIBILITY_PRESET hidden)
  target_compile_options(${grammar_lib} PRIVATE -w -O1)
  if(AX_SANITIZE)
    # Generated parse tables are data, not logic worth instrumenting; it would only slow the build.
    target_compile_options(${grammar_lib} PRIVATE -fno-sanitize=all)
  endif()
  if(AX_FUZZ)
    # Coverage guides the fuzzer through the generated lexers, but checking every read of their
    # parse tables only slows the build and the runs. Hand-written scanners stay fully checked.
    foreach(grammar IN LISTS ARG_GRAMMARS)
      set_property(SOURCE "${AX_GRAMMARS_DIR}/${grammar}/src/parser.c" APPEND PROPERTY COMPILE_OPTIONS
                   -fno-sanitize=address,undefined)
    endforeach()
  endif()
  foreach(grammar IN LISTS ARG_GRAMMARS)
    # Each scanner includes its own "tree_sitter/parser.h"; compile per-file with its own dir.
    set(dir "${AX_GRAMMARS_DIR}/${grammar}/src")
    set_property(SOURCE "${dir}/parser.c" "${dir}/scanner.c" APPEND PROPERTY INCLUDE_DIRECTORIES "${dir}")
  endforeach()

  set(gen_dir "${CMAKE_CURRENT_BINARY_DIR}/generated")
  ax_embed_queries(headers "${gen_dir}" ${ARG_QUERIES})

  set(impl lang_${name}_impl)
  add_library(${impl} STATIC ${ARG_SOURCES} ${headers})
  target_include_directories(${impl} PUBLIC "${gen_dir}" "${CMAKE_CURRENT_SOURCE_DIR}")
  target_link_libraries(${impl} PUBLIC ax_lang_common ${ARG_LIBRARIES} ${grammar_lib})
  target_compile_options(${impl} PRIVATE ${AX_WARNINGS})
  set_target_properties(${impl} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

  ax_add_plugin(lang-${name} SOURCES "${ARG_ENTRY}" OUTPUT_DIRECTORY "${AX_PLUGIN_OUTPUT_DIR}")
  target_link_libraries(lang-${name} PRIVATE ${impl})
  target_compile_options(lang-${name} PRIVATE ${AX_WARNINGS})
  install(TARGETS lang-${name} LIBRARY DESTINATION "${AX_PLUGIN_INSTALL_DIR}")

  if(AX_BUILD_TESTS AND ARG_TESTS)
    add_executable(test-lang-${name} ${ARG_TESTS})
    target_link_libraries(test-lang-${name} PRIVATE ${impl} ax_catch_main)
    target_compile_definitions(test-lang-${name} PRIVATE AX_FIXTURES_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
    target_compile_options(test-lang-${name} PRIVATE ${AX_WARNINGS})
    add_test(NAME lang-${name} COMMAND test-lang-${name})
  endif()

  # The fuzz target builds the language class the entry file exports, found in its AX_PLUGIN line.
  file(READ "${ARG_ENTRY}" entry_text)
  string(REGEX MATCH "#include \"([A-Za-z0-9_]+\\.hpp)\"" _ "${entry_text}")
  set(language_header "${CMAKE_MATCH_1}")
  string(REGEX MATCH "(ax::lang::[A-Za-z0-9_]+)\\)" _ "${entry_text}")
  set(language_class "${CMAKE_MATCH_1}")
  if(NOT language_header OR NOT language_class)
    message(FATAL_ERROR "${ARG_ENTRY}: no '#include \"<header>.hpp\"' or AX_PLUGIN(..., ax::lang::<Class>) line")
  endif()
  # Seeds: the fixtures, and the detection corpus's files with the same extensions.
  set(seeds "${CMAKE_CURRENT_SOURCE_DIR}/fixtures")
  file(GLOB fixtures "${CMAKE_CURRENT_SOURCE_DIR}/fixtures/*")
  set(corpus_patterns)
  foreach(fixture IN LISTS fixtures)
    get_filename_component(extension "${fixture}" LAST_EXT)
    list(APPEND corpus_patterns "${CMAKE_SOURCE_DIR}/tests/detection/corpus/*${extension}")
  endforeach()
  list(REMOVE_DUPLICATES corpus_patterns)
  if(corpus_patterns)
    file(GLOB_RECURSE corpus_files ${corpus_patterns})
    list(SORT corpus_files)
    list(APPEND seeds ${corpus_files})
  endif()
  ax_add_fuzz_target(lang-${name} SOURCE "${AX_FUZZ_DIR}/language_fuzz.cpp" LIBRARIES ${impl}
    DEFINITIONS "AX_FUZZ_LANGUAGE_HEADER=\"${language_header}\"" "AX_FUZZ_LANGUAGE_CLASS=${language_class}"
    SEEDS ${seeds})
endfunction()
