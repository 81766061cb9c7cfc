#include "terms.hpp"

#include <algorithm>
#include <cstdint>

#include <xapian.h>

#include <ax/sdk/hash.hpp>

namespace ax::storage::xapian {
namespace {

constexpr std::size_t kHashHexDigits = 16;

bool is_upper(unsigned ch) {
  const auto category = Xapian::Unicode::get_category(ch);
  return category == Xapian::Unicode::UPPERCASE_LETTER || category == Xapian::Unicode::TITLECASE_LETTER;
}

bool is_lower(unsigned ch) { return Xapian::Unicode::get_category(ch) == Xapian::Unicode::LOWERCASE_LETTER; }

bool is_digit(unsigned ch) { return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER; }

// Whether a word break belongs between `previous` and `current` (both word characters, neither '_').
bool is_camel_boundary(unsigned previous, unsigned current, bool next_is_lower) {
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

std::string lower_case(std::string_view text) { return Xapian::Unicode::tolower(std::string(text)); }

SplitText split_identifiers(std::string_view text) {
  std::vector<unsigned> chars;
  chars.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) chars.push_back(*it);

  SplitText result;
  result.text.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < chars.size()) {
    if (!Xapian::Unicode::is_wordchar(chars[i])) {
      Xapian::Unicode::append_utf8(result.text, chars[i++]);
      continue;
    }
    // One identifier: a run of word characters ('_' counts as one).
    const std::size_t start = i;
    std::size_t end = i;
    while (end < chars.size() && Xapian::Unicode::is_wordchar(chars[end])) ++end;
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
      Xapian::Unicode::append_utf8(result.text, ch);
    }
    if (was_split) {
      std::string compound;
      for (std::size_t k = start; k < end; ++k)
        Xapian::Unicode::append_utf8(compound, Xapian::Unicode::tolower(chars[k]));
      const bool only_underscores = std::all_of(compound.begin(), compound.end(), [](char c) { return c == '_'; });
      if (!only_underscores && compound.size() <= kMaxWordBytes &&
          std::find(result.compounds.begin(), result.compounds.end(), compound) == result.compounds.end())
        result.compounds.push_back(std::move(compound));
    }
  }
  return result;
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
