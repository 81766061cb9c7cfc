// Repository-relative path text and the XDG base directories.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::sdk {

// `path` (relative to the repository root, '/'-separated) with "." parts, ".." parts and repeated
// slashes resolved: "a/./b/../c" is "a/c", "a/.." is "" (the root itself). nullopt when it climbs
// above the root. A leading '/' counts as a repeated slash: callers reject absolute paths first.
inline std::optional<std::string> normalise_relative_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

// An XDG base directory: $variable when it is absolute (the specification ignores relative
// values), else $HOME/fallback ($HOME unset or empty: the temporary directory).
inline std::filesystem::path xdg_directory(const char* variable, std::string_view fallback) {
  if (const char* value = std::getenv(variable); value != nullptr && *value == '/') return value;
  const char* home = std::getenv("HOME");
  const std::filesystem::path base =
      home != nullptr && *home != '\0' ? std::filesystem::path(home) : std::filesystem::temp_directory_path();
  return base / fallback;
}

inline std::filesystem::path xdg_config_home() { return xdg_directory("XDG_CONFIG_HOME", ".config"); }
inline std::filesystem::path xdg_data_home() { return xdg_directory("XDG_DATA_HOME", ".local/share"); }
inline std::filesystem::path xdg_cache_home() { return xdg_directory("XDG_CACHE_HOME", ".cache"); }
inline std::filesystem::path xdg_state_home() { return xdg_directory("XDG_STATE_HOME", ".local/state"); }

}  // namespace ax::sdk
