// Store maintenance (SDK 1.1): the schema migrations, backups and restores of a symbol store, as
// driven by `ax db`. A storage plugin that holds a symbol store may also implement StoreMaintenance;
// callers find it with dynamic_cast on the StoragePlugin.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ax::sdk {

struct MigrationInfo {
  std::uint32_t version = 0;
  std::string name;
  std::string state;             // "applied", "pending", "modified" (file changed since), "missing" (file gone)
  std::filesystem::path file;    // empty when missing
  std::string file_checksum;     // SHA-256 of the normalised file; empty when missing
  std::string applied_checksum;  // as recorded when applied; empty when pending
  std::int64_t applied_unix = 0;
  std::int64_t duration_ms = -1;  // -1: not recorded (applied before the history existed)
  bool reversible = false;        // the file has `down` steps
};

// One migration applied or undone, or one restore standing in for undoing it.
struct MigrationStep {
  std::uint32_t version = 0;
  std::string name;
  std::string direction;             // "up", "down", or "restore" (no down steps: the backup taken before it)
  std::vector<std::string> changes;  // what it changes, one line each; identical in a dry run
  std::filesystem::path backup;      // direction "restore": the backup restored
  std::int64_t duration_ms = 0;      // 0 in a dry run
};

// Passed to hooks. `phase` is "before", "after" or "error"; `outcome` is "pending", "ok" or "failed".
struct MigrationEvent {
  std::string phase;
  std::string direction;  // "up" or "down"
  std::uint32_t version = 0;
  std::string name;
  std::string outcome;
  std::string error;  // phase "error": the message
};

// Callbacks around each migration step. A before hook that throws stops the run before the step
// starts (nothing of it is written); after and error hooks are told, their failures are reported.
struct MigrationHooks {
  std::function<void(const MigrationEvent&)> before;
  std::function<void(const MigrationEvent&)> after;
  std::function<void(const MigrationEvent&)> on_error;
};

struct BackupInfo {
  std::filesystem::path file;      // the payload (.mdb.gz, or .mdb with no compression)
  std::filesystem::path manifest;  // <file>.manifest.json
  std::string created_utc;         // RFC 3339
  std::string repository;          // the repository root the store belongs to
  std::string reason;              // "manual", "pre-migrate", "pre-rollback", "pre-restore"
  std::uint32_t schema_version = 0;
  std::uint64_t generation = 0;
  std::map<std::string, std::uint64_t> entries;  // per database
  std::string payload_sha256;                    // of the uncompressed LMDB copy
  std::uint64_t payload_bytes = 0;
  std::uint64_t file_bytes = 0;
  bool compressed = true;
  bool compacted = true;  // false: the compacting copy failed and a plain copy was taken
};

struct BackupOptions {
  std::optional<std::filesystem::path> path;  // a file, or a directory for the default name
  bool compress = true;
  bool timestamp = true;
  std::string reason = "manual";
};

struct StoreSummary {
  std::uint32_t schema_version = 0;
  std::uint32_t latest_version = 0;
  std::uint64_t generation = 0;
  std::map<std::string, std::uint64_t> entries;  // per database
};

// An open maintenance session on one store. Every operation that changes the store leaves it at
// the state before or after the operation, whatever happens (crash, full disk, bad input).
class MaintenanceSession {
 public:
  virtual ~MaintenanceSession() = default;

  virtual StoreSummary summary() = 0;
  virtual std::vector<MigrationInfo> status() = 0;

  // Registers callbacks run around every migration step of this session.
  virtual void add_hooks(MigrationHooks hooks) = 0;
  // Receives one line per step started or finished.
  virtual void set_progress(std::function<void(const std::string&)> progress) = 0;

  // Applies the pending migrations up to `to` (default: all), each in its own transaction with its
  // history record. `dry_run`: reports the same steps and changes and writes nothing.
  virtual std::vector<MigrationStep> migrate(std::optional<std::uint32_t> to, bool dry_run) = 0;
  // Undoes applied migrations newer than `to`, newest first: their down steps, or for a migration
  // without them the backup taken before it was applied.
  virtual std::vector<MigrationStep> rollback(std::uint32_t to, bool dry_run) = 0;

  virtual BackupInfo backup(const BackupOptions& options) = 0;
  virtual std::vector<BackupInfo> backups() = 0;
  // Checks a backup without touching the store: manifest, payload hash, opens the copy read-only and
  // compares its entry counts. Throws StoreError naming the file.
  virtual BackupInfo verify_backup(const std::filesystem::path& file) = 0;
  // Verifies, backs up the current store, then swaps the backup in atomically. Returns the backup
  // of the state before the restore.
  virtual BackupInfo restore(const std::filesystem::path& file) = 0;
  // Deletes the oldest timestamped backups beyond `keep`; returns the files deleted.
  virtual std::vector<std::filesystem::path> prune_backups(std::size_t keep) = 0;
};

struct MaintenanceOptions {
  std::filesystem::path store_directory;   // <repository>/.ax/store
  std::filesystem::path migrations;        // the migration files
  std::filesystem::path backup_directory;  // <repository>/.ax/backups
  std::string repository;                  // the repository root, recorded in backups and checked on restore
  std::size_t backup_keep = 10;            // timestamped backups kept after each new verified one
};

// Implemented by storage plugins whose symbol store can be maintained.
class StoreMaintenance {
 public:
  virtual ~StoreMaintenance() = default;
  // Opens the store without applying pending migrations. Throws StoreError when it cannot be read.
  virtual std::unique_ptr<MaintenanceSession> open_maintenance(const MaintenanceOptions& options) = 0;
};

}  // namespace ax::sdk
