#include "json_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <optional>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_json();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool has_entries(TSNode collection) {
  uint32_t count = ts_node_named_child_count(collection);
  for (uint32_t i = 0; i < count; ++i)
    if (std::string_view(ts_node_type(ts_node_named_child(collection, i))) != "comment") return true;
  return false;
}

// What a value looks like in a signature: scalars as written (cut), collections as {…} and […].
std::string value_preview(TSNode value, std::string_view source) {
  if (ts_node_is_null(value)) return {};
  std::string_view type = ts_node_type(value);
  if (type == "object") return has_entries(value) ? "{…}" : "{}";
  if (type == "array") return has_entries(value) ? "[…]" : "[]";
  return config::preview(node_text(value, source));
}

// A string value's text (quotes removed, escapes decoded), anything else as previewed.
std::string plain_value(TSNode value, std::string_view source) {
  if (!ts_node_is_null(value) && std::string_view(ts_node_type(value)) == "string")
    return config::preview(config::unquote_key(node_text(value, source)));
  return value_preview(value, source);
}

bool is_comment(TSNode node) { return !ts_node_is_null(node) && std::string_view(ts_node_type(node)) == "comment"; }

TSNode next_significant(TSNode node) {
  TSNode next = next_sibling(node);
  while (is_comment(next)) next = next_sibling(next);
  return next;
}

TSNode previous_significant(TSNode node) {
  TSNode previous = prev_sibling(node);
  while (is_comment(previous)) previous = prev_sibling(previous);
  return previous;
}

bool is_closer(TSNode node) {
  if (ts_node_is_null(node)) return false;
  std::string_view type = ts_node_type(node);
  return type == "}" || type == "]";
}

// JSON with comments as VS Code and tsc read it also allows a comma before a closing bracket; such a
// comma is the only "error" in many tsconfig.json files and loses nothing. The grammar recovers from
// it as an ERROR holding the comma (in objects) or as a missing value after it (in arrays).
bool is_trailing_comma(TSNode node, std::string_view source) {
  if (ts_node_is_missing(node)) {
    TSNode previous = previous_significant(node);
    return !ts_node_is_null(previous) && std::string_view(ts_node_type(previous)) == "," &&
           is_closer(next_significant(node));
  }
  std::string_view text = node_text(node, source);
  if (text.find_first_not_of(" \t\r\n,") != std::string_view::npos || std::count(text.begin(), text.end(), ',') != 1)
    return false;
  // After an entry ({"a": 1,}), not in place of one ({,}).
  TSNode previous = previous_significant(node);
  if (ts_node_is_null(previous) || !ts_node_is_named(previous)) return false;
  return is_closer(next_significant(node));
}

// The first character of a JSON text: after a byte-order mark, blanks and comments.
std::optional<char> first_significant(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t i = 0;
  while (i < head.size()) {
    char c = head[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (head.substr(i, 2) == "//") {
      std::size_t eol = head.find('\n', i);
      if (eol == std::string_view::npos) return std::nullopt;
      i = eol + 1;
    } else if (head.substr(i, 2) == "/*") {
      std::size_t close = head.find("*/", i + 2);
      if (close == std::string_view::npos) return std::nullopt;
      i = close + 2;
    } else {
      return c;
    }
  }
  return std::nullopt;
}

}  // namespace

JsonLanguage::JsonLanguage()
    : ConfigLanguage({"json",
                      "JSON",
                      // JSON, JSON Lines and JSON with comments (the grammar takes comments and several
                      // top-level values); data formats built on JSON (GeoJSON, glTF, HAR, SARIF, Terraform
                      // state, Avro schemas) and editor settings (VS Code, Sublime Text). .ice (Slice), .tact
                      // (Tact) and .yy (Yacc) are shared with other languages (see check_content).
                      {".json",
                       ".jsonc",
                       ".jsonl",
                       ".webmanifest",
                       ".4dform",
                       ".4dproject",
                       ".avsc",
                       ".geojson",
                       ".gltf",
                       ".har",
                       ".ice",
                       ".json-tmlanguage",
                       ".json.example",
                       ".mcmeta",
                       ".sarif",
                       ".tact",
                       ".tfstate",
                       ".tfstate.backup",
                       ".topojson",
                       ".webapp",
                       ".yy",
                       ".yyp",
                       ".code-snippets",
                       ".code-workspace",
                       ".sublime-build",
                       ".sublime-color-scheme",
                       ".sublime-commands",
                       ".sublime-completions",
                       ".sublime-keymap",
                       ".sublime-macro",
                       ".sublime-menu",
                       ".sublime-mousemap",
                       ".sublime-project",
                       ".sublime-settings",
                       ".sublime-theme",
                       ".sublime-workspace",
                       ".sublime_metrics",
                       ".sublime_session"},
                      // Tool configurations and lock files that are JSON without the extension;
                      // .eslintrc, .prettierrc, .stylelintrc and .releaserc may be YAML instead (see
                      // check_content).
                      {".babelrc",
                       ".eslintrc",
                       ".jshintrc",
                       ".prettierrc",
                       ".stylelintrc",
                       ".releaserc",
                       ".swcrc",
                       ".all-contributorsrc",
                       ".arcconfig",
                       ".auto-changelog",
                       ".c8rc",
                       ".devcontainer.json",
                       ".htmlhintrc",
                       ".imgbotconfig",
                       ".jscsrc",
                       ".jslintrc",
                       ".nycrc",
                       ".tern-config",
                       ".tern-project",
                       ".watchmanconfig",
                       "MODULE.bazel.lock",
                       "Package.resolved",
                       "Pipfile.lock",
                       "bun.lock",
                       "composer.lock",
                       "deno.lock",
                       "flake.lock",
                       "mcmod.info"},
                      {}},
                     {{tree_sitter_json(), k_tags_query, {}}}) {}

