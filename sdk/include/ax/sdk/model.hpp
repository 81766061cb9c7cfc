// The data model shared by language plugins (which produce it) and storage plugins (which keep it).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::sdk {

// One vocabulary of symbol kinds for every language. Languages map their constructs onto it; the
// names (to_string) are what users type in `kind:` filters and what the store keeps.
enum class SymbolKind : std::uint8_t {
  function,     // free function, lambda bound to a name
  method,       // function inside a class/struct/impl/trait
  constructor,  // constructor (named constructors too)
  getter,       // property accessor (get)
  setter,       // property accessor (set)
  class_,       // class, case class
  interface,    // interface, protocol
  trait,        // Rust/Scala trait
  struct_,      // struct, record
  enum_,        // enum
  enum_member,  // enum case/variant
  union_,       // union
  type,         // type alias, typedef, associated type
  constant,     // const, final binding, static readonly
  variable,     // variable, val/var, let
  field,        // member variable, struct field
  property,     // property with accessors
  module,       // module, file-level module, Elixir defmodule, Scala object
  namespace_,   // namespace, package
  macro,        // preprocessor or language macro
  impl,         // Rust impl block, Elixir defimpl
  mixin,        // Dart mixin
  extension,    // Dart/Swift extension
  key,          // configuration key (YAML/JSON/TOML)
  table,        // TOML [table]
  array_table,  // TOML [[array-table]]
  // Well-known configuration files name their entries by what they are:
  resource,    // a Kubernetes object (kind/metadata.name)
  job,         // a CI job (GitHub Actions jobs.<id>)
  step,        // a CI step
  service,     // a docker-compose service
  script,      // a package.json script
  dependency,  // a declared dependency (package.json, Cargo.toml, pyproject.toml)
};

inline constexpr std::array<std::pair<SymbolKind, std::string_view>, 32> kSymbolKindNames{{
    {SymbolKind::function, "function"},
    {SymbolKind::method, "method"},
    {SymbolKind::constructor, "constructor"},
    {SymbolKind::getter, "getter"},
    {SymbolKind::setter, "setter"},
    {SymbolKind::class_, "class"},
    {SymbolKind::interface, "interface"},
    {SymbolKind::trait, "trait"},
    {SymbolKind::struct_, "struct"},
    {SymbolKind::enum_, "enum"},
    {SymbolKind::enum_member, "enum_member"},
    {SymbolKind::union_, "union"},
    {SymbolKind::type, "type"},
    {SymbolKind::constant, "constant"},
    {SymbolKind::variable, "variable"},
    {SymbolKind::field, "field"},
    {SymbolKind::property, "property"},
    {SymbolKind::module, "module"},
    {SymbolKind::namespace_, "namespace"},
    {SymbolKind::macro, "macro"},
    {SymbolKind::impl, "impl"},
    {SymbolKind::mixin, "mixin"},
    {SymbolKind::extension, "extension"},
    {SymbolKind::key, "key"},
    {SymbolKind::table, "table"},
    {SymbolKind::array_table, "array_table"},
    {SymbolKind::resource, "resource"},
    {SymbolKind::job, "job"},
    {SymbolKind::step, "step"},
    {SymbolKind::service, "service"},
    {SymbolKind::script, "script"},
    {SymbolKind::dependency, "dependency"},
}};

inline constexpr std::string_view to_string(SymbolKind kind) {
  for (const auto& [k, name] : kSymbolKindNames)
    if (k == kind) return name;
  return "unknown";
}

inline constexpr std::optional<SymbolKind> parse_symbol_kind(std::string_view name) {
  for (const auto& [k, n] : kSymbolKindNames)
    if (n == name) return k;
  return std::nullopt;
}

// Lines and columns are 1-based; columns count bytes.
struct Span {
  std::uint32_t start_line = 0;
  std::uint32_t start_column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
};

struct Symbol {
  std::string name;
  SymbolKind kind = SymbolKind::variable;
  std::string qualified_name;  // container path joined with the language's separator: "Outer.inner"
  Span span;                   // the whole definition
  std::string signature;       // the declaration's first line, trimmed
  std::string doc;             // doc comment text, comment markers stripped
  std::int32_t parent = -1;    // index into ParseResult::symbols, -1 at top level
};

struct Import {
  std::string specifier;  // as written: "os.path", "./util", "<vector>", "github.com/x/y"
  std::uint32_t line = 0;
};

enum class ReferenceKind : std::uint8_t { call, reference };

struct Reference {
  std::string name;
  ReferenceKind kind = ReferenceKind::reference;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::int32_t enclosing = -1;  // index into ParseResult::symbols of the innermost definition
};

struct ParseResult {
  std::vector<Symbol> symbols;
  std::vector<Import> imports;
  std::vector<Reference> references;
  bool had_syntax_errors = false;  // partial results are still returned
};

// A file as the store records it. Paths are relative to the repository root, '/'-separated.
struct FileRecord {
  std::string path;
  std::string language;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t content_hash = 0;
};

}  // namespace ax::sdk
