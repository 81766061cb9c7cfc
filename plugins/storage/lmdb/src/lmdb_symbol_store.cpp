#include "lmdb_symbol_store.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <unordered_map>

#include <ax/sdk/graph.hpp>
#include <ax/sdk/hash.hpp>

#include "byte_codec.hpp"
#include "layout.hpp"
#include "migrations.hpp"
#include "records.hpp"

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

struct Databases {
  MDB_dbi meta = 0;
  MDB_dbi files = 0;
  MDB_dbi file_ids = 0;
  MDB_dbi symbols = 0;
  MDB_dbi names = 0;
  MDB_dbi file_symbols = 0;
  MDB_dbi imports = 0;
  MDB_dbi references = 0;
  MDB_dbi file_references = 0;
  // 003_import_graph; absent (has_graph false) in older stores.
  bool has_graph = false;
  MDB_dbi import_edges = 0;
  MDB_dbi import_importers = 0;
  // 004_graph_results (deferrable); absent (has_graph_results false) until it is applied.
  bool has_graph_results = false;
  MDB_dbi graph_results = 0;
};

// Turns a damaged record into the store's usual one-line error.
template <typename Action>
auto guard_corruption(const Environment& env, Action&& action) -> decltype(action()) {
  try {
    return action();
  } catch (const CorruptRecord& error) {
    env.fail(std::string("damaged record (") + error.what() +
             "); the store is corrupt, remove the directory and index again");
  }
}

