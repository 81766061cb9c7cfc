#include "scala_language.hpp"

#include <ax/lang/content_checks.hpp>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_scala();

namespace ax::lang {
namespace {

using sdk::SymbolKind;

std::string_view type_of(TSNode node) { return ts_node_type(node); }

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

bool is_definition_type(std::string_view type) {
  return is_one_of(type,
                   {"package_clause", "package_object", "class_definition", "object_definition", "trait_definition",
                    "enum_definition", "simple_enum_case", "full_enum_case", "type_definition", "class_parameter",
                    "function_definition", "function_declaration", "extension_definition", "given_definition",
                    "val_definition", "val_declaration", "var_definition", "var_declaration"});
}

// Nodes whose direct children are members of something (or of the file).
bool is_member_container(std::string_view type) {
  return is_one_of(
      type, {"compilation_unit", "template_body", "with_template_body", "enum_body", "extension_definition", "ERROR"});
}

bool same_extent(TSNode a, TSNode b) {
  return ts_node_start_byte(a) == ts_node_start_byte(b) && ts_node_end_byte(a) == ts_node_end_byte(b);
}

bool same_span(const sdk::Span& a, const sdk::Span& b) {
  return a.start_line == b.start_line && a.start_column == b.start_column && a.end_line == b.end_line &&
         a.end_column == b.end_column;
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

// The node of a referenced name (names are single-line), not a token ending where it starts.
TSNode reference_node(TSNode root, const sdk::Reference& reference) {
  TSPoint start{reference.line - 1, reference.column - 1};
  TSPoint end{start.row, start.column + static_cast<uint32_t>(reference.name.size())};
  return ts_node_named_descendant_for_point_range(root, start, end);
}

// Byte offset of the first identifier under `node` spelled `name`: where a name declared together
// with others (`val a, b = …`) stands among them.
uint32_t name_offset(TSNode node, std::string_view name, std::string_view source) {
  uint32_t count = ts_node_named_child_count(node);
  if (count == 0)
    return type_of(node) == "identifier" && node_text(node, source) == name ? ts_node_start_byte(node) : UINT32_MAX;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t offset = name_offset(ts_node_named_child(node, i), name, source);
    if (offset != UINT32_MAX) return offset;
  }
  return UINT32_MAX;
}

// The name the Scala 3 compiler gives an anonymous given: `given Ordering[Int]` is
// `given_Ordering_Int`; qualifiers of a path (`math.Ordering`) are left out.
std::string synthesized_given_name(std::string_view type_text) {
  std::string name = "given";
  std::string word;
  auto flush = [&](char next) {
    if (word.empty()) return;
    if (next != '.') name += "_" + word;  // the last segment of a path names the type
    word.clear();
  };
  for (char c : type_text) {
    bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                     (static_cast<unsigned char>(c) & 0x80) != 0;
    if (word_char) {
      word += c;
    } else {
      flush(c);
    }
  }
  flush(' ');
  return name;
}

// `List[T]` extends as `List`.
std::string_view without_type_arguments(std::string_view type_text) {
  std::size_t bracket = type_text.find('[');
  std::string_view base = type_text.substr(0, bracket);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return base;
}

// Whether a definition's members are members of something a reader navigates to: type bodies,
// packages and `given … with { … }` instances, not methods, values or their initialisers.
bool hosts_members(SymbolKind kind, TSNode node) {
  switch (kind) {
    case SymbolKind::class_:
    case SymbolKind::trait:
    case SymbolKind::enum_:
    case SymbolKind::module:
    case SymbolKind::namespace_:
    case SymbolKind::extension:
      return true;
    default:
      break;
  }
  if (type_of(node) != "given_definition") return false;
  TSNode body = ts_node_child_by_field_name(node, "body", 4);
  return !ts_node_is_null(body) && type_of(body) == "with_template_body";
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && out.back() != '{' && c != '}' && c != ',') out += ' ';
    if (c == '}' && !out.empty() && out.back() == ',') out.pop_back();  // trailing comma of a selector list
    pending_space = false;
    out += c;
  }
  return out;
}

