// The term vocabulary of the search index: prefixes, identifier splitting and path terms. Indexing and
// querying both go through these functions, so that a query word always produces the terms the
// indexer produced for the same text.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::storage::xapian {

// Term prefixes. Every prefix is two letters and none is a prefix of another, so that iterating the
// terms of one prefix (allterms_begin("XP")) never yields another's.
namespace prefix {
inline constexpr std::string_view exact_name = "XI";  // the whole lower-cased name: exact-name boost
inline constexpr std::string_view language = "XL";    // boolean filter terms
inline constexpr std::string_view kind = "XK";
// A file's only path terms: other path patterns are matched against the XP terms (one per file) at
// query time, which costs far less than a directory/segment/base-name term on every document.
inline constexpr std::string_view path = "XP";       // the whole path
inline constexpr std::string_view extension = "XE";  // "cpp" (text after the base name's last dot): "*.cpp"
}  // namespace prefix

// Xapian refuses terms longer than 245 bytes. Longer values keep a readable head and end with a NUL
// and a stable hash of the whole value, so that the term stays unique and deterministic.
inline constexpr std::size_t kMaxTermBytes = 240;
// Words longer than this are not indexed as terms (Xapian::TermGenerator's default limit).
inline constexpr std::size_t kMaxWordBytes = 64;

std::string bounded_term(std::string_view prefix, std::string_view value);
// True for a term that bounded_term() shortened; its value must be recovered from the document.
bool is_shortened_term(std::string_view term);

// Unicode-aware lower-casing (Xapian's tables, as TermGenerator uses).
std::string lower_case(std::string_view text);

// Identifiers broken into sub-words for the tokenizer, and the compounds they came from.
struct SplitText {
  // `text` with every identifier rewritten into its sub-words separated by spaces, all other text
  // left alone: "parseHttpRequest(buf)" -> "parse Http Request(buf)", "MAX_LINE_LEN" -> "MAX LINE
  // LEN", "HTTPServer" -> "HTTP Server", "utf8Decode" -> "utf8 Decode". Kebab-case needs no help:
  // the tokenizer already splits at '-'.
  std::string text;
  // The lower-cased identifiers that were broken apart ("parsehttprequest", "max_line_len"), at
  // most kMaxWordBytes long, each once. They are indexed whole beside their sub-words.
  std::vector<std::string> compounds;
};
// Without `compounds`, SplitText::compounds stays empty (text where only the sub-words are indexed).
enum class Compounds { collected, skipped };
SplitText split_identifiers(std::string_view text, Compounds compounds = Compounds::collected);

// The words Xapian's TermGenerator makes terms of, unstemmed and without positions, for text that is
// all ASCII: lower-cased runs of letters, digits and '_'; "AT&T" and "don't" (a '&' or an apostrophe
// between word characters), "3.14" and "1,000" ('.', ',' or ';' between digits), "U.S.A." -> "usa",
// "c++" and "c#" (up to three trailing '+' or a '#' not followed by a word character); words longer
// than kMaxWordBytes are left out. Calls `word` for each, in order, and returns true; returns false
// without a call for text that is not all ASCII (the TermGenerator must analyse it). The same terms
// as the TermGenerator's at a fraction of its cost: no UTF-8 decoding and no Unicode tables.
bool for_each_ascii_word(std::string_view text, const std::function<void(const std::string&)>& word);

// Path anatomy, for 'a/b/c.cpp': directories {"a", "a/b"}, segments {"a", "b"}, base name
// "c.cpp", extension "cpp" (empty when the base name has no dot).
struct PathParts {
  std::vector<std::string_view> directories;
  std::vector<std::string_view> segments;
  std::string_view base_name;
  std::string_view extension;
};
PathParts split_path(std::string_view path);

// Every boolean term a file's documents carry for `path`: XP, and XE when it has an extension.
std::vector<std::string> path_terms(std::string_view path);

}  // namespace ax::storage::xapian
