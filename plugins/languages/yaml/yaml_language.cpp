#include "yaml_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <tuple>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_yaml();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool is_pair(std::string_view type) { return type == "block_mapping_pair" || type == "flow_pair"; }

bool is_scalar(std::string_view type) {
  return type == "plain_scalar" || type == "double_quote_scalar" || type == "single_quote_scalar";
}

// The node a value stands for: a flow_node or block_node holds an optional tag and anchor and then
// its content (scalar, mapping, sequence, alias, block scalar).
TSNode content_of(TSNode value) {
  if (ts_node_is_null(value)) return value;
  std::string_view type = ts_node_type(value);
  if (type != "flow_node" && type != "block_node") return value;
  uint32_t count = ts_node_named_child_count(value);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(value, i);
    std::string_view child_type = ts_node_type(child);
    if (child_type != "tag" && child_type != "anchor" && child_type != "comment") return child;
  }
  return TSNode{};
}

// A scalar value as text: quotes removed and escapes decoded; nullopt for anything else.
std::optional<std::string> scalar_text(TSNode value, std::string_view source) {
  TSNode content = content_of(value);
  if (ts_node_is_null(content) || !is_scalar(ts_node_type(content))) return std::nullopt;
  return config::unquote_key(node_text(content, source));
}

// The pair of a mapping value with this key, or a null node.
TSNode find_pair(TSNode value, std::string_view key, std::string_view source) {
  TSNode mapping = content_of(value);
  if (ts_node_is_null(mapping)) return mapping;
  std::string_view type = ts_node_type(mapping);
  if (type != "block_mapping" && type != "flow_mapping") return TSNode{};
  TSNode found{};
  config::for_each_named_child(mapping, [&](TSNode pair) {
    if (!is_pair(ts_node_type(pair))) return true;
    TSNode pair_key = ts_node_child_by_field_name(pair, "key", 3);
    if (ts_node_is_null(pair_key) || config::unquote_key(node_text(pair_key, source)) != key) return true;
    found = pair;
    return false;
  });
  return found;
}

TSNode pair_value(TSNode pair) { return ts_node_is_null(pair) ? pair : ts_node_child_by_field_name(pair, "value", 5); }

bool has_entries(TSNode collection) {
  uint32_t count = ts_node_named_child_count(collection);
  for (uint32_t i = 0; i < count; ++i)
    if (std::string_view(ts_node_type(ts_node_named_child(collection, i))) != "comment") return true;
  return false;
}

// A literal (|) or folded (>) scalar shows its first line of content.
std::string block_scalar_preview(std::string_view text) {
  std::size_t header_end = text.find('\n');
  if (header_end == std::string_view::npos) return config::preview(text);
  std::string_view body = text.substr(header_end + 1);
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return config::preview(text.substr(0, header_end));
  return config::preview(body.substr(first));
}

// What a value looks like in a signature: scalars as written (first line, cut), collections as
// {…} and […], tags and anchors kept in front.
std::string value_preview(TSNode value, std::string_view source) {
  if (ts_node_is_null(value)) return {};
  std::string out;
  uint32_t count = ts_node_named_child_count(value);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(value, i);
    std::string_view type = ts_node_type(child);
    if (type == "comment") continue;
    if (!out.empty()) out += ' ';
    if (type == "flow_mapping") {
      out += has_entries(child) ? "{…}" : "{}";
    } else if (type == "block_mapping") {
      out += "{…}";
    } else if (type == "flow_sequence") {
      out += has_entries(child) ? "[…]" : "[]";
    } else if (type == "block_sequence") {
      out += "[…]";
    } else if (type == "block_scalar") {
      out += block_scalar_preview(node_text(child, source));
    } else {
      out += config::preview(node_text(child, source));
    }
  }
  return out;
}

// "field: value" for each of `fields` present in the mapping `value`, joined by ", ".
std::string field_summary(TSNode value, std::initializer_list<std::string_view> fields, std::string_view source) {
  std::string out;
  for (std::string_view field : fields) {
    if (field.empty()) continue;
    TSNode pair = find_pair(value, field, source);
    if (ts_node_is_null(pair)) continue;
    if (!out.empty()) out += ", ";
    out += field;
    std::string shown = value_preview(pair_value(pair), source);
    if (!shown.empty()) out.append(": ").append(shown);
  }
  return out;
}

