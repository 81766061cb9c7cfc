// Fuzz target: the migration file reader (plugins/storage/lmdb/src/migrations.*). The input is
// migrations/001_initial.yaml. Reading either succeeds or throws sdk::StoreError; a file that reads
// is then applied to an empty store, and rolled back when it has down steps, where again only
// sdk::StoreError may come out.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include <ax/sdk/storage.hpp>

#include "fuzz_support.hpp"
#include "lmdb_env.hpp"
#include "migrations.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const auto& scratch = ax::fuzz::scratch();
  const fs::path file = scratch.write("001_initial.yaml", ax::fuzz::as_text(data, size));
  ax::lmdb_store::Migration migration;
  try {
    migration = ax::lmdb_store::parse_migration_file(file);
  } catch (const ax::sdk::StoreError&) {
    return 0;
  }
  if (migration.version != 1) ax::fuzz::violated("the version does not come from the file name");
  if (migration.file != file) ax::fuzz::violated("the migration does not name its file");

  const fs::path store = scratch.path() / "store";
  fs::remove_all(store);
  fs::create_directories(store);
  const bool can_roll_back = migration.down.has_value();
  try {
    ax::lmdb_store::MigrationRunner runner(ax::lmdb_store::Environment::open(store), {std::move(migration)});
    if (runner.migrate() != std::vector<std::uint32_t>{1}) ax::fuzz::violated("migrate did not apply version 1");
    if (runner.schema_version() != 1) ax::fuzz::violated("the schema version is not 1 after migrating");
    if (can_roll_back) {
      runner.rollback(0);
      if (runner.schema_version() != 0) ax::fuzz::violated("the schema version is not 0 after rolling back");
    }
  } catch (const ax::sdk::StoreError&) {
    // e.g. a database name LMDB refuses, or more databases than the environment allows
  }
  return 0;
}
