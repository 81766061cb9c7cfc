#include "python_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <cstdint>
#include <regex>
#include <utility>
#include <vector>

#include <ax/sdk/text.hpp>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_python();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

using sdk::is_space;

bool is_callable(SymbolKind kind) {
  return kind == SymbolKind::function || kind == SymbolKind::method || kind == SymbolKind::constructor ||
         kind == SymbolKind::property || kind == SymbolKind::getter || kind == SymbolKind::setter;
}

// What a function body may define that is not one of its locals.
bool is_nestable_definition(SymbolKind kind) {
  return kind == SymbolKind::function || kind == SymbolKind::method || kind == SymbolKind::class_ ||
         kind == SymbolKind::enum_ || kind == SymbolKind::interface;
}

// Visits `node` and its descendants in source order; `visit` returns false to skip a node's
// children. Iterative: Python code can nest deeply.
template <typename Visit>
void walk(TSNode node, Visit&& visit) {
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  while (true) {
    if (visit(ts_tree_cursor_current_node(&cursor)) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool advanced = false;
    do {
      advanced = ts_tree_cursor_goto_next_sibling(&cursor);
    } while (!advanced && ts_tree_cursor_goto_parent(&cursor));
    if (!advanced) break;
  }
  ts_tree_cursor_delete(&cursor);
}

// Byte ranges of the comments inside `node` that start before `end`.
std::vector<std::pair<std::uint32_t, std::uint32_t>> comments_before(TSNode node, std::uint32_t end) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> comments;
  walk(node, [&](TSNode current) {
    if (ts_node_start_byte(current) >= end) return false;
    if (std::string_view(ts_node_type(current)) != "comment") return true;
    comments.emplace_back(ts_node_start_byte(current), ts_node_end_byte(current));
    return false;
  });
  return comments;
}

// `text` on one line: whitespace runs become one space, none just inside brackets or before commas.
std::string one_line(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    bool glue = c == ')' || c == ']' || c == ',' || (!out.empty() && (out.back() == '(' || out.back() == '['));
    if (pending_space && !glue) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Line ranges (1-based, inclusive) of the top-level `if __name__ == "__main__":` blocks.
std::vector<std::pair<std::uint32_t, std::uint32_t>> main_blocks(TSNode root, std::string_view source) {
  static const std::regex kMainTest(R"(^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$)");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> blocks;
  uint32_t count = ts_node_named_child_count(root);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode statement = ts_node_named_child(root, i);
    if (std::string_view(ts_node_type(statement)) != "if_statement") continue;
    std::string_view condition = node_text(ts_node_child_by_field_name(statement, "condition", 9), source);
    if (!std::regex_match(condition.begin(), condition.end(), kMainTest)) continue;
    blocks.emplace_back(ts_node_start_point(statement).row + 1, ts_node_end_point(statement).row + 1);
  }
  return blocks;
}

// Start points of the names `type X = …` defines: the annotation patterns see them as type uses.
std::vector<TSPoint> alias_names(TSNode root) {
  std::vector<TSPoint> names;
  walk(root, [&](TSNode node) {
    if (std::string_view(ts_node_type(node)) != "type_alias_statement") return true;
    TSNode left = ts_node_child_by_field_name(node, "left", 4);
    if (!ts_node_is_null(left)) names.push_back(ts_node_start_point(left));
    return false;
  });
  return names;
}

}  // namespace

PythonLanguage::PythonLanguage()
    : TreeSitterLanguage({"python",
                          "Python",
                          // .gyp/.gypi: GYP build files; .pyde: Processing.py; .tac: Twisted; .rpy and .spec
                          // are shared with Ren'Py and RPM/Ruby, .cgi and .fcgi with other CGI languages.
                          {".py", ".pyi", ".pyw", ".cgi", ".fcgi", ".gyp", ".gypi", ".lmi", ".py3", ".pyde", ".pyp",
                           ".pyt", ".rpy", ".spec", ".tac", ".wsgi", ".xpy"},
                          {"SConstruct", "SConscript", "wscript", "DEPS", ".gclient"},
                          // uv: `#!/usr/bin/env -S uv run --script` (PEP 723 scripts).
                          {"python", "python3", "python2", "py", "pypy", "pypy3", "uv"}},
                         {{tree_sitter_python(), k_tags_query, {}}}),
      walker_(tree_sitter_python()) {}

bool PythonLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

