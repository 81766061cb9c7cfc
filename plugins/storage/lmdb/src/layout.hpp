// Names shared by the migration runner, the migration files and the store: the sub-databases and
// the keys of `meta`. The databases themselves are created by migrations/NNN_*.yaml.
#pragma once
#include <cstdint>
#include <string_view>

namespace ax::lmdb_store::layout {

// Owned by the migration runner: it exists before any migration runs.
inline constexpr std::string_view kMetaDatabase = "meta";
inline constexpr std::string_view kSchemaVersionKey = "schema_version";
inline constexpr std::string_view kMigrationKeyPrefix = "migration/";  // + zero-padded version

// Created by 001_initial.yaml.
inline constexpr std::string_view kFiles = "files";                     // bounded path → file record
inline constexpr std::string_view kFileIds = "file_ids";                // file id → path
inline constexpr std::string_view kSymbols = "symbols";                 // symbol id → symbol record
inline constexpr std::string_view kNames = "names";                     // folded name → symbol ids (dupsort)
inline constexpr std::string_view kFileSymbols = "file_symbols";        // file id → symbol id list
inline constexpr std::string_view kImports = "imports";                 // file id → import list
inline constexpr std::string_view kReferences = "references";           // name NUL file id → reference sites
inline constexpr std::string_view kFileReferences = "file_references";  // file id → referenced names

inline constexpr std::string_view kGenerationKey = "generation";
inline constexpr std::string_view kLastIndexedKey = "last_indexed_unix";
inline constexpr std::string_view kNextFileIdKey = "next_file_id";
inline constexpr std::string_view kNextSymbolIdKey = "next_symbol_id";
inline constexpr std::string_view kLanguageKeyPrefix = "lang/";  // + language name → counters

// Created by 002_migration_history.yaml: 8-byte big-endian sequence → HistoryRecord. The runner
// appends to it whenever it exists.
inline constexpr std::string_view kMigrationHistory = "migration_history";

// Created by 003_import_graph.yaml. A store without them (older schema) has no import graph.
inline constexpr std::string_view kImportEdges = "import_edges";          // file id → edge list
inline constexpr std::string_view kImportImporters = "import_importers";  // bounded target → file ids (dupsort)
inline constexpr std::string_view kImportGraphCompleteKey = "import_graph_complete";

// Created by 004_graph_results.yaml (deferrable). A store without them keeps no graph results.
inline constexpr std::string_view kGraphResults = "graph_results";  // result name → version, encoded result
// The sum of a hash of every edge record (file id and bytes), wrapping: it moves with every change
// of an edge and returns to its value when the edges do. Relative to the edges stored when the
// migration ran, which is all equality needs.
inline constexpr std::string_view kImportGraphVersionKey = "import_graph_version";

// The oldest schema this code can read and write.
inline constexpr std::uint32_t kRequiredSchemaVersion = 1;

}  // namespace ax::lmdb_store::layout
