#include "c_family.hpp"

#include "macro_blanking.hpp"
#include "project_macro_cache.hpp"
#include "project_macros.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <ax/sdk/text.hpp>

namespace ax::lang {
namespace {

using sdk::SymbolKind;

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
using sdk::is_space;
using sdk::trim;

// ------------------------------------------------------------------------------- C or C++?

// One open #if/#ifdef/#ifndef while scanning for C++ constructs.
struct Conditional {
  bool tests_cplusplus = false;   // its condition is about __cplusplus
  bool cplusplus_branch = false;  // the current branch is compiled only as C++
};

// Splits a preprocessor line into directive ("ifdef") and the rest; nullopt for code lines.
std::optional<std::pair<std::string_view, std::string_view>> directive_of(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '#') return std::nullopt;
  line = trim(line.substr(1));
  std::size_t end = 0;
  while (end < line.size() && is_identifier_char(line[end])) ++end;
  return std::pair{line.substr(0, end), trim(line.substr(end))};
}

bool mentions_cplusplus(std::string_view condition) { return condition.find("__cplusplus") != std::string_view::npos; }

// Whether a condition tests that __cplusplus is NOT defined: `!defined __cplusplus`, `!(__cplusplus)`.
// A `!` elsewhere in it (`defined _MSC_VER && !defined __KLIBC__ && defined __cplusplus`) does not count.
bool negates_cplusplus(std::string_view condition) {
  std::size_t at = condition.find("__cplusplus");
  if (at == std::string_view::npos) return false;
  auto skip_back = [&](std::string_view what) {
    while (at > 0 && (condition[at - 1] == ' ' || condition[at - 1] == '\t' || condition[at - 1] == '(')) --at;
    if (at >= what.size() && condition.substr(at - what.size(), what.size()) == what) at -= what.size();
  };
  skip_back("defined");
  skip_back("");  // the blanks and brackets before `defined`
  return at > 0 && condition[at - 1] == '!';
}

// `#include <vector>`: standard C++ headers have no extension, C ones end in ".h".
bool includes_extensionless_header(std::string_view argument) {
  if (argument.size() < 3 || argument.front() != '<') return false;
  std::size_t close = argument.find('>');
  if (close == std::string_view::npos) return false;
  return argument.substr(1, close - 1).find('.') == std::string_view::npos;
}

bool tokens_look_like_cplusplus(const std::vector<std::string_view>& tokens) {
  auto is_identifier = [](std::string_view token) { return !token.empty() && is_identifier_char(token.front()); };
  auto is_operator_symbol = [](std::string_view token) {
    return token.size() == 1 && std::string_view("+-*/%^&|~!<>=[]()").find(token.front()) != std::string_view::npos;
  };
  // An overload's name and parameter list: `operator+(`, `operator==(`, `operator()(`, `operator""_m`.
  // A C struct member named `operator` (`n->operator == '+'`) is not followed by a parameter list.
  auto declares_operator = [&](std::size_t at) {
    if (at + 1 < tokens.size() && tokens[at + 1] == "\"") return true;
    for (std::size_t length = 1; length <= 3 && at + length + 1 < tokens.size(); ++length) {
      if (!is_operator_symbol(tokens[at + length])) return false;
      if (tokens[at + length + 1] == "(") return true;
    }
    return false;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view token = tokens[i];
    std::string_view previous = i > 0 ? tokens[i - 1] : std::string_view{};
    std::string_view next = i + 1 < tokens.size() ? tokens[i + 1] : std::string_view{};
    std::string_view after_next = i + 2 < tokens.size() ? tokens[i + 2] : std::string_view{};
    if (token == "::" || token == "typename") return true;
    if (token == "namespace" && (is_identifier(next) || next == "{")) return true;
    if (token == "template" && next == "<") return true;
    // `struct class` is C (a tag named `class`, as in Linux's device model); `enum class` is C++.
    if (token == "class" && is_identifier(next) && previous != "struct" && previous != "union") return true;
    if ((token == "public" || token == "private" || token == "protected") && next == ":") return true;
    // Member and class-level constructs of headers that use no namespace, class or template.
    if (token == "virtual" && (is_identifier(next) || next == "~")) return true;
    if (token == "noexcept" && previous == ")") return true;
    if (token == "operator" && previous != "." && previous != ">" && declares_operator(i)) return true;
    if ((token == "static_cast" || token == "reinterpret_cast" || token == "const_cast" || token == "dynamic_cast") &&
        next == "<")
      return true;
    if (token == "=" && next == "default" && (after_next == ";" || after_next == ",")) return true;
    if (token == "using" && is_identifier(next) && after_next == "=") return true;
  }
  return false;
}

// Objective-C directives start their line with `@` (never valid C or C++); `#import` is the
// include directive Objective-C headers use.
bool line_looks_like_objective_c(std::string_view line) {
  static constexpr std::array<std::string_view, 7> kDirectives{"interface", "implementation", "protocol", "end",
                                                               "class",     "property",       "import"};
  line = trim(line);
  if (line.size() < 2 || line.front() != '@' || !is_identifier_char(line[1])) return false;
  std::size_t end = 1;
  while (end < line.size() && is_identifier_char(line[end])) ++end;
  return std::find(kDirectives.begin(), kDirectives.end(), line.substr(1, end - 1)) != kDirectives.end();
}

void tokenize(std::string_view line, std::vector<std::string_view>& tokens) {
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_space(line[i])) {
      ++i;
    } else if (is_identifier_char(line[i])) {
      std::size_t start = i;
      while (i < line.size() && is_identifier_char(line[i])) ++i;
      tokens.push_back(line.substr(start, i - start));
    } else if (line.substr(i, 2) == "::") {
      tokens.push_back(line.substr(i, 2));
      i += 2;
    } else {
      tokens.push_back(line.substr(i, 1));
      ++i;
    }
  }
}

