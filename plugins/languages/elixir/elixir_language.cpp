#include "elixir_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include <ax/sdk/text.hpp>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_elixir();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

std::string_view type_of(TSNode node) { return ts_node_type(node); }

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

using sdk::is_space;
using sdk::trim;

TSNode field(TSNode node, const char* name) {
  return ts_node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

// The first named child of this type, or a null node.
TSNode child_of_type(TSNode node, std::string_view type) {
  for (uint32_t i = 0; i < ts_node_named_child_count(node); ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (type_of(child) == type) return child;
  }
  return {};
}

// `def` of `def f(x) do … end`: the identifier a call calls, or "" for remote and anonymous calls.
std::string_view called_name(TSNode call, std::string_view source) {
  if (ts_node_is_null(call) || type_of(call) != "call") return {};
  TSNode target = field(call, "target");
  if (ts_node_is_null(target) || type_of(target) != "identifier") return {};
  return node_text(target, source);
}

// The call `@name …` stands for, or a null node when `node` is not a module attribute.
TSNode attribute_call(TSNode node) {
  if (ts_node_is_null(node) || type_of(node) != "unary_operator") return {};
  TSNode op = field(node, "operator");
  if (ts_node_is_null(op) || std::string_view(ts_node_type(op)) != "@") return {};
  TSNode operand = field(node, "operand");
  return !ts_node_is_null(operand) && type_of(operand) == "call" ? operand : TSNode{};
}

std::string_view attribute_name(TSNode node, std::string_view source) {
  return called_name(attribute_call(node), source);
}

// The first argument of a call (`@doc "…"` → the string), or a null node.
TSNode first_argument(TSNode call) {
  TSNode arguments = child_of_type(call, "arguments");
  return ts_node_is_null(arguments) || ts_node_named_child_count(arguments) == 0 ? TSNode{}
                                                                                 : ts_node_named_child(arguments, 0);
}

bool is_module_kind(SymbolKind kind) {
  return kind == SymbolKind::module || kind == SymbolKind::interface || kind == SymbolKind::impl;
}

bool is_function_kind(SymbolKind kind) { return kind == SymbolKind::function || kind == SymbolKind::macro; }

// Whether a node lies inside a `quote` block: code there is a template for another module.
bool is_quoted(TSNode node, std::string_view source) {
  for (TSNode n = parent_node(node); !ts_node_is_null(n); n = parent_node(n))
    if (called_name(n, source) == "quote") return true;
  return false;
}

bool is_function_keyword(std::string_view name) {
  return is_one_of(name, {"def", "defp", "defmacro", "defmacrop", "defguard", "defguardp", "defdelegate"});
}

bool is_import_keyword(std::string_view name) { return is_one_of(name, {"alias", "import", "require", "use"}); }

bool is_typespec_attribute(std::string_view name) {
  return is_one_of(name, {"spec", "type", "typep", "opaque", "callback", "macrocallback"});
}

// The head of a function definition: `f(x)` of `def f(x) when x > 0`.
TSNode function_head(TSNode definition) {
  TSNode head = first_argument(definition);
  if (!ts_node_is_null(head) && type_of(head) == "binary_operator") head = field(head, "left");
  return head;
}

std::size_t arity_of(TSNode head) {
  if (ts_node_is_null(head) || type_of(head) != "call") return 0;
  TSNode arguments = child_of_type(head, "arguments");
  return ts_node_is_null(arguments) ? 0 : ts_node_named_child_count(arguments);
}

// The text of a string or sigil literal: heredocs lose the indentation of their closing quotes,
// as Elixir strips it, and their blank first and last lines.
std::string literal_text(TSNode literal, std::string_view source) {
  TSNode open = field(literal, "quoted_start");
  TSNode close = field(literal, "quoted_end");
  if (ts_node_is_null(open) || ts_node_is_null(close)) return {};
  uint32_t from = ts_node_end_byte(open);
  uint32_t to = ts_node_start_byte(close);
  if (to < from || to > source.size()) return {};
  std::string_view content = source.substr(from, to - from);
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0;;) {
    std::size_t eol = content.find('\n', pos);
    lines.push_back(content.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  std::size_t indent = std::string_view::npos;
  for (auto line : lines) {
    if (trim(line).empty()) continue;
    std::size_t leading = 0;
    while (leading < line.size() && (line[leading] == ' ' || line[leading] == '\t')) ++leading;
    indent = std::min(indent, leading);
  }
  std::string out;
  for (auto line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view kept = trim(line).empty() ? std::string_view{} : line.substr(std::min(indent, line.size()));
    if (out.empty() && kept.empty()) continue;  // blank lines before the text
    out += kept;
    out += '\n';
  }
  while (!out.empty() && is_space(out.back())) out.pop_back();
  return out;
}

// The first line of a definition, trimmed, without a trailing `do` or `,` (`::` and `{` stay: they
// are Elixir, not a block opener); at most 240 bytes.
std::string first_line(std::string_view text) {
  std::string_view line = trim(text.substr(0, text.find('\n')));
  while (!line.empty() && line.back() == ',') line = trim(line.substr(0, line.size() - 1));
  if (line.size() > 3 && line.substr(line.size() - 3) == " do") line = trim(line.substr(0, line.size() - 3));
  constexpr std::size_t kLimit = 240;
  if (line.size() > kLimit) {
    std::size_t cut = kLimit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    line = line.substr(0, cut);
  }
  return std::string(line);
}

enum class DocValue { text, hidden, none };

// What `@doc …` says: a text, `false` (hidden), or only metadata (`@doc since: "1.2"`).
DocValue doc_value(TSNode attribute, std::string_view source, std::string& text) {
  TSNode value = first_argument(attribute_call(attribute));
  if (ts_node_is_null(value)) return DocValue::none;
  std::string_view type = type_of(value);
  if (type == "string" || type == "sigil") {
    text = literal_text(value, source);
    return DocValue::text;
  }
  if (type == "boolean" || type == "nil") return DocValue::hidden;
  return DocValue::none;
}

bool same_extent(TSNode a, TSNode b) {
  return ts_node_start_byte(a) == ts_node_start_byte(b) && ts_node_end_byte(a) == ts_node_end_byte(b);
}

// The definition node a symbol was extracted from: the outermost call or attribute with its span.
TSNode definition_node(TSNode root, const sdk::Span& span) {
  TSPoint start{span.start_line - 1, span.start_column - 1};
  TSPoint end{span.end_line - 1, span.end_column - 1};
  TSNode node = ts_node_descendant_for_point_range(root, start, end);
  TSNode best = node;
  for (TSNode n = node; !ts_node_is_null(n) && same_extent(n, node); n = parent_node(n))
    if (is_one_of(type_of(n), {"call", "unary_operator"})) best = n;
  return best;
}

// The node of a referenced name (names are single-line).
TSNode reference_node(TSNode root, const sdk::Reference& reference) {
  TSPoint start{reference.line - 1, reference.column - 1};
  TSPoint end{start.row, start.column + static_cast<uint32_t>(reference.name.size())};
  return ts_node_named_descendant_for_point_range(root, start, end);
}

// `for: BitString` of `defimpl Size, for: BitString`, or "" when it is left out.
std::string implemented_for(TSNode definition, std::string_view source) {
  TSNode arguments = child_of_type(definition, "arguments");
  TSNode keywords = ts_node_is_null(arguments) ? TSNode{} : child_of_type(arguments, "keywords");
  for (uint32_t i = 0; !ts_node_is_null(keywords) && i < ts_node_named_child_count(keywords); ++i) {
    TSNode pair = ts_node_named_child(keywords, i);
    TSNode key = field(pair, "key");
    TSNode value = field(pair, "value");
    if (ts_node_is_null(key) || ts_node_is_null(value) || trim(node_text(key, source)) != "for:") continue;
    std::string_view text = node_text(value, source);
    if (type_of(value) != "list" || text.size() < 2) return std::string(text);
    std::string types = "{";
    types.append(trim(text.substr(1, text.size() - 2)));
    types += '}';
    return types;
  }
  return {};
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && out.back() != '{' && c != '}' && c != ',') out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// `MyApp.{User, Team}` names `MyApp.User` and `MyApp.Team`.
std::vector<std::string> expand_multi_alias(std::string_view specifier) {
  std::string text = collapse_whitespace(specifier);
  std::size_t open = text.find(".{");
  if (open == std::string::npos || text.back() != '}') return {text};
  std::string prefix = text.substr(0, open);
  std::string_view items(text);
  items = items.substr(open + 2, items.size() - open - 3);
  std::vector<std::string> out;
  for (std::size_t pos = 0; pos <= items.size();) {
    std::size_t comma = items.find(',', pos);
    std::string_view item =
        trim(items.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!item.empty()) out.push_back(prefix + "." + std::string(item));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

// Whether a call is a function head (`f(x)` of `def f(x) when g(x)`) or a module attribute
// (`@doc "…"`), or sits inside a typespec: none of them calls anything.
bool is_not_a_call(TSNode call, std::string_view source) {
  TSNode parent = parent_node(call);
  if (!ts_node_is_null(attribute_call(parent))) return true;
  TSNode head = call;
  if (!ts_node_is_null(parent) && type_of(parent) == "binary_operator" && ts_node_eq(field(parent, "left"), call)) {
    head = parent;
    parent = parent_node(parent);
  }
  if (!ts_node_is_null(parent) && type_of(parent) == "arguments" && ts_node_eq(ts_node_named_child(parent, 0), head) &&
      is_function_keyword(called_name(parent_node(parent), source)))
    return true;
  for (TSNode n = parent_node(call); !ts_node_is_null(n); n = parent_node(n))
    if (is_typespec_attribute(attribute_name(n, source))) return true;
  return false;
}

// Whether an alias is the name a module is defined under or what a directive imports.
bool is_declaring_alias(TSNode alias, std::string_view source) {
  TSNode node = alias;
  TSNode parent = parent_node(node);
  while (!ts_node_is_null(parent) && is_one_of(type_of(parent), {"dot", "tuple", "keywords", "pair"})) {
    node = parent;
    parent = parent_node(node);
  }
  if (ts_node_is_null(parent) || type_of(parent) != "arguments") return false;
  std::string_view keyword = called_name(parent_node(parent), source);
  if (is_import_keyword(keyword)) return true;
  return is_one_of(keyword, {"defmodule", "defprotocol", "defimpl"}) &&
         ts_node_eq(ts_node_named_child(parent, 0), node);
}

}  // namespace

ElixirLanguage::ElixirLanguage()
    // mix.lock is an Elixir map literal.
    : TreeSitterLanguage({"elixir", "Elixir", {".ex", ".exs"}, {"mix.lock"}, {"elixir"}},
                         {{tree_sitter_elixir(), k_tags_query, {}}}) {}

sdk::Confidence ElixirLanguage::check_content(std::string_view path, std::string_view head) const {
  namespace content = ax::lang::content;
  // .ex is also Euphoria's; an .ex file is Elixir when it defines or uses Elixir modules.
  if (!content::has_suffix(path, ".ex")) return sdk::Confidence::maybe;
  if (content::has_foreign_shebang(head, {"elixir"})) return sdk::Confidence::no;
  bool elixir = content::any_line(head, [](std::string_view line) {
    return content::starts_with_any_word(
        line,
        {"defmodule",    "defprotocol", "defimpl",  "defmacro",   "defmacrop", "def",    "defp",       "defstruct",
         "defexception", "defdelegate", "defguard", "@moduledoc", "@doc",      "@spec",  "@behaviour", "@impl",
         "use",          "import",      "alias",    "require",    "quote",     "unless", "cond"});
  });
  return elixir ? sdk::Confidence::likely : sdk::Confidence::no;
}

SymbolKind ElixirLanguage::refine_kind(SymbolKind captured, const SymbolKind*) const {
  // Elixir has no methods: a function in a protocol or an implementation is still a function.
  return captured;
}

std::string ElixirLanguage::doc_comment(TSNode definition, std::string_view source) const {
  std::string_view keyword = called_name(definition, source);
  if (is_one_of(keyword, {"defmodule", "defprotocol", "defimpl"})) {
    // The module's own `@moduledoc`, wherever it stands in the body.
    TSNode body = child_of_type(definition, "do_block");
    for (uint32_t i = 0; !ts_node_is_null(body) && i < ts_node_named_child_count(body); ++i) {
      TSNode child = ts_node_named_child(body, i);
      std::string text;
      if (attribute_name(child, source) == "moduledoc")
        return doc_value(child, source, text) == DocValue::text ? text : "";
    }
    return {};
  }
  // Module attributes have no documentation of their own.
  std::string_view own_attribute = attribute_name(definition, source);
  bool is_type = is_one_of(own_attribute, {"type", "typep", "opaque"});
  if (!own_attribute.empty() && !is_type && !is_one_of(own_attribute, {"callback", "macrocallback"})) return {};
  std::string_view doc_attribute = is_type ? "typedoc" : "doc";
  // `@doc` above the definition; other attributes (`@spec`, `@impl true`) and comments may sit
  // between them.
  for (TSNode prev = prev_named_sibling(definition); !ts_node_is_null(prev); prev = prev_named_sibling(prev)) {
    if (type_of(prev) == "comment") continue;
    std::string_view name = attribute_name(prev, source);
    if (name.empty() || is_one_of(name, {"type", "typep", "opaque", "callback", "macrocallback"})) break;
    if (name == doc_attribute) {
      std::string text;
      DocValue value = doc_value(prev, source, text);
      if (value == DocValue::none) continue;  // metadata only: `@doc since: "1.2"`
      return value == DocValue::text ? text : "";
    }
  }
  return {};
}

std::string ElixirLanguage::signature(TSNode definition, std::string_view source) const {
  // Up to the body: `do … end` or `, do: …`.
  uint32_t start = ts_node_start_byte(definition);
  uint32_t end = ts_node_end_byte(definition);
  TSNode body = child_of_type(definition, "do_block");
  if (!ts_node_is_null(body)) {
    end = ts_node_start_byte(body);
  } else if (TSNode arguments = child_of_type(definition, "arguments"); !ts_node_is_null(arguments)) {
    uint32_t count = ts_node_named_child_count(arguments);
    TSNode last = count == 0 ? TSNode{} : ts_node_named_child(arguments, count - 1);
    if (!ts_node_is_null(last) && type_of(last) == "keywords" && count > 1 &&
        trim(node_text(field(ts_node_named_child(last, 0), "key"), source)) == "do:")
      end = ts_node_start_byte(last);
  }
  if (end <= start || end > source.size()) end = ts_node_end_byte(definition);
  std::string line = first_line(source.substr(start, end - start));

  // A `@spec` of the same function among the attributes above joins the signature.
  std::string_view keyword = called_name(definition, source);
  if (!is_function_keyword(keyword)) return line;
  TSNode head = function_head(definition);
  std::string_view name = type_of(head) == "call" ? called_name(head, source) : node_text(head, source);
  for (TSNode prev = prev_named_sibling(definition); !ts_node_is_null(prev); prev = prev_named_sibling(prev)) {
    if (type_of(prev) == "comment") continue;
    std::string_view attribute = attribute_name(prev, source);
    if (attribute.empty()) break;
    if (attribute != "spec") continue;
    TSNode spec = first_argument(attribute_call(prev));
    TSNode spec_head = ts_node_is_null(spec) || type_of(spec) != "binary_operator" ? TSNode{} : field(spec, "left");
    // `f(x) :: t when x: …` nests the head one level deeper.
    if (!ts_node_is_null(spec_head) && type_of(spec_head) == "binary_operator") spec_head = field(spec_head, "left");
    if (ts_node_is_null(spec_head)) continue;
    std::string_view spec_name =
        type_of(spec_head) == "call" ? called_name(spec_head, source) : node_text(spec_head, source);
    if (spec_name == name) return line + " # " + first_line(node_text(prev, source));
  }
  return line;
}

void ElixirLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  auto& symbols = result.symbols;
  const std::size_t count = symbols.size();
  std::vector<TSNode> nodes;
  nodes.reserve(count);
  for (const auto& symbol : symbols) nodes.push_back(definition_node(root, symbol.span));

  // A module defined in a function body (a test's fixture module) is a module all the same, named
  // inside the enclosing module as Elixir names it; one in a `quote` block is a template.
  std::vector<bool> quoted_module(count, false);
  for (std::size_t i = 0; i < count; ++i) {
    auto& symbol = symbols[i];
    if (!is_module_kind(symbol.kind) || symbol.parent < 0 || !is_function_kind(symbols[symbol.parent].kind)) continue;
    if (is_quoted(nodes[i], source)) {
      quoted_module[i] = true;
      continue;
    }
    while (symbol.parent >= 0 && is_function_kind(symbols[symbol.parent].kind))
      symbol.parent = symbols[symbol.parent].parent;
  }
  for (auto& symbol : symbols)
    symbol.qualified_name = symbol.parent < 0 ? symbol.name : symbols[symbol.parent].qualified_name + "." + symbol.name;

  // Structs are named after their module; implementations as Elixir names them: `Protocol.Type`,
  // the type being the enclosing module when `for:` is left out.
  for (std::size_t i = 0; i < count; ++i) {
    auto& symbol = symbols[i];
    if (symbol.kind == SymbolKind::function && attribute_name(nodes[i], source) == "macrocallback") {
      symbol.kind = SymbolKind::macro;
    } else if (symbol.kind == SymbolKind::macro && symbol.name.starts_with(':') &&
               type_of(first_argument(nodes[i])) == "atom") {
      symbol.name.erase(0, 1);  // a record: `defrecord :user` defines `user`
    } else if (symbol.kind == SymbolKind::struct_ && symbol.parent >= 0) {
      std::string_view module = symbols[symbol.parent].name;
      std::size_t dot = module.rfind('.');
      symbol.name = std::string(dot == std::string_view::npos ? module : module.substr(dot + 1));
    } else if (symbol.kind == SymbolKind::impl) {
      std::string type = implemented_for(nodes[i], source);
      if (type.empty() && symbol.parent >= 0) type = symbols[symbol.parent].qualified_name;
      if (!type.empty()) symbol.name += "." + type;
    }
  }

  // Only what a module defines: nothing inside a function or macro body (a `quote` block's
  // definitions belong to the module using it), no struct outside a module. Consecutive clauses
  // of one function are one symbol spanning all of them.
  std::vector<std::int32_t> merged_into(count, -1);
  std::vector<bool> keep(count, false);
  std::vector<std::int32_t> last_child_of_parent;  // by parent + 1: the last kept symbol there
  last_child_of_parent.assign(count + 1, -1);
  for (std::size_t i = 0; i < count; ++i) {
    auto& symbol = symbols[i];
    std::int32_t parent = symbol.parent;
    bool parent_ok = parent < 0 || (keep[parent] && !is_function_kind(symbols[parent].kind));
    if (!parent_ok || quoted_module[i] || (symbol.kind == SymbolKind::struct_ && parent < 0)) continue;
    std::int32_t previous = last_child_of_parent[static_cast<std::size_t>(parent + 1)];
    // Clauses are `def`s; two `@callback`s or records of one name are two declarations.
    if (previous >= 0 && is_function_kind(symbol.kind) && is_function_keyword(called_name(nodes[i], source)) &&
        is_function_keyword(called_name(nodes[previous], source))) {
      auto& earlier = symbols[previous];
      if (earlier.kind == symbol.kind && earlier.name == symbol.name &&
          arity_of(function_head(nodes[previous])) == arity_of(function_head(nodes[i]))) {
        earlier.span.end_line = symbol.span.end_line;
        earlier.span.end_column = symbol.span.end_column;
        merged_into[i] = previous;
        continue;
      }
    }
    keep[i] = true;
    last_child_of_parent[static_cast<std::size_t>(parent + 1)] = static_cast<std::int32_t>(i);
  }

  std::vector<std::int32_t> new_index(count, -1);
  std::int32_t next = 0;
  for (std::size_t i = 0; i < count; ++i)
    if (keep[i]) new_index[i] = next++;
  auto surviving = [&](std::int32_t old) {
    while (old >= 0 && new_index[old] < 0) old = merged_into[old] >= 0 ? merged_into[old] : symbols[old].parent;
    return old < 0 ? -1 : new_index[old];
  };
  std::vector<sdk::Symbol> kept_symbols;
  kept_symbols.reserve(static_cast<std::size_t>(next));
  for (std::size_t i = 0; i < count; ++i) {
    if (!keep[i]) continue;
    sdk::Symbol symbol = symbols[i];  // a copy: later lookups still walk the old parents
    symbol.parent = surviving(symbol.parent);
    kept_symbols.push_back(std::move(symbol));
  }
  for (auto& reference : result.references) reference.enclosing = surviving(reference.enclosing);
  symbols = std::move(kept_symbols);
  // An implementation's name is absolute (Elixir does not nest it under the enclosing module).
  for (auto& symbol : symbols) {
    symbol.qualified_name = symbol.parent < 0 || symbol.kind == SymbolKind::impl
                                ? symbol.name
                                : symbols[symbol.parent].qualified_name + "." + symbol.name;
  }

  // `alias __MODULE__.Helpers` names a module inside the one the directive sits in. Imports and
  // modules (parents first) are in source order: one sweep keeps the modules open at each import.
  std::vector<const sdk::Symbol*> open_modules;
  std::size_t next_symbol = 0;
  for (auto& import : result.imports) {
    if (!import.specifier.starts_with("__MODULE__")) continue;
    for (; next_symbol < symbols.size() && symbols[next_symbol].span.start_line <= import.line; ++next_symbol) {
      const sdk::Symbol& symbol = symbols[next_symbol];
      if (symbol.kind != SymbolKind::module) continue;
      while (!open_modules.empty() && open_modules.back()->span.end_line < symbol.span.start_line)
        open_modules.pop_back();
      open_modules.push_back(&symbol);
    }
    while (!open_modules.empty() && open_modules.back()->span.end_line < import.line) open_modules.pop_back();
    if (!open_modules.empty()) import.specifier = open_modules.back()->qualified_name + import.specifier.substr(10);
  }

  std::vector<sdk::Reference> kept_references;
  kept_references.reserve(result.references.size());
  for (auto& reference : result.references) {
    TSNode node = reference_node(root, reference);
    if (reference.kind == sdk::ReferenceKind::call) {
      // The call around a local name `f(…)`, or around the `Mod.f` of a remote one.
      TSNode call = parent_node(node);
      if (!ts_node_is_null(call) && type_of(call) == "dot") call = parent_node(call);
      if (!ts_node_is_null(call) && type_of(call) == "call" && is_not_a_call(call, source)) continue;
    } else if (type_of(node) == "alias" && is_declaring_alias(node, source)) {
      continue;
    }
    kept_references.push_back(std::move(reference));
  }
  result.references = std::move(kept_references);
}

void ElixirLanguage::post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode,
                                          std::string_view) const {
  std::vector<sdk::Import> expanded_imports;
  std::vector<std::string> expanded_kinds;
  for (std::size_t i = 0; i < imports.size(); ++i)
    for (auto& specifier : expand_multi_alias(imports[i].specifier)) {
      expanded_imports.push_back({std::move(specifier), imports[i].line});
      expanded_kinds.push_back(kinds[i]);
    }
  imports = std::move(expanded_imports);
  kinds = std::move(expanded_kinds);
}

}  // namespace ax::lang
