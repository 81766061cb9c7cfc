// The SDK version a plugin is compiled against. A kernel accepts plugins with the same major and a
// minor no newer than its own: minors only add, majors may break layout.
// 1.1: sdk::CancellableParser (language.hpp), an optional interface of SourceParser.
// 1.2: import resolution (imports.hpp): ImportResolver on LanguagePlugin, ImportKinds on SourceParser;
//      read_file (file.hpp), trim and is_space (text.hpp); TelemetrySink (telemetry.hpp), an optional
//      interface of Host; parse_factor (units.hpp) for the rank.* factors; structural queries
//      (structural_query.hpp): StructuralQueryLanguage on LanguagePlugin;
//      the stored import graph (graph.hpp): ImportGraphWriter on StoreWriter/IndexWriter, ImportGraphReader
//      and FileReferenceReader on SymbolStore;
//      PreparingSearchIndex and PreparingRepository/PreparedIndexWriter: search documents prepared
//      off the writer thread.
// 1.3: SearchDocumentReader (storage.hpp), an optional interface of SearchIndex: a file's documents
//      as the index holds them (terms, lengths), for ax serve's invalidation; FlagTelemetrySink
//      (flag_telemetry.hpp), an optional interface of Host: flag exposures naming their unit (stored as
//      a keyed hash) and flag changes (kill, rollback, enable) as telemetry events; SymbolBatchReader
//      (graph.hpp), an optional interface of SymbolStore: symbols by id in one read;
//      KindAwareImportResolver and DefinitionBasedImportResolver (imports.hpp), optional interfaces of
//      an ImportResolver: resolution told the import's kind, and re-resolution when definitions move.
//      Header-only helpers: fnv1a64 and hex64 (hash.hpp), normalise_relative_path and the XDG
//      directories (paths.hpp), print_table (text.hpp).
// 1.4: DeferredSync (storage.hpp), an optional interface of SymbolStore, SearchIndex and Repository:
//      commits not flushed to disk until sync(), for the live updaters (ax watch, ax serve).
// 1.5: GraphResultStore (graph.hpp), an optional interface of SymbolStore: results computed from the
//      whole import graph kept under the edges' version (ax flow cycles and graph read them);
//      CallerThreadWrites (caller_thread_writes.hpp), an optional interface of SearchIndex and
//      Repository: writes run on the calling thread, no helper threads (ax index --threads 1);
//      ImportTargetBatchReader (graph.hpp), an optional interface of SymbolStore: the exact import
//      targets of many files in one read, for labelling references in bulk (ax refs, call graphs);
//      ReferenceGroupReader (graph.hpp), an optional interface of SymbolStore: a name's references
//      grouped by file (FileReferenceGroup, ReferenceSiteInFile), each path once.
// 1.6: ProjectContext and ProjectAwareParser (language.hpp), an optional interface of SourceParser:
//      a parser told the project its files come from (root, files, data derived once per run).
#pragma once
#include <cstdint>

#define AX_SDK_VERSION_MAJOR 1
#define AX_SDK_VERSION_MINOR 6

namespace ax::sdk {
inline constexpr std::uint32_t kSdkMajor = AX_SDK_VERSION_MAJOR;
inline constexpr std::uint32_t kSdkMinor = AX_SDK_VERSION_MINOR;
}  // namespace ax::sdk
