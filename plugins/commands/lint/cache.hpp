// Findings of earlier runs, kept in <repo>/.ax/lint-cache so that a file unchanged since (same size
// and mtime, or same content hash) is not parsed again. Valid for one rule set (its hash); a cache of
// another rule set, or one that cannot be read, is simply empty.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <ax/sdk/hash.hpp>

#include "linter.hpp"

namespace ax::lint {

struct CachedFile {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t content_hash = 0;
  std::vector<Finding> findings;
};

struct LintCache {
  std::string rule_set_hash;
  std::map<std::string, CachedFile> files;  // by repository-relative path
};

// Empty (with `rule_set_hash` set) when absent, damaged or of another rule set.
LintCache read_cache(const std::filesystem::path& file, const std::string& rule_set_hash);
// Written to a temporary file and renamed over `file`; throws std::runtime_error when it cannot be.
void write_cache(const std::filesystem::path& file, const LintCache& cache);

// The content hash `ax index` records, so a file the index saw unchanged is recognised.
inline std::uint64_t content_hash(std::string_view data) { return sdk::fnv1a64(data); }

}  // namespace ax::lint
