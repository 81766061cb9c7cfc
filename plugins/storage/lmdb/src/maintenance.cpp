#include "maintenance.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>

#include <ax/sdk/storage.hpp>

#include "backup.hpp"
#include "byte_codec.hpp"
#include "crash_point.hpp"
#include "layout.hpp"
#include "migrations.hpp"

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

std::string padded(std::uint32_t version) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%03u", version);
  return digits;
}

sdk::MigrationStep to_step(const StepReport& report) {
  return sdk::MigrationStep{report.version, report.name, report.up ? "up" : "down",
                            report.changes, {},          report.duration_ms};
}

sdk::MigrationEvent event(const Migration& migration, bool up, std::string phase, std::string outcome,
                          std::string error = {}) {
  return sdk::MigrationEvent{std::move(phase), up ? "up" : "down", migration.version,
                             migration.name,   std::move(outcome), std::move(error)};
}

class LmdbMaintenanceSession final : public sdk::MaintenanceSession {
 public:
  explicit LmdbMaintenanceSession(sdk::MaintenanceOptions options)
      : options_(std::move(options)), migrations_(load_migrations(options_.migrations)) {
    try {
      open_environment();
    } catch (const sdk::StoreError&) {
      // A damaged store can still be restored; everything else reopens it and reports why not.
    }
  }

  ~LmdbMaintenanceSession() override { close_environment(); }  // before exclusive_ releases its lock

  sdk::StoreSummary summary() override {
    open_environment();
    sdk::StoreSummary summary;
    summary.schema_version = runner_->schema_version();
    summary.latest_version = runner_->latest_version();
    std::lock_guard schema_lock(env_->schema_mutex());
    Transaction txn(*env_, TxnMode::read);
    summary.entries = count_entries(txn);
    if (const std::optional<MDB_dbi> meta = txn.open_database(std::string(layout::kMetaDatabase), 0))
      if (const std::optional<std::string_view> generation = txn.get(*meta, layout::kGenerationKey);
          generation && generation->size() == 8)
        summary.generation = parse_fixed64_value(*generation);
    return summary;
  }

  std::vector<sdk::MigrationInfo> status() override {
    open_environment();
    std::vector<sdk::MigrationInfo> infos;
    for (const MigrationStatus& status : runner_->status())
      infos.push_back(sdk::MigrationInfo{status.version, status.name, std::string(to_string(status.state)), status.file,
                                         status.file_checksum, status.applied_checksum, status.applied_unix,
                                         status.duration_ms, status.reversible});
    return infos;
  }

  void add_hooks(sdk::MigrationHooks hooks) override { hooks_.push_back(std::move(hooks)); }
  void set_progress(std::function<void(const std::string&)> progress) override { progress_ = std::move(progress); }

  std::vector<sdk::MigrationStep> migrate(std::optional<std::uint32_t> to, bool dry_run) override {
    open_environment();
    if (dry_run) return plan(runner_->pending_until(to), true);
    ExclusiveSection exclusive(*this);
    const std::vector<const Migration*> pending = runner_->pending_until(to);
    if (pending.empty()) return {};
    report("backing up the store before migrating");
    backup_before("pre-migrate");
    crash_point("migrate.after_backup");
    std::vector<std::pair<const Migration*, bool>> steps;
    for (const Migration* migration : pending) steps.emplace_back(migration, true);
    std::vector<sdk::MigrationStep> done;
    for (const StepReport& step : runner_->run_each(steps, observer())) done.push_back(to_step(step));
    return done;
  }

