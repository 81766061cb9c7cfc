#include "dart_language.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_dart_orchard();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

std::string_view type_of(TSNode node) { return ts_node_type(node); }

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

bool is_definition_type(std::string_view type) {
  return is_one_of(
      type, {"class_definition", "mixin_declaration", "extension_declaration", "extension_type_declaration",
             "representation_declaration", "enum_declaration", "enum_constant", "type_alias", "function_declaration",
             "function_signature", "getter_signature", "setter_signature", "method_declaration", "method_signature",
             "declaration", "static_final_declaration", "initialized_identifier"});
}

// Nodes whose children are members (or top-level declarations).
bool is_body(std::string_view type) {
  return is_one_of(type, {"program", "class_body", "extension_body", "enum_body"});
}

// What may precede the declarator list of a top-level variable: `late final Map<K, V>? x`.
bool is_declaration_prefix(std::string_view type) {
  return is_one_of(
      type, {"const_builtin", "final_builtin", "inferred_type", "type_identifier", "type_arguments", "nullable_type",
             "function_type", "void_type", "late", "external", "static", "covariant", "?", "."});
}

bool same_extent(TSNode a, TSNode b) {
  return ts_node_start_byte(a) == ts_node_start_byte(b) && ts_node_end_byte(a) == ts_node_end_byte(b);
}

// The definition node a symbol was extracted from: the outermost definition with exactly its span.
TSNode definition_node(TSNode root, const sdk::Span& span) {
  TSPoint start{span.start_line - 1, span.start_column - 1};
  TSPoint end{span.end_line - 1, span.end_column - 1};
  TSNode node = ts_node_descendant_for_point_range(root, start, end);
  TSNode best = node;
  for (TSNode n = node; !ts_node_is_null(n) && same_extent(n, node); n = parent_node(n))
    if (is_definition_type(type_of(n))) best = n;
  return best;
}

// The node of a referenced name (names are single-line).
TSNode reference_node(TSNode root, const sdk::Reference& reference) {
  TSPoint start{reference.line - 1, reference.column - 1};
  TSPoint end{start.row, start.column + static_cast<uint32_t>(reference.name.size())};
  return ts_node_named_descendant_for_point_range(root, start, end);
}

// The first of the nodes that make up a flat top-level variable declaration (`const int x = 1;`
// is `const`, `int` and the declarator list side by side), given its declarator list.
TSNode declaration_start(TSNode list) {
  TSNode first = list;
  for (TSNode prev = prev_sibling(list); !ts_node_is_null(prev); prev = prev_sibling(prev)) {
    if (!is_declaration_prefix(type_of(prev))) break;
    first = prev;
  }
  return first;
}

// The member a definition belongs to: the child of a body (class, extension, enum or file) that
// holds it; for a flat top-level variable, the first of its modifiers.
TSNode member_node(TSNode definition) {
  TSNode node = definition;
  for (TSNode parent = parent_node(node); !ts_node_is_null(parent) && !is_body(type_of(parent));
       parent = parent_node(node))
    node = parent;
  TSNode parent = parent_node(node);
  if (!ts_node_is_null(parent) && type_of(parent) == "program" &&
      is_one_of(type_of(node), {"static_final_declaration_list", "initialized_identifier_list"}))
    return declaration_start(node);
  return node;
}

// `==` of `bool operator ==(Object other)`: the text between `operator` and the parameters.
std::string operator_name(TSNode signature, std::string_view source) {
  std::string name;
  bool after_keyword = false;
  for (uint32_t i = 0; i < ts_node_child_count(signature); ++i) {
    TSNode child = ts_node_child(signature, i);
    std::string_view type = type_of(child);
    if (type == "operator" && !ts_node_is_named(child)) {
      after_keyword = true;
    } else if (type == "formal_parameter_list") {
      break;
    } else if (after_keyword) {
      for (char c : node_text(child, source))
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') name += c;
    }
  }
  return name;
}

TSNode child_of_type(TSNode node, std::string_view type) {
  for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (type_of(child) == type) return child;
  }
  return {};
}

// `const` of a field or top-level variable, whose declarator is `declarator`.
bool is_const(TSNode declarator) {
  TSNode list = parent_node(declarator);
  if (ts_node_is_null(list)) return false;
  TSNode container = parent_node(list);
  if (!ts_node_is_null(container) && type_of(container) == "declaration")
    return !ts_node_is_null(child_of_type(container, "const_builtin"));
  for (TSNode n = declaration_start(list); !ts_node_eq(n, list); n = next_sibling(n))
    if (type_of(n) == "const_builtin") return true;
  return false;
}

enum class TypeUse { keep, drop, call };

