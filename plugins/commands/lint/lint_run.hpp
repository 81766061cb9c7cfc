// One `ax lint` run over the indexed files: the files unchanged since the cache was written keep
// their findings; the others are read, parsed and queried on a pool of threads.
#pragma once
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <ax/sdk/model.hpp>

#include "cache.hpp"
#include "linter.hpp"

namespace ax::lint {

struct LintOptions {
  std::vector<std::string> paths;  // repository-relative files or folders ("" = all); empty: all
  unsigned threads = 0;            // 0: one per core
  const std::atomic<bool>* interrupted = nullptr;
};

struct FileFindings {
  std::string path;  // repository-relative
  std::string language;
  std::vector<Finding> findings;
};

struct LintResult {
  std::vector<FileFindings> files;                            // with findings, by path
  std::size_t considered = 0;                                 // indexed files in the paths whose language has rules
  std::size_t linted = 0;                                     // parsed in this run
  std::size_t cached = 0;                                     // findings taken from the cache
  std::vector<std::pair<std::string, std::string>> failures;  // path, why it could not be linted
  bool interrupted = false;
  bool cache_changed = false;
};

// Whether a repository-relative `path` is `selector` or lies inside it ("" selects everything).
bool path_selected(std::string_view path, const std::vector<std::string>& selectors);

// Lints the indexed files of `root` under `options.paths`; `cache` is read and brought up to date.
LintResult lint_files(const Linter& linter, const std::filesystem::path& root,
                      const std::vector<sdk::FileRecord>& indexed, const LintOptions& options, LintCache& cache);

}  // namespace ax::lint
