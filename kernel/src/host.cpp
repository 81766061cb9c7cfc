#include "host.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <exception>

#include <ax/sdk/paths.hpp>
#include <ax/sdk/repository_root.hpp>
#include <ax/sdk/units.hpp>

#include "paths.hpp"
#include "repository.hpp"

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  if (g_interrupted.exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

// The last resort for an exception nobody catches, e.g. one escaping a thread a plugin started:
// one line and exit 70 instead of abort()'s core dump. Destructors and atexit handlers are
// skipped on purpose: other threads may still be running plugin code.
[[noreturn]] void on_terminate() noexcept {
  std::string message = "ax: internal error: ";
  if (std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& e) {
      message += std::string("uncaught exception: ") + e.what();
    } catch (...) {
      message += "uncaught non-standard exception";
    }
  } else {
    message += "terminated without an exception";
  }
  message += "\n";
  for (std::size_t written = 0; written < message.size();) {
    ssize_t n = ::write(STDERR_FILENO, message.data() + written, message.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  std::_Exit(sdk::kExitInternalError);
}

sdk::LogLevel parse_level(const std::string& text) {
  if (text == "debug") return sdk::LogLevel::debug;
  if (text == "info") return sdk::LogLevel::info;
  if (text == "error") return sdk::LogLevel::error;
  return sdk::LogLevel::warn;
}
}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void install_terminate_handler() { std::set_terminate(on_terminate); }

KernelHost::KernelHost(HostOptions options) : options_(std::move(options)) {
  repository_root_ = sdk::repository_root(options_.working_directory);
  std::optional<fs::path> repository_file;
  if (repository_root_) repository_file = *repository_root_ / kStateDirName / "config.yaml";
  config_ =
      std::make_unique<Config>(sdk::xdg_config_home() / "ax" / "config.yaml", repository_file, options_.config_flags);
  log_level_ = parse_level(config_->get("log.level").value_or("warn"));
  for (const auto& warning : config_->warnings()) log(sdk::LogLevel::warn, warning);
}

KernelHost::~KernelHost() {
  // Language objects belong to the catalog; drop the views of them first.
  detector_.reset();
  languages_.reset();
  catalog_.reset();
}

void KernelHost::set_config(std::string_view key, std::string_view value, sdk::ConfigScope scope) {
  config_->set(key, value, scope);
}

bool KernelHost::stderr_is_terminal() const { return options_.err == &std::cerr && isatty(STDERR_FILENO) != 0; }

void KernelHost::log(sdk::LogLevel level, std::string_view message) {
  if (level < log_level_) return;
  static constexpr const char* kNames[] = {"debug", "info", "warning", "error"};
  err() << "ax: " << kNames[static_cast<int>(level)] << ": " << message << "\n";
}

std::string KernelHost::telemetry_mode() const {
  return options_.telemetry ? telemetry::to_string(options_.telemetry->decision().mode) : "off";
}
std::string KernelHost::telemetry_mode_source() const {
  return options_.telemetry ? options_.telemetry->decision().source : "not recorded by this host";
}
void KernelHost::record_query(std::string_view kind, std::uint64_t results, double seconds) {
  if (options_.telemetry) options_.telemetry->record_query(kind, results, seconds);
}
void KernelHost::record_metric(std::string_view name, double value, std::string_view unit) {
  if (options_.telemetry) options_.telemetry->record_metric(name, value, unit);
}
void KernelHost::record_parse(std::string_view language, double seconds) {
  if (options_.telemetry) options_.telemetry->record_parse(language, seconds);
}
void KernelHost::record_flag_exposure(std::string_view flag, std::string_view variant) {
  if (options_.telemetry) options_.telemetry->record_flag_exposure(flag, variant);
}
void KernelHost::record_flag_exposure_for_unit(std::string_view flag, std::string_view variant, std::string_view unit) {
  if (options_.telemetry) options_.telemetry->record_flag_exposure(flag, variant, unit);
}
void KernelHost::record_flag_change(std::string_view flag, std::string_view action, std::string_view figures,
                                    std::string_view reason) {
  if (options_.telemetry) options_.telemetry->record_flag_change(flag, action, figures, reason);
}

const std::atomic<bool>& KernelHost::interrupted() const { return g_interrupted; }

std::vector<PluginDirectory> KernelHost::plugin_directories() const {
  std::vector<PluginDirectory> dirs;
  if (repository_root_) dirs.push_back({*repository_root_ / kStateDirName / "plugins", true});
  if (const char* path = std::getenv("AX_PLUGIN_PATH"); path != nullptr) {
    std::string_view rest(path);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      std::string_view part = rest.substr(0, colon);
      if (!part.empty()) dirs.push_back({std::string(part), false});
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  dirs.push_back({sdk::xdg_data_home() / "ax" / "plugins", false});
  dirs.push_back({builtin_plugin_directory(), false});
  return dirs;
}

PluginCatalog& KernelHost::catalog() {
  if (!catalog_) {
    catalog_ = std::make_unique<PluginCatalog>(
        plugin_directories(), [this](const std::string& message) { log(sdk::LogLevel::warn, message); },
        sdk::xdg_cache_home() / "ax" / "plugin-manifest", [this](const fs::path& file) { return trust().state(file); });
  }
  return *catalog_;
}

PluginTrust& KernelHost::trust() {
  if (!trust_) trust_ = std::make_unique<PluginTrust>(sdk::xdg_config_home() / "ax" / "trusted-plugins");
  return *trust_;
}

std::string KernelHost::trust_plugin(const fs::path& file) {
  return trust().trust(file.is_absolute() ? file : options_.working_directory / file);
}

bool KernelHost::untrust_plugin(const fs::path& file) {
  return trust().untrust(file.is_absolute() ? file : options_.working_directory / file);
}

std::vector<sdk::LanguagePlugin*> KernelHost::languages() {
  if (!languages_) {
    languages_.emplace();
    for (auto* entry : catalog().usable(sdk::PluginKind::language))
      if (auto* language = dynamic_cast<sdk::LanguagePlugin*>(catalog().instance(*entry)))
        languages_->push_back(language);
  }
  return *languages_;
}

sdk::LanguagePlugin* KernelHost::language(std::string_view id) {
  // A language plugin is named after its language (lang-go.so is "go", of id "go"): that plugin alone
  // is loaded when it says so. A `lang:` filter or a file of one language then costs one plugin
  // loaded, not every one; an id no plugin is named after still finds its plugin among all of them.
  if (!languages_) {
    if (auto* entry = catalog().find(sdk::PluginKind::language, id))
      if (auto* language = dynamic_cast<sdk::LanguagePlugin*>(catalog().instance(*entry));
          language != nullptr && language->info().id == id)
        return language;
  }
  for (auto* language : languages())
    if (language->info().id == id) return language;
  return nullptr;
}

std::optional<std::string> KernelHost::detect_language(const fs::path& path, std::string_view head) {
  if (!detector_) detector_ = std::make_unique<LanguageDetector>(languages());
  return detector_->detect(path, head);
}

std::vector<sdk::PluginInfo> KernelHost::plugins() {
  std::vector<sdk::PluginInfo> out;
  for (const auto& entry : catalog().entries()) {
    sdk::PluginInfo info;
    info.name = entry->name;
    info.kind = entry->usable() || entry->descriptor ? sdk::to_string(entry->kind) : "?";
    info.version = entry->version;
    info.sdk_version = entry->sdk_major || entry->sdk_minor
                           ? std::to_string(entry->sdk_major) + "." + std::to_string(entry->sdk_minor)
                           : "?";
    info.description = entry->description;
    info.path = entry->path;
    info.status = entry->usable() ? (entry->instance ? "loaded" : "ok") : entry->problem;
    out.push_back(std::move(info));
  }
  return out;
}

sdk::StoragePlugin* KernelHost::storage_plugin(const std::string& config_key) {
  std::string name = config_->get(config_key).value_or("");
  auto* entry = catalog().find(sdk::PluginKind::storage, name);
  if (entry == nullptr)
    throw sdk::UserError("storage plugin '" + name + "' (" + config_key + ") is not installed; see ax plugins list");
  auto* plugin = dynamic_cast<sdk::StoragePlugin*>(catalog().instance(*entry));
  if (plugin == nullptr) throw sdk::UserError("storage plugin '" + name + "' failed to start; see ax plugins list");
  return plugin;
}

std::unique_ptr<sdk::Repository> KernelHost::open_at(const fs::path& root, bool create) {
  RepositoryOptions options;
  options.root = root;
  options.migrations = migrations_directory();
  options.store_plugin = storage_plugin("storage.store");
  options.search_plugin = storage_plugin("storage.search");
  options.chunk_lines =
      static_cast<std::uint32_t>(sdk::parse_count(config_->get("index.chunk_lines").value_or("")).value_or(80));
  options.search_buffer_bytes =
      sdk::parse_size(config_->get("index.search_buffer").value_or("")).value_or(options.search_buffer_bytes);
  options.notice = [this](const std::string& message) { log(sdk::LogLevel::warn, message); };
  return kernel::open_repository(options, create);
}

std::unique_ptr<sdk::Repository> KernelHost::find_repository(const fs::path& start) {
  auto root = sdk::repository_root(start);
  if (!root || !fs::exists(*root / kStateDirName / "store")) return nullptr;
  return open_at(*root, false);
}

std::unique_ptr<sdk::Repository> KernelHost::open_repository(const fs::path& root) { return open_at(root, true); }

std::optional<fs::path> KernelHost::repository_root(const fs::path& start) {
  // The one rule (sdk::repository_root), narrowed to repositories that have their .ax/ already.
  auto root = sdk::repository_root(start);
  std::error_code ec;
  if (root && fs::is_directory(*root / kStateDirName, ec)) return root;
  return std::nullopt;
}

fs::path KernelHost::migrations_directory() const { return kernel::migrations_directory(); }

}  // namespace ax::kernel
