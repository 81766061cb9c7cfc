#include "ax/flags/gate.hpp"

#include <ax/sdk/telemetry.hpp>
#include <ax/sdk/units.hpp>

namespace ax::flags {
namespace fs = std::filesystem;

namespace {
TimePoint now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
}  // namespace

std::vector<fs::path> flag_files(sdk::Host& host) {
  std::vector<fs::path> files{user_flag_file()};
  if (auto root = host.repository_root(host.working_directory())) files.push_back(*root / ".ax" / "flags.yaml");
  return files;
}

Unit unit_for(sdk::Host& host, const std::optional<std::string>& user) {
  if (user) return {*user, "--user"};
  return default_unit(host.repository_root(host.working_directory()).value_or(host.working_directory()));
}

Context context_for(sdk::Host& host, const Unit& unit) {
  Context context{unit.id, now()};
  if (unit.source == "--user") context.user = unit.id;
  if (auto root = host.repository_root(host.working_directory())) context.repository = root->filename().string();
  return context;
}

RollbackSettings rollback_settings(const sdk::Host& host) {
  RollbackSettings settings;
  if (auto v = host.config("flags.rollback_threshold"))
    if (auto pct = sdk::parse_factor(*v)) settings.threshold = *pct / 100;
  if (auto v = host.config("flags.rollback_margin"))
    if (auto pct = sdk::parse_factor(*v)) settings.margin = *pct / 100;
  if (auto v = host.config("flags.min_sample"))
    if (auto n = sdk::parse_count(*v)) settings.min_sample = *n;
  if (auto v = host.config("flags.rollback_window"))
    if (auto hours = sdk::parse_count(*v)) settings.window = std::chrono::hours(*hours);
  return settings;
}

Gate gate(sdk::Host& host, std::string_view flag, const std::optional<std::string>& user) noexcept {
  Gate result;
  try {
    const auto files = flag_files(host);
    FlagSet set = load_flags(files, process_environment());
    auto it = set.flags.find(flag);
    if (it == set.flags.end()) return result;
    result.defined = true;
    auto* telemetry = sdk::telemetry_sink(host);
    // Without telemetry this run records no outcome, so there is nothing new to judge.
    const bool recording = telemetry != nullptr && telemetry->telemetry_enabled();
    try {
      const auto alert = recording ? check_rollback(set, it->second, rollback_settings(host), now()) : std::nullopt;
      if (alert) {
        host.err() << "ax: alert: " << *alert << "\n";
        set = load_flags(files, process_environment());
      }
    } catch (const std::exception& e) {
      host.log(sdk::LogLevel::warn, "flag " + std::string(flag) + ": rollback check failed: " + e.what());
    }
    result.unit = unit_for(host, user);
    result.evaluation = evaluate(set, flag, context_for(host, result.unit));
    result.on = result.evaluation.on;
    result.variant = result.evaluation.variant;
    if (result.evaluation.reason == Reason::error)
      host.log(sdk::LogLevel::warn, "flag " + std::string(flag) + " ignored: " + result.evaluation.detail);
    host.log(sdk::LogLevel::debug, "flag " + std::string(flag) + ": " + result.variant + " (" +
                                       to_string(result.evaluation.reason) + ": " + result.evaluation.detail + ")");
    if (telemetry != nullptr) telemetry->record_flag_exposure(flag, result.variant);
  } catch (const std::exception& e) {
    result.on = false;
    result.variant = "off";
    try {
      host.log(sdk::LogLevel::warn, "flag " + std::string(flag) + " ignored: " + e.what());
    } catch (...) {
    }
  } catch (...) {
    result.on = false;
    result.variant = "off";
  }
  return result;
}

}  // namespace ax::flags