sdk::Confidence PythonLanguage::check_content(std::string_view path, std::string_view head) const {
  namespace content = ax::lang::content;
  if (!content::has_any_suffix(path, {".cgi", ".fcgi", ".spec", ".rpy"})) return sdk::Confidence::maybe;
  if (content::has_foreign_shebang(head, {"python", "py", "pypy", "uv"})) return sdk::Confidence::no;
  if (!content::shebang_line(head).empty()) return sdk::Confidence::certain;
  if (content::has_suffix(path, ".spec")) {
    // PyInstaller specs; RPM specs ("Name:", "%build") and Ruby gem/RSpec files are not Python.
    bool pyinstaller = head.find("Analysis(") != std::string_view::npos ||
                       head.find("PYZ(") != std::string_view::npos ||
                       head.find("mode: python") != std::string_view::npos;
    return pyinstaller ? sdk::Confidence::likely : sdk::Confidence::no;
  }
  // Ren'Py scripts are mostly labels, screens and dialogue; Python modules start with imports or defs.
  if (content::has_suffix(path, ".rpy") &&
      content::any_line_starts_with(head, {"label", "screen", "init", "transform", "image", "menu"}))
    return sdk::Confidence::no;
  return content::any_line_starts_with(head, {"import", "from", "def", "class", "async def", "if __name__"})
             ? sdk::Confidence::likely
             : sdk::Confidence::no;
}

std::string PythonLanguage::signature(TSNode definition, std::string_view source) const {
  std::string_view type = ts_node_type(definition);
  if (type == "function_definition" || type == "class_definition") {
    TSNode body = ts_node_child_by_field_name(definition, "body", 4);
    std::uint32_t start = ts_node_start_byte(definition);
    std::uint32_t end = ts_node_is_null(body) ? ts_node_end_byte(definition) : ts_node_start_byte(body);
    end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(source.size()));
    const auto comments = comments_before(definition, end);
    std::string head;
    for (std::uint32_t at = start; at < end;) {
      auto comment = std::find_if(comments.begin(), comments.end(), [&](const auto& c) { return c.first == at; });
      if (comment != comments.end()) {
        at = comment->second;
        continue;
      }
      head += source[at++];
    }
    std::string line = one_line(head);
    while (!line.empty() && (line.back() == ':' || is_space(line.back()))) line.pop_back();
    return first_line_signature(line);
  }
  if (type == "assignment") {
    // `NAME = {` → "NAME = {…}": the value's first line, its bracket closed for readability.
    std::string_view text = node_text(definition, source);
    std::string_view line = text.substr(0, text.find('\n'));
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    if (line.size() < text.size() && !line.empty()) {
      char open = line.back();
      char close = open == '{' ? '}' : open == '[' ? ']' : open == '(' ? ')' : '\0';
      if (close != '\0') return first_line_signature(std::string(line) + "…" + close);
    }
  }
  if (type == "identifier") {
    // A target of `a, b = …`: the statement it belongs to.
    for (TSNode parent = parent_node(definition); !ts_node_is_null(parent); parent = parent_node(parent))
      if (std::string_view(ts_node_type(parent)) == "assignment")
        return first_line_signature(node_text(parent, source));
  }
  return TreeSitterLanguage::signature(definition, source);
}

void PythonLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  const auto blocks = main_blocks(root, source);
  auto& symbols = result.symbols;
  std::vector<bool> drop(symbols.size(), false);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::int32_t parent = symbols[i].parent;
    // Parents precede children, so a dropped parent's flag is already known. Functions and classes
    // defined in a function (closures, decorator wrappers, local classes) are definitions readers
    // look for, as ctags lists them; a function's variables are its locals.
    bool local =
        parent >= 0 &&
        (drop[static_cast<std::size_t>(parent)] ||
         (is_callable(symbols[static_cast<std::size_t>(parent)].kind) && !is_nestable_definition(symbols[i].kind)));
    bool in_main = std::any_of(blocks.begin(), blocks.end(), [&](const auto& block) {
      return symbols[i].span.start_line >= block.first && symbols[i].span.start_line <= block.second;
    });
    drop[i] = local || in_main;
  }

  // Renumber: a kept symbol's parent is kept (dropping is inherited), references move to the
  // nearest kept ancestor of their enclosing symbol.
  std::vector<std::int32_t> new_index(symbols.size(), -1);
  std::int32_t next_index = 0;
  for (std::size_t i = 0; i < symbols.size(); ++i)
    if (!drop[i]) new_index[i] = next_index++;
  for (auto& reference : result.references) {
    std::int32_t enclosing = reference.enclosing;
    while (enclosing >= 0 && drop[static_cast<std::size_t>(enclosing)])
      enclosing = symbols[static_cast<std::size_t>(enclosing)].parent;
    reference.enclosing = enclosing < 0 ? -1 : new_index[static_cast<std::size_t>(enclosing)];
  }
  std::vector<sdk::Symbol> kept;
  kept.reserve(static_cast<std::size_t>(next_index));
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (drop[i]) continue;
    sdk::Symbol symbol = std::move(symbols[i]);
    if (symbol.parent >= 0) symbol.parent = new_index[static_cast<std::size_t>(symbol.parent)];
    kept.push_back(std::move(symbol));
  }
  symbols = std::move(kept);

  const std::vector<TSPoint> aliases = alias_names(root);
  std::erase_if(result.references, [&](const sdk::Reference& reference) {
    return std::any_of(aliases.begin(), aliases.end(), [&](const TSPoint& point) {
      return reference.line == point.row + 1 && reference.column == point.column + 1;
    });
  });
}

}  // namespace ax::lang
