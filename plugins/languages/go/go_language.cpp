#include "go_language.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_go();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

std::uint64_t position_key(std::uint32_t line, std::uint32_t column) {
  return (static_cast<std::uint64_t>(line) << 32) | column;
}

// Declarations inside a function body (or a var/const initialiser) are locals, not symbols.
bool is_local(const std::vector<sdk::Symbol>& symbols, std::int32_t index) {
  for (std::int32_t p = symbols[index].parent; p >= 0; p = symbols[p].parent) {
    SymbolKind kind = symbols[p].kind;
    if (kind == SymbolKind::function || kind == SymbolKind::method || kind == SymbolKind::variable ||
        kind == SymbolKind::constant)
      return true;
  }
  return false;
}

bool same_span(const sdk::Span& a, const sdk::Span& b) {
  return a.start_line == b.start_line && a.start_column == b.start_column && a.end_line == b.end_line &&
         a.end_column == b.end_column;
}

TSNode node_of(TSNode root, const sdk::Span& span) {
  return ts_node_descendant_for_point_range(root, {span.start_line - 1, span.start_column - 1},
                                            {span.end_line - 1, span.end_column - 1});
}

// Byte offset of the identifier spelled `name` that a declaration of several names (`X, Y int`,
// `const A, B = 1, 2`) declares: its names are children or grandchildren of the definition node, so
// the search stops there instead of walking initialiser expressions of any depth.
std::optional<uint32_t> name_offset(TSNode node, std::string_view name, std::string_view source, int depth = 2) {
  for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
    TSNode child = ts_node_named_child(node, i);
    std::string_view type = ts_node_type(child);
    if ((type == "identifier" || type == "field_identifier") && node_text(child, source) == name)
      return ts_node_start_byte(child);
    if (depth > 1)
      if (auto offset = name_offset(child, name, source, depth - 1)) return offset;
  }
  return std::nullopt;
}

// Names declared together are extracted in no particular order; this orders each such run as written.
std::vector<std::int32_t> declaration_order(const std::vector<sdk::Symbol>& symbols, TSNode root,
                                            std::string_view source) {
  std::vector<std::int32_t> order(symbols.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
  for (std::size_t first = 0; first < symbols.size();) {
    std::size_t last = first + 1;
    while (last < symbols.size() && same_span(symbols[last].span, symbols[first].span)) ++last;
    if (last - first > 1) {
      TSNode node = node_of(root, symbols[first].span);
      auto offset = [&](std::int32_t index) {
        return name_offset(node, symbols[index].name, source).value_or(UINT32_MAX);
      };
      std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(first),
                       order.begin() + static_cast<std::ptrdiff_t>(last),
                       [&](std::int32_t a, std::int32_t b) { return offset(a) < offset(b); });
    }
    first = last;
  }
  return order;
}

// The base type name of a method receiver: `p *Point`, `l List[T]`, `Point` all give "Point".
std::string_view receiver_type_name(TSNode method, std::string_view source) {
  TSNode receiver = ts_node_child_by_field_name(method, "receiver", 8);
  if (ts_node_is_null(receiver)) return {};
  for (uint32_t i = 0; i < ts_node_named_child_count(receiver); ++i) {
    TSNode parameter = ts_node_named_child(receiver, i);
    if (std::string_view(ts_node_type(parameter)) != "parameter_declaration") continue;
    TSNode type = ts_node_child_by_field_name(parameter, "type", 4);
    while (!ts_node_is_null(type)) {
      std::string_view kind = ts_node_type(type);
      if (kind == "type_identifier") return node_text(type, source);
      if (kind == "pointer_type" || kind == "parenthesized_type") {
        type = ts_node_named_child(type, 0);
      } else if (kind == "generic_type") {
        type = ts_node_child_by_field_name(type, "type", 4);
      } else {
        break;
      }
    }
  }
  return {};
}

