#include "outline.hpp"

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <optional>
#include <unordered_map>

#include <ax/sdk/text.hpp>

namespace ax::symbols {
namespace {

bool starts_before(const sdk::Symbol& a, const sdk::Symbol& b) {
  if (a.span.start_line != b.span.start_line) return a.span.start_line < b.span.start_line;
  return a.span.start_column < b.span.start_column;
}

// Builds the tree from symbols and, for each, the index of its parent (nullopt at top level).
std::vector<OutlineNode> build_tree(const std::vector<sdk::Symbol>& symbols,
                                    std::vector<std::optional<std::size_t>> parents) {
  const std::size_t count = symbols.size();
  // A parent chain that does not reach the top level within `count` steps is a cycle: cut it there.
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<std::size_t> at = parents[i];
    std::size_t steps = 0;
    while (at && steps <= count) at = parents[*at], ++steps;
    if (at) parents[i].reset();
  }
  std::vector<std::vector<std::size_t>> children(count);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < count; ++i) (parents[i] ? children[*parents[i]] : roots).push_back(i);

  auto by_position = [&](std::size_t a, std::size_t b) { return starts_before(symbols[a], symbols[b]); };
  auto make = [&](auto& self, std::size_t index) -> OutlineNode {
    OutlineNode node{symbols[index], {}};
    node.symbol.parent = -1;
    auto& mine = children[index];
    std::stable_sort(mine.begin(), mine.end(), by_position);
    for (std::size_t child : mine) node.children.push_back(self(self, child));
    return node;
  };
  std::stable_sort(roots.begin(), roots.end(), by_position);
  std::vector<OutlineNode> out;
  for (std::size_t root : roots) out.push_back(make(make, root));
  return out;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return out;
}

void print_nodes(std::ostream& out, const std::vector<OutlineNode>& nodes, std::size_t depth) {
  for (const auto& node : nodes) {
    const sdk::Symbol& symbol = node.symbol;
    out << std::string(depth * 2, ' ') << sdk::to_string(symbol.kind) << ' ' << sdk::printable(symbol.name) << "  "
        << symbol.span.start_line << '-' << symbol.span.end_line;
    const std::string_view signature = sdk::trim(symbol.signature);
    if (!signature.empty() && signature != symbol.name) out << "  " << one_line(signature);
    out << '\n';
    print_nodes(out, node.children, depth + 1);
  }
}

void write_nodes(sdk::JsonWriter& json, const std::vector<OutlineNode>& nodes) {
  json.begin_array();
  for (const auto& node : nodes) {
    const sdk::Symbol& symbol = node.symbol;
    json.begin_object()
        .field("name", symbol.name)
        .field("kind", sdk::to_string(symbol.kind))
        .field("qualified_name", symbol.qualified_name)
        .field("start_line", symbol.span.start_line)
        .field("start_column", symbol.span.start_column)
        .field("end_line", symbol.span.end_line)
        .field("end_column", symbol.span.end_column)
        .field("signature", symbol.signature)
        .field("doc", symbol.doc);
    json.key("children");
    write_nodes(json, node.children);
    json.end_object();
  }
  json.end_array();
}

}  // namespace

std::vector<OutlineNode> outline_of(const std::vector<sdk::Symbol>& symbols) {
  std::vector<std::optional<std::size_t>> parents(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::int32_t parent = symbols[i].parent;
    if (parent >= 0 && static_cast<std::size_t>(parent) < symbols.size() && static_cast<std::size_t>(parent) != i)
      parents[i] = static_cast<std::size_t>(parent);
  }
  return build_tree(symbols, std::move(parents));
}

std::vector<OutlineNode> outline_of(const std::vector<sdk::StoredSymbol>& stored) {
  std::unordered_map<std::uint64_t, std::size_t> index_of;
  for (std::size_t i = 0; i < stored.size(); ++i) index_of.emplace(stored[i].id, i);
  std::vector<sdk::Symbol> symbols;
  std::vector<std::optional<std::size_t>> parents(stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    symbols.push_back(stored[i].symbol);
    auto found = index_of.find(stored[i].parent_id);
    if (stored[i].parent_id != 0 && found != index_of.end() && found->second != i) parents[i] = found->second;
  }
  return build_tree(symbols, std::move(parents));
}

void print_outline(std::ostream& out, const std::vector<OutlineNode>& symbols) { print_nodes(out, symbols, 0); }

void write_outline_json(sdk::JsonWriter& json, const FileOutline& outline) {
  json.begin_object()
      .field("path", outline.path)
      .field("language", outline.language)
      .field("source", outline.source == OutlineSource::index ? "index" : "parse");
  json.key("symbols");
  write_nodes(json, outline.symbols);
  json.end_object();
}

}  // namespace ax::symbols
