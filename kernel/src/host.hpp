// The kernel's implementation of the host API handed to plugins.
#pragma once
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ax/sdk/flag_telemetry.hpp>
#include <ax/sdk/host.hpp>
#include <ax/sdk/telemetry.hpp>

#include "config.hpp"
#include "language_detector.hpp"
#include "plugin_catalog.hpp"
#include "plugin_trust.hpp"
#include "telemetry_hook.hpp"

namespace ax::kernel {

struct HostOptions {
  std::filesystem::path working_directory;
  std::vector<std::pair<std::string, std::string>> config_flags;  // -c key=value
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  TelemetryRecorder* telemetry = nullptr;  // owned by the caller; outlives the host
};

class KernelHost final : public sdk::Host,
                         public sdk::PluginTrustHost,
                         public sdk::TelemetrySink,
                         public sdk::FlagTelemetrySink {
 public:
  explicit KernelHost(HostOptions options);
  ~KernelHost() override;

  std::optional<std::string> config(std::string_view key) const override { return config_->get(key); }
  std::vector<sdk::ConfigValue> config_values() const override { return config_->values(); }
  void set_config(std::string_view key, std::string_view value, sdk::ConfigScope scope) override;

  std::ostream& out() override { return *options_.out; }
  std::ostream& err() override { return *options_.err; }
  bool stderr_is_terminal() const override;
  void log(sdk::LogLevel level, std::string_view message) override;

  std::filesystem::path working_directory() const override { return options_.working_directory; }
  const std::atomic<bool>& interrupted() const override;

  std::vector<sdk::LanguagePlugin*> languages() override;
  sdk::LanguagePlugin* language(std::string_view id) override;
  std::optional<std::string> detect_language(const std::filesystem::path& path, std::string_view head) override;
  std::vector<sdk::PluginInfo> plugins() override;

  std::string trust_plugin(const std::filesystem::path& file) override;
  bool untrust_plugin(const std::filesystem::path& file) override;

  std::unique_ptr<sdk::Repository> find_repository(const std::filesystem::path& start) override;
  std::unique_ptr<sdk::Repository> open_repository(const std::filesystem::path& root) override;
  std::optional<std::filesystem::path> repository_root(const std::filesystem::path& start) override;
  sdk::StoragePlugin& symbol_store_plugin() override { return *storage_plugin("storage.store"); }
  std::filesystem::path migrations_directory() const override;

  // sdk::TelemetrySink: forwarded to the run's recorder (off when there is none).
  bool telemetry_enabled() const override { return options_.telemetry != nullptr && options_.telemetry->enabled(); }
  std::string telemetry_mode() const override;
  std::string telemetry_mode_source() const override;
  void record_query(std::string_view kind, std::uint64_t results, double seconds) override;
  void record_metric(std::string_view name, double value, std::string_view unit) override;
  void record_parse(std::string_view language, double seconds) override;
  void record_flag_exposure(std::string_view flag, std::string_view variant) override;
  // sdk::FlagTelemetrySink: the same.
  void record_flag_exposure_for_unit(std::string_view flag, std::string_view variant, std::string_view unit) override;
  void record_flag_change(std::string_view flag, std::string_view action, std::string_view figures,
                          std::string_view reason) override;

  PluginCatalog& catalog();
  // The directories searched for plugins, in precedence order.
  std::vector<PluginDirectory> plugin_directories() const;

 private:
  PluginTrust& trust();
  sdk::StoragePlugin* storage_plugin(const std::string& config_key);
  std::unique_ptr<sdk::Repository> open_at(const std::filesystem::path& root, bool create);

  HostOptions options_;
  std::optional<std::filesystem::path> repository_root_;  // nearest directory with .ax/ above cwd
  std::unique_ptr<Config> config_;
  std::unique_ptr<PluginTrust> trust_;
  std::unique_ptr<PluginCatalog> catalog_;
  std::optional<std::vector<sdk::LanguagePlugin*>> languages_;
  std::unique_ptr<LanguageDetector> detector_;
  sdk::LogLevel log_level_ = sdk::LogLevel::warn;
};

// Installs the Ctrl-C handler: the first press sets the flag, the second ends the process.
void install_interrupt_handler();
// Makes an uncaught exception (std::terminate) print one line and exit 70 instead of aborting.
void install_terminate_handler();

}  // namespace ax::kernel
