#include "ax/lang/tree_sitter_language.hpp"

#include <ax/lang/parse_budget.hpp>

#include "text_predicates.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_set>

#include <ax/sdk/text.hpp>

namespace ax::lang {
namespace {

using sdk::SymbolKind;

// Definitions nested deeper than this are dropped (and the result says so): qualified names grow
// with the depth, so 100,000 nested JSON objects would otherwise need gigabytes.
constexpr std::size_t kMaxSymbolDepth = 256;
// Comments above a definition and wrappers around it (export, template) looked at for its doc:
// each step costs a walk from the root, so long runs of comments must not make a file quadratic.
constexpr int kMaxDocComments = 256;
constexpr int kMaxWrapperLevels = 8;
// How often the extraction loops poll the budget.
constexpr std::size_t kBudgetCheckInterval = 64;

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
struct CursorDeleter {
  void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); }
};
struct QueryDeleter {
  void operator()(TSQuery* q) const { ts_query_delete(q); }
};

enum class Role { none, definition, name, doc, reference, import, import_member };

struct CaptureRole {
  Role role = Role::none;
  SymbolKind kind = SymbolKind::variable;
  sdk::ReferenceKind reference_kind = sdk::ReferenceKind::reference;
  std::string import_kind;  // @import.<kind>; "import" for a bare @import
};

sdk::Span span_of(TSNode node) {
  TSPoint start = ts_node_start_point(node);
  TSPoint end = ts_node_end_point(node);
  return {start.row + 1, start.column + 1, end.row + 1, end.column + 1};
}

using sdk::trim;

// Cuts `s` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

