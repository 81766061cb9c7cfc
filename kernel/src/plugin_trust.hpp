// The user's trusted repository plugins. A plugin in <repo>/.ax/plugins arrives with the repository
// (a clone, an archive), so it is loaded only when the user has trusted that file, by path and
// SHA-256, in a list kept outside every repository: $XDG_CONFIG_HOME/ax/trusted-plugins, one
// "<sha256>  <absolute path>" line per file (the sha256sum format). A changed file is untrusted again.
#pragma once
#include <filesystem>
#include <map>
#include <string>

namespace ax::kernel {

enum class TrustState { untrusted, changed, trusted };  // changed: listed, but its SHA-256 differs now

class PluginTrust {
 public:
  // Reads `file` when it exists; malformed lines are ignored (they trust nothing).
  explicit PluginTrust(std::filesystem::path file);

  // Whether `plugin` is listed and its content still has the recorded SHA-256.
  TrustState state(const std::filesystem::path& plugin) const;
  bool trusted(const std::filesystem::path& plugin) const { return state(plugin) == TrustState::trusted; }
  // Lists `plugin` with its current SHA-256 (returned); throws sdk::UserError when it is not a
  // readable regular file or the list cannot be written.
  std::string trust(const std::filesystem::path& plugin);
  // Removes `plugin` from the list; false when it was not listed.
  bool untrust(const std::filesystem::path& plugin);

  // The absolute, normalised form under which a plugin file is listed.
  static std::filesystem::path key(const std::filesystem::path& plugin);

 private:
  void save() const;
  std::filesystem::path file_;
  std::map<std::string, std::string> digests_;  // path -> sha256 hex
};

}  // namespace ax::kernel