std::uint64_t read_counter(const Transaction& txn, MDB_dbi meta, std::string_view key) {
  const std::optional<std::string_view> value = txn.get(meta, key);
  if (!value)
    txn.env().fail("meta key '" + std::string(key) +
                   "' is missing; the store is corrupt, remove the directory and index again");
  return parse_fixed64_value(*value);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string language_key(std::string_view language) {
  return std::string(layout::kLanguageKeyPrefix) + std::string(language);
}

std::size_t effective_limit(std::size_t limit) { return limit == 0 ? SIZE_MAX : limit; }

std::uint64_t saturating_subtract(std::uint64_t from, std::uint64_t amount) {
  return from > amount ? from - amount : 0;
}

bool valid_index(std::int32_t index, std::size_t count) {
  return index >= 0 && static_cast<std::size_t>(index) < count;
}

// The file a key of `files` stands for: the key itself, unless it had to be shortened.
std::string path_of(std::string_view key, const FileValue& file) {
  return file.full_path.empty() ? std::string(key) : file.full_path;
}

std::optional<FileValue> find_file(const Transaction& txn, const Databases& dbs, std::string_view path) {
  const std::optional<std::string_view> bytes = txn.get(dbs.files, bounded_key(path));
  if (!bytes) return std::nullopt;
  FileValue file = decode_file(*bytes);
  // A shortened key can (with a 64-bit hash collision) belong to another long path.
  if (!file.full_path.empty() && file.full_path != path) return std::nullopt;
  return file;
}

sdk::FileRecord to_record(std::string path, const FileValue& file) {
  return sdk::FileRecord{std::move(path), file.language, file.size, file.mtime_ns, file.content_hash};
}

// What a SymbolReader learnt of files (path, and language once asked) by file id, valid for the
// snapshot it was read from.
struct KnownFile {
  std::string path;
  std::optional<std::string> language;  // read from the file record when a symbol first needs it
};
using KnownFiles = std::unordered_map<std::uint64_t, KnownFile>;

// Builds StoredSymbols inside one read transaction, remembering each file's path and language.
class SymbolReader {
 public:
  SymbolReader(const Transaction& txn, const Databases& dbs, KnownFiles known = {})
      : txn_(txn), dbs_(dbs), files_(std::move(known)) {}

  // What it learnt, for a later reader of the same snapshot.
  KnownFiles take_known_files() { return std::move(files_); }

  std::optional<sdk::StoredSymbol> load(std::uint64_t id) {
    const std::optional<std::string_view> bytes = symbol_bytes(id);
    if (!bytes) return std::nullopt;
    return build(id, *bytes);
  }

  sdk::StoredSymbol build(std::uint64_t id, std::string_view bytes) {
    SymbolValue value = decode_symbol(bytes);
    FileInfo& file = file_info(value.file_id);
    return sdk::StoredSymbol{id, value.parent_id, file.path, language_of(file), std::move(value.symbol)};
  }

  const std::string& path_of_file(std::uint64_t file_id) { return file_info(file_id).path; }

 private:
  using FileInfo = KnownFile;

  // The path alone: references and edges name their file by id, and their readers print only the path.
  // The language is another read (the file record), in another part of the store.
  FileInfo& file_info(std::uint64_t file_id) {
    if (const auto cached = files_.find(file_id); cached != files_.end()) return cached->second;
    const std::optional<std::string_view> path = txn_.get(dbs_.file_ids, id_key(file_id));
    if (!path) throw CorruptRecord("a record names a file id that does not exist");
    if (files_.size() >= kMaxCachedFiles) files_.clear();  // for_each_symbol walks every file once
    return files_.emplace(file_id, FileInfo{std::string(*path), std::nullopt}).first->second;
  }

  // A symbol's record, valid until the next read. Through one cursor: a seek near the last one (ids
  // asked in ascending order) stays on its leaf page instead of descending the tree again.
  std::optional<std::string_view> symbol_bytes(std::uint64_t id) {
    if (!symbol_cursor_) symbol_cursor_.emplace(txn_, dbs_.symbols);
    if (!symbol_cursor_->seek(MDB_SET_KEY, id_key(id))) return std::nullopt;
    return symbol_cursor_->value();
  }

  const std::string& language_of(FileInfo& info) {
    if (!info.language) {
      const std::optional<FileValue> file = find_file(txn_, dbs_, info.path);
      if (!file) throw CorruptRecord("a file id names a path that is not stored");
      info.language = file->language;
    }
    return *info.language;
  }

  static constexpr std::size_t kMaxCachedFiles = 4096;

  const Transaction& txn_;
  const Databases& dbs_;
  KnownFiles files_;
  std::optional<Cursor> symbol_cursor_;
};

// One edge record's share of the graph version: a well-mixed hash of its file id and bytes, so that
// the wrapping sum over the records moves with any change and returns when the records do.
std::uint64_t edge_record_hash(std::string_view file_key, std::string_view bytes) {
  std::uint64_t hash = sdk::fnv1a64(bytes, sdk::fnv1a64(file_key));
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebULL;
  return hash ^ (hash >> 31);
}

// Deletes the edges of a file and its entries in the importers index; subtracts the record's share
// from `version_delta`.
void erase_edges(Transaction& txn, const Databases& dbs, std::uint64_t file_id, std::uint64_t& version_delta) {
  if (!dbs.has_graph) return;
  const std::string file_key = id_key(file_id);
  const std::optional<std::string_view> bytes = txn.get(dbs.import_edges, file_key);
  if (!bytes) return;
  version_delta -= edge_record_hash(file_key, *bytes);
  for (const sdk::ImportEdge& edge : decode_edges(*bytes, {}))
    if (!edge.to.empty()) txn.erase(dbs.import_importers, bounded_key(edge.to), file_key);
  txn.erase(dbs.import_edges, file_key);
}

class LmdbStoreWriter final : public sdk::StoreWriter, public sdk::ImportGraphWriter {
 public:
  LmdbStoreWriter(std::shared_ptr<Environment> env, const Databases& dbs)
      : env_(std::move(env)), dbs_(dbs), txn_(*env_, TxnMode::write) {
    guard_corruption(*env_, [&] {
      next_file_id_ = read_counter(txn_, dbs_.meta, layout::kNextFileIdKey);
      next_symbol_id_ = read_counter(txn_, dbs_.meta, layout::kNextSymbolIdKey);
    });
  }

  std::vector<std::uint64_t> put_file(const sdk::FileRecord& record, const sdk::ParseResult& result) override {
    ensure_open();
    if (record.path.empty()) env_->fail("cannot store a file with an empty path");
    return guard_failure([&] { return replace_file(record, result); });
  }

  void remove_file(std::string_view path) override {
    ensure_open();
    guard_failure([&] {
      const std::string key = bounded_key(path);
      const std::optional<FileValue> old = find_file(txn_, dbs_, path);
      if (!old) return;
      files_changed_ = true;
      erase_contents(*old);
      txn_.erase(dbs_.files, key);
      txn_.erase(dbs_.file_ids, id_key(old->file_id));
      subtract(*old);
    });
  }

  void touch_file(const sdk::FileRecord& record) override {
    ensure_open();
    guard_failure([&] {
      std::optional<FileValue> file = find_file(txn_, dbs_, record.path);
      if (!file) return;
      LanguageCounters& counters = language(file->language);
      counters.bytes = saturating_subtract(counters.bytes, file->size) + record.size;
      file->size = record.size;
      file->mtime_ns = record.mtime_ns;
      txn_.put(dbs_.files, bounded_key(record.path), encode_file(*file));
    });
  }

  void put_edges(std::string_view from, const std::vector<sdk::ImportEdge>& edges) override {
    ensure_open();
    if (!dbs_.has_graph) return;
    guard_failure([&] {
      const std::optional<FileValue> file = find_file(txn_, dbs_, from);
      if (!file) return;
      erase_edges(txn_, dbs_, file->file_id, graph_version_delta_);
      if (edges.empty()) return;
      const std::string file_key = id_key(file->file_id);
      const std::string bytes = encode_edges(edges);
      graph_version_delta_ += edge_record_hash(file_key, bytes);
      txn_.put(dbs_.import_edges, file_key, bytes);
      for (const sdk::ImportEdge& edge : edges)
        if (!edge.to.empty()) txn_.put_new(dbs_.import_importers, bounded_key(edge.to), file_key, MDB_NODUPDATA);
    });
  }

  void mark_graph_complete() override {
    ensure_open();
    graph_marked_complete_ = true;
  }

  std::uint64_t commit() override {
    ensure_open();
    return guard_failure([&] {
      if (dbs_.has_graph && (graph_marked_complete_ || files_changed_))
        txn_.put(dbs_.meta, layout::kImportGraphCompleteKey, fixed64_value(graph_marked_complete_ ? 1 : 0));
      if (dbs_.has_graph_results && graph_version_delta_ != 0)
        txn_.put(dbs_.meta, layout::kImportGraphVersionKey,
                 fixed64_value(read_counter(txn_, dbs_.meta, layout::kImportGraphVersionKey) + graph_version_delta_));
      const std::uint64_t generation = read_counter(txn_, dbs_.meta, layout::kGenerationKey) + 1;
      txn_.put(dbs_.meta, layout::kGenerationKey, fixed64_value(generation));
      txn_.put(dbs_.meta, layout::kLastIndexedKey, fixed64_value(static_cast<std::uint64_t>(unix_now())));
      txn_.put(dbs_.meta, layout::kNextFileIdKey, fixed64_value(next_file_id_));
      txn_.put(dbs_.meta, layout::kNextSymbolIdKey, fixed64_value(next_symbol_id_));
      for (const auto& [language, counters] : languages_) {
        if (counters.files == 0)
          txn_.erase(dbs_.meta, language_key(language));
        else
          txn_.put(dbs_.meta, language_key(language), encode_counters(counters));
      }
      txn_.commit();
      state_ = State::committed;
      return generation;
    });
  }

 private:
  enum class State { open, failed, committed };

  void ensure_open() const {
    if (state_ == State::committed) env_->fail("this write transaction was already committed");
    if (state_ == State::failed)
      env_->fail("an earlier change in this write transaction failed; it can only be discarded");
  }

  // A change that throws half-way leaves the transaction inconsistent: refuse to commit it.
  template <typename Action>
  auto guard_failure(Action&& action) -> decltype(action()) {
    try {
      return guard_corruption(*env_, std::forward<Action>(action));
    } catch (...) {
      state_ = State::failed;
      throw;
    }
  }

  std::vector<std::uint64_t> replace_file(const sdk::FileRecord& record, const sdk::ParseResult& result) {
    files_changed_ = true;
    const std::string key = bounded_key(record.path);
    FileValue file;
    if (const std::optional<std::string_view> bytes = txn_.get(dbs_.files, key)) {
      const FileValue old = decode_file(*bytes);
      if (!old.full_path.empty() && old.full_path != record.path)
        env_->fail("paths '" + old.full_path + "' and '" + record.path + "' share a storage key");
      erase_contents(old);
      subtract(old);
      file.file_id = old.file_id;
    } else {
      file.file_id = next_file_id_++;
      txn_.put(dbs_.file_ids, id_key(file.file_id), record.path);
    }
    const std::string file_key = id_key(file.file_id);

    // Symbols get fresh ids, ascending, so they append at the end of `symbols`.
    const std::size_t symbol_count = result.symbols.size();
    std::vector<std::uint64_t> ids(symbol_count);
    for (std::size_t i = 0; i < symbol_count; ++i) ids[i] = next_symbol_id_++;
    for (std::size_t i = 0; i < symbol_count; ++i) {
      const sdk::Symbol& symbol = result.symbols[i];
      // An out-of-range or self parent index from a language plugin is treated as top level.
      const bool has_parent = valid_index(symbol.parent, symbol_count) && static_cast<std::size_t>(symbol.parent) != i;
      const std::uint64_t parent_id = has_parent ? ids[static_cast<std::size_t>(symbol.parent)] : 0;
      const std::string symbol_key = id_key(ids[i]);
      txn_.put(dbs_.symbols, symbol_key, encode_symbol(file.file_id, parent_id, symbol), MDB_APPEND);
      if (!symbol.name.empty()) txn_.put(dbs_.names, bounded_key(fold_case(symbol.name)), symbol_key);
    }
    if (symbol_count > 0) txn_.put(dbs_.file_symbols, file_key, encode_id_list(ids));
    if (!result.imports.empty()) txn_.put(dbs_.imports, file_key, encode_imports(result.imports));

    // One value per referenced name: group the sites by name first.
    std::map<std::string, std::vector<ReferenceSite>> sites_by_name;
    for (const sdk::Reference& reference : result.references) {
      if (reference.name.empty()) continue;
      ReferenceSite site{reference.line, reference.column, reference.kind, 0};
      if (valid_index(reference.enclosing, symbol_count))
        site.enclosing_id = ids[static_cast<std::size_t>(reference.enclosing)];
      sites_by_name[bounded_key(reference.name)].push_back(site);
    }
    std::uint64_t reference_count = 0;
    std::vector<std::string> reference_names;
    reference_names.reserve(sites_by_name.size());
    for (auto& [name, sites] : sites_by_name) {
      std::size_t stored = 0;  // a site repeated at the same position is stored (and counted) once
      txn_.put(dbs_.references, reference_key(name, file.file_id), encode_reference_sites(std::move(sites), &stored));
      reference_count += stored;
      reference_names.push_back(name);
    }
    if (!reference_names.empty()) txn_.put(dbs_.file_references, file_key, encode_key_list(reference_names));

    file.language = record.language;
    file.size = record.size;
    file.mtime_ns = record.mtime_ns;
    file.content_hash = record.content_hash;
    file.symbol_count = symbol_count;
    file.import_count = result.imports.size();
    file.reference_count = reference_count;
    if (key != record.path) file.full_path = record.path;
    txn_.put(dbs_.files, key, encode_file(file));

    LanguageCounters& counters = language(record.language);
    counters.files += 1;
    counters.symbols += file.symbol_count;
    counters.bytes += file.size;
    counters.imports += file.import_count;
    counters.references += file.reference_count;
    return ids;
  }

  // Deletes a file's symbols, name entries, imports, edges and references; the file record itself stays.
  void erase_contents(const FileValue& file) {
    const std::string file_key = id_key(file.file_id);
    erase_edges(txn_, dbs_, file.file_id, graph_version_delta_);
    if (const std::optional<std::string_view> list = txn_.get(dbs_.file_symbols, file_key)) {
      for (const std::uint64_t id : decode_id_list(*list)) {
        const std::string symbol_key = id_key(id);
        const std::optional<std::string_view> bytes = txn_.get(dbs_.symbols, symbol_key);
        if (!bytes) continue;
        const std::string name = decode_symbol(*bytes).symbol.name;
        if (!name.empty()) txn_.erase(dbs_.names, bounded_key(fold_case(name)), symbol_key);
        txn_.erase(dbs_.symbols, symbol_key);
      }
      txn_.erase(dbs_.file_symbols, file_key);
    }
    txn_.erase(dbs_.imports, file_key);
    if (const std::optional<std::string_view> list = txn_.get(dbs_.file_references, file_key)) {
      for (const std::string& name : decode_key_list(*list))
        txn_.erase(dbs_.references, reference_key(name, file.file_id));
      txn_.erase(dbs_.file_references, file_key);
    }
  }

  void subtract(const FileValue& file) {
    LanguageCounters& counters = language(file.language);
    counters.files = saturating_subtract(counters.files, 1);
    counters.symbols = saturating_subtract(counters.symbols, file.symbol_count);
    counters.bytes = saturating_subtract(counters.bytes, file.size);
    counters.imports = saturating_subtract(counters.imports, file.import_count);
    counters.references = saturating_subtract(counters.references, file.reference_count);
  }

  // The running counters of a language, read once per transaction and written back at commit.
  LanguageCounters& language(const std::string& name) {
    if (const auto found = languages_.find(name); found != languages_.end()) return found->second;
    LanguageCounters counters;
    if (const std::optional<std::string_view> bytes = txn_.get(dbs_.meta, language_key(name)))
      counters = decode_counters(*bytes);
    return languages_.emplace(name, counters).first->second;
  }

  std::shared_ptr<Environment> env_;
  Databases dbs_;
  Transaction txn_;
  State state_ = State::open;
  std::uint64_t next_file_id_ = 0;
  std::uint64_t next_symbol_id_ = 0;
  std::map<std::string, LanguageCounters> languages_;
  bool files_changed_ = false;  // a put_file or remove_file: edges may now be out of date
  bool graph_marked_complete_ = false;
  std::uint64_t graph_version_delta_ = 0;  // added (wrapping) to the graph version at commit
};

class LmdbSymbolStore final : public sdk::SymbolStore,
                              public sdk::ImportGraphReader,
                              public sdk::FileReferenceReader,
                              public sdk::SymbolBatchReader,
                              public sdk::GraphResultStore,
                              public sdk::ImportTargetBatchReader,
                              public sdk::ReferenceGroupReader,
                              public sdk::DeferredSync {
 public:
  LmdbSymbolStore(std::shared_ptr<Environment> env, const Databases& dbs) : env_(std::move(env)), dbs_(dbs) {}

  // sdk::DeferredSync. MDB_NOMETASYNC rather than MDB_NOSYNC: a commit still flushes its data pages
  // and leaves only the meta page to the next commit or sync(), so an OS crash can undo the last
  // commits but never leaves a meta page pointing at pages that did not reach the disk.
  void defer_sync() override { env_->check(mdb_env_set_flags(env_->handle(), MDB_NOMETASYNC, 1), "defer flushing"); }
  void sync() override { env_->check(mdb_env_sync(env_->handle(), 1), "flush to disk"); }

  std::uint32_t schema_version() override {
    return read([&](const Transaction& txn) {
      return static_cast<std::uint32_t>(read_counter(txn, dbs_.meta, layout::kSchemaVersionKey));
    });
  }

  std::uint64_t generation() override {
    return read([&](const Transaction& txn) { return read_counter(txn, dbs_.meta, layout::kGenerationKey); });
  }

  std::vector<sdk::FileRecord> files() override {
    return read([&](const Transaction& txn) {
      std::vector<sdk::FileRecord> records;
      Cursor cursor(txn, dbs_.files);
      for (bool found = cursor.move(MDB_FIRST); found; found = cursor.move(MDB_NEXT)) {
        const FileValue file = decode_file(cursor.value());
        records.push_back(to_record(path_of(cursor.key(), file), file));
      }
      return records;
    });
  }

  std::optional<sdk::FileRecord> file(std::string_view path) override {
    return read([&](const Transaction& txn) -> std::optional<sdk::FileRecord> {
      const std::optional<FileValue> file = find_file(txn, dbs_, path);
      if (!file) return std::nullopt;
      return to_record(std::string(path), *file);
    });
  }

  std::unique_ptr<sdk::StoreWriter> begin_write() override { return std::make_unique<LmdbStoreWriter>(env_, dbs_); }

  std::vector<sdk::StoredSymbol> find_symbols(std::string_view name, sdk::NameMatch match, std::size_t limit) override {
    return read_symbols([&](const Transaction& txn, SymbolReader& reader) {
      const std::size_t wanted = effective_limit(limit);
      const std::string folded = fold_case(name);
      std::vector<sdk::StoredSymbol> found;
      Cursor cursor(txn, dbs_.names);
      const auto consider = [&](std::string_view id_bytes, auto&& matches) {
        std::optional<sdk::StoredSymbol> symbol = reader.load(parse_id_key(id_bytes));
        if (!symbol) throw CorruptRecord("the name index lists a symbol that does not exist");
        if (matches(symbol->symbol.name)) found.push_back(std::move(*symbol));
      };

      if (match == sdk::NameMatch::prefix) {
        // Keys are folded names, shortened past kShortenedKeyPrefixBytes: scan the keys that share
        // the (shortened) prefix and let the records decide.
        const std::string scan = folded.substr(0, std::min(folded.size(), kShortenedKeyPrefixBytes));
        const auto has_prefix = [&](const std::string& candidate) { return fold_case(candidate).starts_with(folded); };
        for (bool more = scan.empty() ? cursor.move(MDB_FIRST) : cursor.seek(MDB_SET_RANGE, scan);
             more && cursor.key().starts_with(scan) && found.size() < wanted; more = cursor.move(MDB_NEXT))
          consider(cursor.value(), has_prefix);
        return found;
      }

      const auto same_name = [&](const std::string& candidate) {
        return match == sdk::NameMatch::exact ? candidate == name : fold_case(candidate) == folded;
      };
      if (folded.empty()) return found;
      for (bool more = cursor.seek(MDB_SET_KEY, bounded_key(folded)); more && found.size() < wanted;
           more = cursor.move(MDB_NEXT_DUP))
        consider(cursor.value(), same_name);
      return found;
    });
  }

  std::optional<sdk::StoredSymbol> symbol(std::uint64_t id) override {
    return read([&](const Transaction& txn) { return SymbolReader(txn, dbs_).load(id); });
  }

  std::vector<std::optional<sdk::StoredSymbol>> symbols(std::span<const std::uint64_t> ids) override {
    return read_symbols([&](const Transaction&, SymbolReader& reader) {
      std::vector<std::optional<sdk::StoredSymbol>> found;
      found.reserve(ids.size());
      for (const std::uint64_t id : ids) found.push_back(id == 0 ? std::nullopt : reader.load(id));
      return found;
    });
  }

  std::vector<sdk::StoredSymbol> file_symbols(std::string_view path) override {
    return read([&](const Transaction& txn) {
      std::vector<sdk::StoredSymbol> symbols;
      const std::optional<FileValue> file = find_file(txn, dbs_, path);
      if (!file) return symbols;
      const std::optional<std::string_view> list = txn.get(dbs_.file_symbols, id_key(file->file_id));
      if (!list) return symbols;
      SymbolReader reader(txn, dbs_);
      for (const std::uint64_t id : decode_id_list(*list)) {
        std::optional<sdk::StoredSymbol> symbol = reader.load(id);
        if (!symbol) throw CorruptRecord("a file lists a symbol that does not exist");
        symbols.push_back(std::move(*symbol));
      }
      return symbols;
    });
  }

  std::vector<sdk::StoredReference> find_references(std::string_view name, std::size_t limit) override {
    return read_symbols([&](const Transaction& txn, SymbolReader& reader) {
      const std::size_t wanted = effective_limit(limit);
      std::vector<sdk::StoredReference> references;
      if (name.empty()) return references;
      Cursor cursor(txn, dbs_.references);
      // Keys are <bounded name> NUL <file id>; names hold no NUL, so the prefix matches this name only.
      const std::string prefix = reference_key_prefix(bounded_key(name));
      for (bool more = cursor.seek(MDB_SET_RANGE, prefix);
           more && cursor.key().starts_with(prefix) && references.size() < wanted; more = cursor.move(MDB_NEXT)) {
        if (cursor.key().size() != prefix.size() + 8) continue;
        const std::string& path = reader.path_of_file(parse_id_key(cursor.key().substr(prefix.size())));
        for (const ReferenceSite& site : decode_reference_sites(cursor.value())) {
          if (references.size() == wanted) break;
          references.push_back(sdk::StoredReference{
              path, sdk::Reference{std::string(name), site.kind, site.line, site.column, -1}, site.enclosing_id});
        }
      }
      return references;
    });
  }

  std::vector<sdk::FileReferenceGroup> references_by_file(std::string_view name) override {
    return read_symbols([&](const Transaction& txn, SymbolReader& reader) {
      std::vector<sdk::FileReferenceGroup> groups;
      if (name.empty()) return groups;
      Cursor cursor(txn, dbs_.references);
      // As find_references(): keys are <bounded name> NUL <file id>.
      const std::string prefix = reference_key_prefix(bounded_key(name));
      for (bool more = cursor.seek(MDB_SET_RANGE, prefix); more && cursor.key().starts_with(prefix);
           more = cursor.move(MDB_NEXT)) {
        if (cursor.key().size() != prefix.size() + 8) continue;
        sdk::FileReferenceGroup& group = groups.emplace_back();
        group.path = reader.path_of_file(parse_id_key(cursor.key().substr(prefix.size())));
        for (const ReferenceSite& site : decode_reference_sites(cursor.value()))
          group.sites.push_back({site.line, site.column, site.kind, site.enclosing_id});
      }
      return groups;
    });
  }

  std::vector<sdk::StoredImport> file_imports(std::string_view path) override {
    return read([&](const Transaction& txn) {
      std::vector<sdk::StoredImport> imports;
      const std::optional<FileValue> file = find_file(txn, dbs_, path);
      if (!file) return imports;
      const std::optional<std::string_view> list = txn.get(dbs_.imports, id_key(file->file_id));
      if (!list) return imports;
      for (sdk::Import& import : decode_imports(*list))
        imports.push_back(sdk::StoredImport{std::string(path), std::move(import)});
      return imports;
    });
  }

  void for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>& visit) override {
    // One read transaction: the visitor sees one consistent generation. Ids are handed out per file
    // in ascending runs, so id order is file by file.
    read([&](const Transaction& txn) {
      SymbolReader reader(txn, dbs_);
      Cursor cursor(txn, dbs_.symbols);
      for (bool more = cursor.move(MDB_FIRST); more; more = cursor.move(MDB_NEXT))
        visit(reader.build(parse_id_key(cursor.key()), cursor.value()));
      return 0;
    });
  }

  std::vector<sdk::StoredReference> file_references(std::string_view path) override {
    return read([&](const Transaction& txn) {
      std::vector<sdk::StoredReference> references;
      const std::optional<FileValue> file = find_file(txn, dbs_, path);
      if (!file) return references;
      const std::optional<std::string_view> names = txn.get(dbs_.file_references, id_key(file->file_id));
      if (!names) return references;
      for (const std::string& name : decode_key_list(*names)) {
        const std::optional<std::string_view> sites = txn.get(dbs_.references, reference_key(name, file->file_id));
        if (!sites) throw CorruptRecord("a file lists a referenced name without references");
        for (const ReferenceSite& site : decode_reference_sites(*sites))
          references.push_back(sdk::StoredReference{
              std::string(path), sdk::Reference{name, site.kind, site.line, site.column, -1}, site.enclosing_id});
      }
      std::sort(references.begin(), references.end(), [](const auto& a, const auto& b) {
        return std::pair(a.reference.line, a.reference.column) < std::pair(b.reference.line, b.reference.column);
      });
      return references;
    });
  }

  bool graph_complete() override {
    if (!dbs_.has_graph) return false;
    return read([&](const Transaction& txn) {
      const std::optional<std::string_view> value = txn.get(dbs_.meta, layout::kImportGraphCompleteKey);
      return value && parse_fixed64_value(*value) == 1;
    });
  }

  std::vector<sdk::ImportEdge> imports_of(std::string_view from) override {
    if (!dbs_.has_graph) return {};
    return read([&](const Transaction& txn) -> std::vector<sdk::ImportEdge> {
      const std::optional<FileValue> file = find_file(txn, dbs_, from);
      if (!file) return {};
      const std::optional<std::string_view> bytes = txn.get(dbs_.import_edges, id_key(file->file_id));
      if (!bytes) return {};
      return decode_edges(*bytes, from);
    });
  }

  std::vector<std::vector<std::string>> exact_import_targets(std::span<const std::string> paths) override {
    std::vector<std::vector<std::string>> targets(paths.size());
    if (!dbs_.has_graph) return targets;
    read([&](const Transaction& txn) {
      for (std::size_t i = 0; i < paths.size(); ++i) {
        const std::optional<FileValue> file = find_file(txn, dbs_, paths[i]);
        if (!file) continue;
        const std::optional<std::string_view> bytes = txn.get(dbs_.import_edges, id_key(file->file_id));
        if (!bytes) continue;
        std::vector<std::string>& found = targets[i];
        append_exact_targets(*bytes, found);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
      }
      return 0;
    });
    return targets;
  }

  std::vector<sdk::ImportEdge> importers_of(std::string_view to) override {
    if (!dbs_.has_graph || to.empty()) return {};
    return read([&](const Transaction& txn) {
      std::vector<sdk::ImportEdge> edges;
      SymbolReader reader(txn, dbs_);
      Cursor cursor(txn, dbs_.import_importers);
      for (bool more = cursor.seek(MDB_SET_KEY, bounded_key(to)); more; more = cursor.move(MDB_NEXT_DUP)) {
        const std::string file_key(cursor.value());
        const std::optional<std::string_view> bytes = txn.get(dbs_.import_edges, file_key);
        if (!bytes) throw CorruptRecord("the importers index lists a file without edges");
        // A shortened key may be shared by another long target: the edges decide.
        for (sdk::ImportEdge& edge : decode_edges_to(*bytes, reader.path_of_file(parse_id_key(file_key)), to))
          edges.push_back(std::move(edge));
      }
      return edges;
    });
  }

  void for_each_edge(const std::function<void(const sdk::ImportEdge&)>& visit) override {
    if (!dbs_.has_graph) return;
    read([&](const Transaction& txn) {
      SymbolReader reader(txn, dbs_);
      Cursor cursor(txn, dbs_.import_edges);
      for (bool more = cursor.move(MDB_FIRST); more; more = cursor.move(MDB_NEXT))
        visit_edges(cursor.value(), reader.path_of_file(parse_id_key(cursor.key())), visit);
      return 0;
    });
  }

  bool keeps_graph_results() override { return dbs_.has_graph_results; }

  std::uint64_t graph_version() override {
    if (!dbs_.has_graph_results) return 0;
    return read([&](const Transaction& txn) { return read_counter(txn, dbs_.meta, layout::kImportGraphVersionKey); });
  }

  std::optional<std::string> graph_result(std::string_view name) override {
    if (!dbs_.has_graph_results) return std::nullopt;
    return read([&](const Transaction& txn) -> std::optional<std::string> {
      const std::optional<std::string_view> bytes = txn.get(dbs_.graph_results, name);
      if (!bytes || bytes->size() < 8) return std::nullopt;
      if (parse_fixed64_value(bytes->substr(0, 8)) != read_counter(txn, dbs_.meta, layout::kImportGraphVersionKey))
        return std::nullopt;
      return std::string(bytes->substr(8));
    });
  }

  bool put_graph_results(std::uint64_t version,
                         const std::vector<std::pair<std::string, std::string>>& results) override {
    if (!dbs_.has_graph_results) return false;
    return guard_corruption(*env_, [&] {
      Transaction txn(*env_, TxnMode::write);
      if (read_counter(txn, dbs_.meta, layout::kImportGraphVersionKey) != version) return false;
      for (const auto& [name, bytes] : results) txn.put(dbs_.graph_results, name, fixed64_value(version) + bytes);
      txn.commit();
      return true;
    });
  }

  sdk::StoreStats stats() override {
    sdk::StoreStats stats = read([&](const Transaction& txn) {
      sdk::StoreStats result;
      Cursor cursor(txn, dbs_.meta);
      for (bool more = cursor.seek(MDB_SET_RANGE, layout::kLanguageKeyPrefix);
           more && cursor.key().starts_with(layout::kLanguageKeyPrefix); more = cursor.move(MDB_NEXT)) {
        const LanguageCounters counters = decode_counters(cursor.value());
        const std::string language(cursor.key().substr(layout::kLanguageKeyPrefix.size()));
        result.languages[language] = sdk::LanguageStats{counters.files, counters.symbols, counters.bytes};
        result.files += counters.files;
        result.symbols += counters.symbols;
        result.imports += counters.imports;
        result.references += counters.references;
      }
      // The counters the next write starts from: a store that could not be written is not reported healthy.
      read_counter(txn, dbs_.meta, layout::kNextFileIdKey);
      read_counter(txn, dbs_.meta, layout::kNextSymbolIdKey);
      result.generation = read_counter(txn, dbs_.meta, layout::kGenerationKey);
      result.last_indexed_unix = static_cast<std::int64_t>(read_counter(txn, dbs_.meta, layout::kLastIndexedKey));
      result.schema_version = static_cast<std::uint32_t>(read_counter(txn, dbs_.meta, layout::kSchemaVersionKey));
      return result;
    });
    std::error_code error;
    const std::uintmax_t size = fs::file_size(env_->data_file(), error);
    stats.size_bytes = error ? 0 : size;
    return stats;
  }

 private:
  template <typename Query>
  auto read(Query&& query) -> decltype(query(std::declval<const Transaction&>())) {
    return guard_corruption(*env_, [&] {
      const Transaction txn(*env_, TxnMode::read);
      return query(txn);
    });
  }

  // read() with a SymbolReader that starts from what the last one learnt of files when both read
  // the same snapshot: a call graph makes thousands of reads (a name's definitions, its references)
  // naming the same files, and looked each file's path and language up again in every one.
  template <typename Query>
  auto read_symbols(Query&& query)
      -> decltype(query(std::declval<const Transaction&>(), std::declval<SymbolReader&>())) {
    return read([&](const Transaction& txn) {
      const std::uint64_t snapshot = mdb_txn_id(txn.handle());
      KnownFiles known;
      {
        const std::lock_guard lock(known_files_mutex_);
        if (known_files_snapshot_ == snapshot) known = std::move(known_files_);
      }
      SymbolReader reader(txn, dbs_, std::move(known));
      auto result = query(txn, reader);
      const std::lock_guard lock(known_files_mutex_);
      known_files_snapshot_ = snapshot;
      known_files_ = reader.take_known_files();
      return result;
    });
  }

  std::shared_ptr<Environment> env_;
  Databases dbs_;
  // What the last read_symbols() learnt of files, and the snapshot (transaction id) it holds for.
  std::mutex known_files_mutex_;
  std::uint64_t known_files_snapshot_ = 0;
  KnownFiles known_files_;
};

