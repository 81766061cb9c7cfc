#include <ax/index/pipeline.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <ax/sdk/caller_thread_writes.hpp>
#include <ax/sdk/file.hpp>
#include <ax/sdk/hash.hpp>
#include <ax/sdk/repository_root.hpp>
#include <ax/sdk/telemetry.hpp>
#include <ax/sdk/text.hpp>
#include <ax/sdk/units.hpp>

#include <ax/index/ignore_rules.hpp>
#include <ax/index/project_context.hpp>
#include "heap.hpp"
#include "run_state.hpp"

namespace ax::index {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxProblemsListed = 50;
// What the language detector sees of a file: enough to get past a long licence comment to the code
// (a C++ header known only by its first declarations).
constexpr std::size_t kHeadBytes = 16384;

struct Candidate {
  std::string path;  // repository-relative, '/'-separated
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

enum class Outcome { parsed, unsupported, binary, unreadable, failed, unchanged, cancelled };

struct Work {
  Candidate candidate;
  const sdk::FileRecord* previous = nullptr;
};

struct Result {
  Outcome outcome = Outcome::parsed;
  sdk::FileRecord record;
  sdk::ParseResult parse;
  std::string source;
  std::string problem;
  // The file's search documents, made on the worker thread; null when the writer makes them.
  std::unique_ptr<sdk::PreparedSearchFile> prepared;
  double seconds = 0;                     // processing the file on its worker thread
  double parse_seconds = 0;               // of which parsing and extracting
  double prepare_seconds = 0;             // of which preparing search documents
  bool created = false;                   // not indexed before
  std::vector<std::string> import_kinds;  // parallel to parse.imports when the parser tells them
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double cpu_seconds(clockid_t clock) {
  timespec spent{};
  if (clock_gettime(clock, &spent) != 0) return 0;
  return static_cast<double>(spent.tv_sec) + static_cast<double>(spent.tv_nsec) / 1e9;
}

// The CPU seconds the process and the calling thread had used at one moment.
struct CpuClock {
  double process = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  double thread = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
};

// Completes `cpu`, whose parsers write_changes set, with what the process and the calling (writer)
// thread used since `started`; called once the parser threads have ended.
void finish_cpu(CpuSeconds& cpu, const CpuClock& started) {
  const CpuClock now;
  cpu.total = now.process - started.process;
  // On one thread, the parsing it did is counted under parsers, not twice.
  cpu.writer = std::max(0.0, now.thread - started.thread - (cpu.one_thread ? cpu.parsers : 0.0));
  cpu.other = std::max(0.0, cpu.total - cpu.parsers - cpu.writer);
}

// The resident memory of this process, from /proc/self/status (zeros where it is unavailable), and
// what the allocator holds; `phase` tells where the run is, `started` when it began.
MemorySample memory_now(std::string phase, std::chrono::steady_clock::time_point started, std::uint64_t files) {
  MemorySample sample;
  sample.phase = std::move(phase);
  sample.seconds = seconds_since(started);
  sample.files = files;
  std::ifstream status("/proc/self/status");
  std::string line;
  auto kib_after = [&](std::string_view key) -> std::uint64_t {
    return line.starts_with(key) ? std::strtoull(line.c_str() + key.size(), nullptr, 10) * 1024 : 0;
  };
  while (std::getline(status, line)) {
    if (line.starts_with("RssAnon:")) sample.rss_anon = kib_after("RssAnon:");
    if (line.starts_with("RssFile:")) sample.rss_file = kib_after("RssFile:");
  }
  const HeapFigures heap = heap_figures();
  sample.heap_allocated = heap.allocated;
  sample.heap_resident = heap.resident;
  return sample;
}

// The bytes this process has caused to be written to storage so far (write_bytes of /proc/self/io:
// what reaches the disk, not what write() was given); 0 where it is unavailable.
std::uint64_t bytes_written_to_storage() {
  std::ifstream io("/proc/self/io");
  std::string line;
  constexpr std::string_view kKey = "write_bytes:";
  while (std::getline(io, line))
    if (line.starts_with(kKey)) return std::strtoull(line.c_str() + kKey.size(), nullptr, 10);
  return 0;
}

// The threads this process has now (Threads: of /proc/self/status); 0 where it is unavailable.
unsigned threads_now() {
  std::ifstream status("/proc/self/status");
  std::string line;
  constexpr std::string_view kKey = "Threads:";
  while (std::getline(status, line))
    if (line.starts_with(kKey)) return static_cast<unsigned>(std::strtoul(line.c_str() + kKey.size(), nullptr, 10));
  return 0;
}

std::int64_t mtime_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// What the walk found: the files to consider, and the paths it could not read, whose previously
// indexed files are kept rather than dropped as removed.
struct WalkResult {
  std::vector<Candidate> candidates;
  std::set<std::string> unreadable;  // repository-relative; "" for the root
};

// Walks the tree below `root`, honouring ignore files; never leaves the root and never visits a
// directory twice (with index.follow_symlinks, links to directories are walked after the real
// tree, so a directory reachable both ways is indexed under its real path).
class Walker {
 public:
  Walker(fs::path root, const IndexOptions& options, IndexSummary& summary)
      : root_(std::move(root)), options_(options), summary_(summary) {
    std::error_code ec;
    canonical_root_ = fs::canonical(root_, ec);
    if (ec) canonical_root_ = root_;
    rules_.add_file(root_ / ".git" / "info" / "exclude", "", ".git/info/exclude");
  }

