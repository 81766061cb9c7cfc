#include "terms.hpp"

#include <algorithm>
#include <cstdint>

#include <xapian.h>

#include <ax/sdk/hash.hpp>

namespace ax::storage::xapian {
namespace {

constexpr std::size_t kHashHexDigits = 16;

// ASCII characters (most of any source text) are classified here, the same as Xapian's tables
// classify them but without the table lookup, a tenth of the analysis. Inlined: called per character.
constexpr unsigned kAsciiEnd = 0x80;

[[gnu::always_inline]] inline bool is_upper(unsigned ch) {
  if (ch < kAsciiEnd) return ch >= 'A' && ch <= 'Z';
  const auto category = Xapian::Unicode::get_category(ch);
  return category == Xapian::Unicode::UPPERCASE_LETTER || category == Xapian::Unicode::TITLECASE_LETTER;
}

[[gnu::always_inline]] inline bool is_lower(unsigned ch) {
  if (ch < kAsciiEnd) return ch >= 'a' && ch <= 'z';
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::LOWERCASE_LETTER;
}

[[gnu::always_inline]] inline bool is_digit(unsigned ch) {
  if (ch < kAsciiEnd) return ch >= '0' && ch <= '9';
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

[[gnu::always_inline]] inline bool is_wordchar(unsigned ch) {
  if (ch < kAsciiEnd) return is_upper(ch) || is_lower(ch) || is_digit(ch) || ch == '_';
  return Xapian::Unicode::is_wordchar(ch);
}

[[gnu::always_inline]] inline unsigned to_lower(unsigned ch) {
  if (ch < kAsciiEnd) return is_upper(ch) ? ch + ('a' - 'A') : ch;
  return Xapian::Unicode::tolower(ch);
}

void append_character(std::string& text, unsigned ch) {
  if (ch < kAsciiEnd)
    text += static_cast<char>(ch);
  else
    Xapian::Unicode::append_utf8(text, ch);
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < kAsciiEnd; });
}

// The characters of text that is all ASCII, read in place.
struct AsciiCharacters {
  std::string_view text;
  std::size_t size() const { return text.size(); }
  unsigned operator[](std::size_t i) const { return static_cast<unsigned char>(text[i]); }
};

// The characters of `text` as Xapian decodes them (a byte of invalid UTF-8 reads as that code point).
std::vector<unsigned> characters(std::string_view text) {
  std::vector<unsigned> chars;
  chars.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) chars.push_back(*it);
  return chars;
}

// Whether a word break belongs between `previous` and `current` (both word characters, neither '_').
[[gnu::always_inline]] inline bool is_camel_boundary(unsigned previous, unsigned current, bool next_is_lower) {
  if (!is_upper(current)) return false;
  if (is_lower(previous) || is_digit(previous)) return true;  // fooBar, utf8Decode
  return is_upper(previous) && next_is_lower;                 // HTTPServer: break before 'S'
}

}  // namespace

std::string bounded_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
    return term;
  }
  const std::size_t head = kMaxTermBytes - prefix.size() - 1 - kHashHexDigits;
  term += value.substr(0, head);
  term += '\0';
  term += sdk::hex64(sdk::fnv1a64(value));
  return term;
}

bool is_shortened_term(std::string_view term) {
  return term.size() > kHashHexDigits && term[term.size() - kHashHexDigits - 1] == '\0';
}

std::string lower_case(std::string_view text) {
  // ASCII, nearly all code, is lowered byte by byte: Xapian's tolower decodes UTF-8 character by
  // character, a fifth of the instructions of a kind: query that tests stored symbol fields.
  if (std::any_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; }))
    return Xapian::Unicode::tolower(std::string(text));
  std::string lower(text);
  for (char& ch : lower)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return lower;
}

