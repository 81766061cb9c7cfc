#include "migrations.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include <ax/sdk/file.hpp>
#include <ax/sdk/storage.hpp>

#include <ax/digest/sha256.hpp>
#include "byte_codec.hpp"
#include "crash_point.hpp"
#include "layout.hpp"
#include "records.hpp"

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad_file(const fs::path& file, const std::string& why) {
  throw sdk::StoreError("migration file '" + file.string() + "': " + why);
}

std::string read_bytes(const fs::path& file) {
  sdk::FileContents contents = sdk::read_file(file);
  if (!contents.ok()) bad_file(file, "cannot be read");
  return std::move(contents.bytes);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string padded_version(std::uint32_t version) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%03u", version);
  return digits;
}

std::string migration_key(std::uint32_t version) {
  return std::string(layout::kMigrationKeyPrefix) + padded_version(version);
}

// NNN_name.yaml: at least three digits, an underscore, then lower-case letters, digits and '_'.
std::pair<std::uint32_t, std::string> parse_file_name(const fs::path& file) {
  const std::string stem = file.stem().string();
  const std::size_t underscore = stem.find('_');
  const bool well_formed =
      file.extension() == ".yaml" && underscore != std::string::npos && underscore >= 3 &&
      underscore + 1 < stem.size() &&
      std::all_of(stem.begin(), stem.begin() + static_cast<std::ptrdiff_t>(underscore),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      std::all_of(stem.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, stem.end(),
                  [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
  if (!well_formed) bad_file(file, "name must look like NNN_name.yaml (e.g. 001_initial.yaml)");
  const std::optional<std::uint64_t> version = parse_unsigned(std::string_view(stem).substr(0, underscore));
  if (!version || *version == 0 || *version > 999999) bad_file(file, "version must be between 1 and 999999");
  return {static_cast<std::uint32_t>(*version), stem.substr(underscore + 1)};
}

// Reads a YAML file strictly: unknown keys are errors, so that a file written for a newer runner
// (with steps this one cannot perform) is refused instead of half-applied.
class MigrationParser {
 public:
  explicit MigrationParser(fs::path file) : file_(std::move(file)) {}

  Migration parse() {
    Migration migration;
    migration.file = file_;
    const std::string bytes = read_bytes(file_);
    migration.checksum = normalised_checksum(bytes);
    migration.raw_checksum = digest::sha256_hex(bytes);
    const auto [file_version, file_name] = parse_file_name(file_);

    YAML::Node root;
    try {
      root = YAML::Load(bytes);
    } catch (const YAML::Exception& error) {
      bad_file(file_, "line " + std::to_string(error.mark.line + 1) + ": " + error.msg);
    }
    if (!root.IsMap()) bad_file(file_, "must be a YAML mapping");
    expect_keys(root, "the file", {"version", "name", "description", "deferrable", "up", "down"});

    const std::uint64_t version = unsigned_value(required(root, "version", "the file"), "version");
    if (version != file_version)
      bad_file(file_, "says version " + std::to_string(version) + " but its name says " + std::to_string(file_version));
    migration.version = file_version;
    migration.name = string_value(required(root, "name", "the file"), "name");
    if (migration.name != file_name)
      bad_file(file_, "says name '" + migration.name + "' but its file name says '" + file_name + "'");
    if (const YAML::Node description = root["description"])
      migration.description = string_value(description, "description");
    if (const YAML::Node deferrable = root["deferrable"]) migration.deferrable = bool_value(deferrable, "deferrable");
    migration.up = steps(required(root, "up", "the file"), "up");
    if (const YAML::Node down = root["down"]) migration.down = steps(down, "down");
    return migration;
  }

 private:
  void expect_keys(const YAML::Node& map, const std::string& where,
                   std::initializer_list<std::string_view> known) const {
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) bad_file(file_, "a key in " + where + " is not a plain name");
      const std::string& key = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), key) == known.end())
        bad_file(file_, "unknown key '" + key + "' in " + where);
    }
  }

  YAML::Node required(const YAML::Node& map, const char* key, const std::string& where) const {
    YAML::Node node = map[key];
    if (!node) bad_file(file_, std::string("missing '") + key + "' in " + where);
    return node;
  }

  std::string string_value(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) bad_file(file_, "'" + what + "' must be a string");
    return node.Scalar();
  }

  bool bool_value(const YAML::Node& node, const std::string& what) const {
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text == "true") return true;
    if (text == "false") return false;
    bad_file(file_, "'" + what + "' must be true or false");
  }

  std::uint64_t unsigned_value(const YAML::Node& node, const std::string& what) const {
    const std::optional<std::uint64_t> value = node.IsScalar() ? parse_unsigned(node.Scalar()) : std::nullopt;
    if (!value) bad_file(file_, "'" + what + "' must be an unsigned integer");
    return *value;
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) bad_file(file_, "'" + what + "' must be a list");
    std::vector<std::string> values;
    for (const YAML::Node& item : node) values.push_back(string_value(item, what + " entry"));
    return values;
  }

  unsigned database_flags(const YAML::Node& node, const std::string& where) const {
    static const std::map<std::string, unsigned, std::less<>> kFlags{
        {"dupsort", MDB_DUPSORT},       {"dupfixed", MDB_DUPFIXED},     {"integerkey", MDB_INTEGERKEY},
        {"integerdup", MDB_INTEGERDUP}, {"reversekey", MDB_REVERSEKEY}, {"reversedup", MDB_REVERSEDUP},
    };
    unsigned flags = 0;
    for (const std::string& name : string_list(node, where + " flags")) {
      const auto found = kFlags.find(name);
      if (found == kFlags.end()) bad_file(file_, "unknown database flag '" + name + "' in " + where);
      flags |= found->second;
    }
    if ((flags & (MDB_DUPFIXED | MDB_INTEGERDUP | MDB_REVERSEDUP)) != 0 && (flags & MDB_DUPSORT) == 0)
      bad_file(file_, where + ": dupfixed, integerdup and reversedup need dupsort");
    return flags;
  }

  static bool runner_owned_key(std::string_view key) {
    return key == layout::kSchemaVersionKey || key.starts_with(layout::kMigrationKeyPrefix);
  }

  void check_database_name(const std::string& name, const std::string& where) const {
    if (name.empty()) bad_file(file_, where + ": a database needs a name");
    if (name == layout::kMetaDatabase) bad_file(file_, where + ": 'meta' belongs to the migration runner");
  }

  void check_meta_key(const std::string& key, const std::string& where) const {
    if (key.empty() || key == "*") bad_file(file_, where + ": empty meta key");
    if (runner_owned_key(key)) bad_file(file_, where + ": meta key '" + key + "' belongs to the migration runner");
  }

  MigrationSteps steps(const YAML::Node& node, const std::string& section) const {
    if (!node.IsMap()) bad_file(file_, "'" + section + "' must be a mapping");
    expect_keys(node, "'" + section + "'",
                {"create_databases", "drop_databases", "set_meta", "remove_meta", "rebuild_search"});
    MigrationSteps result;
    if (const YAML::Node creates = node["create_databases"]) {
      if (!creates.IsSequence()) bad_file(file_, section + ".create_databases must be a list");
      for (const YAML::Node& entry : creates) {
        const std::string where = section + ".create_databases";
        if (!entry.IsMap()) bad_file(file_, where + " entries must be mappings");
        expect_keys(entry, where + " entry", {"name", "flags", "description"});
        DatabaseSpec spec;
        spec.name = string_value(required(entry, "name", where + " entry"), "name");
        check_database_name(spec.name, where);
        if (const YAML::Node flags = entry["flags"]) spec.flags = database_flags(flags, where + " '" + spec.name + "'");
        result.create_databases.push_back(std::move(spec));
      }
    }
    if (const YAML::Node drops = node["drop_databases"]) {
      result.drop_databases = string_list(drops, section + ".drop_databases");
      for (const std::string& name : result.drop_databases) check_database_name(name, section + ".drop_databases");
    }
    if (const YAML::Node sets = node["set_meta"]) {
      if (!sets.IsMap()) bad_file(file_, section + ".set_meta must be a mapping");
      for (const auto& entry : sets) {
        const std::string key = string_value(entry.first, section + ".set_meta key");
        check_meta_key(key, section + ".set_meta");
        if (key.ends_with('*')) bad_file(file_, section + ".set_meta: '*' only works in remove_meta");
        result.set_meta.emplace_back(key, unsigned_value(entry.second, section + ".set_meta." + key));
      }
    }
    if (const YAML::Node rebuild = node["rebuild_search"]) {
      const std::string value = string_value(rebuild, section + ".rebuild_search");
      if (value != "true" && value != "false") bad_file(file_, section + ".rebuild_search must be true or false");
      result.rebuild_search = value == "true";
    }
    if (const YAML::Node removes = node["remove_meta"]) {
      result.remove_meta = string_list(removes, section + ".remove_meta");
      for (const std::string& key : result.remove_meta) check_meta_key(key, section + ".remove_meta");
    }
    return result;
  }

  fs::path file_;
};

