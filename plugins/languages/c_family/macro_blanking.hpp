// Macro-aware parsing for C and C++: tree-sitter parses the text as written, without running the
// preprocessor, so a macro it cannot know in a declaration (`FOO_API class X`, `FMT_CONSTEXPR int f()`,
// `void f() FOO_NOEXCEPT;`, a `BEGIN_NAMESPACE` line) makes the whole declaration an error. This
// rewrites such invocations to spaces, keeping every byte offset and newline, so that the grammar sees
// the declarations the compiler would.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace ax::lang {

enum class CDialect { c, cplusplus };

// `text` with comments and the contents of string and character literals blanked (newlines and the
// quotes kept), so that scanning for keywords and tokens sees code only.
std::string code_only(std::string_view text);

// `source` with what the grammar cannot parse and the compiler never sees as declarations blanked:
//  - identifier-style macros (ALL_CAPS, or reserved `__name` ones the grammar does not know) at the
//    start of a declaration or a parameter when a declaration keyword, or a type and then a name,
//    follows (`GTEST_API_ bool f();`, `FMT_CONSTEXPR To f()`, `SPDLOG_INLINE Foo::Foo()`), after a
//    type before the name (`static bool _GL_ATTRIBUTE_PURE f()`), alone on their line
//    (`FMT_BEGIN_NAMESPACE`, `Q_OBJECT`), or between `class`/`struct` and the class name;
//  - such macros, with their argument list, after a function's parameter list (`) FOO_NOEXCEPT;`,
//    `_GL_ATTRIBUTE_FORMAT ((printf, 1, 2));`) and function-like ones standing for a whole line of
//    declarations (`GTEST_DISABLE_MSC_WARNINGS_PUSH_(4251)`);
//  - macro invocations as template parameters (`template <typename T, FMT_ENABLE_IF(cond)>`);
//  - the branch of `#ifdef __cplusplus` conditionals the dialect never compiles, and their directives,
//    so that `extern "C" {` and its `}` in two conditionals enclose the declarations between;
//  - macro access labels in class bodies (`JSON_PRIVATE_UNLESS_TESTED:`, `public Q_SLOTS:`) and
//    `MACRO(const char);` invocations whose arguments cannot be a declarator;
//  - header-name and string arguments in `#if` conditions (`__has_include(<version>)`);
//  - macros beside string literals (`"%" PRId64 "\n"`), words before a built-in type (`nonneg int`),
//    operators passed as arguments (`g_assert_cmpint(n, >=, 5)`) and null directives (`#` alone);
//  - in C++: test macros defining functions from literal arguments (`TEST_CASE("x") {`), Qt's
//    `signals:`, `slots`, `emit` and SIGNAL/SLOT parameter types, `throw` as a macro argument; and
//    rewritten to what the grammar reads: `new T*[n]` to `new T [n]`, `const T& x(p->y);` to
//    braces, Qt's `foreach (T x, xs)` to `for (T x: xs)`.
// Nullopt when nothing was blanked. The result has the size of `source`.
std::optional<std::string> blank_unparsable_macros(std::string_view source, CDialect dialect);

}  // namespace ax::lang