// `import a.b.{C, D => E}, x.y` names two specifiers: `a.b.{C, D => E}` and `x.y`.
std::vector<std::string> import_specifiers(std::string_view declaration) {
  std::string text = collapse_whitespace(declaration);
  std::string_view rest = text;
  if (rest.rfind("import", 0) == 0) rest.remove_prefix(6);
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  auto flush = [&] {
    std::string_view part = current;
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == ';')) part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    current.clear();
  };
  for (char c : rest) {
    if (c == '{') ++depth;
    if (c == '}' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return out;
}

bool is_comment_type(std::string_view type) { return type == "comment" || type == "block_comment"; }

// The last token of `node` that is not a comment. An indentation-based body (`object A:` …) takes
// in the comments that follow it, up to the next definition; they belong to that one.
TSNode last_code_token(TSNode node) {
  for (uint32_t i = ts_node_child_count(node); i > 0; --i) {
    TSNode child = ts_node_child(node, i - 1);
    if (is_comment_type(type_of(child)) || ts_node_start_byte(child) == ts_node_end_byte(child)) continue;
    return ts_node_child_count(child) == 0 ? child : last_code_token(child);
  }
  return node;
}

bool only_blanks_between(std::string_view source, uint32_t from, uint32_t to) {
  for (uint32_t i = from; i < to && i < source.size(); ++i)
    if (source[i] != ' ' && source[i] != '\t' && source[i] != '\n' && source[i] != '\r') return false;
  return true;
}

// The comment directly before `node`, also when an indentation-based body before it took it in.
TSNode comment_before(TSNode node, std::string_view source) {
  TSNode prev = prev_named_sibling(node);
  while (!ts_node_is_null(prev) && !is_comment_type(type_of(prev))) {
    uint32_t count = ts_node_named_child_count(prev);
    if (count == 0) return {};
    TSNode last = ts_node_named_child(prev, count - 1);
    if (!only_blanks_between(source, ts_node_end_byte(last), ts_node_end_byte(prev))) return {};
    prev = last;
  }
  return prev;
}

enum class TypeUse { keep, drop, call };

// A captured type name is the name a `type` declares (dropped), the class of `new T(…)` (a call),
// or a use of the type.
TypeUse classify_type_use(TSNode node) {
  TSNode parent = parent_node(node);
  if (ts_node_is_null(parent)) return TypeUse::keep;
  std::string_view parent_type = type_of(parent);
  if (parent_type == "type_definition") {
    return ts_node_eq(ts_node_child_by_field_name(parent, "name", 4), node) ? TypeUse::drop : TypeUse::keep;
  }
  if (parent_type == "generic_type" && ts_node_eq(ts_node_child_by_field_name(parent, "type", 4), node)) {
    node = parent;
    parent = parent_node(node);
    if (ts_node_is_null(parent)) return TypeUse::keep;
    parent_type = type_of(parent);
  }
  if (parent_type == "instance_expression" && ts_node_eq(ts_node_named_child(parent, 0), node)) return TypeUse::call;
  return TypeUse::keep;
}

}  // namespace

ScalaLanguage::ScalaLanguage()
    // sbt build definitions (.sbt) are Scala; Scala CLI scripts run as `#!/usr/bin/env -S scala-cli shebang`.
    // .sc: Ammonite and Scala CLI scripts and Mill builds, shared with SuperCollider; .kojo: Kojo sketches.
    : TreeSitterLanguage({"scala", "Scala", {".scala", ".sc", ".sbt", ".kojo"}, {}, {"scala", "scala-cli", "amm"}},
                         {{tree_sitter_scala(), k_tags_query, {}}}) {}