std::map<std::uint32_t, MigrationRecord> read_applied(const Transaction& txn, MDB_dbi meta) {
  std::map<std::uint32_t, MigrationRecord> applied;
  Cursor cursor(txn, meta);
  for (bool found = cursor.seek(MDB_SET_RANGE, layout::kMigrationKeyPrefix);
       found && cursor.key().starts_with(layout::kMigrationKeyPrefix); found = cursor.move(MDB_NEXT)) {
    try {
      MigrationRecord record = decode_migration(cursor.value());
      applied.emplace(record.version, std::move(record));
    } catch (const CorruptRecord& error) {
      txn.env().fail("corrupt migration record '" + std::string(cursor.key()) + "': " + error.what());
    }
  }
  return applied;
}

std::uint32_t read_schema_version(const Transaction& txn, MDB_dbi meta) {
  const std::optional<std::string_view> value = txn.get(meta, layout::kSchemaVersionKey);
  if (!value) return 0;
  std::uint64_t version = 0;
  try {
    version = parse_fixed64_value(*value);
  } catch (const CorruptRecord&) {
    txn.env().fail("corrupt schema version; the store is corrupt, remove the directory and index again");
  }
  if (version > UINT32_MAX)
    txn.env().fail("corrupt schema version; the store is corrupt, remove the directory and index again");
  return static_cast<std::uint32_t>(version);
}