  WalkResult walk() {
    struct stat st {};
    if (stat(root_.c_str(), &st) != 0) {
      unreadable("", "cannot read directory .: " + std::string(std::strerror(errno)));
      return std::move(result_);
    }
    visit_directory(root_, "", st);
    return finish();
  }

  // Walks only the directory `relative` (`st` its stat), which the walk would reach, with
  // `rules_there` the ignore rules in force in its parent directory (see ignore_rules_at).
  WalkResult walk_below(const std::string& relative, IgnoreRules rules_there, const struct stat& st) {
    rules_ = std::move(rules_there);
    visit_directory(root_ / relative, relative, st);
    return finish();
  }

 private:
  WalkResult finish() {
    while (!linked_directories_.empty()) {
      LinkedDirectory next = std::move(linked_directories_.front());
      linked_directories_.pop_front();
      rules_ = std::move(next.rules);
      visit_directory(next.target, next.relative, next.st);
    }
    report_ignored();
    return std::move(result_);
  }

  // A symlink to a directory, walked once the real tree is done, with the rules in force at the link.
  struct LinkedDirectory {
    fs::path target;
    std::string relative;
    struct stat st;
    IgnoreRules rules;
  };

  // Lists a directory through one descriptor: names from readdir, each entry's stat relative to the
  // directory (fstatat), so a path is neither allocated nor resolved from the root per entry (a
  // 142k-file tree is stat'ed on every run). Ignore files are read only where the listing has them.
  void visit_directory(const fs::path& dir, const std::string& relative, const struct stat& dir_stat) {
    if (!visited_.emplace(dir_stat.st_dev, dir_stat.st_ino).second) return;
    const std::string prefix = relative.empty() ? "" : relative + "/";
    DirectoryListing listing = list_directory(dir);
    if (listing.error != 0)
      unreadable(relative, "cannot read directory " + sdk::printable(relative.empty() ? "." : relative) + ": " +
                               std::strerror(listing.error));
    std::size_t added = 0;
    if (listing.has_gitignore) added += rules_.add_file(dir / ".gitignore", relative, prefix + ".gitignore");
    if (listing.has_axignore) added += rules_.add_file(dir / ".axignore", relative, prefix + ".axignore");
    std::string path;
    for (const ListedEntry& entry : listing.entries) {
      path.assign(prefix).append(entry.name);
      if (entry.stat_error != 0) {
        unreadable(path, "cannot stat " + sdk::printable(path) + ": " + std::strerror(entry.stat_error));
        continue;
      }
      struct stat st = entry.st;
      if (S_ISLNK(st.st_mode)) {
        if (!options_.follow_symlinks) continue;
        const fs::path link = dir / entry.name;
        std::error_code link_ec;
        fs::path target = fs::canonical(link, link_ec);
        // A link leading outside the repository is never followed.
        if (link_ec || !inside_root(target)) continue;
        if (stat(link.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
          if (!always_skipped_directory(entry.name) && !excluded(path, true))
            linked_directories_.push_back({target, path, st, rules_});
          continue;
        }
      }
      if (S_ISDIR(st.st_mode)) {
        if (always_skipped_directory(entry.name) || excluded(path, true)) continue;
        visit_directory(dir / entry.name, path, st);
      } else if (S_ISREG(st.st_mode)) {
        if (excluded(path, false)) continue;
        ++summary_.files_seen;
        result_.candidates.push_back({path, static_cast<std::uint64_t>(st.st_size), mtime_of(st)});
      }
    }
    rules_.pop(added);
  }

  struct ListedEntry {
    std::string name;
    struct stat st {};
    int stat_error = 0;  // errno of its lstat, 0 when `st` holds it
  };
  struct DirectoryListing {
    std::vector<ListedEntry> entries;  // sorted by name (byte order), "." and ".." left out
    bool has_gitignore = false;
    bool has_axignore = false;
    int error = 0;  // errno of opening or reading the directory; entries read before it are kept
  };

  // The entries of `dir` with their lstat; its descriptor is closed again before the caller goes
  // deeper, so a walk holds one at a time however deep the tree.
  static DirectoryListing list_directory(const fs::path& dir) {
    DirectoryListing listing;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      listing.error = errno;
      return listing;
    }
    DIR* stream = ::fdopendir(fd);
    if (stream == nullptr) {
      listing.error = errno;
      ::close(fd);
      return listing;
    }
    const std::unique_ptr<DIR, int (*)(DIR*)> closing(stream, ::closedir);
    for (;;) {
      errno = 0;
      const dirent* entry = ::readdir(stream);
      if (entry == nullptr) {
        listing.error = errno;
        break;
      }
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      if (name == ".gitignore") listing.has_gitignore = true;
      if (name == ".axignore") listing.has_axignore = true;
      listing.entries.push_back({std::string(name)});
    }
    std::sort(listing.entries.begin(), listing.entries.end(),
              [](const ListedEntry& a, const ListedEntry& b) { return a.name < b.name; });
    for (ListedEntry& entry : listing.entries)
      if (::fstatat(fd, entry.name.c_str(), &entry.st, AT_SYMLINK_NOFOLLOW) != 0) entry.stat_error = errno;
    return listing;
  }

  // Whether the ignore rules exclude `path`; counts the rule that did, to report it.
  bool excluded(const std::string& path, bool is_directory) {
    const RuleOrigin* rule = rules_.ignoring_rule(path, is_directory);
    if (rule == nullptr) return false;
    ++summary_.ignored;
    auto& hits = ignored_by_[{rule->file, rule->line}];
    if (hits.entries++ == 0) hits = {rule->file, rule->line, rule->text, 1};
    return true;
  }