namespace {

// SuperCollider: environment variables (`~freq = 440`), `^this.`/`^super.` returns, class definitions
// `Name : Superclass {` and class methods `*new`, and the server vocabulary.
bool looks_like_supercollider(std::string_view head) {
  namespace content = ax::lang::content;
  if (head.find("^this.") != std::string_view::npos || head.find("^super.") != std::string_view::npos) return true;
  for (std::string_view word : {"SynthDef", "thisProcess", "Pbind", "Ndef", "s.boot", "Server.default"})
    if (content::contains_word(head, word)) return true;
  return content::any_line(head, [](std::string_view line) {
    if (line.size() > 1 && line.front() == '~' && line.find('=') != std::string_view::npos) return true;
    if (content::starts_with_any_word(line, {"*new", "classvar", "arg"})) return true;
    // `Name : Superclass {`
    std::size_t colon = line.find(" : ");
    return colon != std::string_view::npos && !line.empty() && line.back() == '{' && line.front() >= 'A' &&
           line.front() <= 'Z' && line.substr(0, colon).find_first_of(" (=") == std::string_view::npos;
  });
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// The end (the byte after its `)`) of the procedure declaration whose `def` keyword is at `at`,
// `def f(x: Int)` with no result type, body or `=`, when its parameter lists end a line; npos otherwise.
std::size_t procedure_declaration_end(std::string_view text, std::size_t at) {
  std::size_t i = at + 3;
  while (i < text.size() && is_blank(text[i])) ++i;
  std::size_t name = i;
  if (i < text.size() && text[i] == '`') {
    std::size_t close = text.find('`', i + 1);
    if (close == std::string_view::npos) return std::string_view::npos;
    i = close + 1;
  } else {
    // An identifier, an operator (`+=`, `::`), or both joined by `_` (`unary_!`).
    auto is_operator_char = [](char c) {
      return std::string_view("!#%&*+-/:<=>?@\\^|~").find(c) != std::string_view::npos;
    };
    while (i < text.size() && is_name_char(text[i])) ++i;
    if (i == name || text[i - 1] == '_')
      while (i < text.size() && is_operator_char(text[i])) ++i;
  }
  if (i == name) return std::string_view::npos;
  // `def f` with no parameters, alone on its line.
  std::size_t after_name = i;
  while (after_name < text.size() && is_blank(text[after_name])) ++after_name;
  if (after_name < text.size() && text[after_name] == '\n') return i;
  int depth = 0;
  bool closed_list = false;
  constexpr std::size_t max_declaration = 4096;  // parameter lists that never close are not read to the end
  for (; i < text.size() && i - at < max_declaration; ++i) {
    char c = text[i];
    if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (--depth < 0) return std::string_view::npos;
      closed_list = depth == 0 && c == ')';
      if (depth == 0) {
        std::size_t next = i + 1;
        while (next < text.size() && is_blank(text[next])) ++next;
        if (next == text.size() || text[next] == '\n') return closed_list ? i + 1 : std::string_view::npos;
      }
    } else if (depth == 0 && !is_blank(c)) {
      return std::string_view::npos;  // a result type, `=`, a body or more on the line
    } else if (c == '"' || c == '{' || c == '}') {
      return std::string_view::npos;  // default arguments with strings or blocks: not worth reading
    }
  }
  return std::string_view::npos;
}

// `def f(x: Int)` followed by another member: tree-sitter-scala lets the parameter lists take the
// line break (`def f(x: Int)` newline `(y: Int)` continues them), so the next member is left without
// the separator it needs. A `;` in the declaration's trailing blank, in front of a block comment that
// follows it (`/**` read as `;/*`, at the comment's column), or else in the last column of the next
// line's indentation separates them with no offset or line moved.
void separate_procedure_declarations(std::string& text) {
  for (std::size_t at = text.find("def"); at != std::string::npos; at = text.find("def", at + 3)) {
    if ((at > 0 && is_name_char(text[at - 1])) || at + 3 >= text.size() || !is_blank(text[at + 3])) continue;
    // Not a `def` in a comment or string (`// TODO: def merge`); after an annotation's strings it is.
    std::size_t line_start = text.rfind('\n', at);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    std::string_view before(text.data() + line_start, at - line_start);
    std::size_t first = before.find_first_not_of(" \t");
    if (before.find("//") != std::string_view::npos || before.find("/*") != std::string_view::npos ||
        std::count(before.begin(), before.end(), '"') % 2 != 0 ||
        (first != std::string_view::npos && before[first] == '*'))
      continue;
    std::size_t end = procedure_declaration_end(text, at);
    if (end == std::string::npos) continue;
    std::size_t next = end;
    while (next < text.size() && (is_blank(text[next]) || text[next] == '\n')) ++next;
    // What continues the declaration: a body or result type on the next line, more parameters; or
    // the end of its body.
    if (next == text.size() || std::string_view("{=:([}").find(text[next]) != std::string_view::npos) continue;
    if (is_blank(text[end])) {
      text[end] = ';';
      continue;
    }
    // A block comment of at least `/*x*/` opening the next line: `/*` moves right onto its first
    // character (never the `*` of a closing `*/`).
    if (next + 4 < text.size() && text[next] == '/' && text[next + 1] == '*' && text[next + 2] != '/' &&
        !(text[next + 2] == '*' && text[next + 3] == '/')) {
      text[next] = ';';
      text[next + 1] = '/';
      text[next + 2] = '*';
    } else if (is_blank(text[next - 1])) {
      // Otherwise in the last column of the next line's indentation; left of the members, that
      // makes untrack_loose_braces open their braces without indentation tracking.
      text[next - 1] = ';';
    }
  }
}

// The closing quote of the character literal opening at `at` ('x', '\n', '\u0041'); `at` itself when
// it is not one (a symbol literal, 'sym).
std::size_t char_literal_end(std::string_view text, std::size_t at) {
  if (at + 2 < text.size() && text[at + 1] != '\\' && text[at + 2] == '\'') return at + 2;
  if (at + 3 < text.size() && text[at + 1] == '\\') {
    std::size_t close = text.find('\'', at + 3);
    if (close != std::string_view::npos && close <= at + 7) return close;
  }
  return at;
}

// Braces whose contents Scala 2 indents loosely: a `{` ending a line makes tree-sitter-scala track
// the indentation of the first line after it, and a later line left of it (a member written one
// column short) closes the braces early. `X {` read as `X{;` opens them without that tracking: the
// `;` on the brace's line keeps the next line from setting an indentation. Not after `match` (its
// cases cannot follow a `;`).
void untrack_loose_braces(std::string& text) {
  struct Open {
    std::size_t brace;
    bool candidate;          // `{` ending a line after a blank
    int indentation = -1;    // of its first line of code
    bool loose = false;      // a later line of code directly inside is left of that
    bool first_line = true;  // the line after the brace is still to come
  };
  std::vector<Open> open;
  std::vector<std::size_t> rewrite;
  enum class State { code, line_comment, block_comment, string, multiline_string };
  State state = State::code;
  int comment_depth = 0;
  bool line_start = true;
  int indentation = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      if (state == State::line_comment) state = State::code;
      line_start = true;
      indentation = 0;
      continue;
    }
    if (line_start && is_blank(c)) {
      ++indentation;
      continue;
    }
    bool at_line_start = line_start;
    line_start = false;
    switch (state) {
      case State::line_comment:
        continue;
      case State::block_comment:
        if (c == '*' && i + 1 < text.size() && text[i + 1] == '/') {
          ++i;
          if (--comment_depth == 0) state = State::code;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
          ++i;
          ++comment_depth;
        }
        continue;
      case State::string:
        if (c == '\\')
          ++i;
        else if (c == '"')
          state = State::code;
        continue;
      case State::multiline_string:
        if (text.compare(i, 3, "\"\"\"") == 0) {
          while (i + 1 < text.size() && text[i + 1] == '"') ++i;
          state = State::code;
        }
        continue;
      case State::code:
        break;
    }
    bool comment = c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*');
    if (at_line_start && !comment && !open.empty()) {
      Open& inner = open.back();
      if (inner.first_line) {
        inner.indentation = indentation;
        inner.first_line = false;
      } else if (c != '}' && indentation < inner.indentation) {
        inner.loose = true;
      }
    }
    if (comment) {
      state = text[i + 1] == '/' ? State::line_comment : State::block_comment;
      comment_depth = 1;
      ++i;
    } else if (c == '"') {
      state = text.compare(i, 3, "\"\"\"") == 0 ? State::multiline_string : State::string;
      if (state == State::multiline_string) i += 2;
    } else if (c == '\'') {
      i = char_literal_end(text, i);  // a character literal: '{', '"', '\'', '\u0000'
    } else if (c == '{') {
      std::size_t after = i + 1;
      while (after < text.size() && is_blank(text[after])) ++after;
      bool ends_line = after == text.size() || text[after] == '\n';
      bool candidate = ends_line && i > 0 && is_blank(text[i - 1]);
      if (candidate) {
        std::size_t word_end = i - 1;
        while (word_end > 0 && is_blank(text[word_end - 1])) --word_end;
        candidate = !(word_end >= 5 && text.compare(word_end - 5, 5, "match") == 0);
      }
      open.push_back({i, candidate});
    } else if (c == '}' && !open.empty()) {
      if (open.back().candidate && open.back().loose) rewrite.push_back(open.back().brace);
      open.pop_back();
    }
  }
  for (std::size_t brace : rewrite) {
    text[brace - 1] = '{';
    text[brace] = ';';
  }
}