std::string migration_label(const Migration& migration) {
  return padded_version(migration.version) + "_" + migration.name;
}

std::string describe_meta_value(std::optional<std::string_view> value) {
  if (!value) return "absent";
  if (value->size() == 8) return std::to_string(parse_fixed64_value(*value));
  return std::to_string(value->size()) + " bytes";
}

bool matches_record(const Migration& migration, const MigrationRecord& record) {
  // Runners before the normalised checksum recorded the raw bytes' SHA-256: both stay valid.
  return record.checksum == migration.checksum || record.checksum == migration.raw_checksum;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Performs one section of a migration and says what it changed, one line per effect: the dry run
// runs this same code in a transaction it aborts, so its report is the real run's.
std::vector<std::string> apply_steps(Transaction& txn, MDB_dbi meta, const Migration& migration,
                                     const MigrationSteps& steps) {
  std::vector<std::string> changes;
  for (const DatabaseSpec& database : steps.create_databases) {
    const bool existed = txn.database_entries(database.name).has_value();
    txn.open_database(database.name, MDB_CREATE | database.flags);
    changes.push_back(existed ? "database '" + database.name + "' exists already"
                              : "create database '" + database.name + "'");
  }
  for (const std::string& name : steps.drop_databases) {
    const std::optional<std::uint64_t> entries = txn.database_entries(name);
    if (!entries || !txn.drop_database(name))
      txn.env().fail("migration " + migration_label(migration) + " drops database '" + name +
                     "', which does not exist");
    changes.push_back("drop database '" + name + "' (" + std::to_string(*entries) + " entries)");
  }
  for (const auto& [key, value] : steps.set_meta) {
    const std::string was = describe_meta_value(txn.get(meta, key));
    txn.put(meta, key, fixed64_value(value));
    changes.push_back("set meta '" + key + "' = " + std::to_string(value) + " (was " + was + ")");
  }
  for (const std::string& key : steps.remove_meta) {
    if (!key.ends_with('*')) {
      changes.push_back(txn.erase(meta, key) ? "remove meta '" + key + "'" : "meta '" + key + "' absent already");
      continue;
    }
    const std::string prefix = key.substr(0, key.size() - 1);
    Cursor cursor(txn, meta);
    std::size_t removed = 0;
    // Seek again after each delete: where a deleting cursor is left differs when a page or the
    // whole tree empties.
    while (cursor.seek(MDB_SET_RANGE, prefix) && cursor.key().starts_with(prefix)) {
      cursor.erase_current();
      ++removed;
    }
    changes.push_back("remove meta '" + key + "' (" + std::to_string(removed) + " keys)");
  }
  if (steps.rebuild_search) {
    const std::optional<std::string_view> current = txn.get(meta, layout::kGenerationKey);
    const std::uint64_t generation = current && current->size() == 8 ? parse_fixed64_value(*current) : 0;
    txn.put(meta, layout::kGenerationKey, fixed64_value(generation + 1));
    changes.push_back("generation " + std::to_string(generation) + " -> " + std::to_string(generation + 1) +
                      ": the search index is rebuilt from the store");
  }
  return changes;
}

void append_history(Transaction& txn, const HistoryRecord& record) {
  const std::optional<MDB_dbi> history = txn.open_database(std::string(layout::kMigrationHistory), 0);
  if (!history) return;
  std::uint64_t next = 1;
  {
    Cursor cursor(txn, *history);
    if (cursor.move(MDB_LAST)) next = parse_id_key(cursor.key()) + 1;
  }
  txn.put(*history, id_key(next), encode_history(record), MDB_APPEND);
}

std::map<std::uint32_t, HistoryRecord> newest_up_history(const Transaction& txn) {
  std::map<std::uint32_t, HistoryRecord> newest;
  MDB_dbi history = 0;
  if (mdb_dbi_open(txn.handle(), std::string(layout::kMigrationHistory).c_str(), 0, &history) != MDB_SUCCESS)
    return newest;
  Cursor cursor(txn, history);
  for (bool more = cursor.move(MDB_FIRST); more; more = cursor.move(MDB_NEXT)) {
    try {
      HistoryRecord record = decode_history(cursor.value());
      if (record.direction == "up") newest[record.version] = std::move(record);
    } catch (const CorruptRecord& error) {
      txn.env().fail(std::string("corrupt migration history entry: ") + error.what());
    }
  }
  return newest;
}

}  // namespace

