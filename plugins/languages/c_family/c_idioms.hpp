// C idioms the grammar cannot read without the preprocessor, rewritten by same-length text (so byte
// offsets and lines never move) for the reparse of a C file with syntax errors (macro_blanking.hpp):
//  - lower-case and function-like attribute macros among a function's specifiers
//    (`static ngx_inline ngx_int_t f(`, `void ngx_cdecl f(`, `static void printflike(1, 2) f(`);
//  - type-producing macros declaring a variable or member (`TAILQ_HEAD(, item) items;`): their
//    argument list is blanked, the macro name stays as the type;
//  - loop macros opening a block (`TAILQ_FOREACH(x, &head, entry) {`, `ql_foreach(...) stmt`): the
//    name becomes `while` (or `if` when shorter than five characters);
//  - unit macros after numbers (`64 KB`);
//  - cast macros before an operand in an expression (`f(BAD_CAST name)`, `x = BAD_CAST "s"`);
//  - type arguments of macros (`va_arg(ap, char *)`, `cast(Node *, p)`): the stars are blanked;
//  - GNU named variadic macro parameters (`#define debug(args...)`).
#pragma once
#include <string>
#include <string_view>

#include "c_tokens.hpp"

namespace ax::lang {

// Rewrites the idioms above in `out` (the source), reading `code` (the source with comments and
// literals blanked, and what earlier rules blanked). True when something was rewritten.
bool rewrite_c_idioms(std::string_view code, std::string& out);
// The same with the tokens of `code` (tokenize_c), shared with the other passes.
bool rewrite_c_idioms(std::string_view code, const CTokens& tokens, std::string& out);

}  // namespace ax::lang
