// Structural queries (SDK 1.2): tree-sitter queries compiled and run by the language plugin that owns
// the grammar, so that a command (ax lint) can match code structure without linking any grammar.
// An optional capability of a LanguagePlugin, found with dynamic_cast<StructuralQueryLanguage*>.
//
// Query text is tree-sitter's S-expression syntax. Text predicates: #eq? #not-eq? #match? #not-match?
// (ECMAScript regular expressions, searched anywhere in the text) #any-of? #not-any-of?, and
// #has-ancestor? / #not-has-ancestor? @capture node_type [regex]: an ancestor of that type (whose text
// the regex, when given, finds a match in). Directives (#set! ...) are ignored; an unknown predicate
// is a compile error.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ax/sdk/model.hpp"

namespace ax::sdk {

// Where a query does not compile, in the query's own text.
struct QueryCompileError {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in bytes
  std::string message;       // "invalid node type 'foo'"
};

// A query compiled for every grammar of its language. Immutable, so threads may share it.
class StructuralQuery {
 public:
  virtual ~StructuralQuery() = default;
  virtual std::uint32_t pattern_count() const = 0;
  // Where a pattern starts in the query text (a byte offset): tells which part of a query made of
  // several (one per lint rule) a match belongs to.
  virtual std::uint32_t pattern_offset(std::uint32_t pattern) const = 0;
  // Capture names by capture index, without the '@'.
  virtual const std::vector<std::string>& capture_names() const = 0;
};

// A node of the file: 1-based lines and byte columns, and its byte offsets in the source.
struct SourceRange {
  Span span;
  std::uint32_t start_byte = 0;
  std::uint32_t end_byte = 0;
};

struct QueryCapture {
  std::uint32_t index = 0;  // into capture_names()
  SourceRange range;
};

struct QueryMatch {
  std::uint32_t pattern = 0;  // 0-based, in the order the patterns appear in the query text
  std::vector<QueryCapture> captures;
};

struct QueryRun {
  std::vector<QueryMatch> matches;    // those whose predicates hold, in source order
  std::vector<SourceRange> comments;  // every comment of the file, when asked for
  bool had_syntax_errors = false;
};

// Parses and queries one file at a time; one per thread (it keeps a parser and a query cursor).
class QueryRunner {
 public:
  virtual ~QueryRunner() = default;
  // `path` chooses the grammar where a language has several (TS/TSX). Must not throw on malformed
  // source (tree-sitter recovers); throws std::runtime_error for a file it cannot parse at all.
  virtual QueryRun run(const StructuralQuery& query, std::string_view source, std::string_view path,
                       bool with_comments) = 0;
};

class StructuralQueryLanguage {
 public:
  virtual ~StructuralQueryLanguage() = default;
  // nullptr with `error` filled when `text` does not compile for one of the language's grammars.
  virtual std::unique_ptr<StructuralQuery> compile_query(std::string_view text, QueryCompileError& error) const = 0;
  virtual std::unique_ptr<QueryRunner> make_query_runner() const = 0;
};

}  // namespace ax::sdk
