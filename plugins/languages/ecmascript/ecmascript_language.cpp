#include "ecmascript_language.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_set>
#include <utility>
#include <vector>

#include <ax/lang/parse_budget.hpp>
#include <ax/lang/unicode.hpp>

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool is_type(TSNode node, std::string_view type) { return !ts_node_is_null(node) && ts_node_type(node) == type; }

template <std::size_t N>
bool is_any_type(TSNode node, const std::array<std::string_view, N>& types) {
  if (ts_node_is_null(node)) return false;
  std::string_view type = ts_node_type(node);
  return std::find(types.begin(), types.end(), type) != types.end();
}

// Statements that wrap a declaration without being one: the JSDoc of the declaration sits above them.
constexpr std::array<std::string_view, 5> kDeclarationWrappers = {
    "export_statement", "lexical_declaration", "variable_declaration", "ambient_declaration", "expression_statement"};

// Definitions whose own node holds the function or class as `value` (`const f = () => …`).
constexpr std::array<std::string_view, 4> kValueHolders = {"variable_declarator", "public_field_definition",
                                                           "field_definition", "assignment_expression"};

constexpr std::array<std::string_view, 4> kFunctionOrClassValues = {"arrow_function", "function_expression",
                                                                    "generator_function", "class"};

// Kinds that hold members: methods, accessors, fields, enum members (a `type` holds those of its
// object type: `type Props = { title: string }`).
bool holds_members(SymbolKind kind) {
  return kind == SymbolKind::class_ || kind == SymbolKind::interface || kind == SymbolKind::type ||
         kind == SymbolKind::enum_;
}

// Kinds whose nested definitions are symbols of their own; anything nested in another kind (a
// function body, a constant's initialiser) is local.
bool is_container(SymbolKind kind) {
  return holds_members(kind) || kind == SymbolKind::namespace_ || kind == SymbolKind::module;
}

// A key or accessor of an object literal bound to a module-level name (`const routes = { home: … }`,
// `module.exports = { get url() {…} }`), or of an object literal nested in one (`{ env: { Blob } }`).
bool is_object_literal_member(SymbolKind kind, SymbolKind parent) {
  return (kind == SymbolKind::property || kind == SymbolKind::method || kind == SymbolKind::getter ||
          kind == SymbolKind::setter) &&
         (parent == SymbolKind::constant || parent == SymbolKind::variable || parent == SymbolKind::property);
}

// Named declarations that stay definitions inside a function body or initialiser (a helper
// function, a local class or type, a named callback); the bindings and object-literal keys there
// are locals.
bool is_nested_declaration(SymbolKind kind) {
  return kind == SymbolKind::function || kind == SymbolKind::class_ || kind == SymbolKind::interface ||
         kind == SymbolKind::type || kind == SymbolKind::enum_;
}

// A binding whose object literal has methods (`var self = { add: function () {…} }`) in a function
// body: an object built there and handed out, kept with its keys while other bindings are locals.
bool is_method_holder(SymbolKind kind, bool holds_methods) {
  return holds_methods && (kind == SymbolKind::variable || kind == SymbolKind::constant);
}

bool is_member(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::method:
    case SymbolKind::constructor:
    case SymbolKind::getter:
    case SymbolKind::setter:
    case SymbolKind::field:
    case SymbolKind::enum_member:
      return true;
    default:
      return false;
  }
}

// Kinds that TypeScript lets one declare several times in a row as overloads.
bool is_overloadable(SymbolKind kind) {
  return kind == SymbolKind::function || kind == SymbolKind::method || kind == SymbolKind::constructor;
}

bool is_jsdoc(std::string_view comment) {
  return comment.size() >= 5 && comment.substr(0, 3) == "/**" && comment != "/**/";
}

