// Migration files: parsing, checksums, applying once, tamper and newer-schema refusal, rollback.
#include <catch2/catch.hpp>

#include <ax/sdk/storage.hpp>

#include <ax/digest/sha256.hpp>
#include "byte_codec.hpp"
#include "layout.hpp"
#include "lmdb_symbol_store.hpp"
#include "migrations.hpp"
#include "test_support.hpp"

using namespace ax::lmdb_store;
using ax::lmdb_store::testing::read_file;
using ax::lmdb_store::testing::TempDir;
using ax::lmdb_store::testing::write_file;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path kRepositoryMigrations = AX_MIGRATIONS_DIR;

constexpr const char* kFirst = R"(version: 1
name: first
description: Two databases and a counter.
up:
  create_databases:
    - name: plain
    - name: multi
      flags: [dupsort, dupfixed]
  set_meta:
    counter: 7
down:
  drop_databases: [plain, multi]
  remove_meta: [counter]
)";

constexpr const char* kSecond = R"(version: 2
name: second
up:
  create_databases:
    - name: extra
      flags: [dupsort]
  set_meta:
    zz/one: 1
    zz/two: 2
down:
  drop_databases: [extra]
  remove_meta: ["zz/*"]
)";

constexpr const char* kThirdWithoutDown = R"(version: 3
name: third
up:
  set_meta:
    third: 3
)";

std::optional<std::uint64_t> meta_value(const Environment& env, const std::string& key) {
  Transaction txn(env, TxnMode::read);
  const std::optional<MDB_dbi> meta = txn.open_database("meta", 0);
  if (!meta) return std::nullopt;
  const std::optional<std::string_view> value = txn.get(*meta, key);
  if (!value) return std::nullopt;
  return parse_fixed64_value(*value);
}

bool database_exists(const Environment& env, const std::string& name, unsigned flags = 0) {
  std::lock_guard lock(env.schema_mutex());
  Transaction txn(env, TxnMode::read);
  return txn.open_database(name, flags).has_value();
}

// A migrations directory and a store directory, side by side.
struct Workspace {
  TempDir root;
  std::filesystem::path migrations = root / "migrations";
  std::filesystem::path store = root / "store";

  Workspace() { std::filesystem::create_directories(migrations); }
  void add(const std::string& file, const std::string& content) const { write_file(migrations / file, content); }
  MigrationRunner runner() const { return MigrationRunner(Environment::open(store), load_migrations(migrations)); }
};

}  // namespace

TEST_CASE("the repository's initial migration parses and creates the store's layout", "[migrations]") {
  const std::vector<Migration> migrations = load_migrations(kRepositoryMigrations);
  REQUIRE_FALSE(migrations.empty());
  const Migration& initial = migrations.front();
  CHECK(initial.version == 1);
  CHECK(initial.name == "initial");
  CHECK(initial.checksum == ax::digest::sha256_hex(read_file(kRepositoryMigrations / "001_initial.yaml")));
  std::vector<std::string> names;
  for (const DatabaseSpec& database : initial.up.create_databases) {
    names.push_back(database.name);
    if (database.name == layout::kNames) CHECK(database.flags == (MDB_DUPSORT | MDB_DUPFIXED));
    if (database.name == layout::kReferences) CHECK(database.flags == 0);
  }
  CHECK(names == std::vector<std::string>{"files", "file_ids", "symbols", "names", "file_symbols", "imports",
                                          "references", "file_references"});
  REQUIRE(initial.down.has_value());
  CHECK(initial.down->drop_databases.size() == names.size());
}