// The first of `fields` that the mapping `value` has.
std::string_view first_field(TSNode value, std::initializer_list<std::string_view> fields, std::string_view source) {
  for (std::string_view field : fields)
    if (!ts_node_is_null(find_pair(value, field, source))) return field;
  return {};
}

// A CI step is named by its id (what `steps.<id>.outputs` refers to), else by its name; the
// signature shows what it runs.
void describe_step(sdk::Symbol& step, TSNode item, std::string_view source) {
  TSNode body{};  // the item's node, after any comment on the "- " line
  config::for_each_named_child(item, [&](TSNode child) {
    std::string_view type = ts_node_type(child);
    if (type != "block_node" && type != "flow_node") return true;
    body = child;
    return false;
  });
  auto id = scalar_text(pair_value(find_pair(body, "id", source)), source);
  auto name = scalar_text(pair_value(find_pair(body, "name", source)), source);
  if (id && !id->empty()) {
    step.name = *id;
  } else if (name) {
    step.name = *name;
  } else {
    step.name.clear();  // the name or id is not a scalar: no usable name
    return;
  }
  std::string action = field_summary(body, {first_field(body, {"uses", "run"}, source)}, source);
  std::string summary = id && name ? "name: " + config::preview(*name) : std::string();
  if (!action.empty()) summary += (summary.empty() ? "" : ", ") + action;
  if (!summary.empty()) step.signature = summary;
}

void describe_job(sdk::Symbol& job, TSNode pair, std::string_view source) {
  TSNode body = pair_value(pair);
  std::string summary = field_summary(body, {"name", first_field(body, {"runs-on", "uses"}, source)}, source);
  if (!summary.empty()) job.signature = summary;
}

void describe_service(sdk::Symbol& service, TSNode pair, std::string_view source) {
  TSNode body = pair_value(pair);
  std::string summary = field_summary(body, {"image"}, source);
  if (summary.empty()) {
    // `build:` is a context directory, or a mapping whose context says the same.
    TSNode build = pair_value(find_pair(body, "build", source));
    auto context = scalar_text(build, source);
    if (!context) context = scalar_text(pair_value(find_pair(build, "context", source)), source);
    if (context) summary = "build: " + config::preview(*context);
  }
  if (!summary.empty()) service.signature = summary;
}

// A Kubernetes object: a document whose top-level mapping has apiVersion, kind and metadata.name.
struct KubernetesObject {
  std::string kind;
  std::string name;
  std::string api_version;
  TSNode body;  // the document's top-level node
};

std::optional<KubernetesObject> kubernetes_object(TSNode document, std::string_view source) {
  uint32_t count = ts_node_named_child_count(document);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode body = ts_node_named_child(document, i);
    std::string_view type = ts_node_type(body);
    if (type != "block_node" && type != "flow_node") continue;
    auto api_version = scalar_text(pair_value(find_pair(body, "apiVersion", source)), source);
    auto kind = scalar_text(pair_value(find_pair(body, "kind", source)), source);
    TSNode metadata = pair_value(find_pair(body, "metadata", source));
    auto name = scalar_text(pair_value(find_pair(metadata, "name", source)), source);
    if (!api_version || !kind || !name || kind->empty() || name->empty()) return std::nullopt;
    return KubernetesObject{*kind, *name, *api_version, body};
  }
  return std::nullopt;
}

sdk::Span span_of(TSNode node) {
  TSPoint start = ts_node_start_point(node);
  TSPoint end = ts_node_end_point(node);
  return {start.row + 1, start.column + 1, end.row + 1, end.column + 1};
}

bool contains(const sdk::Span& outer, const sdk::Span& inner) {
  auto before_or_at = [](uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2) {
    return l1 < l2 || (l1 == l2 && c1 <= c2);
  };
  return before_or_at(outer.start_line, outer.start_column, inner.start_line, inner.start_column) &&
         before_or_at(inner.end_line, inner.end_column, outer.end_line, outer.end_column);
}

