// The values kept in the store's sub-databases and the keys that index them. Every multi-field
// record starts with a format version byte so that a later schema can read or migrate old records.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/imports.hpp>
#include <ax/sdk/model.hpp>

namespace ax::lmdb_store {

inline constexpr std::uint8_t kRecordFormat = 1;

// LMDB keys (and DUPSORT values) are limited to 511 bytes. Keys longer than kMaxDirectKeyBytes are
// stored as their first kShortenedKeyPrefixBytes bytes, a NUL (which never occurs in paths or
// identifiers) and a 64-bit hash of the whole key. Prefix scans still work on the kept head, and
// readers compare the full text kept in the record.
inline constexpr std::size_t kMaxDirectKeyBytes = 400;
inline constexpr std::size_t kShortenedKeyPrefixBytes = 383;
std::string bounded_key(std::string_view text);

// Name lookups are case-insensitive over ASCII letters; other bytes (UTF-8 included) compare as is.
std::string fold_case(std::string_view text);

// files: bounded path → FileValue.
struct FileValue {
  std::uint64_t file_id = 0;
  std::string language;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t content_hash = 0;
  std::uint64_t symbol_count = 0;
  std::uint64_t import_count = 0;
  std::uint64_t reference_count = 0;
  std::string full_path;  // set only when the key had to be shortened
};
std::string encode_file(const FileValue& file);
FileValue decode_file(std::string_view bytes);

// symbols: id → the symbol, its file and its parent's id. The kind is kept by name (to_string).
struct SymbolValue {
  std::uint64_t file_id = 0;
  std::uint64_t parent_id = 0;
  sdk::Symbol symbol;  // parent is left at -1
};
std::string encode_symbol(std::uint64_t file_id, std::uint64_t parent_id, const sdk::Symbol& symbol);
SymbolValue decode_symbol(std::string_view bytes);

// imports: file id → the file's imports, in source order.
std::string encode_imports(const std::vector<sdk::Import>& imports);
std::vector<sdk::Import> decode_imports(std::string_view bytes);

// import_edges (003_import_graph): file id → the file's resolved edges, in source order. `from` is not
// stored: decode_edges() sets it.
std::string encode_edges(const std::vector<sdk::ImportEdge>& edges);
std::vector<sdk::ImportEdge> decode_edges(std::string_view bytes, std::string_view from);
// Only the edges to `to`, the others skipped without being built: an importers read decodes every
// edge of each importing file and keeps a few.
// Appends the target of each edge resolved exactly (and naming a target) to `targets`.
void append_exact_targets(std::string_view bytes, std::vector<std::string>& targets);
std::vector<sdk::ImportEdge> decode_edges_to(std::string_view bytes, std::string_view from, std::string_view to);
// Each edge of a file to `visit`, in one ImportEdge reused from edge to edge (its strings keep their
// buffers): loading a whole graph builds no vector of every edge.
void visit_edges(std::string_view bytes, std::string_view from,
                 const std::function<void(const sdk::ImportEdge&)>& visit);

// file_symbols: file id → the file's symbol ids, ascending.
std::string encode_id_list(std::span<const std::uint64_t> ids);
std::vector<std::uint64_t> decode_id_list(std::string_view bytes);

// file_references: file id → the distinct bounded names the file references.
std::string encode_key_list(const std::vector<std::string>& keys);
std::vector<std::string> decode_key_list(std::string_view bytes);

// references: one key per (name, file), the bounded name, a NUL and the file id (big-endian), so
// that one file's references to one name are a single value: written with one put, deleted with one
// delete, and all files referencing a name are one range scan. The value lists the sites.
struct ReferenceSite {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  sdk::ReferenceKind kind = sdk::ReferenceKind::reference;
  std::uint64_t enclosing_id = 0;
  auto operator<=>(const ReferenceSite&) const = default;
};
std::string reference_key_prefix(std::string_view bounded_name);  // bounded name + NUL
std::string reference_key(std::string_view bounded_name, std::uint64_t file_id);
// Sorts the sites by position and drops exact duplicates before encoding them.
std::string encode_reference_sites(std::vector<ReferenceSite> sites, std::size_t* stored_count = nullptr);
std::vector<ReferenceSite> decode_reference_sites(std::string_view bytes);

// meta "lang/<language>": running totals so that stats() never scans the store.
struct LanguageCounters {
  std::uint64_t files = 0;
  std::uint64_t symbols = 0;
  std::uint64_t bytes = 0;
  std::uint64_t imports = 0;
  std::uint64_t references = 0;
  bool empty() const { return files == 0 && symbols == 0 && bytes == 0 && imports == 0 && references == 0; }
};
std::string encode_counters(const LanguageCounters& counters);
LanguageCounters decode_counters(std::string_view bytes);

// meta "migration/NNN": which migration file was applied, with which checksum, when.
struct MigrationRecord {
  std::uint32_t version = 0;
  std::string name;
  std::string checksum;  // lower-case hex SHA-256 of the file's bytes
  std::int64_t applied_unix = 0;
};
std::string encode_migration(const MigrationRecord& record);
MigrationRecord decode_migration(std::string_view bytes);

// One entry of `migration_history` (created by 002_migration_history.yaml): a migration applied,
// undone, or replaced by a restore, with how long it took.
struct HistoryRecord {
  std::uint32_t version = 0;
  std::string name;
  std::string direction;  // "up", "down", "restore"
  std::string checksum;
  std::int64_t started_unix = 0;
  std::int64_t duration_ms = 0;
};
std::string encode_history(const HistoryRecord& record);
HistoryRecord decode_history(std::string_view bytes);

}  // namespace ax::lmdb_store