TEST_CASE("migration files are parsed strictly", "[migrations]") {
  Workspace workspace;
  const auto rejects = [&](const std::string& file, const std::string& content, const std::string& message) {
    workspace.add(file, content);
    CHECK_THROWS_WITH(parse_migration_file(workspace.migrations / file), Contains(message) && Contains(file));
  };
  rejects("1_first.yaml", kFirst, "NNN_name.yaml");
  rejects("001_First.yaml", kFirst, "NNN_name.yaml");
  rejects("002_first.yaml", kFirst, "says version 1");
  rejects("001_other.yaml", kFirst, "says name 'first'");
  rejects("001_first.yaml", std::string(kFirst) + "surprise: true\n", "unknown key 'surprise'");
  rejects("001_first.yaml", "version: 1\nname: first\n", "missing 'up'");
  rejects("001_first.yaml", "version: 1\nname: first\nup:\n  create_databases:\n    - name: x\n      flags: [sorted]\n",
          "unknown database flag 'sorted'");
  rejects("001_first.yaml",
          "version: 1\nname: first\nup:\n  create_databases:\n    - name: x\n      flags: [dupfixed]\n",
          "need dupsort");
  rejects("001_first.yaml", "version: 1\nname: first\nup:\n  set_meta:\n    counter: -1\n", "unsigned integer");
  rejects("001_first.yaml", "version: 1\nname: first\nup:\n  set_meta:\n    schema_version: 9\n",
          "belongs to the migration runner");
  rejects("001_first.yaml", "version: 1\nname: first\nup:\n  create_databases:\n    - name: meta\n",
          "belongs to the migration runner");
  rejects("001_first.yaml", "version: 1\nname: first\nup: [\n", "line");
  // Found by fuzzing (tests/fuzz/regressions/migrations): a key that is itself a mapping or a list.
  rejects("001_first.yaml", "version: 1\nname: first\nup:\n  ? {a: 1}\n  : x\n", "a key in 'up' is not a plain name");
  rejects("001_first.yaml", "? [version]\n: 1\nname: first\nup: {}\n", "a key in the file is not a plain name");
}

TEST_CASE("a migrations directory must hold versions 1..N without gaps", "[migrations]") {
  Workspace workspace;
  CHECK_THROWS_WITH(load_migrations(workspace.migrations), Contains("has no NNN_name.yaml files"));
  CHECK_THROWS_WITH(load_migrations(workspace.root / "absent"), Contains("does not exist"));
  workspace.add("002_second.yaml", kSecond);
  CHECK_THROWS_WITH(load_migrations(workspace.migrations), Contains("version 001 is missing"));
  workspace.add("001_first.yaml", kFirst);
  workspace.add("README.md", "not a migration");
  CHECK(load_migrations(workspace.migrations).size() == 2);
  workspace.add("002_again.yaml", std::string(kSecond).replace(std::string(kSecond).find("second"), 6, "again"));
  CHECK_THROWS_WITH(load_migrations(workspace.migrations), Contains("two files have version 002"));
}

TEST_CASE("pending migrations are applied once, in order, and recorded with their checksums", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.add("002_second.yaml", kSecond);
  MigrationRunner runner = workspace.runner();

  CHECK(runner.schema_version() == 0);
  CHECK(runner.latest_version() == 2);
  for (const MigrationStatus& status : runner.status()) CHECK(status.state == MigrationState::pending);

  CHECK(runner.migrate() == std::vector<std::uint32_t>{1, 2});
  CHECK(runner.migrate().empty());
  CHECK(runner.schema_version() == 2);

  const std::vector<MigrationStatus> statuses = runner.status();
  REQUIRE(statuses.size() == 2);
  CHECK(statuses[0].state == MigrationState::applied);
  CHECK(statuses[0].applied_checksum == ax::digest::sha256_hex(kFirst));
  CHECK(statuses[0].applied_unix > 0);
  CHECK(statuses[1].name == "second");

  const std::shared_ptr<Environment> env = Environment::open(workspace.store);
  CHECK(meta_value(*env, "counter") == 7);
  CHECK(meta_value(*env, "zz/two") == 2);
  CHECK(meta_value(*env, "schema_version") == 2);
  CHECK(database_exists(*env, "plain"));
  CHECK(database_exists(*env, "multi", MDB_DUPSORT | MDB_DUPFIXED));
  CHECK(database_exists(*env, "extra", MDB_DUPSORT));

  // A new file later is applied on its own, leaving the earlier records alone.
  workspace.add("003_third.yaml", kThirdWithoutDown);
  MigrationRunner later = workspace.runner();
  CHECK(later.migrate() == std::vector<std::uint32_t>{3});
  CHECK(later.status()[0].applied_unix == statuses[0].applied_unix);
  CHECK(meta_value(*env, "third") == 3);
}

TEST_CASE("a changed migration file is refused", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.runner().migrate();

  workspace.add("001_first.yaml", std::string(kFirst) + "# an innocent comment\n");
  MigrationRunner runner = workspace.runner();
  CHECK(runner.status()[0].state == MigrationState::modified);
  CHECK_THROWS_WITH(runner.verify(), Contains("001_first.yaml") && Contains("changed after it was applied"));
  CHECK_THROWS_AS(runner.migrate(), ax::sdk::StoreError);

  workspace.add("001_first.yaml", kFirst);
  CHECK_NOTHROW(workspace.runner().verify());
}

