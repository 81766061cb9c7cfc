// The stored import graph (SDK 1.2): resolved import edges kept by the symbol store in both
// directions. Optional capabilities, found by dynamic_cast; a store or writer without them simply has
// no import graph (`ax flow` then says so).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ax/sdk/imports.hpp"
#include "ax/sdk/storage.hpp"

namespace ax::sdk {

// On a StoreWriter (and on the kernel's IndexWriter, which forwards to its store's writer).
class ImportGraphWriter {
 public:
  virtual ~ImportGraphWriter() = default;
  // Replaces every edge from `from` (an indexed file) with `edges` (their `from` is ignored). An
  // unknown path is ignored. remove_file() removes a file's edges both ways (its own, and its entries
  // in the importers index).
  virtual void put_edges(std::string_view from, const std::vector<ImportEdge>& edges) = 0;
  // Records, with this transaction, that every indexed file's edges are up to date. Any put_file()
  // or remove_file() of a transaction that does not call it clears that mark at commit.
  virtual void mark_graph_complete() = 0;
};

// On a SymbolStore.
class ImportGraphReader {
 public:
  virtual ~ImportGraphReader() = default;
  // False for a store whose last index run did not finish resolving (interrupted, or never run).
  virtual bool graph_complete() = 0;
  // The edges of one file, in source order.
  virtual std::vector<ImportEdge> imports_of(std::string_view from) = 0;
  // The edges (exact or heuristic) whose target is `to`: a file, or a folder for package imports.
  virtual std::vector<ImportEdge> importers_of(std::string_view to) = 0;
  // Every edge of every file, file by file, from one consistent snapshot.
  virtual void for_each_edge(const std::function<void(const ImportEdge&)>& visit) = 0;
};

// On a SymbolStore: the references made inside one file (for call graphs: what a function calls),
// in position order. Names longer than the store's key limit may come back shortened.
class FileReferenceReader {
 public:
  virtual ~FileReferenceReader() = default;
  virtual std::vector<StoredReference> file_references(std::string_view path) = 0;
};

// On a SymbolStore (SDK 1.3): many symbols by id in one read, for queries that name the definition
// enclosing each of thousands of references (ax refs, call graphs).
class SymbolBatchReader {
 public:
  virtual ~SymbolBatchReader() = default;
  // Parallel to `ids`: each id's symbol, or nullopt when the store has none of that id (0 included).
  virtual std::vector<std::optional<StoredSymbol>> symbols(std::span<const std::uint64_t> ids) = 0;
};

// On a SymbolStore (SDK 1.5): results computed from the whole import graph (its cycles, the first
// page of `ax flow graph`), kept under the version of the edges they were computed from, so that
// a query need not read every edge. The results' encoding is the caller's.
class GraphResultStore {
 public:
  virtual ~GraphResultStore() = default;
  // False when the store has no room for them (a schema before the migration that adds it).
  virtual bool keeps_graph_results() = 0;
  // The version of the stored edges: it changes whenever an edge does, and is the same whenever the
  // edges are the same (a file re-indexed with the same imports leaves it as it was).
  virtual std::uint64_t graph_version() = 0;
  // The result stored under `name` when it was computed from the edges as they are now; nullopt
  // when there is none or the edges changed since.
  virtual std::optional<std::string> graph_result(std::string_view name) = 0;
  // Stores `results` (name, bytes) as computed from the edges at `version`, in one transaction,
  // unless the edges are no longer at `version` (then nothing is written and it returns false).
  virtual bool put_graph_results(std::uint64_t version,
                                 const std::vector<std::pair<std::string, std::string>>& results) = 0;
};

// On a SymbolStore (SDK 1.5): the exact import targets of many files in one read, for labelling the
// references of a name found in thousands of files (ax refs --all, call graphs).
class ImportTargetBatchReader {
 public:
  virtual ~ImportTargetBatchReader() = default;
  // Parallel to `paths`: the targets (a file, or a folder for package imports) of each file's edges
  // resolved `exact`, sorted and without duplicates; empty for a file the store does not hold.
  virtual std::vector<std::vector<std::string>> exact_import_targets(std::span<const std::string> paths) = 0;
};

// SDK 1.5: one reference as ReferenceGroupReader returns it, its file and name given once per group.
struct ReferenceSiteInFile {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  ReferenceKind kind = ReferenceKind::reference;
  std::uint64_t enclosing_id = 0;  // the definition it appears in; 0 at file level
};

struct FileReferenceGroup {
  std::string path;
  std::vector<ReferenceSiteInFile> sites;  // in position order
};

// On a SymbolStore (SDK 1.5): the references of a name grouped by referencing file, in no particular
// order of files. What find_references() returns, without a path and a name per reference: a name
// referenced 250,000 times is counted and its first references picked without copying them all.
class ReferenceGroupReader {
 public:
  virtual ~ReferenceGroupReader() = default;
  virtual std::vector<FileReferenceGroup> references_by_file(std::string_view name) = 0;
};

}  // namespace ax::sdk