// Length of the valid UTF-8 sequence at the start of `s`, or 0 when it is not one.
std::size_t utf8_sequence_length(std::string_view s) {
  auto byte = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  auto continuation = [&](std::size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return byte(i) >= lo && byte(i) <= hi;
  };
  unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    bool second = lead == 0xE0 ? continuation(1, 0xA0) : lead == 0xED ? continuation(1, 0x80, 0x9F) : continuation(1);
    return second && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    bool second = lead == 0xF0 ? continuation(1, 0x90) : lead == 0xF4 ? continuation(1, 0x80, 0x8F) : continuation(1);
    return second && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

// Tree-sitter lexes a byte that is not UTF-8 as an error, and some grammars' scanners then give up
// on the rest of the file (one bad byte in a YAML key lost every later key). Such bytes are parsed
// as '_', which keeps every offset; names and texts still come from the original source.
std::optional<std::string> without_invalid_utf8(std::string_view source) {
  std::optional<std::string> repaired;
  for (std::size_t i = 0; i < source.size();) {
    if (static_cast<unsigned char>(source[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(source.substr(i, 4));
    if (length > 0) {
      i += length;
      continue;
    }
    if (!repaired) repaired.emplace(source);
    (*repaired)[i++] = '_';
  }
  return repaired;
}

// Hands tree-sitter the whole source at once.
struct StringInput {
  std::string_view text;
  static const char* read(void* payload, uint32_t byte_index, TSPoint, uint32_t* bytes_read) {
    auto* self = static_cast<StringInput*>(payload);
    if (byte_index >= self->text.size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(self->text.size() - byte_index);
    return self->text.data() + byte_index;
  }
};

// Parses `source` with `grammar` under `budget` (active on this thread: the caller's later walks poll
// it too), bytes that are not UTF-8 replaced; throws when the file is too large, the budget runs out
// or tree-sitter gives up.
std::unique_ptr<TSTree, TreeDeleter> parse_within_budget(TSParser* parser, const TSLanguage* grammar,
                                                         std::string_view language_id, std::string_view source,
                                                         ParseBudget& budget, const TSTree* edited = nullptr) {
  if (source.size() > UINT32_MAX) throw std::runtime_error("file too large for tree-sitter (4 GiB at most)");
  ts_parser_reset(parser);
  if (!ts_parser_set_language(parser, grammar))
    throw std::runtime_error("grammar of " + std::string(language_id) + " has an unsupported ABI version");
  // Tree-sitter asks every 100 operations; a check is one clock read.
  TSParseOptions options{&budget, [](TSParseState* state) {
                           return static_cast<ParseBudget*>(state->payload)->check() != ParseBudget::Verdict::ok;
                         }};
  std::optional<std::string> repaired = without_invalid_utf8(source);
  StringInput input{repaired ? std::string_view(*repaired) : source};
  TSInput ts_input{&input, &StringInput::read, TSInputEncodingUTF8, nullptr};
  std::unique_ptr<TSTree, TreeDeleter> tree(ts_parser_parse_with_options(parser, edited, ts_input, options));
  budget.throw_if_exhausted();
  if (!tree) throw std::runtime_error("tree-sitter returned no tree");
  return tree;
}

// Error and missing nodes in a tree; subtrees without errors are not entered.
std::size_t error_count(const TSTree* tree) {
  std::size_t count = 0;
  TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));
  bool more = true;
  while (more) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_error(node) || ts_node_is_missing(node)) ++count;
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
      if (!ts_tree_cursor_goto_parent(&cursor)) {
        more = false;
        break;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  return count;
}

// parse_within_budget, and when the tree has errors, a second parse of the language's alternative
// text (TreeSitterLanguage::text_to_reparse): the tree with fewer errors is kept. When that still has
// errors, a third parse of the text the project suggests (text_to_reparse_in_project), kept only if
// it has fewer errors again: a file the first alternative reads without errors is read as before.
std::unique_ptr<TSTree, TreeDeleter> parse_preferring_fewer_errors(const TreeSitterLanguage& language, TSParser* parser,
                                                                   const TSLanguage* grammar, std::string_view source,
                                                                   ParseBudget& budget,
                                                                   const sdk::ProjectContext* project) {
  auto tree = parse_within_budget(parser, grammar, language.info().id, source, budget);
  if (!ts_node_has_error(ts_tree_root_node(tree.get()))) return tree;
  // Reparses are incremental: the tree of `source`, edited where the alternative differs, is reused.
  const std::unique_ptr<TSTree, TreeDeleter> first(ts_tree_copy(tree.get()));
  const auto reparse = [&](const std::string& alternative) {
    std::unique_ptr<TSTree, TreeDeleter> edited(ts_tree_copy(first.get()));
    TSPoint point{0, 0};
    for (std::size_t i = 0; i < source.size();) {
      if (source[i] == alternative[i]) {
        point = source[i] == '\n' ? TSPoint{point.row + 1, 0} : TSPoint{point.row, point.column + 1};
        ++i;
        continue;
      }
      const auto start = static_cast<uint32_t>(i);
      const TSPoint start_point = point;
      for (; i < source.size() && source[i] != alternative[i]; ++i)
        point = source[i] == '\n' ? TSPoint{point.row + 1, 0} : TSPoint{point.row, point.column + 1};
      const TSInputEdit edit{start, static_cast<uint32_t>(i), static_cast<uint32_t>(i), start_point, point, point};
      ts_tree_edit(edited.get(), &edit);
    }
    return parse_within_budget(parser, grammar, language.info().id, alternative, budget, edited.get());
  };
  std::size_t errors = std::numeric_limits<std::size_t>::max();  // of `tree`, counted when needed
  const auto keep_if_fewer_errors = [&](std::unique_ptr<TSTree, TreeDeleter> retried) {
    if (!ts_node_has_error(ts_tree_root_node(retried.get()))) {
      tree = std::move(retried);
      errors = 0;
      return;
    }
    if (errors == std::numeric_limits<std::size_t>::max()) errors = error_count(tree.get());
    const std::size_t retried_errors = error_count(retried.get());
    if (retried_errors < errors) {
      tree = std::move(retried);
      errors = retried_errors;
    }
  };
  std::optional<std::string> alternative = language.text_to_reparse(source);
  if (alternative && alternative->size() == source.size()) keep_if_fewer_errors(reparse(*alternative));
  if (errors == 0) return tree;
  if (project != nullptr) {
    const ParseBudget::Excluded project_setup(budget);
    language.prepare_project(*project);
  }
  alternative = language.text_to_reparse_in_project(source, project);
  if (alternative && alternative->size() == source.size()) keep_if_fewer_errors(reparse(*alternative));
  return tree;
}

}  // namespace

// A grammar and its query, compiled on first use: compiling a large query costs tens to hundreds
// of milliseconds, which a run that never meets the language should not pay.
struct TreeSitterLanguage::CompiledGrammar {
  Grammar grammar;
  std::once_flag compiled;
  std::exception_ptr error;
  std::unique_ptr<TSQuery, QueryDeleter> query;
  std::vector<CaptureRole> roles;                      // by capture index
  std::vector<std::vector<TextPredicate>> predicates;  // by pattern index
};

TSNode parent_node(TSNode node) {
  poll_parse_budget();
  return ts_node_parent(node);
}
TSNode prev_sibling(TSNode node) {
  poll_parse_budget();
  return ts_node_prev_sibling(node);
}
TSNode prev_named_sibling(TSNode node) {
  poll_parse_budget();
  return ts_node_prev_named_sibling(node);
}
TSNode next_sibling(TSNode node) {
  poll_parse_budget();
  return ts_node_next_sibling(node);
}
TSNode next_named_sibling(TSNode node) {
  poll_parse_budget();
  return ts_node_next_named_sibling(node);
}

std::vector<TSNode> ancestors(TSNode node) {
  std::vector<TSNode> path;
  if (ts_node_is_null(node)) return path;
  TSNode ancestor = ts_tree_root_node(node.tree);
  while (ancestor.id != node.id) {
    poll_parse_budget();
    path.push_back(ancestor);
    ancestor = ts_node_child_with_descendant(ancestor, node);
    if (ts_node_is_null(ancestor)) break;
  }
  return path;
}

std::string_view node_text(TSNode node, std::string_view source) {
  uint32_t start = ts_node_start_byte(node);
  uint32_t end = ts_node_end_byte(node);
  if (start > source.size() || end > source.size() || end < start) return {};
  return source.substr(start, end - start);
}

std::string first_line_signature(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  line = trim(line);
  if (!line.empty() && (line.back() == '{' || line.back() == ':')) line = trim(line.substr(0, line.size() - 1));
  return std::string(utf8_prefix(line, 240));
}

std::string strip_comment_markers(std::string_view comment) {
  std::string out;
  bool paragraph_break = false;
  std::size_t pos = 0;
  while (pos <= comment.size()) {
    std::size_t eol = comment.find('\n', pos);
    std::string_view line = comment.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    line = trim(line);
    for (std::string_view marker : {"/**", "/*!", "/*", "///", "//!", "//", "##", "#", "--"}) {
      if (line.substr(0, marker.size()) == marker) {
        line.remove_prefix(marker.size());
        break;
      }
    }
    if (line.size() >= 2 && line.substr(line.size() - 2) == "*/") line.remove_suffix(2);
    line = trim(line);
    if (!line.empty() && line.front() == '*') line = trim(line.substr(1));
    // Blank lines inside a comment separate paragraphs; at its edges they are dropped.
    if (line.empty()) {
      paragraph_break = !out.empty();
    } else {
      if (!out.empty()) out += paragraph_break ? "\n\n" : "\n";
      out += line;
      paragraph_break = false;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return out;
}

std::string doc_from_comments(const std::vector<std::string_view>& nearest_first) {
  std::string doc;
  for (auto it = nearest_first.rbegin(); it != nearest_first.rend(); ++it) {
    std::string part = strip_comment_markers(*it);
    if (part.empty()) continue;
    if (!doc.empty()) doc += '\n';
    doc += part;
  }
  return doc;
}

std::string_view unquote(std::string_view literal) {
  if (literal.size() >= 2) {
    char first = literal.front();
    if ((first == '"' || first == '\'' || first == '`') && literal.back() == first)
      return literal.substr(1, literal.size() - 2);
  }
  return literal;
}

void rebuild_symbols(sdk::ParseResult& result, const std::vector<std::int32_t>& order) {
  std::vector<std::int32_t> new_index(result.symbols.size(), -1);
  for (std::size_t i = 0; i < order.size(); ++i) new_index[order[i]] = static_cast<std::int32_t>(i);
  auto surviving = [&](std::int32_t old) {
    while (old >= 0 && new_index[old] < 0) old = result.symbols[old].parent;
    return old < 0 ? -1 : new_index[old];
  };
  std::vector<sdk::Symbol> symbols;
  symbols.reserve(order.size());
  for (std::int32_t old : order) {
    sdk::Symbol symbol = result.symbols[old];  // a copy: later lookups still walk the old parents
    symbol.parent = surviving(symbol.parent);
    symbols.push_back(std::move(symbol));
  }
  for (auto& reference : result.references) reference.enclosing = surviving(reference.enclosing);
  result.symbols = std::move(symbols);
}

void keep_symbols(sdk::ParseResult& result, const std::vector<bool>& keep) {
  std::vector<std::int32_t> order;
  for (std::size_t i = 0; i < keep.size() && i < result.symbols.size(); ++i)
    if (keep[i]) order.push_back(static_cast<std::int32_t>(i));
  rebuild_symbols(result, order);
}

TreeSitterLanguage::TreeSitterLanguage(sdk::LanguageInfo info, std::vector<Grammar> grammars) : info_(std::move(info)) {
  install_counting_allocator();  // before any tree-sitter object exists, so that the budget sees them all
  for (auto& grammar : grammars) {
    auto compiled = std::make_unique<CompiledGrammar>();
    compiled->grammar = std::move(grammar);
    grammars_.push_back(std::move(compiled));
  }
}

namespace {

void compile_grammar(TreeSitterLanguage::CompiledGrammar& compiled, const TreeSitterLanguage& language);

}  // namespace

const TreeSitterLanguage::CompiledGrammar& TreeSitterLanguage::compiled(CompiledGrammar& grammar) const {
  std::call_once(grammar.compiled, [&] {
    try {
      compile_grammar(grammar, *this);
    } catch (...) {
      grammar.error = std::current_exception();
    }
  });
  if (grammar.error) std::rethrow_exception(grammar.error);
  return grammar;
}

namespace {

void compile_grammar(TreeSitterLanguage::CompiledGrammar& compiled, const TreeSitterLanguage& language) {
  const std::string& language_id = language.info().id;
  const Grammar& grammar = compiled.grammar;
  uint32_t error_offset = 0;
  TSQueryError error_type = TSQueryErrorNone;
  TSQuery* query = ts_query_new(grammar.language, grammar.query.data(), static_cast<uint32_t>(grammar.query.size()),
                                &error_offset, &error_type);
  if (query == nullptr) {
    // A broken query is a bug in the plugin; every parse of the language reports it.
    std::size_t line = 1 + std::count(grammar.query.begin(), grammar.query.begin() + error_offset, '\n');
    throw std::runtime_error("tags query of " + language_id + " does not compile (error " +
                             std::to_string(static_cast<int>(error_type)) + " at line " + std::to_string(line) + ")");
  }
  compiled.query.reset(query);
  for (uint32_t pattern = 0; pattern < ts_query_pattern_count(query); ++pattern) {
    try {
      compiled.predicates.push_back(compile_predicates(query, pattern, /*strict=*/false, language.query_node_tests()));
    } catch (const std::exception& e) {
      throw std::runtime_error("tags query of " + language_id + ": " + e.what());
    }
  }
  uint32_t count = ts_query_capture_count(query);
  compiled.roles.resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t length = 0;
    const char* chars = ts_query_capture_name_for_id(query, i, &length);
    std::string_view name(chars, length);
    CaptureRole& role = compiled.roles[i];
    if (name == "name") {
      role.role = Role::name;
    } else if (name == "doc") {
      role.role = Role::doc;
    } else if (name == "import" || name.rfind("import.", 0) == 0) {
      role.role = Role::import;
      role.import_kind = name == "import" ? "import" : std::string(name.substr(7));
    } else if (name == "import_member") {
      role.role = Role::import_member;
    } else if (name.rfind("definition.", 0) == 0) {
      auto kind = sdk::parse_symbol_kind(name.substr(11));
      if (!kind) throw std::runtime_error("tags query of " + language_id + " uses unknown kind @" + std::string(name));
      role.role = Role::definition;
      role.kind = *kind;
    } else if (name.rfind("reference.", 0) == 0) {
      role.role = Role::reference;
      role.reference_kind = name == "reference.call" ? sdk::ReferenceKind::call : sdk::ReferenceKind::reference;
    }
    // Other captures (helpers for predicates, starting with '_') have no role.
  }
}

}  // namespace

TreeSitterLanguage::~TreeSitterLanguage() = default;

SymbolKind TreeSitterLanguage::refine_kind(SymbolKind captured, const SymbolKind* parent_kind) const {
  if (captured == SymbolKind::function && parent_kind != nullptr) {
    switch (*parent_kind) {
      case SymbolKind::class_:
      case SymbolKind::interface:
      case SymbolKind::trait:
      case SymbolKind::struct_:
      case SymbolKind::enum_:
      case SymbolKind::impl:
      case SymbolKind::mixin:
      case SymbolKind::extension:
      case SymbolKind::union_:
        return SymbolKind::method;
      default:
        break;
    }
  }
  return captured;
}

bool TreeSitterLanguage::is_comment(TSNode node) const {
  std::string_view type = ts_node_type(node);
  return type.find("comment") != std::string_view::npos;
}

std::string TreeSitterLanguage::doc_comment(TSNode definition, std::string_view source) const {
  // Comments attach to the outermost node that starts on the definition's line (export, template…).
  TSNode anchor = definition;
  int levels = 0;
  const std::vector<TSNode> outer = ancestors(definition);
  // From the parent outwards, the root left out.
  for (std::size_t i = outer.size(); i-- > 1;) {
    const TSNode parent = outer[i];
    if (++levels > kMaxWrapperLevels) break;
    if (ts_node_start_point(parent).row != ts_node_start_point(anchor).row) break;
    if (ts_node_start_byte(parent) > ts_node_start_byte(anchor)) break;
    anchor = parent;
  }
  std::vector<std::string_view> comments;
  uint32_t expected_row = ts_node_start_point(anchor).row;
  int steps = 0;
  for (TSNode prev = prev_sibling(anchor); !ts_node_is_null(prev) && ++steps <= kMaxDocComments;
       prev = prev_sibling(prev)) {
    if (!is_comment(prev)) {
      // Attributes/decorators between the comment and the definition do not break the attachment.
      std::string_view type = ts_node_type(prev);
      if (type.find("attribute") != std::string_view::npos || type.find("decorator") != std::string_view::npos ||
          type.find("annotation") != std::string_view::npos) {
        expected_row = ts_node_start_point(prev).row;
        continue;
      }
      break;
    }
    // A comment after code on its own line (`A = 1 // note`) belongs to that code.
    TSNode before = prev_sibling(prev);
    if (!ts_node_is_null(before) && ts_node_end_point(before).row == ts_node_start_point(prev).row) break;
    uint32_t end_row = ts_node_end_point(prev).row;
    // A comment ending on the definition's own line that started earlier on it is trailing code's.
    if (end_row + 1 < expected_row) break;
    if (end_row == expected_row && ts_node_start_point(prev).row == expected_row && expected_row != 0 &&
        ts_node_start_point(anchor).row == expected_row)
      break;
    comments.push_back(node_text(prev, source));
    expected_row = ts_node_start_point(prev).row;
  }
  return doc_from_comments(comments);
}

std::string TreeSitterLanguage::signature(TSNode definition, std::string_view source) const {
  return first_line_signature(node_text(definition, source));
}

std::optional<std::string> TreeSitterLanguage::text_to_reparse(std::string_view) const { return std::nullopt; }

std::optional<std::string> TreeSitterLanguage::text_to_reparse_in_project(std::string_view,
                                                                          const sdk::ProjectContext*) const {
  return std::nullopt;
}

std::unique_ptr<QueryNodeTests> TreeSitterLanguage::prepare_node_tests(TSNode, std::string_view) const {
  return nullptr;
}

bool TreeSitterLanguage::walk_tags(std::size_t, TSNode, std::string_view, TagMatches&) const { return false; }

void TreeSitterLanguage::post_process(sdk::ParseResult&, TSNode, std::string_view) const {}

void TreeSitterLanguage::post_process_imports(std::vector<sdk::Import>&, std::vector<std::string>&, TSNode,
                                              std::string_view) const {}

// One per thread and language: owns the tree-sitter parser and query cursor.
class TreeSitterParser final : public sdk::SourceParser,
                               public sdk::CancellableParser,
                               public sdk::ImportKinds,
                               public sdk::ProjectAwareParser {
 public:
  explicit TreeSitterParser(const TreeSitterLanguage& language)
      : language_(language), parser_(ts_parser_new()), cursor_(ts_query_cursor_new()) {
    // Bounds the work a single pattern can do on deeply nested or enormous files.
    ts_query_cursor_set_match_limit(cursor_.get(), 4096);
  }

  void set_cancel_flag(const std::atomic<bool>* flag) override { cancel_flag_ = flag; }
  void set_project(std::shared_ptr<const sdk::ProjectContext> project) override { project_ = std::move(project); }
  std::string_view partial_reason() const override { return partial_reason_; }
  const std::vector<std::string>& import_kinds() const override { return import_kinds_; }

  sdk::ParseResult parse(std::string_view source, std::string_view path) override {
    const std::size_t grammar_index = language_.grammar_index(path);
    // Not compiled yet: a language that walks its trees never needs its tags query.
    TreeSitterLanguage::CompiledGrammar& grammar = *language_.grammars_[grammar_index];
    partial_reason_.clear();
    sdk::ParseResult result;
    import_kinds_.clear();
    ParseBudget budget(source.size(), cancel_flag_);
    ActiveBudget active(budget);
    auto tree = parse_preferring_fewer_errors(language_, parser_.get(), grammar.grammar.language, source, budget,
                                              project_.get());
    TSNode root = ts_tree_root_node(tree.get());
    result.had_syntax_errors = ts_node_has_error(root);
    extract(grammar, grammar_index, root, source, result, budget);
    language_.post_process(result, root, source);
    // A post_process that rewrote the list of imports leaves their kinds unknown.
    if (import_kinds_.size() != result.imports.size()) import_kinds_.assign(result.imports.size(), "import");
    language_.post_process_imports(result.imports, import_kinds_, root, source);
    if (import_kinds_.size() != result.imports.size()) import_kinds_.assign(result.imports.size(), "import");
    budget.throw_if_exhausted();
    return result;
  }

 private:
  // Offsets are read once here: the sorts below would otherwise ask tree-sitter for them again on
  // every comparison (an end offset is a sum over the node's subtree).
  struct PendingDefinition {
    TSNode node;
    TSNode name;
    std::optional<TSNode> doc;
    SymbolKind kind;
    uint16_t pattern;
    uint32_t start, end, name_start;
  };
  struct PendingReference {
    TSNode name;
    sdk::ReferenceKind kind;
    uint16_t pattern;
    uint32_t start;
  };

  static std::optional<TSNode> present(TSNode node) {
    return ts_node_is_null(node) ? std::nullopt : std::optional<TSNode>(node);
  }

  // The language's own walk of the tree when it has one, else the tags query (compiled on first
  // use): definitions and references into the pending lists, imports straight into the result.
  void collect_matches(TreeSitterLanguage::CompiledGrammar& uncompiled, std::size_t grammar_index, TSNode root,
                       std::string_view source, sdk::ParseResult& result, ParseBudget& budget,
                       std::vector<PendingDefinition>& definitions, std::vector<PendingReference>& references) {
    walked_.definitions.clear();
    walked_.references.clear();
    walked_.imports.clear();
    if (language_.walk_tags(grammar_index, root, source, walked_)) {
      definitions.reserve(walked_.definitions.size());
      for (const auto& def : walked_.definitions)
        definitions.push_back({def.node, def.name, present(def.doc), def.kind, def.pattern,
                               ts_node_start_byte(def.node), ts_node_end_byte(def.node), ts_node_start_byte(def.name)});
      references.reserve(walked_.references.size());
      for (const auto& ref : walked_.references)
        references.push_back({ref.name, ref.kind, ref.pattern, ts_node_start_byte(ref.name)});
      for (const auto& import : walked_.imports)
        add_import(import.specifier, present(import.member), import.kind, source, result);
      return;
    }
    const TreeSitterLanguage::CompiledGrammar& grammar = [&]() -> const TreeSitterLanguage::CompiledGrammar& {
      const ParseBudget::Excluded first_use(budget);  // the compile is the process's, not this file's
      return language_.compiled(uncompiled);
    }();
    // The query walks the tree asking for each node how deep it is: quadratic in the depth of a
    // tree of unclosed brackets, so it is bounded as the parse is.
    TSQueryCursorOptions options{&budget, [](TSQueryCursorState* state) {
                                   return static_cast<ParseBudget*>(state->payload)->check() !=
                                          ParseBudget::Verdict::ok;
                                 }};
    const std::unique_ptr<QueryNodeTests> node_tests = language_.prepare_node_tests(root, source);
    ts_query_cursor_exec_with_options(cursor_.get(), grammar.query.get(), root, &options);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor_.get(), &match)) {
      if (!predicates_hold(grammar.predicates[match.pattern_index], match, source, node_tests.get())) continue;
      std::optional<TSNode> definition, name, doc, reference;
      std::optional<SymbolKind> kind;
      std::optional<sdk::ReferenceKind> reference_kind;
      std::optional<TSNode> import_member;
      imports_in_match_.clear();
      for (uint16_t i = 0; i < match.capture_count; ++i) {
        const TSQueryCapture& capture = match.captures[i];
        const CaptureRole& role = grammar.roles[capture.index];
        switch (role.role) {
          case Role::definition:
            definition = capture.node;
            kind = role.kind;
            break;
          case Role::name:
            if (!name) name = capture.node;
            break;
          case Role::doc:
            doc = capture.node;
            break;
          case Role::reference:
            reference_kind = role.reference_kind;
            reference = capture.node;
            break;
          case Role::import:
            imports_in_match_.emplace_back(capture.node, &role.import_kind);
            break;
          case Role::import_member:
            import_member = capture.node;
            break;
          case Role::none:
            break;
        }
      }
      for (const auto& [import, kind] : imports_in_match_) add_import(import, import_member, *kind, source, result);
      if (definition && name) {
        definitions.push_back({*definition, *name, doc, *kind, match.pattern_index, ts_node_start_byte(*definition),
                               ts_node_end_byte(*definition), ts_node_start_byte(*name)});
      } else if (reference_kind) {
        const TSNode referenced = name ? *name : *reference;
        references.push_back({referenced, *reference_kind, match.pattern_index, ts_node_start_byte(referenced)});
      }
    }
    budget.throw_if_exhausted();
    if (ts_query_cursor_did_exceed_match_limit(cursor_.get()))
      note_partial("too many overlapping matches: some symbols dropped");
  }

  void extract(TreeSitterLanguage::CompiledGrammar& grammar, std::size_t grammar_index, TSNode root,
               std::string_view source, sdk::ParseResult& result, ParseBudget& budget) {
    std::vector<PendingDefinition> definitions;
    std::vector<PendingReference> references;
    collect_matches(grammar, grammar_index, root, source, result, budget, definitions, references);

    // Outer definitions first so that parents precede children; a name captured by two patterns
    // counts once, for the pattern written first (so queries list specific patterns first).
    std::sort(definitions.begin(), definitions.end(), [](const PendingDefinition& a, const PendingDefinition& b) {
      if (a.start != b.start) return a.start < b.start;
      if (a.end != b.end) return a.end > b.end;
      // Names declared together (`X, Y int`) share one node: keep them in source order.
      if (a.name_start != b.name_start) return a.name_start < b.name_start;
      return a.pattern < b.pattern;
    });
    std::unordered_set<uintptr_t> seen_names;
    struct Open {
      uint32_t start, end;
      int32_t symbol;
    };

    std::vector<Open> open;  // enclosing definitions, innermost last
    std::size_t visited = 0;
    for (const PendingDefinition& def : definitions) {
      if (++visited % kBudgetCheckInterval == 0) budget.throw_if_exhausted();
      auto name_key = reinterpret_cast<uintptr_t>(def.name.id);
      if (!seen_names.insert(name_key).second) continue;
      const uint32_t start = def.start;
      const uint32_t end = def.end;
      // Pop what ended before this starts, what overlaps without containing it, and a definition
      // of the very same node (a sibling name, not a parent).
      while (!open.empty() && (open.back().end <= start || open.back().end < end ||
                               (open.back().start == start && open.back().end == end)))
        open.pop_back();
      std::string_view name_text = trim(node_text(def.name, source));
      if (name_text.empty()) continue;
      if (open.size() >= kMaxSymbolDepth) {
        note_partial("definitions nested deeper than " + std::to_string(kMaxSymbolDepth) + " levels dropped");
        continue;
      }
      sdk::Symbol symbol;
      symbol.name = std::string(name_text);
      symbol.parent = open.empty() ? -1 : open.back().symbol;
      const SymbolKind* parent_kind = symbol.parent < 0 ? nullptr : &result.symbols[symbol.parent].kind;
      symbol.kind = language_.refine_kind(def.kind, parent_kind);
      symbol.qualified_name = symbol.parent < 0 ? symbol.name
                                                : result.symbols[symbol.parent].qualified_name +
                                                      std::string(language_.scope_separator()) + symbol.name;
      symbol.span = span_of(def.node);
      symbol.signature = language_.signature(def.node, source);
      symbol.doc = def.doc ? strip_docstring(node_text(*def.doc, source)) : language_.doc_comment(def.node, source);
      result.symbols.push_back(std::move(symbol));
      open.push_back({start, end, static_cast<int32_t>(result.symbols.size() - 1)});
    }

    // Innermost enclosing definition of each reference, by position.
    // At one position the pattern written first wins, as for definitions.
    std::sort(references.begin(), references.end(), [](const PendingReference& a, const PendingReference& b) {
      if (a.start != b.start) return a.start < b.start;
      return a.pattern < b.pattern;
    });
    std::unordered_set<uint32_t> seen_references;
    // One pass over references and definitions, both in source order, with a stack of the
    // definitions open at the current position.
    using Position = std::pair<uint32_t, uint32_t>;
    auto start_of = [](const sdk::Symbol& s) { return Position{s.span.start_line, s.span.start_column}; };
    auto end_of = [](const sdk::Symbol& s) { return Position{s.span.end_line, s.span.end_column}; };
    std::vector<int32_t> enclosing;
    std::size_t next_symbol = 0;
    for (const PendingReference& ref : references) {
      if (++visited % kBudgetCheckInterval == 0) budget.throw_if_exhausted();
      if (!seen_references.insert(ref.start).second) continue;
      std::string_view text = trim(node_text(ref.name, source));
      if (text.empty()) continue;
      sdk::Reference reference;
      reference.name = std::string(text);
      reference.kind = ref.kind;
      TSPoint point = ts_node_start_point(ref.name);
      reference.line = point.row + 1;
      reference.column = point.column + 1;
      const Position here{reference.line, reference.column};
      for (; next_symbol < result.symbols.size() && start_of(result.symbols[next_symbol]) <= here; ++next_symbol) {
        while (!enclosing.empty() && end_of(result.symbols[enclosing.back()]) <= start_of(result.symbols[next_symbol]))
          enclosing.pop_back();
        enclosing.push_back(static_cast<int32_t>(next_symbol));
      }
      while (!enclosing.empty() && end_of(result.symbols[enclosing.back()]) <= here) enclosing.pop_back();
      reference.enclosing = enclosing.empty() ? -1 : enclosing.back();
      result.references.push_back(std::move(reference));
    }
  }

  // An import's specifier; a member (`y` of Python's `from .x import y`) is appended to it with the
  // language's separator, except after a separator (`from . import y` is ".y").
  void add_import(TSNode import, std::optional<TSNode> member, std::string_view kind, std::string_view source,
                  sdk::ParseResult& result) {
    std::string specifier(unquote(node_text(import, source)));
    if (specifier.empty()) return;
    if (member) {
      std::string_view separator = language_.scope_separator();
      std::string_view name = trim(node_text(*member, source));
      if (name.empty()) return;
      if (!std::string_view(specifier).ends_with(separator)) specifier += separator;
      specifier += name;
    }
    result.imports.push_back({std::move(specifier), ts_node_start_point(import).row + 1});
    import_kinds_.emplace_back(kind);
  }

  // A docstring literal: quotes removed, common indentation dropped, blank edges trimmed.
  static std::string strip_docstring(std::string_view literal) {
    std::string_view text = trim(literal);
    for (std::string_view quote : {"\"\"\"", "'''"}) {
      if (text.size() >= 6 && text.substr(0, 3) == quote && text.substr(text.size() - 3) == quote) {
        text = text.substr(3, text.size() - 6);
        break;
      }
    }
    text = unquote(text);
    std::string out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      std::size_t eol = text.find('\n', pos);
      std::string_view line =
          trim(text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos));
      if (!line.empty() || !out.empty()) {
        if (!out.empty()) out += '\n';
        out += line;
      }
      if (eol == std::string_view::npos) break;
      pos = eol + 1;
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  void note_partial(const std::string& reason) {
    if (partial_reason_.find(reason) != std::string::npos) return;
    if (!partial_reason_.empty()) partial_reason_ += "; ";
    partial_reason_ += reason;
  }

  const TreeSitterLanguage& language_;
  std::unique_ptr<TSParser, ParserDeleter> parser_;
  std::unique_ptr<TSQueryCursor, CursorDeleter> cursor_;
  const std::atomic<bool>* cancel_flag_ = nullptr;
  std::shared_ptr<const sdk::ProjectContext> project_;  // nullptr: parsed without the project in view
  std::string partial_reason_;
  std::vector<std::string> import_kinds_;                                // parallel to the last parse's imports
  std::vector<std::pair<TSNode, const std::string*>> imports_in_match_;  // import capture, its kind
  TagMatches walked_;  // the language's walk of the last tree (its capacity kept from file to file)
};

std::size_t TreeSitterLanguage::grammar_index(std::string_view path) const {
  std::optional<std::size_t> fallback;
  for (std::size_t i = 0; i < grammars_.size(); ++i) {
    const auto& extensions = grammars_[i]->grammar.extensions;
    if (extensions.empty()) {
      if (!fallback) fallback = i;
      continue;
    }
    for (const auto& ext : extensions) {
      if (path.size() >= ext.size()) {
        std::string_view tail = path.substr(path.size() - ext.size());
        if (std::equal(tail.begin(), tail.end(), ext.begin(), ext.end(),
                       [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
          return i;
      }
    }
  }
  return fallback.value_or(0);
}

std::unique_ptr<sdk::SourceParser> TreeSitterLanguage::make_parser() const {
  return std::make_unique<TreeSitterParser>(*this);
}

// --- structural queries (sdk::StructuralQueryLanguage) ---

namespace {

std::string query_error_message(TSQueryError type, std::string_view text, uint32_t offset) {
  // The offending name starts at the offset: an identifier, a field or capture name.
  std::size_t end = offset;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                               text[end] == '-' || text[end] == '.' || text[end] == '@'))
    ++end;
  std::string name(text.substr(offset, end - offset));
  switch (type) {
    case TSQueryErrorSyntax:
      return "syntax error";
    case TSQueryErrorNodeType:
      return "invalid node type '" + name + "'";
    case TSQueryErrorField:
      return "invalid field '" + name + "'";
    case TSQueryErrorCapture:
      return "invalid capture '" + name + "'";
    case TSQueryErrorStructure:
      return "impossible pattern (no node can have these children)";
    case TSQueryErrorLanguage:
      return "the grammar is not compatible with this tree-sitter";
    case TSQueryErrorNone:
      break;
  }
  return "error";
}

void locate(std::string_view text, uint32_t offset, sdk::QueryCompileError& error) {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  std::string_view before = text.substr(0, offset);
  error.line = 1 + static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
  std::size_t line_start = before.rfind('\n');
  error.column = 1 + static_cast<uint32_t>(line_start == std::string_view::npos ? offset : offset - line_start - 1);
}

sdk::SourceRange range_of(TSNode node) {
  TSPoint start = ts_node_start_point(node);
  TSPoint end = ts_node_end_point(node);
  return {
      {start.row + 1, start.column + 1, end.row + 1, end.column + 1}, ts_node_start_byte(node), ts_node_end_byte(node)};
}

}  // namespace

// One compiled query per grammar of the language; capture indices are those of the first grammar.
class TreeSitterStructuralQuery final : public sdk::StructuralQuery {
 public:
  struct PerGrammar {
    std::unique_ptr<TSQuery, QueryDeleter> query;
    std::vector<std::vector<TextPredicate>> predicates;  // by pattern
    std::vector<uint32_t> capture_index;                 // this grammar's capture id -> index in names
    std::vector<uint32_t> offsets;                       // by pattern: where it starts in the text
  };
  std::uint32_t pattern_count() const override { return patterns; }
  std::uint32_t pattern_offset(std::uint32_t pattern) const override {
    return pattern < grammars.front().offsets.size() ? grammars.front().offsets[pattern] : 0;
  }
  const std::vector<std::string>& capture_names() const override { return names; }

  const TreeSitterLanguage* language = nullptr;
  std::vector<PerGrammar> grammars;
  std::vector<std::string> names;
  std::uint32_t patterns = 0;
};

std::unique_ptr<sdk::StructuralQuery> TreeSitterLanguage::compile_query(std::string_view text,
                                                                        sdk::QueryCompileError& error) const {
  auto result = std::make_unique<TreeSitterStructuralQuery>();
  result->language = this;
  if (text.size() > UINT32_MAX) {
    error = {1, 1, "query too long"};
    return nullptr;
  }
  for (const auto& grammar : grammars_) {
    uint32_t error_offset = 0;
    TSQueryError error_type = TSQueryErrorNone;
    TSQuery* raw = ts_query_new(grammar->grammar.language, text.data(), static_cast<uint32_t>(text.size()),
                                &error_offset, &error_type);
    if (raw == nullptr) {
      locate(text, error_offset, error);
      error.message = query_error_message(error_type, text, error_offset);
      return nullptr;
    }
    TreeSitterStructuralQuery::PerGrammar compiled;
    compiled.query.reset(raw);
    if (ts_query_pattern_count(raw) == 0) {
      error = {1, 1, "the query has no pattern"};
      return nullptr;
    }
    for (uint32_t pattern = 0; pattern < ts_query_pattern_count(raw); ++pattern) {
      compiled.offsets.push_back(ts_query_start_byte_for_pattern(raw, pattern));
      try {
        compiled.predicates.push_back(compile_predicates(raw, pattern, /*strict=*/true));
      } catch (const std::exception& e) {
        locate(text, ts_query_start_byte_for_pattern(raw, pattern), error);
        error.message = e.what();
        return nullptr;
      }
    }
    for (uint32_t id = 0; id < ts_query_capture_count(raw); ++id) {
      uint32_t length = 0;
      const char* chars = ts_query_capture_name_for_id(raw, id, &length);
      std::string name(chars, length);
      auto known = std::find(result->names.begin(), result->names.end(), name);
      if (known == result->names.end()) known = result->names.insert(result->names.end(), name);
      compiled.capture_index.push_back(static_cast<uint32_t>(known - result->names.begin()));
    }
    result->patterns = ts_query_pattern_count(raw);
    result->grammars.push_back(std::move(compiled));
  }
  return result;
}

class TreeSitterQueryRunner final : public sdk::QueryRunner {
 public:
  explicit TreeSitterQueryRunner(const TreeSitterLanguage& language)
      : language_(language), parser_(ts_parser_new()), cursor_(ts_query_cursor_new()) {
    ts_query_cursor_set_match_limit(cursor_.get(), 4096);
  }

  sdk::QueryRun run(const sdk::StructuralQuery& query, std::string_view source, std::string_view path,
                    bool with_comments) override {
    const auto* compiled = dynamic_cast<const TreeSitterStructuralQuery*>(&query);
    if (compiled == nullptr || compiled->language != &language_)
      throw std::invalid_argument("a structural query run by another language than the one that compiled it");
    std::size_t index = language_.grammar_index(path);
    const auto& grammar = *language_.grammars_[index];
    const auto& per_grammar = compiled->grammars[index];
    ParseBudget budget(source.size(), nullptr);
    ActiveBudget active(budget);
    auto tree =
        parse_preferring_fewer_errors(language_, parser_.get(), grammar.grammar.language, source, budget, nullptr);
    TSNode root = ts_tree_root_node(tree.get());

    sdk::QueryRun run;
    run.had_syntax_errors = ts_node_has_error(root);
    TSQueryCursorOptions cursor_options{&budget, [](TSQueryCursorState* state) {
                                          return static_cast<ParseBudget*>(state->payload)->check() !=
                                                 ParseBudget::Verdict::ok;
                                        }};
    ts_query_cursor_exec_with_options(cursor_.get(), per_grammar.query.get(), root, &cursor_options);
    TSQueryMatch match;
    while (ts_query_cursor_next_match(cursor_.get(), &match)) {
      if (!predicates_hold(per_grammar.predicates[match.pattern_index], match, source)) continue;
      sdk::QueryMatch out;
      out.pattern = match.pattern_index;
      for (uint16_t i = 0; i < match.capture_count; ++i)
        out.captures.push_back({per_grammar.capture_index[match.captures[i].index], range_of(match.captures[i].node)});
      run.matches.push_back(std::move(out));
    }
    budget.throw_if_exhausted();
    if (with_comments) collect_comments(root, run.comments);
    return run;
  }

 private:
  // Every comment node, in source order, by a cursor walk (cheap: no walk from the root per step).
  void collect_comments(TSNode root, std::vector<sdk::SourceRange>& comments) const {
    TSTreeCursor cursor = ts_tree_cursor_new(root);
    bool more = true;
    while (more) {
      TSNode node = ts_tree_cursor_current_node(&cursor);
      bool descend = true;
      if (language_.is_comment(node)) {
        comments.push_back(range_of(node));
        descend = false;
      }
      if (descend && ts_tree_cursor_goto_first_child(&cursor)) continue;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          more = false;
          break;
        }
      }
    }
    ts_tree_cursor_delete(&cursor);
  }

  const TreeSitterLanguage& language_;
  std::unique_ptr<TSParser, ParserDeleter> parser_;
  std::unique_ptr<TSQueryCursor, CursorDeleter> cursor_;
};

std::unique_ptr<sdk::QueryRunner> TreeSitterLanguage::make_query_runner() const {
  return std::make_unique<TreeSitterQueryRunner>(*this);
}

}  // namespace ax::lang
