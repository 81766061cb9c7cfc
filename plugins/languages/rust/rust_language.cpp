#include "rust_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_rust();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool is_comment_node(TSNode node) {
  std::string_view type = ts_node_type(node);
  return type == "line_comment" || type == "block_comment";
}

// `///` and `/** */` document the item after them; `//!` and `/*! */` the item they are inside.
bool is_outer_doc(TSNode comment) {
  return is_comment_node(comment) && !ts_node_is_null(ts_node_child_by_field_name(comment, "outer", 5));
}
bool is_inner_doc(TSNode comment) {
  return is_comment_node(comment) && !ts_node_is_null(ts_node_child_by_field_name(comment, "inner", 5));
}

void append_doc(std::string& doc, std::string_view comment) {
  std::string part = strip_comment_markers(comment);
  if (part.empty()) return;
  if (!doc.empty()) doc += '\n';
  doc += part;
}

// Whether the reference at this position is the name a declaration defines (`struct Point`,
// `trait Shape`, `type Alias`, the `T` of `<T: Clone>`), not a use of a type.
bool names_declaration(TSNode root, const sdk::Reference& reference) {
  // The name's own extent (names are single-line) selects its node, not a token ending where it starts.
  TSPoint start{reference.line - 1, reference.column - 1};
  TSPoint end{start.row, start.column + static_cast<uint32_t>(reference.name.size())};
  TSNode node = ts_node_named_descendant_for_point_range(root, start, end);
  TSNode parent = parent_node(node);
  if (ts_node_is_null(parent)) return false;
  std::string_view type = ts_node_type(parent);
  if (type != "struct_item" && type != "enum_item" && type != "union_item" && type != "trait_item" &&
      type != "type_item" && type != "associated_type" && type != "type_parameter")
    return false;
  return ts_node_eq(ts_node_child_by_field_name(parent, "name", 4), node);
}

// A use path spread over lines (`use std::{\n    io,\n    fmt,\n};`) as one line: `std::{io, fmt}`.
std::string normalize_use_path(std::string_view path) {
  std::string out;
  bool pending_space = false;
  for (char c : path) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = true;
      continue;
    }
    bool after_open = !out.empty() && out.back() == '{';
    if (c == '}') {
      if (!out.empty() && out.back() == ',') out.pop_back();  // trailing comma of a list
    } else if (pending_space && !out.empty() && !after_open) {
      out += ' ';
    }
    pending_space = false;
    out += c;
  }
  return out;
}

// The value of a `#[path = "…"]` attribute, if `attribute` is one.
std::optional<std::string> path_attribute(TSNode attribute, std::string_view source) {
  static const std::regex kPath(R"re(^#\[\s*path\s*=\s*"([^"]*)"\s*\]$)re");
  // std::regex recurses per character: a path attribute is short, a huge attribute is something else.
  constexpr std::size_t kMaxAttributeSize = 1024;
  const std::string_view written = node_text(attribute, source);
  if (written.size() > kMaxAttributeSize) return std::nullopt;
  const std::string text(written);
  std::smatch match;
  if (!std::regex_match(text, match, kPath)) return std::nullopt;
  return match[1].str();
}

// Inline modules nested deeper are not followed (their declarations keep their plain names).
constexpr int kMaxInlineModuleDepth = 32;

// Appends the specifier of each file module declaration (`mod x;`) in `container`, in source order:
// "x", "a::x" inside `mod a { … }`, or the #[path] it carries. Only items at module level are visited.
bool file_module_specifiers(TSNode container, const std::string& prefix, int depth, std::string_view source,
                            std::vector<std::string>& out) {
  if (depth > kMaxInlineModuleDepth) return false;
  const uint32_t count = ts_node_named_child_count(container);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode item = ts_node_named_child(container, i);
    if (std::string_view(ts_node_type(item)) != "mod_item") continue;
    TSNode name_node = ts_node_child_by_field_name(item, "name", 4);
    if (ts_node_is_null(name_node)) continue;
    const std::string name(node_text(name_node, source));
    const std::string qualified = prefix.empty() ? name : prefix + "::" + name;
    TSNode body = ts_node_child_by_field_name(item, "body", 4);
    if (!ts_node_is_null(body)) {
      if (!file_module_specifiers(body, qualified, depth + 1, source, out)) return false;
      continue;
    }
    std::optional<std::string> path;
    for (TSNode attribute = prev_named_sibling(item);
         !ts_node_is_null(attribute) && std::string_view(ts_node_type(attribute)) == "attribute_item";
         attribute = prev_named_sibling(attribute))
      if (!path) path = path_attribute(attribute, source);
    out.push_back(path ? *path : qualified);
  }
  return true;
}

}  // namespace

