// Versioned, checksummed migrations that create and evolve the store's layout (migrations/README.md
// describes the file format), and the runner that applies, verifies and rolls them back.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lmdb_env.hpp"

namespace ax::lmdb_store {

struct DatabaseSpec {
  std::string name;
  unsigned flags = 0;  // MDB_DUPSORT, MDB_DUPFIXED, ...
};

struct MigrationSteps {
  std::vector<DatabaseSpec> create_databases;
  std::vector<std::string> drop_databases;
  std::vector<std::pair<std::string, std::uint64_t>> set_meta;
  std::vector<std::string> remove_meta;  // a trailing '*' removes every key with that prefix
  // The search index must be rebuilt from the store: the step bumps the store's generation, which
  // the search index no longer matches, so the next open rebuilds it (and again after a crash
  // mid-rebuild, since the search index records the generation only when the rebuild commits).
  bool rebuild_search = false;
};

struct Migration {
  std::uint32_t version = 0;
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::string checksum;      // SHA-256 of the file without a leading BOM, CRLF and CR turned into LF
  std::string raw_checksum;  // SHA-256 of the file's bytes, as recorded by runners before the normalisation
  MigrationSteps up;
  std::optional<MigrationSteps> down;  // absent: the migration cannot be rolled back
  // Only adds what the store code can do without (derived results kept to make queries faster):
  // ordinary commands use a store where it is pending, and `ax db migrate` applies it.
  bool deferrable = false;
};

// Lower-case hex SHA-256 of `bytes` with a leading UTF-8 BOM removed and CRLF and CR line endings
// turned into LF, so that a checkout with other line endings is not taken for an edit.
std::string normalised_checksum(std::string_view bytes);

// Parses one migration file. Throws sdk::StoreError naming the file when it is malformed, has keys
// this runner does not know, or its name disagrees with its content.
Migration parse_migration_file(const std::filesystem::path& file);

// Every NNN_name.yaml in `directory`, sorted; versions must run 1, 2, 3… without gaps.
std::vector<Migration> load_migrations(const std::filesystem::path& directory);

// Whether the store is at exactly the migrations in `directory`: every file applied, none changed
// since (by checksum), nothing else applied. What almost every open finds, told from the files'
// names and bytes without parsing their YAML, which is most of what opening a store for a query
// costs. When false, load_migrations() and MigrationRunner::verify() tell what differs and why.
bool migrations_applied_unchanged(const Environment& environment, const std::filesystem::path& directory);

enum class MigrationState {
  applied,   // applied, file unchanged
  pending,   // file present, not applied yet
  modified,  // applied, but the file's checksum changed since
  missing,   // applied, but no file has its version
};

struct MigrationStatus {
  std::uint32_t version = 0;
  std::string name;
  MigrationState state = MigrationState::pending;
  std::string file_checksum;     // empty when missing
  std::string applied_checksum;  // empty when pending
  std::int64_t applied_unix = 0;
  std::int64_t duration_ms = -1;  // from the newest "up" history entry; -1 when none
  bool reversible = false;
  std::filesystem::path file;
};

// One migration step applied or undone (or planned): what it changed, line by line.
struct StepReport {
  std::uint32_t version = 0;
  std::string name;
  bool up = true;
  std::vector<std::string> changes;
  std::int64_t duration_ms = 0;
};

// Called around each step of migrate_each() / rollback_each(). `before` may throw to stop the run
// before the step writes anything.
struct StepObserver {
  std::function<void(const Migration&, bool up)> before;
  std::function<void(const StepReport&)> after;
  std::function<void(const Migration&, bool up, const std::string& error)> on_error;
};

std::string_view to_string(MigrationState state);

class MigrationRunner {
 public:
  MigrationRunner(std::shared_ptr<Environment> environment, std::vector<Migration> migrations);

  // The version of the newest applied migration; 0 for a store no migration has touched.
  std::uint32_t schema_version() const;
  // The newest version among the migration files.
  std::uint32_t latest_version() const;
  // The newest version that is not deferrable: ordinary commands need the store at least there.
  std::uint32_t required_version() const;
  const std::vector<Migration>& migrations() const { return migrations_; }

  // Every migration, known or applied, by version.
  std::vector<MigrationStatus> status() const;

  // Throws sdk::StoreError unless the store can be used with these files: every applied migration's
  // file is present and unchanged, the store's schema is not newer than the newest file, and every
  // pending migration is newer than the store's schema.
  void verify() const;

  // Verifies, then applies every pending migration, in order, in one write transaction. Returns the
  // versions applied (none when the store is up to date).
  std::vector<std::uint32_t> migrate();

  // The pending migrations up to `to` (all when absent), in order. Throws StoreError for a `to` that
  // is not a known version newer than the store's.
  std::vector<const Migration*> pending_until(std::optional<std::uint32_t> to) const;
  // The applied migrations newer than `to`, newest first. Throws StoreError unless `to` is 0 or an
  // applied version older than the store's.
  std::vector<const Migration*> applied_after(std::uint32_t to) const;

  // Applies (up) or undoes (down) `steps` in order, each in its own write transaction together with
  // its migration record, schema version and history entry. A crash leaves the store at the version
  // before or after the step being run.
  std::vector<StepReport> run_each(const std::vector<std::pair<const Migration*, bool>>& steps,
                                   const StepObserver& observer);
  // What run_each() would report, computed by running the same code in one write transaction that
  // is then aborted: nothing is written.
  std::vector<StepReport> plan(const std::vector<std::pair<const Migration*, bool>>& steps);

  // Records in the history that the store was restored from a backup at schema `version`.
  void record_restore(std::uint32_t version, const std::string& backup_name, std::int64_t duration_ms);

  // Verifies, then undoes every applied migration newer than `target_version`, newest first, with
  // their down steps, in one write transaction. Returns the versions undone. No store may have the
  // environment open meanwhile: dropped databases invalidate its handles.
  std::vector<std::uint32_t> rollback(std::uint32_t target_version);

 private:
  void verify(const Transaction& txn, std::optional<MDB_dbi> meta) const;
  StepReport run_step(Transaction& txn, MDB_dbi meta, const Migration& migration, bool up, std::int64_t started_unix);
  const Migration* find(std::uint32_t version) const;

  std::shared_ptr<Environment> environment_;
  std::vector<Migration> migrations_;
};

}  // namespace ax::lmdb_store
