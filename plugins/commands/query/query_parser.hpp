// The query language of `ax find`: free words, "quoted phrases", and filters lang:, kind:, file:
// (each negatable with a leading '-'). Language and kind names accept common aliases.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::query {

// Parses `text` into a search query; throws sdk::UsageError on an unterminated quote or an empty filter.
sdk::SearchQuery parse_query(std::string_view text);

// "ts" -> "typescript", "py" -> "python", … ; other names pass through lower-cased.
std::string canonical_language(std::string_view name);
// "fn" -> "function", "func" -> "function", "var" -> "variable", … ; others lower-cased.
std::string canonical_kind(std::string_view name);

// The kind names `kind:` and `def --kind` accept: every sdk::SymbolKind, and "chunk" (text).
std::vector<std::string> known_kinds();

// Throws sdk::UsageError naming `value` and the closest of `known` unless `value` is one of them;
// `what` names the vocabulary ("language", "kind").
void require_known(std::string_view what, const std::string& value, const std::vector<std::string>& known);

// Splits an identifier into lower-case sub-words: "parseHTTPRequest_v2" -> parse, http, request, v2.
std::vector<std::string> identifier_words(std::string_view identifier);

}  // namespace ax::query