TEST_CASE("a store with a newer schema than the newest file is refused", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.add("002_second.yaml", kSecond);
  workspace.runner().migrate();

  std::filesystem::remove(workspace.migrations / "002_second.yaml");
  MigrationRunner runner = workspace.runner();
  CHECK(runner.status()[1].state == MigrationState::missing);
  CHECK_THROWS_WITH(runner.verify(), Contains("schema version 2 is newer") && Contains(workspace.store.string()));
  CHECK_THROWS_WITH(runner.migrate(), Contains("newer"));
}

TEST_CASE("an existing database with other flags is refused", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  {
    const std::shared_ptr<Environment> env = Environment::open(workspace.store);
    Transaction txn(*env, TxnMode::write);
    txn.open_database("multi", MDB_CREATE);  // not dupsort
    txn.commit();
  }
  CHECK_THROWS_WITH(workspace.runner().migrate(), Contains("'multi'") && Contains("layout"));
  CHECK(workspace.runner().schema_version() == 0);  // nothing of the failed transaction remains
}

TEST_CASE("rollback undoes migrations newest first with their down steps", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.add("002_second.yaml", kSecond);
  MigrationRunner runner = workspace.runner();
  runner.migrate();
  const std::shared_ptr<Environment> env = Environment::open(workspace.store);

  CHECK(runner.rollback(1) == std::vector<std::uint32_t>{2});
  CHECK(runner.schema_version() == 1);
  CHECK_FALSE(database_exists(*env, "extra"));
  CHECK_FALSE(meta_value(*env, "zz/one"));  // removed by the "zz/*" prefix, the last keys of meta
  CHECK_FALSE(meta_value(*env, "zz/two"));
  CHECK(meta_value(*env, "counter") == 7);
  CHECK(runner.status()[1].state == MigrationState::pending);

  CHECK(runner.rollback(0) == std::vector<std::uint32_t>{1});
  CHECK(runner.schema_version() == 0);
  CHECK_FALSE(database_exists(*env, "plain"));
  CHECK_FALSE(meta_value(*env, "counter"));
  CHECK(runner.rollback(0).empty());

  CHECK(runner.migrate() == std::vector<std::uint32_t>{1, 2});
  CHECK(meta_value(*env, "zz/one") == 1);
}

TEST_CASE("a migration without down steps cannot be rolled back", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.add("002_second.yaml", kSecond);
  workspace.add("003_third.yaml", kThirdWithoutDown);
  MigrationRunner runner = workspace.runner();
  runner.migrate();
  CHECK_THROWS_WITH(runner.rollback(1), Contains("003_third cannot be rolled back"));
  CHECK(runner.schema_version() == 3);  // the failed rollback changed nothing
  CHECK(meta_value(*Environment::open(workspace.store), "zz/one") == 1);
  CHECK_THROWS(runner.rollback(2));
  CHECK(runner.rollback(3).empty());
}

TEST_CASE("opening the store applies the repository's migrations once", "[migrations][store]") {
  TempDir root;
  {
    const auto store = open_lmdb_symbol_store(root / "store", kRepositoryMigrations);
    CHECK(store->schema_version() == load_migrations(kRepositoryMigrations).back().version);
  }
  MigrationRunner runner(Environment::open(root / "store"), load_migrations(kRepositoryMigrations));
  const std::int64_t applied_at = runner.status()[0].applied_unix;
  {
    const auto reopened = open_lmdb_symbol_store(root / "store", kRepositoryMigrations);
    CHECK(reopened->generation() == 0);
  }
  CHECK(runner.migrate().empty());
  CHECK(runner.status()[0].applied_unix == applied_at);
}

TEST_CASE("opening a store whose migration file changed or whose schema is newer fails", "[migrations][store]") {
  TempDir root;
  const std::filesystem::path migrations = root / "migrations";
  std::filesystem::create_directories(migrations);
  std::filesystem::copy(kRepositoryMigrations / "001_initial.yaml", migrations / "001_initial.yaml");
  open_lmdb_symbol_store(root / "store", migrations);

  write_file(migrations / "001_initial.yaml", read_file(migrations / "001_initial.yaml") + "\n# edited\n");
  CHECK_THROWS_WITH(open_lmdb_symbol_store(root / "store", migrations),
                    Contains("changed after it was applied") && Contains((root / "store").string()));

  std::filesystem::copy(kRepositoryMigrations / "001_initial.yaml", migrations / "001_initial.yaml",
                        std::filesystem::copy_options::overwrite_existing);
  const std::vector<Migration> released = load_migrations(kRepositoryMigrations);
  for (const auto& entry : std::filesystem::directory_iterator(kRepositoryMigrations))
    if (entry.path().filename() != "001_initial.yaml" && entry.path().extension() == ".yaml")
      std::filesystem::copy(entry.path(), migrations / entry.path().filename());
  const std::uint32_t later = released.back().version + 1;
  char later_name[32];
  std::snprintf(later_name, sizeof later_name, "%03u_later.yaml", later);
  write_file(migrations / later_name,
             "version: " + std::to_string(later) + "\nname: later\nup:\n  set_meta:\n    later: 1\n");
  MigrationRunner(Environment::open(root / "store"), load_migrations(migrations)).migrate();  // a "newer ax"
  CHECK_THROWS_WITH(open_lmdb_symbol_store(root / "store", kRepositoryMigrations), Contains("is newer than"));
}

