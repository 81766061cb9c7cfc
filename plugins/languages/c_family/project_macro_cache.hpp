// The project's macro table (project_macros.hpp) across runs. Building it reads every header of the
// project (8 s of CPU on the Linux tree), which a run that parses one file (`ax index FILE`, `ax
// watch`, `ax symbols`) cannot afford. So the table is kept in the index directory
// (<root>/.ax/c_family.project_macros) with what it was made of: each contributing header's path,
// size and mtime, and what its `#define`s contribute. A run whose headers all have the stamps
// recorded (a stat each, nothing read) uses the stored table; otherwise only the headers whose stamp
// moved are read again, and the file is rewritten (atomically). A file that is damaged, truncated or
// of another format or setting is ignored: the table is rebuilt, never wrong, never an error.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ax/sdk/language.hpp>

#include "project_macros.hpp"

namespace ax::lang {

// Headers larger than this are left out of the table (generated register maps, not APIs).
inline constexpr std::uint64_t kDefaultMaxHeaderBytes = 2 * 1024 * 1024;

// A table and how it was obtained.
struct ProjectMacros {
  std::shared_ptr<const MacroTable> table;
  std::size_t headers = 0;       // headers contributing
  std::size_t headers_read = 0;  // of which read now (0: the stored table was current)
  bool cache_written = false;
};

// The table of the headers among `files` (repository-relative, under `root`), through the cache
// file `cache` (nullopt: none is read or written). Never throws for a bad cache or header.
ProjectMacros load_or_build_project_macros(const std::filesystem::path& root, const std::vector<std::string>& files,
                                           std::uint64_t max_header_bytes,
                                           const std::optional<std::filesystem::path>& cache);

// Where the table of the repository at `root` is kept: in its index directory (.ax/), when there is one.
std::optional<std::filesystem::path> project_macro_cache_path(const std::filesystem::path& root);

// The project's table, built (or loaded) on first request from the headers among project.files()
// and then shared by every parser of the run (sdk::ProjectContext::shared_data).
std::shared_ptr<const MacroTable> project_macro_table(const sdk::ProjectContext& project,
                                                      std::uint64_t max_header_bytes = kDefaultMaxHeaderBytes);

}  // namespace ax::lang
