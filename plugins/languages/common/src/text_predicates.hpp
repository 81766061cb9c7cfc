// Text predicates of tree-sitter queries, which the tree-sitter C library leaves to its client:
// #eq? #not-eq? #match? #not-match? #any-of? #not-any-of?, and #has-ancestor? / #not-has-ancestor?,
// and the node tests a language defines for its own query (TreeSitterLanguage::query_node_tests).
#pragma once
#include <cstdint>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tree_sitter/api.h"

namespace ax::lang {

class QueryNodeTests;

struct TextPredicate {
  enum class Test { text, ancestor, language };
  Test test = Test::text;
  uint32_t capture = 0;
  bool negated = false;
  std::optional<uint32_t> other_capture;  // #eq? @a @b
  std::vector<std::string> literals;      // #eq?/#any-of? values; #has-ancestor?: the node type
  std::optional<std::regex> pattern;      // #match?; #has-ancestor?: the ancestor's text, optional
  std::size_t node_test = 0;              // Test::language: its index in the language's query_node_tests()
};

// The predicates of one pattern. Unknown predicates ("#foo?") are ignored, or, when `strict`, throw
// std::invalid_argument naming them, as do malformed ones; directives ("#set!") are always ignored.
// `node_tests` names the language's own tests (each taking one capture; `#not-` negates them).
std::vector<TextPredicate> compile_predicates(const TSQuery* query, uint32_t pattern, bool strict,
                                              std::span<const std::string_view> node_tests = {});

// Whether every predicate holds for the match. A predicate on a capture absent from the match holds.
// `node_tests` answers the language's node tests (a predicate of one holds without it).
bool predicates_hold(const std::vector<TextPredicate>& predicates, const TSQueryMatch& match, std::string_view source,
                     const QueryNodeTests* node_tests = nullptr);

}  // namespace ax::lang
