#include "macro_blanking.hpp"

#include "c_idioms.hpp"
#include "c_tokens.hpp"
#include "cpp_rewrites.hpp"
#include "source_chars.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

#include <ax/sdk/text.hpp>

namespace ax::lang {
namespace {

using sdk::is_space;
using sdk::trim;

// The token scans read the tokens of c_tokens.hpp.
using Token = CToken;
using TokenKind = CTokenKind;
using Directive = CDirective;

// Keywords that start or continue the specifiers of a declaration: a macro directly before one of
// them cannot be its type. (`const` and `volatile` are left out: `Type const x` is a declaration.)
constexpr std::array<std::string_view, 45> kDeclarationKeywords{
    "class",    "struct",    "union",      "enum",          "template",     "typedef",   "using",     "namespace",
    "extern",   "static",    "inline",     "virtual",       "explicit",     "constexpr", "consteval", "constinit",
    "friend",   "typename",  "void",       "bool",          "char",         "short",     "int",       "long",
    "float",    "double",    "signed",     "unsigned",      "auto",         "register",  "mutable",   "thread_local",
    "_Bool",    "_Noreturn", "_Complex",   "_Atomic",       "char8_t",      "char16_t",  "char32_t",  "wchar_t",
    "operator", "__inline",  "__inline__", "_Thread_local", "__extension__"};

constexpr std::array<std::string_view, 13> kPrimitiveTypes{"void", "bool",  "char",   "short",  "int",
                                                           "long", "float", "double", "signed", "unsigned",
                                                           "auto", "_Bool", "wchar_t"};

// Specifiers and qualifiers of a declaration that are no type (`mutable RE2* p`: RE2 is the type).
constexpr std::array<std::string_view, 19> kSpecifiersBeforeType{
    "const",     "volatile",      "static",   "inline",    "extern",       "virtual",  "explicit",
    "constexpr", "friend",        "typedef",  "mutable",   "thread_local", "register", "consteval",
    "constinit", "_Thread_local", "__thread", "_Noreturn", "__extension__"};

// Reserved names the grammars know as keywords, attributes or calling conventions.
constexpr std::array<std::string_view, 27> kGrammarReservedWords{
    "__attribute__", "__attribute",  "__declspec",   "__asm__",       "__asm",       "__restrict",  "__restrict__",
    "__extension__", "__inline",     "__inline__",   "__forceinline", "__thread",    "__cdecl",     "__stdcall",
    "__fastcall",    "__thiscall",   "__vectorcall", "__clrcall",     "__based",     "__unaligned", "__ptr32",
    "__ptr64",       "__volatile__", "__const",      "__signed__",    "__alignof__", "__typeof__"};

// Words after a parameter list that belong to the declaration (cv and ref qualifiers, specifiers).
constexpr std::array<std::string_view, 9> kTrailingWords{"const", "volatile", "override", "final",        "noexcept",
                                                         "throw", "try",      "requires", "__attribute__"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Macro naming conventions: ALL_CAPS (`FOO_API`, `_GL_UNUSED`), or a reserved `__name` the grammar
// does not know (`__THROW`, `__wur`, `__BEGIN_DECLS`).
bool is_macro_like(std::string_view word) {
  if (word.size() < 2) return false;
  bool letter = false;
  bool all_caps = std::all_of(word.begin(), word.end(), [&](char c) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0) letter = true;
    return std::isupper(static_cast<unsigned char>(c)) != 0 || std::isdigit(static_cast<unsigned char>(c)) != 0 ||
           c == '_';
  });
  if (all_caps && letter && std::isdigit(static_cast<unsigned char>(word.front())) == 0) return true;
  if (word.ends_with("_t")) return false;  // `__time64_t`: a reserved type's name
  return word.size() > 2 && word.substr(0, 2) == "__" && !one_of(kGrammarReservedWords, word);
}

// ------------------------------------------------------------------------------- the scan

class Scanner {
 public:
  // Reading the first branches of conditionals only, the scan also resolves the conditionals that
  // split a declaration; reading all, it finds the macros in the other branches too.
  // `tokens` are those of `code`, of the first branches (first_branches in c_tokens.hpp) or all.
  Scanner(std::string_view code, const CTokens& tokens, std::string& out, bool first_branches, CDialect dialect)
      : code_(code),
        out_(out),
        directives_(tokens.directives),
        tokens_(tokens.tokens),
        aligned_(tokens_.size() + 1, false),
        first_branches_(first_branches),
        cplusplus_(dialect == CDialect::cplusplus) {}

  bool run() {
    std::size_t i = 0;
    while (i < tokens_.size()) {
      if (is(i, "}")) {
        aligned_[i] = true;
        ++i;  // unbalanced at top level
        continue;
      }
      declaration(i, {});
    }
    aligned_[tokens_.size()] = true;
    if (first_branches_)
      resolve_misplaced_conditionals();
    else
      resolve_incomplete_branches();
    blank_misplaced_undefs();
    offsetof_designators();
    // Reading every branch, the scan sees every token: keyword rewrites need one pass.
    if (!first_branches_) {
      keyword_rewrites();
      expression_rewrites();
      operator_arguments();
    }
    return changed_;
  }