bool is_xml_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (static_cast<unsigned char>(c) & 0x80) != 0;
}

bool is_xml_name_char(char c) {
  return is_xml_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

// Where Scala's lexer starts an XML literal: a `<` after a blank, `(`, `{` or `>`, before a name.
bool xml_starts_at(std::string_view text, std::size_t at) {
  if (text[at] != '<' || at + 1 >= text.size() || !is_xml_name_start(text[at + 1])) return false;
  char before = at == 0 ? ' ' : text[at - 1];
  return is_blank(before) || before == '\n' || before == '(' || before == '{' || before == '>';
}

// Bytes the XML scan may still look at in one file: an element that never closes is read to the end
// of the file, so many of them would make the scan quadratic.
using XmlBudget = std::size_t;

std::size_t xml_element_end(std::string_view text, std::size_t at, int depth, XmlBudget& budget);

// The end (after its `}`) of the Scala block opening at `at`: nested blocks, strings, character
// literals, comments and XML literals skipped. npos when it does not close.
std::size_t scala_block_end(std::string_view text, std::size_t at, int depth, XmlBudget& budget) {
  int braces = 0;
  for (std::size_t i = at; i < text.size(); ++i) {
    if (budget == 0) return std::string_view::npos;
    --budget;
    char c = text[i];
    if (c == '{') {
      ++braces;
    } else if (c == '}') {
      if (--braces == 0) return i + 1;
    } else if (c == '"') {
      bool triple = text.compare(i, 3, "\"\"\"") == 0;
      std::size_t close = triple ? text.find("\"\"\"", i + 3) : i + 1;
      if (!triple)
        for (; close < text.size() && text[close] != '"' && text[close] != '\n'; ++close)
          if (text[close] == '\\') ++close;
      if (close == std::string_view::npos || close >= text.size()) return std::string_view::npos;
      i = triple ? close + 2 : close;
    } else if (c == '\'') {
      i = char_literal_end(text, i);
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) return i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string_view::npos) return i;
      ++i;
    } else if (xml_starts_at(text, i)) {
      std::size_t end = xml_element_end(text, i, depth + 1, budget);
      if (end == std::string_view::npos) return end;
      i = end - 1;
    }
  }
  return std::string_view::npos;
}