// ------------------------------------------------------------------------------- syntax helpers

bool has_type(TSNode node, std::string_view type) { return !ts_node_is_null(node) && type == ts_node_type(node); }

// Nodes whose children are separate declarations: a comment can only document a child of these.
bool is_declaration_container(TSNode node) {
  static constexpr std::array<std::string_view, 11> kContainers{"translation_unit",
                                                                "declaration_list",
                                                                "field_declaration_list",
                                                                "enumerator_list",
                                                                "compound_statement",
                                                                "preproc_if",
                                                                "preproc_ifdef",
                                                                "preproc_else",
                                                                "preproc_elif",
                                                                "preproc_elifdef",
                                                                "ERROR"};
  std::string_view type = ts_node_type(node);
  return std::find(kContainers.begin(), kContainers.end(), type) != kContainers.end();
}

bool starts_its_line(TSNode node, std::string_view source) {
  std::size_t at = std::min<std::size_t>(ts_node_start_byte(node), source.size());
  while (at > 0 && (source[at - 1] == ' ' || source[at - 1] == '\t')) --at;
  return at == 0 || source[at - 1] == '\n';
}

// Where a declaration's head ends: the start of its body, member list or initializer, the first such
// node in source order. Parameter lists are not searched (a default argument `= {}` is part of the
// head). Iterative: declarations can nest deeply.
std::uint32_t head_end(TSNode node);

// Whether a definition (its node and its ancestors, outermost first) is local to a block: anything
// declared in a function or lambda body but a type defined there (`struct pair { int a; } p;`,
// `using T = …;`, `typedef int count_t;`) and the members of such a type, which are definitions
// nested in the function as ctags tags them.
bool is_local(const std::vector<TSNode>& outer, TSNode node) {
  static constexpr std::array<std::string_view, 6> kTypes{"struct_specifier", "class_specifier", "union_specifier",
                                                          "enum_specifier",   "type_definition", "alias_declaration"};
  for (std::size_t k = 0; k < outer.size(); ++k) {
    if (!has_type(outer[k], "compound_statement")) continue;
    // The node the block declares: below any declaration or template declaration wrapping it.
    std::size_t below = k + 1;
    auto at = [&](std::size_t index) { return index < outer.size() ? outer[index] : node; };
    while (below < outer.size() && (has_type(at(below), "declaration") || has_type(at(below), "template_declaration")))
      ++below;
    const std::string_view type = ts_node_type(at(below));
    if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) return true;
  }
  return false;
}

