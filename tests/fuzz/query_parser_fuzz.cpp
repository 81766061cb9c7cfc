// Fuzz target: the query language of `ax find` (plugins/commands/query/query_parser.*).
// Any text either parses or is refused with sdk::UsageError; parsed parts are never empty.
#include <cstddef>
#include <cstdint>
#include <string>

#include <ax/sdk/host.hpp>

#include "fuzz_support.hpp"
#include "query_parser.hpp"

namespace {

void check_filter(const ax::sdk::SearchFilter& filter, const char* name) {
  for (const auto* values : {&filter.include, &filter.exclude})
    for (const std::string& value : *values)
      if (value.empty()) ax::fuzz::violated(std::string("an empty ") + name + " filter value was accepted");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = ax::fuzz::as_text(data, size);
  try {
    const ax::sdk::SearchQuery query = ax::query::parse_query(text);
    for (const std::string& word : query.words)
      if (word.empty()) ax::fuzz::violated("an empty word was parsed");
    check_filter(query.languages, "lang:");
    check_filter(query.kinds, "kind:");
    check_filter(query.paths, "file:");
  } catch (const ax::sdk::UsageError&) {
    // Refusing a malformed query is the documented outcome.
  }
  (void)ax::query::canonical_language(text);
  (void)ax::query::canonical_kind(text);
  for (const std::string& word : ax::query::identifier_words(text))
    if (word.empty()) ax::fuzz::violated("identifier_words returned an empty word");
  return 0;
}