// The end of the XML element at `at` (`<a href={url}>text {expr} <b/></a>`, `<br/>`), npos when it
// is not one.
std::size_t xml_element_end(std::string_view text, std::size_t at, int depth, XmlBudget& budget) {
  constexpr int max_depth = 64;
  if (depth > max_depth) return std::string_view::npos;
  std::size_t i = at + 1;
  std::size_t name_start = i;
  while (i < text.size() && is_xml_name_char(text[i])) ++i;
  std::string_view name = text.substr(name_start, i - name_start);
  // Attributes, to `>` or `/>`.
  while (i < text.size() && text[i] != '>') {
    if (budget == 0) return std::string_view::npos;
    --budget;
    char c = text[i];
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '>') return i + 2;
    if (c == '"' || c == '\'') {
      std::size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) return close;
      i = close + 1;
    } else if (c == '{') {
      i = scala_block_end(text, i, depth, budget);
      if (i == std::string_view::npos) return i;
    } else if (is_xml_name_char(c) || c == '=' || is_blank(c) || c == '\n') {
      ++i;
    } else {
      return std::string_view::npos;
    }
  }
  if (i >= text.size()) return std::string_view::npos;
  // Content, to `</name>`.
  for (++i; i < text.size();) {
    if (budget == 0) return std::string_view::npos;
    --budget;
    if (text.compare(i, 2, "</") == 0) {
      if (text.compare(i + 2, name.size(), name) != 0) return std::string_view::npos;
      std::size_t close = text.find_first_not_of(" \t\r\n", i + 2 + name.size());
      return close != std::string_view::npos && text[close] == '>' ? close + 1 : std::string_view::npos;
    }
    std::size_t skip_to = std::string_view::npos;
    if (text.compare(i, 4, "<!--") == 0) {
      skip_to = text.find("-->", i + 4);
      if (skip_to != std::string_view::npos) skip_to += 3;
    } else if (text.compare(i, 9, "<![CDATA[") == 0) {
      skip_to = text.find("]]>", i + 9);
      if (skip_to != std::string_view::npos) skip_to += 3;
    } else if (text.compare(i, 2, "<?") == 0) {
      skip_to = text.find("?>", i + 2);
      if (skip_to != std::string_view::npos) skip_to += 2;
    } else if (text[i] == '<') {
      skip_to = i + 1 < text.size() && is_xml_name_start(text[i + 1]) ? xml_element_end(text, i, depth + 1, budget)
                                                                      : std::string_view::npos;
    } else if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
      skip_to = i + 2;  // escaped braces
    } else if (text[i] == '{') {
      skip_to = scala_block_end(text, i, depth, budget);
    } else {
      skip_to = i + 1;
    }
    if (skip_to == std::string_view::npos) return skip_to;
    i = skip_to;
  }
  return std::string_view::npos;
}

// XML literals (`val page = <html>{body}</html>`), which tree-sitter-scala does not read, as string
// literals of the same extent: `"…"` on one line, `"""…"""` across lines, the lines kept.
void blank_xml_literals(std::string& text) {
  XmlBudget budget = 8 * text.size() + 65536;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {  // strings: skipped (an unterminated one ends the search)
      bool triple = text.compare(i, 3, "\"\"\"") == 0;
      std::size_t close = triple ? text.find("\"\"\"", i + 3) : i + 1;
      if (!triple)
        for (; close < text.size() && text[close] != '"' && text[close] != '\n'; ++close)
          if (text[close] == '\\') ++close;
      if (close == std::string::npos || close >= text.size()) return;
      i = triple ? close + 2 : close;
    } else if (c == '\'') {
      i = char_literal_end(text, i);
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string::npos) return;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      i = text.find("*/", i + 2);
      if (i == std::string::npos) return;
      ++i;
    } else if (xml_starts_at(text, i)) {
      std::size_t end = xml_element_end(text, i, 0, budget);
      if (end == std::string::npos) continue;
      // Adjacent elements make one literal: `<a/><b/>`.
      while (end < text.size() && text[end] == '<' && end + 1 < text.size() && is_xml_name_start(text[end + 1])) {
        std::size_t next = xml_element_end(text, end, 0, budget);
        if (next == std::string::npos) break;
        end = next;
      }
      bool multiline = text.find('\n', i) < end;
      std::size_t quotes = multiline ? 3 : 1;
      if (end - i < 2 * quotes) continue;
      for (std::size_t j = i; j < end; ++j)
        if (text[j] != '\n') text[j] = j < i + quotes || j >= end - quotes ? '"' : ' ';
      i = end - 1;
    }
  }
}