namespace {

// split_identifiers over decoded characters (`chars[i]` is a code point), `text_size` bytes of text.
SplitText split_characters(const std::vector<unsigned>& chars, std::size_t text_size, Compounds compounds) {
  SplitText result;
  result.text.reserve(text_size + text_size / 8);
  std::size_t i = 0;
  while (i < chars.size()) {
    if (!is_wordchar(chars[i])) {
      append_character(result.text, chars[i++]);
      continue;
    }
    // One identifier: a run of word characters ('_' counts as one).
    const std::size_t start = i;
    std::size_t end = i;
    while (end < chars.size() && is_wordchar(chars[end])) ++end;
    bool was_split = false;
    for (; i < end; ++i) {
      const unsigned ch = chars[i];
      if (ch == '_') {
        result.text += ' ';
        was_split = true;
        continue;
      }
      if (i > start && chars[i - 1] != '_') {
        const bool next_is_lower = i + 1 < end && is_lower(chars[i + 1]);
        if (is_camel_boundary(chars[i - 1], ch, next_is_lower)) {
          result.text += ' ';
          was_split = true;
        }
      }
      append_character(result.text, ch);
    }
    if (was_split && compounds == Compounds::collected) {
      std::string compound;
      for (std::size_t k = start; k < end; ++k) append_character(compound, to_lower(chars[k]));
      const bool only_underscores = std::all_of(compound.begin(), compound.end(), [](char c) { return c == '_'; });
      if (!only_underscores && compound.size() <= kMaxWordBytes &&
          std::find(result.compounds.begin(), result.compounds.end(), compound) == result.compounds.end())
        result.compounds.push_back(std::move(compound));
    }
  }
  return result;
}

// split_characters for text that is all ASCII, which is most source text: read in place, and copied
// a run at a time (the text between breaks) rather than a character at a time.
SplitText split_ascii(std::string_view text, Compounds compounds) {
  const AsciiCharacters chars{text};
  SplitText result;
  result.text.reserve(text.size() + text.size() / 8);
  const std::size_t end = text.size();
  std::size_t i = 0;
  while (i < end) {
    const std::size_t start = i;
    while (i < end && !is_wordchar(chars[i])) ++i;
    result.text.append(text, start, i - start);
    if (i == end) break;
    // One identifier: a run of word characters ('_' counts as one). Its text goes out in pieces,
    // a space where it breaks: in place of each '_', and before each camel-case boundary.
    const std::size_t identifier = i;
    std::size_t identifier_end = i;
    while (identifier_end < end && is_wordchar(chars[identifier_end])) ++identifier_end;
    std::size_t piece = i;
    bool was_split = false;
    for (; i < identifier_end; ++i) {
      const unsigned ch = chars[i];
      if (ch == '_') {
        result.text.append(text, piece, i - piece);
        result.text += ' ';
        piece = i + 1;
        was_split = true;
      } else if (i > identifier && chars[i - 1] != '_' &&
                 is_camel_boundary(chars[i - 1], ch, i + 1 < identifier_end && is_lower(chars[i + 1]))) {
        result.text.append(text, piece, i - piece);
        result.text += ' ';
        piece = i;
        was_split = true;
      }
    }
    result.text.append(text, piece, identifier_end - piece);
    const std::size_t length = identifier_end - identifier;
    if (was_split && compounds == Compounds::collected && length <= kMaxWordBytes) {
      std::string compound(text.substr(identifier, length));
      for (char& c : compound) c = static_cast<char>(to_lower(static_cast<unsigned char>(c)));
      const bool only_underscores = std::all_of(compound.begin(), compound.end(), [](char c) { return c == '_'; });
      if (!only_underscores &&
          std::find(result.compounds.begin(), result.compounds.end(), compound) == result.compounds.end())
        result.compounds.push_back(std::move(compound));
    }
  }
  return result;
}

}  // namespace

SplitText split_identifiers(std::string_view text, Compounds compounds) {
  if (is_ascii(text)) return split_ascii(text, compounds);
  return split_characters(characters(text), text.size(), compounds);
}

bool for_each_ascii_word(std::string_view text, const std::function<void(const std::string&)>& word) {
  if (!is_ascii(text)) return false;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto lower = [](unsigned ch) { return static_cast<char>(to_lower(ch)); };
  const std::size_t end = text.size();
  std::string term;
  std::size_t i = 0;
  while (true) {
    while (i < end && !is_wordchar(at(i))) ++i;
    if (i == end) return true;
    term.clear();
    // Initials separated by '.' ("U.S.A." or "U.S.A"): one term, unless a word character follows.
    if (is_upper(at(i))) {
      std::size_t p = i;
      do term += lower(at(p++));
      while (p < end && at(p) == '.' && ++p < end && is_upper(at(p)));
      if (term.size() > 1 && (p == end || !is_wordchar(at(p)))) {
        i = p;
        if (term.size() <= kMaxWordBytes) word(term);
        continue;
      }
      term.clear();
    }
    bool at_end = false;
    while (true) {
      // A run of word characters (there is one at i), appended at once and lower-cased in place.
      const std::size_t run = i;
      while (i < end && is_wordchar(at(i))) ++i;
      const unsigned previous = at(i - 1);
      const std::size_t appended = term.size();
      term.append(text, run, i - run);
      for (std::size_t k = appended; k < term.size(); ++k) term[k] = lower(static_cast<unsigned char>(term[k]));
      if (i == end) {
        at_end = true;
        break;
      }
      // A character joining two words into one term: '.', ',' or ';' between digits, '&' or an
      // apostrophe between other word characters.
      if (i + 1 == end || !is_wordchar(at(i + 1))) break;
      const unsigned infix = at(i);
      const bool joins = is_digit(previous) && is_digit(at(i + 1)) ? infix == '.' || infix == ',' || infix == ';'
                                                                   : infix == '\'' || infix == '&';
      if (!joins) break;
      term += static_cast<char>(infix);
      ++i;
    }
    if (!at_end) {
      // "c++", "c#": at most three suffix characters, and none when a word character follows them.
      const std::size_t length = term.size();
      unsigned count = 0;
      while (i < end && (at(i) == '+' || at(i) == '#')) {
        if (++count > 3) {
          term.resize(length);
          break;
        }
        term += static_cast<char>(at(i++));
      }
      if (i < end && is_wordchar(at(i))) term.resize(length);
    }
    if (term.size() <= kMaxWordBytes) word(term);
  }
}

PathParts split_path(std::string_view path) {
  PathParts parts;
  std::size_t segment_start = 0;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', segment_start)) {
    if (slash > segment_start) {
      parts.segments.push_back(path.substr(segment_start, slash - segment_start));
      parts.directories.push_back(path.substr(0, slash));
    }
    segment_start = slash + 1;
  }
  parts.base_name = path.substr(segment_start);
  if (const auto dot = parts.base_name.rfind('.'); dot != std::string_view::npos)
    parts.extension = parts.base_name.substr(dot + 1);
  return parts;
}

std::vector<std::string> path_terms(std::string_view path) {
  const PathParts parts = split_path(path);
  std::vector<std::string> terms;
  terms.push_back(bounded_term(prefix::path, path));
  if (!parts.extension.empty()) terms.push_back(bounded_term(prefix::extension, parts.extension));
  return terms;
}

}  // namespace ax::storage::xapian