std::string normalised_checksum(std::string_view bytes) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  std::string text;
  text.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != '\r') {
      text.push_back(bytes[i]);
      continue;
    }
    text.push_back('\n');
    if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
  }
  return digest::sha256_hex(text);
}

Migration parse_migration_file(const fs::path& file) { return MigrationParser(file).parse(); }

std::vector<Migration> load_migrations(const fs::path& directory) {
  std::error_code error;
  if (!fs::is_directory(directory, error))
    throw sdk::StoreError("migrations directory '" + directory.string() + "' does not exist");
  std::vector<Migration> migrations;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".yaml" && entry.is_regular_file())
      migrations.push_back(parse_migration_file(entry.path()));
  }
  if (error) throw sdk::StoreError("migrations directory '" + directory.string() + "': " + error.message());
  if (migrations.empty())
    throw sdk::StoreError("migrations directory '" + directory.string() + "' has no NNN_name.yaml files");
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != i + 1) {
      const bool duplicate = i > 0 && migrations[i].version == migrations[i - 1].version;
      throw sdk::StoreError("migrations directory '" + directory.string() + "': " +
                            (duplicate
                                 ? "two files have version " + padded_version(migrations[i].version)
                                 : "version " + padded_version(static_cast<std::uint32_t>(i + 1)) + " is missing"));
    }
  }
  return migrations;
}

