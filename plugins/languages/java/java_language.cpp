#include "java_language.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_java();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

std::string_view type_of(TSNode node) { return ts_node_type(node); }

bool is_annotation(TSNode node) {
  std::string_view type = type_of(node);
  return type == "annotation" || type == "marker_annotation";
}

bool same_span(const sdk::Span& a, const sdk::Span& b) {
  return a.start_line == b.start_line && a.start_column == b.start_column && a.end_line == b.end_line &&
         a.end_column == b.end_column;
}

TSNode node_of(TSNode root, const sdk::Span& span) {
  return ts_node_descendant_for_point_range(root, {span.start_line - 1, span.start_column - 1},
                                            {span.end_line - 1, span.end_column - 1});
}

// Byte offset of the identifier spelled `name` that a declaration of several fields declares
// (field_declaration > variable_declarator > name): the search stays within those two levels
// instead of walking initialiser expressions of any depth.
std::optional<uint32_t> name_offset(TSNode node, std::string_view name, std::string_view source, int depth = 2) {
  for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (type_of(child) == "identifier" && node_text(child, source) == name) return ts_node_start_byte(child);
    if (depth > 1)
      if (auto offset = name_offset(child, name, source, depth - 1)) return offset;
  }
  return std::nullopt;
}

// Declarations inside a method, constructor or field initialiser (local and anonymous classes)
// are not members of anything a reader navigates to.
bool is_local(const std::vector<sdk::Symbol>& symbols, std::int32_t index) {
  for (std::int32_t p = symbols[index].parent; p >= 0; p = symbols[p].parent) {
    SymbolKind kind = symbols[p].kind;
    if (kind == SymbolKind::method || kind == SymbolKind::constructor || kind == SymbolKind::field ||
        kind == SymbolKind::constant)
      return true;
  }
  return false;
}

// Source order without locals; names declared together in the order written (the extractor
// leaves their relative order unspecified).
std::vector<std::int32_t> member_order(const std::vector<sdk::Symbol>& symbols, TSNode root, std::string_view source) {
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < symbols.size(); ++i)
    if (!is_local(symbols, static_cast<std::int32_t>(i))) order.push_back(static_cast<std::int32_t>(i));
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first + 1;
    while (last < order.size() && same_span(symbols[order[last]].span, symbols[order[first]].span)) ++last;
    if (last - first > 1) {
      TSNode node = node_of(root, symbols[order[first]].span);
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

enum class TypeUse { keep, drop, call };

// What a captured type name is: the type of `new X()` is a call of X; the T of `<T extends …>`
// declares a name; `java` and `util` in `java.util.List` are qualifiers, not the type used.
TypeUse classify_type_use(TSNode root, const sdk::Reference& reference) {
  // The name's own extent (names are single-line) selects its node, not a token ending where it starts.
  TSPoint start{reference.line - 1, reference.column - 1};
  TSPoint end{start.row, start.column + static_cast<uint32_t>(reference.name.size())};
  TSNode node = ts_node_named_descendant_for_point_range(root, start, end);
  TSNode parent = parent_node(node);
  if (ts_node_is_null(parent)) return TypeUse::keep;
  if (type_of(parent) == "type_parameter") return TypeUse::drop;
  // `java.util.function.Function` nests as (((java util) function) Function): only the last name
  // of the outermost scope is the type.
  while (!ts_node_is_null(parent) && type_of(parent) == "scoped_type_identifier") {
    uint32_t count = ts_node_named_child_count(parent);
    if (!ts_node_eq(ts_node_named_child(parent, count - 1), node)) return TypeUse::drop;
    node = parent;
    parent = parent_node(node);
  }
  if (!ts_node_is_null(parent) && type_of(parent) == "generic_type" &&
      ts_node_eq(ts_node_named_child(parent, 0), node)) {
    node = parent;
    parent = parent_node(node);
  }
  if (!ts_node_is_null(parent) && type_of(parent) == "object_creation_expression" &&
      ts_node_eq(ts_node_child_by_field_name(parent, "type", 4), node))
    return TypeUse::call;
  return TypeUse::keep;
}

// `import static java.util.Map.entry;` gives `java.util.Map.entry`; `import java.io.*;` gives `java.io.*`.
// Whether an import declaration is `import static …`.
bool is_static_import(std::string_view declaration) {
  auto skip_space = [&] {
    while (!declaration.empty() && (declaration.front() == ' ' || declaration.front() == '\t' ||
                                    declaration.front() == '\n' || declaration.front() == '\r'))
      declaration.remove_prefix(1);
  };
  skip_space();
  if (!declaration.starts_with("import")) return false;
  declaration.remove_prefix(6);
  const bool separated = !declaration.empty() && (declaration.front() == ' ' || declaration.front() == '\t' ||
                                                  declaration.front() == '\n' || declaration.front() == '\r');
  skip_space();
  return separated && declaration.starts_with("static") && declaration.size() > 6 &&
         (declaration[6] == ' ' || declaration[6] == '\t' || declaration[6] == '\n' || declaration[6] == '\r');
}

std::string import_specifier(std::string_view declaration) {
  std::string out;
  std::string word;
  auto flush_word = [&] {
    if (word.empty()) return;
    if (out.empty() && (word == "import" || word == "static")) {
      word.clear();
      return;
    }
    out += word;
    word.clear();
  };
  for (char c : declaration) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      flush_word();
    } else if (c == '.' || c == '*') {
      flush_word();
      out += c;
    } else {
      word += c;
    }
  }
  flush_word();
  return out;
}

}  // namespace