// A function literal whose one parameter is typed without parentheses, `xs foreach { x: Tree => … }`
// (`{ implicit x: T => … }`), which tree-sitter-scala reads only as `{ x => … }`: the type is blanked.
// Not in a template's braces, where `{ self: T =>` is a self type.
void untype_braced_lambda_parameters(std::string& text) {
  for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
    std::size_t line_start = text.rfind('\n', at);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    std::string_view before(text.data() + line_start, at - line_start);
    if (before.find_first_not_of(" \t") == std::string_view::npos) continue;
    bool template_line = false;
    for (std::string_view word : {"class", "trait", "object", "extends", "with", "new"}) {
      for (std::size_t w = before.find(word); w != std::string_view::npos; w = before.find(word, w + 1)) {
        bool starts = w == 0 || !is_name_char(before[w - 1]);
        bool ends = w + word.size() == before.size() || !is_name_char(before[w + word.size()]);
        template_line = template_line || (starts && ends);
      }
    }
    if (template_line) continue;
    std::size_t i = at + 1;
    auto skip_blanks = [&] {
      while (i < text.size() && is_blank(text[i])) ++i;
    };
    skip_blanks();
    if (text.compare(i, 9, "implicit ") == 0) {
      i += 9;
      skip_blanks();
    }
    std::size_t name = i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    if (i == name) continue;
    skip_blanks();
    if (i + 1 >= text.size() || text[i] != ':' || !is_blank(text[i + 1])) continue;
    std::size_t colon = i;
    int depth = 0;
    std::size_t arrow = std::string::npos;
    for (++i; i + 1 < text.size() && text[i] != '\n'; ++i) {
      char c = text[i];
      if (c == '(' || c == '[') ++depth;
      if (c == ')' || c == ']') --depth;
      if (depth < 0 || c == '{' || c == '}' || c == '"') break;
      if (depth == 0 && c == '=' && text[i + 1] == '>') {
        arrow = i;
        break;
      }
    }
    if (arrow == std::string::npos || !is_blank(text[arrow - 1])) continue;
    for (std::size_t j = colon; j < arrow; ++j) text[j] = ' ';
  }
}

// A parent named through a super-qualifier, `extends super[T].Inner[B]`, which the grammar reads only in
// expressions: the qualifier is blanked, leaving the parent `Inner[B]`.
void blank_super_qualified_parents(std::string& text) {
  for (std::size_t at = text.find("super["); at != std::string::npos; at = text.find("super[", at + 6)) {
    std::size_t word_end = at;
    while (word_end > 0 && (is_blank(text[word_end - 1]) || text[word_end - 1] == '\n')) --word_end;
    bool after_with = word_end >= 5 && text.compare(word_end - 5, 5, " with") == 0;
    bool after_extends = word_end >= 8 && text.compare(word_end - 8, 8, " extends") == 0;
    std::size_t close = text.find_first_of("]\n", at + 6);
    if ((!after_with && !after_extends) || close == std::string::npos || text[close] != ']' ||
        close + 1 >= text.size() || text[close + 1] != '.')
      continue;
    std::string_view qualifier(text.data() + at + 6, close - at - 6);
    if (qualifier.empty() || !std::all_of(qualifier.begin(), qualifier.end(), is_name_char)) continue;
    text.replace(at, close + 2 - at, close + 2 - at, ' ');
  }
}

}  // namespace

