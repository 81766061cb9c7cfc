#include "records.hpp"

#include <algorithm>

#include <ax/sdk/hash.hpp>

#include "byte_codec.hpp"

namespace ax::lmdb_store {
namespace {

ByteWriter start_record() {
  ByteWriter writer;
  writer.u8(kRecordFormat);
  return writer;
}

ByteReader open_record(std::string_view bytes) {
  ByteReader reader(bytes);
  if (reader.u8() != kRecordFormat) throw CorruptRecord("unknown record format version");
  return reader;
}

void expect_end(const ByteReader& reader) {
  if (!reader.at_end()) throw CorruptRecord("trailing bytes after record");
}

// Counts come from untrusted bytes: bound them by what the remaining bytes could possibly hold, so
// a damaged count cannot make us reserve gigabytes.
std::size_t bounded_count(ByteReader& reader, std::size_t min_bytes_per_item) {
  const std::uint64_t count = reader.varint();
  if (count > reader.remaining() / min_bytes_per_item) throw CorruptRecord("item count exceeds record size");
  return static_cast<std::size_t>(count);
}

}  // namespace

std::string bounded_key(std::string_view text) {
  if (text.size() <= kMaxDirectKeyBytes) return std::string(text);
  ByteWriter writer;
  writer.raw(text.substr(0, kShortenedKeyPrefixBytes));
  writer.u8(0);
  writer.big_endian64(sdk::fnv1a64(text));
  return writer.take();
}

std::string fold_case(std::string_view text) {
  std::string folded(text);
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return folded;
}

std::string encode_file(const FileValue& file) {
  ByteWriter writer = start_record();
  writer.varint(file.file_id);
  writer.string(file.language);
  writer.varint(file.size);
  writer.signed_varint(file.mtime_ns);
  writer.fixed64(file.content_hash);
  writer.varint(file.symbol_count);
  writer.varint(file.import_count);
  writer.varint(file.reference_count);
  writer.string(file.full_path);
  return writer.take();
}

FileValue decode_file(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  FileValue file;
  file.file_id = reader.varint();
  file.language = reader.string();
  file.size = reader.varint();
  file.mtime_ns = reader.signed_varint();
  file.content_hash = reader.fixed64();
  file.symbol_count = reader.varint();
  file.import_count = reader.varint();
  file.reference_count = reader.varint();
  file.full_path = reader.string();
  expect_end(reader);
  return file;
}

std::string encode_symbol(std::uint64_t file_id, std::uint64_t parent_id, const sdk::Symbol& symbol) {
  ByteWriter writer = start_record();
  writer.varint(file_id);
  writer.varint(parent_id);
  writer.string(sdk::to_string(symbol.kind));  // by name: the enum's order is not a storage format
  writer.string(symbol.name);
  writer.string(symbol.qualified_name);
  writer.varint(symbol.span.start_line);
  writer.varint(symbol.span.start_column);
  writer.varint(symbol.span.end_line);
  writer.varint(symbol.span.end_column);
  writer.string(symbol.signature);
  writer.string(symbol.doc);
  return writer.take();
}

SymbolValue decode_symbol(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  SymbolValue value;
  value.file_id = reader.varint();
  value.parent_id = reader.varint();
  const std::optional<sdk::SymbolKind> kind = sdk::parse_symbol_kind(reader.string());
  if (!kind) throw CorruptRecord("unknown symbol kind (written by a newer ax?)");
  value.symbol.kind = *kind;
  value.symbol.name = reader.string();
  value.symbol.qualified_name = reader.string();
  value.symbol.span.start_line = reader.varint32();
  value.symbol.span.start_column = reader.varint32();
  value.symbol.span.end_line = reader.varint32();
  value.symbol.span.end_column = reader.varint32();
  value.symbol.signature = reader.string();
  value.symbol.doc = reader.string();
  value.symbol.parent = -1;
  expect_end(reader);
  return value;
}

std::string encode_imports(const std::vector<sdk::Import>& imports) {
  ByteWriter writer = start_record();
  writer.varint(imports.size());
  for (const sdk::Import& import : imports) {
    writer.string(import.specifier);
    writer.varint(import.line);
  }
  return writer.take();
}

std::vector<sdk::Import> decode_imports(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  std::vector<sdk::Import> imports(bounded_count(reader, 2));
  for (sdk::Import& import : imports) {
    import.specifier = reader.string();
    import.line = reader.varint32();
  }
  expect_end(reader);
  return imports;
}

std::string encode_edges(const std::vector<sdk::ImportEdge>& edges) {
  ByteWriter writer = start_record();
  writer.varint(edges.size());
  for (const sdk::ImportEdge& edge : edges) {
    writer.string(edge.to);
    writer.string(edge.specifier);
    writer.string(edge.kind);
    writer.varint(edge.line);
    writer.u8(static_cast<std::uint8_t>(edge.resolution));
  }
  return writer.take();
}

namespace {

// Each stored edge of a file, as views into the record, to `visit`.
template <typename Visit>
void for_each_stored_edge(std::string_view bytes, Visit&& visit) {
  ByteReader reader = open_record(bytes);
  const std::size_t count = bounded_count(reader, 5);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view to = reader.string();
    const std::string_view specifier = reader.string();
    const std::string_view kind = reader.string();
    const std::uint32_t line = reader.varint32();
    const std::uint8_t resolution = reader.u8();
    if (resolution > static_cast<std::uint8_t>(sdk::ImportResolution::unresolved))
      throw CorruptRecord("unknown import resolution");
    visit(to, specifier, kind, line, static_cast<sdk::ImportResolution>(resolution));
  }
  expect_end(reader);
}

}  // namespace

