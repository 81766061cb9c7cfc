#include "query_parser.hpp"

#include <algorithm>
#include <cctype>

#include <ax/sdk/text.hpp>
#include <map>

#include <ax/sdk/host.hpp>

namespace ax::query {

namespace {}  // namespace

std::string canonical_language(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> aliases{
      {"ts", "typescript"}, {"tsx", "typescript"}, {"js", "javascript"}, {"jsx", "javascript"}, {"py", "python"},
      {"golang", "go"},     {"rs", "rust"},        {"c++", "cpp"},       {"cxx", "cpp"},        {"hpp", "cpp"},
      {"kt", "kotlin"},     {"ex", "elixir"},      {"exs", "elixir"},    {"yml", "yaml"},       {"sc", "scala"},
  };
  std::string key = sdk::ascii_lower(name);
  auto it = aliases.find(key);
  return it == aliases.end() ? key : it->second;
}

std::string canonical_kind(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> aliases{
      {"fn", "function"},         {"func", "function"},   {"def", "function"},     {"functions", "function"},
      {"methods", "method"},      {"classes", "class"},   {"var", "variable"},     {"let", "variable"},
      {"const", "constant"},      {"iface", "interface"}, {"ctor", "constructor"}, {"ns", "namespace"},
      {"mod", "module"},          {"typedef", "type"},    {"alias", "type"},       {"enum_variant", "enum_member"},
      {"variant", "enum_member"}, {"member", "field"},    {"text", "chunk"},
  };
  std::string key = sdk::ascii_lower(name);
  auto it = aliases.find(key);
  return it == aliases.end() ? key : it->second;
}

std::vector<std::string> known_kinds() {
  std::vector<std::string> kinds;
  for (const auto& [kind, name] : sdk::kSymbolKindNames) kinds.emplace_back(name);
  kinds.emplace_back("chunk");
  return kinds;
}

void require_known(std::string_view what, const std::string& value, const std::vector<std::string>& known) {
  if (known.empty() || std::find(known.begin(), known.end(), value) != known.end()) return;
  const auto closest = std::min_element(known.begin(), known.end(), [&](const std::string& a, const std::string& b) {
    return sdk::edit_distance(value, a, true) < sdk::edit_distance(value, b, true);
  });
  throw sdk::UsageError("unknown " + std::string(what) + " '" + value + "'; the closest known " + std::string(what) +
                        " is '" + *closest + "'");
}

std::vector<std::string> identifier_words(std::string_view id) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(sdk::ascii_lower(current));
    current.clear();
  };
  for (std::size_t i = 0; i < id.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(id[i]);
    if (!std::isalnum(c) && c < 0x80) {
      flush();
      continue;
    }
    if (std::isupper(c) && !current.empty()) {
      bool previous_lower = std::islower(static_cast<unsigned char>(current.back())) ||
                            std::isdigit(static_cast<unsigned char>(current.back()));
      bool next_lower = i + 1 < id.size() && std::islower(static_cast<unsigned char>(id[i + 1]));
      // fooBar -> foo|Bar ; HTTPRequest -> HTTP|Request
      if (previous_lower || (next_lower && std::isupper(static_cast<unsigned char>(current.back())))) flush();
    }
    current += static_cast<char>(c);
  }
  flush();
  return words;
}

sdk::SearchQuery parse_query(std::string_view text) {
  sdk::SearchQuery query;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    if (text[i] == '"') {
      std::size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) throw sdk::UsageError("unterminated quote in query");
      std::string phrase(text.substr(i + 1, close - i - 1));
      if (phrase.find_first_not_of(" \t") != std::string::npos) query.phrases.push_back(phrase);
      i = close + 1;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    std::string_view token = text.substr(i, end - i);
    i = end;
    bool negated = token.size() > 1 && token.front() == '-';
    std::string_view body = negated ? token.substr(1) : token;
    auto colon = body.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string field = sdk::ascii_lower(body.substr(0, colon));
      std::string_view value = body.substr(colon + 1);
      sdk::SearchFilter* filter = nullptr;
      std::string canonical;
      if (field == "lang" || field == "language") {
        filter = &query.languages;
        canonical = canonical_language(value);
      } else if (field == "kind") {
        filter = &query.kinds;
        canonical = canonical_kind(value);
      } else if (field == "file" || field == "path") {
        filter = &query.paths;
        canonical = std::string(value);
      }
      if (filter != nullptr) {
        if (value.empty()) throw sdk::UsageError("empty " + field + ": filter in query");
        (negated ? filter->exclude : filter->include).push_back(canonical);
        continue;
      }
    }
    // "::" and "." separated names are searched by their parts too.
    query.words.emplace_back(token);
  }
  return query;
}

}  // namespace ax::query