 private:
  std::string_view text(std::size_t i) const {
    if (i >= tokens_.size()) return {};
    return code_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool is(std::size_t i, std::string_view word) const { return i < tokens_.size() && text(i) == word; }
  bool is_identifier(std::size_t i) const { return i < tokens_.size() && tokens_[i].kind == TokenKind::identifier; }
  // A macro-like word that is not a member or a scope's name (`std::FILE`, `p->X`).
  bool is_macro(std::size_t i) const {
    if (!is_identifier(i) || blanked(i) || !is_macro_like(text(i))) return false;
    // `RE2::Options`: a scope's name, written against its `::`.
    if (is(i + 1, "::") && tokens_[i].end == tokens_[i + 1].begin) return false;
    // `~RE()`: a destructor's name, whatever its case.
    return i == 0 || !(is(i - 1, "::") || is(i - 1, ".") || is(i - 1, "->") || is(i - 1, "~"));
  }
  bool blanked(std::size_t i) const { return out_[tokens_[i].begin] == ' '; }

  void blank(std::size_t first, std::size_t last) {  // tokens first..last inclusive
    if (first > last || last >= tokens_.size()) return;
    for (std::uint32_t b = tokens_[first].begin; b < tokens_[last].end; ++b)
      if (out_[b] != '\n') out_[b] = ' ';
    changed_ = true;
  }

  // Index after the group opened at `i` by ( [ { or <, nested groups included; the end when unclosed.
  std::size_t skip_group(std::size_t i) const {
    std::string_view open = text(i);
    const bool angle = open == "<";
    if (angle) return skip_angle_group(i);
    int depth = 0;
    for (; i < tokens_.size(); ++i) {
      std::string_view t = text(i);
      if (t == "(" || t == "[" || t == "{" || (angle && t == "<")) {
        ++depth;
      } else if (t == ")" || t == "]" || t == "}" || (angle && t == ">")) {
        if (--depth == 0) return i + 1;
      } else if (angle && t == ";") {
        return i;  // a less-than, not a template argument list
      }
    }
    return i;
  }

  // Index after the template argument list opened at `i`: a `<` or `>` inside parentheses or brackets
  // (`FMT_ENABLE_IF(sizeof(To) > sizeof(From))>`) is a comparison, not one of its angle brackets.
  std::size_t skip_angle_group(std::size_t i) const {
    int angles = 0, nested = 0;
    for (; i < tokens_.size(); ++i) {
      std::string_view t = text(i);
      if (t == "(" || t == "[" || t == "{") {
        ++nested;
      } else if (t == ")" || t == "]" || t == "}") {
        if (nested == 0) return i + 1;  // unbalanced: as far as the bracket, as before
        --nested;
      } else if (nested == 0 && t == "<") {
        ++angles;
      } else if (nested == 0 && t == ">") {
        if (--angles == 0) return i + 1;
      } else if (t == ";") {
        return i;  // a less-than, not a template argument list
      }
    }
    return i;
  }

  // Index after a type name at `i`: [::] name (:: name | <…>)*; `i` when there is none. `last_two`
  // receives whether its last two names are equal (`Foo::Foo`, a constructor's qualified name).
  std::size_t skip_type_name(std::size_t i, bool& last_two_equal) const {
    std::size_t j = i;
    std::string_view previous, last;
    if (is(j, "::")) ++j;
    if (!is_identifier(j) || one_of(kDeclarationKeywords, text(j))) return i;
    while (is_identifier(j)) {
      previous = last;
      last = text(j);
      ++j;
      if (is(j, "<")) j = skip_group(j);
      if (!is(j, "::") || !is_identifier(j + 1)) break;
      ++j;
    }
    last_two_equal = !previous.empty() && previous == last;
    return j;
  }

  // `char *_UC_RESTRICT p`: a macro between a pointer's `*` and the name qualifies the pointer.
  // `char *\nattribute_compat_text_section\nf (…)`: any word between a `*` and a function's name.
  bool is_pointer_qualifier_macro(std::size_t i) const {
    if (i == 0 || !is(i - 1, "*") || !is_identifier(i + 1) || one_of(kDeclarationKeywords, text(i + 1))) return false;
    if (is_macro(i)) return true;
    static constexpr std::array<std::string_view, 6> kQualifiers{"const",   "volatile", "restrict",
                                                                 "_Atomic", "_Nonnull", "_Nullable"};
    return is_identifier(i) && !blanked(i) && !one_of(kQualifiers, text(i)) && !one_of(kDeclarationKeywords, text(i)) &&
           !one_of(kGrammarReservedWords, text(i)) && is(i + 2, "(");
  }

  std::size_t skip_pointer_operators(std::size_t j) const {
    while (is(j, "*") || is(j, "&") || is(j, "const") || is(j, "volatile") || is(j, "restrict") || is(j, "__restrict"))
      ++j;
    return j;
  }

  // Whether the macro-like word at `i` in a declaration's specifiers is a macro the grammar would
  // take for a type or a name: `have_type` says whether a type came before it.
  bool is_specifier_macro(std::size_t i, bool have_type, std::string_view class_name) const {
    std::size_t next = i + 1;
    if (next >= tokens_.size()) return !have_type;
    std::string_view after = text(next);
    // `MACRO const Type name`: the qualifier belongs to the type that follows.
    std::size_t type_start = next;
    while (is(type_start, "const") || is(type_start, "volatile")) ++type_start;
    if (is_identifier(type_start) && one_of(kDeclarationKeywords, text(type_start))) return true;
    if (after == "~") return true;
    if (have_type) {
      // `static bool _GL_ATTRIBUTE_PURE f(…)`, `FILE * MALLOC_LIKE g(…)`, `void SPDLOG_INLINE
      // sink<M>::flush()`: a second word before the name.
      std::size_t name = skip_pointer_operators(next);
      return is_identifier(name) && !one_of(kDeclarationKeywords, text(name)) &&
             (is(name + 1, "(") || is(name + 1, ";") || is(name + 1, "=") || is(name + 1, "[") || is(name + 1, ",") ||
              is(name + 1, "::") || (is(name + 1, "<") && is(skip_group(name + 1), "::")));
    }
    bool constructor_name = false;
    std::size_t after_type = skip_type_name(type_start, constructor_name);
    if (after_type > type_start) {
      std::size_t name = skip_pointer_operators(after_type);
      if (is_identifier(name) || is(name, "operator")) return true;  // MACRO Type name
      if (is(after_type, "::") && is(after_type + 1, "~")) return true;
      bool in_class_constructor = after_type == type_start + 1 && next == type_start && after == class_name;
      if (is(after_type, "(") && (constructor_name || in_class_constructor)) return true;
    }
    // Alone on its line, and what follows does not continue it (`BOOL\nf(void)` keeps its type).
    bool alone = (i == 0 || tokens_[i - 1].line < tokens_[i].line) && tokens_[next].line > tokens_[i].line;
    if (!alone) return false;
    static constexpr std::array<std::string_view, 14> kContinuations{"(", "=",  ";", ",", "[", "::", "<",
                                                                     ".", "->", "*", "&", ")", "{",  ":"};
    if (one_of(kContinuations, after)) return false;
    return !(is_identifier(next) && !is_macro_like(after) && is(next + 1, "("));
  }

  // A function-like macro at the start of a declaration, standing for declarations of its own
  // (`DISABLE_WARNINGS_PUSH_(4251)` before `namespace x {`): its argument list, then not a body,
  // initializer or specifier.
  bool is_declaration_macro_call(std::size_t i, std::size_t after_arguments) const {
    if (after_arguments >= tokens_.size()) return true;
    std::string_view next = text(after_arguments);
    if (next == "}") return true;
    if (!is_identifier(after_arguments) || one_of(kTrailingWords, next)) return false;
    return tokens_[after_arguments].line > tokens_[i].line || one_of(kDeclarationKeywords, next) || is_macro_like(next);
  }

  // Blanks `MACRO(…)` template parameters: `template <typename T, FMT_ENABLE_IF(x)>`.
  void template_parameters(std::size_t open, std::size_t close) {
    for (std::size_t j = open + 1; j + 1 < close; ++j) {
      bool starts_parameter = is(j - 1, "<") || is(j - 1, ",");
      if (!starts_parameter || !is_macro(j) || !is(j + 1, "(")) continue;
      std::size_t end = skip_group(j + 1);
      if (end > close) return;
      if (stands_for_type(end)) {
        // `template <ASIO_COMPLETION_TOKEN_FOR(void()) Token>`: a constraint written as a macro
        // call, before the parameter's name; it becomes `typename` where it fits.
        blank(j, end - 1);
        if (text(j).size() >= 8) out_.replace(tokens_[j].begin, 8, "typename");
        const std::size_t name = skip_ellipsis(end);
        blank(name + 1, skip_default_macro(name + 1) - 1);
        j = end - 1;
        continue;
      }
      if (is(j - 1, ",")) {
        blank(j - 1, end - 1);
      } else if (is(end, ",")) {
        blank(j, end);
      } else {
        continue;  // the only parameter: leave `template <>` alone
      }
      j = end - 1;
    }
  }

  // Whether the group from `open` to `close` holds a comma outside nested groups.
  bool has_top_level_comma(std::size_t open, std::size_t close) const {
    int depth = 0;
    for (std::size_t k = open + 1; k < close; ++k) {
      if (is(k, "(") || is(k, "[") || is(k, "{")) ++depth;
      if (is(k, ")") || is(k, "]") || is(k, "}")) --depth;
      if (depth == 0 && is(k, ",")) return true;
    }
    return false;
  }

  // Index after a macro call's default argument (`Token ASIO_DEFAULT_COMPLETION_TOKEN_TYPE(ex)>`,
  // standing for `= …`) at `at`, when there is one; `at` otherwise.
  std::size_t skip_default_macro(std::size_t at) const {
    if (!is_macro(at) || !is(at + 1, "(")) return at;
    const std::size_t after = skip_group(at + 1);
    return is(after, ",") || is(after, ")") || is(after, ">") ? after : at;
  }

  // Whether a macro call ending before `after` stands for a parameter's type: a name (after an
  // optional `...`) and then the parameter's end follow.
  bool stands_for_type(std::size_t after) const {
    after = skip_ellipsis_macro(skip_ellipsis(after));
    if (!is_identifier(after) || one_of(kDeclarationKeywords, text(after)) || one_of(kTrailingWords, text(after)))
      return false;
    const std::size_t end = skip_default_macro(after + 1);
    return is(end, ",") || is(end, ")") || is(end, ">") || is(end, "=") || is(end, "[");
  }

  // Index after a macro standing for `...` (`ASIO_MOVE_ARG(PN) ASIO_ELLIPSIS pn`): a macro-like word
  // between a parameter's type and its name; `at` when there is none.
  std::size_t skip_ellipsis_macro(std::size_t at) const { return is_macro(at) && is_identifier(at + 1) ? at + 1 : at; }

  // Index after a `...` (three tokens) at `at`; `at` when there is none.
  std::size_t skip_ellipsis(std::size_t at) const {
    return is(at, ".") && is(at + 1, ".") && is(at + 2, ".") ? at + 3 : at;
  }

  // A parameter list from its "(" at `open`: macros starting a parameter are blanked. Returns the
  // index after its ")".
  std::size_t parameters(std::size_t open, std::string_view class_name) {
    std::size_t end = skip_group(open);
    bool start = true;
    int depth = 0;
    for (std::size_t j = open + 1; j + 1 < end; ++j) {
      std::string_view t = text(j);
      if (t == "(" || t == "[" || t == "{" || t == "<") ++depth;
      if (t == ")" || t == "]" || t == "}" || t == ">") --depth;
      if (depth == 0 && t == ",") {
        start = true;
        continue;
      }
      if (start && depth == 0 && is_macro(j) && is(j + 1, "(")) {
        // `ASIO_MOVE_ARG(Handler) handler`: a macro call standing for the parameter's type; its
        // argument (the type as written) is kept.
        const std::size_t after = skip_group(j + 1);
        if (after < end && stands_for_type(after)) {
          blank(j, j + 1);
          blank(after - 1, after - 1);
          std::size_t name = skip_ellipsis(after);
          if (skip_ellipsis_macro(name) != name) {
            blank(name, name);
            ++name;
          }
          blank(name + 1, skip_default_macro(name + 1) - 1);
          j = after - 1;
          start = false;
          continue;
        }
      }
      if (start && depth == 0 && is_macro(j) && is_specifier_macro(j, false, class_name)) {
        blank(j, j);
        continue;
      }
      if (depth == 0 && is_pointer_qualifier_macro(j)) {
        blank(j, j);
        continue;
      }
      // `char const *file AT_FUNC_POST_FILE_PARAM_DECLS)`: a macro after a parameter's name.
      if (depth == 0 && !start && is_macro(j) && (is(j + 1, ",") || j + 2 == end) && is_identifier(j - 1) &&
          !one_of(kDeclarationKeywords, text(j - 1)) && (is_identifier(j - 2) || is(j - 2, "*") || is(j - 2, "&"))) {
        blank(j, j);
        continue;
      }
      if (depth == 0 && t == "=" && is(j + 1, "{")) {
        // `const Options& options = {}`: the grammar takes no braced default argument.
        std::size_t last = skip_group(j + 1) - 1;
        blank(j, last);
        j = last;
        continue;
      }
      start = false;
    }
    return end;
  }

  // After a function's parameter list: macros (and their arguments) before the body, `;`, `=`,
  // a constructor's initializers or a trailing return type.
  std::size_t trailing_macros(std::size_t j) {
    while (j < tokens_.size()) {
      std::string_view t = text(j);
      if (t == ";" || t == "{" || t == "=" || t == ":" || t == "," || t == "->" || t == "}") break;
      if (is_macro(j)) {
        std::size_t last = is(j + 1, "(") ? skip_group(j + 1) - 1 : j;
        blank(j, last);
        j = last + 1;
      } else if (t == "(" || t == "[") {
        j = skip_group(j);
      } else {
        ++j;
      }
    }
    return j;
  }

  // Macro calls in code taking a type (`RETURN_IF_FAILED(env, status, bool)`, `XMALLOC (struct entry)`,
  // `va_arg (ap, const char *)`): an argument that starts with a type keyword is no expression; it is
  // blanked with its comma, leaving a call the grammar can parse.
  void type_arguments(std::size_t begin, std::size_t end) {
    static constexpr std::array<std::string_view, 15> kTypeStarts{"const",    "volatile", "struct", "union", "enum",
                                                                  "unsigned", "signed",   "void",   "bool",  "char",
                                                                  "short",    "int",      "long",   "float", "double"};
    // Keywords and built-ins followed by parentheses that may hold declarations or types.
    static constexpr std::array<std::string_view, 24> kGrammarCalls{"sizeof",
                                                                    "alignof",
                                                                    "_Alignof",
                                                                    "offsetof",
                                                                    "__builtin_offsetof",
                                                                    "for",
                                                                    "if",
                                                                    "while",
                                                                    "switch",
                                                                    "catch",
                                                                    "return",
                                                                    "decltype",
                                                                    "typeid",
                                                                    "noexcept",
                                                                    "static_assert",
                                                                    "_Static_assert",
                                                                    "alignas",
                                                                    "requires",
                                                                    "throw",
                                                                    "new",
                                                                    "delete",
                                                                    "__typeof__",
                                                                    "foreach",
                                                                    "Q_FOREACH"};
    for (std::size_t k = begin; k + 1 < end; ++k) {
      if (!is_identifier(k) || !is(k + 1, "(") || one_of(kDeclarationKeywords, text(k)) ||
          one_of(kGrammarCalls, text(k)) || one_of(kTypeStarts, text(k)) || is(k - 1, "::") || is(k - 1, "."))
        continue;
      const std::size_t close = skip_group(k + 1) - 1;
      if (close >= end || !is(close, ")")) continue;
      std::size_t argument = k + 2;
      int depth = 0;
      for (std::size_t j = argument; j <= close; ++j) {
        std::string_view t = text(j);
        if (t == "(" || t == "[" || t == "{") ++depth;
        if ((t == ")" || t == "]" || t == "}") && j < close) --depth;
        if (depth > 0 || (t != "," && j != close)) continue;
        // The argument is argument..j-1.
        // `ASIO_HANDLER_INVOCATION_BEGIN(());`: an empty pair of parentheses is no expression.
        if (argument == k + 2 && j == close && j == argument + 2 && is(argument, "(") && is(argument + 1, ")"))
          blank(argument, argument + 1);
        if (j > argument && is_identifier(argument) && one_of(kTypeStarts, text(argument))) {
          if (argument > k + 2)
            blank(argument - 1, j - 1);  // with the comma before it
          else if (j < close)
            blank(argument, j);  // the first argument, with the comma after it
          else
            blank(argument, j - 1);
        }
        argument = j + 1;
      }
    }
  }

  // Macros that open a statement in a function body without being one (`TRY_MSVC_INVAL { … }`,
  // `BITSET_FOR_EACH_BIT (pos, word) list[n++] = pos;`, `ASYNCSAFE(volatile) node->key = key;`): at a
  // statement's start, the macro (with its arguments) directly before a block, a statement keyword
  // or, after arguments, an expression statement (a name and then `->`, `.`, `=`, `(` or `[`) is
  // blanked, leaving the statement it prefixes.
  // `U32 const x = 1;`, `U32 const* p;`: a type written before `const` (a name or a `*` follows),
  // not a macro before a declaration (`SPDLOG_CONSTEXPR const auto n = 2;`).
  bool type_before_const(std::size_t const_at) const {
    if (is(const_at + 1, "*")) return true;
    return is_identifier(const_at + 1) && (is(const_at + 2, "=") || is(const_at + 2, ";") || is(const_at + 2, ",") ||
                                           is(const_at + 2, "[") || is(const_at + 2, ")"));
  }

  void statement_macros(std::size_t begin, std::size_t end) {
    static constexpr std::array<std::string_view, 7> kStatementKeywords{"if",     "for",    "while", "do",
                                                                        "return", "switch", "goto"};
    for (std::size_t k = begin; k < end; ++k) {
      // A statement starts after `;`, a brace, `else`, or the `)` of an if, for or while condition.
      if (!(is(k - 1, ";") || is(k - 1, "{") || is(k - 1, "}") || is(k - 1, ")") || is(k - 1, "else")) || !is_macro(k))
        continue;
      const bool has_arguments = is(k + 1, "(");
      const std::size_t after = has_arguments ? skip_group(k + 1) : k + 1;
      if (after >= end) continue;
      // Before a block or a statement keyword it prefixes a statement; before the block's `}` it
      // ends one (`try { … } SPDLOG_CATCH_STD }`, a macro standing for a catch clause); before a
      // declaration keyword it qualifies a declaration (`SPDLOG_CONSTEXPR const auto n = 2;`).
      // A call alone on its line before a declaration (`GTEST_INTENTIONAL_CONST_COND_POP_()` /
      // `const To to = nullptr;`): with no `;` after it, it cannot be an expression statement.
      const bool alone_before_declaration = has_arguments && tokens_[after].line > tokens_[after - 1].line &&
                                            is_identifier(after) &&
                                            (one_of(kDeclarationKeywords, text(after)) || is(after, "const"));
      bool prefixes = is(after, "{") || is(after, "}") || alone_before_declaration ||
                      (is_identifier(after) && one_of(kStatementKeywords, text(after))) ||
                      (!has_arguments && is(after, "const") && !type_before_const(after)) ||
                      (!has_arguments && is_identifier(after) && one_of(kDeclarationKeywords, text(after)));
      if (has_arguments && is_identifier(after) && !is_macro(after) && !one_of(kDeclarationKeywords, text(after)))
        prefixes = prefixes || is(after + 1, "->") || is(after + 1, ".") || is(after + 1, "=") || is(after + 1, "(") ||
                   is(after + 1, "[") ||
                   // `ASIO_WRITE_HANDLER_CHECK(WriteHandler, handler) type_check;`: a type, then a name.
                   (is(after + 1, ";") && is_macro(k));
      if (prefixes) blank(k, after - 1);
    }
    // `j.m_value = typename T::binary_t(b);`: the C++ grammar takes no `typename` in an expression
    // (a functional cast of a dependent type); the keyword is blanked, leaving the cast.
    for (std::size_t k = begin; k + 1 < end; ++k) {
      if (!is(k, "typename") || !(is(k - 1, "=") || is(k - 1, "(") || is(k - 1, ",") || is(k - 1, "return"))) continue;
      std::size_t name_end = k + 1;
      while (is_identifier(name_end) || is(name_end, "::") || is(name_end, "template"))
        name_end = is(name_end + 1, "<") ? skip_group(name_end + 1) : name_end + 1;
      if (name_end > k + 1 && (is(name_end, "(") || is(name_end, "{"))) blank(k, k);
    }
    // `idx_t end_idx IF_LINT (= 0);`: a macro with arguments between a declared name and the end
    // of its declarator.
    for (std::size_t k = begin + 1; k + 1 < end; ++k) {
      // (`new RE2(pattern)`, `throw ERROR(x)`: after an operator keyword, a call.)
      static constexpr std::array<std::string_view, 6> kOperatorKeywords{"new",      "throw",     "case",
                                                                         "co_yield", "co_return", "sizeof"};
      if (!is_macro(k) || !is(k + 1, "(") || !is_identifier(k - 1) || is_macro(k - 1) ||
          one_of(kDeclarationKeywords, text(k - 1)) || one_of(kStatementKeywords, text(k - 1)) ||
          one_of(kOperatorKeywords, text(k - 1)))
        continue;
      const std::size_t after = skip_group(k + 1);
      if (is(after, ";") || is(after, ",")) blank(k, after - 1);
    }
  }

  // `G_FLAG_NONE GLIB_AVAILABLE_ENUMERATOR_IN_2_74 = 0,`: a macro after an enumerator's name.
  void enumerator_macros(std::size_t open) {
    const std::size_t end = skip_group(open);
    for (std::size_t k = open + 1; k + 1 < end; ++k) {
      if (!(is(k - 1, "{") || is(k - 1, ",")) || !is_identifier(k) || !is_macro(k + 1)) continue;
      std::size_t after = is(k + 2, "(") ? skip_group(k + 2) : k + 2;
      if (is(after, "=") || is(after, ",") || is(after, "}")) blank(k + 1, after - 1);
    }
  }

  // A constructor's member initializers from the ":" at `j`; returns the index of the body's "{".
  std::size_t member_initializers(std::size_t j) const {
    ++j;
    while (j < tokens_.size()) {
      while (is_identifier(j) || is(j, "::")) {
        ++j;
        if (is(j, "<")) j = skip_group(j);
      }
      if (is(j, "(") || is(j, "{")) j = skip_group(j);
      if (is(j, "...")) ++j;
      if (!is(j, ",")) break;
      ++j;
    }
    return j;
  }

  // Declarations until the "}" closing this list (consumed) or the end.
  void declaration_list(std::size_t& i, std::string_view class_name) {
    while (i < tokens_.size()) {
      if (is(i, "}")) {
        aligned_[i] = true;
        ++i;
        return;
      }
      declaration(i, class_name);
    }
  }

  // Whether the argument list from `open` to `close` can be a parameter list: no argument starts
  // with a literal or a number, and none is a lone keyword (`enum`, `template`).
  bool arguments_are_parameters(std::size_t open, std::size_t close) const {
    for (std::size_t k = open + 1; k < close; k = is(k, "(") || is(k, "[") || is(k, "{") ? skip_group(k) : k + 1) {
      if (!(is(k - 1, "(") || is(k - 1, ","))) continue;
      if (tokens_[k].kind == TokenKind::literal || tokens_[k].kind == TokenKind::number) return false;
      static constexpr std::array<std::string_view, 10> kNoParameters{
          "enum", "class", "struct", "union", "template", "namespace", "operator", "new", "delete", "default"};
      if (is_identifier(k) && one_of(kNoParameters, text(k)) && (is(k + 1, ",") || k + 1 == close)) return false;
    }
    return true;
  }

  // Whether an empty line (spaces only) separates tokens `a` and `b`.
  bool blank_line_between(std::size_t a, std::size_t b) const {
    std::string_view between = code_.substr(tokens_[a].end, tokens_[b].begin - tokens_[a].end);
    for (std::size_t at = between.find('\n'); at != std::string_view::npos; at = between.find('\n', at + 1)) {
      std::size_t next = between.find('\n', at + 1);
      if (next == std::string_view::npos) break;
      if (between.substr(at + 1, next - at - 1).find_first_not_of(" \t\r") == std::string_view::npos) return true;
    }
    return false;
  }

  // One declaration from `i` to its end: `;`, a function body, or a class body and its declarators.
  void declaration(std::size_t& i, std::string_view class_name) {
    const std::size_t start = i;
    aligned_[i] = true;
    std::string_view first = text(i);
    if (first == ";") {
      ++i;
      return;
    }
    // `TEST_CASE("name", "[tag]") {`, `TEST(suite, enum) {`, `MATCHER(IsOk, "") {`: a macro that
    // defines a function from arguments no parameter can be (a literal or a number, or a keyword
    // alone); they are blanked, leaving `TEST_CASE() {`, a function's definition.
    if (is_identifier(i) && !one_of(kDeclarationKeywords, first) && is(i + 1, "(")) {
      const std::size_t after = skip_group(i + 1);
      if (is(after, "{") && !arguments_are_parameters(i + 1, after - 1)) blank(i + 2, after - 2);
    }
    // `weak_alias (__euidaccess, euidaccess)`, `gl_lock_define_initialized (static, lock)`: a call
    // with no `;` followed by a blank line stands for declarations of its own, whatever the macro's
    // case (a function's head is followed by its body or, in K&R style, its parameters' types).
    if (class_name.empty() && is_identifier(i) && !one_of(kDeclarationKeywords, first) && is(i + 1, "(")) {
      const std::size_t after = skip_group(i + 1);
      // Followed on its next line by a call to the same macro (`weak_alias (a, b)` / `weak_alias (c,
      // d)`), or with a literal argument (`link_warning (x, "…")`; a K&R head lists names only).
      const bool next_line = after < tokens_.size() && tokens_[after].line > tokens_[after - 1].line;
      bool literal_argument = false;
      for (std::size_t k = i + 2; k + 1 < after; ++k)
        literal_argument = literal_argument || tokens_[k].kind == TokenKind::literal;
      const bool same_call_next = next_line && is(after, first) && is(after + 1, "(");
      if ((next_line && (same_call_next || (literal_argument && !is(after, "{")))) ||
          (after < tokens_.size() && tokens_[after].line > tokens_[after - 1].line + 1 &&
           blank_line_between(after - 1, after) && !is(after, "{") && !is(after, ";") && !is(after, ",") &&
           !is(after, "=") && !is(after, ":"))) {
        blank(i, after - 1);
        i = after;
        return;
      }
    }
    const bool access = first == "public" || first == "private" || first == "protected";
    // Qt's `signals:` and `public slots:` (keywords of its meta-object compiler, macros the compiler
    // sees as `public:` and nothing): the grammar takes C++ access labels only.
    if (!class_name.empty() && cplusplus_ && first == "signals" && is(i + 1, ":")) {
      blank(i, i + 1);
      i += 2;
      return;
    }
    if (cplusplus_ && access && is(i + 1, "slots") && is(i + 2, ":")) {
      blank(i + 1, i + 1);
      i += 3;
      return;
    }
    if ((access || first == "signals" || first == "slots") && is(i + 1, ":")) {
      i += 2;
      return;
    }
    // An access label written with a macro (`JSON_PRIVATE_UNLESS_TESTED:`, `public Q_SLOTS:`); the
    // single ":" cannot follow a declaration's first word otherwise.
    if (!class_name.empty() && is_macro(i) && is(i + 1, ":")) {
      blank(i, i + 1);
      i += 2;
      return;
    }
    if (access && is_macro(i + 1) && is(i + 2, ":")) {
      blank(i + 1, i + 1);
      i += 3;
      return;
    }
    while (is(i, "template") && is(i + 1, "<")) {
      std::size_t end = skip_group(i + 1);
      template_parameters(i + 1, end - 1);
      i = end;
    }
    if (is(i, "extern") && i + 2 < tokens_.size() && tokens_[i + 1].kind == TokenKind::literal && is(i + 2, "{")) {
      i += 3;
      declaration_list(i, {});
      return;
    }
    if (is(i, "namespace") || (is(i, "inline") && is(i + 1, "namespace"))) {
      while (i < tokens_.size() && !is(i, "{") && !is(i, ";") && !is(i, "}")) ++i;
      if (is(i, "{")) {
        ++i;
        declaration_list(i, {});
      } else if (is(i, ";")) {
        ++i;
      }
      return;
    }

    // `weak_alias (a, b)`, `AX_PLUGIN(…)` ending the file: a macro standing for declarations.
    if (is_identifier(i) && !one_of(kDeclarationKeywords, first) && is(i + 1, "(") &&
        skip_group(i + 1) == tokens_.size() && tokens_.back().kind == TokenKind::punctuation &&
        is(tokens_.size() - 1, ")")) {
      blank(i, tokens_.size() - 1);
      i = tokens_.size();
      return;
    }
    bool have_type = false, parameters_seen = false;
    std::size_t words = 0;        // type and name words so far (`std::string` is one)
    std::size_t plain_words = 0;  // those that are not keywords (`struct tm` is one)
    std::string_view aggregate;   // class, struct, union or enum when the declaration has one
    std::string_view tag;         // its name
    while (i < tokens_.size()) {
      std::string_view t = text(i);
      if (t == ";") {
        ++i;
        return;
      }
      if (t == "}") return;  // closes the enclosing list
      if (is_pointer_qualifier_macro(i)) {
        blank(i, i);
        ++i;
        continue;
      }
      // `typedef voidpf (*alloc_func) OF((voidpf opaque, uInt items));`, `int f PARAMS ((int x));`: a
      // macro whose one argument is the parameter list, for compilers without prototypes.
      if (is_macro(i) && !parameters_seen && have_type && (is_identifier(i - 1) || is(i - 1, ")")) && is(i + 1, "(") &&
          is(i + 2, "(") && skip_group(i + 2) + 1 == skip_group(i + 1)) {
        const std::size_t outer_close = skip_group(i + 1) - 1;
        blank(i, i + 1);
        blank(outer_close, outer_close);
        parameters_seen = true;
        i = trailing_macros(parameters(i + 2, class_name) + 1);
        continue;
      }
      // After a declarator's name (`typedef gint32 GTime GLIB_DEPRECATED_FOR(GDateTime);`): only
      // `[`, `(`, `=`, `,` or `;` can follow a name; a word there is a macro.
      // A lower-case word there is one too when the declarator ends after it (`extern const struct
      // locale_data _nl_C_LC_TIME attribute_hidden;`).
      const bool lower_case_macro = is_identifier(i) && !blanked(i) && !one_of(kDeclarationKeywords, t) &&
                                    !one_of(kTrailingWords, t) && !one_of(kGrammarReservedWords, t) &&
                                    (is(i + 1, ";") || is(i + 1, "=") || is(i + 1, ","));
      if ((words >= 2 && !parameters_seen && (is_macro(i) || (lower_case_macro && plain_words >= 2))) &&
          is_identifier(i - 1) && !one_of(kDeclarationKeywords, text(i - 1))) {
        std::size_t after = is(i + 1, "(") ? skip_group(i + 1) : i + 1;
        if (is(after, ";") || is(after, "=") || is(after, ",") || is(after, "[")) {
          blank(i, after - 1);
          i = after;
          continue;
        }
        // `null<> localtime_r FMT_NOMACRO(...) {`: a macro between a function's name and its
        // parameters (one that expands to nothing, to stop a function-like macro of that name).
        if (is_macro(i) && is(i + 1, "(") &&
            (is(after, "{") || (is_identifier(after) && one_of(kTrailingWords, text(after))))) {
          blank(i, i);
          ++i;
          continue;
        }
      }
      // `level_string_views[] SPDLOG_LEVEL_NAMES;`: a macro after an array declarator stands for
      // its initializer; nothing else can stand there.
      if (tokens_[i].kind == TokenKind::identifier && is(i - 1, "]") && is_macro(i) &&
          (is(i + 1, ";") || is(i + 1, ","))) {
        blank(i, i);
        ++i;
        continue;
      }
      // `stats_[kNumLevels] GUARDED_BY(mutex_);`: an attribute macro with arguments after an array
      // declarator.
      if (tokens_[i].kind == TokenKind::identifier && is(i - 1, "]") && is_macro(i) && is(i + 1, "(")) {
        const std::size_t after = skip_group(i + 1);
        if (is(after, ";") || is(after, ",") || is(after, "=")) {
          blank(i, after - 1);
          i = after;
          continue;
        }
      }
      // `RE(const char* regex);` in `class RE`: the class's own name is its constructor's.
      if (is_macro(i) && !parameters_seen && t != class_name) {
        if (is(i + 1, "(") && !have_type) {
          std::size_t after = skip_group(i + 1);
          // `MACRO(const char);`: arguments no declarator can be (a declaration `TYPE(name);` has one name).
          if (is(after, ";") && !(after == i + 4 && is_identifier(i + 2))) {
            blank(i, after);
            // `template <typename T>` / `ASIO_STATIC_CONSTEXPR(bool, v = …);`: the template header
            // of a declaration written as a macro goes with it.
            if (is(start, "template")) blank(start, i - 1);
            i = after + 1;
            return;
          }
          bool value_arguments = false;  // a number or a literal: no type
          for (std::size_t k = i + 2; k + 1 < after; ++k)
            value_arguments =
                value_arguments || tokens_[k].kind == TokenKind::number || tokens_[k].kind == TokenKind::literal;
          if (value_arguments && is_identifier(after) && !one_of(kDeclarationKeywords, text(after)) &&
              is(after + 1, "(")) {
            // `JSON_HEDLEY_NON_NULL(3)\nexception(int id, const char* what)`: an attribute macro.
            blank(i, after - 1);
            i = after;
            continue;
          }
          // (`Q_DISABLE_COPY(T)` / `Q_DECLARE_TR_FUNCTIONS(T)`: a macro call on the next line is one
          // more declaration macro, not the name of a function.)
          const bool macro_call_next_line =
              is_macro(after) && tokens_[after].line > tokens_[after - 1].line && is(after + 1, "(");
          if (is_identifier(after) && !one_of(kDeclarationKeywords, text(after)) && is(after + 1, "(") &&
              !macro_call_next_line) {
            // `YAML_DECLARE(int)\nyaml_parse(…)`: the arguments are the type of the name that follows;
            // with several (`RESULT_TYPE(T, Signature, (expr)) initiate(…)`) the call is blanked whole.
            if (has_top_level_comma(i + 1, after - 1))
              blank(i, after - 1);
            else
              blank(i, i + 1);
            blank(after - 1, after - 1);
            i = after;
            have_type = true;
            continue;
          }
          if (is(start, "typedef") && is_identifier(after) && !one_of(kDeclarationKeywords, text(after)) &&
              (is(after + 1, ";") || is(after + 1, ",") || is(after + 1, "[")) &&
              !has_top_level_comma(i + 1, after - 1)) {
            // `typedef ASIO_MOVE_ARG(T) result_type;`: the argument is the type (as after YAML_DECLARE).
            blank(i, i + 1);
            blank(after - 1, after - 1);
            i = after;
            have_type = true;
            continue;
          }
          if (is_declaration_macro_call(i, after)) {
            blank(i, after - 1);
            i = after;
            return;  // what follows starts a declaration of its own
          }
        } else if (!is(i + 1, "(") && is_specifier_macro(i, have_type, class_name)) {
          blank(i, i);
          ++i;
          // Before any type: what follows is read as a declaration of its own (`namespace` after
          // `BEGIN_NAMESPACE`, `template` after an export macro).
          if (!have_type && aggregate.empty()) return;
          continue;
        }
      }
      if (t == "class" || t == "struct" || t == "union" || t == "enum") {
        aggregate = t;
        ++i;
        if (is(i, "class") || is(i, "struct")) ++i;  // enum class
        // `class FOO_API Name {`, `struct MACRO Name : Base`: between the key and the name.
        if (is_identifier(i) && is_identifier(i + 1) && !one_of(kTrailingWords, text(i + 1)) &&
            (is(i + 2, "{") || (is(i + 2, ":") && aggregate != "enum") || is(i + 2, "final"))) {
          blank(i, i);
          ++i;
        } else if (is_macro(i) && is_identifier(i + 1) && is(i + 2, "<")) {
          // `class GTEST_API_ Matcher<const std::string&> : public Base {`: a specialization's.
          const std::size_t after = skip_group(i + 2);
          if (is(after, "{") || (is(after, ":") && aggregate != "enum") || is(after, "final")) {
            blank(i, i);
            ++i;
          }
        }
        if (is_identifier(i) && !one_of(kTrailingWords, text(i))) tag = text(i);
        have_type = true;
        ++words;
        ++plain_words;
        // The tag's (qualified) name; a word after it is a declarator (`struct tm t`), read as such.
        if (is(i, "::")) ++i;
        while (is_identifier(i)) {
          ++i;
          if (is(i, "<")) i = skip_group(i);
          if (!is(i, "::")) break;
          ++i;
        }
        continue;
      }
      if (t == ":" && aggregate == "enum" && is(i - 1, "enum")) {
        // `enum : unsigned long long {`, `enum : uint64_t {`: the C++ grammar takes an underlying
        // type only after an enum's name; of an unnamed enum it is blanked (the enumerators stay).
        std::size_t open = i + 1;
        while (is_identifier(open) || is(open, "::")) ++open;
        if (open > i + 1 && is(open, "{")) blank(i, open - 1);
      }
      if (t == ":" && !aggregate.empty() && !parameters_seen) {
        while (i < tokens_.size() && !is(i, "{") && !is(i, ";") && !is(i, "}"))
          i = is(i, "(") || is(i, "<") ? skip_group(i) : i + 1;
        continue;
      }
      if (t == "{") {
        if (parameters_seen) {
          // A function body: a directive there is in place between statements (after `;`, a brace,
          // a label's `:`, a condition's `)` or `else`), not inside an expression.
          std::size_t end = skip_group(i);
          for (std::size_t k = i + 1; k < end; ++k)
            aligned_[k] = is(k - 1, ";") || is(k - 1, "{") || is(k - 1, "}") || is(k - 1, ":") || is(k - 1, ")") ||
                          is(k - 1, "else") || is(k - 1, "do");
          // Inside a braced initializer (`static const T table[] = {` / `#if X` / `{1, 2},`) a
          // directive is inside an expression, whatever token precedes it.
          for (std::size_t k = i + 1; k < end; ++k) {
            if (!is(k, "{") || !is(k - 1, "=")) continue;
            const std::size_t close = skip_group(k);
            for (std::size_t inner = k + 1; inner < close && inner < end; ++inner) aligned_[inner] = false;
            k = close - 1;
          }
          type_arguments(i + 1, end);
          statement_macros(i + 1, end);
          i = end;
          return;
        }
        if (aggregate == "class" || aggregate == "struct" || aggregate == "union") {
          ++i;
          declaration_list(i, tag);
          aggregate = {};
          continue;
        }
        if (aggregate == "enum") {
          enumerator_macros(i);
          type_arguments(i + 1, skip_group(i));  // `= sa_alignof (long long),`
        }
        i = skip_group(i);  // enumerators, a brace initializer
        continue;
      }
      if (t == "=") {
        while (i < tokens_.size() && !is(i, ";") && !is(i, ",") && !is(i, "}"))
          i = is(i, "(") || is(i, "[") || is(i, "{") ? skip_group(i) : i + 1;
        continue;
      }
      if (t == "operator" && !parameters_seen) {
        // The operator's symbol or type, then its parameters: `operator()(`, `operator<=>(`, `operator bool(`.
        std::size_t open = is(i + 1, "(") && is(i + 2, ")") ? i + 3 : i + 1;
        while (open < tokens_.size() && open < i + 8 && !is(open, "(") && !is(open, ";") && !is(open, "{")) ++open;
        if (!is(open, "(")) {
          i = open;
          continue;
        }
        parameters_seen = true;
        i = trailing_macros(parameters(open, class_name));
        if (is(i, ":")) i = member_initializers(i);
        continue;
      }
      if (t == "(") {
        bool after_name = i > start && (tokens_[i - 1].kind == TokenKind::identifier || is(i - 1, ">") ||
                                        is(i - 1, "]") || is(i - 1, ")"));
        // `(*name)(…)`, and `(WINAPI *name)(…)` with a calling convention the grammar does not know.
        bool calling_convention =
            is_macro(i + 1) && is(i + 2, "*") && is_identifier(i + 3) && is(i + 4, ")") && is(i + 5, "(");
        bool declarator_group = is(i + 1, "*") || is(i + 1, "&") || is(i + 1, "^") || calling_convention;
        if (declarator_group) {
          if (calling_convention) blank(i + 1, i + 1);
          i = skip_group(i);
          continue;
        }
        if (!after_name || parameters_seen) {
          i = skip_group(i);
          continue;
        }
        parameters_seen = true;
        i = trailing_macros(parameters(i, class_name));
        if (is(i, ":")) i = member_initializers(i);
        continue;
      }
      if (t == "<" && i > start && is_identifier(i - 1)) {
        i = skip_group(i);
        continue;
      }
      if (t == "[" || (t == "(")) {
        i = skip_group(i);
        continue;
      }
      if (tokens_[i].kind == TokenKind::identifier && !one_of(kSpecifiersBeforeType, t)) {
        have_type = true;
        if (!is(i - 1, "::")) ++words;
        if (!is(i - 1, "::") && !one_of(kDeclarationKeywords, t)) ++plain_words;
      }
      ++i;
    }
  }

  // Calls `on_group` with each complete conditional (`#if`/`#ifdef`/`#ifndef`, its `#elif`s and
  // `#else`, its `#endif`) as its directives' indices, an inner conditional before the one around it.
  template <class OnGroup>
  void for_each_conditional(OnGroup&& on_group) const {
    std::vector<std::vector<std::size_t>> open;  // per open conditional: its directives' indices
    for (std::size_t d = 0; d < directives_.size(); ++d) {
      std::string_view name = directives_[d].name;
      if (name == "if" || name == "ifdef" || name == "ifndef") {
        open.push_back({d});
      } else if (!open.empty() && (name == "elif" || name == "else" || name == "elifdef" || name == "elifndef")) {
        open.back().push_back(d);
      } else if (!open.empty() && name == "endif") {
        std::vector<std::size_t> group = std::move(open.back());
        open.pop_back();
        group.push_back(d);
        on_group(group);
      }
    }
  }

  // Keeps a conditional's first branch for the grammar: its directives and other branches blanked.
  void keep_first_branch(const std::vector<std::size_t>& group) {
    for (std::size_t at : group) blank_offsets(directives_[at].begin, directives_[at].end);
    if (group.size() > 2) blank_offsets(directives_[group[1]].begin, directives_[group.back()].begin);
  }

  // Conditionals with a directive inside a declaration (`#ifdef X` / `template <…>` / `#endif` before
  // the function it templates, a base clause under `#if`) break the grammar's declaration in two:
  // their first branch is kept, their directives and other branches are blanked.
  void resolve_misplaced_conditionals() {
    for_each_conditional([&](const std::vector<std::size_t>& group) {
      if (directives_[group.front()].in_later_branch) return;  // not read by the scan
      bool misplaced =
          std::any_of(group.begin(), group.end(), [&](std::size_t at) { return !aligned_[directives_[at].token]; });
      // A first branch opening or closing a brace or parenthesis it does not close or open
      // (`if (x) {` under `#ifndef` with its `}` under another) is read through as well.
      int balance = 0;
      for (std::size_t k = directives_[group[0]].token; k < directives_[group[1]].token; ++k) {
        if (is(k, "{") || is(k, "(")) ++balance;
        if (is(k, "}") || is(k, ")")) --balance;
      }
      // A first branch ending in a dangling `else` (`else` / `#endif` / `if (…)`) has its
      // statement after the conditional.
      const bool dangling_else = is(directives_[group[1]].token - 1, "else");
      // A first branch continuing an if statement (`}` / `#if X` / `else if (…) {…}` / `#endif`).
      const bool continues_if = is(directives_[group[0]].token, "else");
      // A conditional standing for the statement of an if, while or for (`if (flags >= 8)` / `#if X`).
      const std::size_t before = directives_[group[0]].token;
      const bool after_head = before > 0 && (is(before - 1, "else") || closes_statement_head(before - 1));
      if (!misplaced && balance == 0 && !dangling_else && !continues_if && !after_head) return;
      keep_first_branch(group);
    });
  }

  // Whether the token at `close` is the `)` ending the head of an if, while or for statement.
  bool closes_statement_head(std::size_t close) const {
    if (!is(close, ")")) return false;
    int depth = 0;
    for (std::size_t open = close + 1; open-- > 0;) {
      if (is(open, ")")) ++depth;
      if (is(open, "(") && --depth == 0)
        return open > 0 && (is(open - 1, "if") || is(open - 1, "while") || is(open - 1, "for"));
    }
    return false;
  }

  // Whether a conditional's branch ending at token `last` leaves its construct to be finished after
  // the conditional (`after`, the token after its #endif): a statement's head (`if (x)`, `else`,
  // `result =`), specifiers (`extern`), or a function's head whose body follows (`int f(a, b)` / `{`).
  // Lists' items (`B` / `}` in an enumerator list) and statements are complete.
  bool ends_incomplete(std::size_t last, std::size_t after) const {
    static constexpr std::array<std::string_view, 5> kEnds{";", "}", "{", ",", ":"};
    std::string_view t = text(last);
    if (one_of(kEnds, t)) return false;
    if (t == ")") {
      int depth = 0;
      std::size_t open = last;
      for (; open > 0; --open) {
        if (is(open, ")")) ++depth;
        if (is(open, "(") && --depth == 0) break;
      }
      static constexpr std::array<std::string_view, 4> kConditions{"if", "while", "for", "switch"};
      return (open > 0 && is_identifier(open - 1) && one_of(kConditions, text(open - 1))) || is(after, "{");
    }
    if (tokens_[last].kind != TokenKind::punctuation && (is(after, "}") || is(after, ","))) return false;
    return true;
  }

  // Reading every branch: a conditional with a branch that ends inside a construct continued after
  // it (`#ifdef STATIC` / `STATIC` / `#else` / `extern` / `#endif` / `int f();`, `if (p)` / `#endif`
  // / `{ … }`, nested in another conditional's later branch) is split for the grammar, which parses
  // each branch on its own: its first branch is kept, its directives and other branches are blanked.
  static constexpr std::size_t kShortBranchTokens = 64;
  void resolve_incomplete_branches() {
    for_each_conditional([&](const std::vector<std::size_t>& group) {
      const std::size_t after = directives_[group.back()].token;  // the token after the #endif
      bool incomplete = false;
      for (std::size_t b = 0; b + 1 < group.size() && !incomplete; ++b) {
        const std::size_t first = directives_[group[b]].token, end = directives_[group[b + 1]].token;
        incomplete = end > first && ends_incomplete(end - 1, after);
      }
      if (!incomplete) return;
      // Only a short one: the branches blanked must not hold declarations or macros of their own
      // (an incomplete last line in a header's long `#else` would otherwise drop the header).
      const std::size_t later_tokens = directives_[group.back()].token - directives_[group[1]].token;
      const bool later_defines = std::any_of(directives_.begin() + static_cast<std::ptrdiff_t>(group[1]),
                                             directives_.begin() + static_cast<std::ptrdiff_t>(group.back()),
                                             [](const Directive& inner) { return inner.name == "define"; });
      if (later_tokens > kShortBranchTokens || later_defines) return;
      keep_first_branch(group);
    });
  }

  // `offsetof (struct rule, upper[0])`, `offsetof (union u, a.words)`: the grammars take a single
  // member name; the rest of the designator is blanked (the expression keeps its type and role).
  void offsetof_designators() {
    for (std::size_t k = 0; k + 1 < tokens_.size(); ++k) {
      if (!(is(k, "offsetof") || is(k, "__builtin_offsetof")) || !is(k + 1, "(")) continue;
      const std::size_t close = skip_group(k + 1) - 1;
      std::size_t comma = k + 2;
      while (comma < close && !is(comma, ",")) comma = is(comma, "(") || is(comma, "<") ? skip_group(comma) : comma + 1;
      if (comma + 2 < close && is_identifier(comma + 1)) blank(comma + 2, close - 1);
    }
  }

  // `decltype(to_json(j, v), void())`: the C++ grammar takes no comma expression in decltype; its
  // type is the last operand's, so the operands before it are blanked with their commas. And
  // `decltype(typename C::template formatter<T>().format(ctx))`: `typename` in an expression (a
  // dependent type's functional cast) is blanked, as in function bodies.
  void decltype_operands(std::size_t k) {
    if (!is(k + 1, "(")) return;
    const std::size_t close = skip_group(k + 1) - 1;
    if (!is(close, ")")) return;
    if (is(k + 2, "typename")) {
      std::size_t name_end = k + 3;
      while (is_identifier(name_end) || is(name_end, "::") || is(name_end, "template"))
        name_end = is(name_end + 1, "<") ? skip_group(name_end + 1) : name_end + 1;
      if (name_end > k + 3 && (is(name_end, "(") || is(name_end, "{"))) blank(k + 2, k + 2);
    }
    std::size_t last_comma = 0;
    int depth = 0, angles = 0;
    for (std::size_t j = k + 2; j < close; ++j) {
      std::string_view t = text(j);
      if (t == "(" || t == "[" || t == "{") ++depth;
      if (t == ")" || t == "]" || t == "}") --depth;
      if (depth == 0 && t == "<" && is_identifier(j - 1)) ++angles;
      if (depth == 0 && t == ">" && angles > 0) --angles;
      if (depth == 0 && angles == 0 && t == ",") last_comma = j;
    }
    if (last_comma != 0) blank(k + 2, last_comma);
  }

  // `extern template auto f<char>(locale_ref) -> char;`: the C++ grammar takes an explicit
  // instantiation of a function, not its `extern` declaration; `extern` is blanked (both declare
  // nothing new).
  void extern_template_function(std::size_t k) {
    if (!is(k + 1, "template") || is(k + 2, "<") || is(k + 2, "class") || is(k + 2, "struct") || is(k + 2, "union"))
      return;
    blank(k, k);
  }

  // `typedef typename GTEST_BIND_(TestSel, Type) TestClass;`: a macro call standing for a type after
  // `typename`, where the grammar takes a type name only; the arguments are blanked, leaving the name.
  void typename_macro_call(std::size_t k) {
    if (!is_macro(k + 1) || !is(k + 2, "(")) return;
    const std::size_t after = skip_group(k + 2);
    if (is_identifier(after)) blank(k + 2, after - 1);
  }

  // `void __stdcall OutputDebugStringA(const char *s);`: the grammars take a calling convention
  // before a function's name only inside a declarator's parentheses; before a plain name it is blanked.
  void calling_convention_before_name(std::size_t k) {
    if (k > 0 && (is_identifier(k - 1) || is(k - 1, "*") || is(k - 1, "&") || is(k - 1, ">")) && is_identifier(k + 1) &&
        is(k + 2, "("))
      blank(k, k);
  }

  // The rewrites keyed on a keyword (`typename`, `decltype`, `extern`, a calling convention), in one
  // pass over the tokens.
  void keyword_rewrites() {
    static constexpr std::array<std::string_view, 6> kCallingConventions{"__cdecl",    "__stdcall",    "__fastcall",
                                                                         "__thiscall", "__vectorcall", "__clrcall"};
    for (std::size_t k = 0; k + 2 < tokens_.size(); ++k) {
      if (tokens_[k].kind != TokenKind::identifier || tokens_[k].end - tokens_[k].begin < 6) continue;
      const std::string_view t = text(k);
      if (t == "typename")
        typename_macro_call(k);
      else if (t == "decltype")
        decltype_operands(k);
      else if (t == "extern")
        extern_template_function(k);
      else if (t.starts_with("__") && one_of(kCallingConventions, t))
        calling_convention_before_name(k);
    }
  }

  bool is_string(std::size_t i) const {
    return i < tokens_.size() && tokens_[i].kind == TokenKind::literal && code_[tokens_[i].end - 1] == '"';
  }
  bool spaced(std::size_t a, std::size_t b) const { return tokens_[a].end < tokens_[b].begin; }

  // `"%" PRId64 "\n"`, `"qBittorrent/" QBT_VERSION)`, `FILESDIR "/addons"`: a macro concatenated
  // with string literals; nothing else can stand beside a literal (a suffix is written against it),
  // so the name is blanked, leaving the literals. (`extern "C" T f();` and `operator "" _x` are
  // declarations.)
  void macro_beside_string(std::size_t k) {
    if (!is_identifier(k) || blanked(k) || one_of(kDeclarationKeywords, text(k))) return;
    if (k > 0 && is_string(k - 1) && spaced(k - 1, k) && !(k >= 2 && (is(k - 2, "extern") || is(k - 2, "operator")))) {
      const std::size_t after = is(k + 1, "(") ? skip_group(k + 1) : k + 1;
      if (is_string(after) || is(after, ")") || is(after, ",") || is(after, ";") || is(after, "]") || is(after, "}"))
        blank(k, after - 1);
      return;
    }
    const std::string_view t = text(k);
    const bool format_macro = t.size() > 3 && (t.starts_with("PRI") || t.starts_with("SCN"));
    if ((is_macro(k) || format_macro) && is_string(k + 1) && spaced(k, k + 1) && k > 0 &&
        (is(k - 1, "(") || is(k - 1, ",") || is(k - 1, "=") || is(k - 1, "<") || is(k - 1, "{") || is(k - 1, "?") ||
         is(k - 1, "return")))
      blank(k, k);
  }

  // `nonneg int id`, `Q_INVOKABLE void f()`: a word that is no keyword directly before a built-in
  // type can only be a macro qualifying the declaration (a type name is never followed by another).
  void word_before_builtin_type(std::size_t k) {
    static constexpr std::array<std::string_view, 12> kBuiltinTypes{
        "void", "bool", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "wchar_t", "_Bool"};
    // Keywords (and the reserved words the grammars know) that may come before a built-in type.
    static constexpr std::array<std::string_view, 40> kBeforeTypes{
        "const",    "volatile",   "return",      "new",        "delete",       "case",          "else",    "do",
        "throw",    "co_return",  "co_yield",    "co_await",   "sizeof",       "alignof",       "goto",    "restrict",
        "noreturn", "_Imaginary", "__complex__", "__signed__", "__unsigned__", "public",        "private", "protected",
        "and",      "or",         "not",         "xor",        "bitand",       "bitor",         "compl",   "export",
        "requires", "concept",    "import",      "module",     "noexcept",     "static_assert", "typeof",  "__typeof"};
    if (!is_identifier(k + 1) || !one_of(kBuiltinTypes, text(k + 1))) return;
    const std::string_view t = text(k);
    if (!is_identifier(k) || blanked(k) || one_of(kDeclarationKeywords, t) || one_of(kGrammarReservedWords, t) ||
        one_of(kBeforeTypes, t) || one_of(kTrailingWords, t) || one_of(kBuiltinTypes, t))
      return;
    if (k > 0 && (is(k - 1, "::") || is(k - 1, ".") || is(k - 1, "->") || is(k - 1, "~"))) return;
    blank(k, k);
  }

  // Qt's `emit changed();`, `Q_EMIT done(x);`: a keyword the compiler sees as nothing, before the
  // call it announces at a statement's start.
  void emit_keyword(std::size_t k) {
    if (k == 0 || !is_identifier(k + 1)) return;
    if (is(k - 1, ";") || is(k - 1, "{") || is(k - 1, "}") || is(k - 1, ")") || is(k - 1, "else") || is(k - 1, ":"))
      blank(k, k);
  }

  // `new Node*[n]`, `new const char*[n]`: the C++ grammar takes no pointer (or cv-qualified) type in
  // an array new; the `*`s and qualifiers are blanked, leaving an array of the pointee's type.
  void new_pointer_array(std::size_t k) {
    std::size_t j = k + 1;
    while (is(j, "const") || is(j, "volatile")) ++j;
    if (is(j, "::")) ++j;
    if (!is_identifier(j)) return;
    while (is_identifier(j)) {
      ++j;
      if (is(j, "<")) j = skip_group(j);
      if (!is(j, "::")) break;
      ++j;
    }
    const std::size_t stars = j;
    while (is(j, "*")) ++j;
    if (j == stars || !is(j, "[")) return;
    blank(stars, j - 1);
    for (std::size_t q = k + 1; is(q, "const") || is(q, "volatile"); ++q) blank(q, q);  // nor a qualified one
  }

  // Qt's `SIGNAL(clicked(bool))`, `SLOT(print(QPrinter*))`: a signature the macro stringizes, no
  // expression; its parameter types are blanked, leaving a call of the signal or slot by name.
  void qt_signature(std::size_t k) {
    if (!is(k + 1, "(") || !is_identifier(k + 2) || !is(k + 3, "(") ||
        (k > 0 && (is(k - 1, "::") || is(k - 1, ".") || is(k - 1, "->"))))
      return;
    const std::size_t close = skip_group(k + 3) - 1;
    if (is(close, ")") && is(close + 1, ")") && close > k + 4) blank(k + 4, close - 1);
  }

  // Writes `word` over token `k`, padded with spaces (it is no longer than the token).
  void overwrite(std::size_t k, std::string_view word) {
    const std::uint32_t size = tokens_[k].end - tokens_[k].begin;
    if (word.size() > size) return;
    for (std::uint32_t b = 0; b < size; ++b) out_[tokens_[k].begin + b] = b < word.size() ? word[b] : ' ';
    changed_ = true;
  }

  // Qt's `foreach (const QString& name, names) {`: a macro for a range-based for; it becomes `for`
  // and the comma after the declared variable `:` (same statement, same variable).
  void qt_foreach(std::size_t k) {
    if (!is(k + 1, "(") || (k > 0 && !(is(k - 1, ";") || is(k - 1, "{") || is(k - 1, "}") || is(k - 1, ")") ||
                                       is(k - 1, "else") || is(k - 1, ":"))))
      return;
    const std::size_t close = skip_group(k + 1) - 1;
    std::size_t comma = k + 2;
    while (comma < close && !is(comma, ","))
      comma = is(comma, "(") || is(comma, "<") || is(comma, "[") ? skip_group(comma) : comma + 1;
    // A declaration: at least a type and a name before the comma.
    if (comma >= close || comma < k + 4 || !is_identifier(comma - 1)) return;
    overwrite(k, "for");
    overwrite(comma, ":");
  }

  // `const std::string& name(tok->str());`, `const char* result("text");`: a reference or pointer
  // initialized with parentheses, which the C++ grammar reads as a function's declaration and then
  // fails on its arguments. Arguments no parameter list holds (a member access, a literal or a number
  // first) make it a variable: the parentheses become braces (the same initialization).
  void parenthesized_initializer(std::size_t k) {
    if (!(is(k - 1, "&") || is(k - 1, "*")) || !is(k + 1, "(") || k < 2 || !declaration_before(k - 1)) return;
    const std::size_t close = skip_group(k + 1) - 1;
    if (!is(close, ")") || !is(close + 1, ";") || close == k + 2) return;
    bool expression = tokens_[k + 2].kind == TokenKind::literal || tokens_[k + 2].kind == TokenKind::number;
    for (std::size_t j = k + 2; j < close && !expression; ++j)
      expression = is(j, "->") || (is(j, ".") && (is_identifier(j - 1) || is(j - 1, ")")) && is_identifier(j + 1));
    if (!expression) return;
    overwrite(k + 1, "{");
    overwrite(close, "}");
  }

  // `g_assert_cmpint(n, >=, 5)`, `timercmp(&a, &b, <)`: an operator passed to a macro as an argument
  // of its own, which no expression can be; it is blanked with the comma before it.
  void operator_arguments() {
    for (std::size_t k = 1; k + 1 < tokens_.size(); ++k) {
      if (!is(k, ",")) continue;
      std::size_t j = k + 1;
      while (j < tokens_.size() && j < k + 4 && tokens_[j].kind == TokenKind::punctuation && !blanked(j) &&
             text(j).find_first_of("<>=!+-*/%&|^") == 0 && text(j).size() == 1)
        ++j;
      if (j > k + 1 && (is(j, ",") || is(j, ")"))) blank(k, j - 1);
    }
  }

  // Whether the `*` or `&` at `op` follows the type of a declaration starting a statement: a type
  // name (`std::string`, `const QString`, `Map<K, V>`) after `;`, a brace or a label, and no `&&`
  // (`return ok && f(x.y);` is an expression).
  bool declaration_before(std::size_t op) const {
    if (is(op, "&") && (is(op - 1, "&") || is(op + 1, "&"))) return false;
    std::size_t j = op;
    if (is(j - 1, "*") || is(j - 1, "&")) --j;  // `T** p`, `T*& r`
    if (is(j - 1, "&") && is(j - 2, "&")) return false;
    int angles = 0;
    bool type = false;
    for (std::size_t steps = 0; j > 0 && steps < 24; ++steps) {
      const std::size_t t = j - 1;
      if (is(t, ">")) {
        ++angles;
      } else if (is(t, "<")) {
        if (angles == 0) return false;
        --angles;
      } else if (angles > 0) {
        if (is(t, ";") || is(t, "{") || is(t, "}")) return false;
      } else if (is_identifier(t)) {
        static constexpr std::array<std::string_view, 11> kExpressionWords{
            "return", "throw", "case", "delete", "new", "co_return", "co_yield", "co_await", "sizeof", "else", "goto"};
        if (one_of(kExpressionWords, text(t))) return false;
        type = true;
      } else if (!is(t, "::")) {
        return type && (is(t, ";") || is(t, "{") || is(t, "}") || (is(t, ":") && !is(t - 1, ":")));
      }
      j = t;
    }
    return type && j == 0;
  }

  // The rewrites inside expressions and declarations keyed on any word, in one pass over the tokens.
  void expression_rewrites() {
    for (std::size_t k = 0; k < tokens_.size(); ++k) {
      if (!is_identifier(k) || blanked(k)) continue;
      const std::string_view t = text(k);
      if (cplusplus_ && (t == "emit" || t == "Q_EMIT"))
        emit_keyword(k);
      else if (cplusplus_ && t == "new")
        new_pointer_array(k);
      else if (cplusplus_ && (t == "SIGNAL" || t == "SLOT"))
        qt_signature(k);
      else if (cplusplus_ && t == "throw" && k > 0 && (is(k - 1, "(") || is(k - 1, ",")))
        blank(k, k);  // `EXPECT_THROW(throw error("x"), error)`: the grammar takes no throw as an argument
      else if (cplusplus_ && (t == "foreach" || t == "Q_FOREACH"))
        qt_foreach(k);
      else if (cplusplus_ && k > 0)
        parenthesized_initializer(k);
      macro_beside_string(k);
      word_before_builtin_type(k);
    }
  }

  // `#undef` and `#pragma` inside a declaration (`float logf (float x)` / `#undef logf` / `{`, the
  // body after the directive) split it for the grammar; they define nothing, so they are blanked.
  void blank_misplaced_undefs() {
    for (const Directive& directive : directives_) {
      if ((first_branches_ && directive.in_later_branch) || aligned_[directive.token]) continue;
      if (directive.name == "undef" || directive.name == "pragma") blank_offsets(directive.begin, directive.end);
    }
  }

  void blank_offsets(std::uint32_t begin, std::uint32_t end) {
    for (std::uint32_t b = begin; b < end && b < out_.size(); ++b)
      if (out_[b] != '\n') out_[b] = ' ';
    changed_ = true;
  }

  std::string_view code_;
  std::string& out_;
  const std::vector<Directive>& directives_;
  const std::vector<Token>& tokens_;
  std::vector<bool> aligned_;  // by token index: whether a declaration starts or a list ends there
  bool first_branches_;
  bool cplusplus_;
  bool changed_ = false;
};

// ------------------------------------------------------------------------------- directives

struct Line {
  std::size_t begin, end;  // end: the newline's offset (or the text's size)
};

std::vector<Line> lines_of(std::string_view text) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t eol = text.find('\n', begin);
    if (eol == std::string_view::npos) eol = text.size();
    lines.push_back({begin, eol});
    if (eol == text.size()) break;
    begin = eol + 1;
  }
  return lines;
}

