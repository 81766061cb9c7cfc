// What the YAML, JSON and TOML plugins share (the ax_lang_config_formats library, which each of them
// links): configuration files are trees of keys, and all three preview, document and arrange
// those keys the same way.
//
// The tags query of each plugin decides which nodes are symbols and of which kind (well-known
// shapes such as `jobs.<id>` come first); post_process then walks the tree once to name them
// (quotes removed, dotted paths), attach doc comments and compute richer signatures.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ax/lang/tree_sitter_language.hpp>

namespace ax::lang::config {

// Longest value preview in a signature, in bytes; longer values end in "…".
inline constexpr std::size_t kPreviewLimit = 80;

// The first line of `text`, trimmed and cut to kPreviewLimit bytes (never inside a UTF-8 sequence);
// "…" marks anything left out.
std::string preview(std::string_view text);

// Decodes the backslash escapes of JSON, TOML and YAML double-quoted strings (\" \\ \/ \b \f \n \r
// \t \e \0 \xXX \uXXXX with surrogate pairs, \UXXXXXXXX); an unknown escape is kept as written.
std::string unescape(std::string_view text);

// A key as its name: surrounding double quotes removed with escapes decoded, single quotes removed
// with '' read as ' (YAML); a bare key is returned trimmed.
std::string unquote_key(std::string_view key);

std::string join(const std::vector<std::string>& segments, std::string_view separator);

// A node's start as a comparable number (row, then column).
inline std::uint64_t point_key(TSPoint point) { return (std::uint64_t{point.row} << 32) | point.column; }

// Where a node's content ends: the end of its last descendant that is not a comment. Grammars
// let a node reach over trailing comments and line breaks (a YAML value up to the next key's doc
// comment, a TOML table up to the next header); a symbol's span should not.
TSPoint content_end(TSNode node, std::string_view source);

// Sets the end of `span` to content_end(node).
void end_at_content(sdk::Span& span, TSNode node, std::string_view source);

// The symbols extracted from a node: the extractor lists symbols in document order, so the ones
// whose span is exactly the node's are found by binary search.
class DefinitionIndex {
 public:
  explicit DefinitionIndex(const std::vector<sdk::Symbol>& symbols);
  // Indices of the symbols spanning exactly `node`, in order.
  std::vector<std::int32_t> at(TSNode node) const;

 private:
  std::vector<std::pair<std::uint64_t, std::int32_t>> starts_;  // (point_key of start, symbol index)
  const std::vector<sdk::Symbol>& symbols_;
};

// The comments seen so far in a walk of the tree in document order, to find the doc comment of a
// definition: the comments on their own lines directly above it, with no blank line in between,
// when the definition is the first thing on its line.
class CommentIndex {
 public:
  // Comments must be added in document order.
  void add(TSNode comment);
  std::string doc_above(std::uint32_t start_byte, std::string_view source) const;

 private:
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges_;  // [start, end) bytes
};

// Rebuilds qualified names along the parent chain: a top-level symbol is its name, a nested one
// its parent's qualified name, the separator and its name. A resource names its own path
// ("Deployment/web") and keeps it.
void requalify(sdk::ParseResult& result, std::string_view separator);

// Owns a tree-sitter cursor over the subtree of a node.
class TreeCursor {
 public:
  explicit TreeCursor(TSNode node) : cursor_(ts_tree_cursor_new(node)) {}
  ~TreeCursor() { ts_tree_cursor_delete(&cursor_); }
  TreeCursor(const TreeCursor&) = delete;
  TreeCursor& operator=(const TreeCursor&) = delete;
  TSTreeCursor* get() { return &cursor_; }

