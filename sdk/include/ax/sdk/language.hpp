// Language plugins: how a language is recognised, and how its source becomes symbols.
#pragma once
#include <atomic>
#include <functional>
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

// 1.6: what a parser may know of the project its files come from, built by the kernel once per
// index run and shared, read-only, by every parser of every language on every thread. A language
// whose files are only understood with the rest of the project in view (C and C++: macros defined
// in the project's own headers) derives its data from it once, through shared_data.
class ProjectContext {
 public:
  virtual ~ProjectContext() = default;
  // The repository root, absolute.
  virtual const std::string& root() const = 0;
  // The project's files, repository-relative and '/'-separated, sorted, any language: those the
  // run walked, or those the index holds when the run did not walk the tree. Computed on first call.
  virtual const std::vector<std::string>& files() const = 0;
  // The data stored under `key`, built by `build` on the first request for it (while other callers
  // of the same key wait) and then shared by every caller until the context is destroyed; a key
  // names its plugin ("c_family.project_macros"). If `build` throws, the exception propagates and
  // the next request tries again. The kernel destroys the context before it unloads any plugin.
  virtual std::shared_ptr<const void> shared_data(std::string_view key,
                                                  const std::function<std::shared_ptr<const void>()>& build) const = 0;
};

// 1.6: optional capability of a SourceParser, found by dynamic_cast: a parser told the project its
// files come from, before its first parse(). Without it (an older kernel, a lone file), a parser
// parses each file on its own, as before.
class ProjectAwareParser {
 public:
  virtual ~ProjectAwareParser() = default;
  // nullptr: no project.
  virtual void set_project(std::shared_ptr<const ProjectContext> project) = 0;
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