// Where a declaration's own text begins: its first token that is not part of a decorator or comment.
TSNode first_declaration_token(TSNode node) {
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) {
    TSNode child = ts_node_child(node, i);
    if (!is_type(child, "decorator") && !is_type(child, "comment")) return child;
  }
  return node;
}

// The declaration a wrapper statement carries: its first named child besides decorators and comments.
TSNode first_declaration_child(TSNode wrapper) {
  for (uint32_t i = 0; i < ts_node_named_child_count(wrapper); ++i) {
    TSNode child = ts_node_named_child(wrapper, i);
    if (!is_type(child, "decorator") && !is_type(child, "comment")) return child;
  }
  return TSNode{};
}

// The body that ends a declaration's header: its own `body` field, or that of the function or
// class it binds (`const f = () => {…}`, `handler = function () {…}`).
TSNode header_end(TSNode definition) {
  TSNode body = ts_node_child_by_field_name(definition, "body", 4);
  if (!ts_node_is_null(body)) return body;
  if (is_any_type(definition, kValueHolders)) {
    TSNode value = ts_node_child_by_field_name(definition, "value", 5);
    if (ts_node_is_null(value)) value = ts_node_child_by_field_name(definition, "right", 5);
    if (is_any_type(value, kFunctionOrClassValues)) return ts_node_child_by_field_name(value, "body", 4);
  }
  return TSNode{};
}

// Runs of whitespace become one space; no space is left inside brackets, nor a trailing comma
// before a closing one, so a multi-line parameter list reads as it would on one line.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    bool closing = c == ')' || c == ']';
    if (closing) {
      if (!out.empty() && out.back() == ',') out.pop_back();
    } else if (pending_space && out.back() != '(' && out.back() != '[') {
      out += ' ';
    }
    pending_space = false;
    out += c;
  }
  return out;
}

// The source between `begin` and `end` (inside `node`) without the comments in it, e.g. the JSDoc
// of a constructor's parameter property.
std::string without_comments(TSNode node, uint32_t begin, uint32_t end, std::string_view source) {
  std::vector<std::pair<uint32_t, uint32_t>> comments;
  std::vector<TSNode> pending{node};
  while (!pending.empty()) {
    TSNode current = pending.back();
    pending.pop_back();
    for (uint32_t i = 0; i < ts_node_child_count(current); ++i) {
      TSNode child = ts_node_child(current, i);
      if (ts_node_end_byte(child) <= begin || ts_node_start_byte(child) >= end) continue;
      if (is_type(child, "comment")) {
        comments.emplace_back(ts_node_start_byte(child), ts_node_end_byte(child));
      } else {
        pending.push_back(child);
      }
    }
  }
  std::sort(comments.begin(), comments.end());
  std::string out;
  uint32_t at = begin;
  for (auto [comment_begin, comment_end] : comments) {
    if (comment_begin > at) out.append(source.substr(at, comment_begin - at));
    out += ' ';
    at = std::max(at, comment_end);
  }
  if (end > at) out.append(source.substr(at, end - at));
  return out;
}

std::string_view strip_trailing(std::string_view text, std::string_view suffix) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix)
    text.remove_suffix(suffix.size());
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Whether `symbol` is the key of an object literal (`{ id: 1 }`, `{ id }`, `{ get id() {…} }`), found
// by its span: such a key without a parent belongs to a binding that is not a definition (a local
// in an arrow function), unlike a property assigned at module level (`X.prototype.y = z`).
// The outermost node spanning exactly `symbol`'s span. The smallest node covering the span may be a
// child of the symbol's own node (`id` of `id: 1` spans less than the pair only when the pair is the
// capture), so climb while the range is the same.
TSNode node_spanning(const sdk::Symbol& symbol, TSNode root) {
  TSPoint start{symbol.span.start_line - 1, symbol.span.start_column - 1};
  TSPoint end{symbol.span.end_line - 1, symbol.span.end_column - 1};
  TSNode node = ts_node_descendant_for_point_range(root, start, end);
  for (TSNode parent = ts_node_parent(node);
       !ts_node_is_null(parent) && ts_node_start_byte(parent) == ts_node_start_byte(node) &&
       ts_node_end_byte(parent) == ts_node_end_byte(node);
       parent = ts_node_parent(node)) {
    node = parent;
  }
  return node;
}

