// Fuzz target: one language plugin's parse + extract, built once per language
// (cmake/AxLanguagePlugin.cmake defines AX_FUZZ_LANGUAGE_HEADER and AX_FUZZ_LANGUAGE_CLASS from the
// plugin's entry file). The input is a source file; its first byte picks which of the language's
// extensions names it, so languages with several grammars (TS/TSX) get each. Parsing never throws
// (SourceParser's contract), and the result's indices and spans are usable by the store.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include AX_FUZZ_LANGUAGE_HEADER
#include "fuzz_support.hpp"

namespace {

using ax::fuzz::violated;

const ax::sdk::LanguagePlugin& language() {
  static const AX_FUZZ_LANGUAGE_CLASS instance;
  return instance;
}

// One parser for the process, as the kernel keeps one per thread.
ax::sdk::SourceParser& parser() {
  static const std::unique_ptr<ax::sdk::SourceParser> instance = language().make_parser();
  return *instance;
}

std::string path_for(std::string_view source) {
  const auto& info = language().info();
  const std::vector<std::string>& names = info.extensions.empty() ? info.file_names : info.extensions;
  if (names.empty()) return "fuzz";
  const std::string& name = names[source.empty() ? 0 : static_cast<unsigned char>(source[0]) % names.size()];
  return name.front() == '.' ? "src/fuzz" + name : "src/" + name;
}

void check(const ax::sdk::ParseResult& result, std::string_view source) {
  const auto symbols = static_cast<std::int64_t>(result.symbols.size());
  // Lines are 1-based; a file of n newlines has n + 1 lines.
  const auto lines = static_cast<std::uint32_t>(std::count(source.begin(), source.end(), '\n') + 1);
  for (std::int64_t i = 0; i < symbols; ++i) {
    const ax::sdk::Symbol& symbol = result.symbols[static_cast<std::size_t>(i)];
    if (symbol.parent < -1 || symbol.parent >= symbols || symbol.parent == i)
      violated("symbol " + symbol.name + " has parent index " + std::to_string(symbol.parent));
    const ax::sdk::Span& span = symbol.span;
    if (span.start_line < 1 || span.end_line < span.start_line || span.end_line > lines)
      violated("symbol " + symbol.name + " spans lines " + std::to_string(span.start_line) + "-" +
               std::to_string(span.end_line) + " of " + std::to_string(lines));
  }
  for (const ax::sdk::Reference& reference : result.references) {
    if (reference.enclosing < -1 || reference.enclosing >= symbols)
      violated("reference " + reference.name + " has enclosing index " + std::to_string(reference.enclosing));
    if (reference.line < 1 || reference.line > lines)
      violated("reference " + reference.name + " is on line " + std::to_string(reference.line));
  }
  for (const ax::sdk::Import& import : result.imports)
    if (import.line < 1 || import.line > lines)
      violated("import " + import.specifier + " is on line " + std::to_string(import.line));
}

}  // namespace

// Compiles every grammar's tags query (seconds under the sanitizers) before the first input is
// timed, by naming an empty file with each extension.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  for (const std::string& extension : language().info().extensions) (void)parser().parse("", "src/fuzz" + extension);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source = ax::fuzz::as_text(data, size);
  try {
    check(parser().parse(source, path_for(source)), source);
  } catch (const std::runtime_error& error) {
    // The parser's contract: a file that costs more than its size warrants is refused with this
    // error and reported, never parsed for minutes. Anything else thrown is a finding.
    if (!std::string_view(error.what()).starts_with("parse budget exceeded")) throw;
  }
  (void)language().check_content(path_for(source), source.substr(0, 4096));
  return 0;
}
