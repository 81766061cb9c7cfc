// Character classes of C and C++ source shared by the rewrite passes (macro blanking, C idioms,
// C++ rewrites), which each scan the text of a file that failed to parse.
#pragma once

#include <cctype>

namespace ax::lang {

inline bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
inline bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

}  // namespace ax::lang