// A directive's name and argument ("ifdef", "__cplusplus"); empty name for code lines.
std::pair<std::string_view, std::string_view> directive(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '#') return {};
  line = trim(line.substr(1));
  std::size_t end = 0;
  while (end < line.size() && is_identifier_char(line[end])) ++end;
  return {line.substr(0, end), trim(line.substr(end))};
}

// Whether a condition is exactly a test of __cplusplus being defined (+1), not defined (-1), or
// something else (0): `defined(__cplusplus)`, `!defined __cplusplus`, `__cplusplus`.
int tests_cplusplus(std::string_view condition) {
  std::string compact;
  for (char c : condition)
    if (!is_space(c) && c != '(' && c != ')') compact += c;
  if (compact == "defined__cplusplus" || compact == "__cplusplus") return 1;
  if (compact == "!defined__cplusplus" || compact == "!__cplusplus") return -1;
  return 0;
}

void blank_line(std::string& out, const Line& line) {
  for (std::size_t b = line.begin; b < line.end; ++b) out[b] = ' ';
}

// Index of the line after a directive starting at `index`, its continuation lines included.
std::size_t after_directive(std::string_view code, const std::vector<Line>& lines, std::size_t index) {
  while (index < lines.size()) {
    std::string_view line = trim(code.substr(lines[index].begin, lines[index].end - lines[index].begin));
    ++index;
    if (line.empty() || line.back() != '\\') break;
  }
  return index;
}

