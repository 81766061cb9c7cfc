# Writes a tags query into a header as a string_view constant (run at build time).
file(READ "${IN}" content)
string(MAKE_C_IDENTIFIER "${STEM}" ident)
file(WRITE "${OUT}.tmp" "// Generated from ${IN}; do not edit.\n#pragma once\n#include <string_view>\n"
     "inline constexpr std::string_view k_${ident}_query = R\"AXQUERY(${content})AXQUERY\";\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
