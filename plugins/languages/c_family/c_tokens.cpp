#include "c_tokens.hpp"

#include "source_chars.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <ax/sdk/text.hpp>

namespace ax::lang {

std::size_t raw_string_end(std::string_view text, std::size_t quote) {
  if (quote == 0 || text[quote - 1] != 'R') return 0;
  std::size_t word = quote - 1;
  while (word > 0 && is_identifier_char(text[word - 1])) --word;
  const std::string_view prefix = text.substr(word, quote - word);
  if (prefix != "R" && prefix != "u8R" && prefix != "uR" && prefix != "UR" && prefix != "LR") return 0;
  const std::size_t open = text.find('(', quote + 1);
  if (open == std::string_view::npos || open - quote - 1 > 16) return 0;
  const std::string_view delimiter = text.substr(quote + 1, open - quote - 1);
  if (delimiter.find_first_of(" \\)\t\n\"") != std::string_view::npos) return 0;
  // Appended piece by piece: GCC 12 reports a false -Wrestrict for `")" + std::string(…)`.
  std::string closing(1, ')');
  closing.append(delimiter).push_back('"');
  const std::size_t end = text.find(closing, open + 1);
  return end == std::string_view::npos ? 0 : end + closing.size() - 1;
}

namespace {

// The end of the token starting at `at` (no space, no directive) and its kind.
std::size_t token_end(std::string_view code, std::size_t at, CTokenKind& kind) {
  const char c = code[at];
  std::size_t i = at;
  if (is_identifier_start(c)) {
    while (i < code.size() && is_identifier_char(code[i])) ++i;
    kind = CTokenKind::identifier;
  } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
    while (i < code.size() && (is_identifier_char(code[i]) || code[i] == '.' || code[i] == '\'')) ++i;
    kind = CTokenKind::number;
  } else if (const std::size_t raw_close = c == '"' ? raw_string_end(code, at) : 0; raw_close != 0) {
    i = raw_close + 1;
    kind = CTokenKind::literal;
  } else if (c == '"' || c == '\'') {
    const std::size_t close = code.find(c, at + 1);
    const std::size_t eol = code.find('\n', at + 1);
    i = (close == std::string_view::npos || close > eol) ? std::min(eol, code.size()) : close + 1;
    kind = CTokenKind::literal;
  } else if ((c == ':' || c == '-') && at + 1 < code.size() && code[at + 1] == (c == ':' ? ':' : '>')) {
    i = at + 2;
    kind = CTokenKind::punctuation;
  } else {
    i = at + 1;
    kind = CTokenKind::punctuation;
  }
  return i;
}

// The end of the directive starting at `at` (after the newline of its last line, or the text's end),
// counting the newlines passed in `line`.
std::size_t directive_end(std::string_view code, std::size_t at, std::uint32_t& line) {
  std::size_t i = at;
  while (i < code.size()) {
    const std::size_t eol = code.find('\n', i);
    if (eol == std::string_view::npos) return code.size();
    std::size_t last = eol;
    while (last > i && (code[last - 1] == '\r' || code[last - 1] == ' ' || code[last - 1] == '\t')) --last;
    const bool continued = last > i && code[last - 1] == '\\';
    i = eol + 1;
    ++line;
    if (!continued) break;
  }
  return i;
}

std::string_view directive_name(std::string_view code, std::size_t hash) {
  std::size_t name = hash + 1;
  while (name < code.size() && (code[name] == ' ' || code[name] == '\t')) ++name;
  std::size_t name_end = name;
  while (name_end < code.size() && is_identifier_char(code[name_end])) ++name_end;
  return code.substr(name, name_end - name);
}

// Sets the tokens' `after_directive` and `in_later_branch`, and the directives' `token` and
// `in_later_branch`, from their order in the text.
void link_directives(CTokens& tokens) {
  std::vector<bool> later_branch;  // per open conditional
  auto in_later_branch = [&](std::size_t enclosing) {
    return std::any_of(later_branch.begin(), later_branch.begin() + static_cast<std::ptrdiff_t>(enclosing),
                       [](bool later) { return later; });
  };
  std::size_t t = 0;
  bool after_directive = false;
  auto tokens_before = [&](std::uint32_t offset) {
    const bool later = in_later_branch(later_branch.size());
    for (; t < tokens.tokens.size() && tokens.tokens[t].begin < offset; ++t) {
      tokens.tokens[t].after_directive = after_directive;
      tokens.tokens[t].in_later_branch = later;
      after_directive = false;
    }
  };
  for (CDirective& directive : tokens.directives) {
    tokens_before(directive.begin);
    directive.token = t;
    const std::string_view name = directive.name;
    if (name == "if" || name == "ifdef" || name == "ifndef") {
      directive.in_later_branch = in_later_branch(later_branch.size());
      later_branch.push_back(false);
    } else if (!later_branch.empty() && (name == "else" || name.starts_with("elif"))) {
      directive.in_later_branch = in_later_branch(later_branch.size() - 1);
      later_branch.back() = true;
    } else if (!later_branch.empty() && name == "endif") {
      directive.in_later_branch = in_later_branch(later_branch.size() - 1);
      later_branch.pop_back();
    } else {
      directive.in_later_branch = in_later_branch(later_branch.size());
    }
    after_directive = true;
  }
  tokens_before(static_cast<std::uint32_t>(-1));
}

}  // namespace

