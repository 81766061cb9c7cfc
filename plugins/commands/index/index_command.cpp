// `ax index [PATH]`: builds or refreshes the repository's index.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <ax/sdk/repository_root.hpp>
#include <ax/sdk/sdk.hpp>
#include <ax/semantic/semantic.hpp>

#include <ax/index/pipeline.hpp>
#include "run_state.hpp"

namespace {
namespace fs = std::filesystem;

constexpr int kExitInterrupted = 130;

constexpr const char* kUsage = R"(Usage: ax index [PATH] [--threads N] [--stats] [--json] [--quiet] [--no-wait]

Indexes the repository at PATH; without PATH, the repository the queries would use: the nearest
directory at or above the current one holding an index (.ax/store), else one holding .ax/, else
the enclosing git work tree, else the current directory. The index lives in PATH/.ax/.

PATH naming a file (or a file or directory since deleted) brings that file alone up to date in
the indexed repository holding it, without walking the tree: parsed again when its content
changed, dropped when it is gone or ignored (with all it held below a deleted directory), and the
imports of the files it affects resolved again.

Files are walked honouring .gitignore, .axignore and .git/info/exclude; binary files, files larger
than index.max_file_size and unreadable files are skipped and counted. Only files whose content
changed since the last run are parsed again; deleted files are dropped. Ctrl-C stops at a batch
boundary and leaves a consistent index; run again to finish (until then `ax status` says the
index is incomplete). One run writes a repository at a time: another run waits for it, saying so.

Options:
  --threads N   threads doing index work (default: index.threads, 0 = one per core);
                1 parses, writes and commits on one thread, for a low-impact background run
  --stats       also print where the time went (walk, read, parse, search documents, store
                write, search write, commit), CPU by thread (parsers, writer, search index
                writers), the most threads at once, peak memory, bytes written to disk, and
                resident memory (anonymous, file-backed, and the allocator's heap in use) every
                10000 files and at the end of each phase after them
  --json        print the summary as JSON (with the figures of --stats)
  --quiet       no progress bar and no summary
  --no-wait     fail at once when another ax index is writing this repository
)";

// A one-line progress bar redrawn at most ten times a second.
class ProgressBar {
 public:
  explicit ProgressBar(std::ostream& err) : err_(err), started_(std::chrono::steady_clock::now()) {}
  void update(const ax::index::Progress& p) {
    auto now = std::chrono::steady_clock::now();
    if (p.done != p.total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double elapsed = std::chrono::duration<double>(now - started_).count();
    double rate = elapsed > 0 ? static_cast<double>(p.done) / elapsed : 0;
    constexpr int kWidth = 24;
    int filled = p.total == 0 ? kWidth : static_cast<int>(kWidth * p.done / p.total);
    std::string current = ax::sdk::printable(p.current);
    if (current.size() > 40) current = "..." + current.substr(current.size() - 37);
    char line[256];
    std::snprintf(line, sizeof line, "\r[%s%s] %llu/%llu files  %.0f files/s  %-40s", std::string(filled, '=').c_str(),
                  std::string(kWidth - filled, ' ').c_str(), static_cast<unsigned long long>(p.done),
                  static_cast<unsigned long long>(p.total), rate, current.c_str());
    err_ << line << std::flush;
    drawn_ = true;
  }
  ~ProgressBar() {
    if (drawn_) err_ << "\r" << std::string(110, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

void print_summary(std::ostream& out, const ax::index::IndexSummary& s, const fs::path& root) {
  out << (s.interrupted ? "Interrupted: " : "Indexed ") << ax::sdk::printable(root.string()) << ": " << s.parsed
      << " parsed, " << s.unchanged << " unchanged, " << s.removed << " removed; " << s.symbols << " symbols in "
      << std::fixed;
  out.precision(2);
  out << s.seconds << " s";
  if (s.seconds > 0 && s.parsed > 0) {
    out.precision(0);
    out << " (" << static_cast<double>(s.parsed) / s.seconds << " files/s, ";
    out.precision(1);
    out << static_cast<double>(s.bytes_parsed) / 1e6 / s.seconds << " MB/s)";
  }
  out << "\n";
  std::ostringstream skipped;
  auto item = [&](std::uint64_t n, const char* what) {
    if (n == 0) return;
    if (skipped.tellp() > 0) skipped << ", ";
    skipped << n << " " << what;
  };
  item(s.unsupported, "of no supported language");
  item(s.binary, "binary");
  item(s.oversized, "over index.max_file_size");
  item(s.unreadable, "unreadable");
  item(s.failed, "failed to parse");
  if (skipped.tellp() > 0) out << "Skipped: " << skipped.str() << "\n";
  if (s.kept_unreadable > 0)
    out << "Kept " << s.kept_unreadable << " indexed files of directories that could not be read\n";
  if (s.syntax_errors > 0) out << s.syntax_errors << " files have syntax errors (partial symbols kept)\n";
  if (s.interrupted) out << "The index is consistent; run ax index again to finish.\n";
}

double megabytes(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void print_stats(std::ostream& out, const ax::index::IndexSummary& s, unsigned threads) {
  const auto& p = s.phases;
  char line[512];
  if (s.cpu.one_thread)
    std::snprintf(line, sizeof line,
                  "Phases, all on one thread: walk %.2f s, read %.2f s, parse+extract %.2f s, search documents %.2f s, "
                  "store write %.2f s, search write %.2f s, commit %.2f s\n",
                  p.walk, p.read, p.parse, p.prepare, p.store_write, p.search_write, p.commit);
  else
    std::snprintf(line, sizeof line,
                  "Phases: walk %.2f s; on %u parser threads (thread-seconds): read %.2f s, parse+extract %.2f s, "
                  "search documents %.2f s; on the writer: store write %.2f s, search write %.2f s, commit %.2f s\n",
                  p.walk, threads, p.read, p.parse, p.prepare, p.store_write, p.search_write, p.commit);
  out << line;
  const double rate = s.seconds > 0 ? static_cast<double>(s.parsed) / s.seconds : 0;
  std::snprintf(line, sizeof line, "Throughput: %.0f files/s, %.1f MB/s; peak RSS %.0f MB; written to disk %.0f MB\n",
                rate, s.seconds > 0 ? static_cast<double>(s.bytes_parsed) / 1e6 / s.seconds : 0, megabytes(s.peak_rss),
                megabytes(s.write_bytes));
  out << line;
  if (s.cpu.one_thread)
    std::snprintf(line, sizeof line,
                  "CPU: %.2f s in all; on the one thread: reading and parsing %.2f s, writing %.2f s; other threads "
                  "%.2f s; peak threads %u\n",
                  s.cpu.total, s.cpu.parsers, s.cpu.writer, s.cpu.other, s.peak_threads);
  else
    std::snprintf(line, sizeof line,
                  "CPU: %.2f s in all; parser threads %.2f s, writer %.2f s, other threads (search index writers) "
                  "%.2f s; peak threads %u\n",
                  s.cpu.total, s.cpu.parsers, s.cpu.writer, s.cpu.other, s.peak_threads);
  out << line;
  std::snprintf(line, sizeof line, "Imports: resolved for %llu files, %llu edges (%llu unresolved) in %.2f s\n",
                static_cast<unsigned long long>(s.resolution.files),
                static_cast<unsigned long long>(s.resolution.edges),
                static_cast<unsigned long long>(s.resolution.unresolved), s.resolution.seconds);
  out << line;
  if (s.graph_results.computed) {
    std::snprintf(line, sizeof line, "Import cycles and graph page: computed and stored in %.2f s (%.2f s of CPU)\n",
                  s.graph_results.seconds, s.graph_results.cpu_seconds);
    out << line;
  }
  for (const auto& m : s.memory) {
    const std::string where = m.phase == "files" ? "at " + std::to_string(m.files) + " files" : "after " + m.phase;
    std::snprintf(line, sizeof line, "Memory %s (%.0f s): RssAnon %.0f MB, RssFile %.0f MB", where.c_str(), m.seconds,
                  megabytes(m.rss_anon), megabytes(m.rss_file));
    out << line;
    if (m.heap_resident != 0) {
      std::snprintf(line, sizeof line, "; heap in use %.0f MB of %.0f MB resident", megabytes(m.heap_allocated),
                    megabytes(m.heap_resident));
      out << line;
    }
    out << "\n";
  }
}

void print_json(std::ostream& out, const ax::index::IndexSummary& s, const fs::path& root) {
  ax::sdk::JsonWriter json(out);
  json.begin_object()
      .field("root", root.string())
      .field("files_seen", s.files_seen)
      .field("parsed", s.parsed)
      .field("unchanged", s.unchanged)
      .field("touched", s.touched)
      .field("removed", s.removed)
      .field("symbols", s.symbols)
      .field("bytes_parsed", s.bytes_parsed)
      .field("unsupported", s.unsupported)
      .field("binary", s.binary)
      .field("oversized", s.oversized)
      .field("unreadable", s.unreadable)
      .field("failed", s.failed)
      .field("kept_unreadable", s.kept_unreadable)
      .field("ignored", s.ignored)
      .field("syntax_errors", s.syntax_errors)
      .field("generation", s.generation)
      .field("seconds", s.seconds)
      .field("threads", s.threads)
      .field("peak_threads", s.peak_threads)
      .field("peak_rss", s.peak_rss)
      .field("write_bytes", s.write_bytes)
      .field("interrupted", s.interrupted);
  json.key("phases")
      .begin_object()
      .field("walk", s.phases.walk)
      .field("read", s.phases.read)
      .field("parse", s.phases.parse)
      .field("prepare", s.phases.prepare)
      .field("store_write", s.phases.store_write)
      .field("search_write", s.phases.search_write)
      .field("commit", s.phases.commit)
      .end_object();
  json.key("cpu")
      .begin_object()
      .field("total", s.cpu.total)
      .field("parsers", s.cpu.parsers)
      .field("writer", s.cpu.writer)
      .field("other", s.cpu.other)
      .field("one_thread", s.cpu.one_thread)
      .end_object();
  json.key("resolution")
      .begin_object()
      .field("files", s.resolution.files)
      .field("edges", s.resolution.edges)
      .field("unresolved", s.resolution.unresolved)
      .field("seconds", s.resolution.seconds)
      .end_object();
  json.key("graph_results")
      .begin_object()
      .field("computed", s.graph_results.computed)
      .field("stored", s.graph_results.stored)
      .field("seconds", s.graph_results.seconds)
      .field("cpu_seconds", s.graph_results.cpu_seconds)
      .end_object();
  json.key("memory").begin_array();
  for (const auto& m : s.memory)
    json.begin_object()
        .field("phase", m.phase)
        .field("seconds", m.seconds)
        .field("files", m.files)
        .field("rss_anon", m.rss_anon)
        .field("rss_file", m.rss_file)
        .field("heap_allocated", m.heap_allocated)
        .field("heap_resident", m.heap_resident)
        .end_object();
  json.end_array();
  json.key("problems").begin_array();
  for (const auto& p : s.problems) json.value(p);
  json.end_array();
  json.key("syntax_error_files").begin_array();
  for (const auto& f : s.syntax_error_files) json.value(f);
  json.end_array();
  json.key("ignored_by").begin_array();
  for (const auto& rule : s.ignored_by)
    json.begin_object()
        .field("file", rule.file)
        .field("line", rule.line)
        .field("pattern", rule.pattern)
        .field("entries", rule.entries)
        .end_object();
  json.end_array().end_object();
  out << "\n";
}

// One line for a run that found nothing to index because ignore rules excluded everything.
std::string everything_ignored(const ax::index::IndexSummary& s) {
  const auto& rule = s.ignored_by.front();
  std::string line = "nothing to index: every file is ignored, by " + ax::sdk::printable(rule.file) + ":" +
                     std::to_string(rule.line) + " '" + rule.pattern + "'";
  if (s.ignored_by.size() > 1) line += " and " + std::to_string(s.ignored_by.size() - 1) + " other rules";
  return line;
}

// Takes the repository's writer lock, waiting for another run to finish unless `no_wait`.
// nullopt when Ctrl-C stopped the wait.
std::optional<ax::index::WriterLock> lock_repository(ax::sdk::Host& host, const fs::path& root, bool no_wait) {
  const fs::path state_dir = root / ".ax";
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) throw ax::sdk::UserError("cannot create " + state_dir.string() + ": " + ec.message());
  auto another_run = [](pid_t pid) {
    return "another ax index" + (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string());
  };
  if (no_wait) {
    if (auto lock = ax::index::WriterLock::try_acquire(state_dir)) return lock;
    throw ax::sdk::UserError(another_run(ax::index::WriterLock::holder(state_dir)) + " is indexing " +
                             ax::sdk::printable(root.string()) + " (--no-wait given)");
  }
  return ax::index::wait_for_writer_lock(state_dir, host.interrupted(), [&](pid_t pid) {
    host.err() << "ax: waiting for " << another_run(pid) << " to finish with " << ax::sdk::printable(root.string())
               << "... (Ctrl-C to stop waiting)\n"
               << std::flush;
  });
}

// Usage telemetry: where the time went, throughput and memory (figures only, never file names).
void record_telemetry(ax::sdk::Host& host, const ax::index::IndexSummary& s) {
  auto* t = ax::sdk::telemetry_sink(host);
  if (t == nullptr || !t->telemetry_enabled()) return;
  const auto& p = s.phases;
  for (auto [name, seconds] : {std::pair{"walk", p.walk},
                               {"read", p.read},
                               {"parse", p.parse},
                               {"store_write", p.store_write},
                               {"search_write", p.search_write},
                               {"commit", p.commit}})
    t->record_metric(std::string("index.phase.") + name, seconds, "s");
  t->record_metric("index.files_parsed", static_cast<double>(s.parsed), "1");
  t->record_metric("index.files_per_second", s.seconds > 0 ? static_cast<double>(s.files_seen) / s.seconds : 0, "1/s");
  t->record_metric("index.peak_rss", static_cast<double>(s.peak_rss), "By");
}

// A file that `ax index PATH` brings up to date alone: the indexed repository holding it, and its
// path there.
struct SingleFile {
  fs::path root;
  std::string path;    // repository-relative, '/'-separated
  bool exists = true;  // false: gone from disk (a file or a directory deleted since it was indexed)
};

// PATH as a single file: nullopt when it is a directory (the tree to index). A file, or a name
// whose directory exists (a file since deleted), must lie inside an indexed repository.
std::optional<SingleFile> single_file(const ax::sdk::Host& host, const std::optional<std::string>& path) {
  if (!path) return std::nullopt;
  fs::path given(*path);
  if (given.is_relative()) given = host.working_directory() / given;
  std::error_code ec;
  if (fs::is_directory(given, ec)) return std::nullopt;
  given = given.lexically_normal();
  const bool exists = fs::exists(fs::symlink_status(given, ec));
  // Neither a directory nor anything inside an indexed repository: the tree to index is not there.
  const auto not_a_directory = [&] { return ax::sdk::UserError(ax::sdk::printable(*path) + " is not a directory"); };
  const fs::path directory = fs::canonical(given.parent_path(), ec);
  if (ec || given.filename().empty()) throw not_a_directory();
  const std::optional<fs::path> root = ax::sdk::repository_root(directory);
  if (!root || !fs::is_directory(*root / ".ax" / "store", ec)) {
    if (!exists) throw not_a_directory();
    throw ax::sdk::UserError(ax::sdk::printable(*path) +
                             " is not inside an indexed repository; run ax index in the repository first");
  }
  const fs::path relative = (directory / given.filename()).lexically_relative(*root);
  std::optional<std::string> normalised = ax::index::normalised_path(relative.generic_string());
  if (!normalised || relative.generic_string().starts_with(".ax/") || relative == ".ax")
    throw ax::sdk::UserError(ax::sdk::printable(*path) + " is not a file of the repository at " +
                             ax::sdk::printable(root->string()));
  return SingleFile{*root, std::move(*normalised), exists};
}

class IndexCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--quiet", "--stats", "--no-wait"}, {"--threads"});
    if (args.positional().size() > 1) throw ax::sdk::UsageError("ax index takes at most one PATH");
    const std::optional<std::string> path =
        args.positional().empty() ? std::nullopt : std::optional<std::string>(args.positional()[0]);
    const std::optional<SingleFile> file = single_file(host, path);
    const fs::path root = file ? file->root : ax::index::tree_root(host, path);

    ax::index::IndexOptions options = ax::index::index_options_from_config(host);
    options.threads = static_cast<unsigned>(args.get_count("--threads", options.threads));
    options.list_changes = false;  // the summary says how many, not which

    auto lock = lock_repository(host, root, args.has("--no-wait"));
    if (!lock) {
      host.err() << "ax: interrupted while waiting for another ax index; nothing was written\n";
      return kExitInterrupted;
    }
    auto repository = host.open_repository(root);
    bool show_progress = !args.has("--quiet") && !args.has("--json") && host.stderr_is_terminal();
    std::optional<ProgressBar> bar;
    if (show_progress && !file) bar.emplace(host.err());
    ax::index::IndexSummary summary;
    if (file) {
      ax::index::ChangeSet change;
      // A path gone from disk may have been a directory: whatever the index holds below it goes too.
      change.add(file->exists ? ax::index::ChangeKind::modified : ax::index::ChangeKind::removed, file->path,
                 !file->exists);
      summary = ax::index::update_paths(host, *repository, change, options);
      if (!file->exists && summary.removed == 0 && !summary.interrupted)
        throw ax::sdk::UserError(ax::sdk::printable(*path) + " is not a directory, nor a file the index holds");
    } else {
      summary = ax::index::run_index(host, *repository, options, [&](const ax::index::Progress& p) {
        if (bar) bar->update(p);
      });
    }
    bar.reset();
    // Semantic search (off by default) trains on what was just indexed.
    if (!summary.interrupted) ax::semantic::update_after_index(host, *repository);
    record_telemetry(host, summary);
    for (const auto& problem : summary.problems) host.log(ax::sdk::LogLevel::warn, problem);
    for (const auto& file : summary.syntax_error_files)
      host.log(ax::sdk::LogLevel::info, "syntax errors in " + ax::sdk::printable(file));
    if (summary.files_seen == 0 && !summary.ignored_by.empty() && !summary.interrupted)
      host.log(ax::sdk::LogLevel::warn, everything_ignored(summary));
    if (args.has("--json")) {
      print_json(host.out(), summary, root);
    } else if (!args.has("--quiet")) {
      print_summary(host.out(), summary, root);
      if (args.has("--stats")) print_stats(host.out(), summary, summary.threads);
    }
    return summary.interrupted || host.interrupted().load() ? kExitInterrupted : ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"index", "index the repository (incremental)", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "index", "1.0.0", "Repository indexing", kCommands, IndexCommand)