 private:
  TSTreeCursor cursor_;
};

// Calls visit(child) for each named child of `node`, in order, until it returns false. A cursor
// steps from child to child in constant time, where ts_node_named_child(i) walks from the first.
template <class Visit>
void for_each_named_child(TSNode node, Visit&& visit) {
  TreeCursor owner(node);
  TSTreeCursor* cursor = owner.get();
  if (!ts_tree_cursor_goto_first_child(cursor)) return;
  do {
    TSNode child = ts_tree_cursor_current_node(cursor);
    if (ts_node_is_named(child) && !visit(child)) return;
  } while (ts_tree_cursor_goto_next_sibling(cursor));
}

// Calls enter(node) for every node in document order (parents first) and leave(node) after the
// node's subtree; enter returns false to skip the subtree. Iterative: deeply nested input must not
// exhaust the stack.
template <class Enter, class Leave>
void walk_tree(TSNode root, Enter&& enter, Leave&& leave) {
  TreeCursor owner(root);
  TSTreeCursor* cursor = owner.get();
  bool descend = enter(ts_tree_cursor_current_node(cursor));
  while (true) {
    if (descend && ts_tree_cursor_goto_first_child(cursor)) {
      descend = enter(ts_tree_cursor_current_node(cursor));
      continue;
    }
    // The current node is done; move to its next sibling, or climb until an ancestor has one.
    while (true) {
      leave(ts_tree_cursor_current_node(cursor));
      if (ts_tree_cursor_goto_next_sibling(cursor)) {
        descend = enter(ts_tree_cursor_current_node(cursor));
        break;
      }
      if (!ts_tree_cursor_goto_parent(cursor)) return;
    }
  }
}

// Deepest bracket nesting parsed: deeper input is pathological (generated or garbage) and costs
// quadratic time and memory in qualified names, so what lies inside deeper brackets is blanked out
// (the brackets around it kept) and the result says so.
inline constexpr std::size_t kMaxNesting = 256;

// How brackets are hidden from nesting_cut in a language: inside strings and comments.
struct NestingSyntax {
  bool slash_comments = false;       // // and /* */ (JSON with comments)
  bool hash_comments = false;        // # (TOML, YAML)
  bool single_quotes = false;        // '…' strings without escapes (TOML literal, YAML single-quoted)
  bool triple_quotes = false;        // """…""" and '''…''' (TOML multi-line strings)
  bool quotes_start_tokens = false;  // a quote or # counts only where a token starts (YAML: don't, a#b)
};

// The offset of the first `{` or `[` nested deeper than kMaxNesting, or npos.
std::size_t nesting_cut(std::string_view source, const NestingSyntax& syntax);
// Replaces with spaces (line breaks kept) the inside of every bracket nested deeper than
// kMaxNesting, up to its closing bracket or the end; returns how many such regions there were.
std::size_t blank_deep_nesting(std::string& text, const NestingSyntax& syntax);

// The language base of the three plugins.
class ConfigLanguage : public TreeSitterLanguage {
 public:
  using TreeSitterLanguage::TreeSitterLanguage;

  // Doc comments are attached in post_process from a CommentIndex: looking for comments around each
  // definition separately searches its siblings, which is quadratic on large data files.
  std::string doc_comment(TSNode, std::string_view) const override { return {}; }

  // Blanks out brackets nested too deep (nesting_syntax), parses only the part of a file before
  // where it becomes unparseable (cut_offset), marking such a result partial, and parses a file in
  // pieces where the language asks (split_offsets).
  std::unique_ptr<sdk::SourceParser> make_parser() const override;

  // Where brackets are not brackets (strings, comments) in this language.
  virtual NestingSyntax nesting_syntax() const = 0;

  // Where `source` must be cut before parsing, or npos to parse it whole.
  virtual std::size_t cut_offset(std::string_view source) const {
    (void)source;
    return std::string_view::npos;
  }

  // Offsets of line starts where `source` is split into pieces parsed one by one (increasing;
  // empty: parse it whole). Symbols, references and imports of the pieces are joined with their
  // lines shifted, so the pieces must be independent (separate documents, top-level entries).
  virtual std::vector<std::size_t> split_offsets(std::string_view source) const {
    (void)source;
    return {};
  }
};

}  // namespace ax::lang::config