bool migrations_applied_unchanged(const Environment& environment, const fs::path& directory) {
  try {
    std::map<std::uint32_t, fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
      if (it->path().extension() != ".yaml" || !it->is_regular_file()) continue;
      if (!files.emplace(parse_file_name(it->path()).first, it->path()).second) return false;
    }
    if (error || files.empty()) return false;
    std::uint32_t schema = 0;
    std::map<std::uint32_t, MigrationRecord> applied;
    {
      std::lock_guard schema_lock(environment.schema_mutex());
      Transaction txn(environment, TxnMode::read);
      const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0);
      if (!meta) return false;
      schema = read_schema_version(txn, *meta);
      applied = read_applied(txn, *meta);
    }
    if (schema != files.rbegin()->first || applied.size() != files.size()) return false;
    for (const auto& [version, record] : applied) {
      const auto file = files.find(version);
      if (file == files.end()) return false;
      const std::string bytes = read_bytes(file->second);
      // As matches_record: the normalised checksum, or the raw bytes' one older runners recorded.
      if (record.checksum != normalised_checksum(bytes) && record.checksum != digest::sha256_hex(bytes)) return false;
    }
    return true;
  } catch (const sdk::StoreError&) {
    return false;  // the full load and verification say what is wrong
  }
}

std::string_view to_string(MigrationState state) {
  switch (state) {
    case MigrationState::applied:
      return "applied";
    case MigrationState::pending:
      return "pending";
    case MigrationState::modified:
      return "modified";
    case MigrationState::missing:
      return "missing";
  }
  return "unknown";
}

MigrationRunner::MigrationRunner(std::shared_ptr<Environment> environment, std::vector<Migration> migrations)
    : environment_(std::move(environment)), migrations_(std::move(migrations)) {
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

const Migration* MigrationRunner::find(std::uint32_t version) const {
  const auto found = std::find_if(migrations_.begin(), migrations_.end(),
                                  [version](const Migration& migration) { return migration.version == version; });
  return found == migrations_.end() ? nullptr : &*found;
}

std::uint32_t MigrationRunner::latest_version() const { return migrations_.empty() ? 0 : migrations_.back().version; }

std::uint32_t MigrationRunner::required_version() const {
  for (auto it = migrations_.rbegin(); it != migrations_.rend(); ++it)
    if (!it->deferrable) return it->version;
  return 0;
}

std::uint32_t MigrationRunner::schema_version() const {
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::read);
  const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0);
  return meta ? read_schema_version(txn, *meta) : 0;
}

std::vector<MigrationStatus> MigrationRunner::status() const {
  std::map<std::uint32_t, MigrationRecord> applied;
  std::map<std::uint32_t, HistoryRecord> history;
  {
    std::lock_guard schema_lock(environment_->schema_mutex());
    Transaction txn(*environment_, TxnMode::read);
    if (const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0))
      applied = read_applied(txn, *meta);
    history = newest_up_history(txn);
  }
  std::map<std::uint32_t, MigrationStatus> statuses;
  for (const Migration& migration : migrations_) {
    MigrationStatus& status = statuses[migration.version];
    status.version = migration.version;
    status.name = migration.name;
    status.file_checksum = migration.checksum;
    status.state = MigrationState::pending;
    status.reversible = migration.down.has_value();
    status.file = migration.file;
  }
  for (const auto& [version, record] : applied) {
    MigrationStatus& status = statuses[version];
    const bool known = !status.file_checksum.empty();
    status.version = version;
    if (!known) status.name = record.name;
    status.applied_checksum = record.checksum;
    status.applied_unix = record.applied_unix;
    if (const auto entry = history.find(version); entry != history.end())
      status.duration_ms = entry->second.duration_ms;
    status.state = !known                                   ? MigrationState::missing
                   : matches_record(*find(version), record) ? MigrationState::applied
                                                            : MigrationState::modified;
  }
  std::vector<MigrationStatus> result;
  for (auto& [version, status] : statuses) result.push_back(std::move(status));
  return result;
}

