# ax_add_plugin(<target> SOURCES <files>... [OUTPUT_DIRECTORY <dir>])
#
# Builds an ax plugin: a shared object that exports only its descriptor (AX_PLUGIN), named
# <target>.so, ready to drop into a plugins directory ($AX_PLUGIN_PATH, ~/.local/share/ax/plugins,
# or <repo>/.ax/plugins).
function(ax_add_plugin target)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE AxSdk::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  endif()
  # A plugin must not leave undefined symbols for the host to satisfy.
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
endfunction()
