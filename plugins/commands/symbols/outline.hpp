// A file's outline: its symbols as a tree (each under its parent, siblings in source order), and its
// two printed forms — indented text, one symbol a line (like `ctags -x`), and JSON with nested
// `children` (like LSP documentSymbol). Logic only; the `ax symbols` command reads, parses or looks up
// the file and calls these.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <ax/sdk/json.hpp>
#include <ax/sdk/model.hpp>
#include <ax/sdk/storage.hpp>

namespace ax::symbols {

struct OutlineNode {
  sdk::Symbol symbol;  // symbol.parent is meaningless here: the tree says it
  std::vector<OutlineNode> children;
};

// Where an outline came from: the index (the file is indexed and unchanged since) or a parse now.
enum class OutlineSource { index, parse };

struct FileOutline {
  std::string path;      // as the user named it
  std::string language;  // the language plugin's id
  OutlineSource source = OutlineSource::parse;
  std::vector<OutlineNode> symbols;
};

// The tree of a parse result's symbols. A symbol whose parent index is out of range, or that would
// make a cycle, is put at the top level; siblings are ordered by start position, then as given.
std::vector<OutlineNode> outline_of(const std::vector<sdk::Symbol>& symbols);

// The same for symbols read from the store (linked by id / parent_id).
std::vector<OutlineNode> outline_of(const std::vector<sdk::StoredSymbol>& symbols);

// One line a symbol, indented two spaces a level: "<kind> <name>  <start>-<end>  <signature>"
// (the signature left out when empty or the same as the name).
void print_outline(std::ostream& out, const std::vector<OutlineNode>& symbols);

// {"path", "language", "source": "index"|"parse", "symbols": [{"name", "kind", "qualified_name",
// "start_line", "start_column", "end_line", "end_column", "signature", "doc", "children": [...]}]}
void write_outline_json(sdk::JsonWriter& json, const FileOutline& outline);

}  // namespace ax::symbols