bool same_span(const sdk::Span& a, const sdk::Span& b) {
  return a.start_line == b.start_line && a.start_column == b.start_column && a.end_line == b.end_line &&
         a.end_column == b.end_column;
}

// Each Kubernetes object becomes a resource symbol "Kind/name" spanning its document, and the
// document's keys move under it ("Deployment/web.spec.replicas"), which also tells apart the same
// key path in the different documents of one file.
void add_resources(sdk::ParseResult& result, const std::vector<KubernetesObject>& objects, std::string_view source) {
  if (objects.empty()) return;
  const std::size_t key_count = result.symbols.size();
  std::size_t next_key = 0;
  for (const KubernetesObject& object : objects) {
    sdk::Symbol resource;
    resource.name = object.name;
    resource.kind = SymbolKind::resource;
    resource.qualified_name = object.kind + "/" + object.name;
    resource.span = span_of(object.body);
    config::end_at_content(resource.span, object.body, source);
    resource.signature =
        "apiVersion: " + config::preview(object.api_version) + ", kind: " + config::preview(object.kind);
    auto index = static_cast<std::int32_t>(result.symbols.size());
    // Objects and symbols are both in document order: one pass adopts each object's top-level keys.
    for (; next_key < key_count; ++next_key) {
      sdk::Symbol& symbol = result.symbols[next_key];
      if (!contains(resource.span, symbol.span)) {
        if (symbol.span.start_line > resource.span.end_line) break;  // the next object's
        continue;                                                    // before this object
      }
      if (symbol.parent != -1) continue;
      symbol.parent = index;
      // The comment above a manifest's first line describes the object, not its first key.
      if (symbol.span.start_line == resource.span.start_line &&
          symbol.span.start_column == resource.span.start_column) {
        resource.doc = std::move(symbol.doc);
        symbol.doc.clear();
      }
    }
    result.symbols.push_back(std::move(resource));
  }
  // Back to document order: a resource before the keys it starts with.
  std::vector<std::int32_t> order(result.symbols.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    const sdk::Span& x = result.symbols[static_cast<std::size_t>(a)].span;
    const sdk::Span& y = result.symbols[static_cast<std::size_t>(b)].span;
    if (x.start_line != y.start_line) return x.start_line < y.start_line;
    if (x.start_column != y.start_column) return x.start_column < y.start_column;
    return std::tie(x.end_line, x.end_column) > std::tie(y.end_line, y.end_column);  // the container first
  });
  rebuild_symbols(result, order);
}

// Indentation levels a file may open. The YAML scanner saves its stack of open indentations in a
// 1024-byte buffer, and past about 250 entries it writes beyond it (a crash). A line opens at most
// one level per column it indents further and per compact indicator ("- - a", "- key: v"), and a
// column holds at most two levels (a sequence under a key at the key's column), so a file stays
// within half the scanner's room when it stays under this many columns of open levels.
constexpr std::size_t kMaxIndentationLevels = 100;

// The start of the first line that opens more than kMaxIndentationLevels levels, or npos. Lines
// of block scalars count as well, which can only make the estimate larger.
std::size_t indentation_cut(std::string_view source) {
  std::vector<std::size_t> open;  // columns of the open levels, increasing
  std::size_t begin = 0;
  while (begin < source.size()) {
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(begin, end - begin);
    std::size_t column = line.find_first_not_of(' ');
    if (column != std::string_view::npos && line[column] != '#' && line[column] != '\r') {
      while (!open.empty() && open.back() > column) open.pop_back();
      while (true) {
        if (open.empty() || open.back() < column) open.push_back(column);
        bool compact = (line[column] == '-' || line[column] == '?' || line[column] == ':') &&
                       (column + 1 == line.size() || line[column + 1] == ' ');
        if (!compact) break;
        column = line.find_first_not_of(' ', column + 1);
        if (column == std::string_view::npos || line[column] == '#' || line[column] == '\r') break;
      }
      if (open.size() > kMaxIndentationLevels) return begin;
    }
    begin = end + 1;
  }
  return std::string_view::npos;
}

