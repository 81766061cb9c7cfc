// The index pipeline as a library: walk -> change check -> detect -> parse on a thread pool -> one
// writer committing batches to the store and search index. `ax index` runs it; so can any command
// that keeps an index current.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ax/sdk/host.hpp>

#include <ax/graph/graph_results.hpp>
#include <ax/index/import_resolution.hpp>

namespace ax::index {

struct IndexOptions {
  // At most this many threads do index work at once: 1 parses, writes and commits on the calling
  // thread alone; more are parser threads beside the writer and the search index's own. 0: one per core.
  unsigned threads = 0;
  // A write transaction ends at batch_size files or once the files it stores hold batch_bytes of
  // source, whichever comes first. Each commit rewrites every store page its batch touched, and
  // names and references land all over the store: fewer, larger commits write far less.
  std::size_t batch_size = 4096;
  std::uint64_t batch_bytes = 4 * 1024 * 1024;
  std::uint64_t max_file_size = 2 * 1024 * 1024;
  bool follow_symlinks = false;
  std::size_t memory_sample_every = 10'000;  // files between IndexSummary::memory samples; 0: none
  // Whether IndexSummary::changes lists every file stored or removed, as ax watch and ax serve
  // report them. ax index reports counts only: a cold index of a large tree would keep a row per file.
  bool list_changes = true;
};

// The options the index.* configuration keys set (threads, batch size, file size limit, symlinks), so
// that ax index, ax watch and ax serve index alike. The kernel has validated the values already.
IndexOptions index_options_from_config(const sdk::Host& host);

// The tree a command indexes: PATH (relative to the working directory) when given, else the
// repository holding the working directory, else the working directory; canonical. Throws
// sdk::UserError when it is not a directory.
std::filesystem::path tree_root(const sdk::Host& host, const std::optional<std::string>& path);

// Where a run's time went, in seconds. The parser threads' phases are thread-seconds summed over the
// threads; the writer's are on the one writer thread (store and search split when the kernel's
// writer reports them, else all under store_write).
struct PhaseSeconds {
  double walk = 0;   // walking the tree and the change check
  double read = 0;   // reading, hashing and detecting the language
  double parse = 0;  // parsing and extracting symbols
  // turning a file's symbols and text into search terms, when the repository can do that off the
  // writer (sdk::PreparingRepository); otherwise that work is part of search_write
  double prepare = 0;
  double store_write = 0;
  double search_write = 0;
  double commit = 0;
};

// CPU seconds a run used, by thread, so that work no phase times stays visible: in ax index the
// threads beside the parsers and the writer are the search index's shard writers, which analyse
// and write the documents the writer hands them.
struct CpuSeconds {
  double total = 0;    // the whole process, during the run
  double parsers = 0;  // the parser threads, summed
  double writer = 0;   // the thread that walked, wrote and committed
  double other = 0;    // every other thread: total less the two above
  // --threads 1: the writer thread parsed too (that CPU is under parsers, the rest under writer),
  // and no other thread did index work.
  bool one_thread = false;
};

struct MemorySample {
  // Where the run was: "files" every IndexOptions::memory_sample_every files, then at the end of
  // each phase that follows them ("files done", "import resolution", "last commit", "graph results").
  std::string phase = "files";
  double seconds = 0;          // since the run started
  std::uint64_t files = 0;     // files handled so far
  std::uint64_t rss_anon = 0;  // bytes of anonymous memory resident (heap)
  std::uint64_t rss_file = 0;  // bytes of file-backed pages resident (the LMDB map, libraries)
  // What the allocator tells (jemalloc, as ax links it): the bytes in use, and at most how many it
  // keeps resident, in use or free (pages allocated but never touched count too). 0 where the
  // allocator tells nothing.
  std::uint64_t heap_allocated = 0;
  std::uint64_t heap_resident = 0;
};

// An ignore rule and how many walked entries it excluded.
struct IgnoredBy {
  std::string file;  // repository-relative: ".gitignore", "src/.axignore", ".git/info/exclude"
  std::size_t line = 0;
  std::string pattern;  // the line as written
  std::uint64_t entries = 0;
};

// What happened to one file in a run (files whose content did not change are not listed).
enum class ChangeKind : char { created = '+', modified = '~', removed = '-' };

struct FileChange {
  std::string path;  // repository-relative
  ChangeKind kind = ChangeKind::modified;
  std::string language;       // "" when removed, or of no supported language (binary, unsupported)
  std::uint64_t symbols = 0;  // symbols stored for it now
  double seconds = 0;         // reading, parsing and preparing it (on its parser thread)
  bool failed = false;        // its parser failed: stored without symbols
};

struct IndexSummary {
  std::uint64_t files_seen = 0;  // files the walk considered (after ignore rules)
  std::uint64_t parsed = 0;      // new or changed files parsed
  std::uint64_t unchanged = 0;
  std::uint64_t touched = 0;  // of the unchanged: mtime moved, content did not (record updated)
  std::uint64_t removed = 0;  // files gone from disk (or now excluded) dropped from the index
  std::uint64_t binary = 0;
  std::uint64_t oversized = 0;
  std::uint64_t unreadable = 0;
  std::uint64_t unsupported = 0;      // text files of no known language
  std::uint64_t failed = 0;           // a parser failed; the file is kept without symbols
  std::uint64_t syntax_errors = 0;    // parsed with errors (partial symbols kept)
  std::uint64_t kept_unreadable = 0;  // indexed files kept because their directory could not be read
  std::uint64_t ignored = 0;          // files and directories excluded by ignore rules (a directory once)
  std::uint64_t symbols = 0;          // symbols extracted from the files parsed now
  std::uint64_t bytes_parsed = 0;
  std::uint64_t generation = 0;
  double seconds = 0;
  unsigned threads = 0;  // parser threads used (1 with --threads 1: the writer's own thread)
  // The most threads the process had at once while writing (sampled at the first file, at each
  // commit and at the end; 0 where /proc/self/status is unavailable).
  unsigned peak_threads = 0;
  PhaseSeconds phases;
  CpuSeconds cpu;
  ResolutionSummary resolution;         // the import resolution pass (files, edges, its seconds)
  graph::RefreshOutcome graph_results;  // the stored import cycles and graph page brought up to date
  std::uint64_t peak_rss = 0;           // bytes
  std::uint64_t write_bytes = 0;        // bytes the process had written to storage by the end (/proc/self/io)
  std::vector<MemorySample> memory;     // every IndexOptions::memory_sample_every files, and per phase after
  bool interrupted = false;
  std::vector<std::string> problems;            // one line per unreadable/failed file (bounded)
  std::vector<std::string> syntax_error_files;  // the first files parsed with errors (bounded)
  std::vector<IgnoredBy> ignored_by;            // the rules that excluded entries, most entries first
  std::vector<FileChange> changes;              // every file stored or removed, in the order written
                                                // (empty unless IndexOptions::list_changes)
  bool full_scan = false;                       // update_paths walked the whole tree (see ChangeSet)

