// Same-length rewrites of modern C++ that the pinned C++ grammar cannot parse although compilers do
// (template-heavy library code). Like the macro blanking (macro_blanking.hpp), they run only on a file
// that parsed with errors, and keep every byte offset and newline.
#pragma once
#include <string>
#include <string_view>

#include "c_tokens.hpp"

namespace ax::lang {

// Rewrites in `out` (the source, of the size of `code`) what `code` (the source with comments and
// literal contents blanked, see code_only) holds of:
//  - defaults of template type parameters that are no plain type name, `typename P = const T*`: the
//    cv-qualifiers and the `*`/`&` of the default are blanked;
//  - `decltype(…)` as a base class, `struct is_callable : decltype(test<F>(0)) {}`: it becomes one
//    identifier;
//  - `= delete;` after a function declarator at namespace scope (not a constructor's or destructor's)
//    or after a conversion operator's, which the grammar has no definition for: an empty body `{}`;
//  - explicit instantiations of classes, `extern template struct basic_data<void>;`, and
//    `using typename X::y;`: the `extern template` and `typename` are blanked;
//  - types as macro arguments, `CHECK_THROWS_AS(f(), std::bad_alloc&)`, `LOGCALL(DB, TermList *, …)`:
//    the trailing `*`/`&` and a leading `typename`/`const` are blanked;
//  - a macro with arguments between `class`/`struct` and the name, `class CAPABILITY("mutex") Mutex`;
//  - a test macro statement without `;` alone on its line, `CAPTURE(i)`, before the next statement,
//    and `return` as a macro's argument, `GPR_UNREACHABLE_CODE(return x);`;
//  - attribute macros before a local declaration, `EIGEN_ALIGN_MAX Scalar data[16];`, and after a pointer,
//    `Scalar* EIGEN_RESTRICT lhs = …`;
//  - Microsoft's parameter annotations, `_In_`, `_Out_writes_(n)`;
//  - a macro ending in STRUCT or CLASS with arguments before a class name and body (flatbuffers'
//    `FLATBUFFERS_MANUALLY_ALIGNED_STRUCT(4) Vec3 {`): the class key;
//  - range-v3's portable template syntax, `template(typename I)(requires C<I>)`: a template header.
// Returns whether anything was rewritten.
bool rewrite_modern_cplusplus(std::string_view code, std::string& out);
// The same with the tokens of `code` (tokenize_c), shared with the other passes.
bool rewrite_modern_cplusplus(std::string_view code, const CTokens& tokens, std::string& out);

// What must be rewritten before the macro blanking (which would read the declarator's name before it
// as a macro): attribute macros between a declarator and its initializer,
// `T* p ABSL_GUARDED_BY(mu) = nullptr;`.
bool rewrite_modern_cplusplus_before_macro_blanking(std::string_view code, std::string& out);
bool rewrite_modern_cplusplus_before_macro_blanking(std::string_view code, const CTokens& tokens, std::string& out);

}  // namespace ax::lang
