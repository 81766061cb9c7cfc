// The maintenance session behind `ax db`: normalised checksums, per-step migrations with history,
// dry runs that write nothing, backups that verify, restores that refuse bad input.
#include <catch2/catch.hpp>

#include <algorithm>

#include <ax/sdk/graph.hpp>

#include <ax/digest/sha256.hpp>

#include "backup.hpp"
#include "lmdb_symbol_store.hpp"
#include "maintenance.hpp"
#include "migrations.hpp"
#include "records.hpp"
#include "test_support.hpp"

using namespace ax::lmdb_store;
using namespace ax::lmdb_store::testing;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path kRepositoryMigrations = AX_MIGRATIONS_DIR;

struct Workspace {
  TempDir root;
  std::filesystem::path migrations = root / "migrations";
  std::filesystem::path store = root / "store";
  // The first two migrations only: these cases add their own 003 and count steps. `all` takes every one.
  explicit Workspace(bool all = false) {
    std::filesystem::create_directories(migrations);
    for (const auto& entry : std::filesystem::directory_iterator(kRepositoryMigrations)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() == ".yaml" && (all || name.starts_with("001_") || name.starts_with("002_")))
        std::filesystem::copy(entry.path(), migrations / entry.path().filename());
    }
  }
  ax::sdk::MaintenanceOptions options() const {
    return {store, migrations, root / "backups", root.path().string(), 10};
  }
  // A store with some files, left at schema 1 (what an older ax created).
  void make_old_store(std::size_t files) {
    {
      auto symbols = open_lmdb_symbol_store(store, migrations);
      auto writer = symbols->begin_write();
      for (std::size_t i = 0; i < files; ++i) {
        const SyntheticFile file = synthetic_file(i, 5, files);
        writer->put_file(file.record, file.result);
      }
      writer->commit();
    }
    MigrationRunner(Environment::open(store), load_migrations(migrations)).rollback(1);
  }
};

}  // namespace

TEST_CASE("checksums ignore a BOM and line endings, and old raw checksums stay valid", "[maintenance]") {
  CHECK(normalised_checksum("a\r\nb\rc\n") == normalised_checksum("a\nb\nc\n"));
  CHECK(normalised_checksum("\xEF\xBB\xBFversion: 1\n") == normalised_checksum("version: 1\n"));
  CHECK(normalised_checksum("a\n") != normalised_checksum("a\n\n"));

  Workspace workspace;
  open_lmdb_symbol_store(workspace.store, workspace.migrations);
  // A CRLF checkout of the same files is not an edit.
  for (const auto& entry : std::filesystem::directory_iterator(workspace.migrations)) {
    std::string text = read_file(entry.path()), crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    write_file(entry.path(), crlf);
  }
  CHECK_NOTHROW(open_lmdb_symbol_store(workspace.store, workspace.migrations));
}

TEST_CASE("an existing store with pending migrations is refused until ax db migrate", "[maintenance]") {
  Workspace workspace;
  workspace.make_old_store(3);
  CHECK_THROWS_WITH(open_lmdb_symbol_store(workspace.store, workspace.migrations), Contains("run 'ax db migrate'"));
  auto session = open_maintenance_session(workspace.options());
  CHECK(session->summary().schema_version == 1);
  const auto status = session->status();
  REQUIRE(status.size() == 2);
  CHECK(status[0].state == "applied");
  CHECK(status[1].state == "pending");
}

TEST_CASE("a dry run reports what the migration does and leaves the file byte for byte", "[maintenance]") {
  Workspace workspace;
  workspace.make_old_store(4);
  const std::string before = read_file(workspace.store / "data.mdb");
  auto session = open_maintenance_session(workspace.options());
  const auto planned = session->migrate(std::nullopt, true);
  CHECK(read_file(workspace.store / "data.mdb") == before);
  CHECK(session->backups().empty());

  std::vector<std::string> lines;
  session->set_progress([&](const std::string& line) { lines.push_back(line); });
  const auto done = session->migrate(std::nullopt, false);
  REQUIRE(planned.size() == 1);
  REQUIRE(done.size() == 1);
  CHECK(planned[0].changes == done[0].changes);
  CHECK(done[0].changes.front() == "create database 'migration_history'");
  CHECK(session->summary().schema_version == 2);
  CHECK(session->summary().entries.at("migration_history") == 1);
  CHECK(session->backups().size() == 1);  // the automatic backup before migrating
  CHECK(session->backups()[0].schema_version == 1);
  CHECK(!lines.empty());

  // Rolling back: the same equality, and the files are still there.
  const std::uint64_t files = session->summary().entries.at("files");
  const auto planned_down = session->rollback(1, true);
  const auto done_down = session->rollback(1, false);
  REQUIRE(done_down.size() == 1);
  CHECK(planned_down[0].changes == done_down[0].changes);
  CHECK(session->summary().schema_version == 1);
  CHECK(session->summary().entries.at("files") == files);
}

