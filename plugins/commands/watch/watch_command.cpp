// `ax watch [PATH]`: keeps the repository's index current as files change, printing each change.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stop_token>
#include <thread>

#include <ax/index/pipeline.hpp>
#include <ax/sdk/json.hpp>
#include <ax/sdk/repository_root.hpp>
#include <ax/sdk/sdk.hpp>
#include <ax/semantic/semantic.hpp>
#include <ax/watch/tree_watcher.hpp>

#include "run_state.hpp"

namespace {
namespace fs = std::filesystem;
using ax::index::ChangeKind;
using ax::index::FileChange;
using ax::index::IndexSummary;
using Clock = std::chrono::steady_clock;

constexpr int kExitInterrupted = 130;
constexpr std::uint64_t kMaxDebounceMs = 3'600'000;
// How long the tree must stay quiet after a change before the idle summary.
constexpr std::chrono::milliseconds kIdleAfter{2000};

constexpr const char* kUsage = R"(Usage: ax watch [PATH] [--debounce MS] [--json]

Keeps the index of the repository at PATH (default: the one the queries use) current while files
change: inotify on every directory the index walk enters (new ones as they appear; ignore rules
honoured, .git/ and .ax/ never watched). Changes are batched: a batch is applied once the tree has
been quiet for the debounce time (a batch of at most 8 paths, such as a lone save, after
watch.quick_debounce_ms, 30; however busy the tree, 2 s or the debounce time if longer after its
first change), reading
and parsing only the files it names, and re-resolving the imports of the files that named a file
created or removed. An editor's save through a temporary file is one change of the file. A batch of
more than watch.max_batch paths (a branch switch) or an event queue overflow is applied by an
incremental scan of the whole tree, as ax index does; so is a change to .gitignore or .axignore.
Where the system's watch limit (fs.inotify.max_user_watches) or watch.max_directories is reached,
the tree is also scanned every watch.poll_interval_ms.

It starts with an incremental scan (the repository must have been indexed: run ax index first),
then prints a line per change: `+ path (N symbols, T ms)`, `~` modified, `- path` removed; after
2 s of quiet, a line saying the index is current; on Ctrl-C, a summary of the session (exit 130).
The repository's writer lock is held only while a batch is applied, so queries and ax index from
another shell work meanwhile (an ax index running when a batch is due makes it wait).

Options:
  --debounce MS   quiet milliseconds before a batch is applied (default: watch.debounce_ms, 300)
  --json          one JSON object per line: ready, change, batch, idle, notice, summary events
)";

const char* kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::created:
      return "created";
    case ChangeKind::modified:
      return "modified";
    case ChangeKind::removed:
      return "removed";
  }
  return "modified";
}

std::string milliseconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, seconds < 0.01 ? "%.1f ms" : "%.0f ms", seconds * 1000);
  return text;
}