Databases open_databases(const Environment& env) {
  std::lock_guard schema_lock(env.schema_mutex());
  Transaction txn(env, TxnMode::read);
  const auto open = [&](std::string_view name, unsigned flags) {
    const std::optional<MDB_dbi> dbi = txn.open_database(std::string(name), flags);
    if (!dbi)
      env.fail("database '" + std::string(name) +
               "' is missing; the store is corrupt, remove the directory and index again");
    return *dbi;
  };
  Databases dbs;
  dbs.meta = open(layout::kMetaDatabase, 0);
  const std::uint32_t schema = guard_corruption(
      env, [&] { return static_cast<std::uint32_t>(read_counter(txn, dbs.meta, layout::kSchemaVersionKey)); });
  if (schema < layout::kRequiredSchemaVersion)
    env.fail("schema version " + std::to_string(schema) + " is older than this ax needs (" +
             std::to_string(layout::kRequiredSchemaVersion) + ") and no migration brings it there");
  dbs.files = open(layout::kFiles, 0);
  dbs.file_ids = open(layout::kFileIds, 0);
  dbs.symbols = open(layout::kSymbols, 0);
  dbs.names = open(layout::kNames, MDB_DUPSORT | MDB_DUPFIXED);
  dbs.file_symbols = open(layout::kFileSymbols, 0);
  dbs.imports = open(layout::kImports, 0);
  dbs.references = open(layout::kReferences, 0);
  dbs.file_references = open(layout::kFileReferences, 0);
  const std::optional<MDB_dbi> edges = txn.open_database(std::string(layout::kImportEdges), 0);
  const std::optional<MDB_dbi> importers =
      txn.open_database(std::string(layout::kImportImporters), MDB_DUPSORT | MDB_DUPFIXED);
  if (edges && importers) {
    dbs.has_graph = true;
    dbs.import_edges = *edges;
    dbs.import_importers = *importers;
  }
  if (const std::optional<MDB_dbi> results = txn.open_database(std::string(layout::kGraphResults), 0)) {
    dbs.has_graph_results = true;
    dbs.graph_results = *results;
  }
  txn.commit();  // keeps the handles open for the environment's lifetime
  return dbs;
}

}  // namespace