// A captured type name is the name a typedef or type parameter declares or an import prefix
// (dropped), the class of an unnamed constructor call `Point(…)` after `new`/`const` (a call), or
// a use of the type.
TypeUse classify_type_use(TSNode node) {
  TSNode parent = parent_node(node);
  if (ts_node_is_null(parent)) return TypeUse::keep;
  std::string_view parent_type = type_of(parent);
  // `http` of `http.Client` is an import prefix, not a type.
  TSNode next = next_sibling(node);
  if (!ts_node_is_null(next) && type_of(next) == ".") {
    TSNode qualified = next_sibling(next);
    if (!ts_node_is_null(qualified) && type_of(qualified) == "type_identifier") return TypeUse::drop;
  }
  if (parent_type == "type_parameter") {
    return ts_node_eq(ts_node_named_child(parent, 0), node) ? TypeUse::drop : TypeUse::keep;
  }
  if (parent_type == "type_alias") {
    bool is_name =
        !ts_node_is_null(next) && is_one_of(type_of(next), {"=", "type_parameters", "formal_parameter_list"});
    return is_name ? TypeUse::drop : TypeUse::keep;
  }
  if (is_one_of(parent_type, {"new_expression", "const_object_expression", "constructor_invocation"})) {
    return ts_node_is_null(child_of_type(parent, "identifier")) ? TypeUse::call : TypeUse::keep;
  }
  return TypeUse::keep;
}

// (line, column) positions, compared in reading order.
bool before(uint32_t line_a, uint32_t column_a, uint32_t line_b, uint32_t column_b) {
  return line_a < line_b || (line_a == line_b && column_a < column_b);
}

// The innermost symbol around each reference, in one sweep: symbols come parents first in source
// order and nest or are disjoint; references come in source order.
void attribute_references(const std::vector<sdk::Symbol>& symbols, std::vector<sdk::Reference>& references) {
  std::vector<std::int32_t> open;  // enclosing symbols of the current position, innermost last
  std::size_t next = 0;
  auto ends_before = [&](std::int32_t index, uint32_t line, uint32_t column) {
    const sdk::Span& span = symbols[static_cast<std::size_t>(index)].span;
    return !before(line, column, span.end_line, span.end_column);
  };
  for (auto& reference : references) {
    while (next < symbols.size() &&
           !before(reference.line, reference.column, symbols[next].span.start_line, symbols[next].span.start_column)) {
      const sdk::Span& span = symbols[next].span;
      while (!open.empty() && ends_before(open.back(), span.start_line, span.start_column)) open.pop_back();
      open.push_back(static_cast<std::int32_t>(next++));
    }
    while (!open.empty() && ends_before(open.back(), reference.line, reference.column)) open.pop_back();
    reference.enclosing = open.empty() ? -1 : open.back();
  }
}

}  // namespace

DartLanguage::DartLanguage()
    : TreeSitterLanguage({"dart", "Dart", {".dart"}, {}, {"dart"}}, {{tree_sitter_dart_orchard(), k_tags_query, {}}}) {}

std::optional<std::string> DartLanguage::text_to_reparse(std::string_view source) const {
  // `callback!(value)` calls what a null assertion returns; the grammar has no call of a null
  // assertion, so the whole statement is an error. Without the `!` it is the call it stands for.
  // Strings and comments are not skipped: the tree of this text is only kept when it has fewer
  // errors, and names, spans and signatures are read from `source`.
  auto ends_operand = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' || c == ')' || c == ']';
  };
  std::string text(source);
  bool changed = false;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == '!' && text[i + 1] == '(' && ends_operand(text[i - 1])) {
      text[i] = ' ';
      changed = true;
    }
  }
  if (!changed) return std::nullopt;
  return text;
}

std::string DartLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // `///` lines or a `/** */` block directly above the member; annotations and plain comments
  // may stand between them.
  TSNode anchor = member_node(definition);
  std::vector<std::string_view> parts;
  uint32_t expected_row = ts_node_start_point(anchor).row;
  for (TSNode prev = prev_named_sibling(anchor); !ts_node_is_null(prev); prev = prev_named_sibling(prev)) {
    if (ts_node_end_point(prev).row + 1 < expected_row) break;
    std::string_view type = type_of(prev);
    if (type == "documentation_comment") {
      parts.push_back(node_text(prev, source));
    } else if (type != "comment" && type != "marker_annotation" && type != "annotation") {
      break;
    } else if (!parts.empty()) {
      break;  // only what is directly above the documentation belongs to it
    }
    expected_row = ts_node_start_point(prev).row;
  }
  std::string doc;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    std::string part = strip_comment_markers(*it);
    if (part.empty()) continue;
    if (!doc.empty()) doc += '\n';
    doc += part;
  }
  return doc;
}

