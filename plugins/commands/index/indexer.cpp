#include "indexer.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "ignore_rules.hpp"

namespace ax::index {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxProblemsListed = 50;
constexpr std::size_t kHeadBytes = 4096;

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
};

std::int64_t mtime_of(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// Walks the tree below `root`, honouring ignore files; never leaves the root.
class Walker {
 public:
  Walker(fs::path root, const IndexOptions& options, IndexSummary& summary)
      : root_(std::move(root)), options_(options), summary_(summary) {
    std::error_code ec;
    canonical_root_ = fs::canonical(root_, ec);
    if (ec) canonical_root_ = root_;
    rules_.add_file(root_ / ".git" / "info" / "exclude", "");
  }

  std::vector<Candidate> walk() {
    visit_directory(root_, "");
    return std::move(candidates_);
  }

 private:
  static bool always_skipped(const std::string& name) {
    return name == ".git" || name == ".ax" || name == ".hg" || name == ".svn";
  }

  void visit_directory(const fs::path& dir, const std::string& relative) {
    std::size_t added = rules_.add_file(dir / ".gitignore", relative) + rules_.add_file(dir / ".axignore", relative);
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec))
      entries.push_back(*it);
    if (ec) {
      ++summary_.unreadable;
      note("cannot read directory " + (relative.empty() ? std::string(".") : relative) + ": " + ec.message());
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const auto& entry : entries) {
      std::string name = entry.path().filename().string();
      std::string path = relative.empty() ? name : relative + "/" + name;
      struct stat st {};
      if (lstat(entry.path().c_str(), &st) != 0) {
        ++summary_.unreadable;
        note("cannot stat " + path);
        continue;
      }
      if (S_ISLNK(st.st_mode)) {
        if (!options_.follow_symlinks) continue;
        std::error_code link_ec;
        fs::path target = fs::canonical(entry.path(), link_ec);
        // A link leading outside the repository is never followed.
        if (link_ec || !inside_root(target)) continue;
        if (stat(entry.path().c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode) && !visited_.insert(target.string()).second) continue;  // a cycle
      }
      if (S_ISDIR(st.st_mode)) {
        if (always_skipped(name) || rules_.ignored(path, true)) continue;
        visit_directory(entry.path(), path);
      } else if (S_ISREG(st.st_mode)) {
        if (rules_.ignored(path, false)) continue;
        ++summary_.files_seen;
        candidates_.push_back({path, static_cast<std::uint64_t>(st.st_size), mtime_of(st)});
      }
    }
    rules_.pop(added);
  }

  bool inside_root(const fs::path& target) const {
    auto root = canonical_root_.string();
    auto t = target.string();
    return t == root || (t.size() > root.size() && t.compare(0, root.size(), root) == 0 && t[root.size()] == '/');
  }

  void note(std::string problem) {
    if (summary_.problems.size() < kMaxProblemsListed) summary_.problems.push_back(std::move(problem));
  }

  fs::path root_;
  fs::path canonical_root_;
  const IndexOptions& options_;
  IndexSummary& summary_;
  IgnoreRules rules_;
  std::set<std::string> visited_;
  std::vector<Candidate> candidates_;
};

// A bounded queue between the parser threads and the writer: memory stays bounded however large
// the repository.
class ResultQueue {
 public:
  explicit ResultQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(Result result) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(result));
    not_empty_.notify_one();
  }
  // nullopt once every producer is done and the queue is drained.
  std::optional<Result> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || producers_ == 0; });
    if (items_.empty()) return std::nullopt;
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

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Result> items_;
  std::size_t capacity_;
  std::size_t producers_ = 0;
};

bool read_whole_file(const fs::path& path, std::string& out, std::string& problem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = "cannot open";
    return false;
  }
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) {
    problem = "cannot read";
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(out.data(), size);
  out.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) {
    problem = "read error";
    return false;
  }
  return true;
}

// One per thread: reads, classifies and parses files, with one parser per language.
class ParseWorker {
 public:
  ParseWorker(sdk::Host& host, const fs::path& root) : host_(host), root_(root) {}

  Result process(const Work& work) {
    Result result;
    result.record.path = work.candidate.path;
    result.record.size = work.candidate.size;
    result.record.mtime_ns = work.candidate.mtime_ns;
    if (!read_whole_file(root_ / work.candidate.path, result.source, result.problem)) {
      result.outcome = Outcome::unreadable;
      return result;
    }
    result.record.size = result.source.size();
    result.record.content_hash = content_hash(result.source);
    if (work.previous != nullptr && work.previous->content_hash == result.record.content_hash &&
        work.previous->size == result.record.size) {
      result.outcome = Outcome::unchanged;  // touched, not changed
      return result;
    }
    if (looks_binary(result.source)) {
      result.outcome = Outcome::binary;
      result.source.clear();
      return result;
    }
    std::string_view head(result.source.data(), std::min(result.source.size(), kHeadBytes));
    auto language = host_.detect_language(work.candidate.path, head);
    if (!language) {
      result.outcome = Outcome::unsupported;
      return result;
    }
    result.record.language = *language;
    try {
      sdk::SourceParser& parser = parser_for(*language);
      result.parse = parser.parse(result.source, work.candidate.path);
      result.outcome = Outcome::parsed;
      if (auto* cancellable = dynamic_cast<sdk::CancellableParser*>(&parser))
        result.problem = cancellable->partial_reason();
    } catch (const std::exception& e) {
      // An interrupted parse says nothing about the file: its previous entry stays.
      result.outcome = host_.interrupted().load() ? Outcome::cancelled : Outcome::failed;
      result.problem = e.what();
      result.parse = {};
    }
    return result;
  }

