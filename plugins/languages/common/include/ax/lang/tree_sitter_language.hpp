// Shared machinery of the tree-sitter language plugins: a language is a grammar (or several, chosen
// by file extension), a tags query written for ax, and a few overridable rules.
//
// Query capture convention (each plugin's queries/tags.scm):
//   @definition.<kind>   the whole definition node; <kind> is a SymbolKind name (function, class, …)
//   @name                the node holding the defined or referenced name, in the same pattern
//   @doc                 optional: a node whose text is the doc comment (e.g. a Python docstring)
//   @reference.call      a call; @name holds the callee's name
//   @reference.<other>   any other use of a name (type, field, …); @name holds the name
//   @import              the specifier of an import/include; quotes are stripped
//   @import.<kind>       the same, of an import whose kind (sdk::ImportKinds) is <kind>: include, use…
//   @import_member       optional: a name the import takes from its module, appended to the specifier
//                        with the scope separator (Python's `from .x import y` is ".x.y")
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/imports.hpp>
#include <ax/sdk/language.hpp>
#include <ax/sdk/structural_query.hpp>

#include "tree_sitter/api.h"

namespace ax::lang {

struct Grammar {
  const TSLanguage* language;
  std::string_view query;               // tags.scm source for this grammar
  std::vector<std::string> extensions;  // paths ending with one of these use this grammar; empty: default
};

// Steps from a node to its parent or siblings. Tree-sitter finds them by descending from the root,
// which costs the depth of the tree: on a pathological tree (100,000 unclosed brackets) a walk made
// of them is quadratic, so these poll the parse budget (see parse_budget.hpp). Use them, never the
// ts_node_* functions, in a language's own walks.
TSNode parent_node(TSNode node);
TSNode prev_sibling(TSNode node);
TSNode prev_named_sibling(TSNode node);
TSNode next_sibling(TSNode node);
TSNode next_named_sibling(TSNode node);
// The ancestors of `node`, the root first and its parent last (empty for the root): the path
// parent_node would take one step at a time, found in a single walk down from the root.
std::vector<TSNode> ancestors(TSNode node);

// The text of a node.
std::string_view node_text(TSNode node, std::string_view source);
// The first line of `text`, trimmed, without a trailing "{" or ":"; at most 240 bytes.
std::string first_line_signature(std::string_view text);
// Comment text without its markers (//, ///, /* */, /** */, #, --, leading *), lines joined by
// '\n', paragraphs (blank lines) by an empty line.
std::string strip_comment_markers(std::string_view comment);
// A doc comment from the comments above a definition, collected nearest first: each without its
// markers, top to bottom, joined by '\n'; empty ones left out.
std::string doc_from_comments(const std::vector<std::string_view>& nearest_first);
// Removes matching surrounding quotes (", ', `) from a literal.
std::string_view unquote(std::string_view literal);
// Keeps the symbols listed in `order` (old indices), in that order; the others are dropped.
// Parents and enclosing symbols that were dropped become their nearest surviving ancestor.
void rebuild_symbols(sdk::ParseResult& result, const std::vector<std::int32_t>& order);
// rebuild_symbols keeping, in their current order, the symbols for which keep[i] is true.
void keep_symbols(sdk::ParseResult& result, const std::vector<bool>& keep);

// What a grammar's tags query matches in a tree, as a language's own walk finds it (see
// TreeSitterLanguage::walk_tags): each definition and reference carries the number of the query
// pattern that would have matched it, because ties between patterns are settled by that number.
struct TagMatches {
  struct Definition {
    TSNode node;  // @definition.<kind>
    TSNode name;  // @name
    sdk::SymbolKind kind;
    std::uint16_t pattern;
    TSNode doc{};  // @doc, a null node when the match has none
  };
  struct Reference {
    TSNode name;
    sdk::ReferenceKind kind;
    std::uint16_t pattern;
  };
  struct Import {
    TSNode specifier;       // @import
    std::string_view kind;  // as in @import.<kind>; "import" for a bare @import
    TSNode member{};        // @import_member, a null node when the match has none
  };
  std::vector<Definition> definitions;
  std::vector<Reference> references;
  std::vector<Import> imports;  // in source order, as the query reports them
};

// Every tree-sitter language also runs structural queries (ax lint) over its grammars.
// The answers of a language's query node tests for one tree (TreeSitterLanguage::prepare_node_tests).
class QueryNodeTests {
 public:
  virtual ~QueryNodeTests() = default;
  // Whether test number `test` (an index in query_node_tests()) holds for `node`.
  virtual bool holds(std::size_t test, TSNode node) const = 0;
};

class TreeSitterLanguage : public sdk::LanguagePlugin, public sdk::StructuralQueryLanguage {
 public:
  TreeSitterLanguage(sdk::LanguageInfo info, std::vector<Grammar> grammars);
  ~TreeSitterLanguage() override;