std::string DartLanguage::signature(TSNode definition, std::string_view source) const {
  std::string_view type = type_of(definition);
  uint32_t start = ts_node_start_byte(definition);
  uint32_t end = ts_node_end_byte(definition);
  std::string tail;
  if (type == "class_definition") {
    // Annotations the grammar puts inside the class (`@immutable abstract class A`) are not its header.
    for (uint32_t i = 0; i < ts_node_child_count(definition); ++i) {
      TSNode child = ts_node_child(definition, i);
      std::string_view child_type = type_of(child);
      if (child_type == "annotation" || child_type == "marker_annotation" || child_type == "comment" ||
          child_type == "documentation_comment")
        continue;
      start = ts_node_start_byte(child);
      break;
    }
  }
  if (type == "representation_declaration") {
    // `int value` of `extension type UserId._(int value)`.
    TSNode value_type = field(definition, "type");
    TSNode name = field(definition, "name");
    if (!ts_node_is_null(value_type) && !ts_node_is_null(name)) {
      start = ts_node_start_byte(value_type);
      end = ts_node_end_byte(name);
    }
  } else if (type == "static_final_declaration" || type == "initialized_identifier") {
    // The declaration's modifiers and type, then this name's own declarator: `static const int a = 1`.
    TSNode list = parent_node(definition);
    TSNode container = ts_node_is_null(list) ? TSNode{} : parent_node(list);
    if (!ts_node_is_null(container)) {
      start = type_of(container) == "declaration" ? ts_node_start_byte(container)
                                                  : ts_node_start_byte(declaration_start(list));
      end = ts_node_start_byte(list);
      tail = std::string(node_text(definition, source));
    }
  } else if (TSNode body =
                 type == "mixin_declaration" ? child_of_type(definition, "class_body") : field(definition, "body");
             !ts_node_is_null(body) && type != "method_signature") {
    end = ts_node_start_byte(body);
  }
  if (end < start || end > source.size()) return first_line_signature(node_text(definition, source));
  std::string text(source.substr(start, end - start));
  if (!tail.empty()) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) text.pop_back();
    text += (text.empty() ? "" : " ") + tail;
  }
  std::string line = first_line_signature(text);
  while (!line.empty() && (line.back() == ';' || line.back() == ' ')) line.pop_back();
  return line;
}

void DartLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  for (auto& symbol : result.symbols) {
    TSNode node = definition_node(root, symbol.span);
    std::string_view type = type_of(node);
    // Operators are named by the operator they define.
    if (symbol.name == "operator" && is_one_of(type, {"method_declaration", "declaration"})) {
      TSNode holder = type == "method_declaration" ? field(node, "signature") : node;
      TSNode signature = ts_node_is_null(holder) ? TSNode{} : child_of_type(holder, "operator_signature");
      if (!ts_node_is_null(signature)) symbol.name = operator_name(signature, source);
    }
    // The grammar puts a class's annotations (`@immutable class A`) inside its definition; they stand
    // before the declaration, as annotations before members do, so the span starts after them.
    if (type == "class_definition") {
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode child = ts_node_named_child(node, i);
        std::string_view child_type = type_of(child);
        if (child_type == "annotation" || child_type == "comment" || child_type == "documentation_comment") continue;
        if (i > 0) {
          TSPoint start = ts_node_start_point(child);
          symbol.span.start_line = start.row + 1;
          symbol.span.start_column = start.column + 1;
        }
        break;
      }
    }
    // A member without a body (abstract method, constructor, `external`) ends before its `;`, which
    // the grammar keeps inside the declaration.
    if (type == "declaration") {
      uint32_t count = ts_node_child_count(node);
      if (count > 1 && type_of(ts_node_child(node, count - 1)) == ";") {
        TSPoint end = ts_node_end_point(ts_node_child(node, count - 2));
        symbol.span.end_line = end.row + 1;
        symbol.span.end_column = end.column + 1;
      }
    }
    // A top-level variable declared `const` is a constant.
    if (symbol.kind == SymbolKind::variable && type == "static_final_declaration" && is_const(node))
      symbol.kind = SymbolKind::constant;
  }
  for (auto& symbol : result.symbols) {
    symbol.qualified_name =
        symbol.parent < 0 ? symbol.name : result.symbols[symbol.parent].qualified_name + "." + symbol.name;
  }

  std::vector<sdk::Reference> kept;
  kept.reserve(result.references.size());
  for (auto& reference : result.references) {
    if (reference.kind == sdk::ReferenceKind::reference) {
      TypeUse use = classify_type_use(reference_node(root, reference));
      if (use == TypeUse::drop) continue;
      if (use == TypeUse::call) reference.kind = sdk::ReferenceKind::call;
    }
    kept.push_back(std::move(reference));
  }
  result.references = std::move(kept);
  // Bodies now belong to their functions: the innermost definition around each reference again.
  attribute_references(result.symbols, result.references);
}

}  // namespace ax::lang