std::optional<std::string> ScalaLanguage::text_to_reparse(std::string_view source) const {
  // Strings and comments are rewritten too: the tree of this text is only kept when it has fewer
  // errors, and names, spans and signatures are read from `source`.
  std::string text(source);
  // The Unicode arrows Scala 2 accepts for `=>`, `<-` and `->` (three bytes in UTF-8 each).
  for (auto [arrow, ascii] : {std::pair{std::string_view("\u21D2"), std::string_view("=> ")},
                              std::pair{std::string_view("\u2190"), std::string_view("<- ")},
                              std::pair{std::string_view("\u2192"), std::string_view("-> ")}})
    for (std::size_t at = text.find(arrow); at != std::string::npos; at = text.find(arrow, at + 3))
      text.replace(at, arrow.size(), ascii);
  // Existential types, `T[_, C] forSome { type C <: U }`, are read as the refinement `T[_, C] { type
  // C <: U }`.
  for (std::size_t at = text.find("forSome"); at != std::string::npos; at = text.find("forSome", at + 7)) {
    std::size_t open = text.find_first_not_of(" \t\r\n", at + 7);
    if (open != std::string::npos && text[open] == '{') text.replace(at, 7, 7, ' ');
  }
  // The unit value as an argument of a pattern, `case Literal(Constant(())) =>`.
  for (std::size_t at = text.find("(())"); at != std::string::npos; at = text.find("(())", at + 4))
    text.replace(at + 1, 2, "  ");
  blank_xml_literals(text);
  separate_procedure_declarations(text);
  untrack_loose_braces(text);
  blank_super_qualified_parents(text);
  untype_braced_lambda_parameters(text);
  if (text == source) return std::nullopt;
  return text;
}

sdk::Confidence ScalaLanguage::check_content(std::string_view path, std::string_view head) const {
  namespace content = ax::lang::content;
  if (!content::has_suffix(path, ".sc")) return sdk::Confidence::maybe;
  if (content::has_foreign_shebang(head, {"scala", "scala-cli", "amm"})) return sdk::Confidence::no;
  if (looks_like_supercollider(head)) return sdk::Confidence::no;
  bool scala = content::any_line(head, [](std::string_view line) {
    return content::starts_with_any_word(
        line, {"import", "package", "object",    "class",   "trait",    "case",    "abstract", "sealed",
               "final",  "def",     "val",       "lazy",    "implicit", "given",   "enum",     "extension",
               "type",   "@main",   "//> using", "private", "override", "println("});
  });
  return scala ? sdk::Confidence::likely : sdk::Confidence::no;
}

SymbolKind ScalaLanguage::refine_kind(SymbolKind captured, const SymbolKind* parent_kind) const {
  if (parent_kind == nullptr) return captured;
  SymbolKind parent = *parent_kind;
  bool in_type = parent == SymbolKind::class_ || parent == SymbolKind::trait || parent == SymbolKind::enum_;
  switch (captured) {
    case SymbolKind::function:
      // Members of objects, givens and extensions are methods too; package objects hold functions.
      if (in_type || parent == SymbolKind::module || parent == SymbolKind::extension ||
          parent == SymbolKind::constant || parent == SymbolKind::field || parent == SymbolKind::enum_member)
        return SymbolKind::method;
      return captured;
    case SymbolKind::constant:
    case SymbolKind::variable:
      // A class's vals and vars are its fields; `val a, b` nests `b` under the field `a` until
      // post_process separates them, so a field's companion is a field too.
      if (in_type || parent == SymbolKind::field) return SymbolKind::field;
      return captured;
    default:
      return captured;
  }
}

std::string ScalaLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // The first case of `case A, B` documents from above the `case` keyword.
  TSNode anchor = definition;
  TSNode parent = parent_node(definition);
  if (!ts_node_is_null(parent) && type_of(parent) == "enum_case_definitions" &&
      ts_node_eq(ts_node_named_child(parent, 0), definition))
    anchor = parent;
  // Scaladoc directly above; line comments in between (`// scalastyle:off`) do not break it.
  uint32_t expected_row = ts_node_start_point(anchor).row;
  for (TSNode prev = comment_before(anchor, source); !ts_node_is_null(prev); prev = comment_before(prev, source)) {
    if (ts_node_end_point(prev).row + 1 < expected_row) break;
    std::string_view type = type_of(prev);
    if (type == "comment") {
      expected_row = ts_node_start_point(prev).row;
      continue;
    }
    std::string_view text = node_text(prev, source);
    // A doc comment after a procedure declaration was parsed as `;/*…` (text_to_reparse): it starts a
    // byte before its node.
    uint32_t start = ts_node_start_byte(prev);
    if (type == "block_comment" && start > 0 && text.substr(0, 2) == "**" && source[start - 1] == '/')
      text = source.substr(start - 1, text.size() + 1);
    if (type == "block_comment" && text.size() > 4 && text.substr(0, 3) == "/**") return strip_comment_markers(text);
    break;
  }
  return {};
}