CTokens tokenize_c(std::string_view code) {
  CTokens result;
  std::uint32_t line = 0;
  bool line_start = true;
  std::size_t i = 0;
  while (i < code.size()) {
    const char c = code[i];
    if (c == '\n') {
      ++line;
      line_start = true;
      ++i;
      continue;
    }
    if (sdk::is_space(c)) {
      ++i;
      continue;
    }
    if (c == '#' && line_start) {
      CDirective directive;
      directive.begin = static_cast<std::uint32_t>(i);
      directive.name = directive_name(code, i);
      i = directive_end(code, i, line);
      directive.end = static_cast<std::uint32_t>(i);
      result.directives.push_back(directive);
      continue;
    }
    line_start = false;
    CTokenKind kind = CTokenKind::punctuation;
    const std::size_t end = token_end(code, i, kind);
    result.tokens.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end), line, kind});
    if (kind == CTokenKind::literal)  // a raw string's lines
      line += static_cast<std::uint32_t>(std::count(code.begin() + static_cast<std::ptrdiff_t>(i),
                                                    code.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    i = end;
  }
  link_directives(result);
  return result;
}

CTokens first_branches(const CTokens& all) {
  CTokens result;
  result.directives = all.directives;
  result.tokens.reserve(all.tokens.size());
  std::size_t d = 0;
  for (std::size_t t = 0; t <= all.tokens.size(); ++t) {
    for (; d < result.directives.size() && result.directives[d].token == t; ++d)
      result.directives[d].token = result.tokens.size();
    if (t < all.tokens.size() && !all.tokens[t].in_later_branch) result.tokens.push_back(all.tokens[t]);
  }
  return result;
}

void retokenize_blanked(CTokens& tokens, std::string_view code, std::string_view next) {
  if (code.size() != next.size()) {
    tokens = tokenize_c(next);
    return;
  }
  // The blanked bytes, ascending; anything but a non-space turned into a space tokenizes again.
  std::vector<std::uint32_t> blanked;
  for (std::size_t b = 0; b < code.size(); ++b) {
    if (code[b] == next[b]) continue;
    if (next[b] != ' ' || sdk::is_space(code[b])) {
      tokens = tokenize_c(next);
      return;
    }
    blanked.push_back(static_cast<std::uint32_t>(b));
  }
  if (blanked.empty()) {
    for (CDirective& directive : tokens.directives) directive.name = directive_name(next, directive.begin);
    return;
  }
  auto first_blanked_from = [&](std::uint32_t begin) {
    return std::lower_bound(blanked.begin(), blanked.end(), begin);
  };
  auto touched = [&](std::uint32_t begin, std::uint32_t end) {
    auto it = first_blanked_from(begin);
    return it != blanked.end() && *it < end;
  };
  auto all_space = [&](std::uint32_t begin, std::uint32_t end) {
    return std::all_of(next.begin() + begin, next.begin() + end, [](char c) { return sdk::is_space(c); });
  };

  // Directives: a blanked one is dropped; one partly blanked may end elsewhere or be no directive.
  std::vector<CDirective> directives;
  directives.reserve(tokens.directives.size());
  for (const CDirective& directive : tokens.directives) {
    if (touched(directive.begin, directive.end)) {
      if (!all_space(directive.begin, directive.end)) {
        tokens = tokenize_c(next);
        return;
      }
      continue;
    }
    CDirective kept = directive;
    kept.name = directive_name(next, directive.begin);
    directives.push_back(kept);
  }

  std::vector<CToken> result;
  result.reserve(tokens.tokens.size());
  const std::vector<CToken>& old = tokens.tokens;
  for (std::size_t t = 0; t < old.size(); ++t) {
    const CToken& token = old[t];
    // A literal's extent depends on the prefix before it (`R"x(`): a changed prefix tokenizes again.
    if (token.kind == CTokenKind::literal && t > 0 && old[t - 1].end == token.begin &&
        touched(old[t - 1].begin, old[t - 1].end)) {
      tokens = tokenize_c(next);
      return;
    }
    if (!touched(token.begin, token.end)) {
      result.push_back(token);
      continue;
    }
    if (all_space(token.begin, token.end)) continue;
    // Partly blanked: only words and numbers split where blanked, into tokens that end within them.
    if (token.kind != CTokenKind::identifier && token.kind != CTokenKind::number) {
      tokens = tokenize_c(next);
      return;
    }
    for (std::size_t at = token.begin; at < token.end;) {
      if (next[at] == ' ') {
        ++at;
        continue;
      }
      CTokenKind kind = CTokenKind::punctuation;
      const std::size_t end = token_end(next, at, kind);
      if (end > token.end || kind == CTokenKind::literal) {
        tokens = tokenize_c(next);
        return;
      }
      result.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(end), token.line, kind});
      at = end;
    }
  }
  // A `#` left first on its line by blanks before it opens a directive.
  for (const CToken& token : result) {
    if (token.kind != CTokenKind::punctuation || next[token.begin] != '#') continue;
    const std::size_t line_begin = next.rfind('\n', token.begin) + 1;  // npos + 1 == 0
    if (all_space(static_cast<std::uint32_t>(line_begin), token.begin)) {
      tokens = tokenize_c(next);
      return;
    }
  }
  tokens.tokens = std::move(result);
  tokens.directives = std::move(directives);
  link_directives(tokens);
}

}  // namespace ax::lang
