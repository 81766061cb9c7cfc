// The one rule deciding which repository (which .ax/) a directory belongs to, shared by the kernel
// (queries, repository configuration) and `ax index`, so that they always agree.
#pragma once
#include <filesystem>
#include <optional>
#include <system_error>

namespace ax::sdk {

// The root of the repository that `start` belongs to, looking at `start` and each directory above
// it: the nearest holding an index (.ax/store); else the nearest holding .ax/ (configured, not yet
// indexed); else the nearest git work tree (.git); else nullopt.
inline std::optional<std::filesystem::path> repository_root(const std::filesystem::path& start) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path first = fs::weakly_canonical(start, error);
  if (error) first = start;
  for (const auto* marker : {".ax/store", ".ax", ".git"}) {
    for (fs::path dir = first;; dir = dir.parent_path()) {
      if (marker == std::string_view(".git") ? fs::exists(dir / marker, error) : fs::is_directory(dir / marker, error))
        return dir;
      if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    }
  }
  return std::nullopt;
}

}  // namespace ax::sdk