TEST_CASE("a store whose only pending migrations are deferrable opens; any other pending one refuses",
          "[migrations][store]") {
  TempDir root;
  const std::filesystem::path migrations = root / "migrations";
  std::filesystem::create_directories(migrations);
  for (const auto& entry : std::filesystem::directory_iterator(kRepositoryMigrations))
    if (entry.path().extension() == ".yaml") std::filesystem::copy(entry.path(), migrations / entry.path().filename());
  open_lmdb_symbol_store(root / "store", migrations);
  const std::uint32_t released = load_migrations(migrations).back().version;
  const auto add = [&](std::uint32_t version, bool deferrable) {
    char name[32];
    std::snprintf(name, sizeof name, "%03u_later%u.yaml", version, version);
    write_file(migrations / name, "version: " + std::to_string(version) + "\nname: later" + std::to_string(version) +
                                      "\n" + (deferrable ? "deferrable: true\n" : "") + "up:\n  set_meta:\n    later" +
                                      std::to_string(version) + ": 1\n");
  };
  add(released + 1, true);
  const std::vector<Migration> loaded = load_migrations(migrations);
  CHECK(loaded.back().deferrable);
  CHECK(!loaded.front().deferrable);
  CHECK(MigrationRunner(Environment::open(root / "store"), loaded).required_version() <= released);
  CHECK(open_lmdb_symbol_store(root / "store", migrations)->schema_version() == released);
  add(released + 2, false);
  CHECK_THROWS_WITH(open_lmdb_symbol_store(root / "store", migrations), Contains("pending migrations"));
  char name[32];
  std::snprintf(name, sizeof name, "%03u_later%u.yaml", released + 1, released + 1);
  write_file(migrations / name, "version: " + std::to_string(released + 1) + "\nname: later" +
                                    std::to_string(released + 1) + "\ndeferrable: maybe\nup:\n  set_meta:\n    x: 1\n");
  CHECK_THROWS_WITH(load_migrations(migrations), Contains("'deferrable' must be true or false"));
}

TEST_CASE("a store at every migration, each file unchanged, is recognised without parsing the files", "[migrations]") {
  Workspace workspace;
  workspace.add("001_first.yaml", kFirst);
  workspace.add("002_second.yaml", kSecond);
  CHECK_FALSE(migrations_applied_unchanged(*Environment::open(workspace.store), workspace.migrations));  // a new store
  workspace.runner().migrate();
  const auto current = [&] {
    return migrations_applied_unchanged(*Environment::open(workspace.store), workspace.migrations);
  };
  CHECK(current());
  workspace.add("README.md", "not a migration");
  CHECK(current());

  std::string crlf;  // the same file checked out with other line endings: the normalised checksum matches
  for (const char c : std::string(kFirst)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  workspace.add("001_first.yaml", crlf);
  CHECK(current());

  workspace.add("001_first.yaml", std::string(kFirst) + "# an innocent comment\n");
  CHECK_FALSE(current());  // changed since it was applied
  workspace.add("001_first.yaml", kFirst);
  workspace.add("003_third.yaml", kThirdWithoutDown);
  CHECK_FALSE(current());  // pending
  std::filesystem::remove(workspace.migrations / "003_third.yaml");
  workspace.add("1_bad.yaml", kFirst);
  CHECK_FALSE(current());  // a file the full load refuses, with its reason
  std::filesystem::remove(workspace.migrations / "1_bad.yaml");
  std::filesystem::remove(workspace.migrations / "002_second.yaml");
  CHECK_FALSE(current());  // applied, file missing
  workspace.add("002_second.yaml", kSecond);
  CHECK(current());
}