  std::vector<sdk::MigrationStep> rollback(std::uint32_t to, bool dry_run) override {
    open_environment();
    std::optional<ExclusiveSection> exclusive;
    if (!dry_run) exclusive.emplace(*this);
    std::vector<const Migration*> applied = runner_->applied_after(to);
    // Every migration without down steps needs the backup taken just before it: find them all
    // before changing anything.
    std::map<std::uint32_t, fs::path> restores;
    for (const Migration* migration : applied)
      if (!migration->down) restores[migration->version] = backup_at_schema(*migration);

    if (dry_run) {
      std::vector<sdk::MigrationStep> steps;
      if (restores.empty()) return plan(applied, false);
      // The store after a restore is the backup's: report the restore and the down steps left.
      const auto& [version, backup] = *restores.begin();
      sdk::MigrationStep restore_step{version, find(version)->name, "restore", {}, backup, 0};
      const std::uint32_t restored = read_manifest(backup).schema_version;
      restore_step.changes.push_back("restore backup '" + backup.filename().string() + "' (schema version " +
                                     std::to_string(restored) + ")");
      steps.push_back(restore_step);
      for (const Migration* migration : applied)
        if (migration->version <= restored)
          steps.push_back({migration->version, migration->name, "down", {"run its down steps"}, {}, 0});
      for (const Migration& migration : migrations_)
        if (migration.version > restored && migration.version <= to)
          steps.push_back({migration.version, migration.name, "up", {"apply it again"}, {}, 0});
      return steps;
    }

    report("backing up the store before rolling back");
    backup_before("pre-rollback");
    std::vector<sdk::MigrationStep> done;
    while (!applied.empty()) {
      const Migration* migration = applied.front();
      if (migration->down) {
        for (const StepReport& step : runner_->run_each({{migration, false}}, observer()))
          done.push_back(to_step(step));
        applied.erase(applied.begin());
        continue;
      }
      const fs::path& backup = restores.at(migration->version);
      // swap_in reopens the store and replaces the runner that owns *migration: keep a copy.
      const Migration undone = *migration;
      report("migration " + padded(undone.version) + "_" + undone.name +
             " has no down steps: restoring the backup taken before it, " + backup.filename().string());
      const auto started = std::chrono::steady_clock::now();
      for (const sdk::MigrationHooks& hooks : hooks_)
        if (hooks.before) hooks.before(event(undone, false, "before", "pending"));
      try {
        swap_in(backup, false);
      } catch (const std::exception& error) {
        for (const sdk::MigrationHooks& hooks : hooks_)
          if (hooks.on_error) hooks.on_error(event(undone, false, "error", "failed", error.what()));
        throw;
      }
      const auto elapsed =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      const std::uint32_t restored = runner_->schema_version();
      runner_->record_restore(restored, backup.filename().string(), elapsed);
      done.push_back(
          {undone.version,
           undone.name,
           "restore",
           {"restore backup '" + backup.filename().string() + "' (schema version " + std::to_string(restored) + ")"},
           backup,
           elapsed});
      for (const sdk::MigrationHooks& hooks : hooks_)
        if (hooks.after) hooks.after(event(undone, false, "after", "ok"));
      if (restored < to) {
        // The backup predates more than this migration: bring it forward to the target again.
        std::vector<std::pair<const Migration*, bool>> ups;
        for (const Migration* pending : runner_->pending_until(to)) ups.emplace_back(pending, true);
        for (const StepReport& step : runner_->run_each(ups, observer())) done.push_back(to_step(step));
      }
      applied = to < runner_->schema_version() ? runner_->applied_after(to) : std::vector<const Migration*>{};
    }
    return done;
  }

  sdk::BackupInfo backup(const sdk::BackupOptions& options) override {
    open_environment();
    const std::uint32_t schema = runner_->schema_version();
    const std::string name = backup_file_name(schema, options.compress, options.timestamp);
    fs::path file = options_.backup_directory / name;
    if (options.path) {
      std::error_code error;
      file = fs::is_directory(*options.path, error) ? *options.path / name : *options.path;
    }
    sdk::BackupInfo info;
    info.repository = options_.repository;
    info.reason = options.reason;
    sdk::BackupInfo written = write_backup(*env_, file, options.compress, info);
    crash_point("backup.before_prune");
    prune_backups(options_.backup_keep);
    return written;
  }