sdk::Confidence JsonLanguage::check_content(std::string_view path, std::string_view head) const {
  auto first = first_significant(head);
  bool collection = first && (*first == '{' || *first == '[');
  // Slice interfaces, Tact contracts and Yacc grammars share these; their JSON files are one object.
  if (ax::lang::content::has_any_suffix(path, {".ice", ".tact", ".yy"}))
    return collection ? sdk::Confidence::likely : sdk::Confidence::no;
  if (!first) return sdk::Confidence::maybe;  // empty, or only comments so far
  if (collection) return sdk::Confidence::certain;
  if (*first == '"' || *first == '-' || (*first >= '0' && *first <= '9')) return sdk::Confidence::maybe;
  // Anything else is not JSON: an .eslintrc written in YAML goes to the YAML plugin.
  return sdk::Confidence::no;
}

config::NestingSyntax JsonLanguage::nesting_syntax() const {
  config::NestingSyntax syntax;
  syntax.slash_comments = true;
  return syntax;
}

std::string JsonLanguage::signature(TSNode definition, std::string_view source) const {
  if (std::string_view(ts_node_type(definition)) != "pair") return TreeSitterLanguage::signature(definition, source);
  TSNode key = ts_node_child_by_field_name(definition, "key", 3);
  TSNode value = ts_node_child_by_field_name(definition, "value", 5);
  std::string out = config::preview(node_text(key, source)) + ":";
  std::string shown = value_preview(value, source);
  if (!shown.empty()) out.append(" ").append(shown);
  return out;
}

void JsonLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  config::DefinitionIndex definitions(result.symbols);
  config::CommentIndex comments;
  bool real_errors = false;
  config::walk_tree(
      root,
      [&](TSNode node) {
        std::string_view type = ts_node_type(node);
        if (type == "comment") {
          comments.add(node);
          return false;
        }
        if (!real_errors && (ts_node_is_missing(node) || type == "ERROR") && !is_trailing_comma(node, source))
          real_errors = true;
        if (type == "pair") {
          for (std::int32_t index : definitions.at(node)) {
            sdk::Symbol& symbol = result.symbols[static_cast<std::size_t>(index)];
            symbol.doc = comments.doc_above(ts_node_start_byte(node), source);
            symbol.name = config::unquote_key(symbol.name);
            // A script shows its command, a dependency its version range.
            if (symbol.kind == SymbolKind::script || symbol.kind == SymbolKind::dependency)
              symbol.signature = plain_value(ts_node_child_by_field_name(node, "value", 5), source);
          }
          return true;
        }
        // Scalars hold neither definitions nor comments, but may hold an error (a string without
        // its closing quote).
        bool descend = type == "document" || type == "object" || type == "array" || type == "ERROR";
        if (!descend && !ts_node_is_missing(node) && ts_node_has_error(node)) real_errors = true;
        return descend;
      },
      [](TSNode) {});

  // The "" key names nothing; its keys move up to its parent.
  std::vector<bool> keep(result.symbols.size(), true);
  bool any_dropped = false;
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    keep[i] = !result.symbols[i].name.empty();
    any_dropped = any_dropped || !keep[i];
  }
  if (any_dropped) keep_symbols(result, keep);
  config::requalify(result, scope_separator());
  if (result.had_syntax_errors && !real_errors) result.had_syntax_errors = false;
}

}  // namespace ax::lang