// Whether the first branch of a conditional is compiled, when the condition alone tells:
// `#ifdef __cplusplus` and its negations for the dialect. Nullopt for every other condition. (`#if 0`
// is not resolved: the declarations it disables have always been indexed, and most parse.)
std::optional<bool> first_branch_compiled(std::string_view name, std::string_view condition, CDialect dialect) {
  const int test = name == "if" ? tests_cplusplus(condition) : tests_cplusplus(condition) * (name == "ifdef" ? 1 : -1);
  if (test == 0) return std::nullopt;
  return (test > 0) == (dialect == CDialect::cplusplus);
}

// Resolves `#ifdef __cplusplus` conditionals (with an optional #else) for the dialect: the directives and
// the branch never compiled are blanked. Conditionals with #elif are left alone.
bool resolve_cplusplus_conditionals(std::string_view code, std::string& out, CDialect dialect) {
  const std::vector<Line> lines = lines_of(code);
  struct Open {
    std::optional<bool> first_compiled;  // nullopt: not known from the condition
    std::vector<std::size_t> branches;   // line index of #if… and of #else
    bool has_elif = false;
  };
  std::vector<Open> open;
  bool changed = false;
  for (std::size_t index = 0; index < lines.size();) {
    std::string_view line = code.substr(lines[index].begin, lines[index].end - lines[index].begin);
    auto [name, argument] = directive(line);
    std::size_t next = name.empty() && !trim(line).starts_with("#") ? index + 1 : after_directive(code, lines, index);
    if (name == "if" || name == "ifdef" || name == "ifndef") {
      open.push_back({first_branch_compiled(name, argument, dialect), {index}});
    } else if (name == "elif" || name == "elifdef" || name == "elifndef") {
      if (!open.empty()) open.back().has_elif = true;
    } else if (name == "else") {
      if (!open.empty()) open.back().branches.push_back(index);
    } else if (name == "endif" && !open.empty()) {
      Open conditional = open.back();
      open.pop_back();
      if (conditional.first_compiled && !conditional.has_elif && conditional.branches.size() <= 2) {
        const bool first_compiled = *conditional.first_compiled;
        std::size_t else_line = conditional.branches.size() == 2 ? conditional.branches[1] : index;
        std::size_t dead_begin = first_compiled ? else_line : conditional.branches[0];
        std::size_t dead_end = first_compiled ? index : else_line;
        for (std::size_t l = dead_begin; l < dead_end; ++l) blank_line(out, lines[l]);
        for (std::size_t directive_line : conditional.branches)
          for (std::size_t l = directive_line; l < after_directive(code, lines, directive_line); ++l)
            blank_line(out, lines[l]);
        for (std::size_t l = index; l < next; ++l) blank_line(out, lines[l]);
        changed = true;
      }
    }
    index = next;
  }
  return changed;
}

