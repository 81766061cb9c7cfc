#include "toml_language.hpp"

#include <unordered_map>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_toml();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool is_key(std::string_view type) { return type == "bare_key" || type == "quoted_key" || type == "dotted_key"; }

// The key of a pair, or the header key of a table.
TSNode key_of(TSNode node) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (is_key(ts_node_type(child))) return child;
  }
  return TSNode{};
}

// The value of a pair: its named child after the key.
TSNode value_of(TSNode pair) {
  uint32_t count = ts_node_named_child_count(pair);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(pair, i);
    std::string_view type = ts_node_type(child);
    if (!is_key(type) && type != "comment") return child;
  }
  return TSNode{};
}

// a.b."c.d" → {a, b, c.d}
void append_segments(TSNode key, std::string_view source, std::vector<std::string>& out) {
  if (ts_node_is_null(key)) return;
  std::string_view type = ts_node_type(key);
  if (type == "dotted_key") {
    uint32_t count = ts_node_named_child_count(key);
    for (uint32_t i = 0; i < count; ++i) append_segments(ts_node_named_child(key, i), source, out);
  } else if (type == "quoted_key") {
    out.push_back(config::unquote_key(node_text(key, source)));
  } else if (type == "bare_key") {
    out.emplace_back(node_text(key, source));
  }
}

std::vector<std::string> segments_of(TSNode key, std::string_view source) {
  std::vector<std::string> out;
  append_segments(key, source, out);
  return out;
}

bool has_entries(TSNode collection) {
  uint32_t count = ts_node_named_child_count(collection);
  for (uint32_t i = 0; i < count; ++i)
    if (std::string_view(ts_node_type(ts_node_named_child(collection, i))) != "comment") return true;
  return false;
}

// The text of a string literal: quotes removed; escapes decoded in basic ("…") strings only, since
// literal ('…') strings have none; a multi-line string starts after the newline that opens it.
std::string string_value(TSNode string, std::string_view source) {
  std::string_view text = node_text(string, source);
  for (std::string_view quotes : {"\"\"\"", "'''"}) {
    if (text.size() >= 6 && text.substr(0, 3) == quotes && text.substr(text.size() - 3) == quotes) {
      std::string_view body = text.substr(3, text.size() - 6);
      if (!body.empty() && body.front() == '\n') body.remove_prefix(1);
      if (body.substr(0, 2) == "\r\n") body.remove_prefix(2);
      return quotes == "'''" ? std::string(body) : config::unescape(body);
    }
  }
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'')
    return std::string(text.substr(1, text.size() - 2));
  return config::unquote_key(text);
}

// What a value looks like in a signature: scalars as written (cut), collections as {…} and […].
std::string value_preview(TSNode value, std::string_view source) {
  if (ts_node_is_null(value)) return {};
  std::string_view type = ts_node_type(value);
  if (type == "array") return has_entries(value) ? "[…]" : "[]";
  if (type == "inline_table") return has_entries(value) ? "{…}" : "{}";
  std::string_view text = node_text(value, source);
  if (type == "string" && text.size() >= 3 && (text.substr(0, 3) == "\"\"\"" || text.substr(0, 3) == "'''"))
    return std::string(text.substr(0, 3)) + config::preview(string_value(value, source));
  return config::preview(text);
}

// A key and its value, for reading dependency specifications.
struct Field {
  std::string key;
  TSNode value;
};

std::vector<Field> fields_of(TSNode container, std::string_view source) {
  std::vector<Field> out;
  config::for_each_named_child(container, [&](TSNode pair) {
    if (std::string_view(ts_node_type(pair)) == "pair")
      out.push_back({config::join(segments_of(key_of(pair), source), "."), value_of(pair)});
    return true;
  });
  return out;
}

// What a Cargo or Poetry dependency asks for: its version, else where it comes from.
std::string requirement(const std::vector<Field>& fields, std::string_view source) {
  auto text = [&](const Field& field) {
    return std::string_view(ts_node_type(field.value)) == "string" ? config::preview(string_value(field.value, source))
                                                                   : value_preview(field.value, source);
  };
  for (const Field& field : fields)
    if (field.key == "version") return text(field);
  for (const Field& field : fields) {
    if (field.key == "workspace" && node_text(field.value, source) == "true") return "workspace";
    if (field.key == "path" || field.key == "git" || field.key == "url") return field.key + ": " + text(field);
  }
  return {};
}