// The YAML scanner keeps line numbers in 16 bits: past line 32767 of a parse it loses track of the
// indentation and misreads the rest. Longer files are parsed in pieces of at most this many lines,
// split where a document or a top-level entry starts.
constexpr std::size_t kMaxPieceLines = 30000;

// Whether a line starts a document ("---") or an entry of the top-level collection (a key or "- "
// at column 0), where a file can be split without changing what it means.
enum class LineStart { other, document, entry };

LineStart line_start_kind(std::string_view line) {
  if (line.empty()) return LineStart::other;
  if (line.substr(0, 3) == "---" && (line.size() == 3 || line[3] == ' ' || line[3] == '\r' || line[3] == '\t'))
    return LineStart::document;
  if (line.substr(0, 3) == "...") return LineStart::other;  // a document's end: part of the document
  char first = line.front();
  if (first == ' ' || first == '\t' || first == '\r' || first == '#' || first == ']' || first == '}' || first == ',')
    return LineStart::other;
  return LineStart::entry;
}

}  // namespace

YamlLanguage::YamlLanguage()
    : ConfigLanguage(
          {"yaml",
           "YAML",
           // .mir: LLVM machine IR (shared with Mirah); .reek, .rviz, .sublime-syntax, .syntax: tool files.
           {".yaml", ".yml", ".mir", ".reek", ".rviz", ".sublime-syntax", ".syntax", ".yaml-tmlanguage", ".yaml.sed",
            ".yml.mysql"},
           // Tool configurations and lock files that are YAML without the extension; .eslintrc,
           // .prettierrc, .stylelintrc and .releaserc may be JSON instead, which the JSON plugin's content
           // check claims.
           {".clang-format", ".clang-tidy", ".clangd", ".yamllint", ".gemrc", ".eslintrc", ".prettierrc",
            ".stylelintrc", ".releaserc", "pubspec.lock", "CITATION.cff", "glide.lock", "pixi.lock", "yarn.lock"},
           {}},
          {{tree_sitter_yaml(), k_tags_query, {}}}) {}

sdk::Confidence YamlLanguage::check_content(std::string_view path, std::string_view head) const {
  namespace content = ax::lang::content;
  // Yarn 1 lock files are a YAML look-alike the grammar cannot read; Yarn 2+ writes real YAML.
  if (content::has_suffix(path, "yarn.lock") && head.find("yarn lockfile v1") != std::string_view::npos)
    return sdk::Confidence::no;
  bool has_document_marker = content::any_line(head, [](std::string_view line) { return line.substr(0, 3) == "---"; });
  // Mirah sources share .mir; LLVM's MIR files are YAML documents.
  if (content::has_suffix(path, ".mir")) return has_document_marker ? sdk::Confidence::likely : sdk::Confidence::no;
  // MiniYAML (OpenRA) indents keys with tabs, which YAML forbids.
  bool tab_indented_key = false;
  for (std::string_view rest = head; !rest.empty() && !tab_indented_key;) {
    std::size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) break;
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    if (line.empty() || line.front() != '\t') continue;
    std::string_view text = content::trimmed(line);
    std::size_t colon = text.find(':');
    tab_indented_key = colon != std::string_view::npos && colon > 0 && text.front() != '#' && text.front() != '-';
  }
  return tab_indented_key && !has_document_marker ? sdk::Confidence::no : sdk::Confidence::maybe;
}

config::NestingSyntax YamlLanguage::nesting_syntax() const {
  config::NestingSyntax syntax;
  syntax.hash_comments = true;
  syntax.single_quotes = true;
  syntax.quotes_start_tokens = true;
  return syntax;
}

