// Layered configuration: built-in defaults < user file (XDG config ax/config.yaml) < repository file
// (<repo>/.ax/config.yaml) < environment (AX_<KEY>, dots and dashes as underscores, upper case:
// index.max_file_size -> AX_INDEX_MAX_FILE_SIZE) < command-line flags (-c key=value).
//
// Only known keys exist: each has a type that every layer's value is checked against, so a typo or
// a wrong type is reported with the file, line and key instead of being silently ignored.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/host.hpp>

namespace ax::kernel {

enum class ConfigType { integer, size, boolean, string, choice, factor };

struct ConfigKey {
  std::string_view key;
  ConfigType type;
  std::string_view default_value;
  std::string_view description;
  std::string_view choices = {};  // for ConfigType::choice: "a|b|c"
};

// The one table of known keys.
const std::vector<ConfigKey>& config_keys();
const ConfigKey* find_config_key(std::string_view key);
std::string config_env_name(std::string_view key);
// Checks `value` against the key's type; returns the problem or empty.
std::string validate_config_value(const ConfigKey& key, std::string_view value);

class ConfigError : public sdk::UserError {
 public:
  using sdk::UserError::UserError;
};

// `text` (a configuration file's content) with `key` (section.leaf) set to `value`: the one value
// replaced in place, or the key added to its section (or a new section at the end); every other
// byte is kept, comments included. Throws ConfigError when the file's layout does not allow it.
std::string edit_config_text(const std::string& text, std::string_view key, std::string_view value);

class Config {
 public:
  // Loads the layers; a broken file throws ConfigError naming file, line and key.
  Config(std::filesystem::path user_file, std::optional<std::filesystem::path> repository_file,
         const std::vector<std::pair<std::string, std::string>>& flags);

  std::optional<std::string> get(std::string_view key) const;
  std::vector<sdk::ConfigValue> values() const;
  // Writes `key: value` into the chosen file, editing it in place (see edit_config_text).
  void set(std::string_view key, std::string_view value, sdk::ConfigScope scope);

  const std::filesystem::path& user_file() const { return user_file_; }
  const std::optional<std::filesystem::path>& repository_file() const { return repository_file_; }
  // Warnings collected while loading (unknown keys in files).
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  void load_file(const std::filesystem::path& file);
  std::filesystem::path user_file_;
  std::optional<std::filesystem::path> repository_file_;
  std::map<std::string, sdk::ConfigValue, std::less<>> values_;
  std::vector<std::string> warnings_;
};

}  // namespace ax::kernel