std::uint32_t head_end(TSNode node) {
  static constexpr std::array<std::string_view, 7> kBodies{
      "compound_statement", "field_declaration_list", "enumerator_list", "declaration_list",
      "initializer_list",   "field_initializer_list", "try_statement"};
  std::uint32_t end = ts_node_end_byte(node);
  TSTreeCursor cursor = ts_tree_cursor_new(node);
  while (true) {
    TSNode current = ts_tree_cursor_current_node(&cursor);
    std::string_view type = ts_node_type(current);
    if (std::find(kBodies.begin(), kBodies.end(), type) != kBodies.end()) {
      end = ts_node_start_byte(current);
      break;
    }
    bool opaque = type == "parameter_list" || type == "template_parameter_list";
    if (!opaque && ts_tree_cursor_goto_first_child(&cursor)) continue;
    // Next in source order: the next sibling of this node or of its nearest ancestor having one.
    bool advanced = false;
    do {
      advanced = ts_tree_cursor_goto_next_sibling(&cursor);
    } while (!advanced && ts_tree_cursor_goto_parent(&cursor));
    if (!advanced) break;
  }
  ts_tree_cursor_delete(&cursor);
  return end;
}

// Whitespace runs (newlines included) become single spaces.
std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : trim(text)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string_view text_between(std::string_view source, std::uint32_t start, std::uint32_t end) {
  if (start > source.size()) return {};
  end = std::min<std::uint32_t>(end, static_cast<std::uint32_t>(source.size()));
  return end > start ? source.substr(start, end - start) : std::string_view{};
}

// The definition node of a symbol: the outermost node with exactly its span.
TSNode node_at(TSNode root, const sdk::Span& span) {
  TSPoint start{span.start_line - 1, span.start_column - 1};
  TSPoint end{span.end_line - 1, span.end_column - 1};
  TSNode node = ts_node_descendant_for_point_range(root, start, end);
  const std::vector<TSNode> outer = ancestors(node);
  // From the parent outwards, the root left out.
  for (std::size_t i = outer.size(); i-- > 1;) {
    if (ts_node_start_byte(outer[i]) != ts_node_start_byte(node) ||
        ts_node_end_byte(outer[i]) != ts_node_end_byte(node))
      break;
    node = outer[i];
  }
  return node;
}

// Whether a declaration is a class member (possibly a member template).
bool is_member_declaration(TSNode node) {
  TSNode parent = parent_node(node);
  while (has_type(parent, "template_declaration")) parent = parent_node(parent);
  return has_type(parent, "field_declaration_list");
}

bool has_child_with_text(TSNode node, std::string_view child_type, std::string_view text, std::string_view source) {
  uint32_t count = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode child = ts_node_named_child(node, i);
    if (child_type == ts_node_type(child) && node_text(child, source) == text) return true;
  }
  return false;
}

// ------------------------------------------------------------------------------- names

bool is_function_like(SymbolKind kind) {
  return kind == SymbolKind::function || kind == SymbolKind::method || kind == SymbolKind::constructor;
}

bool is_aggregate(SymbolKind kind) {
  return kind == SymbolKind::class_ || kind == SymbolKind::struct_ || kind == SymbolKind::union_ ||
         kind == SymbolKind::enum_;
}

// An operator's name from its written text (which starts with "operator"): symbolic operators lose
// their whitespace ("operator <<" → "operator<<", "operator()"); conversion operators and
// new/delete keep one space between words and lose the parameter list of an operator_cast node
// ("operator const char*() const" → "operator const char*").
std::string operator_name(std::string_view text) {
  std::string_view rest = trim(text.substr(8));
  if (!rest.empty() && is_identifier_char(rest.front()))
    return "operator " + collapse_whitespace(rest.substr(0, rest.find('(')));
  std::string out = "operator";
  for (char c : rest)
    if (!is_space(c)) out += c;
  return out;
}