  const sdk::LanguageInfo& info() const override { return info_; }
  std::unique_ptr<sdk::SourceParser> make_parser() const override;

  // --- sdk::StructuralQueryLanguage ---
  std::unique_ptr<sdk::StructuralQuery> compile_query(std::string_view text,
                                                      sdk::QueryCompileError& error) const override;
  std::unique_ptr<sdk::QueryRunner> make_query_runner() const override;

  // --- rules a language may override ---
  // Separator of qualified names ("." or "::").
  virtual std::string_view scope_separator() const { return "."; }
  // Kind of a definition, given the kind its pattern captured and the enclosing definition's kind
  // (nullopt at top level). The default turns functions inside types into methods.
  virtual sdk::SymbolKind refine_kind(sdk::SymbolKind captured, const sdk::SymbolKind* parent_kind) const;
  // Doc comment of a definition when its pattern has no @doc: by default the comments directly
  // above it (above its attached wrapper, e.g. `export`, decorators), with markers stripped.
  virtual std::string doc_comment(TSNode definition, std::string_view source) const;
  // The signature of a definition; by default its first line.
  virtual std::string signature(TSNode definition, std::string_view source) const;
  // Whether `node` is a comment that can document the definition after it.
  virtual bool is_comment(TSNode node) const;
  // A text of the same length to parse instead of `source` when `source` parses with syntax errors
  // (C and C++: macro invocations the grammar cannot know, blanked); nullopt when there is none. Its
  // tree is kept when it has fewer errors; names, signatures and predicates still read `source`.
  virtual std::optional<std::string> text_to_reparse(std::string_view source) const;
  // A further text to parse when text_to_reparse's still has errors (its tree is kept when it has
  // fewer again), read with the project the parser was told its files come from in view
  // (sdk::ProjectAwareParser; nullptr when it was not): what the project defines may say how to read
  // the file. Nullopt (the default) when there is none.
  virtual std::optional<std::string> text_to_reparse_in_project(std::string_view source,
                                                                const sdk::ProjectContext* project) const;
  // What text_to_reparse_in_project needs of `project` that is built once for the whole project
  // (shared data: a table learnt from its headers), made ready before that call and outside the
  // file's parse budget: its cost is the project's, not the file's. The default needs nothing.
  virtual void prepare_project(const sdk::ProjectContext& project) const { (void)project; }
  // Fills `matches` with exactly what the tags query of grammar number `grammar` would match in the
  // tree under `root` and returns true; false (the default) runs the query instead. A walk of the
  // tree costs a fraction of the query engine's matching; it polls the parse budget as it goes.
  virtual bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const;
  // Tests on a captured node that the language's tags query may use beside the text predicates, as
  // `(#name? @capture)` or `(#not-name? @capture)`: their names (none by default), and their
  // answers for one tree, prepared once per parse before the query runs (nullptr: none).
  virtual std::span<const std::string_view> query_node_tests() const { return {}; }
  virtual std::unique_ptr<QueryNodeTests> prepare_node_tests(TSNode root, std::string_view source) const;
  // Last chance to adjust the result of a whole file (e.g. split C++ "A::b" names).
  virtual void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const;
  // After post_process: rewrites the imports keeping `kinds` (from the capture names, see above)
  // parallel to them, e.g. Java's `import static a.B.c;` becomes "a.B.c" of kind "static".
  virtual void post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                                    std::string_view source) const;

  struct CompiledGrammar;  // grammar + compiled query + capture roles

 private:
  // Compiles the grammar's query on first use (thread-safe); throws if it does not compile.
  const CompiledGrammar& compiled(CompiledGrammar& grammar) const;
  // The grammar a file of this path is parsed with: by extension, else the first without extensions.
  std::size_t grammar_index(std::string_view path) const;
  sdk::LanguageInfo info_;
  std::vector<std::unique_ptr<CompiledGrammar>> grammars_;
  friend class TreeSitterParser;
  friend class TreeSitterQueryRunner;
};

}  // namespace ax::lang
