#include "migrations.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <ax/sdk/storage.hpp>

#include <ax/digest/sha256.hpp>
#include "byte_codec.hpp"
#include "layout.hpp"
#include "records.hpp"

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void bad_file(const fs::path& file, const std::string& why) {
  throw sdk::StoreError("migration file '" + file.string() + "': " + why);
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) bad_file(file, "cannot be read");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) bad_file(file, "cannot be read");
  return std::move(bytes).str();
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

// Reads a YAML file strictly: unknown keys are errors, so that a file written for a newer runner
// (with steps this one cannot perform) is refused instead of half-applied.
class MigrationParser {
 public:
  explicit MigrationParser(fs::path file) : file_(std::move(file)) {}

  Migration parse() {
    Migration migration;
    migration.file = file_;
    const std::string bytes = read_bytes(file_);
    migration.checksum = digest::sha256_hex(bytes);
    const auto [file_version, file_name] = parse_file_name();

    YAML::Node root;
    try {
      root = YAML::Load(bytes);
    } catch (const YAML::Exception& error) {
      bad_file(file_, "line " + std::to_string(error.mark.line + 1) + ": " + error.msg);
    }
    if (!root.IsMap()) bad_file(file_, "must be a YAML mapping");
    expect_keys(root, "the file", {"version", "name", "description", "up", "down"});

    const std::uint64_t version = unsigned_value(required(root, "version", "the file"), "version");
    if (version != file_version)
      bad_file(file_, "says version " + std::to_string(version) + " but its name says " + std::to_string(file_version));
    migration.version = file_version;
    migration.name = string_value(required(root, "name", "the file"), "name");
    if (migration.name != file_name)
      bad_file(file_, "says name '" + migration.name + "' but its file name says '" + file_name + "'");
    if (const YAML::Node description = root["description"])
      migration.description = string_value(description, "description");
    migration.up = steps(required(root, "up", "the file"), "up");
    if (const YAML::Node down = root["down"]) migration.down = steps(down, "down");
    return migration;
  }

 private:
  // NNN_name.yaml: at least three digits, an underscore, then lower-case letters, digits and '_'.
  std::pair<std::uint32_t, std::string> parse_file_name() const {
    const std::string stem = file_.stem().string();
    const std::size_t underscore = stem.find('_');
    const bool well_formed =
        file_.extension() == ".yaml" && underscore != std::string::npos && underscore >= 3 &&
        underscore + 1 < stem.size() &&
        std::all_of(stem.begin(), stem.begin() + static_cast<std::ptrdiff_t>(underscore),
                    [](char c) { return c >= '0' && c <= '9'; }) &&
        std::all_of(stem.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, stem.end(),
                    [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
    if (!well_formed) bad_file(file_, "name must look like NNN_name.yaml (e.g. 001_initial.yaml)");
    const std::optional<std::uint64_t> version = parse_unsigned(std::string_view(stem).substr(0, underscore));
    if (!version || *version == 0 || *version > 999999) bad_file(file_, "version must be between 1 and 999999");
    return {static_cast<std::uint32_t>(*version), stem.substr(underscore + 1)};
  }

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
    expect_keys(node, "'" + section + "'", {"create_databases", "drop_databases", "set_meta", "remove_meta"});
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

void apply_steps(Transaction& txn, MDB_dbi meta, const Migration& migration, const MigrationSteps& steps) {
  for (const DatabaseSpec& database : steps.create_databases)
    txn.open_database(database.name, MDB_CREATE | database.flags);
  for (const std::string& name : steps.drop_databases)
    if (!txn.drop_database(name))
      txn.env().fail("migration " + migration_label(migration) + " drops database '" + name +
                     "', which does not exist");
  for (const auto& [key, value] : steps.set_meta) txn.put(meta, key, fixed64_value(value));
  for (const std::string& key : steps.remove_meta) {
    if (!key.ends_with('*')) {
      txn.erase(meta, key);
      continue;
    }
    const std::string prefix = key.substr(0, key.size() - 1);
    Cursor cursor(txn, meta);
    // Seek again after each delete: where a deleting cursor is left differs when a page or the
    // whole tree empties.
    while (cursor.seek(MDB_SET_RANGE, prefix) && cursor.key().starts_with(prefix)) cursor.erase_current();
  }
}

}  // namespace

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

std::uint32_t MigrationRunner::schema_version() const {
  std::lock_guard schema_lock(environment_->schema_mutex());
  Transaction txn(*environment_, TxnMode::read);
  const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0);
  return meta ? read_schema_version(txn, *meta) : 0;
}

std::vector<MigrationStatus> MigrationRunner::status() const {
  std::map<std::uint32_t, MigrationRecord> applied;
  {
    std::lock_guard schema_lock(environment_->schema_mutex());
    Transaction txn(*environment_, TxnMode::read);
    if (const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0))
      applied = read_applied(txn, *meta);
  }
  std::map<std::uint32_t, MigrationStatus> statuses;
  for (const Migration& migration : migrations_) {
    MigrationStatus& status = statuses[migration.version];
    status.version = migration.version;
    status.name = migration.name;
    status.file_checksum = migration.checksum;
    status.state = MigrationState::pending;
  }
  for (const auto& [version, record] : applied) {
    MigrationStatus& status = statuses[version];
    const bool known = !status.file_checksum.empty();
    status.version = version;
    if (!known) status.name = record.name;
    status.applied_checksum = record.checksum;
    status.applied_unix = record.applied_unix;
    status.state = !known                                    ? MigrationState::missing
                   : record.checksum == status.file_checksum ? MigrationState::applied
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
  const auto newer_schema = [&](std::uint32_t version) {
    environment_->fail("schema version " + std::to_string(version) +
                       " is newer than the newest migration this ax knows (" + std::to_string(latest) +
                       "); use a newer ax or re-index into a new directory");
  };
  if (schema > latest) newer_schema(schema);

  const std::map<std::uint32_t, MigrationRecord> applied = read_applied(txn, *meta);
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
    if (migration->checksum != record.checksum)
      environment_->fail("migration file '" + migration->file.string() + "' changed after it was applied (sha256 " +
                         migration->checksum.substr(0, 12) + "…, applied " + record.checksum.substr(0, 12) +
                         "…); restore the original file");
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
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::uint32_t> versions;
  for (const Migration& migration : migrations_) {
    if (applied.contains(migration.version)) continue;
    apply_steps(txn, meta, migration, migration.up);
    txn.put(meta, migration_key(migration.version),
            encode_migration({migration.version, migration.name, migration.checksum, now}));
    txn.put(meta, layout::kSchemaVersionKey, fixed64_value(migration.version));
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
    const Migration& migration = *find(it->first);  // verify() saw every applied file
    if (!migration.down)
      environment_->fail("migration " + migration_label(migration) + " cannot be rolled back: it has no 'down' steps");
    apply_steps(txn, *meta, migration, *migration.down);
    txn.erase(*meta, migration_key(migration.version));
    versions.push_back(migration.version);
  }
  const auto remaining = applied.lower_bound(target_version + 1);
  const std::uint32_t new_schema = remaining == applied.begin() ? 0 : std::prev(remaining)->first;
  if (new_schema == 0)
    txn.erase(*meta, layout::kSchemaVersionKey);
  else
    txn.put(*meta, layout::kSchemaVersionKey, fixed64_value(new_schema));
  txn.commit();
  return versions;
}

}  // namespace ax::lmdb_store
