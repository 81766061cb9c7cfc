// Import resolution (SDK 1.2): turning an import's specifier, as written, into the repository file or
// package folder it names, by each ecosystem's own rules. Language plugins resolve; the kernel walks
// the repository, calls them and stores the edges (both directions) for `ax flow` and `ax refs`.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ax/sdk/model.hpp"

namespace ax::sdk {

enum class ImportResolution : std::uint8_t {
  exact,       // the ecosystem's rules name exactly this target
  heuristic,   // a best guess: the rules need facts the repository does not give (C includes
               // without compile_commands.json, a name defined in several files)
  external,    // outside the repository: standard library, a third-party package
  unresolved,  // meant to be in the repository, but nothing there matches (missing or generated)
};

inline constexpr std::array<std::pair<ImportResolution, std::string_view>, 4> kImportResolutionNames{{
    {ImportResolution::exact, "exact"},
    {ImportResolution::heuristic, "heuristic"},
    {ImportResolution::external, "external"},
    {ImportResolution::unresolved, "unresolved"},
}};

inline constexpr std::string_view to_string(ImportResolution resolution) {
  for (const auto& [r, name] : kImportResolutionNames)
    if (r == resolution) return name;
  return "unresolved";
}

inline constexpr std::optional<ImportResolution> parse_import_resolution(std::string_view name) {
  for (const auto& [r, n] : kImportResolutionNames)
    if (n == name) return r;
  return std::nullopt;
}

// What a resolver says about one import.
struct ResolvedImport {
  // Repository-relative, '/'-separated, normalised (no "." or ".." parts) target: a file, or a folder
  // for languages whose imports name packages (a Go package, a Java wildcard import); the root folder
  // is ".". Empty unless the resolution is exact or heuristic.
  std::string to;
  ImportResolution resolution = ImportResolution::unresolved;
};

// An edge as the store keeps it and the graph API returns it.
struct ImportEdge {
  std::string from;       // the importing file
  std::string to;         // see ResolvedImport::to; empty when external or unresolved
  std::string specifier;  // as written
  std::string kind;       // the language's word, lower-case: "import", "require", "dynamic",
                          // "include", "use", "mod", "export"...; "import" when the parser says nothing
  std::uint32_t line = 0;
  ImportResolution resolution = ImportResolution::unresolved;
};

// The repository as a resolver sees it. Every path is repository-relative, '/'-separated and
// normalised; nothing outside the repository is ever reachable through it (symlinks included).
class RepositoryView {
 public:
  virtual ~RepositoryView() = default;
  // A regular file of the repository (indexed or not, ignored files excluded).
  virtual bool is_file(std::string_view path) const = 0;
  virtual bool is_directory(std::string_view path) const = 0;
  // Names of the entries directly inside a folder ("" is the root), sorted; folders end with '/'.
  virtual std::vector<std::string> list_directory(std::string_view path) const = 0;
  // The text of a small project file (go.mod, tsconfig.json, package.json, Cargo.toml,
  // pubspec.yaml, compile_commands.json...): nullopt when absent, unreadable or over 4 MiB.
  virtual std::optional<std::string> read_file(std::string_view path) const = 0;
  // Indexed files of `language` defining a symbol whose qualified name is `qualified_name`
  // (Elixir modules, Scala objects: languages where a name, not a path, is imported).
  virtual std::vector<std::string> files_defining(std::string_view language, std::string_view qualified_name) const = 0;
};

// What a resolver derives once per index run from the repository (a Go module path, tsconfig
// paths, source roots). Resolvers subclass it.
class ResolutionContext {
 public:
  virtual ~ResolutionContext() = default;
};

// Optional capability of a LanguagePlugin (SDK 1.2), found by dynamic_cast.
class ImportResolver {
 public:
  virtual ~ImportResolver() = default;
  // Once per index run, before any resolve(); may read project files. `repo` outlives the context.
  virtual std::unique_ptr<ResolutionContext> prepare(const RepositoryView& repo) const = 0;
  // One import of the file `from`. Called from several threads at once with the same context, so
  // it must not modify it. Never throws on odd input: what it cannot place is unresolved.
  virtual ResolvedImport resolve(const ResolutionContext& context, std::string_view from,
                                 const Import& import) const = 0;
  // Base names of the project files whose change invalidates prepare() ("go.mod", "tsconfig.json",
  // "package.json"...): when one changes, every file of the language is resolved again.
  virtual std::vector<std::string> project_files() const = 0;
};

// Optional capability of a SourceParser (SDK 1.2), found by dynamic_cast: the kind of each import of
// the last parse() ("import", "require", "dynamic", "include", "use", "mod"...), parallel to
// ParseResult::imports. Valid until the next parse(). A parser without it yields kind "import".
class ImportKinds {
 public:
  virtual ~ImportKinds() = default;
  virtual const std::vector<std::string>& import_kinds() const = 0;
};

// Optional capability of a LanguagePlugin that is an ImportResolver (SDK 1.3), found by dynamic_cast:
// resolve() told the import's kind (ImportKinds' word: "require", "import", "type"...), for rules
// that depend on it (package.json `exports` conditions: `require` for require(), `import` for an
// import, `types` for a type-only import). The kernel calls it instead of resolve() when offered.
class KindAwareImportResolver {
 public:
  virtual ~KindAwareImportResolver() = default;
  virtual ResolvedImport resolve_kind(const ResolutionContext& context, std::string_view from, const Import& import,
                                      std::string_view kind) const = 0;
};

// Optional capability of a LanguagePlugin that is an ImportResolver (SDK 1.3), found by dynamic_cast:
// its answers depend on which files define which names (RepositoryView::files_defining: Elixir
// modules, Scala packages), not on paths alone. When an indexed file of the language starts or stops
// defining a name, the kernel resolves again the imports that may name it.
class DefinitionBasedImportResolver {
 public:
  virtual ~DefinitionBasedImportResolver() = default;
  // The languages (LanguageInfo ids) whose definitions its answers read; usually its own.
  virtual std::vector<std::string> definition_languages() const = 0;
};

}  // namespace ax::sdk