  std::vector<sdk::BackupInfo> backups() override { return list_backups(options_.backup_directory); }

  sdk::BackupInfo verify_backup(const fs::path& file) override {
    const fs::path staging = staging_directory();
    StagingGuard guard{staging};
    return verify_backup_file(file, expectations(), staging);
  }

  sdk::BackupInfo restore(const fs::path& file) override {
    ExclusiveSection exclusive(*this, true);
    return swap_in(file, true);
  }

  std::vector<fs::path> prune_backups(std::size_t keep) override {
    return lmdb_store::prune_backups(options_.backup_directory, keep);
  }

 private:
  // Keeps other processes out of the store for the duration of a change (see ExclusiveStoreLock).
  class ExclusiveSection {
   public:
    // `damaged_ok`: the store may fail to open (a restore replaces it anyway).
    explicit ExclusiveSection(LmdbMaintenanceSession& session, bool damaged_ok = false) : session_(session) {
      session_.close_environment();
      try {
        session_.exclusive_.emplace(session_.options_.store_directory);
      } catch (...) {
        session_.reopen_quietly();
        throw;
      }
      try {
        session_.open_environment();
      } catch (const sdk::StoreError&) {
        if (!damaged_ok) {
          session_.exclusive_.reset();
          throw;
        }
      }
    }
    ~ExclusiveSection() {
      session_.close_environment();
      session_.exclusive_.reset();
      session_.reopen_quietly();
    }
    ExclusiveSection(const ExclusiveSection&) = delete;
    ExclusiveSection& operator=(const ExclusiveSection&) = delete;

   private:
    LmdbMaintenanceSession& session_;
  };

  struct StagingGuard {
    fs::path path;
    ~StagingGuard() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };

  void open_environment() {
    if (env_) return;
    env_ = Environment::open(options_.store_directory);
    runner_ = std::make_unique<MigrationRunner>(env_, migrations_);
  }

  void reopen_quietly() {
    try {
      open_environment();
    } catch (const sdk::StoreError&) {
      // the next call that needs the store reports it
    }
  }

  void close_environment() {
    runner_.reset();
    env_.reset();
  }

  fs::path staging_directory() const {
    // Beside the store, on its file system, so that the restored data.mdb can be renamed into it.
    return options_.store_directory.parent_path() / (options_.store_directory.filename().string() + ".staging");
  }

  VerifyExpectations expectations() const {
    return VerifyExpectations{migrations_.empty() ? 0 : migrations_.back().version, options_.repository};
  }

  const Migration* find(std::uint32_t version) const {
    for (const Migration& migration : migrations_)
      if (migration.version == version) return &migration;
    return nullptr;
  }

  void report(const std::string& line) const {
    if (progress_) progress_(line);
  }

  StepObserver observer() {
    StepObserver observer;
    observer.before = [this](const Migration& migration, bool up) {
      report(std::string(up ? "applying " : "undoing ") + padded(migration.version) + "_" + migration.name);
      for (const sdk::MigrationHooks& hooks : hooks_)
        if (hooks.before) hooks.before(event(migration, up, "before", "pending"));
    };
    observer.after = [this](const StepReport& step) {
      report(std::string(step.up ? "applied " : "undid ") + padded(step.version) + "_" + step.name + " in " +
             std::to_string(step.duration_ms) + " ms");
      const Migration* migration = find(step.version);
      for (const sdk::MigrationHooks& hooks : hooks_)
        if (hooks.after) hooks.after(event(*migration, step.up, "after", "ok"));
    };
    observer.on_error = [this](const Migration& migration, bool up, const std::string& error) {
      for (const sdk::MigrationHooks& hooks : hooks_)
        if (hooks.on_error) hooks.on_error(event(migration, up, "error", "failed", error));
    };
    return observer;
  }

