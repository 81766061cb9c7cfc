// The one tokenizer of the C-family rewrite passes (c_tokens.hpp), and the choices it made where the
// three tokenizers it replaces differed, seen through the passes that changed.
#include <catch2/catch.hpp>

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "c_idioms.hpp"
#include "c_tokens.hpp"
#include "cpp_rewrites.hpp"
#include "macro_blanking.hpp"

using ax::lang::CTokenKind;
using ax::lang::CTokens;

namespace {

std::vector<std::string> texts_of(std::string_view code, const CTokens& tokens) {
  std::vector<std::string> texts;
  for (const auto& token : tokens.tokens) texts.emplace_back(ax::lang::token_text(code, token));
  return texts;
}

std::vector<std::string> texts_of(std::string_view code) { return texts_of(code, ax::lang::tokenize_c(code)); }

// Whether two tokenizations of `code` are the same in every field.
bool same(const CTokens& a, const CTokens& b) {
  if (a.tokens.size() != b.tokens.size() || a.directives.size() != b.directives.size()) return false;
  for (std::size_t i = 0; i < a.tokens.size(); ++i) {
    const auto &x = a.tokens[i], &y = b.tokens[i];
    if (x.begin != y.begin || x.end != y.end || x.line != y.line || x.kind != y.kind ||
        x.after_directive != y.after_directive || x.in_later_branch != y.in_later_branch)
      return false;
  }
  for (std::size_t i = 0; i < a.directives.size(); ++i) {
    const auto &x = a.directives[i], &y = b.directives[i];
    if (x.begin != y.begin || x.end != y.end || x.token != y.token || x.name != y.name ||
        x.in_later_branch != y.in_later_branch)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("c tokens: kinds, offsets and lines") {
  const std::string_view code = "int x = f(a->b, ::c);\n  s = \"   \" 'x';\n";
  const CTokens tokens = ax::lang::tokenize_c(code);
  CHECK(texts_of(code, tokens) == std::vector<std::string>{"int", "x", "=", "f", "(", "a", "->", "b", ",", "::", "c",
                                                           ")", ";", "s", "=", "\"   \"", "'x'", ";"});
  REQUIRE(tokens.tokens.size() == 18);
  CHECK(tokens.tokens[0].kind == CTokenKind::identifier);
  CHECK(tokens.tokens[2].kind == CTokenKind::punctuation);
  CHECK(tokens.tokens[15].kind == CTokenKind::literal);
  CHECK(tokens.tokens[15].begin == 28);
  CHECK(tokens.tokens[12].line == 0);
  CHECK(tokens.tokens[13].line == 1);
}

TEST_CASE("c tokens: numbers are preprocessing numbers, with digit separators") {
  // The C++ rewrites read `1.5` as three tokens and `1'000` as a number and a literal to the end of
  // the line (as did the C idioms); the macro blanking as one number, which all now read.
  CHECK(texts_of("a = 1'000 + 1.5f + 0x1.8p3 + 1e+5;") ==
        std::vector<std::string>{"a", "=", "1'000", "+", "1.5f", "+", "0x1.8p3", "+", "1e", "+", "5", ";"});
  const CTokens tokens = ax::lang::tokenize_c("1'000 KB");
  REQUIRE(tokens.tokens.size() == 2);
  CHECK(tokens.tokens[0].kind == CTokenKind::number);
}

TEST_CASE("c tokens: && and >> are two tokens, :: and -> one, no digraphs") {
  // The C++ rewrites read `&&` as one token; the others as two, which all now read (the macro blanking
  // tells `& &` from `&&` by the offsets). Digraphs are not read: `<::` opens template arguments.
  CHECK(texts_of("T&& x; a >> b; std::vector<::T> v; p->q;") ==
        std::vector<std::string>{"T",      "&", "&",  "x", ";", "a", ">", ">", "b",  ";", "std", "::",
                                 "vector", "<", "::", "T", ">", "v", ";", "p", "->", "q", ";"});
  CHECK(texts_of("a<:1:> <%%>") == std::vector<std::string>{"a", "<", ":", "1", ":", ">", "<", "%", "%", ">"});
}

TEST_CASE("c tokens: literals, raw strings in C as in C++, unterminated to the end of the line") {
  // The C++ rewrites read quotes as punctuation tokens (`"` `"`), the C idioms raw strings as
  // ordinary ones; a literal is one token for all now, and a raw string one over its lines.
  const std::string_view code = "s = R\"x(  \n  )x\";\nt = u8\"  \";\nc = 'a\nd;\n";
  const CTokens tokens = ax::lang::tokenize_c(code);
  CHECK(texts_of(code, tokens) == std::vector<std::string>{"s", "=", "R", "\"x(  \n  )x\"", ";", "t", "=", "u8",
                                                           "\"  \"", ";", "c", "=", "'a", "d", ";"});
  REQUIRE(tokens.tokens.size() == 15);
  CHECK(tokens.tokens[3].kind == CTokenKind::literal);
  CHECK(tokens.tokens[3].line == 0);
  CHECK(tokens.tokens[5].line == 2);   // the lines after a raw string count its newlines
  CHECK(tokens.tokens[13].line == 4);  // an unterminated literal ends at its line's end
}

TEST_CASE("c tokens: directives, continued with spaces or a carriage return before the newline") {
  // The C++ rewrites ended a directive at a newline after no `\`, so a CRLF file's continued
  // directive ended at its first line; the C idioms and the macro blanking allow `\r`, spaces and
  // tabs after the `\`, which all now do.
  const std::string_view code = "int a;\n#define F(x) \\\r\n  g(x)\r\n# if X \\  \n  && Y\nint b; \\\nint c;";
  const CTokens tokens = ax::lang::tokenize_c(code);
  CHECK(texts_of(code, tokens) == std::vector<std::string>{"int", "a", ";", "int", "b", ";", "\\", "int", "c", ";"});
  REQUIRE(tokens.directives.size() == 2);
  CHECK(tokens.directives[0].name == "define");
  CHECK(tokens.directives[1].name == "if");
  CHECK(tokens.directives[0].token == 3);
  CHECK(tokens.directives[1].end == code.find("int b"));
  CHECK(tokens.tokens[3].after_directive);
  CHECK_FALSE(tokens.tokens[4].after_directive);
  CHECK(tokens.tokens[3].line == 5);
  CHECK(tokens.tokens[7].line == 6);  // a `\` outside a directive continues nothing
  // A `#` after a token is no directive.
  CHECK(texts_of("a # b") == std::vector<std::string>{"a", "#", "b"});
}

TEST_CASE("c tokens: the first branches of conditionals") {
  const std::string_view code = "#ifdef A\nint a;\n#else\nint b;\n#if C\nint c;\n#endif\n#endif\nint d;\n";
  const CTokens all = ax::lang::tokenize_c(code);
  CHECK(texts_of(code, all) ==
        std::vector<std::string>{"int", "a", ";", "int", "b", ";", "int", "c", ";", "int", "d", ";"});
  CHECK(all.tokens[3].in_later_branch);
  CHECK_FALSE(all.tokens[9].in_later_branch);
  REQUIRE(all.directives.size() == 5);
  CHECK(all.directives[3].in_later_branch);  // the inner #if's #endif
  CHECK_FALSE(all.directives[4].in_later_branch);
  const CTokens first = ax::lang::first_branches(all);
  CHECK(texts_of(code, first) == std::vector<std::string>{"int", "a", ";", "int", "d", ";"});
  CHECK(first.directives[1].token == 3);
  CHECK(first.directives[4].token == 3);
}

TEST_CASE("c tokens: retokenizing a blanked text equals tokenizing it") {
  const std::vector<std::string_view> sources{
      "#include <a.h>\n#ifdef X\nFOO_API int f(int a, int b) FOO_NOEXCEPT;\n#else\nint g(void);\n#endif\n"
      "static const char* s = R\"x(\n  )x\"; int n = 1'000 KB;\nclass CAP(\"m\") M : public B {\n"
      "  void h() const&& = delete;  p->q = a::b; # x\n};\n#define F(x) \\\n  g(x)\nBAR # if Y\nu8R\"(  )\" z;\n",
      "extern \"C\" {\nTAILQ_HEAD(, item) items;\nint x = 64 KB; a123b = 0x1.8p3;\n#if A\n}\n#elif B\n#endif\n"
      "  label:\n#pragma once\n  ::: -> ->> 'a' \"unterminated\nXR\"(a)\" R\"(b)\" 1'2'3\n"};
  std::mt19937 random(12);
  for (const std::string_view source : sources) {
    const std::string code = ax::lang::code_only(source);
    for (int round = 0; round < 400; ++round) {
      CTokens tokens = ax::lang::tokenize_c(code);
      std::deque<std::string> texts{code};  // kept in place: the directives' names view them
      // Passes blank runs of bytes: tokens, parts of words, directives, what lies between.
      for (int pass = 0; pass < 3; ++pass) {
        std::string next = texts.back();
        const int blanks = std::uniform_int_distribution<int>(0, 4)(random);
        for (int b = 0; b < blanks; ++b) {
          const std::size_t begin = std::uniform_int_distribution<std::size_t>(0, next.size() - 1)(random);
          const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 12)(random);
          for (std::size_t at = begin; at < begin + size && at < next.size(); ++at)
            if (next[at] != '\n') next[at] = ' ';
        }
        texts.push_back(std::move(next));
        ax::lang::retokenize_blanked(tokens, texts[texts.size() - 2], texts.back());
        const CTokens expected = ax::lang::tokenize_c(texts.back());
        INFO(texts.back());
        REQUIRE(same(tokens, expected));
        const auto last_text = reinterpret_cast<std::uintptr_t>(texts.back().data());
        for (const auto& directive : tokens.directives) {  // the names view the text given last
          const auto name = reinterpret_cast<std::uintptr_t>(directive.name.data());
          REQUIRE((name >= last_text && name <= last_text + texts.back().size()));
        }
      }
    }
  }
}

TEST_CASE("c tokens: the passes that read another tokenization before") {
  using ax::lang::code_only;
  SECTION("C idioms: a unit macro after a number with digit separators") {
    const std::string source = "int size = 1'000 KB;\n";
    std::string out = source;
    CHECK(ax::lang::rewrite_c_idioms(code_only(source), out));
    CHECK(out == "int size = 1'000   ;\n");
  }
  SECTION("C++ rewrites: a CRLF directive's continuation lines are no code") {
    const std::string source =
        "#define HOLDER(T) \\\r\n  template <typename P = const T*> struct holder;\r\nint x;\r\n";
    std::string out = source;
    CHECK_FALSE(ax::lang::rewrite_modern_cplusplus(code_only(source), out));
    CHECK(out == source);
  }
  SECTION("C++ rewrites: `extern \"C\" {` is a namespace scope (a literal token)") {
    const std::string source = "extern \"C\" {\nvoid f(int) = delete;\n}\n";
    std::string out = source;
    CHECK(ax::lang::rewrite_modern_cplusplus(code_only(source), out));
    CHECK(out == "extern \"C\" {\nvoid f(int) {}" + std::string(7, ' ') + "\n}\n");
  }
  SECTION("C++ rewrites: a qualifier macro after an rvalue reference (`&&` is two tokens)") {
    const std::string source = "void f() {\n  Scalar&& EIGEN_RESTRICT x = g();\n}\n";
    std::string out = source;
    CHECK(ax::lang::rewrite_modern_cplusplus(code_only(source), out));
    CHECK(out == "void f() {\n  Scalar&&" + std::string(16, ' ') + "x = g();\n}\n");
  }
}