TEST_CASE("a store from before the import graph migrates to it and then keeps edges", "[maintenance][graph]") {
  Workspace workspace(true);
  workspace.make_old_store(6);  // schema 1, six files
  CHECK_THROWS_WITH(open_lmdb_symbol_store(workspace.store, workspace.migrations), Contains("run 'ax db migrate'"));
  auto session = open_maintenance_session(workspace.options());
  const auto done = session->migrate(std::nullopt, false);
  const std::uint32_t latest = load_migrations(workspace.migrations).back().version;
  REQUIRE(done.size() == latest - 1);  // 002 onwards
  CHECK(done[1].name == "import_graph");
  CHECK(std::find(done[1].changes.begin(), done[1].changes.end(), "create database 'import_edges'") !=
        done[1].changes.end());
  session.reset();
  auto store = open_lmdb_symbol_store(workspace.store, workspace.migrations);
  auto& graph = dynamic_cast<ax::sdk::ImportGraphReader&>(*store);
  CHECK(!graph.graph_complete());  // nothing resolved yet: the next index run resolves every file
  const std::string path = store->files().front().path;
  {
    auto writer = store->begin_write();
    dynamic_cast<ax::sdk::ImportGraphWriter&>(*writer).put_edges(
        path, {{"", "x", "./x", "import", 1, ax::sdk::ImportResolution::exact}});
    writer->commit();
  }
  CHECK(graph.importers_of("x").size() == 1);
  // And back down: 003 has down steps.
  store.reset();
  auto again = open_maintenance_session(workspace.options());
  const auto down = again->rollback(2, false);
  REQUIRE(down.size() == latest - 2);
  CHECK(down.back().name == "import_graph");
  CHECK(down.back().direction == "down");
  CHECK(again->summary().schema_version == 2);
}

TEST_CASE("a failing before-hook stops the migration before it writes", "[maintenance]") {
  Workspace workspace;
  workspace.make_old_store(2);
  auto session = open_maintenance_session(workspace.options());
  std::vector<std::string> seen;
  session->add_hooks({[&](const ax::sdk::MigrationEvent& e) {
                        seen.push_back("before " + std::to_string(e.version));
                        throw std::runtime_error("hook says no");
                      },
                      [&](const ax::sdk::MigrationEvent& e) { seen.push_back("after " + std::to_string(e.version)); },
                      nullptr});
  CHECK_THROWS_WITH(session->migrate(std::nullopt, false), Contains("hook says no"));
  CHECK(seen == std::vector<std::string>{"before 2"});
  CHECK(session->summary().schema_version == 1);
}

TEST_CASE("backups verify, and damaged, foreign or newer ones are refused without touching the store",
          "[maintenance][backup]") {
  Workspace workspace;
  workspace.make_old_store(20);
  auto session = open_maintenance_session(workspace.options());
  const auto info = session->backup({});
  CHECK(info.schema_version == 1);
  CHECK(info.entries.at("files") == 20);
  CHECK(session->verify_backup(info.file).payload_sha256 == info.payload_sha256);
  const std::string store_bytes = read_file(workspace.store / "data.mdb");

  SECTION("truncated") {
    const std::string bytes = read_file(info.file);
    write_file(info.file, bytes.substr(0, bytes.size() / 2));
    CHECK_THROWS_WITH(session->restore(info.file), Contains(info.file.string()));
  }
  SECTION("tampered") {
    std::string bytes = read_file(info.file);
    bytes[bytes.size() / 2] ^= 0x55;
    write_file(info.file, bytes);
    CHECK_THROWS_WITH(session->restore(info.file), Contains("backup '" + info.file.string()));
  }
  SECTION("another repository") {
    auto options = workspace.options();
    options.repository = "/somewhere/else";
    auto other = open_maintenance_session(options);
    CHECK_THROWS_WITH(other->restore(info.file), Contains("belongs to the repository"));
  }
  SECTION("newer schema") {
    std::string manifest = read_file(info.manifest);
    const auto at = manifest.find("\"schema_version\":1");
    REQUIRE(at != std::string::npos);
    manifest.replace(at, 18, "\"schema_version\":9");
    write_file(info.manifest, manifest);
    CHECK_THROWS_WITH(session->restore(info.file), Contains("newer than this ax knows"));
  }
  CHECK(read_file(workspace.store / "data.mdb") == store_bytes);
}

