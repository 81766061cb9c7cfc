#include "text_predicates.hpp"

#include <algorithm>
#include <stdexcept>

#include "ax/lang/tree_sitter_language.hpp"

namespace ax::lang {
namespace {

// Ancestors looked at by #has-ancestor?: deeper ones are rare, and each step costs a walk from the root.
constexpr int kMaxAncestorLevels = 256;

std::optional<std::string_view> capture_text(const TSQueryMatch& match, uint32_t capture, std::string_view source) {
  for (uint16_t i = 0; i < match.capture_count; ++i)
    if (match.captures[i].index == capture) return node_text(match.captures[i].node, source);
  return std::nullopt;
}

std::optional<TSNode> capture_node(const TSQueryMatch& match, uint32_t capture) {
  for (uint16_t i = 0; i < match.capture_count; ++i)
    if (match.captures[i].index == capture) return match.captures[i].node;
  return std::nullopt;
}

bool has_ancestor(TSNode node, const TextPredicate& predicate, std::string_view source) {
  int levels = 0;
  for (TSNode parent = parent_node(node); !ts_node_is_null(parent) && ++levels <= kMaxAncestorLevels;
       parent = parent_node(parent)) {
    if (ts_node_type(parent) != predicate.literals.front()) continue;
    if (!predicate.pattern) return true;
    std::string_view text = node_text(parent, source);
    if (std::regex_search(text.begin(), text.end(), *predicate.pattern)) return true;
  }
  return false;
}

}  // namespace

std::vector<TextPredicate> compile_predicates(const TSQuery* query, uint32_t pattern, bool strict,
                                              std::span<const std::string_view> node_tests) {
  std::vector<TextPredicate> out;
  uint32_t step_count = 0;
  const TSQueryPredicateStep* steps = ts_query_predicates_for_pattern(query, pattern, &step_count);
  auto string_value = [&](uint32_t id) {
    uint32_t length = 0;
    const char* chars = ts_query_string_value_for_id(query, id, &length);
    return std::string(chars, length);
  };
  std::size_t i = 0;
  while (i < step_count) {
    std::size_t end = i;
    while (end < step_count && steps[end].type != TSQueryPredicateStepTypeDone) ++end;
    if (end > i && steps[i].type == TSQueryPredicateStepTypeString) {
      std::string op = string_value(steps[i].value_id);
      TextPredicate predicate;
      predicate.negated = op.rfind("not-", 0) == 0;
      std::string base = predicate.negated ? op.substr(4) : op;
      bool capture_first = end - i >= 3 && steps[i + 1].type == TSQueryPredicateStepTypeCapture;
      if ((base == "eq?" || base == "match?" || base == "any-of?") && capture_first) {
        predicate.capture = steps[i + 1].value_id;
        for (std::size_t k = i + 2; k < end; ++k) {
          if (steps[k].type == TSQueryPredicateStepTypeCapture) {
            predicate.other_capture = steps[k].value_id;
          } else {
            predicate.literals.push_back(string_value(steps[k].value_id));
          }
        }
        if (base == "match?") {
          if (predicate.literals.size() != 1) throw std::invalid_argument("#" + op + " takes a capture and one regex");
          try {
            predicate.pattern.emplace(predicate.literals.front(), std::regex::ECMAScript | std::regex::optimize);
          } catch (const std::regex_error& e) {
            throw std::invalid_argument("#" + op + ": bad regular expression '" + predicate.literals.front() +
                                        "': " + e.what());
          }
          predicate.literals.clear();
        }
        out.push_back(std::move(predicate));
      } else if (base == "has-ancestor?" && capture_first && end - i <= 4) {
        predicate.test = TextPredicate::Test::ancestor;
        predicate.capture = steps[i + 1].value_id;
        for (std::size_t k = i + 2; k < end; ++k) {
          if (steps[k].type != TSQueryPredicateStepTypeString)
            throw std::invalid_argument("#" + op + " takes a capture, a node type and an optional regex");
          predicate.literals.push_back(string_value(steps[k].value_id));
        }
        if (predicate.literals.size() == 2) {
          try {
            predicate.pattern.emplace(predicate.literals.back(), std::regex::ECMAScript | std::regex::optimize);
          } catch (const std::regex_error& e) {
            throw std::invalid_argument("#" + op + ": bad regular expression '" + predicate.literals.back() +
                                        "': " + e.what());
          }
          predicate.literals.pop_back();
        }
        out.push_back(std::move(predicate));
      } else if (auto test = std::find(node_tests.begin(), node_tests.end(), base); test != node_tests.end()) {
        if (end - i != 2 || steps[i + 1].type != TSQueryPredicateStepTypeCapture)
          throw std::invalid_argument("#" + op + " takes one capture");
        predicate.test = TextPredicate::Test::language;
        predicate.capture = steps[i + 1].value_id;
        predicate.node_test = static_cast<std::size_t>(test - node_tests.begin());
        out.push_back(std::move(predicate));
      } else if (strict && !op.empty() && op.back() == '?') {
        bool known = base == "eq?" || base == "match?" || base == "any-of?" || base == "has-ancestor?";
        throw std::invalid_argument(known ? "#" + op + " is malformed (it starts with a capture)"
                                          : "unknown predicate #" + op);
      }
      // Other predicates (#set!, #select-adjacent!, …) carry no meaning for ax and are ignored.
    }
    i = end + 1;
  }
  return out;
}

bool predicates_hold(const std::vector<TextPredicate>& predicates, const TSQueryMatch& match, std::string_view source,
                     const QueryNodeTests* node_tests) {
  for (const TextPredicate& predicate : predicates) {
    bool holds = false;
    if (predicate.test == TextPredicate::Test::language) {
      auto node = capture_node(match, predicate.capture);
      if (!node || node_tests == nullptr) continue;
      holds = node_tests->holds(predicate.node_test, *node);
    } else if (predicate.test == TextPredicate::Test::ancestor) {
      auto node = capture_node(match, predicate.capture);
      if (!node) continue;  // optional capture absent: the predicate does not apply
      holds = has_ancestor(*node, predicate, source);
    } else {
      auto text = capture_text(match, predicate.capture, source);
      if (!text) continue;
      if (predicate.pattern) {
        holds = std::regex_search(text->begin(), text->end(), *predicate.pattern);
      } else if (predicate.other_capture) {
        auto other = capture_text(match, *predicate.other_capture, source);
        holds = other && *other == *text;
      } else {
        for (const auto& literal : predicate.literals) holds = holds || literal == *text;
      }
    }
    if (holds == predicate.negated) return false;
  }
  return true;
}

}  // namespace ax::lang
