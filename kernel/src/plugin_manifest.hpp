// A cache of plugin descriptors keyed by file, size and mtime, so that listing commands and
// dispatching one do not have to dlopen every plugin on every run.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ax::kernel {

struct CommandEntry {
  std::string name;
  std::string summary;
  std::string usage;
};

struct ManifestRecord {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::string name;
  std::uint32_t kind = 0;
  std::string version;
  std::string description;
  std::uint32_t sdk_major = 0;
  std::uint32_t sdk_minor = 0;
  std::vector<CommandEntry> commands;
  std::string problem;  // a refusal is cached too: the same file is refused the same way
};

class PluginManifest {
 public:
  // Reads `file` if it exists and was written by this kernel's SDK version; anything unreadable
  // or malformed is treated as an empty cache. Records are decoded when found: the cache is shared
  // by every ax (build or install) a user runs, and one run asks for the few plugins of its own.
  explicit PluginManifest(std::filesystem::path file);
  const ManifestRecord* find(const std::filesystem::path& plugin, std::uint64_t size, std::int64_t mtime_ns);
  void put(const std::filesystem::path& plugin, ManifestRecord record);
  // Writes the cache (atomically) when it changed or lists plugins no longer present. `scanned` are
  // the directories `present` was listed from: a record elsewhere belongs to another ax (another build
  // or install sharing the cache) and stays while its directory exists, or each of two installs run in
  // turn would drop the other's records and load every plugin on every run.
  void save(const std::vector<std::filesystem::path>& present, const std::vector<std::filesystem::path>& scanned);

 private:
  // A record as the file holds it: its path and its other fields, undecoded (views into data_).
  struct StoredRecord {
    std::string_view path;
    std::string_view fields;
  };
  const StoredRecord* stored(std::string_view path) const;

  std::filesystem::path file_;
  std::string data_;                                            // the file as read
  std::vector<StoredRecord> stored_;                            // its records in path order, as written
  std::map<std::string, ManifestRecord, std::less<>> records_;  // decoded or put: these win over stored_
  bool changed_ = false;
};

}  // namespace ax::kernel