bool is_object_literal_key(const sdk::Symbol& symbol, TSNode root) {
  return is_type(ts_node_parent(node_spanning(symbol, root)), "object");
}

constexpr std::array<std::string_view, 1> kNodeTests = {"module-scope?"};

// Module wrappers in module wrappers (a UMD factory in an IIFE) are followed this deep.
constexpr int kMaxWrapperNesting = 8;

constexpr std::array<std::string_view, 2> kWrapperFunctions = {"function_expression", "arrow_function"};
// The AMD loader's functions that take a module's factory.
constexpr std::array<std::string_view, 3> kAmdLoaders = {"define", "require", "requirejs"};

// `x` itself through any parentheses around it: `(function () {…})`.
TSNode without_parentheses(TSNode node) {
  while (is_type(node, "parenthesized_expression") && ts_node_named_child_count(node) > 0)
    node = ts_node_named_child(node, 0);
  return node;
}

// The body of `node` when it is a function with a block body, else a null node.
TSNode wrapper_body(TSNode node) {
  node = without_parentheses(node);
  if (!is_any_type(node, kWrapperFunctions)) return TSNode{};
  TSNode body = ts_node_child_by_field_name(node, "body", 4);
  return is_type(body, "statement_block") ? body : TSNode{};
}

// The bodies of the module wrappers a statement calls: `define([…], function ($) {…})` (AMD's
// loader functions), `(function (root, factory) {…})(this, function () {…})` (a UMD factory and
// the IIFE it is given to), `(function () {…})()`, `!function () {…}()`, `(() => {…})()`,
// `(function () {…}).call(this)`.
void add_wrapper_bodies(TSNode statement, std::string_view source, std::vector<TSNode>& bodies) {
  if (!is_type(statement, "expression_statement") || ts_node_named_child_count(statement) == 0) return;
  TSNode call = ts_node_named_child(statement, 0);
  while (is_any_type(call, std::array<std::string_view, 2>{"parenthesized_expression", "unary_expression"}))
    call = is_type(call, "unary_expression") ? ts_node_child_by_field_name(call, "argument", 8)
                                             : ts_node_named_child(call, 0);
  if (!is_type(call, "call_expression")) return;
  TSNode callee = without_parentheses(ts_node_child_by_field_name(call, "function", 8));
  TSNode arguments = ts_node_child_by_field_name(call, "arguments", 9);
  bool factories = false;  // whether the function arguments are module factories
  if (TSNode body = wrapper_body(callee); !ts_node_is_null(body)) {
    bodies.push_back(body);
    factories = true;  // UMD
  } else if (is_type(callee, "member_expression")) {
    std::string_view method = node_text(ts_node_child_by_field_name(callee, "property", 8), source);
    TSNode object_body = wrapper_body(ts_node_child_by_field_name(callee, "object", 6));
    if ((method == "call" || method == "apply") && !ts_node_is_null(object_body)) bodies.push_back(object_body);
  } else if (is_type(callee, "identifier")) {
    factories = std::find(kAmdLoaders.begin(), kAmdLoaders.end(), node_text(callee, source)) != kAmdLoaders.end();
  }
  if (!factories || !is_type(arguments, "arguments")) return;
  for (uint32_t i = 0; i < ts_node_named_child_count(arguments); ++i)
    if (TSNode body = wrapper_body(ts_node_named_child(arguments, i)); !ts_node_is_null(body)) bodies.push_back(body);
}