std::vector<sdk::ImportEdge> decode_edges(std::string_view bytes, std::string_view from) {
  std::vector<sdk::ImportEdge> edges;
  for_each_stored_edge(bytes, [&](std::string_view to, std::string_view specifier, std::string_view kind,
                                  std::uint32_t line, sdk::ImportResolution resolution) {
    edges.push_back({std::string(from), std::string(to), std::string(specifier), std::string(kind), line, resolution});
  });
  return edges;
}

void visit_edges(std::string_view bytes, std::string_view from,
                 const std::function<void(const sdk::ImportEdge&)>& visit) {
  sdk::ImportEdge edge;
  edge.from.assign(from);
  for_each_stored_edge(bytes, [&](std::string_view to, std::string_view specifier, std::string_view kind,
                                  std::uint32_t line, sdk::ImportResolution resolution) {
    edge.to.assign(to);
    edge.specifier.assign(specifier);
    edge.kind.assign(kind);
    edge.line = line;
    edge.resolution = resolution;
    visit(edge);
  });
}

void append_exact_targets(std::string_view bytes, std::vector<std::string>& targets) {
  for_each_stored_edge(bytes, [&](std::string_view to, std::string_view, std::string_view, std::uint32_t,
                                  sdk::ImportResolution resolution) {
    if (resolution == sdk::ImportResolution::exact && !to.empty()) targets.emplace_back(to);
  });
}

std::vector<sdk::ImportEdge> decode_edges_to(std::string_view bytes, std::string_view from, std::string_view target) {
  std::vector<sdk::ImportEdge> edges;
  for_each_stored_edge(bytes, [&](std::string_view to, std::string_view specifier, std::string_view kind,
                                  std::uint32_t line, sdk::ImportResolution resolution) {
    if (to == target)
      edges.push_back(
          {std::string(from), std::string(to), std::string(specifier), std::string(kind), line, resolution});
  });
  return edges;
}

std::string encode_id_list(std::span<const std::uint64_t> ids) {
  ByteWriter writer = start_record();
  writer.varint(ids.size());
  std::uint64_t previous = 0;
  for (const std::uint64_t id : ids) {
    writer.varint(id - previous);  // ascending ids: small deltas
    previous = id;
  }
  return writer.take();
}

std::vector<std::uint64_t> decode_id_list(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  std::vector<std::uint64_t> ids(bounded_count(reader, 1));
  std::uint64_t previous = 0;
  for (std::uint64_t& id : ids) {
    id = previous + reader.varint();
    previous = id;
  }
  expect_end(reader);
  return ids;
}

