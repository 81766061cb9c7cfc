// The parts of sdk::Host the pipeline tests never exercise: no configuration, captured output, no
// repositories or storage. A test host derives from it and says which languages it offers.
#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <ax/sdk/host.hpp>

namespace ax::index::testing {

struct StubHost : sdk::Host {
  std::atomic<bool> interrupt_flag{false};
  std::ostringstream out_, err_;

  std::optional<std::string> config(std::string_view) const override { return std::nullopt; }
  std::vector<sdk::ConfigValue> config_values() const override { return {}; }
  void set_config(std::string_view, std::string_view, sdk::ConfigScope) override {}
  std::ostream& out() override { return out_; }
  std::ostream& err() override { return err_; }
  bool stderr_is_terminal() const override { return false; }
  void log(sdk::LogLevel, std::string_view message) override { err_ << message << "\n"; }
  std::filesystem::path working_directory() const override { return std::filesystem::current_path(); }
  const std::atomic<bool>& interrupted() const override { return interrupt_flag; }
  std::vector<sdk::PluginInfo> plugins() override { return {}; }
  std::unique_ptr<sdk::Repository> find_repository(const std::filesystem::path&) override { return nullptr; }
  std::unique_ptr<sdk::Repository> open_repository(const std::filesystem::path&) override { return nullptr; }
  std::optional<std::filesystem::path> repository_root(const std::filesystem::path&) override { return std::nullopt; }
  sdk::StoragePlugin& symbol_store_plugin() override { throw std::logic_error("no storage in a test host"); }
  std::filesystem::path migrations_directory() const override { return {}; }
};

}  // namespace ax::index::testing