  void report_ignored() {
    for (auto& [_, hits] : ignored_by_) summary_.ignored_by.push_back(std::move(hits));
    std::stable_sort(summary_.ignored_by.begin(), summary_.ignored_by.end(),
                     [](const IgnoredBy& a, const IgnoredBy& b) { return a.entries > b.entries; });
  }

  void unreadable(const std::string& path, std::string problem) {
    ++summary_.unreadable;
    result_.unreadable.insert(path);
    if (summary_.problems.size() < kMaxProblemsListed) summary_.problems.push_back(std::move(problem));
  }

  bool inside_root(const fs::path& target) const {
    auto root = canonical_root_.string();
    auto t = target.string();
    return t == root || (t.size() > root.size() && t.compare(0, root.size(), root) == 0 && t[root.size()] == '/');
  }

  fs::path root_;
  fs::path canonical_root_;
  const IndexOptions& options_;
  IndexSummary& summary_;
  IgnoreRules rules_;
  std::set<std::pair<dev_t, ino_t>> visited_;
  std::deque<LinkedDirectory> linked_directories_;
  std::map<std::pair<std::string, std::size_t>, IgnoredBy> ignored_by_;
  WalkResult result_;
};

// Whether `path` is, or lies below, one of the paths the walk could not read.
bool below_unreadable(const std::string& path, const std::set<std::string>& unreadable) {
  if (unreadable.empty()) return false;
  if (unreadable.count("") || unreadable.count(path)) return true;
  for (auto slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1))
    if (unreadable.count(path.substr(0, slash))) return true;
  return false;
}

// A bounded queue between the parser threads and the writer: memory stays bounded however large
// the repository. cancel() wakes every waiter for good: the pipeline is stopping on an error.
class ResultQueue {
 public:
  explicit ResultQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the queue was cancelled (the result is dropped).
  bool push(Result result) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_; });
    if (cancelled_) return false;
    items_.push_back(std::move(result));
    not_empty_.notify_one();
    return true;
  }
  // nullopt once every producer is done and the queue is drained, or once it is cancelled.
  std::optional<Result> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || producers_ == 0 || cancelled_; });
    if (items_.empty() || cancelled_) return std::nullopt;
    Result result = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return result;
  }
  void set_producers(std::size_t n) {
    std::lock_guard lock(mutex_);
    producers_ = n;
  }
  void producer_done() {
    std::lock_guard lock(mutex_);
    --producers_;
    not_empty_.notify_all();
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Result> items_;
  std::size_t capacity_;
  std::size_t producers_ = 0;
  bool cancelled_ = false;
};

// One per thread: reads, classifies and parses files, with one parser per language.
class ParseWorker {
 public:
  ParseWorker(sdk::Host& host, const fs::path& root, sdk::PreparingRepository* preparing,
              std::shared_ptr<const sdk::ProjectContext> project)
      : host_(host), root_(root), preparing_(preparing), project_(std::move(project)) {}

  // Never throws: anything process() throws (a plugin may throw anything, std::exception or not)
  // makes the file `failed`, kept with what is known of it; one file's problem never stops the run.
  Result process_safely(const Work& work) {
    Result result;
    try {
      process(work, result);
    } catch (const std::exception& e) {
      fail(result, e.what());
    } catch (...) {
      fail(result, "unknown exception (not a std::exception)");
    }
    return result;
  }