JavaLanguage::JavaLanguage()
    // .jsh: JShell scripts. "java" as an interpreter: single-file source programs run as `#!/usr/bin/java --source 17`.
    : TreeSitterLanguage({"java", "Java", {".java", ".jav", ".jsh"}, {}, {"java"}},
                         {{tree_sitter_java(), k_tags_query, {}}}),
      walker_(tree_sitter_java()) {}

bool JavaLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

std::string JavaLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // The Javadoc directly above; line comments in between (`// NOSONAR`) do not break it. Annotations
  // belong to the declaration's own modifiers, so the Javadoc above them is a sibling too.
  uint32_t expected_row = ts_node_start_point(definition).row;
  for (TSNode prev = prev_named_sibling(definition); !ts_node_is_null(prev); prev = prev_named_sibling(prev)) {
    if (ts_node_end_point(prev).row + 1 < expected_row) break;
    std::string_view type = type_of(prev);
    if (type == "line_comment") {
      expected_row = ts_node_start_point(prev).row;
      continue;
    }
    std::string_view text = node_text(prev, source);
    if (type == "block_comment" && text.size() > 4 && text.substr(0, 3) == "/**") return strip_comment_markers(text);
    break;
  }
  return {};
}

std::string JavaLanguage::signature(TSNode definition, std::string_view source) const {
  // From the first modifier or keyword after the annotations up to the body.
  uint32_t start = ts_node_start_byte(definition);
  TSNode first = ts_node_child(definition, 0);
  if (!ts_node_is_null(first) && type_of(first) == "modifiers") {
    TSNode after = next_sibling(first);
    start = ts_node_is_null(after) ? ts_node_end_byte(first) : ts_node_start_byte(after);
    for (uint32_t i = 0; i < ts_node_child_count(first); ++i) {
      TSNode modifier = ts_node_child(first, i);
      std::string_view type = type_of(modifier);
      if (!is_annotation(modifier) && type != "line_comment" && type != "block_comment") {
        start = ts_node_start_byte(modifier);
        break;
      }
    }
  }
  uint32_t end = ts_node_end_byte(definition);
  TSNode body = ts_node_child_by_field_name(definition, "body", 4);
  if (!ts_node_is_null(body)) end = ts_node_start_byte(body);
  if (end <= start || end > source.size()) return first_line_signature(node_text(definition, source));
  std::string line = first_line_signature(source.substr(start, end - start));
  if (!line.empty() && line.back() == ';') line = first_line_signature(line.substr(0, line.size() - 1));
  return line;
}

void JavaLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  auto& references = result.references;
  std::vector<sdk::Reference> kept;
  kept.reserve(references.size());
  for (auto& reference : references) {
    if (reference.kind == sdk::ReferenceKind::reference) {
      TypeUse use = classify_type_use(root, reference);
      if (use == TypeUse::drop) continue;
      if (use == TypeUse::call) reference.kind = sdk::ReferenceKind::call;
    }
    kept.push_back(std::move(reference));
  }
  references = std::move(kept);

  rebuild_symbols(result, member_order(result.symbols, root, source));
}

void JavaLanguage::post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode,
                                        std::string_view) const {
  for (std::size_t i = 0; i < imports.size(); ++i) {
    kinds[i] = is_static_import(imports[i].specifier) ? "static" : "import";
    imports[i].specifier = import_specifier(imports[i].specifier);
  }
}

}  // namespace ax::lang
