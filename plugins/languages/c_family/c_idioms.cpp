#include "c_idioms.hpp"
#include "source_chars.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>
#include <vector>

namespace ax::lang {
namespace {

using Kind = CTokenKind;

// A token of the code view (c_tokens.hpp) with the depth of the braces around it.
struct Token : CToken {
  int brace_depth = 0;
};

void blank(std::string& out, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i)
    if (out[i] != '\n' && out[i] != '\r') out[i] = ' ';
}

// GNU named variadic parameters (`#define debug(args...)`) in one directive: the name is blanked,
// leaving the standard `...`.
bool blank_named_variadic_parameter(std::string_view code, std::size_t begin, std::size_t end, std::string& out) {
  std::size_t i = begin + 1;
  while (i < end && (code[i] == ' ' || code[i] == '\t')) ++i;
  if (code.substr(i, 6) != "define") return false;
  i += 6;
  while (i < end && (code[i] == ' ' || code[i] == '\t')) ++i;
  while (i < end && is_identifier_char(code[i])) ++i;
  if (i >= end || code[i] != '(') return false;
  const std::size_t close = code.find(')', i);
  if (close == std::string_view::npos || close > end) return false;
  const std::size_t dots = code.find("...", i);
  if (dots == std::string_view::npos || dots > close) return false;
  std::size_t name = dots;
  while (name > i && is_identifier_char(code[name - 1])) --name;
  if (name == dots) return false;
  blank(out, name, dots);
  return true;
}

std::vector<Token> with_brace_depths(const std::vector<CToken>& tokens, std::string_view code) {
  std::vector<Token> result;
  result.reserve(tokens.size());
  int depth = 0;
  for (const CToken& token : tokens) {
    const bool punctuation = token.kind == Kind::punctuation && token.end - token.begin == 1;
    if (punctuation && code[token.begin] == '}') --depth;
    result.push_back({token, depth});
    if (punctuation && code[token.begin] == '{') ++depth;
  }
  return result;
}

constexpr std::array<std::string_view, 14> kSpecifiers{
    "static",   "extern",    "inline",        "__inline",      "__inline__", "const",         "volatile",
    "register", "_Noreturn", "__extension__", "_Thread_local", "__thread",   "__attribute__", "restrict"};
constexpr std::array<std::string_view, 12> kPrimitives{"void",   "char",   "short",    "int",   "long",     "float",
                                                       "double", "signed", "unsigned", "_Bool", "_Complex", "bool"};
constexpr std::array<std::string_view, 3> kTags{"struct", "union", "enum"};
constexpr std::array<std::string_view, 16> kStatementWords{"if",       "else",    "while",  "for",    "do",   "switch",
                                                           "case",     "default", "return", "sizeof", "goto", "break",
                                                           "continue", "typedef", "asm",    "__asm__"};

// Whether token `i` is the one-character punctuation `c` (not the first of `::` or `->`).
bool is_punctuation(std::string_view code, const std::vector<Token>& tokens, std::size_t i, char c) {
  return i < tokens.size() && tokens[i].kind == Kind::punctuation && tokens[i].end - tokens[i].begin == 1 &&
         code[tokens[i].begin] == c;
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

class Rewriter {
 public:
  Rewriter(std::string_view code, std::vector<Token> tokens, std::string& out)
      : code_(code), tokens_(std::move(tokens)), out_(out) {}

  bool run() {
    bool changed = false;
    std::vector<bool> call_parens;  // per open parenthesis: does it hold a call's arguments?
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (statement_start(i)) {
        if (tokens_[i].brace_depth == 0) changed = blank_specifier_macros(i) || changed;
        changed = blank_type_macro_arguments(i) || changed;
        if (tokens_[i].brace_depth > 0) changed = rename_loop_macro(i) || changed;
        if (tokens_[i].brace_depth > 0) changed = label_without_statement(i) || changed;
      }
      changed = blank_unit_after_number(i) || changed;
      if (is('(', i)) call_parens.push_back(i > 0 && is_plain_word(i - 1));
      if (is(')', i) && !call_parens.empty()) call_parens.pop_back();
      const bool in_call = !call_parens.empty() && call_parens.back() && tokens_[i].brace_depth > 0;
      changed = blank_cast_macro(i, in_call) || changed;
      if (!call_parens.empty()) changed = blank_macro_after_parameter(i) || changed;
      if (in_call) changed = blank_type_argument_stars(i) || changed;
    }
    return changed;
  }

 private:
  std::string_view text(std::size_t i) const {
    return code_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool is(char punctuation, std::size_t i) const { return is_punctuation(code_, tokens_, i, punctuation); }
  bool is_word(std::size_t i) const { return i < tokens_.size() && tokens_[i].kind == Kind::identifier; }
  // An identifier that is no keyword of C.
  bool is_plain_word(std::size_t i) const {
    if (!is_word(i)) return false;
    const std::string_view word = text(i);
    return !one_of(kSpecifiers, word) && !one_of(kPrimitives, word) && !one_of(kTags, word) &&
           !one_of(kStatementWords, word);
  }
  bool is_macro_case(std::size_t i) const {
    if (!is_word(i)) return false;
    const std::string_view word = text(i);
    bool letter = false;
    for (char c : word) {
      if (std::islower(static_cast<unsigned char>(c)) != 0) return false;
      letter = letter || std::isupper(static_cast<unsigned char>(c)) != 0;
    }
    return letter && word.size() >= 2;
  }
  bool same_line(std::size_t a, std::size_t b) const {
    return code_.substr(tokens_[a].end, tokens_[b].begin - tokens_[a].end).find('\n') == std::string_view::npos;
  }
  bool statement_start(std::size_t i) const {
    return i == 0 || tokens_[i].after_directive || is(';', i - 1) || is('{', i - 1) || is('}', i - 1);
  }
  // The index of the `)` closing the `(` at `open`, or the token count.
  std::size_t closing(std::size_t open) const {
    int depth = 0;
    for (std::size_t i = open; i < tokens_.size(); ++i) {
      if (is('(', i)) ++depth;
      if (is(')', i) && --depth == 0) return i;
      if (is(';', i) || is('{', i) || is('}', i)) break;
    }
    return tokens_.size();
  }
  void blank_tokens(std::size_t first, std::size_t last) { blank(out_, tokens_[first].begin, tokens_[last].end); }

  // `static ngx_inline ngx_int_t f(`, `void ngx_cdecl f(`, `static void printflike(1, 2) f(`: C allows
  // one type name among a function's specifiers (none beside a built-in or tagged type), so the other
  // words are macros; the one nearest the name is kept as the type.
  bool blank_specifier_macros(std::size_t start) {
    std::vector<std::size_t> words;
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    bool builtin_type = false;
    std::size_t i = start;
    while (i < tokens_.size()) {
      if (is('*', i)) {
        ++i;
        continue;
      }
      if (!is_word(i)) return false;
      const std::string_view word = text(i);
      if (one_of(kStatementWords, word) || word == "__attribute__") return false;
      if (one_of(kSpecifiers, word)) {
        ++i;
        continue;
      }
      if (one_of(kPrimitives, word)) {
        builtin_type = true;
        ++i;
        continue;
      }
      if (one_of(kTags, word)) {
        if (!is_word(i + 1)) return false;
        builtin_type = true;
        i += 2;
        continue;
      }
      if (is('(', i + 1)) {
        const std::size_t close = closing(i + 1);
        if (close >= tokens_.size()) return false;
        // A declarator's own suffix (`f(int) __asm("g")`, `__attribute__`) is no specifier.
        const bool specifier_follows =
            is('*', close + 1) ||
            (is_word(close + 1) && !text(close + 1).starts_with("__") && !one_of(kStatementWords, text(close + 1)));
        if (i > start && specifier_follows) {
          calls.emplace_back(i, close);  // a macro with arguments among the specifiers
          i = close + 1;
          continue;
        }
        break;  // the function's name
      }
      words.push_back(i);
      ++i;
    }
    if (i >= tokens_.size() || i == start) return false;
    // The type kept: the last word not in macro case (`XMLPUBFUN xmlChar * XMLCALL f(`), else the last.
    std::optional<std::size_t> type;
    if (!builtin_type && !words.empty()) {
      type = words.back();
      for (std::size_t word : words)
        if (!is_macro_case(word)) type = word;
    }
    if (words.size() <= (type ? 1U : 0U) && calls.empty()) return false;
    if (!builtin_type && !type) return false;  // no type left once the calls are blanked
    for (std::size_t word : words)
      if (word != type) blank_tokens(word, word);
    for (const auto& [first, last] : calls) blank_tokens(first, last);
    return true;
  }

  // `TAILQ_HEAD(, item) items;`, `static RB_HEAD(tree, node) nodes = RB_INITIALIZER(&nodes);`: a
  // macro producing a type; its argument list is blanked, the name is kept as the type.
  bool blank_type_macro_arguments(std::size_t start) {
    std::size_t i = start;
    while (is_word(i) && one_of(kSpecifiers, text(i))) ++i;
    if (!is_plain_word(i) || !is_macro_case(i) || !is('(', i + 1)) return false;
    const std::size_t close = closing(i + 1);
    std::size_t next = close + 1;
    while (is('*', next)) ++next;
    if (close >= tokens_.size() || !is_plain_word(next)) return false;
    // One argument (`RB_ENTRY(node) entry;`) the grammar reads as a macro type specifier already.
    bool several_arguments = false;
    for (std::size_t k = i + 2, depth = 0; k < close; ++k) {
      if (is('(', k)) ++depth;
      if (is(')', k)) --depth;
      several_arguments = several_arguments || (depth == 0 && is(',', k));
    }
    if (!several_arguments) return false;
    if (!(is(';', next + 1) || is('=', next + 1) || is(',', next + 1) || is('[', next + 1))) return false;
    blank_tokens(i + 1, close);
    return true;
  }

  // `TAILQ_FOREACH(x, &head, entry) {` and `jv_array_foreach(a, i, x)` before a statement: a call
  // cannot precede a block or a statement, so the macro is a loop header; its name becomes `while`.
  bool rename_loop_macro(std::size_t start) {
    if (!is_plain_word(start) || !is('(', start + 1)) return false;
    const std::size_t close = closing(start + 1);
    if (close + 1 >= tokens_.size()) return false;
    std::string lowered(text(start));
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    const bool block = is('{', close + 1);
    const bool statement =
        lowered.find("foreach") != std::string::npos && is_word(close + 1) && !same_line(close, close + 1);
    if (!block && !statement) return false;
    const std::size_t size = tokens_[start].end - tokens_[start].begin;
    const std::string_view keyword = size >= 5 ? "while" : "if";
    if (size < keyword.size()) return false;
    blank_tokens(start, start);
    std::copy(keyword.begin(), keyword.end(), out_.begin() + static_cast<std::ptrdiff_t>(tokens_[start].begin));
    return true;
  }

  // `out:` before a directive or the block's `}`: the grammar wants a statement after a label; the
  // colon becomes `;`, an expression statement of the same length.
  bool label_without_statement(std::size_t i) {
    if (!is_plain_word(i) || !is(':', i + 1) || i + 2 >= tokens_.size()) return false;
    if (!tokens_[i + 2].after_directive && !is('}', i + 2)) return false;
    out_[tokens_[i + 1].begin] = ';';
    return true;
  }

  // `64 KB`: a unit macro after a number.
  bool blank_unit_after_number(std::size_t i) {
    if (tokens_[i].kind != Kind::number || !is_macro_case(i + 1) || !same_line(i, i + 1) || is('(', i + 2))
      return false;
    blank_tokens(i + 1, i + 1);
    return true;
  }

  // `f(BAD_CAST name)`, `x = BAD_CAST "s"`: an upper-case macro before an operand in an expression.
  bool blank_cast_macro(std::size_t i, bool in_call) {
    if (!is_macro_case(i) || i == 0) return false;
    const bool operand_follows =
        is_plain_word(i + 1) || (i + 1 < tokens_.size() && tokens_[i + 1].kind == Kind::literal);
    if (!operand_follows) return false;
    const bool expression_before = ((is('(', i - 1) || is(',', i - 1)) && in_call) || is('=', i - 1) ||
                                   (is_word(i - 1) && text(i - 1) == "return");
    if (!expression_before) return false;
    blank_tokens(i, i);
    return true;
  }

  // `int main(int argc ATTRIBUTE_UNUSED, char *argv[] G_GNUC_UNUSED)`: an upper-case attribute macro
  // after a parameter's name (a name or `]`, then the macro, then `,` or `)`).
  bool blank_macro_after_parameter(std::size_t i) {
    if (i == 0 || !is_macro_case(i) || !(is_plain_word(i - 1) || is(']', i - 1))) return false;
    if (!(is(',', i + 1) || is(')', i + 1))) return false;
    blank_tokens(i, i);
    return true;
  }

  // `va_arg(ap, curl_off_t *)`, `cast(Node *, p)`: a type as a macro's argument; its stars are blanked
  // so that the argument reads as a name.
  bool blank_type_argument_stars(std::size_t i) {
    if (!(is('(', i) || is(',', i))) return false;
    std::size_t name = i + 1;
    if (is_word(name) && (text(name) == "const" || one_of(kTags, text(name)))) ++name;
    if (!is_plain_word(name) || !is('*', name + 1)) return false;
    std::size_t end = name + 1;
    while (is('*', end)) ++end;
    if (!(is(',', end) || is(')', end))) return false;
    if (name > i + 1) blank_tokens(i + 1, i + 1);
    blank_tokens(name + 1, end - 1);
    return true;
  }

  std::string_view code_;
  std::vector<Token> tokens_;
  std::string& out_;
};

// Conditionals inside a function that split one construct: in the middle of an expression
// (`a\n#ifdef X\n && b\n#endif`) or around a branch of an if-else chain (`#ifdef X\n} else if (c) {`).
// The grammar reads directives only between statements, so the first branch is kept with its
// directives blanked, and the later branches (`#else`, `#elif`) are blanked whole.
bool inline_split_conditionals(std::string_view code, const std::vector<Token>& tokens,
                               const std::vector<CDirective>& directives, std::string& out) {
  bool changed = false;
  std::vector<std::size_t> open;         // indexes of the unclosed #if directives
  std::vector<std::size_t> first_later;  // per open #if, its first #else or #elif, or npos
  for (std::size_t d = 0; d < directives.size(); ++d) {
    const std::string_view name = directives[d].name;
    if (name == "if" || name == "ifdef" || name == "ifndef") {
      open.push_back(d);
      first_later.push_back(std::string_view::npos);
      continue;
    }
    if (open.empty()) continue;
    if (name == "else" || name == "elif") {
      if (first_later.back() == std::string_view::npos) first_later.back() = d;
      continue;
    }
    if (name != "endif") continue;
    const CDirective& opening = directives[open.back()];
    const std::size_t later = first_later.back();
    open.pop_back();
    first_later.pop_back();
    const std::size_t first = opening.token;
    if (first == 0 || first >= tokens.size() || tokens[first].brace_depth < 1) continue;
    const std::size_t before = first - 1;
    const bool splits_expression =
        tokens[before].brace_depth >= 1 &&
        !(is_punctuation(code, tokens, before, ';') || is_punctuation(code, tokens, before, '{') ||
          is_punctuation(code, tokens, before, '}') || is_punctuation(code, tokens, before, ':') ||
          is_punctuation(code, tokens, before, ')') || tokens[before].kind == Kind::identifier);
    const bool continues_expression =
        tokens[first].kind == Kind::punctuation &&
        std::string_view("&|?,)+.=<>").find(code[tokens[first].begin]) != std::string_view::npos;
    auto word_at = [&](std::size_t i, std::string_view word) {
      return i < tokens.size() && tokens[i].kind == Kind::identifier &&
             code.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) == word;
    };
    // `} else if (c) {`, `else` or a statement after `else` or `do`: one if-else chain or loop.
    const bool opens_else_branch = (is_punctuation(code, tokens, first, '}') && word_at(first + 1, "else")) ||
                                   word_at(first, "else") || word_at(before, "else") || word_at(before, "do");
    if (!splits_expression && !continues_expression && !opens_else_branch) continue;
    blank(out, opening.begin, opening.end);
    if (later == std::string_view::npos)
      blank(out, directives[d].begin, directives[d].end);
    else
      blank(out, directives[later].begin, directives[d].end);
    changed = true;
  }
  return changed;
}

}  // namespace

bool rewrite_c_idioms(std::string_view code, const CTokens& tokens, std::string& out) {
  bool changed = false;
  for (const CDirective& directive : tokens.directives)
    changed = blank_named_variadic_parameter(code, directive.begin, directive.end, out) || changed;
  std::vector<Token> with_depths = with_brace_depths(tokens.tokens, code);
  changed = inline_split_conditionals(code, with_depths, tokens.directives, out) || changed;
  return Rewriter(code, std::move(with_depths), out).run() || changed;
}

bool rewrite_c_idioms(std::string_view code, std::string& out) { return rewrite_c_idioms(code, tokenize_c(code), out); }

}  // namespace ax::lang
