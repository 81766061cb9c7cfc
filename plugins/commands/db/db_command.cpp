// `ax db`: status, migrate, rollback, backup, backups and restore of the symbol store. The work is
// the storage plugin's (sdk::StoreMaintenance); this file parses, asks and prints.
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <set>

#include <ax/sdk/sdk.hpp>

#include "hooks.hpp"

namespace {

namespace fs = std::filesystem;
using ax::sdk::UsageError;
using ax::sdk::UserError;

constexpr const char* kUsage = R"(Usage: ax db <verb> [options]

Maintains the symbol store of the repository containing the current directory.

  status [--json]                  applied and pending migrations (date applied, duration, checksum),
                                   current and latest version; flags migration files changed since they
                                   were applied. Exit 1 when anything needs attention (pending,
                                   modified or missing migrations).
  migrate [--to V] [--dry-run] [--yes]
                                   applies the pending migrations in order, each in one transaction
                                   with its history record, after a verified backup. --dry-run prints
                                   exactly what would change and writes nothing.
  rollback [--to V] [--dry-run] [--yes]
                                   undoes the migrations newer than V (default: the newest one), with
                                   their down steps, or by restoring the backup taken before a migration
                                   that has none. Backs up first. Asks on a terminal; --yes for scripts.
  backup [--path P] [--no-compress] [--no-timestamp]
                                   a hot, consistent, compacted copy (gzip) with a manifest, verified;
                                   default under .ax/backups, keeping the last db.backup_keep (10).
  backups [--json]                 lists the backups in .ax/backups.
  restore FILE [--yes]             verifies FILE, backs up the current store, swaps FILE in atomically
                                   and rebuilds the search index from it. Refuses while another process
                                   (e.g. ax index) has the store open. Asks on a terminal; --yes for scripts.

Ordinary commands refuse a store with pending migrations: run 'ax db migrate'.
Hooks: db.hooks.before_migrate, db.hooks.after_migrate, db.hooks.on_error are shell commands run
around each step with AX_DB_HOOK, AX_MIGRATION_VERSION, AX_MIGRATION_NAME, AX_MIGRATION_DIRECTION,
AX_MIGRATION_OUTCOME, AX_MIGRATION_ERROR and AX_REPOSITORY set; a failing before-hook stops the run.
)";

std::string format_time(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return "-";
  std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buffer;
}

std::string label(std::uint32_t version, const std::string& name) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%03u", version);
  return std::string(digits) + "_" + name;
}

std::optional<std::uint32_t> parse_version(const std::optional<std::string>& text, const char* flag) {
  if (!text) return std::nullopt;
  const auto value = ax::sdk::parse_count(*text);
  if (!value || *value > 999999)
    throw UsageError(std::string(flag) + " takes a migration version, not '" + *text + "'");
  return static_cast<std::uint32_t>(*value);
}

// Asks on a terminal; without one, --yes is required.
void confirm(const std::string& question, const std::string& verb, bool yes, ax::sdk::Host& host) {
  if (yes) return;
  if (!::isatty(STDIN_FILENO))
    throw UserError("ax db " + verb + " changes the store: confirm with --yes (there is no terminal to ask on)");
  host.err() << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "Y" && answer != "yes")
    throw UserError("ax db " + verb + ": cancelled, nothing changed");
}

class DbCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    if (argv.empty()) throw UsageError("ax db needs a verb: status, migrate, rollback, backup, backups or restore");
    const std::string verb = argv.front();
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    static const std::vector<std::string> kVerbs{"status", "migrate", "rollback", "backup", "backups", "restore"};
    if (std::find(kVerbs.begin(), kVerbs.end(), verb) == kVerbs.end())
      throw UsageError("unknown verb 'db " + verb + "'; use status, migrate, rollback, backup, backups or restore");

    // Parse before touching anything, so that a usage error changes nothing.
    ax::sdk::Args args = parse(verb, rest);
    const auto root = host.repository_root(host.working_directory());
    if (!root || !fs::exists(*root / ".ax" / "store" / "data.mdb"))
      throw UserError("no index found in " + host.working_directory().string() +
                      " or above; run 'ax index' at the repository root first");
    auto* maintenance = dynamic_cast<ax::sdk::StoreMaintenance*>(&host.symbol_store_plugin());
    if (maintenance == nullptr)
      throw UserError("the storage plugin holding the symbol store (storage.store) cannot be maintained by ax db");
    std::error_code error;
    const fs::path canonical_root = fs::canonical(*root, error);
    ax::sdk::MaintenanceOptions options;
    options.store_directory = *root / ".ax" / "store";
    options.migrations = host.migrations_directory();
    options.backup_directory = *root / ".ax" / "backups";
    options.repository = (error ? *root : canonical_root).string();
    options.backup_keep = ax::sdk::parse_count(host.config("db.backup_keep").value_or("10")).value_or(10);
    auto session = maintenance->open_maintenance(options);
    session->set_progress([&host](const std::string& line) { host.err() << "ax db: " << line << "\n"; });
    ax::db::HookCommands commands{host.config("db.hooks.before_migrate").value_or(""),
                                  host.config("db.hooks.after_migrate").value_or(""),
                                  host.config("db.hooks.on_error").value_or(""), options.repository};
    session->add_hooks(ax::db::user_hooks(
        commands, [&host](const std::string& line) { host.err() << "ax db: warning: " << line << "\n"; }));

    if (verb == "status") return status(*session, args, host);
    if (verb == "migrate") return migrate(*session, args, host);
    if (verb == "rollback") return rollback(*session, args, host);
    if (verb == "backup") return backup(*session, args, host);
    if (verb == "backups") return backups(*session, args, host);
    return restore(*session, args, host, *root);
  }

 private:
  static ax::sdk::Args parse(const std::string& verb, const std::vector<std::string>& rest) {
    std::set<std::string> switches, options;
    std::size_t positional = 0;
    if (verb == "status" || verb == "backups") switches = {"--json"};
    if (verb == "migrate" || verb == "rollback") {
      switches = {"--dry-run", "--yes"};
      options = {"--to"};
    }
    if (verb == "backup") {
      switches = {"--no-compress", "--no-timestamp"};
      options = {"--path"};
    }
    if (verb == "restore") {
      switches = {"--yes"};
      positional = 1;
    }
    ax::sdk::Args args(rest, switches, options);
    if (args.positional().size() != positional)
      throw UsageError(positional == 0 ? "ax db " + verb + " takes no arguments"
                                       : "ax db " + verb + " takes one backup file");
    return args;
  }

  static void print_steps(const std::vector<ax::sdk::MigrationStep>& steps, bool dry_run, std::ostream& out) {
    for (const auto& step : steps) {
      const std::string verb = step.direction == "up"     ? (dry_run ? "would apply" : "applied")
                               : step.direction == "down" ? (dry_run ? "would undo" : "undid")
                                                          : (dry_run ? "would restore before" : "restored before");
      out << verb << " " << label(step.version, step.name);
      if (!dry_run) out << " (" << step.duration_ms << " ms)";
      out << ":\n";
      for (const std::string& change : step.changes) out << "  " << change << "\n";
    }
  }

  static int status(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host) {
    const auto summary = session.summary();
    const auto migrations = session.status();
    bool attention = summary.schema_version != summary.latest_version;
    for (const auto& m : migrations) attention = attention || m.state != "applied";
    std::ostream& out = host.out();
    if (args.has("--json")) {
      ax::sdk::JsonWriter json(out);
      json.begin_object()
          .field("schema_version", summary.schema_version)
          .field("latest_version", summary.latest_version)
          .field("generation", summary.generation)
          .field("ok", !attention);
      json.key("databases").begin_object();
      for (const auto& [name, count] : summary.entries) json.field(name, count);
      json.end_object().key("migrations").begin_array();
      for (const auto& m : migrations) {
        json.begin_object()
            .field("version", m.version)
            .field("name", m.name)
            .field("state", m.state)
            .field("file", m.file.string())
            .field("file_sha256", m.file_checksum)
            .field("applied_sha256", m.applied_checksum)
            .field("applied_unix", m.applied_unix)
            .field("duration_ms", m.duration_ms)
            .field("reversible", m.reversible)
            .end_object();
      }
      json.end_array().end_object();
      out << "\n";
      return attention ? ax::sdk::kExitUserError : ax::sdk::kExitOk;
    }
    out << "Schema version " << summary.schema_version << " (latest " << summary.latest_version << ")"
        << (summary.schema_version == summary.latest_version ? ", up to date" : ", migrations pending") << "\n"
        << "Generation     " << summary.generation << "\n\n";
    out << std::left << std::setw(30) << "MIGRATION" << std::setw(10) << "STATE" << std::setw(22) << "APPLIED"
        << std::setw(10) << "DURATION"
        << "SHA256\n";
    for (const auto& m : migrations) {
      std::string marker;
      if (m.version == summary.schema_version) marker += "  <- current";
      if (m.version == summary.latest_version && m.version != summary.schema_version) marker += "  <- latest";
      const std::string duration = m.duration_ms >= 0 ? std::to_string(m.duration_ms) + " ms" : "-";
      out << std::left << std::setw(30) << label(m.version, m.name) << std::setw(10) << m.state << std::setw(22)
          << format_time(m.applied_unix) << std::setw(10) << (m.state == "pending" ? "-" : duration)
          << (m.file_checksum.empty() ? m.applied_checksum : m.file_checksum).substr(0, 12) << marker << "\n";
    }
    for (const auto& m : migrations) {
      if (m.state == "modified")
        host.err() << "ax db: " << m.file.string() << " changed after it was applied: sha256 now " << m.file_checksum
                   << ", applied " << m.applied_checksum << "\n";
      if (m.state == "missing")
        host.err() << "ax db: migration " << label(m.version, m.name) << " was applied but its file is missing from "
                   << host.migrations_directory().string() << "\n";
    }
    return attention ? ax::sdk::kExitUserError : ax::sdk::kExitOk;
  }

  static int migrate(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host) {
    const bool dry_run = args.has("--dry-run");
    const auto steps = session.migrate(parse_version(args.get("--to"), "--to"), dry_run);
    if (steps.empty()) {
      host.out() << "nothing to migrate: the store is at schema version " << session.summary().schema_version << "\n";
      return ax::sdk::kExitOk;
    }
    print_steps(steps, dry_run, host.out());
    if (dry_run) {
      host.out() << "dry run: nothing was written\n";
      return ax::sdk::kExitOk;
    }
    bring_search_in_step(session, host);
    return ax::sdk::kExitOk;
  }

  // A writer's first write rebuilds the search index when a step bumped the store's generation
  // (rebuild_search) or a restore replaced the store; the kernel says so on stderr. The write begun
  // here changes nothing and is discarded. (A reader would leave the rebuild to the next search.)
  static void bring_search_in_step(ax::sdk::MaintenanceSession& session, ax::sdk::Host& host) {
    const auto summary = session.summary();
    if (summary.schema_version != summary.latest_version) return;  // ordinary opens refuse it yet
    const auto root = host.repository_root(host.working_directory());
    if (root) host.open_repository(*root)->begin_write();
  }

  static int rollback(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host) {
    const bool dry_run = args.has("--dry-run");
    const std::uint32_t schema = session.summary().schema_version;
    std::optional<std::uint32_t> to = parse_version(args.get("--to"), "--to");
    if (!to) {
      if (schema == 0) throw UserError("the store has no applied migration to roll back");
      to = schema - 1;
    }
    // Validate the target (and plan) before asking.
    const auto planned = session.rollback(*to, true);
    if (dry_run) {
      print_steps(planned, true, host.out());
      host.out() << "dry run: nothing was written\n";
      return ax::sdk::kExitOk;
    }
    confirm("Roll the symbol store back from schema version " + std::to_string(schema) + " to " + std::to_string(*to) +
                " (a backup is taken first)?",
            "rollback", args.has("--yes"), host);
    print_steps(session.rollback(*to, false), false, host.out());
    bring_search_in_step(session, host);
    return ax::sdk::kExitOk;
  }

  static void print_backup(const ax::sdk::BackupInfo& info, std::ostream& out) {
    const auto count = [&](const char* name) {
      const auto found = info.entries.find(name);
      return found == info.entries.end() ? std::uint64_t{0} : found->second;
    };
    out << info.file.string() << "  schema " << info.schema_version << ", generation " << info.generation << ", "
        << count("files") << " files, " << count("symbols") << " symbols, " << ax::sdk::format_size(info.payload_bytes)
        << (info.compressed ? " -> " + ax::sdk::format_size(info.file_bytes) : std::string()) << ", " << info.reason
        << ", " << info.created_utc << (info.compacted ? "" : ", not compacted") << "\n";
  }

  static int backup(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host) {
    ax::sdk::BackupOptions options;
    if (auto path = args.get("--path")) options.path = fs::absolute(host.working_directory() / *path);
    options.compress = !args.has("--no-compress");
    options.timestamp = !args.has("--no-timestamp");
    const auto info = session.backup(options);
    host.out() << "backup verified: ";
    print_backup(info, host.out());
    host.out() << "the search index is not included: it is rebuilt from the store on restore\n";
    return ax::sdk::kExitOk;
  }

  static int backups(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host) {
    const auto all = session.backups();
    if (args.has("--json")) {
      ax::sdk::JsonWriter json(host.out());
      json.begin_array();
      for (const auto& b : all) {
        json.begin_object()
            .field("file", b.file.string())
            .field("created_utc", b.created_utc)
            .field("reason", b.reason)
            .field("schema_version", b.schema_version)
            .field("generation", b.generation)
            .field("payload_sha256", b.payload_sha256)
            .field("payload_bytes", b.payload_bytes)
            .field("file_bytes", b.file_bytes);
        json.key("entries").begin_object();
        for (const auto& [name, n] : b.entries) json.field(name, n);
        json.end_object().end_object();
      }
      json.end_array();
      host.out() << "\n";
      return ax::sdk::kExitOk;
    }
    if (all.empty()) host.out() << "no backups in .ax/backups\n";
    for (const auto& b : all) print_backup(b, host.out());
    return ax::sdk::kExitOk;
  }

  static int restore(ax::sdk::MaintenanceSession& session, const ax::sdk::Args& args, ax::sdk::Host& host,
                     const fs::path& root) {
    const fs::path file = fs::absolute(host.working_directory() / args.positional().front());
    const auto info = session.verify_backup(file);  // before asking: a bad file is refused at once
    confirm("Replace the symbol store with " + file.string() + " (schema " + std::to_string(info.schema_version) +
                ", generation " + std::to_string(info.generation) + "; the current store is backed up first)?",
            "restore", args.has("--yes"), host);
    const auto before = session.restore(file);
    host.out() << "restored " << file.string() << "\nthe store before the restore is in " << before.file.string()
               << "\n";
    const auto summary = session.summary();
    // The search index is derived from the store: throw it away and rebuild it from the restored one.
    std::error_code ignored;
    fs::remove_all(root / ".ax" / "search", ignored);
    if (summary.schema_version < summary.latest_version) {
      host.out() << "the restored store is at schema version " << summary.schema_version << " (latest "
                 << summary.latest_version << "): run 'ax db migrate'; the search index is rebuilt after that\n";
      return ax::sdk::kExitOk;
    }
    if (auto repository = host.find_repository(root))
      host.out() << "search index rebuilt from the store (generation " << repository->store().generation() << ")\n";
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"db", "status, migrate, roll back, back up and restore the symbol store", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "db", "1.0.0", "Store migrations, backups and restores", kCommands, DbCommand)
