#include "intent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "query_parser.hpp"

namespace ax::query {

namespace {

// Words that describe nothing by themselves. Short on purpose: code words such as "get", "set",
// "new", "file" or "type" are not here.
constexpr std::array<std::string_view, 58> kStopWords = {
    "a",     "an",    "and",  "any",   "are", "as",   "at",   "be",   "been",  "but",   "by",    "can", "do",    "does",
    "each",  "for",   "from", "given", "has", "have", "how",  "i",    "if",    "in",    "into",  "is",  "it",    "its",
    "me",    "my",    "of",   "on",    "or",  "s",    "so",   "some", "such",  "than",  "that",  "the", "their", "then",
    "there", "these", "this", "those", "to",  "was",  "what", "when", "where", "which", "while", "who", "with",  "you"};

bool looks_like_code(std::string_view word) {
  bool lower = false, upper_after_lower = false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c == '_' || c == '.' || c == ':' || c == '#' || c == '(' || c == '$') return i > 0;
    if (std::islower(c)) lower = true;
    if (std::isupper(c) && lower) upper_after_lower = true;
  }
  return upper_after_lower;
}

}  // namespace

std::string_view to_string(Intent intent) {
  switch (intent) {
    case Intent::identifier:
      return "identifier";
    case Intent::natural_language:
      return "natural language";
    case Intent::mixed:
      return "mixed";
  }
  return "identifier";
}

std::string folded(std::string_view text) {
  std::string out;
  for (char c : text)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_stop_word(std::string_view lower_word) {
  return std::find(kStopWords.begin(), kStopWords.end(), lower_word) != kStopWords.end();
}

std::size_t typo_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus transpositions of neighbours, three rows.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::size_t typos_allowed(std::size_t letters) { return letters < 5 ? 0 : letters < 9 ? 1 : 2; }

QueryAnalysis analyze(const sdk::SearchQuery& query) {
  QueryAnalysis analysis;
  std::size_t prose_words = 0;
  for (const auto& word : query.words) {
    analysis.folded += folded(word);
    if (looks_like_code(word)) analysis.identifiers.push_back(word);
    const auto parts = identifier_words(word);
    if (parts.size() == 1 && is_stop_word(parts.front())) {
      if (std::find(analysis.stop_words.begin(), analysis.stop_words.end(), parts.front()) == analysis.stop_words.end())
        analysis.stop_words.push_back(parts.front());
      ++prose_words;
      continue;
    }
    for (const auto& part : parts)
      if (std::find(analysis.content_words.begin(), analysis.content_words.end(), part) == analysis.content_words.end())
        analysis.content_words.push_back(part);
  }
  for (const auto& phrase : query.phrases)
    for (const auto& part : identifier_words(phrase))
      if (!is_stop_word(part) &&
          std::find(analysis.content_words.begin(), analysis.content_words.end(), part) == analysis.content_words.end())
        analysis.content_words.push_back(part);
  // Prose uses linking words or runs long; a name is one to three words at most.
  const std::size_t words = query.words.size() + query.phrases.size();
  const bool prose = prose_words > 0 || words >= 4 || !query.phrases.empty();
  if (!prose)
    analysis.intent = Intent::identifier;
  else if (!analysis.identifiers.empty())
    analysis.intent = Intent::mixed;
  else
    analysis.intent = Intent::natural_language;
  return analysis;
}

}  // namespace ax::query