// Whether a condition requires __cplusplus defined: `defined __cplusplus`, alone or in a conjunction
// (`GNULIB_XALLOC && defined __cplusplus`).
bool requires_cplusplus(std::string_view condition) {
  std::string compact;
  for (char c : condition)
    if (!is_space(c) && c != '(' && c != ')') compact += c;
  if (compact.find("||") != std::string::npos || compact.find('!') != std::string::npos) return false;
  std::size_t at = 0;
  while (at <= compact.size()) {
    std::size_t end = compact.find("&&", at);
    if (end == std::string::npos) end = compact.size();
    std::string_view term = std::string_view(compact).substr(at, end - at);
    if (term == "defined__cplusplus" || term == "__cplusplus") return true;
    at = end + 2;
  }
  return false;
}

// In C, the branches (`#if` or `#elif`) whose condition requires __cplusplus are never compiled
// (`#elif defined __cplusplus` / `template <class T> struct helper {…};`): their code lines are
// blanked, their directives kept.
bool blank_cplusplus_branches_for_c(std::string_view code, std::string& out) {
  if (code.find("__cplusplus") == std::string_view::npos) return false;
  const std::vector<Line> lines = lines_of(code);
  std::vector<bool> dead;  // per open conditional: whether the current branch is dead
  bool changed = false;
  for (std::size_t index = 0; index < lines.size();) {
    std::string_view line = code.substr(lines[index].begin, lines[index].end - lines[index].begin);
    auto [name, argument] = directive(line);
    const bool is_directive = trim(line).starts_with("#");
    const std::size_t next = is_directive ? after_directive(code, lines, index) : index + 1;
    const bool in_dead = std::find(dead.begin(), dead.end(), true) != dead.end();
    if (name == "if" || name == "ifdef" || name == "ifndef") {
      dead.push_back((name == "if" && requires_cplusplus(argument)) ||
                     (name == "ifdef" && trim(argument) == "__cplusplus"));
    } else if (!dead.empty() && (name == "elif" || name == "else" || name == "elifdef" || name == "elifndef")) {
      dead.back() = name == "elif" && requires_cplusplus(argument);
    } else if (!dead.empty() && name == "endif") {
      dead.pop_back();
    } else if (in_dead && !is_directive) {  // a `#define` there is still a macro ctags and users look up
      for (std::size_t l = index; l < next; ++l) blank_line(out, lines[l]);
      changed = true;
    }
    index = next;
  }
  return changed;
}