// The requirement of a dependency pair's value: a version string or a table of details.
std::string requirement_of_value(TSNode value, std::string_view source) {
  if (ts_node_is_null(value)) return {};
  std::string_view type = ts_node_type(value);
  if (type == "string") return config::preview(string_value(value, source));
  if (type == "inline_table") return requirement(fields_of(value, source), source);
  return value_preview(value, source);
}

// "requests[socks]>=2.31; python_version >= '3.9'" → {"requests", "[socks]>=2.31; python_version >= '3.9'"}
std::pair<std::string, std::string> split_requirement(std::string_view requirement) {
  std::size_t start = requirement.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  std::size_t end = start;
  auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  };
  while (end < requirement.size() && name_char(requirement[end])) ++end;
  std::string_view rest = requirement.substr(end);
  std::size_t rest_start = rest.find_first_not_of(" \t");
  rest = rest_start == std::string_view::npos ? std::string_view() : rest.substr(rest_start);
  return {std::string(requirement.substr(start, end - start)), std::string(rest)};
}

std::vector<std::string> extended(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// Names every symbol by its path while walking the document: tables by their header, keys by the
// table they are in plus their own (dotted) key, requirement strings by the package they name.
class PathNamer {
 public:
  PathNamer(sdk::ParseResult& result, std::string_view source)
      : result_(result), definitions_(result.symbols), source_(source) {}

  bool enter(TSNode node) {
    std::string_view type = ts_node_type(node);
    if (type == "comment") {
      comments_.add(node);
      return false;
    }
    if (type == "table" || type == "table_array_element") {
      table_path_ = segments_of(key_of(node), source_);
      for (std::int32_t index : definitions_.at(node)) name_table(index, node);
      return true;
    }
    if (type == "pair") {
      const std::vector<std::string>& base = pair_paths_.empty() ? table_path_ : pair_paths_.back();
      std::vector<std::string> key = segments_of(key_of(node), source_);
      std::vector<std::string> path = extended(base, key);
      for (std::int32_t index : definitions_.at(node)) name_pair(index, node, base, key);
      pair_paths_.push_back(std::move(path));  // `base` may refer into pair_paths_: used up before
      return true;
    }
    if (type == "string") {
      for (std::int32_t index : definitions_.at(node)) name_requirement(index, node);
      return false;
    }
    return type == "document" || type == "array" || type == "inline_table" || type == "ERROR";
  }

  void leave(TSNode node) {
    if (std::string_view(ts_node_type(node)) == "pair" && !pair_paths_.empty()) pair_paths_.pop_back();
  }

 private:
  sdk::Symbol& symbol(std::int32_t index) { return result_.symbols[static_cast<std::size_t>(index)]; }

  void name_table(std::int32_t index, TSNode table) {
    sdk::Symbol& s = symbol(index);
    s.doc = comments_.doc_above(ts_node_start_byte(table), source_);
    if (table_path_.empty()) return;
    s.name = table_path_.back();
    s.qualified_name = config::join(table_path_, ".");
    // [a.b] belongs to the nearest earlier table whose path it extends: [a], or the last [[a]].
    s.parent = -1;
    for (std::size_t length = table_path_.size() - 1; length > 0 && s.parent < 0; --length) {
      std::vector<std::string> prefix(table_path_.begin(), table_path_.begin() + static_cast<std::ptrdiff_t>(length));
      if (auto it = tables_.find(config::join(prefix, ".")); it != tables_.end()) s.parent = it->second;
    }
    if (s.kind == SymbolKind::dependency) {
      std::string wanted = requirement(fields_of(table, source_), source_);
      if (!wanted.empty()) s.signature = wanted;
      dependencies_.emplace(s.qualified_name, index);
    }
    // A table node reaches to the next header, over blank lines and that header's comments.
    config::end_at_content(s.span, table, source_);
    tables_[s.qualified_name] = index;
  }

  void name_pair(std::int32_t index, TSNode pair, const std::vector<std::string>& base,
                 const std::vector<std::string>& key) {
    sdk::Symbol& s = symbol(index);
    s.doc = comments_.doc_above(ts_node_start_byte(pair), source_);
    if (key.empty()) return;
    s.name = key.back();
    s.qualified_name = config::join(extended(base, key), ".");
    if (s.kind != SymbolKind::dependency) return;
    // In a dependency table, `serde.workspace = true` declares serde: the dependency is the first
    // segment and the rest of the key describes it. Further lines about the same dependency
    // (`tokio.features = […]`) are its keys.
    std::string dependency = config::join(extended(base, {key.front()}), ".");
    if (auto it = dependencies_.find(dependency); it != dependencies_.end()) {
      s.kind = SymbolKind::key;
      s.parent = it->second;
      return;
    }
    s.name = key.front();
    s.qualified_name = dependency;
    TSNode value = value_of(pair);
    std::string wanted =
        key.size() == 1
            ? requirement_of_value(value, source_)
            : requirement({{config::join(std::vector<std::string>(key.begin() + 1, key.end()), "."), value}}, source_);
    if (!wanted.empty()) s.signature = wanted;
    dependencies_.emplace(dependency, index);
  }

  // A PEP 508 requirement string in a list: named by its package, the rest is its signature.
  void name_requirement(std::int32_t index, TSNode string) {
    sdk::Symbol& s = symbol(index);
    s.doc = comments_.doc_above(ts_node_start_byte(string), source_);
    auto [name, constraint] = split_requirement(string_value(string, source_));
    s.name = name;
    s.qualified_name = config::join(extended(pair_paths_.empty() ? table_path_ : pair_paths_.back(), {name}), ".");
    s.signature = constraint.empty() ? "*" : config::preview(constraint);
  }

  sdk::ParseResult& result_;
  config::DefinitionIndex definitions_;
  config::CommentIndex comments_;
  std::string_view source_;
  std::vector<std::string> table_path_;                         // of the table being read
  std::vector<std::vector<std::string>> pair_paths_;            // of the pairs enclosing the current node
  std::unordered_map<std::string, std::int32_t> tables_;        // path → last table with it
  std::unordered_map<std::string, std::int32_t> dependencies_;  // path → dependency symbol
};

}  // namespace