 private:
  sdk::SourceParser& parser_for(const std::string& language) {
    auto it = parsers_.find(language);
    if (it == parsers_.end()) {
      sdk::LanguagePlugin* plugin = host_.language(language);
      if (plugin == nullptr) throw std::runtime_error("language plugin " + language + " is not available");
      it = parsers_.emplace(language, plugin->make_parser()).first;
      // Parsers that can be interrupted see Ctrl-C in the middle of a file.
      if (auto* cancellable = dynamic_cast<sdk::CancellableParser*>(it->second.get()))
        cancellable->set_cancel_flag(&host_.interrupted());
    }
    return *it->second;
  }

  sdk::Host& host_;
  const fs::path& root_;
  std::unordered_map<std::string, std::unique_ptr<sdk::SourceParser>> parsers_;
};

}  // namespace

std::uint64_t content_hash(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

bool looks_binary(std::string_view data) { return data.substr(0, 8000).find('\0') != std::string_view::npos; }

IndexSummary run_index(sdk::Host& host, sdk::Repository& repository, const IndexOptions& options,
                       const std::function<void(const Progress&)>& on_progress) {
  const auto started = std::chrono::steady_clock::now();
  IndexSummary summary;
  const fs::path& root = repository.root();

  std::vector<Candidate> candidates = Walker(root, options, summary).walk();

  // Change check: unchanged size and mtime means unchanged content; nothing is read.
  std::unordered_map<std::string, sdk::FileRecord> previous;
  for (auto& record : repository.store().files()) previous.emplace(record.path, std::move(record));
  std::vector<Work> work;
  std::set<std::string> kept;
  for (const auto& candidate : candidates) {
    if (candidate.size > options.max_file_size) {
      ++summary.oversized;
      continue;
    }
    kept.insert(candidate.path);
    auto it = previous.find(candidate.path);
    if (it != previous.end() && it->second.size == candidate.size && it->second.mtime_ns == candidate.mtime_ns) {
      ++summary.unchanged;
      continue;
    }
    work.push_back({candidate, it == previous.end() ? nullptr : &it->second});
  }
  std::vector<std::string> removed;
  for (const auto& [path, _] : previous)
    if (!kept.count(path)) removed.push_back(path);

  // Language plugins load only when there is something to parse; detection data is built once,
  // before the threads share it.
  if (!work.empty()) (void)host.detect_language("", "");

  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, work.size())));
  ResultQueue queue(std::max<std::size_t>(16, threads * 8));
  queue.set_producers(threads);
  std::atomic<std::size_t> next{0};
  const auto& interrupted = host.interrupted();
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      ParseWorker worker(host, root);
      while (!interrupted.load()) {
        std::size_t i = next.fetch_add(1);
        if (i >= work.size()) break;
        queue.push(worker.process(work[i]));
      }
      queue.producer_done();
    });
  }

  // The writer: this thread, one transaction per batch.
  auto writer = repository.begin_write();
  std::size_t in_batch = 0;
  Progress progress;
  progress.total = work.size();
  // Counts one change; a full batch is committed and a new transaction begun.
  auto end_of_change = [&] {
    if (++in_batch < options.batch_size) return;
    summary.generation = writer->commit();
    writer = repository.begin_write();
    in_batch = 0;
  };
  auto note = [&](std::string problem) {
    if (summary.problems.size() < kMaxProblemsListed) summary.problems.push_back(std::move(problem));
  };
  while (auto result = queue.pop()) {
    ++progress.done;
    progress.current = result->record.path;
    switch (result->outcome) {
      case Outcome::unchanged:
        // Touched, not changed: record the new mtime so the next run need not read it again.
        ++summary.unchanged;
        ++summary.touched;
        writer->touch_file(result->record);
        end_of_change();
        break;
      case Outcome::cancelled:
        break;
      case Outcome::unreadable:
        ++summary.unreadable;
        note("cannot read " + result->record.path + ": " + result->problem);
        // A file that became unreadable keeps its previous index entry.
        break;
      case Outcome::failed:
        ++summary.failed;
        note("parser failed on " + result->record.path + ": " + result->problem);
        [[fallthrough]];
      case Outcome::parsed:
      case Outcome::unsupported:
      case Outcome::binary:
        if (result->outcome == Outcome::parsed) {
          ++summary.parsed;
          summary.symbols += result->parse.symbols.size();
          summary.bytes_parsed += result->source.size();
          if (!result->problem.empty()) note("partial symbols for " + result->record.path + ": " + result->problem);
          if (result->parse.had_syntax_errors && ++summary.syntax_errors <= kMaxProblemsListed)
            summary.syntax_error_files.push_back(result->record.path);
        } else if (result->outcome == Outcome::unsupported) {
          ++summary.unsupported;
        } else if (result->outcome == Outcome::binary) {
          ++summary.binary;
        }
        // Files of no language are recorded too, so the next run can skip them unread.
        writer->put_file(result->record, result->parse, result->source);
        end_of_change();
        break;
    }
    if (on_progress) on_progress(progress);
  }
  pool.clear();
  summary.interrupted = interrupted.load();
  if (!summary.interrupted) {
    for (const auto& path : removed) writer->remove_file(path);
    summary.removed = removed.size();
    in_batch += removed.size();
  }
  // A run that changed nothing commits nothing.
  summary.generation = in_batch > 0 ? writer->commit() : repository.store().generation();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace ax::index