TEST_CASE("restore swaps a verified backup in and keeps a backup of the state before", "[maintenance][backup]") {
  Workspace workspace;
  workspace.make_old_store(10);
  auto session = open_maintenance_session(workspace.options());
  const auto ten_files = session->backup({});
  session->migrate(std::nullopt, false);
  CHECK(session->summary().schema_version == 2);
  const auto before = session->restore(ten_files.file);
  CHECK(before.schema_version == 2);
  CHECK(session->summary().schema_version == 1);
  CHECK(session->summary().entries.at("files") == 10);
  CHECK(!std::filesystem::exists(workspace.root / "store.staging"));
}

TEST_CASE("rollback of a migration without down steps restores the backup taken before it", "[maintenance]") {
  Workspace workspace;
  workspace.make_old_store(5);
  write_file(workspace.migrations / "003_no_way_back.yaml",
             "version: 3\nname: no_way_back\nup:\n  set_meta:\n    one_way: 1\n");
  auto session = open_maintenance_session(workspace.options());
  CHECK_THROWS_WITH(session->migrate(7, false), Contains("no migration has version 7"));
  session->migrate(std::nullopt, false);  // backs up at schema 1 first
  CHECK(session->summary().schema_version == 3);
  CHECK_THROWS_WITH(session->rollback(5, false), Contains("older version"));
  const auto steps = session->rollback(2, false);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].direction == "restore");  // 003 has no down: the schema-1 backup from before it...
  CHECK(steps[1].direction == "up");       // ...then 002 again, up to the target
  CHECK(steps[1].version == 2);
  CHECK(session->summary().schema_version == 2);
  CHECK(session->summary().entries.at("files") == 5);
}

TEST_CASE("retention keeps the newest backups and never names given by hand", "[maintenance][backup]") {
  Workspace workspace;
  workspace.make_old_store(1);
  auto options = workspace.options();
  options.backup_keep = 2;
  auto session = open_maintenance_session(options);
  ax::sdk::BackupOptions fixed;
  fixed.timestamp = false;
  session->backup(fixed);
  for (int i = 0; i < 4; ++i) session->backup({});
  const auto left = session->backups();
  CHECK(left.size() == 3);  // two timestamped + the fixed name
}

TEST_CASE("a migration that needs the search index rebuilt bumps the generation, in the dry run too", "[maintenance]") {
  Workspace workspace;
  workspace.make_old_store(3);
  write_file(workspace.migrations / "003_reindex.yaml",
             "version: 3\nname: reindex\nup:\n  rebuild_search: true\ndown:\n  rebuild_search: true\n");
  auto session = open_maintenance_session(workspace.options());
  const std::uint64_t generation = session->summary().generation;
  const auto planned = session->migrate(std::nullopt, true);
  CHECK(session->summary().generation == generation);
  const auto done = session->migrate(std::nullopt, false);
  REQUIRE(done.size() == 2);
  CHECK(planned[1].changes == done[1].changes);
  CHECK(done[1].changes.front() == "generation " + std::to_string(generation) + " -> " +
                                       std::to_string(generation + 1) + ": the search index is rebuilt from the store");
  CHECK(session->summary().generation == generation + 1);
  write_file(workspace.migrations / "004_bad.yaml", "version: 4\nname: bad\nup:\n  rebuild_search: maybe\n");
  CHECK_THROWS_WITH(load_migrations(workspace.migrations), Contains("rebuild_search must be true or false"));
}

TEST_CASE("a store recorded with the raw-bytes checksum of a CRLF file keeps opening", "[maintenance]") {
  Workspace workspace;
  open_lmdb_symbol_store(workspace.store, workspace.migrations);
  // What an older runner recorded for a CRLF checkout: the SHA-256 of the raw bytes.
  const std::filesystem::path file = workspace.migrations / "001_initial.yaml";
  std::string crlf;
  for (char c : read_file(file)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  write_file(file, crlf);
  {
    auto env = Environment::open(workspace.store);
    Transaction txn(*env, TxnMode::write);
    const MDB_dbi meta = *txn.open_database("meta", 0);
    MigrationRecord record = decode_migration(*txn.get(meta, "migration/001"));
    record.checksum = ax::digest::sha256_hex(crlf);
    REQUIRE(record.checksum != normalised_checksum(crlf));
    txn.put(meta, "migration/001", encode_migration(record));
    txn.commit();
  }
  CHECK_NOTHROW(open_lmdb_symbol_store(workspace.store, workspace.migrations));
  auto session = open_maintenance_session(workspace.options());
  CHECK(session->status()[0].state == "applied");
  // An actual edit is still one.
  write_file(file, crlf + "# edited\r\n");
  CHECK_THROWS_WITH(open_lmdb_symbol_store(workspace.store, workspace.migrations),
                    Contains("changed after it was applied"));
}