 private:
  static void fail(Result& result, std::string problem) {
    // A plugin's message becomes part of one warning line.
    std::replace_if(
        problem.begin(), problem.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    result.outcome = Outcome::failed;
    result.problem = std::move(problem);
    result.parse = {};
  }

  void process(const Work& work, Result& result) {
    result.record.path = work.candidate.path;
    result.record.size = work.candidate.size;
    result.record.mtime_ns = work.candidate.mtime_ns;
    result.created = work.previous == nullptr;
    sdk::FileContents contents = sdk::read_file(root_ / work.candidate.path);
    if (!contents.ok()) {
      result.problem = std::move(contents.error);
      result.outcome = Outcome::unreadable;
      return;
    }
    result.source = std::move(contents.bytes);
    result.record.size = result.source.size();
    result.record.content_hash = content_hash(result.source);
    if (work.previous != nullptr && work.previous->content_hash == result.record.content_hash &&
        work.previous->size == result.record.size) {
      result.outcome = Outcome::unchanged;  // touched, not changed
      return;
    }
    if (looks_binary(result.source)) {
      result.outcome = Outcome::binary;
      result.source.clear();
      return;
    }
    std::string_view head(result.source.data(), std::min(result.source.size(), kHeadBytes));
    auto language = host_.detect_language(work.candidate.path, head);
    if (!language) {
      result.outcome = Outcome::unsupported;
      return;
    }
    result.record.language = *language;
    const auto parse_started = std::chrono::steady_clock::now();
    sdk::SourceParser& parser = parser_for(*language);
    try {
      result.parse = parser.parse(result.source, work.candidate.path);
    } catch (...) {
      if (!host_.interrupted().load()) throw;  // process_safely makes the file `failed`
      // An interrupted parse says nothing about the file: its previous entry stays.
      result.outcome = Outcome::cancelled;
      result.problem = "interrupted";
      result.parse = {};
      return;
    }
    result.outcome = Outcome::parsed;
    if (const auto* kinds = dynamic_cast<const sdk::ImportKinds*>(&parser)) result.import_kinds = kinds->import_kinds();
    if (auto* cancellable = dynamic_cast<sdk::CancellableParser*>(&parser))
      result.problem = cancellable->partial_reason();
    result.parse_seconds = seconds_since(parse_started);
    prepare(result);
  }

  // Builds the file's search documents here rather than on the single writer thread.
  void prepare(Result& result) {
    if (preparing_ == nullptr) return;
    const auto prepare_started = std::chrono::steady_clock::now();
    try {
      result.prepared = preparing_->prepare_file(result.record, result.parse, result.source);
    } catch (const std::exception&) {
      // Not this file's failure: the writer's put_file builds the documents again, and reports
      // whatever stops it there.
      result.prepared.reset();
    }
    result.prepare_seconds = seconds_since(prepare_started);
  }

  sdk::SourceParser& parser_for(const std::string& language) {
    auto it = parsers_.find(language);
    if (it == parsers_.end()) {
      sdk::LanguagePlugin* plugin = host_.language(language);
      if (plugin == nullptr) throw std::runtime_error("language plugin " + language + " is not available");
      it = parsers_.emplace(language, plugin->make_parser()).first;
      // Parsers that can be interrupted see Ctrl-C in the middle of a file.
      if (auto* cancellable = dynamic_cast<sdk::CancellableParser*>(it->second.get()))
        cancellable->set_cancel_flag(&host_.interrupted());
      // Parsers that read a file with the rest of the project in view (C/C++ macros) are shown it.
      if (auto* aware = dynamic_cast<sdk::ProjectAwareParser*>(it->second.get())) aware->set_project(project_);
    }
    return *it->second;
  }

  sdk::Host& host_;
  const fs::path& root_;
  sdk::PreparingRepository* preparing_;
  std::shared_ptr<const sdk::ProjectContext> project_;
  std::unordered_map<std::string, std::unique_ptr<sdk::SourceParser>> parsers_;
};

// The parser threads, feeding the writer through a bounded queue. However the writer leaves
// (done, or unwinding from an error), destroying the pool cancels the queue, so that no thread
// stays blocked on it, and joins every thread. With no threads (0), next() reads and parses the
// next file itself, on the writer's thread.
class ParsePool {
 public:
  ParsePool(sdk::Host& host, const fs::path& root, sdk::PreparingRepository* preparing,
            std::shared_ptr<const sdk::ProjectContext> project, const std::vector<Work>& work, unsigned threads)
      : host_(host),
        root_(root),
        preparing_(preparing),
        project_(std::move(project)),
        work_(work),
        queue_(std::max<std::size_t>(16, threads * 8)) {
    if (threads == 0) {
      caller_worker_.emplace(host_, root_, preparing_, project_);
      return;
    }
    queue_.set_producers(threads);
    try {
      for (unsigned t = 0; t < threads; ++t) threads_.emplace_back([this] { run_thread(); });
    } catch (...) {  // no destructor runs for a half-built pool: stop the threads already started
      stop();
      throw;
    }
  }
  ParsePool(const ParsePool&) = delete;
  ParsePool& operator=(const ParsePool&) = delete;
  ~ParsePool() { stop(); }

  // The next result; nullopt when every file was processed, the run was interrupted, or a thread
  // failed (finish() then rethrows its error).
  std::optional<Result> next() {
    if (!caller_worker_) return queue_.pop();
    if (host_.interrupted().load() || next_ >= work_.size()) return std::nullopt;
    const double cpu_started = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    const auto file_started = std::chrono::steady_clock::now();
    Result result = caller_worker_->process_safely(work_[next_++]);
    result.seconds = seconds_since(file_started);
    cpu_nanoseconds_ += static_cast<std::int64_t>((cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_started) * 1e9);
    return result;
  }

  // Joins the threads; rethrows the error that stopped one, if any.
  void finish() {
    stop();
    if (error_) std::rethrow_exception(error_);
  }

  // The CPU seconds of the threads that have ended, summed.
  double cpu_seconds_used() const { return static_cast<double>(cpu_nanoseconds_.load()) / 1e9; }

 private:
  void stop() {
    queue_.cancel();
    threads_.clear();  // joins
  }

  void run_thread() {
    try {
      ParseWorker worker(host_, root_, preparing_, project_);
      while (!host_.interrupted().load()) {
        std::size_t i = next_.fetch_add(1);
        if (i >= work_.size()) break;
        const auto file_started = std::chrono::steady_clock::now();
        Result result = worker.process_safely(work_[i]);
        result.seconds = seconds_since(file_started);
        if (!queue_.push(std::move(result))) break;
      }
    } catch (...) {  // not a file's problem (those are results): the pipeline's own, e.g. out of memory
      {
        std::lock_guard lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
      }
      queue_.cancel();
    }
    cpu_nanoseconds_ += static_cast<std::int64_t>(cpu_seconds(CLOCK_THREAD_CPUTIME_ID) * 1e9);
    queue_.producer_done();
  }

  sdk::Host& host_;
  const fs::path& root_;
  sdk::PreparingRepository* preparing_;
  std::shared_ptr<const sdk::ProjectContext> project_;
  const std::vector<Work>& work_;
  ResultQueue queue_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::int64_t> cpu_nanoseconds_{0};
  std::mutex error_mutex_;
  std::exception_ptr error_;
  std::optional<ParseWorker> caller_worker_;  // set when there are no threads
  std::vector<std::jthread> threads_;
};
}  // namespace