// Source order, except that a symbol whose parent comes later (a method declared above its receiver
// type) waits and follows right after that parent: consumers may rely on parents preceding children.
std::vector<std::int32_t> parents_first_order(const std::vector<sdk::Symbol>& symbols, const std::vector<bool>& keep) {
  std::vector<std::vector<std::int32_t>> waiting(symbols.size());
  std::vector<bool> placed(symbols.size(), false);
  std::vector<std::int32_t> order;
  auto place = [&](std::int32_t first) {
    std::vector<std::int32_t> stack{first};
    while (!stack.empty()) {
      std::int32_t index = stack.back();
      stack.pop_back();
      placed[index] = true;
      order.push_back(index);
      stack.insert(stack.end(), waiting[index].rbegin(), waiting[index].rend());
    }
  };
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(symbols.size()); ++i) {
    if (!keep[i]) continue;
    std::int32_t parent = symbols[i].parent;
    if (parent >= 0 && keep[parent] && !placed[parent]) {
      waiting[parent].push_back(i);
    } else {
      place(i);
    }
  }
  return order;
}

// Positions (line, column) of the names that type declarations define, which the query also
// matched as type references. Every type_spec and type_alias is a type symbol (or the single spec
// of one), so each is found once from its symbol instead of from the root for every reference.
std::unordered_set<std::uint64_t> type_declaration_names(const std::vector<sdk::Symbol>& symbols, TSNode root) {
  std::unordered_set<std::uint64_t> names;
  auto add_name = [&](TSNode spec) {
    std::string_view type = ts_node_type(spec);
    if (type != "type_spec" && type != "type_alias") return false;
    TSNode name = ts_node_child_by_field_name(spec, "name", 4);
    if (ts_node_is_null(name)) return true;
    TSPoint start = ts_node_start_point(name);
    names.insert(position_key(start.row + 1, start.column + 1));
    return true;
  };
  for (const sdk::Symbol& symbol : symbols) {
    if (symbol.kind != SymbolKind::struct_ && symbol.kind != SymbolKind::interface && symbol.kind != SymbolKind::type)
      continue;
    // The smallest node of the symbol's extent may be a child of the same extent (a spec that is only a name).
    const TSNode found = node_of(root, symbol.span);
    const uint32_t start = ts_node_start_byte(found), end = ts_node_end_byte(found);
    for (TSNode node = found;
         !ts_node_is_null(node) && ts_node_start_byte(node) == start && ts_node_end_byte(node) == end;
         node = parent_node(node)) {
      if (add_name(node)) break;
      if (std::string_view(ts_node_type(node)) == "type_declaration") {
        for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) add_name(ts_node_named_child(node, i));
        break;
      }
    }
  }
  return names;
}

// Whether a comment can end on the line above the one `node` starts on (a `//` comment or the end
// of a `/* */` one): a doc comment must, and reading the text is far cheaper than stepping to a
// previous sibling, which walks down from the root.
bool comment_may_end_on_line_above(TSNode node, std::string_view source) {
  const TSPoint start = ts_node_start_point(node);
  if (start.row == 0) return false;
  const std::size_t line_start = ts_node_start_byte(node) - start.column;
  if (line_start == 0 || line_start > source.size()) return true;
  const std::size_t previous_end = line_start - 1;  // the newline that ends the line above
  const std::size_t newline = previous_end == 0 ? std::string_view::npos : source.rfind('\n', previous_end - 1);
  const std::size_t from = newline == std::string_view::npos ? 0 : newline + 1;
  const std::string_view previous_line = source.substr(from, previous_end - from);
  return previous_line.find("//") != std::string_view::npos || previous_line.find("*/") != std::string_view::npos;
}

}  // namespace

GoLanguage::GoLanguage()
    : TreeSitterLanguage({"go", "Go", {".go"}, {}, {}}, {{tree_sitter_go(), k_tags_query, {}}}),
      walker_(tree_sitter_go()) {}

bool GoLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