TomlLanguage::TomlLanguage()
    : ConfigLanguage({"toml",
                      "TOML",
                      {".toml"},
                      {"Cargo.lock", "Cargo.toml.orig", "Gopkg.lock", "Pipfile", "pdm.lock", "poetry.lock", "uv.lock"},
                      {}},
                     {{tree_sitter_toml(), k_tags_query, {}}}) {}

config::NestingSyntax TomlLanguage::nesting_syntax() const {
  config::NestingSyntax syntax;
  syntax.hash_comments = true;
  syntax.single_quotes = true;
  syntax.triple_quotes = true;
  return syntax;
}

std::string TomlLanguage::signature(TSNode definition, std::string_view source) const {
  std::string_view type = ts_node_type(definition);
  if (type == "table" || type == "table_array_element") {
    // The header as written, up to its closing bracket (without a trailing comment).
    TSNode key = key_of(definition);
    if (ts_node_is_null(key)) return TreeSitterLanguage::signature(definition, source);
    std::string_view brackets = type == "table" ? "]" : "]]";
    std::string_view open = type == "table" ? "[" : "[[";
    return std::string(open) + std::string(node_text(key, source)) + std::string(brackets);
  }
  if (type == "pair") {
    std::string out = config::preview(node_text(key_of(definition), source)) + " =";
    std::string shown = value_preview(value_of(definition), source);
    if (!shown.empty()) out.append(" ").append(shown);
    return out;
  }
  return config::preview(node_text(definition, source));
}

void TomlLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  PathNamer namer(result, source);
  config::walk_tree(
      root, [&](TSNode node) { return namer.enter(node); }, [&](TSNode node) { namer.leave(node); });
  // A key the grammar could not read (inside an error) names nothing.
  std::vector<bool> keep(result.symbols.size(), true);
  bool any_dropped = false;
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    keep[i] = !result.symbols[i].name.empty();
    any_dropped = any_dropped || !keep[i];
  }
  if (any_dropped) keep_symbols(result, keep);
}

}  // namespace ax::lang