IndexOptions index_options_from_config(const sdk::Host& host) {
  auto count = [&](std::string_view key, std::uint64_t fallback) {
    const auto value = host.config(key);
    return value ? sdk::parse_count(*value).value_or(fallback) : fallback;
  };
  IndexOptions options;
  options.threads = static_cast<unsigned>(count("index.threads", 0));
  options.batch_size = std::max<std::uint64_t>(1, count("index.batch_size", options.batch_size));
  if (const auto bytes = host.config("index.batch_bytes"))
    options.batch_bytes = std::max<std::uint64_t>(1, sdk::parse_size(*bytes).value_or(options.batch_bytes));
  if (const auto size = host.config("index.max_file_size"))
    options.max_file_size = sdk::parse_size(*size).value_or(options.max_file_size);
  options.follow_symlinks = host.config("index.follow_symlinks").value_or("false") == "true";
  return options;
}

std::filesystem::path tree_root(const sdk::Host& host, const std::optional<std::string>& path) {
  namespace fs = std::filesystem;
  fs::path root;
  if (!path) {
    root = sdk::repository_root(host.working_directory()).value_or(host.working_directory());
  } else {
    root = fs::path(*path);
    if (root.is_relative()) root = host.working_directory() / root;
  }
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw sdk::UserError(root.string() + " is not a directory");
  return fs::canonical(root, ec);
}

std::uint64_t content_hash(std::string_view data) { return sdk::fnv1a64(data); }

bool looks_binary(std::string_view data) { return data.substr(0, 8000).find('\0') != std::string_view::npos; }