// `__has_include(<header>)`, `__has_include("header")`, `HAS_WARNING("-Wx")` in #if and #elif lines:
// the grammars take no header names or strings in conditions; the argument is blanked.
bool blank_condition_literals(std::string_view code, std::string& out) {
  bool changed = false;
  bool continued_condition = false;  // the line continues an #if or #elif line (`#elif \`)
  for (const Line& line : lines_of(code)) {
    std::string_view text = code.substr(line.begin, line.end - line.begin);
    auto [name, argument] = directive(text);
    const bool condition = name == "if" || name == "elif" || continued_condition;
    std::string_view trimmed = trim(text);
    continued_condition = condition && !trimmed.empty() && trimmed.back() == '\\';
    if (!condition) continue;
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
      std::size_t first = open + 1;
      while (first < text.size() && is_space(text[first])) ++first;
      if (first >= text.size() || (text[first] != '<' && text[first] != '"')) continue;
      std::size_t last = text.find(text[first] == '<' ? '>' : '"', first + 1);
      if (last == std::string_view::npos) break;
      std::size_t close = last + 1;
      while (close < text.size() && is_space(text[close])) ++close;
      if (close >= text.size() || text[close] != ')') continue;
      for (std::size_t b = first; b <= last; ++b) out[line.begin + b] = ' ';
      changed = true;
    }
    // A string among other arguments (`GCC_HAS_WARNING("-Wvariadic-macros", 4, 0, 0)`) becomes `0`.
    for (std::size_t quote = text.find('"'); quote != std::string_view::npos; quote = text.find('"', quote + 1)) {
      const std::size_t end = text.find('"', quote + 1);
      if (end == std::string_view::npos) break;
      if (out[line.begin + quote] == ' ') {  // blanked above
        quote = end;
        continue;
      }
      out[line.begin + quote] = '0';
      for (std::size_t b = quote + 1; b <= end; ++b) out[line.begin + b] = ' ';
      changed = true;
      quote = end;
    }
  }
  return changed;
}