// A tree cursor deleted with its scope (the budget poll may throw).
struct Cursor {
  explicit Cursor(TSNode node) : cursor(ts_tree_cursor_new(node)) {}
  ~Cursor() { ts_tree_cursor_delete(&cursor); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  TSTreeCursor cursor;
};

// The statements at module scope, found from the top down once per tree (a test walking up from
// each captured statement would cost the tree's depth per step).
class ModuleScope : public QueryNodeTests {
 public:
  ModuleScope(TSNode root, std::string_view source) {
    std::vector<TSNode> scopes{root};
    for (int nesting = 0; !scopes.empty() && nesting <= kMaxWrapperNesting; ++nesting) {
      std::vector<TSNode> bodies;
      for (TSNode scope : scopes) {
        Cursor cursor(scope);
        for (bool more = ts_tree_cursor_goto_first_child(&cursor.cursor); more;
             more = ts_tree_cursor_goto_next_sibling(&cursor.cursor)) {
          poll_parse_budget();
          TSNode statement = ts_tree_cursor_current_node(&cursor.cursor);
          statements_.insert(statement.id);
          add_wrapper_bodies(statement, source, bodies);
        }
      }
      scopes = std::move(bodies);
    }
  }
  bool holds(std::size_t, TSNode node) const override { return statements_.contains(node.id); }

 private:
  std::unordered_set<const void*> statements_;
};

}  // namespace

std::span<const std::string_view> EcmaScriptLanguage::query_node_tests() const { return kNodeTests; }

std::unique_ptr<QueryNodeTests> EcmaScriptLanguage::prepare_node_tests(TSNode root, std::string_view source) const {
  return std::make_unique<ModuleScope>(root, source);
}

std::string decoded_string_literal(std::string_view literal) {
  if (literal.size() >= 2 && (literal.front() == '\'' || literal.front() == '"') && literal.back() == literal.front()) {
    literal = literal.substr(1, literal.size() - 2);
  }
  std::string out;
  out.reserve(literal.size());
  std::optional<uint32_t> high_surrogate;  // waiting for the low half of a \uD83D\uDE00 pair
  auto flush_surrogate = [&] {
    if (high_surrogate) append_utf8(out, 0xFFFD);
    high_surrogate.reset();
  };
  for (std::size_t i = 0; i < literal.size(); ++i) {
    if (literal[i] != '\\' || i + 1 == literal.size()) {
      flush_surrogate();
      out += literal[i];
      continue;
    }
    char escape = literal[++i];
    std::optional<uint32_t> code;
    if (escape == 'x' && i + 2 < literal.size() && (code = hex_code_point(literal.substr(i + 1, 2)))) {
      i += 2;
    } else if (escape == 'u' && i + 1 < literal.size() && literal[i + 1] == '{') {
      std::size_t close = literal.find('}', i + 2);
      if (close != std::string_view::npos && (code = hex_code_point(literal.substr(i + 2, close - i - 2)))) i = close;
    } else if (escape == 'u' && i + 4 < literal.size() && (code = hex_code_point(literal.substr(i + 1, 4)))) {
      i += 4;
    }
    if (code) {
      if (*code >= 0xDC00 && *code <= 0xDFFF && high_surrogate) {
        append_utf8(out, 0x10000 + ((*high_surrogate - 0xD800) << 10) + (*code - 0xDC00));
        high_surrogate.reset();
      } else {
        flush_surrogate();
        if (*code >= 0xD800 && *code <= 0xDBFF) {
          high_surrogate = code;
        } else {
          append_utf8(out, *code);
        }
      }
      continue;
    }
    flush_surrogate();
    switch (escape) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        out += '\0';
        break;
      case '\n':
        break;  // a line continuation adds nothing
      case '\r':
        if (i + 1 < literal.size() && literal[i + 1] == '\n') ++i;
        break;
      default:
        out += escape;  // \' \" \\ and any other character stand for themselves
    }
  }
  flush_surrogate();
  return out;
}