// A written name split at its top-level "::", template arguments and whitespace removed:
// "ns::Foo<std::pair<int, int>>::bar" → {ns, Foo, bar}; "Foo::operator<" → {Foo, operator<}.
// A word followed by another without "::" is a macro the parser took for a scope
// (`CONSTEXPR vector(…)`): only the last word names the declaration.
std::vector<std::string> name_segments(std::string_view written) {
  std::vector<std::string> segments;
  std::string current;
  int template_depth = 0;
  bool after_space = false;
  auto finish_segment = [&] {
    if (!current.empty()) segments.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < written.size(); ++i) {
    char c = written[i];
    bool scope_operator = c == ':' && i + 1 < written.size() && written[i + 1] == ':';
    if (template_depth == 0 && is_space(c)) {
      after_space = true;
      continue;
    }
    // `Foo::~ Foo`: the space after a destructor's tilde separates nothing.
    if (template_depth == 0 && after_space && !scope_operator && is_identifier_char(c) && current != "~")
      current.clear();
    after_space = false;
    if (template_depth == 0 && current.empty() && written.compare(i, 8, "operator") == 0 &&
        (i + 8 == written.size() || !is_identifier_char(written[i + 8]))) {
      current = operator_name(written.substr(i));  // an operator ends the name
      break;
    }
    if (c == '<') {
      ++template_depth;
    } else if (c == '>') {
      template_depth = std::max(0, template_depth - 1);
    } else if (template_depth == 0 && scope_operator) {
      finish_segment();
      ++i;
    } else if (template_depth == 0) {
      current += c;
    }
  }
  finish_segment();
  return segments;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// ------------------------------------------------------------------------------- removal

// Keeps the symbols in `order` (old indices) with their nodes; see rebuild_symbols.
void rebuild_with_nodes(sdk::ParseResult& result, std::vector<TSNode>& nodes, const std::vector<std::int32_t>& order) {
  rebuild_symbols(result, order);
  std::vector<TSNode> kept_nodes;
  kept_nodes.reserve(order.size());
  for (std::int32_t old : order) kept_nodes.push_back(nodes[static_cast<std::size_t>(old)]);
  nodes = std::move(kept_nodes);
}

// Removes the flagged symbols. Parents and the enclosing symbols of references move up to the
// nearest kept ancestor.
void erase_symbols(sdk::ParseResult& result, std::vector<TSNode>& nodes, const std::vector<bool>& drop) {
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < drop.size(); ++i)
    if (!drop[i]) order.push_back(static_cast<std::int32_t>(i));
  rebuild_with_nodes(result, nodes, order);
}

// Start of the declarator that declares `name` in a declaration with several (`int a, *b;`), so that
// sibling declarators can be ordered as written; the declaration's start when there is one.
std::uint32_t declarator_position(TSNode declaration, std::string_view name, std::string_view source) {
  TSTreeCursor cursor = ts_tree_cursor_new(declaration);
  std::uint32_t position = ts_node_start_byte(declaration);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const char* field = ts_tree_cursor_current_field_name(&cursor);
      if (field == nullptr || std::string_view(field) != "declarator") continue;
      TSNode declarator = ts_tree_cursor_current_node(&cursor);
      std::string_view text = node_text(declarator, source);
      for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        bool starts_word = at == 0 || !is_identifier_char(text[at - 1]);
        bool ends_word = at + name.size() == text.size() || !is_identifier_char(text[at + name.size()]);
        if (starts_word && ends_word) {
          position = ts_node_start_byte(declarator);
          ts_tree_cursor_delete(&cursor);
          return position;
        }
      }
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return position;
}

// Sibling declarators arrive in no particular order: sort symbols by position (outer first, then by
// declarator), keeping parents before children, and renumber parents and enclosing symbols.
void order_symbols(sdk::ParseResult& result, std::vector<TSNode>& nodes, std::string_view source) {
  const std::size_t count = result.symbols.size();
  std::vector<std::uint32_t> declarator_start(count);
  for (std::size_t i = 0; i < count; ++i)
    declarator_start[i] = declarator_position(nodes[i], result.symbols[i].name, source);
  std::vector<std::int32_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<std::int32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    std::uint32_t as = ts_node_start_byte(nodes[a]), bs = ts_node_start_byte(nodes[b]);
    if (as != bs) return as < bs;
    std::uint32_t ae = ts_node_end_byte(nodes[a]), be = ts_node_end_byte(nodes[b]);
    if (ae != be) return ae > be;
    return declarator_start[a] < declarator_start[b];
  });
  rebuild_with_nodes(result, nodes, order);
}

}  // namespace

// ------------------------------------------------------------------------------- public