// `#define END \` / `}  /* namespace x */ \` / `}`: the grammars end a macro's body at a block comment
// before a line continuation. A block comment that starts and ends on a continued line of a directive
// is blanked (a comment is whitespace to the preprocessor).
bool blank_comments_in_continued_directives(std::string_view source, std::string_view code, std::string& out) {
  if (source.find("/*") == std::string_view::npos) return false;
  bool changed = false;
  bool in_directive = false;
  for (const Line& line : lines_of(code)) {
    std::string_view text = trim(code.substr(line.begin, line.end - line.begin));
    if (!in_directive && (text.empty() || text.front() != '#')) continue;
    const bool continuation = in_directive;  // the line continues a directive
    in_directive = !text.empty() && text.back() == '\\';
    // On the directive's last line, a comment with code after it (`: INT_STRLEN_BOUND (int) /* … */)`).
    const bool last_line = !in_directive && continuation;
    if (!in_directive && !last_line) continue;
    std::string_view written = source.substr(line.begin, line.end - line.begin);
    for (std::size_t open = written.find("/*"); open != std::string_view::npos; open = written.find("/*", open + 2)) {
      std::size_t close = written.find("*/", open + 2);
      if (close == std::string_view::npos) break;
      if (code[line.begin + open] != ' ') continue;  // not a comment's start
      if (last_line && trim(code.substr(line.begin + close + 2, line.end - line.begin - close - 2)).empty()) break;
      for (std::size_t b = open; b < close + 2; ++b) out[line.begin + b] = ' ';
      changed = true;
      open = close;
    }
  }
  return changed;
}

// Unnamed pointer parameters with a default argument, `typename std::enable_if<C>::type* = nullptr` (a
// function or template parameter), which the C++ grammar cannot parse: the default is blanked. A `*`
// then a separate `=` is nothing else (`*=` is written together). (`const S& = S()` parses.)
bool blank_unnamed_parameter_defaults(std::string_view code, std::string& out) {
  bool changed = false;
  for (std::size_t at = code.find('='); at != std::string_view::npos; at = code.find('=', at + 1)) {
    if (at + 1 < code.size() && code[at + 1] == '=') {
      ++at;
      continue;
    }
    std::size_t before = at;
    while (before > 0 && is_space(code[before - 1])) --before;
    if (before == at || before == 0 || code[before - 1] != '*') continue;
    if (before >= 2 && (code[before - 2] == '*' || code[before - 2] == '/')) continue;
    // The default's end: a `,`, `)` or `>` outside its own brackets and angle brackets.
    std::size_t end = at + 1;
    int depth = 0, angles = 0;
    for (; end < code.size(); ++end) {
      char c = code[end];
      if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth-- == 0) break;
      } else if (depth == 0 && c == '<') {
        ++angles;
      } else if (depth == 0 && c == '>' && !(end > 0 && code[end - 1] == '-')) {
        if (angles-- == 0) break;
      } else if (depth == 0 && (c == ',' || c == ';')) {
        break;
      }
    }
    if (end >= code.size() || code[end] == ';' || code[end] == '}' || code[end] == ']') continue;
    for (std::size_t b = at; b < end; ++b)
      if (out[b] != '\n') out[b] = ' ';
    changed = true;
    at = end - 1;
  }
  return changed;
}

// `@NAME@` substitutions of configure templates (`foo.in.h`) become identifiers `_NAME_`: inside a
// name (`_@GUARD_PREFIX@_H`) they stay one, alone they are a macro the scan then treats as such.
bool substitute_configure_variables(std::string& code, std::string& out) {
  bool changed = false;
  for (std::size_t at = code.find('@'); at != std::string::npos; at = code.find('@', at + 1)) {
    std::size_t end = at + 1;
    while (end < code.size() && (std::isupper(static_cast<unsigned char>(code[end])) != 0 ||
                                 std::isdigit(static_cast<unsigned char>(code[end])) != 0 || code[end] == '_'))
      ++end;
    if (end == at + 1 || end >= code.size() || code[end] != '@') continue;
    code[at] = code[end] = out[at] = out[end] = '_';
    // A directive's name (`#@INCLUDE_NEXT@ …`) must start with a letter for the grammars.
    std::size_t before = at;
    while (before > 0 && (code[before - 1] == ' ' || code[before - 1] == '\t')) --before;
    if (before > 0 && code[before - 1] == '#') code[at] = out[at] = 'x';
    changed = true;
    at = end;
  }
  return changed;
}

