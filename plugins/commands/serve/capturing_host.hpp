// The Host a query runs against inside the server: the server's host for configuration and plugins,
// but the client's working directory, output into strings, and the server's open repository (through
// a RecordingRepository, so the cache learns the query's footprint).
#pragma once
#include <sstream>

#include <ax/sdk/host.hpp>

#include "recording_repository.hpp"

namespace ax::serve {

class CapturingHost final : public sdk::Host {
 public:
  CapturingHost(sdk::Host& host, sdk::Repository& repository, std::filesystem::path working_directory,
                QueryFootprint& footprint);

  std::optional<std::string> config(std::string_view key) const override { return host_.config(key); }
  std::vector<sdk::ConfigValue> config_values() const override { return host_.config_values(); }
  void set_config(std::string_view key, std::string_view value, sdk::ConfigScope scope) override;

  std::ostream& out() override { return out_; }
  std::ostream& err() override { return err_; }
  bool stderr_is_terminal() const override { return false; }
  void log(sdk::LogLevel level, std::string_view message) override;

  std::filesystem::path working_directory() const override { return working_directory_; }
  const std::atomic<bool>& interrupted() const override { return host_.interrupted(); }

  std::vector<sdk::LanguagePlugin*> languages() override { return host_.languages(); }
  sdk::LanguagePlugin* language(std::string_view id) override { return host_.language(id); }
  std::optional<std::string> detect_language(const std::filesystem::path& path, std::string_view head) override {
    return host_.detect_language(path, head);
  }
  std::vector<sdk::PluginInfo> plugins() override { return host_.plugins(); }

  // The server's repository when `start` lies in it; no other repository is opened for a client.
  std::unique_ptr<sdk::Repository> find_repository(const std::filesystem::path& start) override;
  std::unique_ptr<sdk::Repository> open_repository(const std::filesystem::path& root) override;
  std::optional<std::filesystem::path> repository_root(const std::filesystem::path& start) override {
    return host_.repository_root(start);
  }
  sdk::StoragePlugin& symbol_store_plugin() override { return host_.symbol_store_plugin(); }
  std::filesystem::path migrations_directory() const override { return host_.migrations_directory(); }

  std::string take_out() { return std::move(out_).str(); }
  std::string take_err() { return std::move(err_).str(); }

 private:
  sdk::Host& host_;
  sdk::Repository& repository_;
  std::filesystem::path working_directory_;
  QueryFootprint& footprint_;
  sdk::LogLevel log_level_;
  std::ostringstream out_;
  std::ostringstream err_;
};

}  // namespace ax::serve