bool looks_like_cplusplus(std::string_view text) {
  const std::string code = code_only(text);
  std::vector<Conditional> open;
  std::vector<std::string_view> tokens;
  // Directives continued over several lines, joined: `tokens` keeps views into them, so they must
  // stay where they are (a deque never moves its elements when it grows).
  std::deque<std::string> joined_directives;
  std::string_view rest = code;
  while (!rest.empty()) {
    std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    bool in_cplusplus_section =
        std::any_of(open.begin(), open.end(), [](const Conditional& c) { return c.cplusplus_branch; });
    if (auto directive = directive_of(line)) {
      auto [name, argument] = *directive;
      // A condition continued over several lines (`#if defined _MSC_VER \` / `&& defined __cplusplus`).
      if (!argument.empty() && argument.back() == '\\') {
        std::string& continued = joined_directives.emplace_back(argument);
        while (!continued.empty() && continued.back() == '\\' && !rest.empty()) {
          continued.back() = ' ';
          std::size_t next = rest.find('\n');
          continued.append(rest.substr(0, next));
          rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        }
        argument = continued;
      }
      if (name == "if" || name == "ifdef" || name == "ifndef") {
        Conditional conditional;
        conditional.tests_cplusplus = mentions_cplusplus(argument);
        bool negated = name == "ifndef" || negates_cplusplus(argument);
        conditional.cplusplus_branch = conditional.tests_cplusplus && !negated;
        open.push_back(conditional);
      } else if (name == "elif" && !open.empty() && mentions_cplusplus(argument)) {
        // `#elif defined __cplusplus` opens a C++ branch of a conditional that did not test it before.
        open.back().tests_cplusplus = true;
        open.back().cplusplus_branch = !negates_cplusplus(argument);
      } else if ((name == "else" || name == "elif") && !open.empty() && open.back().tests_cplusplus) {
        open.back().cplusplus_branch = !open.back().cplusplus_branch;
      } else if (name == "endif" && !open.empty()) {
        open.pop_back();
      } else if (name == "include" && !in_cplusplus_section && includes_extensionless_header(argument)) {
        return true;
      } else if (name == "define" && !in_cplusplus_section) {
        tokenize(argument, tokens);
      }
      continue;
    }
    if (!in_cplusplus_section) tokenize(line, tokens);
  }
  return tokens_look_like_cplusplus(tokens);
}

bool looks_like_objective_c(std::string_view text) {
  const std::string code = code_only(text);
  std::string_view rest = code;
  while (!rest.empty()) {
    std::size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    if (auto directive = directive_of(line); directive && directive->first == "import") return true;
    if (line_looks_like_objective_c(line)) return true;
  }
  return false;
}

bool is_header_path(std::string_view path) {
  std::size_t dot = path.rfind('.');
  return dot != std::string_view::npos && path.size() - dot == 2 && (path[dot + 1] == 'h' || path[dot + 1] == 'H');
}

std::optional<std::string> CFamilyLanguage::text_to_reparse(std::string_view source) const {
  return blank_unparsable_macros(source, dialect());
}

void CFamilyLanguage::prepare_project(const sdk::ProjectContext& project) const { project_macro_table(project); }

std::optional<std::string> CFamilyLanguage::text_to_reparse_in_project(std::string_view source,
                                                                       const sdk::ProjectContext* project) const {
  const std::shared_ptr<const MacroTable> macros = project != nullptr ? project_macro_table(*project) : nullptr;
  std::optional<std::string> blanked = blank_project_macros(source, macros.get());
  if (!blanked) return std::nullopt;  // the same text as text_to_reparse's: nothing to try
  std::optional<std::string> rewritten = text_to_reparse(*blanked);
  return rewritten ? std::move(rewritten) : std::move(blanked);
}

std::string CFamilyLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // Comments are siblings of the declaration as a whole (the template, typedef or declaration that
  // holds the definition node), in the list of declarations around it.
  TSNode anchor = definition;
  const std::vector<TSNode> outer = ancestors(definition);
  for (std::size_t i = outer.size(); i-- > 0 && !is_declaration_container(outer[i]);) anchor = outer[i];
  std::vector<std::string_view> comments;
  uint32_t next_row = ts_node_start_point(anchor).row;
  for (TSNode previous = prev_sibling(anchor); !ts_node_is_null(previous) && is_comment(previous);
       previous = prev_sibling(previous)) {
    if (ts_node_end_point(previous).row + 1 < next_row) break;  // a blank line separates them
    if (!starts_its_line(previous, source)) break;              // trails the code before it
    comments.push_back(node_text(previous, source));
    next_row = ts_node_start_point(previous).row;
  }
  return doc_from_comments(comments);
}

