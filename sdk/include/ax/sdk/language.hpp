// Language plugins: how a language is recognised, and how its source becomes symbols.
#pragma once
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