std::string GoLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // Go doc comments are the `//` lines directly above a declaration, without blank lines between.
  if (!comment_may_end_on_line_above(definition, source)) return {};
  std::vector<std::string_view> comments;
  uint32_t expected_row = ts_node_start_point(definition).row;
  for (TSNode prev = prev_sibling(definition); !ts_node_is_null(prev) && is_comment(prev); prev = prev_sibling(prev)) {
    if (ts_node_end_point(prev).row + 1 != expected_row) break;
    // A comment that follows code on its line (`A = 1 // note`) belongs to that code.
    TSNode before = prev_sibling(prev);
    if (!ts_node_is_null(before) && ts_node_end_point(before).row == ts_node_start_point(prev).row) break;
    std::string_view text = node_text(prev, source);
    // Directives such as //go:generate are instructions to tools, not documentation.
    if (text.substr(0, 5) != "//go:") comments.push_back(text);
    expected_row = ts_node_start_point(prev).row;
  }
  return doc_from_comments(comments);
}

std::string GoLanguage::signature(TSNode definition, std::string_view source) const {
  // A spec inside a parenthesised group reads better with its declaration keyword.
  std::string_view type = ts_node_type(definition);
  std::string_view text = node_text(definition, source);
  // Functions stop at their body, which may share the line (`func (p Point) X() int { return p.x }`).
  TSNode body = ts_node_child_by_field_name(definition, "body", 4);
  if (!ts_node_is_null(body)) text = text.substr(0, ts_node_start_byte(body) - ts_node_start_byte(definition));
  std::string line = first_line_signature(text);
  if (type == "const_spec") return "const " + line;
  if (type == "var_spec") return "var " + line;
  if (type == "type_spec" || type == "type_alias") return "type " + line;
  return line;
}

void GoLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  auto& references = result.references;
  const auto declared_names = type_declaration_names(result.symbols, root);
  references.erase(std::remove_if(references.begin(), references.end(),
                                  [&](const sdk::Reference& reference) {
                                    return reference.kind == sdk::ReferenceKind::reference &&
                                           declared_names.contains(position_key(reference.line, reference.column));
                                  }),
                   references.end());

  auto& symbols = result.symbols;
  rebuild_symbols(result, declaration_order(symbols, root, source));

  std::vector<bool> keep(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) keep[i] = !is_local(symbols, static_cast<std::int32_t>(i));

  // Methods are declared at top level; their receiver type gives the qualified name and parent.
  std::unordered_map<std::uint64_t, std::int32_t> top_level_methods;
  std::unordered_map<std::string_view, std::int32_t> top_level_types;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const sdk::Symbol& symbol = symbols[i];
    if (symbol.parent >= 0) continue;
    if (symbol.kind == SymbolKind::method) {
      top_level_methods.emplace(position_key(symbol.span.start_line, symbol.span.start_column),
                                static_cast<std::int32_t>(i));
    } else if (symbol.kind == SymbolKind::struct_ || symbol.kind == SymbolKind::interface ||
               symbol.kind == SymbolKind::type) {
      top_level_types.emplace(symbol.name, static_cast<std::int32_t>(i));
    }
  }
  for (uint32_t i = 0; i < ts_node_named_child_count(root); ++i) {
    TSNode node = ts_node_named_child(root, i);
    if (std::string_view(ts_node_type(node)) != "method_declaration") continue;
    TSPoint start = ts_node_start_point(node);
    auto method = top_level_methods.find(position_key(start.row + 1, start.column + 1));
    std::string_view receiver = receiver_type_name(node, source);
    if (method == top_level_methods.end() || receiver.empty()) continue;
    sdk::Symbol& symbol = symbols[method->second];
    symbol.qualified_name = std::string(receiver) + std::string(scope_separator()) + symbol.name;
    if (auto type = top_level_types.find(receiver); type != top_level_types.end()) symbol.parent = type->second;
  }

  rebuild_symbols(result, parents_first_order(symbols, keep));
}

}  // namespace ax::lang