std::string duration(double seconds) {
  char text[48];
  if (seconds < 60)
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  else
    std::snprintf(text, sizeof text, "%d min %d s", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  return text;
}

std::uint64_t unix_milliseconds() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

// What the session did, for the idle and the final summaries.
struct Tally {
  std::uint64_t batches = 0;
  std::uint64_t scans = 0;  // batches applied by a scan of the whole tree
  std::uint64_t created = 0, modified = 0, removed = 0;
  std::uint64_t symbols = 0;
  double seconds = 0;  // applying batches

  void add(const IndexSummary& summary) {
    ++batches;
    scans += summary.full_scan ? 1 : 0;
    seconds += summary.seconds;
    for (const FileChange& change : summary.changes) {
      (change.kind == ChangeKind::created ? created : change.kind == ChangeKind::modified ? modified : removed)++;
      symbols += change.symbols;
    }
  }
  std::uint64_t changes() const { return created + modified + removed; }
  std::string text() const {
    std::ostringstream out;
    out << changes() << (changes() == 1 ? " change" : " changes") << " (" << created << " created, " << modified
        << " modified, " << removed << " removed) in " << batches << (batches == 1 ? " batch" : " batches");
    if (scans > 0) out << ", " << scans << (scans == 1 ? " scan" : " scans") << " of the whole tree";
    out << ", " << symbols << " symbols, " << duration(seconds) << " indexing";
    return out.str();
  }
};

// Prints the session as lines of text, or as JSON lines.
class Printer {
 public:
  Printer(std::ostream& out, bool json) : out_(out), json_(json) {}

  void ready(const fs::path& root, const IndexSummary& scan, std::size_t directories,
             std::chrono::milliseconds debounce, bool polling) {
    if (json_) {
      event("ready")
          .field("root", root.string())
          .field("directories", static_cast<std::uint64_t>(directories))
          .field("debounce_ms", static_cast<std::uint64_t>(debounce.count()))
          .field("polling", polling)
          .field("parsed", scan.parsed)
          .field("removed", scan.removed)
          .field("generation", scan.generation)
          .field("seconds", scan.seconds);
      end();
      return;
    }
    out_ << "Watching " << ax::sdk::printable(root.string()) << " (" << directories
         << (directories == 1 ? " directory" : " directories") << (polling ? ", and scans every poll interval" : "")
         << "; debounce " << debounce.count() << " ms); the index is current: " << scan.parsed << " parsed, "
         << scan.removed << " removed by the first scan in " << duration(scan.seconds) << ". Ctrl-C to stop.\n"
         << std::flush;
  }

  void batch(const IndexSummary& summary) {
    for (const FileChange& change : summary.changes) {
      if (json_) {
        event("change")
            .field("kind", kind_name(change.kind))
            .field("path", change.path)
            .field("language", change.language)
            .field("symbols", change.symbols)
            .field("ms", change.seconds * 1000)
            .field("failed", change.failed);
        end();
        continue;
      }
      out_ << static_cast<char>(change.kind) << ' ' << ax::sdk::printable(change.path);
      if (change.kind != ChangeKind::removed) {
        if (change.failed)
          out_ << " (parser failed, " << milliseconds(change.seconds) << ")";
        else if (change.language.empty())
          out_ << " (no supported language)";
        else
          out_ << " (" << change.symbols << (change.symbols == 1 ? " symbol, " : " symbols, ")
               << milliseconds(change.seconds) << ")";
      }
      out_ << "\n";
    }
    if (json_) {
      event("batch")
          .field("full_scan", summary.full_scan)
          .field("changes", static_cast<std::uint64_t>(summary.changes.size()))
          .field("parsed", summary.parsed)
          .field("removed", summary.removed)
          .field("resolved", summary.resolution.files)
          .field("generation", summary.generation)
          .field("seconds", summary.seconds)
          .field("time_ms", unix_milliseconds());  // when it was committed: searchable from then on
      writer_->key("phases")
          .begin_object()
          .field("find", summary.phases.walk)
          .field("read", summary.phases.read)
          .field("parse", summary.phases.parse)
          .field("store_write", summary.phases.store_write)
          .field("search_write", summary.phases.search_write)
          .field("commit", summary.phases.commit)
          .field("resolution", summary.resolution.seconds)
          .end_object();
      writer_->key("changed_paths").begin_array();
      for (const auto& path : summary.changed_paths()) writer_->value(path);
      writer_->end_array();
      end();
    } else if (summary.full_scan) {
      out_ << "Scanned the whole tree: " << summary.parsed << " parsed, " << summary.unchanged << " unchanged, "
           << summary.removed << " removed in " << duration(summary.seconds) << "\n";
    }
    out_ << std::flush;
  }

  void idle(const IndexSummary& last, const Tally& since) {
    if (json_) {
      event("idle").field("generation", last.generation).field("changes", since.changes());
      end();
    } else {
      out_ << "Idle: the index is current (generation " << last.generation << "); " << since.text() << "\n";
    }
    out_ << std::flush;
  }

  void notice(const std::string& line) {
    if (!json_) return;  // on stderr as a warning in any case
    event("notice").field("message", line);
    end();
    out_ << std::flush;
  }

  void summary(const Tally& session, double seconds) {
    if (json_) {
      event("summary")
          .field("seconds", seconds)
          .field("batches", session.batches)
          .field("scans", session.scans)
          .field("created", session.created)
          .field("modified", session.modified)
          .field("removed", session.removed)
          .field("symbols", session.symbols)
          .field("indexing_seconds", session.seconds);
      end();
    } else {
      out_ << "Watched for " << duration(seconds) << ": " << session.text() << "\n";
    }
    out_ << std::flush;
  }

 private:
  ax::sdk::JsonWriter& event(const char* name) {
    writer_.emplace(out_);
    return writer_->begin_object().field("event", name);
  }
  void end() {
    writer_->end_object();
    out_ << "\n" << std::flush;  // a line as it happens, also into a pipe
  }

  std::ostream& out_;
  bool json_;
  std::optional<ax::sdk::JsonWriter> writer_;  // a new one per line
};

class WatchCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json"}, {"--debounce"});
    if (args.positional().size() > 1) throw ax::sdk::UsageError("ax watch takes at most one PATH");
    ax::watch::WatchOptions watch_options = ax::watch::watch_options_from_config(host);
    const std::uint64_t debounce =
        args.get_count("--debounce", static_cast<std::uint64_t>(watch_options.debounce.count()));
    if (debounce > kMaxDebounceMs)
      throw ax::sdk::UsageError("--debounce takes at most " + std::to_string(kMaxDebounceMs) + " ms, not " +
                                std::to_string(debounce));
    const fs::path root = ax::index::tree_root(
        host, args.positional().empty() ? std::nullopt : std::optional<std::string>(args.positional()[0]));
    std::error_code ec;
    if (!fs::exists(root / ".ax" / "store", ec))
      throw ax::sdk::UserError("no index in " + ax::sdk::printable(root.string()) +
                               "; run 'ax index' there first, then ax watch");

    ax::index::IndexOptions index_options = ax::index::index_options_from_config(host);
    index_options.memory_sample_every = 0;

    watch_options.debounce = std::chrono::milliseconds(debounce);
    watch_options.max_delay = std::max(watch_options.max_delay, watch_options.debounce);

    Printer printer(host.out(), args.has("--json"));
    // Watching starts before the first scan: a change made during the scan is seen by one or the other.
    ax::watch::TreeWatcher watcher(ax::watch::make_inotify_source(root, watch_options), watch_options);
    const auto show_notices = [&] {
      for (const std::string& line : watcher.take_notices()) {
        host.log(ax::sdk::LogLevel::warn, line);
        printer.notice(line);
      }
    };
    const auto started = Clock::now();
    ax::index::ChangeSet everything;
    everything.require_full_scan();
    std::optional<IndexSummary> scan = apply(host, root, everything, index_options);
    Tally session;
    if (scan)
      for (const auto& problem : scan->problems) host.log(ax::sdk::LogLevel::warn, problem);
    if (!scan || scan->interrupted) {
      printer.summary(session, std::chrono::duration<double>(Clock::now() - started).count());
      return kExitInterrupted;
    }
    printer.ready(root, *scan, watcher.watched_directories(), watch_options.debounce, watcher.polling());

    // Ctrl-C (and SIGTERM) set the host's flag; this turns it into a stop request the watcher sees at once.
    std::stop_source stop;
    std::jthread interrupt_relay([&host, &stop](std::stop_token own) {
      while (!own.stop_requested()) {
        if (host.interrupted().load()) {
          stop.request_stop();
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    Tally since_idle;
    IndexSummary last = *scan;
    std::optional<Clock::time_point> idle_at;
    std::optional<Clock::time_point> sync_at = Clock::now() + ax::index::kSyncWhenQuietFor;  // the scan's commits
    while (!stop.stop_requested()) {
      ax::index::ChangeSet batch = watcher.next_batch(stop.get_token(), earliest(idle_at, sync_at));
      show_notices();
      if (stop.stop_requested()) break;
      if (batch.empty()) {  // quiet since the last batch
        const auto now = Clock::now();
        if (sync_at && now >= *sync_at) sync_at = sync_commits(host, root);
        if (idle_at && now >= *idle_at) {
          printer.idle(last, since_idle);
          idle_at.reset();
          since_idle = {};
        }
        continue;
      }
      std::optional<IndexSummary> applied = apply(host, root, batch, index_options);
      if (!applied) break;  // interrupted while waiting for another writer
      for (const auto& problem : applied->problems) host.log(ax::sdk::LogLevel::warn, problem);
      printer.batch(*applied);
      session.add(*applied);
      since_idle.add(*applied);
      last = std::move(*applied);
      if (last.interrupted) break;
      idle_at = Clock::now() + kIdleAfter;
      sync_at = Clock::now() + ax::index::kSyncWhenQuietFor;
    }
    if (sync_at) sync_commits(host, root);
    printer.summary(session, std::chrono::duration<double>(Clock::now() - started).count());
    return kExitInterrupted;
  }

 private:
  static std::optional<Clock::time_point> earliest(std::optional<Clock::time_point> a,
                                                   std::optional<Clock::time_point> b) {
    if (!a || !b) return a ? a : b;
    return std::min(*a, *b);
  }

  // Flushes the batches' deferred commits to disk; when another process holds the writer lock, the
  // time to try again.
  static std::optional<Clock::time_point> sync_commits(ax::sdk::Host& host, const fs::path& root) {
    try {
      if (!ax::index::sync_commits(root, [&] { return host.open_repository(root); }))
        return Clock::now() + ax::index::kSyncWhenQuietFor;
    } catch (const std::exception& error) {  // committed all the same: only an OS crash can lose it now
      host.log(ax::sdk::LogLevel::warn, std::string("ax watch could not flush the index to disk: ") + error.what());
    }
    return std::nullopt;
  }

  // Applies a batch holding the writer lock (waiting for another writer, saying so); nullopt when
  // Ctrl-C stopped the wait. The repository is opened for the batch only, so that nothing of it
  // stays locked between batches.
  static std::optional<IndexSummary> apply(ax::sdk::Host& host, const fs::path& root, const ax::index::ChangeSet& batch,
                                           const ax::index::IndexOptions& options) {
    const fs::path state_dir = root / ".ax";
    auto lock = ax::index::WriterLock::try_acquire(state_dir);
    if (!lock)
      lock = ax::index::wait_for_writer_lock(state_dir, host.interrupted(), [&](pid_t pid) {
        host.err() << "ax: waiting for another ax index" << (pid > 0 ? " (pid " + std::to_string(pid) + ")" : "")
                   << " to finish with " << ax::sdk::printable(root.string()) << "...\n"
                   << std::flush;
      });
    if (!lock) return std::nullopt;
    // Opening would create a repository again where the user removed one.
    std::error_code ec;
    if (!fs::is_directory(root / ".ax" / "store", ec))
      throw ax::sdk::UserError(fs::exists(root, ec)
                                   ? "the index in " + ax::sdk::printable(root.string()) + " was removed"
                                   : "the watched directory " + ax::sdk::printable(root.string()) +
                                         " was removed or moved");
    auto repository = host.open_repository(root);
    ax::index::defer_sync(*repository);  // flushed once the tree is quiet (sync_commits)
    IndexSummary summary = ax::index::update_paths(host, *repository, batch, options);
    // New and changed definitions get vectors now, or semantic search would miss them until ax index.
    if (!summary.interrupted) ax::semantic::refresh_after_update(host, *repository);
    return summary;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"watch", "keep the index current as files change", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "watch", "1.0.0", "Live index updates", kCommands, WatchCommand)
