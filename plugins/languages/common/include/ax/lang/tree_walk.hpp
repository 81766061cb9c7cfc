// Building blocks of a language's own walk of a syntax tree (TreeSitterLanguage::walk_tags): node
// kinds resolved to symbol ids once per grammar, a pre-order walk of every node, and the children
// of a node with the field each is in. All steps go down or sideways with tree cursors, never up
// from a node (which tree-sitter finds by descending from the root again).
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include <ax/lang/parse_budget.hpp>

#include "tree_sitter/api.h"

namespace ax::lang {

// The kind a walk cares about of every node symbol of a grammar, `Kind{}` for the others: several
// symbols may share a name (aliases), and a query names nodes by name, so every one is mapped.
template <typename Kind>
class NodeKinds {
 public:
  NodeKinds(const TSLanguage* language, std::initializer_list<std::pair<std::string_view, Kind>> named) {
    const std::uint32_t count = ts_language_symbol_count(language);
    kinds_.assign(count, Kind{});
    for (TSSymbol symbol = 0; symbol < count; ++symbol) {
      if (ts_language_symbol_type(language, symbol) != TSSymbolTypeRegular) continue;
      const std::string_view name = ts_language_symbol_name(language, symbol);
      for (const auto& [wanted, kind] : named)
        if (name == wanted) kinds_[symbol] = kind;
    }
  }
  Kind operator()(TSNode node) const {
    const TSSymbol symbol = ts_node_symbol(node);
    return symbol < kinds_.size() ? kinds_[symbol] : Kind{};
  }
  // Whether `node` is there (an absent child is a null node) and of `kind`.
  bool is(TSNode node, Kind kind) const { return !ts_node_is_null(node) && (*this)(node) == kind; }

 private:
  std::vector<Kind> kinds_;
};

// Calls visit(node, parent, cursor) on every node under `root` (itself included; its parent is a
// null node), parents before children, in source order, with the cursor standing on the node (for
// ts_tree_cursor_current_field_id); polls the parse budget on the way.
template <typename Visit>
void walk_preorder(TSNode root, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  struct Deleter {
    TSTreeCursor* cursor;
    ~Deleter() { ts_tree_cursor_delete(cursor); }
  } deleter{&cursor};
  std::vector<TSNode> parents{TSNode{}};
  for (;;) {
    poll_parse_budget();
    const TSNode node = ts_tree_cursor_current_node(&cursor);
    visit(node, parents.back(), cursor);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      parents.push_back(node);
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) return;
      parents.pop_back();
    }
  }
}

// Calls visit(child, field id) on each child of a node (named or not), in order: the children a
// query's child patterns are matched against, with the field the query's `field:` tests. A cursor
// per level of nesting is kept for reuse (resetting one keeps its memory): one per walk and thread.
class ChildCursors {
 public:
  ChildCursors() = default;
  ChildCursors(const ChildCursors&) = delete;
  ChildCursors& operator=(const ChildCursors&) = delete;
  ~ChildCursors() {
    for (TSTreeCursor& cursor : cursors_) ts_tree_cursor_delete(&cursor);
  }

  template <typename Visit>
  void for_each_child(TSNode node, Visit&& visit) {
    if (depth_ == cursors_.size()) {
      cursors_.push_back(ts_tree_cursor_new(node));
    } else {
      ts_tree_cursor_reset(&cursors_[depth_], node);
    }
    TSTreeCursor& cursor = cursors_[depth_];
    ++depth_;
    struct Leave {
      std::size_t& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    if (!ts_tree_cursor_goto_first_child(&cursor)) return;
    do {
      visit(ts_tree_cursor_current_node(&cursor), ts_tree_cursor_current_field_id(&cursor));
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }

 private:
  std::deque<TSTreeCursor> cursors_;  // a deque: a cursor in use stays put while deeper ones are added
  std::size_t depth_ = 0;
};

// A field's id, or 0 when the grammar has no such field (and so no child is ever in it).
inline TSFieldId field_id(const TSLanguage* language, std::string_view name) {
  return ts_language_field_id_for_name(language, name.data(), static_cast<std::uint32_t>(name.size()));
}

}  // namespace ax::lang