void MigrationRunner::verify(const Transaction& txn, std::optional<MDB_dbi> meta) const {
  if (!meta) return;  // nothing applied yet
  const std::uint32_t schema = read_schema_version(txn, *meta);
  const std::uint32_t latest = latest_version();
  const std::map<std::uint32_t, MigrationRecord> applied = read_applied(txn, *meta);
  const auto newer_schema = [&](std::uint32_t version) {
    std::string missing;
    if (const auto record = applied.find(latest + 1); record != applied.end() && !migrations_.empty())
      missing = ": migration file " + padded_version(latest + 1) + "_" + record->second.name + ".yaml is not in " +
                migrations_.front().file.parent_path().string();
    environment_->fail("schema version " + std::to_string(version) +
                       " is newer than the newest migration this ax knows (" + std::to_string(latest) + ")" + missing +
                       "; use a newer ax, restore the file, or re-index into a new directory");
  };
  if (schema > latest) newer_schema(schema);

  const std::uint32_t newest_applied = applied.empty() ? 0 : applied.rbegin()->first;
  if (newest_applied != schema)
    environment_->fail("schema version " + std::to_string(schema) + " disagrees with the newest applied migration (" +
                       std::to_string(newest_applied) +
                       "); the store is corrupt, remove the directory and index again");
  for (const auto& [version, record] : applied) {
    const Migration* migration = find(version);
    if (migration == nullptr) {
      if (version > latest) newer_schema(version);
      environment_->fail("migration " + padded_version(version) + "_" + record.name +
                         " was applied but its file is missing from the migrations directory");
    }
    if (!matches_record(*migration, record))
      environment_->fail("migration file '" + migration->file.string() + "' changed after it was applied (sha256 " +
                         migration->checksum + ", applied " + record.checksum + "); restore the original file");
  }
  for (const Migration& migration : migrations_)
    if (!applied.contains(migration.version) && migration.version < schema)
      environment_->fail("migration " + migration_label(migration) +
                         " is pending but the store is already at schema version " + std::to_string(schema));
}

void MigrationRunner::verify() const {
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::read);
  verify(txn, txn.open_database(std::string(layout::kMetaDatabase), 0));
}

std::vector<std::uint32_t> MigrationRunner::migrate() {
  // Most opens find nothing to do: check that under a read transaction, so that opening a store
  // never waits for another process's long write transaction.
  const std::vector<MigrationStatus> current = status();
  const bool anything_pending = std::any_of(current.begin(), current.end(), [](const MigrationStatus& status) {
    return status.state == MigrationState::pending;
  });
  if (!anything_pending) {
    verify();
    return {};
  }

  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::write);
  const MDB_dbi meta = *txn.open_database(std::string(layout::kMetaDatabase), MDB_CREATE);
  verify(txn, meta);
  const std::map<std::uint32_t, MigrationRecord> applied = read_applied(txn, meta);
  const std::int64_t now = unix_now();
  std::vector<std::uint32_t> versions;
  for (const Migration& migration : migrations_) {
    if (applied.contains(migration.version)) continue;
    run_step(txn, meta, migration, true, now);
    versions.push_back(migration.version);
  }
  txn.commit();
  return versions;
}

std::vector<std::uint32_t> MigrationRunner::rollback(std::uint32_t target_version) {
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::write);
  const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0);
  if (!meta) return {};
  verify(txn, meta);
  const std::map<std::uint32_t, MigrationRecord> applied = read_applied(txn, *meta);
  std::vector<std::uint32_t> versions;
  for (auto it = applied.rbegin(); it != applied.rend() && it->first > target_version; ++it) {
    run_step(txn, *meta, *find(it->first), false, unix_now());  // verify() saw every applied file
    versions.push_back(it->first);
  }
  txn.commit();
  return versions;
}

std::vector<const Migration*> MigrationRunner::pending_until(std::optional<std::uint32_t> to) const {
  verify();
  const std::uint32_t schema = schema_version();
  if (to) {
    if (find(*to) == nullptr)
      environment_->fail("no migration has version " + std::to_string(*to) + " (the newest is " +
                         std::to_string(latest_version()) + ")");
    if (*to <= schema)
      environment_->fail("the store is already at schema version " + std::to_string(schema) +
                         "; --to must name a newer version (ax db rollback goes back)");
  }
  std::vector<const Migration*> pending;
  for (const MigrationStatus& status : this->status())
    if (status.state == MigrationState::pending && (!to || status.version <= *to))
      pending.push_back(find(status.version));
  return pending;
}

std::vector<const Migration*> MigrationRunner::applied_after(std::uint32_t to) const {
  verify();
  const std::uint32_t schema = schema_version();
  if (to >= schema)
    environment_->fail("the store is at schema version " + std::to_string(schema) +
                       "; rollback --to must name an older version");
  std::vector<const Migration*> applied;
  bool target_applied = to == 0;
  for (const MigrationStatus& status : this->status()) {
    if (status.state == MigrationState::pending) continue;
    if (status.version == to) target_applied = true;
    if (status.version > to) applied.insert(applied.begin(), find(status.version));  // verify() saw every file
  }
  if (!target_applied)
    environment_->fail("version " + std::to_string(to) + " was never applied to this store; ax db status lists them");
  return applied;
}