RustLanguage::RustLanguage()
    // rust-script and `cargo -Zscript` run single-file Rust programs from a shebang.
    : TreeSitterLanguage({"rust", "Rust", {".rs", ".rs.in"}, {}, {"rust-script", "cargo"}},
                         {{tree_sitter_rust(), k_tags_query, {}}}),
      walker_(tree_sitter_rust()) {}

bool RustLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

sdk::Confidence RustLanguage::check_content(std::string_view, std::string_view head) const {
  namespace content = ax::lang::content;
  // XML (Qt resources and other tools use .rs) and RenderScript, a C dialect with `#pragma version(1)`
  // and `#include`; Rust has no preprocessor (its attributes are `#[…]` and `#![…]`).
  if (content::starts_like_xml(head) || content::has_c_preprocessor_line(head)) return sdk::Confidence::no;
  return sdk::Confidence::maybe;
}

std::string RustLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // Outer doc comments before the item; attributes (#[derive]) and plain comments may sit between.
  std::vector<TSNode> outer;
  for (TSNode prev = prev_named_sibling(definition); !ts_node_is_null(prev); prev = prev_named_sibling(prev)) {
    std::string_view type = ts_node_type(prev);
    if (is_outer_doc(prev)) {
      outer.push_back(prev);
    } else if (type != "attribute_item" && !is_comment_node(prev)) {
      break;
    }
  }
  std::string doc;
  for (auto it = outer.rbegin(); it != outer.rend(); ++it) append_doc(doc, node_text(*it, source));

  // A module documents itself with inner doc comments at the top of its body.
  if (std::string_view(ts_node_type(definition)) == "mod_item") {
    TSNode body = ts_node_child_by_field_name(definition, "body", 4);
    for (uint32_t i = 0; !ts_node_is_null(body) && i < ts_node_named_child_count(body); ++i) {
      TSNode child = ts_node_named_child(body, i);
      if (is_inner_doc(child)) {
        append_doc(doc, node_text(child, source));
      } else if (!is_comment_node(child) && std::string_view(ts_node_type(child)) != "inner_attribute_item") {
        break;
      }
    }
  }
  return doc;
}

std::string RustLanguage::signature(TSNode definition, std::string_view source) const {
  std::string_view type = ts_node_type(definition);
  if (type == "macro_definition") {
    TSNode name = ts_node_child_by_field_name(definition, "name", 4);
    return "macro_rules! " + std::string(node_text(name, source));
  }
  std::string_view text = node_text(definition, source);
  // The header of an item ends where its body starts, even when both share a line
  // (`fn id(&self) -> u32 { self.id }`); tuple fields and variants read better whole.
  TSNode body = ts_node_child_by_field_name(definition, "body", 4);
  if (!ts_node_is_null(body) && type != "enum_variant" &&
      std::string_view(ts_node_type(body)) != "ordered_field_declaration_list")
    text = text.substr(0, ts_node_start_byte(body) - ts_node_start_byte(definition));
  std::string line = first_line_signature(text);
  if (!line.empty() && line.back() == ';') line = first_line_signature(line.substr(0, line.size() - 1));
  return line;
}

void RustLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view) const {
  auto& references = result.references;
  references.erase(std::remove_if(references.begin(), references.end(),
                                  [&](const sdk::Reference& reference) {
                                    return reference.kind == sdk::ReferenceKind::reference &&
                                           names_declaration(root, reference);
                                  }),
                   references.end());

  for (auto& import : result.imports) import.specifier = normalize_use_path(import.specifier);
  // Items declared in a function body (a helper fn, a struct and its impl) are items like any other,
  // nested in the function; the query captures no `let` bindings, so nothing here is a local.
}

void RustLanguage::post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                                        std::string_view source) const {
  if (std::find(kinds.begin(), kinds.end(), "mod") == kinds.end()) return;
  std::vector<std::string> specifiers;
  // `mod x;` inside a function body is not at module level: the names then stay as captured.
  if (!file_module_specifiers(root, "", 0, source, specifiers)) return;
  if (specifiers.size() != static_cast<std::size_t>(std::count(kinds.begin(), kinds.end(), "mod"))) return;
  std::size_t next = 0;
  for (std::size_t i = 0; i < imports.size(); ++i)
    if (kinds[i] == "mod") imports[i].specifier = std::move(specifiers[next++]);
}

}  // namespace ax::lang