// `#` alone on its line (a null directive, often `#  // why`), which the grammars cannot parse; it
// does nothing, so it is blanked. (Not on a continued line: `#define S(x) \` / `# x` stringizes.)
bool blank_null_directives(std::string_view code, std::string& out) {
  bool changed = false;
  bool continued = false;
  for (std::size_t at = 0; at < code.size();) {
    std::size_t eol = code.find('\n', at);
    if (eol == std::string_view::npos) eol = code.size();
    const std::string_view line = code.substr(at, eol - at);
    if (!continued && trim(line) == "#") {
      out[at + line.find('#')] = ' ';
      changed = true;
    }
    const std::string_view kept = trim(line);
    continued = !kept.empty() && kept.back() == '\\';
    at = eol + 1;
  }
  return changed;
}

// Pointer-to-member access, `(object->*member)(…)` and `(object.*member)(…)`, which the C++ grammar
// cannot parse: the `*` is blanked, leaving a member access to the same name.
bool blank_pointer_to_member_access(std::string_view code, std::string& out) {
  bool changed = false;
  for (std::size_t at = code.find('*', 1); at != std::string_view::npos; at = code.find('*', at + 1)) {
    bool arrow = at >= 2 && code[at - 1] == '>' && code[at - 2] == '-';
    bool dot = false;
    if (!arrow && code[at - 1] == '.' && at >= 2) {
      // After a name or a closing bracket, not after a number (`1.*x` multiplies).
      std::size_t word = at - 1;
      while (word > 0 && is_identifier_char(code[word - 1])) --word;
      dot = word < at - 1 ? is_identifier_start(code[word]) : (code[at - 2] == ')' || code[at - 2] == ']');
    }
    if (!arrow && !dot) continue;
    std::size_t member = at + 1;
    while (member < code.size() && is_space(code[member])) ++member;
    if (member >= code.size() || !is_identifier_start(code[member])) continue;  // `s.*(&H::c)` parses
    out[at] = ' ';
    changed = true;
  }
  return changed;
}

// Pointer-to-member declarators, `void (U::*)(Env)` (a template parameter), `int (C::*field)`, which
// the C++ grammar cannot parse: the class and its `::` are blanked, leaving a pointer declarator.
bool blank_member_pointer_classes(std::string_view code, std::string& out) {
  bool changed = false;
  for (std::size_t open = code.find('('); open != std::string_view::npos; open = code.find('(', open + 1)) {
    std::size_t at = open + 1;
    std::size_t scope_end = 0;  // after the last `::`
    while (true) {
      while (at < code.size() && is_space(code[at])) ++at;
      if (at >= code.size() || !is_identifier_start(code[at])) break;
      while (at < code.size() && is_identifier_char(code[at])) ++at;
      while (at < code.size() && is_space(code[at])) ++at;
      if (code.substr(at, 2) != "::") break;
      at += 2;
      scope_end = at;
    }
    if (scope_end == 0) continue;
    std::size_t star = scope_end;
    while (star < code.size() && is_space(code[star])) ++star;
    std::size_t close = star + 1;
    while (close < code.size() && is_space(code[close])) ++close;
    // Named too: `void (NativeArray::*clone_)(const Element*, size_t);`.
    if (close < code.size() && is_identifier_start(code[close])) {
      while (close < code.size() && is_identifier_char(code[close])) ++close;
      while (close < code.size() && is_space(code[close])) ++close;
    }
    if (star >= code.size() || code[star] != '*' || close >= code.size() || code[close] != ')') continue;
    for (std::size_t b = open + 1; b < scope_end; ++b)
      if (out[b] != '\n') out[b] = ' ';
    changed = true;
  }
  return changed;
}

// Whether the parenthesized group closing at `close` is the condition of an if, while, for or switch.
bool closes_condition(std::string_view code, std::size_t close) {
  int depth = 0;
  std::size_t open = close + 1;
  while (open-- > 0) {
    if (code[open] == ')') ++depth;
    if (code[open] == '(' && --depth == 0) break;
  }
  if (open > close) return false;
  std::size_t word_end = open;
  while (word_end > 0 && is_space(code[word_end - 1])) --word_end;
  std::size_t word = word_end;
  while (word > 0 && is_identifier_char(code[word - 1])) --word;
  std::string_view keyword = code.substr(word, word_end - word);
  return keyword == "if" || keyword == "while" || keyword == "for" || keyword == "switch";
}

// Whether `operator` at `at`, followed by an operator's symbol, is called rather than declared: a
// member call (`this->operator==(other)`), or where an expression starts (`return operator*();`,
// `if (x) operator()<bool>(v);`): a declared operator function has its return type before it.
bool is_called_operator(std::string_view code, std::size_t at) {
  std::size_t before = at;
  while (before > 0 && is_space(code[before - 1])) --before;
  if (before == 0) return false;
  const char previous = code[before - 1];
  if (previous == '.' || (before >= 2 && code.substr(before - 2, 2) == "->")) return true;
  if (previous == '(' || previous == ',' || previous == '!' ||
      (previous == '=' && before >= 2 && code[before - 2] != '=') ||
      (previous == ')' && closes_condition(code, before - 1)))
    return true;
  std::size_t word = before;
  while (word > 0 && is_identifier_char(code[word - 1])) --word;
  return code.substr(word, before - word) == "return";
}

// Explicit operator calls, `this->operator==(other)`, `p->operator[](i)`, `return operator*();`, which
// the C++ grammar cannot parse: the operator's symbol becomes underscores, a function name.
bool rename_called_operators(std::string_view code, std::string& out) {
  bool changed = false;
  for (std::size_t at = code.find("operator"); at != std::string_view::npos; at = code.find("operator", at + 8)) {
    if ((at > 0 && is_identifier_char(code[at - 1])) || !is_called_operator(code, at) || at + 8 >= code.size() ||
        is_identifier_char(code[at + 8]))
      continue;
    // Spaced as `it.operator * ()` too: the spaces before the symbol join the name.
    std::size_t symbol = at + 8;
    while (symbol < code.size() && (code[symbol] == ' ' || code[symbol] == '\t')) ++symbol;
    std::size_t end = symbol;
    if (code.substr(symbol, 2) == "()" || code.substr(symbol, 2) == "[]")
      end += 2;
    else
      while (end < code.size() && std::string_view("+-*/%^&|~!=<>,").find(code[end]) != std::string_view::npos) ++end;
    std::size_t call = end;
    while (call < code.size() && (code[call] == ' ' || code[call] == '\t')) ++call;
    if (call < code.size() && code[call] == '<' && end > symbol && code[end - 1] != '<') {
      // Explicit template arguments: `operator()<bool>(value)`.
      const std::size_t close = code.find('>', call);
      const std::size_t line_end = code.find('\n', call);
      if (close == std::string_view::npos || close > line_end) continue;
      call = close + 1;
      while (call < code.size() && (code[call] == ' ' || code[call] == '\t')) ++call;
    }
    if (end == symbol || call >= code.size() || code[call] != '(') continue;
    for (std::size_t b = at + 8; b < end; ++b) out[b] = '_';
    changed = true;
  }
  return changed;
}

}  // namespace

std::string code_only(std::string_view text) {
  enum class State { code, line_comment, block_comment, string_literal, char_literal };
  std::string out(text);
  State state = State::code;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    switch (state) {
      case State::code:
        if (c == '/' && next == '/') {
          state = State::line_comment;
          out[i] = ' ';
        } else if (c == '/' && next == '*') {
          state = State::block_comment;
          out[i] = out[i + 1] = ' ';
          ++i;
        } else if (c == '"' && raw_string_end(text, i) != 0) {
          // A raw string literal, `R"(…)"` or `R"x(…)x"`: no escapes, quotes inside, many lines. Its
          // text between the parentheses is blanked; the delimiters stay, to be found again.
          const std::size_t close = raw_string_end(text, i);
          const std::size_t open = text.find('(', i + 1);
          const std::size_t end = close - (open - i);  // the `)` before the closing delimiter
          for (std::size_t b = open + 1; b < end; ++b)
            if (out[b] != '\n') out[b] = ' ';
          i = close;
        } else if (c == '"') {
          state = State::string_literal;
        } else if (c == '\'' && (i == 0 || !std::isxdigit(static_cast<unsigned char>(text[i - 1])))) {
          state = State::char_literal;  // a quote after a digit is a C++14 digit separator
        }
        break;
      case State::line_comment:
        if (c == '\n')
          state = State::code;
        else
          out[i] = ' ';
        break;
      case State::block_comment:
        if (c == '*' && next == '/') {
          out[i] = out[i + 1] = ' ';
          ++i;
          state = State::code;
        } else if (c != '\n') {
          out[i] = ' ';
        }
        break;
      case State::string_literal:
      case State::char_literal: {
        char quote = state == State::string_literal ? '"' : '\'';
        if (c == '\\' && next != '\n') {
          out[i] = ' ';
          if (i + 1 < out.size()) out[i + 1] = ' ';
          ++i;
        } else if (c == quote || c == '\n') {
          state = State::code;
        } else {
          out[i] = ' ';
        }
        break;
      }
    }
  }
  return out;
}

std::optional<std::string> blank_unparsable_macros(std::string_view source, CDialect dialect) {
  std::string code = code_only(source);
  std::string out(source);
  bool changed = substitute_configure_variables(code, out);
  changed = resolve_cplusplus_conditionals(code, out, dialect) || changed;
  changed = blank_condition_literals(code, out) || changed;
  changed = blank_comments_in_continued_directives(source, code, out) || changed;
  changed = blank_null_directives(code, out) || changed;
  if (dialect == CDialect::c) changed = blank_cplusplus_branches_for_c(code, out) || changed;
  if (dialect == CDialect::cplusplus) {
    changed = blank_unnamed_parameter_defaults(code, out) || changed;
    changed = blank_pointer_to_member_access(code, out) || changed;
    changed = blank_member_pointer_classes(code, out) || changed;
    changed = rename_called_operators(code, out) || changed;
  }
  // The token scans read the code with what is blanked so far blanked, and blank in `out`. They share
  // one tokenization, updated for what each pass blanked (retokenize_blanked in c_tokens.hpp). The two
  // texts are kept in place: the tokens' directive names view the one they were made from.
  std::array<std::string, 2> texts;
  std::size_t current = 0;
  auto blank_code_into = [&](std::string& text) {
    text = code;
    for (std::size_t b = 0; b < out.size(); ++b)
      if (out[b] == ' ' && source[b] != ' ') text[b] = ' ';
  };
  blank_code_into(texts[current]);
  CTokens tokens = tokenize_c(texts[current]);
  auto next_pass = [&] {
    const std::size_t next = 1 - current;
    blank_code_into(texts[next]);
    retokenize_blanked(tokens, texts[current], texts[next]);
    current = next;
  };
  if (dialect == CDialect::cplusplus) {
    changed = rewrite_modern_cplusplus_before_macro_blanking(texts[current], tokens, out) || changed;
    next_pass();
  }
  changed = Scanner(texts[current], first_branches(tokens), out, true, dialect).run() || changed;
  next_pass();
  changed = Scanner(texts[current], tokens, out, false, dialect).run() || changed;
  next_pass();
  if (dialect == CDialect::cplusplus) changed = rewrite_modern_cplusplus(texts[current], tokens, out) || changed;
  if (dialect == CDialect::c) changed = rewrite_c_idioms(texts[current], tokens, out) || changed;
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace ax::lang