std::size_t YamlLanguage::cut_offset(std::string_view source) const {
  std::size_t cut = indentation_cut(source);
  if (cut == std::string_view::npos || cut == 0) return cut;
  // YAML is cut at a line start, so the last line parsed is whole.
  std::size_t newline = source.rfind('\n', cut - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

std::vector<std::size_t> YamlLanguage::split_offsets(std::string_view source) const {
  std::vector<std::size_t> splits;
  if (static_cast<std::size_t>(std::count(source.begin(), source.end(), '\n')) < kMaxPieceLines) return splits;
  std::size_t piece_first_line = 0;
  // The latest places in the current piece where a document or a top-level entry starts.
  std::optional<std::pair<std::size_t, std::size_t>> document, entry;  // (offset, line)
  std::size_t line = 0;
  for (std::size_t begin = 0; begin < source.size(); ++line) {
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    if (line > piece_first_line) {
      LineStart kind = line_start_kind(source.substr(begin, end - begin));
      if (kind == LineStart::document) document = {begin, line};
      if (kind == LineStart::entry) entry = {begin, line};
    }
    if (line - piece_first_line + 1 >= kMaxPieceLines) {
      // Prefer a document boundary; without any, the piece grows until one can be split.
      if (auto split = document ? document : entry) {
        splits.push_back(split->first);
        piece_first_line = split->second;
        document.reset();
        entry.reset();
      }
    }
    begin = end + 1;
  }
  return splits;
}

std::string YamlLanguage::signature(TSNode definition, std::string_view source) const {
  if (!is_pair(ts_node_type(definition))) return TreeSitterLanguage::signature(definition, source);
  TSNode key = ts_node_child_by_field_name(definition, "key", 3);
  std::string out = config::preview(node_text(key, source)) + ":";
  std::string shown = value_preview(pair_value(definition), source);
  if (!shown.empty()) out.append(" ").append(shown);
  return out;
}

void YamlLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  config::DefinitionIndex definitions(result.symbols);
  config::CommentIndex comments;
  std::vector<KubernetesObject> objects;
  config::walk_tree(
      root,
      [&](TSNode node) {
        std::string_view type = ts_node_type(node);
        if (type == "comment") {
          comments.add(node);
          return false;
        }
        if (is_scalar(type) || type == "block_scalar") return false;  // no definitions or comments inside
        if (type == "document") {
          if (auto object = kubernetes_object(node, source)) objects.push_back(std::move(*object));
        } else if (is_pair(type) || type == "block_sequence_item") {
          for (std::int32_t index : definitions.at(node)) {
            sdk::Symbol& symbol = result.symbols[static_cast<std::size_t>(index)];
            symbol.doc = comments.doc_above(ts_node_start_byte(node), source);
            config::end_at_content(symbol.span, node, source);
            switch (symbol.kind) {
              case SymbolKind::step:
                describe_step(symbol, node, source);
                break;
              case SymbolKind::job:
                symbol.name = config::unquote_key(symbol.name);
                describe_job(symbol, node, source);
                break;
              case SymbolKind::service:
                symbol.name = config::unquote_key(symbol.name);
                describe_service(symbol, node, source);
                break;
              default:
                symbol.name = config::unquote_key(symbol.name);
                break;
            }
          }
        }
        return true;
      },
      [](TSNode) {});

  // A step with both `id:` and `name:` was matched twice: the last of the two keeps the step's keys
  // as children and stays; unnamed symbols go.
  auto& symbols = result.symbols;
  std::vector<bool> keep(symbols.size(), true);
  std::vector<std::int32_t> twin_of(symbols.size(), -1);  // a dropped step → the step kept for it
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (symbols[i].name.empty()) keep[i] = false;
    if (i + 1 < symbols.size() && symbols[i].kind == SymbolKind::step && symbols[i + 1].kind == SymbolKind::step &&
        same_span(symbols[i].span, symbols[i + 1].span)) {
      keep[i] = false;
      twin_of[i] = static_cast<std::int32_t>(i + 1);
    }
  }
  for (auto& symbol : symbols)
    while (symbol.parent >= 0 && twin_of[static_cast<std::size_t>(symbol.parent)] >= 0)
      symbol.parent = twin_of[static_cast<std::size_t>(symbol.parent)];
  if (std::find(keep.begin(), keep.end(), false) != keep.end()) keep_symbols(result, keep);
  add_resources(result, objects, source);
  config::requalify(result, scope_separator());
}

}  // namespace ax::lang
