#include "capturing_host.hpp"

namespace ax::serve {

namespace {

// The kernel's reading of log.level (a client with another configuration is not served).
sdk::LogLevel configured_level(const sdk::Host& host) {
  const auto level = host.config("log.level").value_or("warn");
  if (level == "debug") return sdk::LogLevel::debug;
  if (level == "info") return sdk::LogLevel::info;
  if (level == "error") return sdk::LogLevel::error;
  return sdk::LogLevel::warn;
}

}  // namespace

CapturingHost::CapturingHost(sdk::Host& host, sdk::Repository& repository, std::filesystem::path working_directory,
                             QueryFootprint& footprint)
    : host_(host),
      repository_(repository),
      working_directory_(std::move(working_directory)),
      footprint_(footprint),
      log_level_(configured_level(host)) {}

void CapturingHost::set_config(std::string_view, std::string_view, sdk::ConfigScope) {
  throw sdk::UserError("a query through ax serve cannot change the configuration");
}

// As the kernel's host writes it.
void CapturingHost::log(sdk::LogLevel level, std::string_view message) {
  if (level < log_level_) return;
  static constexpr const char* kNames[] = {"debug", "info", "warning", "error"};
  err_ << "ax: " << kNames[static_cast<int>(level)] << ": " << message << "\n";
}

std::unique_ptr<sdk::Repository> CapturingHost::find_repository(const std::filesystem::path& start) {
  const auto root = host_.repository_root(start);
  if (!root || *root != repository_.root()) return nullptr;
  return std::make_unique<RecordingRepository>(repository_, footprint_);
}

std::unique_ptr<sdk::Repository> CapturingHost::open_repository(const std::filesystem::path& root) {
  if (root != repository_.root()) throw sdk::UserError("ax serve answers for " + repository_.root().string() + " only");
  return std::make_unique<RecordingRepository>(repository_, footprint_);
}

}  // namespace ax::serve