std::string CFamilyLanguage::signature(TSNode definition, std::string_view source) const {
  std::string_view type = ts_node_type(definition);
  if (type == "preproc_def" || type == "preproc_function_def") {
    // A macro's first line; continuation lines are its body.
    std::string line = first_line_signature(node_text(definition, source));
    if (!line.empty() && line.back() == '\\') line.pop_back();
    return std::string(trim(line));
  }
  std::string text;
  TSNode parent = parent_node(definition);
  TSNode parent_type = ts_node_child_by_field_name(parent, "type", 4);
  TSNode own_type = ts_node_child_by_field_name(definition, "type", 4);
  if (has_type(parent, "type_definition") && !ts_node_eq(parent_type, definition)) {
    // The alias of `typedef struct tag { … } alias;`: "typedef struct tag alias".
    text = "typedef " +
           collapse_whitespace(text_between(source, ts_node_start_byte(parent_type), head_end(parent_type))) + " " +
           std::string(node_text(definition, source));
  } else if (!ts_node_is_null(own_type) && head_end(own_type) < ts_node_end_byte(own_type)) {
    // A declaration whose type defines an aggregate (`struct { … } origin;`): the members are elided.
    std::uint32_t members = head_end(own_type);
    std::string_view after = text_between(source, ts_node_end_byte(own_type), ts_node_end_byte(definition));
    text = collapse_whitespace(text_between(source, ts_node_start_byte(definition), members)) + " { … }" +
           (after.empty() || after.front() == ';' ? "" : " ") + collapse_whitespace(after);
  } else {
    text = collapse_whitespace(text_between(source, ts_node_start_byte(definition), head_end(definition)));
  }
  // Template headers, innermost last: "template <typename T> template <typename U> …".
  for (TSNode outer = parent; has_type(outer, "template_declaration"); outer = parent_node(outer)) {
    TSNode parameters = ts_node_child_by_field_name(outer, "parameters", 10);
    text = "template " + collapse_whitespace(node_text(parameters, source)) + " " + text;
  }
  while (!text.empty() && (text.back() == ';' || text.back() == '=' || text.back() == '{' || is_space(text.back())))
    text.pop_back();
  return first_line_signature(text);
}

void CFamilyLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  auto& symbols = result.symbols;
  std::vector<TSNode> nodes;
  nodes.reserve(symbols.size());
  for (const auto& symbol : symbols) nodes.push_back(node_at(root, symbol.span));
  order_symbols(result, nodes, source);
  auto at = [](std::int32_t index) { return static_cast<std::size_t>(index); };

  // Sibling declarators share their declaration's node; aggregates defined in a declaration's type
  // belong next to it, not inside the variable or field it declares.
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    while (symbols[i].parent >= 0) {
      const std::size_t parent = at(symbols[i].parent);
      bool same_declaration = ts_node_eq(nodes[parent], nodes[i]);
      bool aggregate_in_declarator = is_aggregate(symbols[i].kind) && (symbols[parent].kind == SymbolKind::field ||
                                                                       symbols[parent].kind == SymbolKind::variable ||
                                                                       symbols[parent].kind == SymbolKind::constant);
      if (!same_declaration && !aggregate_in_declarator) break;
      symbols[i].parent = symbols[parent].parent;
    }
  }

  // Names as written may be qualified ("Foo::bar", "a::b") and carry template arguments.
  const std::string separator(scope_separator());
  std::vector<std::vector<std::string>> written(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    written[i] = name_segments(symbols[i].name);
    if (written[i].empty()) written[i].push_back(symbols[i].name);
    symbols[i].name = written[i].back();
    std::string local = join(written[i], separator, written[i].size());
    symbols[i].qualified_name =
        symbols[i].parent < 0 ? local : symbols[at(symbols[i].parent)].qualified_name + separator + local;
  }

  // C++ kinds the query cannot tell: constructors, out-of-line members, friends.
  std::unordered_set<std::string> namespace_names;
  for (const auto& symbol : symbols)
    if (symbol.kind == SymbolKind::namespace_) namespace_names.insert(symbol.name);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    sdk::Symbol& symbol = symbols[i];
    if (symbol.kind == SymbolKind::variable && written[i].size() > 1 &&
        namespace_names.count(written[i][written[i].size() - 2]) == 0) {
      symbol.kind = SymbolKind::field;  // `int Widget::count = 0;` defines a static data member
      continue;
    }
    if (!is_function_like(symbol.kind)) continue;
    if (has_type(parent_node(nodes[i]), "friend_declaration")) {
      symbol.kind = SymbolKind::function;  // a friend is not a member
    } else if (symbol.kind == SymbolKind::method && symbol.parent >= 0 &&
               symbols[at(symbol.parent)].name == symbol.name) {
      symbol.kind = SymbolKind::constructor;
    } else if (written[i].size() > 1 && symbol.kind == SymbolKind::function) {
      // `Scope::name(…) { … }` defines a member unless Scope is a namespace of this file.
      const std::string& scope = written[i][written[i].size() - 2];
      if (scope == symbol.name)
        symbol.kind = SymbolKind::constructor;
      else if (namespace_names.count(scope) == 0)
        symbol.kind = SymbolKind::method;
    }
  }

  // Drop locals, announcements of what the file defines, friend declarations and include guards.
  auto announces = [&](std::size_t i) {
    std::string_view type = ts_node_type(nodes[i]);
    if (is_function_like(symbols[i].kind)) return type == "declaration";
    if (symbols[i].kind == SymbolKind::variable || symbols[i].kind == SymbolKind::constant)
      return type == "declaration" && has_child_with_text(nodes[i], "storage_class_specifier", "extern", source);
    return false;
  };
  std::unordered_map<std::string, std::vector<SymbolKind>> defined;  // qualified name → kinds defined
  for (std::size_t i = 0; i < symbols.size(); ++i)
    if (!announces(i)) defined[symbols[i].qualified_name].push_back(symbols[i].kind);
  std::vector<bool> drop(symbols.size(), false);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const sdk::Symbol& symbol = symbols[i];
    const std::vector<TSNode> outer = ancestors(nodes[i]);
    const TSNode parent = outer.empty() ? TSNode{} : outer.back();
    if (is_local(outer, nodes[i])) {
      drop[i] = true;
    } else if (has_type(parent, "friend_declaration") && has_type(nodes[i], "declaration")) {
      drop[i] = true;
    } else if (has_type(parent, "function_definition") && has_type(nodes[i], "declaration")) {
      drop[i] = true;  // a K&R parameter declaration: `int f(a) int a; { … }`
    } else if (announces(i) && !is_member_declaration(nodes[i])) {
      // A prototype of a function defined here, or a deduction guide (`Tagged(T) -> Tagged<T>;`),
      // which is written like a prototype named after its class template.
      auto it = defined.find(symbol.qualified_name);
      drop[i] = it != defined.end() && std::any_of(it->second.begin(), it->second.end(), [&](SymbolKind kind) {
                  return kind == symbol.kind || (is_function_like(symbol.kind) && is_aggregate(kind));
                });
    } else if (symbol.kind == SymbolKind::macro && has_type(parent, "preproc_ifdef") &&
               ts_node_is_null(ts_node_child_by_field_name(nodes[i], "value", 5))) {
      TSNode guard = ts_node_child_by_field_name(parent, "name", 4);
      bool is_ifndef = trim(node_text(parent, source)).substr(0, 7) == "#ifndef";
      drop[i] = is_ifndef && node_text(guard, source) == symbol.name;
    }
  }
  erase_symbols(result, nodes, drop);

  // Preprocessor directives end with their newline: their span ends on their last line instead.
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    sdk::Span& span = symbols[i].span;
    std::uint32_t end = ts_node_end_byte(nodes[i]);
    if (span.end_column != 1 || span.end_line <= span.start_line || end < 2 || end > source.size()) continue;
    std::size_t line_start = source.rfind('\n', end - 2);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    span.end_line -= 1;
    span.end_column = static_cast<std::uint32_t>(end - 1 - line_start + 1);
  }
}

}  // namespace ax::lang