std::unique_ptr<sdk::SymbolStore> open_lmdb_symbol_store(const fs::path& directory,
                                                         const fs::path& migrations_directory,
                                                         const EnvironmentOptions& options) {
  // A store already at every migration, each file as it was applied, needs no more (the files
  // listed before the environment is opened: a missing directory is reported the usual way).
  if (fs::is_directory(migrations_directory) && fs::exists(directory / "data.mdb")) {
    std::shared_ptr<Environment> env = Environment::open(directory, options);
    if (migrations_applied_unchanged(*env, migrations_directory)) {
      const Databases dbs = open_databases(*env);
      return std::make_unique<LmdbSymbolStore>(std::move(env), dbs);
    }
  }
  std::vector<Migration> migrations = load_migrations(migrations_directory);
  std::shared_ptr<Environment> env = Environment::open(directory, options);
  MigrationRunner runner(env, std::move(migrations));
  // A new store is laid out at once. An existing one is migrated only by `ax db migrate`, which
  // backs it up first and reports each step: ordinary commands refuse it meanwhile.
  if (runner.schema_version() == 0) {
    runner.migrate();
  } else {
    runner.verify();
    // Pending deferrable migrations (derived results only) are no reason to refuse it.
    if (const std::uint32_t schema = runner.schema_version(); schema < runner.required_version())
      env->fail("schema version " + std::to_string(schema) + " has pending migrations (this ax is at " +
                std::to_string(runner.latest_version()) + "); run 'ax db migrate' (it backs the store up first)");
  }
  const Databases dbs = open_databases(*env);
  return std::make_unique<LmdbSymbolStore>(std::move(env), dbs);
}

}  // namespace ax::lmdb_store