namespace {

// Which part of the tree a run covers: all of it (run_index), which completes an interrupted run,
// or some paths (update_paths), which does not.
enum class RunScope { whole_tree, paths };

// The second half of a run, shared by run_index and update_paths: parses `work` on the threads and
// writes the results and `removed` batch by batch, resolves the imports of what changed, commits.
// `resolvable_files` lists the files import resolvers may see (asked only when resolution runs), and
// the project's files parsers may ask for (sdk::ProjectContext, from any parser thread: it must be
// safe to call there).
void write_changes(sdk::Host& host, sdk::Repository& repository, const IndexOptions& options,
                   const std::vector<Work>& work, const std::vector<std::string>& removed,
                   const std::function<std::vector<std::string>()>& resolvable_files, RunScope scope,
                   const std::function<void(const Progress&)>& on_progress,
                   std::chrono::steady_clock::time_point started, IndexSummary& summary) {
  const fs::path& root = repository.root();
  sdk::TelemetrySink* telemetry = sdk::telemetry_sink(host);

  // Language plugins load only when there is something to parse; detection data is built once,
  // before the threads share it.
  if (!work.empty()) (void)host.detect_language("", "");
  set_dirty_decay(kIndexDirtyDecayMilliseconds);  // RssAnon follows the heap in use (heap.hpp)

  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, work.size())));
  summary.threads = threads;
  // --threads 1 is a promise to use one thread: this one parses, writes and commits, and the
  // repository is asked to start no threads of its own (its search index's shard writers).
  summary.cpu.one_thread = options.threads == 1;
  if (summary.cpu.one_thread)
    if (auto* writing = dynamic_cast<sdk::CallerThreadWrites*>(&repository)) writing->write_on_caller_thread();
  const auto& interrupted = host.interrupted();
  ImportResolutionPass resolution(host, repository);  // before anything is written

  // The writer: this thread, one transaction per batch. An exception leaving here destroys the pool
  // (stopping and joining its threads) and then the writer uncommitted (discarding the batch).
  auto writer = repository.begin_write();
  // Search documents are prepared on the parser threads when both the repository and its writer can.
  auto* preparing = dynamic_cast<sdk::PreparingRepository*>(&repository);
  if (dynamic_cast<sdk::PreparedIndexWriter*>(writer.get()) == nullptr) preparing = nullptr;
  // Shared by the parsers, destroyed with them at the end of this run (before any plugin unloads).
  const auto project = std::make_shared<const RunProjectContext>(root.string(), resolvable_files);
  ParsePool pool(host, root, preparing, project, work, summary.cpu.one_thread ? 0 : threads);
  // Sampled once the writers work (every helper thread started), at each commit and at the end.
  const auto count_threads = [&] { summary.peak_threads = std::max(summary.peak_threads, threads_now()); };
  std::size_t in_batch = 0;
  std::uint64_t bytes_in_batch = 0;  // source bytes of the files stored in this transaction
  Progress progress;
  progress.total = work.size();
  const fs::path& state_dir = repository.state_dir();
  // An update of some paths that commits once needs no marker: its one transaction is atomic. Nor
  // does it clear a marker an interrupted run left, as it does not finish that run's work.
  const bool was_incomplete = scope == RunScope::paths && is_incomplete(state_dir);
  bool marked_incomplete = false;
  bool committed = false;
  // Commits the writer's transaction; the last commit of the run also brings the search index up to date.
  auto commit = [&](bool last) {
    if (!marked_incomplete && (scope == RunScope::whole_tree || !last)) {
      // before the first commit: from now on the index holds a partial run
      mark_incomplete(state_dir);
      marked_incomplete = true;
    }
    const auto commit_started = std::chrono::steady_clock::now();
    auto* catch_up = last ? dynamic_cast<sdk::CatchUpIndexWriter*>(writer.get()) : nullptr;
    summary.generation = catch_up ? catch_up->commit_and_catch_up() : writer->commit();
    committed = true;
    if (const auto* timed = dynamic_cast<const sdk::TimedIndexWriter*>(writer.get())) {
      const sdk::IndexWriteTimes times = timed->write_times();
      summary.phases.store_write += times.store;
      summary.phases.search_write += times.search;
      summary.phases.commit += times.commit;
    } else {
      summary.phases.commit += seconds_since(commit_started);
    }
  };
  // Counts one change of `source_bytes`; a full batch is committed and a new transaction begun.
  auto end_of_change = [&](std::uint64_t source_bytes) {
    bytes_in_batch += source_bytes;
    if (progress.done == 1) count_threads();
    if (++in_batch < options.batch_size && bytes_in_batch < options.batch_bytes) return;
    count_threads();
    resolution.batch_committing(*writer);
    commit(false);
    writer = repository.begin_write();
    in_batch = 0;
    bytes_in_batch = 0;
    return_free_memory();
  };
  // Times writes when the writer does not report its own times.
  const bool writer_timed = dynamic_cast<const sdk::TimedIndexWriter*>(writer.get()) != nullptr;
  auto write = [&](auto&& step) {
    const auto write_started = std::chrono::steady_clock::now();
    step();
    if (!writer_timed) summary.phases.store_write += seconds_since(write_started);
  };
  auto note = [&](std::string problem) {
    if (summary.problems.size() < kMaxProblemsListed) summary.problems.push_back(std::move(problem));
  };
  while (auto result = pool.next()) {
    ++progress.done;
    progress.current = result->record.path;
    summary.phases.read += result->seconds - result->parse_seconds - result->prepare_seconds;
    summary.phases.parse += result->parse_seconds;
    if (telemetry && result->outcome == Outcome::parsed)
      telemetry->record_parse(result->record.language, result->parse_seconds);
    summary.phases.prepare += result->prepare_seconds;
    if (options.memory_sample_every != 0 && progress.done % options.memory_sample_every == 0)
      summary.memory.push_back(memory_now("files", started, progress.done));
    switch (result->outcome) {
      case Outcome::unchanged:
        // Touched, not changed: record the new mtime so the next run need not read it again.
        ++summary.unchanged;
        ++summary.touched;
        write([&] { writer->touch_file(result->record); });
        end_of_change(0);
        break;
      case Outcome::cancelled:
        break;
      case Outcome::unreadable:
        ++summary.unreadable;
        note("cannot read " + sdk::printable(result->record.path) + ": " + result->problem);
        // A file that became unreadable keeps its previous index entry.
        break;
      case Outcome::failed:
        ++summary.failed;
        note("parser failed on " + sdk::printable(result->record.path) + ": " + result->problem);
        [[fallthrough]];
      case Outcome::parsed:
      case Outcome::unsupported:
      case Outcome::binary:
        if (result->outcome == Outcome::parsed) {
          ++summary.parsed;
          summary.symbols += result->parse.symbols.size();
          summary.bytes_parsed += result->source.size();
          if (!result->problem.empty())
            note("partial symbols for " + sdk::printable(result->record.path) + ": " + result->problem);
          if (result->parse.had_syntax_errors && ++summary.syntax_errors <= kMaxProblemsListed)
            summary.syntax_error_files.push_back(result->record.path);
        } else if (result->outcome == Outcome::unsupported) {
          ++summary.unsupported;
        } else if (result->outcome == Outcome::binary) {
          ++summary.binary;
        }
        // Files of no language are recorded too, so the next run can skip them unread.
        write([&] {
          auto* prepared_writer = dynamic_cast<sdk::PreparedIndexWriter*>(writer.get());
          if (result->prepared && prepared_writer != nullptr)
            prepared_writer->put_prepared_file(result->record, result->parse, result->source,
                                               std::move(result->prepared));
          else
            writer->put_file(result->record, result->parse, result->source);
        });
        if (options.list_changes)
          summary.changes.push_back({result->record.path, result->created ? ChangeKind::created : ChangeKind::modified,
                                     result->record.language, result->parse.symbols.size(), result->seconds,
                                     result->outcome == Outcome::failed});
        resolution.changed(result->record.path, result->record.language, result->created, result->parse.imports,
                           result->import_kinds, result->parse.symbols);
        end_of_change(result->source.size());
        break;
    }
    if (on_progress) on_progress(progress);
  }
  count_threads();
  pool.finish();
  summary.cpu.parsers = pool.cpu_seconds_used();
  summary.interrupted = interrupted.load();
  if (summary.interrupted && scope == RunScope::paths && !committed) {
    // Nothing of the update is in the index yet: leave it all out (the writer is discarded) rather
    // than store parsed files without the import resolution their change needs.
    summary.changes.clear();
    summary.generation = repository.store().generation();
    summary.memory.push_back(memory_now("files done", started, progress.done));
    return;
  }
  if (!summary.interrupted) {
    for (const auto& path : removed) {
      write([&] { writer->remove_file(path); });
      resolution.removed(path);
      if (options.list_changes) summary.changes.push_back({path, ChangeKind::removed, "", 0, 0, false});
    }
    summary.removed = removed.size();
    in_batch += removed.size();
  }
  const auto sample_memory = [&](std::string phase) {
    if (options.memory_sample_every != 0)
      summary.memory.push_back(memory_now(std::move(phase), started, progress.done));
  };
  purge_free_memory();  // the parse results and search documents of the threads, now ended
  sample_memory("files done");
  // Edges go into the run's last transaction, so that a run still commits once per batch; a cold
  // index's, which rewrite the graph whole, in batches of their own (see ImportResolutionPass::run).
  const auto next_transaction = [&]() -> sdk::IndexWriter& {
    commit(false);
    writer = repository.begin_write();
    return *writer;
  };
  if (!summary.interrupted &&
      resolution.run(*writer, resolvable_files, interrupted, summary.resolution, next_transaction))
    ++in_batch;
  sample_memory("import resolution");
  // A run that changed nothing commits nothing.
  if (in_batch > 0)
    commit(true);
  else
    summary.generation = repository.store().generation();
  // Results derived from the whole import graph follow its edges: recomputed only when they moved.
  writer.reset();       // its transaction (uncommitted when the run changed nothing) ends before the results' own
  purge_free_memory();  // the search index's buffer, committed
  sample_memory("last commit");
  if (!summary.interrupted) summary.graph_results = graph::refresh_graph_results(repository.store());
  if (!summary.interrupted && (scope == RunScope::whole_tree || (marked_incomplete && !was_incomplete)))
    clear_incomplete(state_dir);
  summary.memory.push_back(memory_now("graph results", started, progress.done));
}