void EcmaScriptLanguage::post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds,
                                              TSNode, std::string_view) const {
  // The matches of one statement come one after the other: a "type" import drops its static twin
  // (same specifier and line, kind "import" or "export") beside it.
  std::vector<char> drop(imports.size(), 0);
  for (std::size_t i = 0; i < imports.size(); ++i) {
    if (kinds[i] != "type") continue;
    for (const std::size_t j : {i - 1, i + 1}) {  // i - 1 wraps past the end for the first
      if (j >= imports.size() || drop[j] != 0 || (kinds[j] != "import" && kinds[j] != "export")) continue;
      if (imports[j].specifier != imports[i].specifier || imports[j].line != imports[i].line) continue;
      drop[j] = 1;
      break;
    }
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < imports.size(); ++i) {
    if (drop[i] != 0) continue;
    if (kept != i) {  // not onto itself: a self-move empties a string
      imports[kept] = std::move(imports[i]);
      kinds[kept] = std::move(kinds[i]);
    }
    ++kept;
  }
  imports.resize(kept);
  kinds.resize(kept);
}

std::string join_queries(std::initializer_list<std::string_view> parts) {
  std::string query;
  for (std::string_view part : parts) {
    query += part;
    query += '\n';
  }
  return query;
}

std::string EcmaScriptLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // Climb to the statement that carries the declaration (`export`, `declare`, `const`), as long as
  // the declaration is what that statement begins with (the second declarator of a `const` is not).
  TSNode anchor = definition;
  for (TSNode parent = parent_node(anchor); is_any_type(parent, kDeclarationWrappers); parent = parent_node(anchor)) {
    TSNode carried = first_declaration_child(parent);
    if (ts_node_is_null(carried) || !ts_node_eq(carried, anchor)) break;
    anchor = parent;
  }
  // The nearest JSDoc block directly above, stepping over decorators and ordinary comments
  // (`// eslint-disable-next-line`) that sit between it and the declaration.
  uint32_t expected_row = ts_node_start_point(anchor).row;
  for (TSNode prev = prev_sibling(anchor); !ts_node_is_null(prev); prev = prev_sibling(prev)) {
    bool is_decorator = is_type(prev, "decorator");
    if (!is_decorator && !is_type(prev, "comment")) break;
    if (ts_node_end_point(prev).row + 1 < expected_row) break;  // a blank line detaches it
    expected_row = ts_node_start_point(prev).row;
    if (is_decorator) continue;
    std::string_view text = node_text(prev, source);
    if (is_jsdoc(text)) return strip_comment_markers(text);
  }
  return {};
}

std::string EcmaScriptLanguage::signature(TSNode definition, std::string_view source) const {
  uint32_t begin = ts_node_start_byte(first_declaration_token(definition));
  TSNode body = header_end(definition);
  uint32_t end = ts_node_is_null(body) ? ts_node_end_byte(definition) : ts_node_start_byte(body);
  if (end < begin || end > source.size()) return first_line_signature(node_text(definition, source));
  // Without a body the declaration's first line says enough (`type Id = string;`, `x = 1;`).
  if (ts_node_is_null(body)) {
    std::size_t newline = source.substr(begin, end - begin).find('\n');
    if (newline != std::string_view::npos) end = begin + static_cast<uint32_t>(newline);
  }

  std::string prefix;
  TSNode parent = parent_node(definition);
  if (is_type(definition, "variable_declarator")) {
    // `const`, `let` or `var`, which the declarator itself does not include.
    if (ts_node_child_count(parent) > 0) prefix = std::string(node_text(ts_node_child(parent, 0), source)) + " ";
  } else if (is_type(parent, "export_statement") &&
             ts_node_eq(ts_node_child_by_field_name(parent, "value", 5), definition)) {
    prefix = "export default ";  // an anonymous default export is named by this
  }
  std::string text = prefix + one_line(without_comments(definition, begin, end, source));
  return first_line_signature(strip_trailing(strip_trailing(text, ";"), "{"));
}

