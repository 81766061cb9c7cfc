#include "cpp_rewrites.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <vector>

namespace ax::lang {
namespace {

// The tokens of the code view (c_tokens.hpp), read by their text.
class Tokens {
 public:
  Tokens(std::string_view code, const std::vector<CToken>& tokens) : code_(code), pieces_(tokens) {}

  std::size_t size() const { return pieces_.size(); }
  std::string_view text(std::size_t i) const {
    return i < pieces_.size() ? code_.substr(pieces_[i].begin, pieces_[i].end - pieces_[i].begin) : std::string_view();
  }
  const CToken& operator[](std::size_t i) const { return pieces_[i]; }
  bool is(std::size_t i, std::string_view word) const { return text(i) == word; }
  bool is_identifier(std::size_t i) const { return i < pieces_.size() && pieces_[i].kind == CTokenKind::identifier; }
  bool is_literal(std::size_t i) const { return i < pieces_.size() && pieces_[i].kind == CTokenKind::literal; }

  // The index of the token closing the bracket opened at `open` (`(`, `[`, `{`), or size().
  std::size_t closing(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < pieces_.size(); ++i) {
      std::string_view t = text(i);
      if (t == "(" || t == "[" || t == "{") ++depth;
      if ((t == ")" || t == "]" || t == "}") && --depth == 0) return i;
    }
    return pieces_.size();
  }

 private:
  std::string_view code_;
  const std::vector<CToken>& pieces_;
};

// Microsoft's source annotations of parameters: `_In_`, `_Out_opt_`, `_Inout_z_`, `_Out_writes_`.
bool is_sal_annotation(std::string_view word) {
  if (word.size() < 4 || word.front() != '_' || word.back() != '_') return false;
  std::string_view head = word.substr(1);
  if (!head.starts_with("In_") && !head.starts_with("Out_") && !head.starts_with("Inout_")) return false;
  return std::all_of(head.begin(), head.end(), [](char c) {
    return c == '_' || std::islower(static_cast<unsigned char>(c)) != 0 || c == 'I' || c == 'O';
  });
}

// ALL_CAPS names, as macros are written (`CHECK_THROWS_AS`, `LOGCALL`).
bool is_macro_name(std::string_view word) {
  if (word.size() < 2 || std::isdigit(static_cast<unsigned char>(word[0])) != 0) return false;
  bool letter = false;
  for (char c : word) {
    if (std::islower(static_cast<unsigned char>(c)) != 0) return false;
    if (std::isupper(static_cast<unsigned char>(c)) != 0) letter = true;
  }
  return letter;
}

class Rewriter {
 public:
  Rewriter(std::string_view code, const CTokens& tokens, std::string& out)
      : code_(code), tokens_(code, tokens.tokens), out_(out) {}

  // `grpc_chttp2_transport* transport ABSL_GUARDED_BY(&mu_) = nullptr;`: an attribute macro with
  // arguments between a declarator and its initializer is blanked (before the macro blanking, which
  // would take the declarator's name for a macro).
  bool run_before_macro_blanking() {
    for (std::size_t i = 0; i < tokens_.size(); ++i)
      if (is_macro_name(tokens_.text(i)) && tokens_.is(i + 1, "(")) attribute_macro_before_initializer(i);
    return changed_;
  }

