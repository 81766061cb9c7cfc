// The tokens of C and C++ code as the rewrite passes of a file that failed to parse read it (macro
// blanking, the C idioms, the C++ rewrites): one tokenizer, so that every pass sees the same tokens.
// The text tokenized is a code view (code_only in macro_blanking.hpp): comments and the contents of
// literals are already blank.
//  - Preprocessor directives (a `#` first on its line, to the end of its last continued line: a `\`
//    before the newline, spaces, tabs or a `\r` between allowed) are no tokens; they are listed apart.
//  - Identifiers; numbers (a digit, then identifier characters, `.` and `'` digit separators: `1'000`,
//    `0x1.8p3`, `1.5f` are one token each; an exponent's sign is a token of its own); literals (a
//    quote to the same quote on its line, or to the end of the line; a raw string literal `R"x(…)x"`,
//    in C as well as C++, to its closing delimiter, over lines); punctuation, one character each but
//    for `::` and `->` (`&&` and `>>` are two tokens: a `>` closes an angle bracket each).
//  - No digraphs (`<:` is `<` and `:`, as in `std::vector<::T>`), no trigraphs; a `\` continuing a
//    line outside a directive is a punctuation token.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ax::lang {

enum class CTokenKind : std::uint8_t { identifier, number, literal, punctuation };

struct CToken {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t line = 0;  // of `begin`, from 0 (a raw string's later lines are its own)
  CTokenKind kind = CTokenKind::punctuation;
  bool after_directive = false;  // a directive stands between it and the token before
  bool in_later_branch = false;  // inside an #else or #elif branch of an enclosing conditional
};

// A preprocessor directive: its lines (continuations and the last newline included), the index of the
// token after it, and its name ("ifdef", viewing the text it was tokenized from).
struct CDirective {
  std::uint32_t begin = 0, end = 0;
  std::size_t token = 0;
  std::string_view name;
  bool in_later_branch = false;  // the directive itself lies in an #else or #elif branch
};

struct CTokens {
  std::vector<CToken> tokens;
  std::vector<CDirective> directives;
};

CTokens tokenize_c(std::string_view code);

// The index of the closing quote of the raw string literal whose opening quote is at `quote`
// (`R"delim(…)delim"`, prefixed R, u8R, uR, UR or LR); 0 when there is none.
std::size_t raw_string_end(std::string_view text, std::size_t quote);

// The tokens outside the #else and #elif branches of conditionals (as ctags does, the first branch is
// read: two branches each opening a function would unbalance the braces), and all directives, whose
// `token` counts these tokens.
CTokens first_branches(const CTokens& all);

// `tokens`, of `code`, made the tokens of `next`: `code` with bytes blanked by a rewrite pass (spaces
// where there were none, newlines kept), as tokenize_c(next) would return them, without tokenizing the
// text again where the blanks leave tokens whole (blanked tokens and directives are dropped, split
// words split). Any other difference (sizes, other bytes) tokenizes `next` again.
void retokenize_blanked(CTokens& tokens, std::string_view code, std::string_view next);

// Whether a newline lies between the tokens `before` and `after` of `code`.
inline bool newline_between(std::string_view code, const CToken& before, const CToken& after) {
  return code.substr(before.end, after.begin - before.end).find('\n') != std::string_view::npos;
}

inline std::string_view token_text(std::string_view code, const CToken& token) {
  return code.substr(token.begin, token.end - token.begin);
}

}  // namespace ax::lang