std::string_view base_name(std::string_view path) { return path.substr(path.rfind('/') + 1); }

// A change to these moves the rules for files anywhere below them: only a walk can tell which.
bool is_ignore_file(std::string_view path) {
  const std::string_view name = base_name(path);
  return name == ".gitignore" || name == ".axignore" || path == ".git/info/exclude";
}

}  // namespace

IndexSummary run_index(sdk::Host& host, sdk::Repository& repository, const IndexOptions& options,
                       const std::function<void(const Progress&)>& on_progress) {
  const auto started = std::chrono::steady_clock::now();
  const CpuClock cpu_started;
  IndexSummary summary;
  const fs::path& root = repository.root();

  WalkResult walked = Walker(root, options, summary).walk();

  // Change check: unchanged size and mtime means unchanged content; nothing is read.
  // Records looked up by path in place (views of their own paths, which stay put), each marked
  // when the walk finds it again: no copy of every stored path per run.
  const std::vector<sdk::FileRecord> stored = repository.store().files();
  std::unordered_map<std::string_view, std::size_t> stored_at;
  stored_at.reserve(stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) stored_at.emplace(stored[i].path, i);
  std::vector<bool> kept(stored.size(), false);
  std::vector<Work> work;
  for (const auto& candidate : walked.candidates) {
    if (candidate.size > options.max_file_size) {
      ++summary.oversized;
      continue;
    }
    const auto it = stored_at.find(candidate.path);
    const sdk::FileRecord* before = it == stored_at.end() ? nullptr : &stored[it->second];
    if (before != nullptr) kept[it->second] = true;
    if (before != nullptr && before->size == candidate.size && before->mtime_ns == candidate.mtime_ns) {
      ++summary.unchanged;
      continue;
    }
    work.push_back({candidate, before});
  }
  std::vector<std::string> removed;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (kept[i]) continue;
    // Below a directory that could not be read: not known to be gone, so kept as it was.
    if (below_unreadable(stored[i].path, walked.unreadable))
      ++summary.kept_unreadable;
    else
      removed.push_back(stored[i].path);
  }
  std::sort(removed.begin(), removed.end());

  summary.phases.walk = seconds_since(started);

  const auto walked_paths = [&] {
    std::vector<std::string> paths;
    paths.reserve(walked.candidates.size());
    for (const auto& candidate : walked.candidates) paths.push_back(candidate.path);
    return paths;
  };
  write_changes(host, repository, options, work, removed, walked_paths, RunScope::whole_tree, on_progress, started,
                summary);
  summary.seconds = seconds_since(started);
  finish_cpu(summary.cpu, cpu_started);
  struct rusage usage {};
  if (getrusage(RUSAGE_SELF, &usage) == 0) summary.peak_rss = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  summary.write_bytes = bytes_written_to_storage();
  return summary;
}