  // The files whose rows changed: those stored or removed, and those whose import edges were
  // rewritten (dependents of created and removed files). Sorted, each once. What a cache of query
  // results must forget.
  std::vector<std::string> changed_paths() const;
};

struct Progress {
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::string current;
};

// FNV-1a, 64-bit: the content hash deciding whether a file whose size or mtime moved really changed.
std::uint64_t content_hash(std::string_view data);
// True when the data looks binary (a NUL byte in its first 8000 bytes, as git decides).
bool looks_binary(std::string_view data);

// Runs the pipeline. Files are read and parsed on `options.threads` threads; this thread writes.
// Anything a language plugin throws makes that file `failed`; an error of the writer or of the
// pipeline itself stops every thread and is rethrown here, the uncommitted batch discarded. The
// caller holds the repository's WriterLock. <state dir>/index.incomplete marks a run that has
// committed and not yet completed (see run_state.hpp).
IndexSummary run_index(sdk::Host& host, sdk::Repository& repository, const IndexOptions& options,
                       const std::function<void(const Progress&)>& on_progress);

// Paths that may have changed since the index was last brought up to date (from file system events),
// repository-relative and '/'-separated. The kinds are what the events said; update_paths goes by
// what is on disk and in the store, so a path listed as created may well be reported as modified,
// and one created then removed again as nothing at all.
class ChangeSet {
 public:
  struct Entry {
    ChangeKind kind = ChangeKind::modified;
    bool directory = false;  // the event was about a directory: everything below it may have changed
  };

  // Merges an event into what is known of `path`: the last event decides whether it exists (removed
  // or not); a path created and then modified stays created, one removed and created again is modified.
  void add(ChangeKind kind, std::string path, bool directory = false);
  void merge(const ChangeSet& other);
  // Too much changed to list (an event queue overflow, an ignore file changed, a storm of events):
  // update_paths then runs the incremental scan of the whole tree instead.
  void require_full_scan() { full_scan_ = true; }
  bool full_scan() const { return full_scan_; }

  bool empty() const { return entries_.empty() && !full_scan_; }
  std::size_t size() const { return entries_.size(); }
  const std::map<std::string, Entry>& entries() const { return entries_; }
  void clear();

 private:
  std::map<std::string, Entry> entries_;
  bool full_scan_ = false;
};

// Brings the index up to date for the paths in `changes`, without walking the tree: each path (or,
// for a directory, what lies below it) gets the walk's ignore rules, the binary and size checks,
// detection, parsing, the store and search writes, and the import resolution of the files affected
// (the changed ones and those whose imports named a file created or removed). A path that is gone,
// or is now ignored, is removed from the index. One transaction unless the change is larger than
// index.batch_size files. A change to an ignore file (.gitignore, .axignore), or a ChangeSet
// requiring it, runs run_index instead (IndexSummary::full_scan). The caller holds the WriterLock.
IndexSummary update_paths(sdk::Host& host, sdk::Repository& repository, const ChangeSet& changes,
                          const IndexOptions& options);

// A process committing batch after batch (ax watch, ax serve) defers flushing its commits to disk
// (sdk::DeferredSync): defer_sync on each repository it opens to write, and sync_commits once the
// tree stayed quiet for kSyncWhenQuietFor, and on exit. A repository that cannot defer is unchanged.
inline constexpr std::chrono::milliseconds kSyncWhenQuietFor{1000};
void defer_sync(sdk::Repository& repository);
// Flushes the deferred commits of the index of `root` to disk, holding its writer lock (no commit
// then comes between the flush and the removal of the marker); false when another process holds it.
// `open` opens the repository (Host::open_repository, under whatever lock the caller needs).
bool sync_commits(const std::filesystem::path& root, const std::function<std::unique_ptr<sdk::Repository>()>& open);

}  // namespace ax::index