namespace {

// The statement declaring a binding whose symbol spans its declarator (`self = {…}` of `var list =
// [], self = {…}`, `const next = () => …`): the declaration, or the export statement around it;
// for an object literal set on an object (`this.handlers = {…}`), the assignment's statement; none
// for another symbol (`function f() {}`, a function set on an object).
TSNode binding_statement(const sdk::Symbol& symbol, TSNode root) {
  TSNode node = node_spanning(symbol, root);
  if (is_type(node, "assignment_expression") && symbol.kind == SymbolKind::variable &&
      is_type(ts_node_parent(node), "expression_statement"))
    return ts_node_parent(node);
  if (!is_type(node, "variable_declarator")) return TSNode{};
  TSNode declaration = ts_node_parent(node);
  TSNode outer = ts_node_parent(declaration);
  return is_type(outer, "export_statement") ? outer : declaration;
}

// Whether the function around `statement` is a callback: passed directly as an argument
// (`test('x', () => {…})`), unlike the value of an object literal's key (`jQuery.extend({ Deferred:
// function () {…} })`), whose locals stand for the method's own definitions.
bool in_callback(TSNode statement) {
  static constexpr std::array<std::string_view, 5> kFunctions = {
      "function_expression", "arrow_function", "generator_function", "function_declaration", "method_definition"};
  TSNode node = ts_node_parent(statement);
  while (!ts_node_is_null(node) && !is_any_type(node, kFunctions)) node = ts_node_parent(node);
  return !ts_node_is_null(node) && is_type(ts_node_parent(node), "arguments");
}

}  // namespace

void EcmaScriptLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  std::vector<sdk::Symbol>& symbols = result.symbols;
  const auto count = static_cast<int32_t>(symbols.size());

  // A key written as a string literal (`'\xc0': 'A'`, `"content-type": …`) is named by the string's
  // value; one with an empty value (`'': x`) names nothing anyone looks up.
  std::vector<char> unnamed(symbols.size(), 0);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    std::string& name = symbols[i].name;
    if (name.size() < 2 || (name.front() != '\'' && name.front() != '"')) continue;
    name = decoded_string_literal(name);
    unnamed[i] = name.empty() ? 1 : 0;
  }

  // Constructor parameter properties are fields of the class, not of the constructor.
  for (sdk::Symbol& symbol : symbols) {
    if (symbol.kind != SymbolKind::field || symbol.parent < 0) continue;
    const sdk::Symbol& constructor = symbols[symbol.parent];
    if (constructor.kind != SymbolKind::constructor) continue;
    symbol.parent = constructor.parent;
    symbol.qualified_name = symbol.parent < 0
                                ? symbol.name
                                : symbols[symbol.parent].qualified_name + std::string(scope_separator()) + symbol.name;
  }

  // survivor[i]: the kept symbol that stands for symbol i (itself, the first overload it folds
  // into, or the nearest kept definition enclosing a local), -1 for none. Parents precede children.
  std::vector<char> holds_methods(symbols.size(), 0);
  for (const sdk::Symbol& symbol : symbols)
    if (symbol.parent >= 0 &&
        (symbol.kind == SymbolKind::method || symbol.kind == SymbolKind::getter || symbol.kind == SymbolKind::setter))
      holds_methods[static_cast<std::size_t>(symbol.parent)] = 1;
  // Whether a binding outside any definition is a local of an anonymous callback (`test('x', () => {
  // const todo = { get size() {…} }; const fake = () => … })`) rather than module-level (a module
  // wrapper is a callback of `define` too) or in a method of an object literal.
  std::optional<ModuleScope> module_scope;
  auto is_callback_local = [&](const sdk::Symbol& symbol) {
    TSNode statement = binding_statement(symbol, root);
    if (ts_node_is_null(statement) || !in_callback(statement)) return false;
    if (!module_scope) module_scope.emplace(root, source);
    return !module_scope->holds(0, statement);
  };
  std::vector<int32_t> survivor(symbols.size(), -1);
  std::vector<int32_t> last_member(symbols.size() + 1, -1);  // by parent; the last slot is the top level
  for (int32_t i = 0; i < count; ++i) {
    sdk::Symbol& symbol = symbols[i];
    // The kept definition standing for the parent: the parent itself, or what it folded into
    // (`proto.handle = function handle() { function next() {…} }` nests next in the one handle).
    if (unnamed[i] != 0) continue;
    if (symbol.parent >= 0 && survivor[symbol.parent] < 0) continue;  // under a dropped top-level member
    int32_t parent = symbol.parent < 0 ? -1 : survivor[symbol.parent];
    // A member needs its class (or interface, enum, object type); methods of an anonymous
    // `class { … }` expression would otherwise surface at the top level.
    bool in_scope =
        parent < 0
            ? !is_member(symbol.kind) &&
                  !(is_object_literal_member(symbol.kind, SymbolKind::property) &&
                    is_object_literal_key(symbol, root)) &&
                  !((symbol.kind == SymbolKind::function || is_method_holder(symbol.kind, holds_methods[i] != 0)) &&
                    is_callback_local(symbol))
            : (is_object_literal_member(symbol.kind, symbols[parent].kind) ||
               (is_container(symbols[parent].kind) &&
                (!is_member(symbol.kind) || holds_members(symbols[parent].kind))) ||
               ((is_nested_declaration(symbol.kind) || is_method_holder(symbol.kind, holds_methods[i] != 0)) &&
                !is_container(symbols[parent].kind)));
    if (!in_scope) {
      survivor[i] = parent;
      continue;
    }
    // `app.use = function use() {…}`, `{ load: function load() {…} }`: the function expression's
    // own name is the binding or property it is the value of, one definition.
    if (parent >= 0 && symbol.kind == SymbolKind::function && symbols[parent].name == symbol.name &&
        symbols[parent].span.start_line == symbol.span.start_line) {
      survivor[i] = parent;
      continue;
    }
    int32_t& previous = last_member[parent < 0 ? count : parent];
    if (previous >= 0 && is_overloadable(symbol.kind) && symbols[previous].kind == symbol.kind &&
        symbols[previous].name == symbol.name) {
      // `f(a: string): void; f(a: number): void; f(a: any) {…}` is one function spanning all three.
      sdk::Symbol& first = symbols[previous];
      first.span.end_line = symbol.span.end_line;
      first.span.end_column = symbol.span.end_column;
      if (first.doc.empty()) first.doc = symbol.doc;
      survivor[i] = previous;
      continue;
    }
    survivor[i] = i;
    previous = i;
  }

  std::vector<int32_t> new_index(symbols.size(), -1);
  std::vector<sdk::Symbol> kept;
  for (int32_t i = 0; i < count; ++i) {
    if (survivor[i] != i) continue;
    new_index[i] = static_cast<int32_t>(kept.size());
    kept.push_back(std::move(symbols[i]));
  }
  auto remap = [&](int32_t old) { return old < 0 || survivor[old] < 0 ? -1 : new_index[survivor[old]]; };
  // Parents precede children, so each qualified name is rebuilt from a parent's final one (a
  // definition whose parent folded into another now reads `handle.next`, not `handle.handle.next`).
  for (sdk::Symbol& symbol : kept) {
    symbol.parent = remap(symbol.parent);
    symbol.qualified_name = symbol.parent < 0
                                ? symbol.name
                                : kept[symbol.parent].qualified_name + std::string(scope_separator()) + symbol.name;
  }
  for (sdk::Reference& reference : result.references) reference.enclosing = remap(reference.enclosing);
  symbols = std::move(kept);
}

}  // namespace ax::lang
