// Finds plugin files, reads their descriptors and instantiates them on demand.
//
// Precedence (documented in README "Plugins"): directories are searched in this order —
// <repo>/.ax/plugins, each $AX_PLUGIN_PATH entry, the user's XDG data dir ax/plugins, the built-in
// directory — and files within a directory by name. Among the directories the user chose (all but
// the repository's), the first plugin to claim a plugin name or a command name wins; later
// claimants are kept out with a warning naming both files. A repository plugin is loaded only when
// the user trusts it, and may only add names: a clash with any other plugin refuses its claim.
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
#include "plugin_trust.hpp"

namespace ax::kernel {

struct PluginDirectory {
  std::filesystem::path path;
  bool repository = false;  // <repo>/.ax/plugins: came with the repository, not chosen by the user
};

// The memory a loaded library maps, from its program headers: descriptor pointers are checked
// against it before they are read, so a broken descriptor is refused instead of crashing ax.
class LibraryMemory {
 public:
  struct Range {
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    bool executable = false;
  };
  explicit LibraryMemory(std::vector<Range> readable) : ranges_(std::move(readable)) {}
  // The readable segments of a library loaded with dlopen; empty when they cannot be found.
  static LibraryMemory of_library(void* handle);

  bool readable(const void* address, std::size_t size) const;
  bool executable(const void* address) const;
  // A NUL-terminated string of at most `max_length` bytes, wholly inside readable memory.
  bool string(const char* text, std::size_t max_length) const;

 private:
  const Range* range_of(std::uintptr_t address) const;
  std::vector<Range> ranges_;
};

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
    bool from_repository = false;
    bool untrusted = false;  // a repository plugin the user has not trusted (or that changed since)
    std::uint64_t file_size = 0;
    std::int64_t mtime_ns = 0;

    boost::dll::shared_library library;
    const sdk::PluginDescriptor* descriptor = nullptr;
    std::unique_ptr<sdk::Plugin> instance;
    bool instantiation_failed = false;
  };

  using Warn = std::function<void(const std::string&)>;
  // Whether a repository plugin file is trusted by the user as it is now.
  using TrustCheck = std::function<TrustState(const std::filesystem::path&)>;

  // Scans `directories` in precedence order and reads every descriptor — from `manifest` when it
  // knows the file (same size and mtime), else by loading it; an untrusted repository plugin is
  // never loaded. Problems are recorded on the entries and reported through `warn`: refusals
  // summarised (the first few, then how many more), untrusted plugins in one line, each shadowing.
  PluginCatalog(const std::vector<PluginDirectory>& directories, Warn warn,
                std::optional<std::filesystem::path> manifest, TrustCheck trusted);
  // Directories the user chose, no repository directory.
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
  void load_file(const std::filesystem::path& path, PluginManifest* manifest, bool repository,
                 const TrustCheck& trusted);
  void claim_names();
  void report_problems(const std::vector<std::string>& refusals) const;
  // Loads the library and checks its descriptor; sets entry.problem on failure.
  void open_library(Entry& entry);
  Warn warn_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

// Checks that `path` is a complete ELF shared object for this machine; returns the problem or empty.
std::string check_elf(const std::filesystem::path& path);
// Reads a descriptor from a loaded library; returns the problem, or empty if the plugin is usable.
// With `memory`, every pointer is checked to lie in the library's readable memory before it is read.
std::string check_descriptor(const sdk::PluginDescriptor* descriptor, const std::filesystem::path& path,
                             const LibraryMemory* memory = nullptr);

// How many plugin refusals are shown one per line before the rest are counted.
inline constexpr std::size_t kShownPluginProblems = 5;

}  // namespace ax::kernel
