// Finds plugin files, reads their descriptors and instantiates them on demand.
//
// Precedence (documented in README "Plugins"): directories are searched in this order —
// <repo>/.ax/plugins, each $AX_PLUGIN_PATH entry, the user's XDG data dir ax/plugins, the built-in
// directory — and files within a directory by name. The first plugin to claim a plugin name or a
// command name wins; later claimants are kept out with a warning naming both files.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include <ax/sdk/host.hpp>
#include <ax/sdk/plugin.hpp>

#include "plugin_manifest.hpp"

namespace ax::kernel {

class PluginCatalog {
 public:
  struct Entry {
    std::filesystem::path path;
    std::string name;
    sdk::PluginKind kind{};
    std::string version;
    std::string description;
    std::uint32_t sdk_major = 0;
    std::uint32_t sdk_minor = 0;
    std::vector<CommandEntry> commands;
    std::string problem;  // empty when usable; else why it was refused or shadowed
    bool usable() const { return problem.empty(); }
    std::uint64_t file_size = 0;
    std::int64_t mtime_ns = 0;

    boost::dll::shared_library library;
    const sdk::PluginDescriptor* descriptor = nullptr;
    std::unique_ptr<sdk::Plugin> instance;
    bool instantiation_failed = false;
  };

  using Warn = std::function<void(const std::string&)>;

  // Scans `directories` in precedence order and reads every descriptor — from `manifest` when it
  // knows the file (same size and mtime), else by loading it. Problems are recorded on the entries
  // and reported through `warn` (refusals, shadowing, factory failures).
  PluginCatalog(const std::vector<std::filesystem::path>& directories, Warn warn,
                std::optional<std::filesystem::path> manifest = std::nullopt);
  ~PluginCatalog();
  PluginCatalog(const PluginCatalog&) = delete;
  PluginCatalog& operator=(const PluginCatalog&) = delete;

  const std::vector<std::unique_ptr<Entry>>& entries() const { return entries_; }
  // The usable plugin providing `command`, or nullptr.
  Entry* find_command(std::string_view command);
  std::vector<CommandEntry> commands() const;
  std::vector<Entry*> usable(sdk::PluginKind kind);
  Entry* find(sdk::PluginKind kind, std::string_view name);
  // Creates the plugin object on first use; nullptr (and a warning) if its factory throws.
  sdk::Plugin* instance(Entry& entry);

 private:
  void load_file(const std::filesystem::path& path, PluginManifest* manifest);
  // Loads the library and checks its descriptor; sets entry.problem on failure.
  void open_library(Entry& entry);
  Warn warn_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

// Checks that `path` is a complete ELF shared object for this machine; returns the problem or empty.
std::string check_elf(const std::filesystem::path& path);
// Reads a descriptor from a loaded library; returns the problem, or empty if the plugin is usable.
std::string check_descriptor(const sdk::PluginDescriptor* descriptor, const std::filesystem::path& path);

}  // namespace ax::kernel