  std::vector<sdk::MigrationStep> plan(const std::vector<const Migration*>& migrations, bool up) {
    std::vector<std::pair<const Migration*, bool>> steps;
    for (const Migration* migration : migrations) steps.emplace_back(migration, up);
    std::vector<sdk::MigrationStep> planned;
    for (const StepReport& step : runner_->plan(steps)) planned.push_back(to_step(step));
    return planned;
  }

  void backup_before(const std::string& reason) {
    sdk::BackupOptions options;
    options.reason = reason;
    const sdk::BackupInfo info = backup(options);
    report("backup " + info.file.string() + " verified");
  }

  // The backup taken before `migration` was applied: the newest of this repository at an older
  // schema (the automatic one before `ax db migrate` when that run applied it).
  fs::path backup_at_schema(const Migration& migration) {
    const std::vector<sdk::BackupInfo> all = backups();
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (it->schema_version < migration.version && it->schema_version > 0 && it->repository == options_.repository)
        return it->file;
    env_->fail("migration " + padded(migration.version) + "_" + migration.name +
               " has no down steps and no backup from before it is in " + options_.backup_directory.string() +
               "; nothing was changed");
  }

  // Verifies `file`, backs up the current store, and renames the backup's data.mdb over the
  // store's. Needs the exclusive section. Returns the backup of the state before.
  sdk::BackupInfo swap_in(const fs::path& file, bool back_up_current) {
    const fs::path staging = staging_directory();
    StagingGuard guard{staging};
    std::error_code error;
    fs::remove_all(staging, error);  // a crashed earlier restore may have left one
    verify_backup_file(file, expectations(), staging);
    crash_point("restore.after_verify");
    sdk::BackupInfo before;
    if (back_up_current && !env_) {
      // The store cannot be opened, so it cannot be copied: keep its data file as it is instead.
      before.file = options_.backup_directory / ("ax-damaged-" + std::to_string(std::time(nullptr)) + ".data.mdb");
      before.reason = "damaged store, kept as it was";
      fs::create_directories(options_.backup_directory, error);
      fs::create_hard_link(options_.store_directory / "data.mdb", before.file, error);
      if (error)
        throw sdk::StoreError("symbol store '" + options_.store_directory.string() + "' cannot be opened and " +
                              "its data.mdb cannot be kept in " + before.file.string() + ": " + error.message() +
                              "; nothing was changed");
      report("the current store cannot be opened; its data.mdb is kept as " + before.file.string());
    } else if (back_up_current) {
      report("backing up the current store before restoring");
      sdk::BackupOptions options;
      options.reason = "pre-restore";
      before = backup(options);
      report("backup " + before.file.string() + " verified");
    }
    crash_point("restore.before_swap");
    // The environment must not be open in this process while its file is replaced; the exclusive
    // lock stays held, so no other process opens it meanwhile.
    close_environment();
    const fs::path data = options_.store_directory / "data.mdb";
    fs::rename(staging / "data.mdb", data, error);
    if (error)
      throw sdk::StoreError("symbol store '" + options_.store_directory.string() +
                            "': cannot swap in the restored copy: " + error.message() + "; the store is unchanged");
    sync_path(options_.store_directory);
    crash_point("restore.after_swap");
    // Reopened while the exclusive lock is held, LMDB resets its lock file for the new data file.
    open_environment();
    return before;
  }

  sdk::MaintenanceOptions options_;
  std::vector<Migration> migrations_;
  std::vector<sdk::MigrationHooks> hooks_;
  std::function<void(const std::string&)> progress_;
  std::optional<ExclusiveStoreLock> exclusive_;  // declared before env_: released after it closes
  std::shared_ptr<Environment> env_;
  std::unique_ptr<MigrationRunner> runner_;
};

}  // namespace

std::unique_ptr<sdk::MaintenanceSession> open_maintenance_session(const sdk::MaintenanceOptions& options) {
  return std::make_unique<LmdbMaintenanceSession>(options);
}

}  // namespace ax::lmdb_store
