// What a query asks for: a symbol by (part of) its name, a description in words, or both. The
// analysis decides which ranking evidence counts (ranking.hpp) and is what `ax find -v` prints.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::query {

enum class Intent {
  identifier,        // "parseRequest", "http_client", "parse request": look the name up first
  natural_language,  // "return the current local time": words describing behaviour
  mixed,             // "retry in HttpClient.send": an identifier among descriptive words
};
std::string_view to_string(Intent intent);

struct QueryAnalysis {
  Intent intent = Intent::identifier;
  // The query's words split into identifier parts, lower-cased, each once, in order; stop words
  // ("the", "a", "if") are left out, so a symbol named after one of them earns no name credit.
  std::vector<std::string> content_words;
  std::vector<std::string> stop_words;   // the ones left out
  std::vector<std::string> identifiers;  // words shaped like code: camelCase, snake_case, a.b, a::b
  std::string folded;                    // the free words' letters and digits, lower-cased: "parserequest"
};

QueryAnalysis analyze(const sdk::SearchQuery& query);

// Letters and digits only, lower-cased: "parse_HTTP-request" and "ParseHttpRequest" compare equal.
std::string folded(std::string_view text);

bool is_stop_word(std::string_view lower_word);

// Edits (insert, delete, replace, swap two neighbours) from a to b: "foramt" is one from "format".
std::size_t typo_distance(std::string_view a, std::string_view b);

// The typos a name of this many letters may hold and still be meant: none below 5, one below 9, two.
std::size_t typos_allowed(std::size_t letters);

}  // namespace ax::query
