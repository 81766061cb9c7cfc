#include "lint_run.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace ax::lint {
namespace fs = std::filesystem;

namespace {

struct FileState {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
};

std::optional<FileState> stat_file(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileState{static_cast<std::uint64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// The whole file; throws std::runtime_error with the reason when it cannot be read.
std::string read_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) throw std::runtime_error(std::strerror(errno));
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      throw std::runtime_error(std::strerror(error));
    }
    if (n == 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return data;
}

struct Job {
  const sdk::FileRecord* record;
  FileState state;
};

}  // namespace

bool path_selected(std::string_view path, const std::vector<std::string>& selectors) {
  if (selectors.empty()) return true;
  for (const auto& selector : selectors) {
    if (selector.empty() || path == selector) return true;
    if (path.size() > selector.size() && path.substr(0, selector.size()) == selector && path[selector.size()] == '/')
      return true;
  }
  return false;
}

LintResult lint_files(const Linter& linter, const fs::path& root, const std::vector<sdk::FileRecord>& indexed,
                      const LintOptions& options, LintCache& cache) {
  LintResult result;
  std::vector<Job> jobs;
  std::map<std::string, std::vector<Finding>> findings;  // by path
  std::map<std::string, std::string> languages;
  for (const auto& record : indexed) {
    if (!linter.has_rules_for(record.language) || !path_selected(record.path, options.paths)) continue;
    ++result.considered;
    auto state = stat_file(root / record.path);
    if (!state) continue;  // deleted or replaced since it was indexed
    languages[record.path] = record.language;
    auto cached = cache.files.find(record.path);
    if (cached != cache.files.end() && cached->second.size == state->size &&
        cached->second.mtime_ns == state->mtime_ns) {
      ++result.cached;
      if (!cached->second.findings.empty()) findings[record.path] = cached->second.findings;
      continue;
    }
    jobs.push_back({&record, *state});
  }

  // Workers take files in order; each keeps one query runner per language.
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::atomic<bool> stop{false};
  std::exception_ptr crash;
  auto work = [&] {
    std::map<std::string, std::unique_ptr<sdk::QueryRunner>> runners;
    try {
      for (std::size_t i = next++; i < jobs.size(); i = next++) {
        if (stop || (options.interrupted != nullptr && *options.interrupted)) {
          stop = true;
          return;
        }
        const Job& job = jobs[i];
        const std::string& path = job.record->path;
        std::string source;
        try {
          source = read_file(root / path);
        } catch (const std::exception& e) {
          std::lock_guard lock(mutex);
          result.failures.emplace_back(path, e.what());
          continue;
        }
        const std::uint64_t hash = content_hash(source);
        {
          std::lock_guard lock(mutex);
          auto cached = cache.files.find(path);
          if (cached != cache.files.end() && cached->second.content_hash == hash) {
            // Touched, not changed: the findings stand.
            cached->second.size = job.state.size;
            cached->second.mtime_ns = job.state.mtime_ns;
            result.cache_changed = true;
            ++result.cached;
            if (!cached->second.findings.empty()) findings[path] = cached->second.findings;
            continue;
          }
        }
        auto& runner = runners[job.record->language];
        if (!runner) runner = linter.make_runner(job.record->language);
        std::vector<Finding> found;
        try {
          if (runner) found = linter.lint(job.record->language, path, source, *runner);
        } catch (const std::exception& e) {
          std::lock_guard lock(mutex);
          result.failures.emplace_back(path, e.what());
          continue;
        }
        std::lock_guard lock(mutex);
        ++result.linted;
        result.cache_changed = true;
        cache.files[path] = CachedFile{job.state.size, job.state.mtime_ns, hash, found};
        if (!found.empty()) findings[path] = std::move(found);
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!crash) crash = std::current_exception();
      stop = true;
    }
  };
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(jobs.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();
  if (crash) std::rethrow_exception(crash);
  result.interrupted = stop;

  // Files no longer indexed leave the cache (only when the whole repository was linted).
  if (options.paths.empty()) {
    std::size_t before = cache.files.size();
    std::erase_if(cache.files, [&](const auto& entry) { return !languages.count(entry.first); });
    result.cache_changed = result.cache_changed || before != cache.files.size();
  }
  for (auto& [path, file_findings] : findings)
    result.files.push_back({path, languages[path], std::move(file_findings)});
  std::sort(result.failures.begin(), result.failures.end());
  return result;
}

}  // namespace ax::lint
