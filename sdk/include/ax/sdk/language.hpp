// Language plugins: how a language is recognised, and how its source becomes symbols.
#pragma once
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ax/sdk/model.hpp"
#include "ax/sdk/plugin.hpp"

namespace ax::sdk {

struct LanguageInfo {
  std::string id;                         // stable, lower-case: "python"; used by `lang:` filters
  std::string display_name;               // "Python"
  std::vector<std::string> extensions;    // with the dot, lower-case: ".py", ".pyi"
  std::vector<std::string> file_names;    // exact base names: "SConstruct", "BUILD"
  std::vector<std::string> interpreters;  // shebang interpreters: "python3" matches "#!/usr/bin/env python3"
};

// How sure a content check is that a file is in this language.
enum class Confidence : int { no = 0, maybe = 1, likely = 2, certain = 3 };

// Parses one file at a time. The kernel creates one per thread and language and never shares it
// between threads, so implementations may keep mutable state (a tree-sitter parser, buffers).
class SourceParser {
 public:
  virtual ~SourceParser() = default;
  // `path` is repository-relative; languages with several grammars (TS/TSX) choose by it.
  // Must not throw on malformed input: syntax errors give partial results and had_syntax_errors.
  virtual ParseResult parse(std::string_view source, std::string_view path) = 0;
};

// Optional capability of a SourceParser (SDK 1.1), found by dynamic_cast: a parse that can be
// interrupted. Once `*flag` becomes true, a parse in progress stops within a fraction of a second
// by throwing std::runtime_error("parse cancelled"); nothing of that file is to be stored. It also
// throws std::runtime_error("parse budget exceeded ...") when a file needs more time or memory than its
// size warrants (unclosed brackets make tree-sitter's recovery quadratic): the file is reported,
// not silently indexed as empty.
class CancellableParser {
 public:
  virtual ~CancellableParser() = default;
  // nullptr: never cancelled. The flag must outlive every later parse() call.
  virtual void set_cancel_flag(const std::atomic<bool>* flag) = 0;
  // Why the last parse() returned fewer symbols than the file holds although it did not throw
  // (e.g. "nesting deeper than 256 levels"), or empty. Valid until the next parse().
  virtual std::string_view partial_reason() const = 0;
};

class LanguagePlugin : public Plugin {
 public:
  virtual const LanguageInfo& info() const = 0;
  // Content check, asked only when the name alone is ambiguous between languages (".h": C or C++)
  // or says nothing (no extension). `head` is the first few KiB of the file.
  virtual Confidence check_content(std::string_view path, std::string_view head) const {
    (void)path;
    (void)head;
    return Confidence::maybe;
  }
  virtual std::unique_ptr<SourceParser> make_parser() const = 0;
};

}  // namespace ax::sdk
