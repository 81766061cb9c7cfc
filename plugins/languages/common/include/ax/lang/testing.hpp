// Helpers for language plugin tests: parse a fixture, look symbols up.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include <ax/sdk/file.hpp>
#include <ax/sdk/imports.hpp>
#include <ax/sdk/language.hpp>

namespace ax::lang::testing {

inline std::string read_fixture(const std::string& name) {
  sdk::FileContents contents = sdk::read_file(std::string(AX_FIXTURES_DIR) + "/" + name);
  if (!contents.ok()) throw std::runtime_error("missing fixture " + name);
  return std::move(contents.bytes);
}

inline sdk::ParseResult parse(const sdk::LanguagePlugin& language, std::string_view source, std::string_view path) {
  return language.make_parser()->parse(source, path);
}

// The symbol with this qualified name; throws when absent so that a test fails with its name.
inline const sdk::Symbol& symbol(const sdk::ParseResult& result, std::string_view qualified_name) {
  for (const auto& s : result.symbols)
    if (s.qualified_name == qualified_name) return s;
  throw std::runtime_error("no symbol " + std::string(qualified_name));
}

// The symbol with this qualified name and kind (a class and its companion object share a name).
inline const sdk::Symbol& symbol_of_kind(const sdk::ParseResult& result, std::string_view qualified_name,
                                         sdk::SymbolKind kind) {
  for (const auto& s : result.symbols)
    if (s.qualified_name == qualified_name && s.kind == kind) return s;
  throw std::runtime_error("no " + std::string(sdk::to_string(kind)) + " " + std::string(qualified_name));
}

inline std::size_t count_symbols(const sdk::ParseResult& result, std::string_view qualified_name) {
  std::size_t n = 0;
  for (const auto& s : result.symbols) n += s.qualified_name == qualified_name;
  return n;
}

// Each import of a parse as "kind specifier@line" (kind from sdk::ImportKinds, "import" without it).
inline std::vector<std::string> imports_with_kinds(const sdk::LanguagePlugin& language, std::string_view source,
                                                   std::string_view path) {
  auto parser = language.make_parser();
  const sdk::ParseResult result = parser->parse(source, path);
  const auto* kinds = dynamic_cast<const sdk::ImportKinds*>(parser.get());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < result.imports.size(); ++i) {
    const std::string kind = kinds != nullptr && i < kinds->import_kinds().size() ? kinds->import_kinds()[i] : "import";
    out.push_back(kind + " " + result.imports[i].specifier + "@" + std::to_string(result.imports[i].line));
  }
  return out;
}

// How `resolver` places `specifier` imported by `from`: "exact path", "heuristic path", "external"
// or "unresolved".
inline std::string resolve_import(const sdk::ImportResolver& resolver, const sdk::RepositoryView& repo,
                                  std::string_view from, std::string_view specifier) {
  const auto context = resolver.prepare(repo);
  const sdk::ResolvedImport resolved = resolver.resolve(*context, from, sdk::Import{std::string(specifier), 1});
  std::string out(sdk::to_string(resolved.resolution));
  if (!resolved.to.empty()) out += " " + resolved.to;
  return out;
}

inline bool has_import(const sdk::ParseResult& result, std::string_view specifier) {
  for (const auto& i : result.imports)
    if (i.specifier == specifier) return true;
  return false;
}

inline bool has_reference(const sdk::ParseResult& result, std::string_view name, sdk::ReferenceKind kind) {
  for (const auto& r : result.references)
    if (r.name == name && r.kind == kind) return true;
  return false;
}

inline std::size_t count_kind(const sdk::ParseResult& result, sdk::SymbolKind kind) {
  std::size_t n = 0;
  for (const auto& s : result.symbols) n += s.kind == kind;
  return n;
}

// "specifier@line" of every import, in order.
inline std::vector<std::string> import_list(const sdk::ParseResult& result) {
  std::vector<std::string> out;
  for (const auto& i : result.imports) out.push_back(i.specifier + "@" + std::to_string(i.line));
  return out;
}

// "name@line:column" of every reference of this kind, in order.
inline std::vector<std::string> references_of(const sdk::ParseResult& result, sdk::ReferenceKind kind) {
  std::vector<std::string> out;
  for (const auto& r : result.references)
    if (r.kind == kind) out.push_back(r.name + "@" + std::to_string(r.line) + ":" + std::to_string(r.column));
  return out;
}

// The reference to `name` on `line`; throws when absent so that a test fails with its name.
inline const sdk::Reference& reference_at(const sdk::ParseResult& result, std::string_view name, std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return r;
  throw std::runtime_error("no reference " + std::string(name) + " on line " + std::to_string(line));
}

// "kind name@line" per symbol, in order: compact whole-file expectations.
inline std::vector<std::string> outline(const sdk::ParseResult& result) {
  std::vector<std::string> lines;
  for (const auto& s : result.symbols)
    lines.push_back(std::string(sdk::to_string(s.kind)) + " " + s.qualified_name + "@" +
                    std::to_string(s.span.start_line));
  return lines;
}

}  // namespace ax::lang::testing