IndexSummary update_paths(sdk::Host& host, sdk::Repository& repository, const ChangeSet& changes,
                          const IndexOptions& options) {
  const bool ignore_rules_moved = std::any_of(changes.entries().begin(), changes.entries().end(),
                                              [](const auto& entry) { return is_ignore_file(entry.first); });
  if (changes.full_scan() || ignore_rules_moved) {
    IndexSummary summary = run_index(host, repository, options, nullptr);
    summary.full_scan = true;
    return summary;
  }
  const auto started = std::chrono::steady_clock::now();
  const CpuClock cpu_started;
  IndexSummary summary;
  const fs::path& root = repository.root();
  sdk::SymbolStore& store = repository.store();

  std::map<std::string, Candidate> candidates;  // by path: a file may come twice (itself, and below a directory)
  std::set<std::string> gone;                   // paths no longer indexable: removed if stored
  std::vector<std::string> gone_below;          // directories ("dir/") whose stored files may be gone
  std::set<std::string> unreadable;
  for (const auto& [listed, entry] : changes.entries()) {
    const std::optional<std::string> path = normalised_path(listed);
    if (!path) continue;  // not a path inside the repository
    if (entry.directory) gone_below.push_back(*path + "/");
    const std::optional<IgnoreRules> rules = ignore_rules_at(root, *path, options.follow_symlinks);
    struct stat st {};
    if (!rules) {
      ++summary.ignored;
    } else if (lstat((root / *path).c_str(), &st) != 0) {
      if (errno != ENOENT && errno != ENOTDIR) {
        ++summary.unreadable;
        unreadable.insert(*path);
        if (summary.problems.size() < kMaxProblemsListed)
          summary.problems.push_back("cannot stat " + sdk::printable(*path) + ": " + std::strerror(errno));
        continue;
      }
    } else if (S_ISLNK(st.st_mode) && options.follow_symlinks) {
      // As the walk does: a link inside the root is indexed under its own path (a file) or walked (a directory).
      std::error_code ec;
      const fs::path target = fs::canonical(root / *path, ec);
      const fs::path inside = ec ? fs::path() : target.lexically_relative(fs::canonical(root, ec));
      if (!ec && !inside.empty() && *inside.begin() != ".." && stat((root / *path).c_str(), &st) == 0) {
        // the stat of the target now decides below
      } else {
        st.st_mode = 0;
      }
    }
    const bool exists = rules && st.st_mode != 0;
    const std::string_view name = base_name(*path);
    if (exists && S_ISDIR(st.st_mode) && !always_skipped_directory(name) && !rules->ignored(*path, true)) {
      gone.insert(*path);  // a file replaced by a directory
      gone_below.push_back(*path + "/");
      WalkResult walked = Walker(root, options, summary).walk_below(*path, *rules, st);
      for (auto& candidate : walked.candidates) candidates[candidate.path] = std::move(candidate);
      unreadable.merge(walked.unreadable);
    } else if (exists && S_ISREG(st.st_mode) && !rules->ignored(*path, false)) {
      ++summary.files_seen;
      candidates[*path] = {*path, static_cast<std::uint64_t>(st.st_size), mtime_of(st)};
    } else {
      if (exists) ++summary.ignored;
      gone.insert(*path);
    }
  }

  // Change check, as run_index does it, against the stored records of these paths only.
  std::deque<sdk::FileRecord> previous;  // stable addresses for Work::previous
  std::vector<Work> work;
  std::set<std::string> kept;
  for (const auto& [path, candidate] : candidates) {
    if (candidate.size > options.max_file_size) {
      ++summary.oversized;
      gone.insert(path);
      continue;
    }
    kept.insert(path);
    std::optional<sdk::FileRecord> stored = store.file(path);
    if (stored && stored->size == candidate.size && stored->mtime_ns == candidate.mtime_ns) {
      ++summary.unchanged;
      continue;
    }
    const sdk::FileRecord* before = stored ? &previous.emplace_back(std::move(*stored)) : nullptr;
    work.push_back({candidate, before});
  }
  std::set<std::string> removed;
  for (const std::string& path : gone)
    if (!kept.count(path) && !below_unreadable(path, unreadable) && store.file(path)) removed.insert(path);
  // Below a directory that went away or was replaced, every stored file not found again is gone:
  // the one case that reads the list of stored files.
  std::optional<std::vector<std::string>> stored_paths;
  const auto stored_files = [&]() -> const std::vector<std::string>& {
    if (!stored_paths) {
      stored_paths.emplace();
      for (auto& record : store.files()) stored_paths->push_back(std::move(record.path));
    }
    return *stored_paths;
  };
  if (!gone_below.empty())
    for (const std::string& path : stored_files())
      for (const std::string& prefix : gone_below)
        if (path.starts_with(prefix) && !kept.count(path)) {
          if (below_unreadable(path, unreadable))
            ++summary.kept_unreadable;
          else
            removed.insert(path);
          break;
        }
  summary.phases.walk = seconds_since(started);

  // What resolvers see: the stored files and the new ones, less those removed (as a walk would list them).
  const auto resolvable_files = [&] {
    std::vector<std::string> paths;
    for (const std::string& path : stored_files())
      if (!removed.count(path)) paths.push_back(path);
    paths.insert(paths.end(), kept.begin(), kept.end());
    return paths;
  };
  // Listed here, on this thread, when there is something to parse: the parser threads may ask for the
  // project's files, and listing the stored ones reads the store.
  std::optional<std::vector<std::string>> listed;
  if (!work.empty()) listed = resolvable_files();
  const auto project_files = [&] { return listed ? *listed : resolvable_files(); };
  write_changes(host, repository, options, work, {removed.begin(), removed.end()}, project_files, RunScope::paths,
                nullptr, started, summary);
  summary.seconds = seconds_since(started);
  finish_cpu(summary.cpu, cpu_started);
  return summary;
}

void defer_sync(sdk::Repository& repository) {
  if (auto* deferring = dynamic_cast<sdk::DeferredSync*>(&repository)) deferring->defer_sync();
}

bool sync_commits(const fs::path& root, const std::function<std::unique_ptr<sdk::Repository>()>& open) {
  const fs::path state_dir = root / ".ax";
  const std::optional<WriterLock> lock = WriterLock::try_acquire(state_dir);
  if (!lock) return false;
  std::error_code ec;
  if (!fs::is_directory(state_dir / "store", ec)) return true;  // removed meanwhile: nothing to flush
  const std::unique_ptr<sdk::Repository> repository = open();
  if (auto* deferring = dynamic_cast<sdk::DeferredSync*>(repository.get())) deferring->sync();
  return true;
}

std::vector<std::string> IndexSummary::changed_paths() const {
  std::set<std::string> paths(resolution.paths.begin(), resolution.paths.end());
  for (const FileChange& change : changes) paths.insert(change.path);
  return {paths.begin(), paths.end()};
}

void ChangeSet::add(ChangeKind kind, std::string path, bool directory) {
  auto [it, inserted] = entries_.try_emplace(std::move(path), Entry{kind, directory});
  if (inserted) return;
  Entry& entry = it->second;
  entry.directory = entry.directory || directory;
  if (kind == ChangeKind::removed)
    entry.kind = ChangeKind::removed;
  else if (entry.kind == ChangeKind::removed)
    entry.kind = ChangeKind::modified;  // it was there before the removal, or it would not have been removed
  // otherwise the first kind stays: created then modified is created, modified then created modified
}

void ChangeSet::merge(const ChangeSet& other) {
  for (const auto& [path, entry] : other.entries_) add(entry.kind, path, entry.directory);
  full_scan_ = full_scan_ || other.full_scan_;
}

void ChangeSet::clear() {
  entries_.clear();
  full_scan_ = false;
}

}  // namespace ax::index