std::string ScalaLanguage::signature(TSNode definition, std::string_view source) const {
  // From the first modifier or keyword after the annotations; for templates and defs up to the body.
  uint32_t start = ts_node_start_byte(definition);
  for (uint32_t i = 0; i < ts_node_child_count(definition); ++i) {
    TSNode child = ts_node_child(definition, i);
    std::string_view type = type_of(child);
    if (type != "annotation" && type != "comment" && type != "block_comment") {
      start = ts_node_start_byte(child);
      break;
    }
  }
  uint32_t end = ts_node_end_byte(definition);
  std::string_view type = type_of(definition);
  if (!is_one_of(type, {"val_definition", "var_definition", "type_definition", "class_parameter"})) {
    TSNode body = ts_node_child_by_field_name(definition, "body", 4);
    if (!ts_node_is_null(body) && ts_node_start_byte(body) > start) end = ts_node_start_byte(body);
  }
  if (end <= start || end > source.size()) return first_line_signature(node_text(definition, source));
  std::string line = first_line_signature(source.substr(start, end - start));
  // `def f: Int =`, `given x: T with`, `class A extends B with` (a body on the next line).
  for (std::string_view suffix : {"=", " with"}) {
    if (line.size() > suffix.size() && line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0)
      line = first_line_signature(line.substr(0, line.size() - suffix.size()));
  }
  return line;
}

void ScalaLanguage::post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const {
  auto& symbols = result.symbols;
  std::vector<TSNode> nodes;
  nodes.reserve(symbols.size());
  for (const auto& symbol : symbols) nodes.push_back(definition_node(root, symbol.span));

  // Names declared together share a node, which the extractor reads as nesting: each becomes a
  // sibling of the first again, in the order written.
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    while (symbols[i].parent >= 0 && same_span(symbols[symbols[i].parent].span, symbols[i].span))
      symbols[i].parent = symbols[symbols[i].parent].parent;
  }
  for (std::size_t first = 0; first < symbols.size();) {
    std::size_t last = first + 1;
    while (last < symbols.size() && same_span(symbols[last].span, symbols[first].span)) ++last;
    if (last - first > 1) {
      std::vector<std::pair<uint32_t, std::string>> names;
      for (std::size_t i = first; i < last; ++i)
        names.emplace_back(name_offset(nodes[i], symbols[i].name, source), symbols[i].name);
      std::sort(names.begin(), names.end());
      for (std::size_t i = first; i < last; ++i) symbols[i].name = names[i - first].second;  // same kind and span
    }
    first = last;
  }

  // Anonymous givens and extensions are named after their types. A given is a constant wherever
  // it is defined (a class's vals are its fields, but its givens are instances it provides).
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    TSPoint end = ts_node_end_point(last_code_token(nodes[i]));
    symbols[i].span.end_line = end.row + 1;
    symbols[i].span.end_column = end.column + 1;
    std::string_view type = type_of(nodes[i]);
    if (type == "given_definition") {
      symbols[i].kind = SymbolKind::constant;
      if (ts_node_is_null(ts_node_child_by_field_name(nodes[i], "name", 4)))
        symbols[i].name = synthesized_given_name(symbols[i].name);
    } else if (type == "extension_definition") {
      symbols[i].name = std::string(without_type_arguments(symbols[i].name));
    }
  }

  // Members only: a definition directly in a file, package, template or enum body whose enclosing
  // definitions are all kept and host members.
  std::vector<bool> keep(symbols.size(), false);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    std::string_view type = type_of(nodes[i]);
    TSNode container = parent_node(nodes[i]);
    bool member_position = is_one_of(type, {"class_parameter", "simple_enum_case", "full_enum_case"}) ||
                           (!ts_node_is_null(container) && is_member_container(type_of(container)));
    std::int32_t parent = symbols[i].parent;
    keep[i] = member_position && (parent < 0 || (keep[parent] && hosts_members(symbols[parent].kind, nodes[parent])));
  }
  keep_symbols(result, keep);
  for (auto& symbol : symbols) {
    symbol.qualified_name = symbol.parent < 0 ? symbol.name : symbols[symbol.parent].qualified_name + "." + symbol.name;
  }

  std::vector<sdk::Import> imports;
  for (const auto& import : result.imports)
    for (auto& specifier : import_specifiers(import.specifier)) imports.push_back({std::move(specifier), import.line});
  result.imports = std::move(imports);

  std::vector<sdk::Reference> kept;
  kept.reserve(result.references.size());
  for (auto& reference : result.references) {
    if (reference.kind == sdk::ReferenceKind::call && (reference.name == "this" || reference.name == "super")) continue;
    if (reference.kind == sdk::ReferenceKind::reference) {
      TypeUse use = classify_type_use(reference_node(root, reference));
      if (use == TypeUse::drop) continue;
      if (use == TypeUse::call) reference.kind = sdk::ReferenceKind::call;
    }
    kept.push_back(std::move(reference));
  }
  result.references = std::move(kept);
}

}  // namespace ax::lang