std::string encode_key_list(const std::vector<std::string>& keys) {
  ByteWriter writer = start_record();
  writer.varint(keys.size());
  for (const std::string& key : keys) writer.string(key);
  return writer.take();
}

std::vector<std::string> decode_key_list(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  std::vector<std::string> keys(bounded_count(reader, 1));
  for (std::string& key : keys) key = reader.string();
  expect_end(reader);
  return keys;
}

std::string reference_key_prefix(std::string_view bounded_name) {
  std::string key(bounded_name);
  key.push_back('\0');
  return key;
}

std::string reference_key(std::string_view bounded_name, std::uint64_t file_id) {
  ByteWriter writer;
  writer.raw(bounded_name);
  writer.u8(0);
  writer.big_endian64(file_id);
  return writer.take();
}

std::string encode_reference_sites(std::vector<ReferenceSite> sites, std::size_t* stored_count) {
  std::sort(sites.begin(), sites.end());
  sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  if (stored_count != nullptr) *stored_count = sites.size();
  ByteWriter writer = start_record();
  writer.varint(sites.size());
  std::uint32_t previous_line = 0;
  for (const ReferenceSite& site : sites) {
    writer.varint(site.line - previous_line);  // sorted: small, never negative
    previous_line = site.line;
    writer.varint(site.column);
    writer.u8(static_cast<std::uint8_t>(site.kind));
    writer.varint(site.enclosing_id);
  }
  return writer.take();
}

std::vector<ReferenceSite> decode_reference_sites(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  std::vector<ReferenceSite> sites(bounded_count(reader, 4));
  std::uint64_t line = 0;
  for (ReferenceSite& site : sites) {
    line += reader.varint();
    if (line > UINT32_MAX) throw CorruptRecord("line does not fit 32 bits");
    site.line = static_cast<std::uint32_t>(line);
    site.column = reader.varint32();
    const std::uint8_t kind = reader.u8();
    if (kind > static_cast<std::uint8_t>(sdk::ReferenceKind::reference)) throw CorruptRecord("unknown reference kind");
    site.kind = static_cast<sdk::ReferenceKind>(kind);
    site.enclosing_id = reader.varint();
  }
  expect_end(reader);
  return sites;
}

std::string encode_counters(const LanguageCounters& counters) {
  ByteWriter writer = start_record();
  writer.varint(counters.files);
  writer.varint(counters.symbols);
  writer.varint(counters.bytes);
  writer.varint(counters.imports);
  writer.varint(counters.references);
  return writer.take();
}

LanguageCounters decode_counters(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  LanguageCounters counters;
  counters.files = reader.varint();
  counters.symbols = reader.varint();
  counters.bytes = reader.varint();
  counters.imports = reader.varint();
  counters.references = reader.varint();
  expect_end(reader);
  return counters;
}

std::string encode_migration(const MigrationRecord& record) {
  ByteWriter writer = start_record();
  writer.varint(record.version);
  writer.string(record.name);
  writer.string(record.checksum);
  writer.signed_varint(record.applied_unix);
  return writer.take();
}

MigrationRecord decode_migration(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  MigrationRecord record;
  record.version = reader.varint32();
  record.name = reader.string();
  record.checksum = reader.string();
  record.applied_unix = reader.signed_varint();
  expect_end(reader);
  return record;
}

std::string encode_history(const HistoryRecord& record) {
  ByteWriter writer = start_record();
  writer.varint(record.version);
  writer.string(record.name);
  writer.string(record.direction);
  writer.string(record.checksum);
  writer.signed_varint(record.started_unix);
  writer.signed_varint(record.duration_ms);
  return writer.take();
}

HistoryRecord decode_history(std::string_view bytes) {
  ByteReader reader = open_record(bytes);
  HistoryRecord record;
  record.version = reader.varint32();
  record.name = reader.string();
  record.direction = reader.string();
  record.checksum = reader.string();
  record.started_unix = reader.signed_varint();
  record.duration_ms = reader.signed_varint();
  expect_end(reader);
  return record;
}

}  // namespace ax::lmdb_store