  bool run() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_.is(i, "{")) {
        scopes_.open(opens_namespace(i));
      } else if (tokens_.is(i, "}")) {
        scopes_.close();
      } else if (tokens_.is(i, "template")) {
        explicit_class_instantiation(i);
        portable_template_header(i);
        template_type_defaults(i);
      } else if (tokens_.is(i, "decltype")) {
        decltype_base(i);
      } else if (tokens_.is(i, "=")) {
        deleted_function(i);
      } else if (tokens_.is(i, "using") && tokens_.is(i + 1, "typename")) {
        blank(i + 1, i + 2);
      } else if (tokens_.is(i, "class") || tokens_.is(i, "struct")) {
        class_attribute_macro(i);
      } else if (is_macro_name(tokens_.text(i)) && tokens_.is(i + 1, "(")) {
        if (starts_expression(i)) type_arguments(i + 1);
        if (tokens_.is(i + 2, "return")) blank(i + 2, i + 3);  // `GPR_UNREACHABLE_CODE(return x);`
        statement_without_semicolon(i);
        aligned_struct_macro(i);
      } else if (is_macro_name(tokens_.text(i))) {
        local_declaration_macro(i);
        qualifier_macro_after_pointer(i);
      } else if (is_sal_annotation(tokens_.text(i))) {
        sal_annotation(i);
      }
    }
    return changed_;
  }

 private:
  // Blanks tokens [first, last) and what lies between them (newlines kept).
  void blank(std::size_t first, std::size_t last) {
    if (first >= last || last > tokens_.size()) return;
    for (std::size_t b = tokens_[first].begin; b < tokens_[last - 1].end; ++b)
      if (out_[b] != '\n') out_[b] = ' ';
    changed_ = true;
  }
  void write(std::size_t at, char c) {
    out_[at] = c;
    changed_ = true;
  }

  // `extern template struct basic_data<void>;`, `template class std::vector<int>;`: explicit
  // instantiations of classes, which the grammar reads as nothing; without `extern template` they are
  // the declaration of a specialization. (`template` before a class key opens no template header.)
  void explicit_class_instantiation(std::size_t at) {
    std::string_view key = tokens_.text(at + 1);
    if (key != "class" && key != "struct" && key != "union") return;
    // The class's (qualified) name, then its template arguments: with anything else between (an
    // export macro) the grammar reads the declaration.
    std::size_t i = at + 2;
    if (tokens_.is(i, "::")) ++i;
    while (tokens_.is_identifier(i) && tokens_.is(i + 1, "::")) i += 2;
    if (!tokens_.is_identifier(i) || !tokens_.is(i + 1, "<")) return;
    blank(at, at + 1);
    if (at > 0 && tokens_.is(at - 1, "extern")) blank(at - 1, at);
  }

  // `template(typename I, typename S)(requires sentinel_for<S, I>)` (range-v3's CPP_template spelling,
  // macros giving a template header and a requires-clause): `template<typename I, typename S>` and the
  // clause blanked. `template` before `(` is nothing else in C++.
  void portable_template_header(std::size_t at) {
    if (!tokens_.is(at + 1, "(")) return;
    std::size_t close = tokens_.closing(at + 1);
    if (close >= tokens_.size() || !tokens_.is(close + 1, "(") || !tokens_.is(close + 2, "requires")) return;
    std::size_t clause_end = tokens_.closing(close + 1);
    if (clause_end >= tokens_.size()) return;
    write(tokens_[at + 1].begin, '<');
    write(tokens_[close].begin, '>');
    blank(close + 1, clause_end + 1);
  }

  // `template <typename T, typename Ptr = const T*>`: the grammar takes only a type's name as the
  // default of a type parameter; the cv-qualifiers and declarator tokens of the default are blanked.
  void template_type_defaults(std::size_t at) {
    if (!tokens_.is(at + 1, "<")) return;
    int angles = 0, parens = 0;
    bool in_type_default = false;
    for (std::size_t i = at + 1; i < tokens_.size(); ++i) {
      std::string_view t = tokens_.text(i);
      if (t == "(" || t == "[" || t == "{") {
        ++parens;
      } else if (t == ")" || t == "]" || t == "}") {
        if (--parens < 0) return;
      } else if (t == ";") {
        return;
      } else if (parens > 0) {
        continue;
      } else if (t == "<") {
        ++angles;
      } else if (t == ">") {
        if (--angles == 0) return;
      } else if (angles == 1 && t == ",") {
        in_type_default = false;
      } else if (angles == 1 && t == "=") {
        // `typename Name =`, `class =`: a type parameter's default.
        std::size_t before = i - 1;
        if (tokens_.is_identifier(before) && !tokens_.is(before, "typename") && !tokens_.is(before, "class")) --before;
        in_type_default = tokens_.is(before, "typename") || tokens_.is(before, "class");
      } else if (angles == 1 && in_type_default && (t == "const" || t == "volatile" || t == "*" || t == "&")) {
        blank(i, i + 1);
      }
    }
  }

  // `: decltype(expr) {`, `, public decltype(expr)`: a base class the grammar takes only as a name;
  // `decltype(…)` becomes the identifier `decltype_` and spaces.
  void decltype_base(std::size_t at) {
    if (at == 0 || !tokens_.is(at + 1, "(")) return;
    std::string_view before = tokens_.text(at - 1);
    bool after_access = before == "public" || before == "private" || before == "protected" || before == "virtual";
    bool after_colon = before == ":" && at >= 2 && (tokens_.is_identifier(at - 2) || tokens_.is(at - 2, ">"));
    if (!after_access && !after_colon && before != ",") return;
    std::size_t close = tokens_.closing(at + 1);
    if (close >= tokens_.size() || !(tokens_.is(close + 1, "{") || tokens_.is(close + 1, ","))) return;
    if (before == ",") {
      // Only in a base clause: a `:` after a class head before it, at the same nesting.
      std::size_t i = at - 1;
      int depth = 0;
      while (i-- > 0) {
        std::string_view t = tokens_.text(i);
        if (t == ")" || t == ">") ++depth;
        if (t == "(" || t == "<") --depth;
        if (depth < 0 || t == ";" || t == "{" || t == "}") return;
        if (depth == 0 && t == ":") break;
      }
      if (i == 0 || !(tokens_.is_identifier(i - 1) || tokens_.is(i - 1, ">"))) return;
    }
    blank(at, close + 1);
    constexpr std::string_view name = "decltype_";
    std::copy(name.begin(), name.end(), out_.begin() + static_cast<std::ptrdiff_t>(tokens_[at].begin));
  }

  // `void f(int) = delete;`, `operator bool() const&& = delete;`: the grammar has no deleted
  // definitions at namespace scope (but for constructors and destructors) nor of conversion operators;
  // `{}` is a definition it has. (Members and `= default` it parses, and they stay as written.)
  void deleted_function(std::size_t at) {
    if (!tokens_.is(at + 1, "delete") || !tokens_.is(at + 2, ";")) return;
    // Back over qualifiers to the parameter list's `)`.
    std::size_t i = at;
    while (i-- > 0) {
      std::string_view t = tokens_.text(i);
      if (t == "const" || t == "volatile" || t == "&" || t == "override" || t == "final" || t == "noexcept") continue;
      break;
    }
    if (i >= at || !tokens_.is(i, ")")) return;
    if (scopes_.non_namespace_braces > 0 ? !closes_conversion_operator_parameters(i)
                                         : declares_constructor_or_destructor(i))
      return;
    blank(at, at + 3);
    out_[tokens_[at].begin] = '{';
    out_[tokens_[at].begin + 1] = '}';
  }
  // The `(` opening the group the `)` at `close` closes; `close` when there is none.
  std::size_t opening(std::size_t close) const {
    std::size_t open = close;
    for (int depth = 0; open-- > 0;) {
      if (tokens_.is(open, ")")) ++depth;
      if (tokens_.is(open, "(") && depth-- == 0) return open;
    }
    return close;
  }
  // Whether the parameters closing at `close` are those of an out-of-line constructor or destructor,
  // `Foo::~Foo() = default;`, which the grammar parses: a qualified name with no type before it.
  bool declares_constructor_or_destructor(std::size_t close) const {
    std::size_t name = opening(close);
    if (name == close || name == 0 || !tokens_.is_identifier(name - 1)) return false;
    --name;
    if (name > 0 && tokens_.is(name - 1, "~")) --name;
    if (name < 2 || !tokens_.is(name - 1, "::")) return false;
    while (name >= 2 && tokens_.is(name - 1, "::") && tokens_.is_identifier(name - 2)) name -= 2;
    return name == 0 || tokens_.is(name - 1, ";") || tokens_.is(name - 1, "{") || tokens_.is(name - 1, "}");
  }
  // Whether the `)` at `close` ends the parameters of a conversion operator, `operator const T&()`.
  bool closes_conversion_operator_parameters(std::size_t close) const {
    std::size_t open = opening(close);
    if (open == close) return false;
    for (std::size_t i = open, steps = 0; i-- > 0 && steps < 8; ++steps) {
      std::string_view t = tokens_.text(i);
      if (t == "operator") return tokens_.is_identifier(i + 1);
      if (!tokens_.is_identifier(i) && t != "::" && t != "*" && t != "&" && t != "<" && t != ">") return false;
    }
    return false;
  }

  // `class CAPABILITY("mutex") Mutex {`: an attribute macro with arguments before the class name.
  void class_attribute_macro(std::size_t at) {
    if (!is_macro_name(tokens_.text(at + 1)) || !tokens_.is(at + 2, "(")) return;
    std::size_t close = tokens_.closing(at + 2);
    if (close >= tokens_.size() || !tokens_.is_identifier(close + 1)) return;
    std::string_view after = tokens_.text(close + 2);
    if (after != "{" && after != ":" && after != "final" && after != "<" && !is_macro_name(after)) return;
    blank(at + 1, close + 1);
  }

  // `_In_ size_t count`, `_Out_writes_(n) char* data`: source annotations (macros the Windows headers
  // define, empty elsewhere) before a parameter's type are blanked, with their arguments.
  void sal_annotation(std::size_t at) {
    std::size_t end = at + 1;
    if (tokens_.is(end, "(")) end = tokens_.closing(end) + 1;
    if (end >= tokens_.size() || !(tokens_.is_identifier(end) || tokens_.is(end, "::"))) return;
    blank(at, end);
  }

  // `FLATBUFFERS_MANUALLY_ALIGNED_STRUCT(8) Vec3 {` (flatbuffers' generated headers): a macro naming a
  // struct (or class) with an alignment, before the name and body, becomes the class key.
  void aligned_struct_macro(std::size_t at) {
    std::string_view name = tokens_.text(at);
    std::string_view key = name.ends_with("STRUCT") ? "struct" : name.ends_with("CLASS") ? "class" : "";
    if (key.empty() || (at > 0 && !tokens_.is(at - 1, ";") && !tokens_.is(at - 1, "{") && !tokens_.is(at - 1, "}")))
      return;
    std::size_t close = tokens_.closing(at + 1);
    if (close + 2 >= tokens_.size() || !tokens_.is_identifier(close + 1)) return;
    std::string_view after = tokens_.text(close + 2);
    if (after != "{" && after != ":" && after != "final") return;
    blank(at, close + 1);
    std::copy(key.begin(), key.end(), out_.begin() + static_cast<std::ptrdiff_t>(tokens_[at].begin));
  }

  // `CAPTURE(i)` / `g();`: a macro statement of a test framework with no `;` (its expansion has one),
  // which makes the statement after it an error: the invocation alone on its line between statements,
  // followed by a statement's first word, is blanked.
  void statement_without_semicolon(std::size_t at) {
    // After a statement, or after such an invocation (`EIGEN_STATIC_ASSERT_VECTOR_ONLY(A)` lines).
    if (at > 0 && !tokens_.is(at - 1, ";") && !tokens_.is(at - 1, "{") && !tokens_.is(at - 1, "}") &&
        at - 1 != last_statement_macro_end_)
      return;
    std::size_t close = tokens_.closing(at + 1);
    if (close + 1 >= tokens_.size() || !(tokens_.is_identifier(close + 1) || tokens_.is(close + 1, "}"))) return;
    if (!on_later_line(close, close + 1) || (at > 0 && !on_later_line(at - 1, at))) return;
    blank(at, close + 1);
    last_statement_macro_end_ = close;
  }
  bool on_later_line(std::size_t before, std::size_t after) const {
    std::string_view between = code_.substr(tokens_[before].end, tokens_[after].begin - tokens_[before].end);
    return between.find('\n') != std::string_view::npos;
  }

  void attribute_macro_before_initializer(std::size_t at) {
    if (at == 0 || !tokens_.is_identifier(at - 1) || is_keyword_before_expression(tokens_.text(at - 1))) return;
    std::size_t close = tokens_.closing(at + 1);
    if (close + 2 >= tokens_.size() || !tokens_.is(close + 1, "=") || tokens_.is(close + 2, "=")) return;
    blank(at, close + 1);
  }
  static bool is_keyword_before_expression(std::string_view word) {
    return word == "return" || word == "case" || word == "else" || word == "do" || word == "throw" ||
           word == "co_return" || word == "co_yield" || word == "co_await" || word == "new" || word == "delete" ||
           word == "sizeof" || word == "operator";
  }

  // `EIGEN_ALIGN_MAX Scalar data[16];`, `EIGEN_CONSTEXPR Index n = 128;`: a macro before a local
  // declaration (a type name, then the variable's, then `[`, `=` or `;`) is blanked. At namespace and
  // class scope the macro blanking (macro_blanking.hpp) reads them.
  void local_declaration_macro(std::size_t at) {
    if (scopes_.non_namespace_braces == 0 || at == 0) return;
    if (!tokens_.is(at - 1, ";") && !tokens_.is(at - 1, "{") && !tokens_.is(at - 1, "}")) return;
    std::size_t i = at + 1;
    if (tokens_.is(i, "::")) return;  // `RE2::ErrorCode code;`: a scope, no macro
    while (tokens_.is_identifier(i) && tokens_.is(i + 1, "::")) i += 2;
    if (!tokens_.is_identifier(i) || is_macro_name(tokens_.text(i))) return;
    if (tokens_.is(i + 1, "<")) {  // template arguments, without parentheses or `>>` inside
      std::size_t close = i + 2;
      for (int angles = 1; close < tokens_.size() && angles > 0; ++close) {
        std::string_view t = tokens_.text(close);
        if (t == "<") ++angles;
        if (t == ">") --angles;
        if (t == ";" || t == "(" || t == "{") return;
      }
      i = close - 1;
    }
    if (!tokens_.is_identifier(i + 1)) return;
    std::string_view after = tokens_.text(i + 2);
    if (after != "[" && after != "=" && after != ";") return;
    blank(at, at + 1);
  }

  // `const Scalar* EIGEN_RESTRICT lhs = …`: a qualifier macro between a pointer or reference and the
  // declared name is blanked.
  void qualifier_macro_after_pointer(std::size_t at) {
    if (at == 0 || !(tokens_.is(at - 1, "*") || tokens_.is(at - 1, "&"))) return;
    if (!tokens_.is_identifier(at + 1) || is_macro_name(tokens_.text(at + 1))) return;
    std::string_view after = tokens_.text(at + 2);
    if (after != "=" && after != ";" && after != "," && after != ")" && after != "[") return;
    blank(at, at + 1);
  }

  // Types as macro arguments, `CHECK_THROWS_AS(f(), std::bad_alloc&)`, `LOGCALL(DB, TermList *, "x")`:
  // an expression ends in no `*` or `&`, so a trailing one is blanked, with a leading `typename` or
  // `const`; what is left is a (qualified) name, an expression.
  // Whether the token at `at` starts a statement or an expression (not a declarator after a type:
  // `int MAX(int&, int&);` declares a function).
  bool starts_expression(std::size_t at) const {
    if (at == 0) return true;
    std::string_view t = tokens_.text(at - 1);
    return t == ";" || t == "{" || t == "}" || t == "(" || t == "," || t == "=" || t == "return" || t == ":";
  }
  void type_arguments(std::size_t open) {
    std::size_t close = tokens_.closing(open);
    if (close >= tokens_.size()) return;
    std::size_t first = open + 1;
    int depth = 0;
    for (std::size_t i = open + 1; i <= close; ++i) {
      std::string_view t = tokens_.text(i);
      if (i < close && (t == "(" || t == "[" || t == "{")) ++depth;
      if (i < close && (t == ")" || t == "]" || t == "}")) --depth;
      if (depth > 0 || (i < close && t != ",")) continue;
      argument_type(first, i);
      first = i + 1;
    }
  }
  void argument_type(std::size_t first, std::size_t end) {
    std::size_t last = end;
    while (last > first && (tokens_.is(last - 1, "*") || tokens_.is(last - 1, "&"))) --last;
    if (last == end || last == first) return;
    if (!tokens_.is_identifier(last - 1) && !tokens_.is(last - 1, ">")) return;
    blank(last, end);
    if (tokens_.is(first, "typename") || tokens_.is(first, "const")) blank(first, first + 1);
    if (tokens_.is(last - 1, "const")) blank(last - 1, last);  // `char const *`
  }

  // The braces enclosing the scan: namespaces and `extern "C"` blocks, and any other.
  struct Scopes {
    std::vector<bool> namespace_braces;
    int non_namespace_braces = 0;
    void open(bool is_namespace) {
      namespace_braces.push_back(is_namespace);
      if (!is_namespace) ++non_namespace_braces;
    }
    void close() {
      if (namespace_braces.empty()) return;
      if (!namespace_braces.back()) --non_namespace_braces;
      namespace_braces.pop_back();
    }
  };
  // Whether the `{` at `at` opens a namespace (`namespace a::b {`, `inline namespace v1 {`) or an
  // `extern "C" {` block.
  bool opens_namespace(std::size_t at) const {
    if (at >= 2 && tokens_.is_literal(at - 1) && tokens_.is(at - 2, "extern")) return true;
    std::size_t i = at;
    while (i-- > 0 && (tokens_.is_identifier(i) || tokens_.is(i, "::")))
      if (tokens_.is(i, "namespace")) return true;
    return false;
  }

  std::string_view code_;
  Scopes scopes_;
  std::size_t last_statement_macro_end_ = static_cast<std::size_t>(-1);
  Tokens tokens_;
  std::string& out_;
  bool changed_ = false;
};

}  // namespace

bool rewrite_modern_cplusplus(std::string_view code, const CTokens& tokens, std::string& out) {
  return Rewriter(code, tokens, out).run();
}
bool rewrite_modern_cplusplus(std::string_view code, std::string& out) {
  return rewrite_modern_cplusplus(code, tokenize_c(code), out);
}

bool rewrite_modern_cplusplus_before_macro_blanking(std::string_view code, const CTokens& tokens, std::string& out) {
  return Rewriter(code, tokens, out).run_before_macro_blanking();
}
bool rewrite_modern_cplusplus_before_macro_blanking(std::string_view code, std::string& out) {
  return rewrite_modern_cplusplus_before_macro_blanking(code, tokenize_c(code), out);
}

}  // namespace ax::lang