StepReport MigrationRunner::run_step(Transaction& txn, MDB_dbi meta, const Migration& migration, bool up,
                                     std::int64_t started_unix) {
  const auto started = std::chrono::steady_clock::now();
  StepReport report{migration.version, migration.name, up, {}, 0};
  const std::uint32_t schema_before = read_schema_version(txn, meta);
  if (up) {
    report.changes = apply_steps(txn, meta, migration, migration.up);
    txn.put(meta, migration_key(migration.version),
            encode_migration({migration.version, migration.name, migration.checksum, started_unix}));
    txn.put(meta, layout::kSchemaVersionKey, fixed64_value(migration.version));
    report.changes.push_back("record migration " + migration_label(migration) + " as applied");
  } else {
    if (!migration.down)
      environment_->fail("migration " + migration_label(migration) + " cannot be rolled back: it has no 'down' steps");
    report.changes = apply_steps(txn, meta, migration, *migration.down);
    txn.erase(meta, migration_key(migration.version));
    const std::map<std::uint32_t, MigrationRecord> remaining = read_applied(txn, meta);
    if (remaining.empty())
      txn.erase(meta, layout::kSchemaVersionKey);
    else
      txn.put(meta, layout::kSchemaVersionKey, fixed64_value(remaining.rbegin()->first));
    report.changes.push_back("forget migration " + migration_label(migration));
  }
  report.changes.push_back("schema version " + std::to_string(schema_before) + " -> " +
                           std::to_string(read_schema_version(txn, meta)));
  report.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  const bool has_history = txn.database_entries(std::string(layout::kMigrationHistory)).has_value();
  if (has_history) {
    append_history(txn, {migration.version, migration.name, up ? "up" : "down", migration.checksum, started_unix,
                         report.duration_ms});
    report.changes.push_back("append a migration history entry");
  }
  return report;
}

std::vector<StepReport> MigrationRunner::run_each(const std::vector<std::pair<const Migration*, bool>>& steps,
                                                  const StepObserver& observer) {
  std::vector<StepReport> reports;
  for (const auto& [migration, up] : steps) {
    if (observer.before) observer.before(*migration, up);  // may throw: nothing of this step is written yet
    const auto started = std::chrono::steady_clock::now();
    try {
      std::lock_guard schema_lock(environment_->schema_mutex());
      Transaction txn(*environment_, TxnMode::write);
      const MDB_dbi meta = *txn.open_database(std::string(layout::kMetaDatabase), MDB_CREATE);
      verify(txn, meta);
      StepReport report = run_step(txn, meta, *migration, up, unix_now());
      crash_point(up ? "migrate.before_commit" : "rollback.before_commit");
      txn.commit();
      crash_point(up ? "migrate.after_commit" : "rollback.after_commit");
      report.duration_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      reports.push_back(std::move(report));
    } catch (const std::exception& error) {
      if (observer.on_error) observer.on_error(*migration, up, error.what());
      throw;
    }
    if (observer.after) observer.after(reports.back());
  }
  return reports;
}

std::vector<StepReport> MigrationRunner::plan(const std::vector<std::pair<const Migration*, bool>>& steps) {
  std::vector<StepReport> reports;
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::write);  // never committed: aborted when it goes out of scope
  const MDB_dbi meta = *txn.open_database(std::string(layout::kMetaDatabase), MDB_CREATE);
  verify(txn, meta);
  for (const auto& [migration, up] : steps) {
    reports.push_back(run_step(txn, meta, *migration, up, 0));
    reports.back().duration_ms = 0;
  }
  return reports;
}

void MigrationRunner::record_restore(std::uint32_t version, const std::string& backup_name, std::int64_t duration_ms) {
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::write);
  const Migration* migration = find(version);
  append_history(txn,
                 {version, migration ? migration->name : backup_name, "restore", backup_name, unix_now(), duration_ms});
  txn.commit();
}

}  // namespace ax::lmdb_store
