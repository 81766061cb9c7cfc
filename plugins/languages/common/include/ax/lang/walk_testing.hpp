// Test helpers of languages that find their tags by walking the tree (TreeSitterLanguage::walk_tags):
// the same language extracting with its tags query alone, and a dump of every field of a result, so
// that a test proves the walk and the query agree.
#pragma once
#include <string>
#include <string_view>

#include <ax/lang/tree_sitter_language.hpp>

namespace ax::lang::testing {

// `Language` with its walk switched off: its tags query finds the definitions, references and imports.
template <typename Language>
class QueryOnly final : public Language {
 public:
  bool walk_tags(std::size_t, TSNode, std::string_view, TagMatches&) const override { return false; }
};

// Every symbol (all fields), reference and import of a result and its import kinds, one per line.
inline std::string dump_all(const sdk::LanguagePlugin& language, std::string_view source, std::string_view path) {
  auto parser = language.make_parser();
  const sdk::ParseResult result = parser->parse(source, path);
  const auto* kinds = dynamic_cast<const sdk::ImportKinds*>(parser.get());
  std::string out = result.had_syntax_errors ? "errors\n" : "";
  for (const auto& s : result.symbols)
    out += "sym " + std::string(sdk::to_string(s.kind)) + " " + s.name + " q=" + s.qualified_name + " " +
           std::to_string(s.span.start_line) + ":" + std::to_string(s.span.start_column) + "-" +
           std::to_string(s.span.end_line) + ":" + std::to_string(s.span.end_column) +
           " parent=" + std::to_string(s.parent) + " sig=" + s.signature + " doc=" + s.doc + "\n";
  for (const auto& r : result.references)
    out += "ref " + std::string(r.kind == sdk::ReferenceKind::call ? "call " : "ref ") + r.name + "@" +
           std::to_string(r.line) + ":" + std::to_string(r.column) + " in " + std::to_string(r.enclosing) + "\n";
  for (std::size_t i = 0; i < result.imports.size(); ++i)
    out += "import " + (kinds != nullptr ? kinds->import_kinds().at(i) : std::string("?")) + " " +
           result.imports[i].specifier + "@" + std::to_string(result.imports[i].line) + "\n";
  return out;
}

}  // namespace ax::lang::testing
