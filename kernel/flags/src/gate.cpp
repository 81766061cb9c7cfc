#include "ax/flags/gate.hpp"

#include <ax/sdk/flag_telemetry.hpp>
#include <ax/sdk/telemetry.hpp>
#include <ax/sdk/units.hpp>

#include <functional>

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

bool guard_rollback(sdk::Host& host, const FlagSet& set, const Flag& flag, const RollbackSettings& settings) noexcept {
  try {
    const auto trip = check_rollback(set, flag, settings, now());
    if (!trip) return false;
    host.err() << "ax: alert: " << trip->alert << "\n";
    if (auto* sink = sdk::flag_telemetry_sink(host))
      sink->record_flag_change(flag.name, "rolled-back", trip->figures, {});
    return true;
  } catch (const std::exception& e) {
    try {
      host.log(sdk::LogLevel::warn, "flag " + flag.name + ": rollback check failed: " + e.what());
    } catch (...) {
    }
  } catch (...) {
  }
  return false;
}

namespace {

Gate gate_with(sdk::Host& host, std::string_view flag, const std::vector<fs::path>& files,
               const std::function<Unit()>& unit, const std::function<Context(const Unit&)>& context) noexcept {
  Gate result;
  try {
    FlagSet set = load_flags(files, process_environment());
    auto it = set.flags.find(flag);
    if (it == set.flags.end()) return result;
    result.defined = true;
    auto* telemetry = sdk::telemetry_sink(host);
    // Without telemetry this run records no outcome, so there is nothing new to judge.
    const bool recording = telemetry != nullptr && telemetry->telemetry_enabled();
    if (recording && guard_rollback(host, set, it->second, rollback_settings(host)))
      set = load_flags(files, process_environment());
    result.unit = unit();
    result.evaluation = evaluate(set, flag, context(result.unit));
    result.on = result.evaluation.on;
    result.variant = result.evaluation.variant;
    if (result.evaluation.reason == Reason::error)
      host.log(sdk::LogLevel::warn, "flag " + std::string(flag) + " ignored: " + result.evaluation.detail);
    host.log(sdk::LogLevel::debug, "flag " + std::string(flag) + ": " + result.variant + " (" +
                                       to_string(result.evaluation.reason) + ": " + result.evaluation.detail + ")");
    // The unit lets `ax flags stats` count distinct units; the kernel stores only a keyed hash of it.
    if (auto* flag_telemetry = sdk::flag_telemetry_sink(host))
      flag_telemetry->record_flag_exposure_for_unit(flag, result.variant, result.unit.id);
    else if (telemetry != nullptr)
      telemetry->record_flag_exposure(flag, result.variant);
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

}  // namespace

Gate gate(sdk::Host& host, std::string_view flag, const std::optional<std::string>& user) noexcept {
  try {
    return gate_with(
        host, flag, flag_files(host), [&] { return unit_for(host, user); },
        [&](const Unit& unit) { return context_for(host, unit); });
  } catch (...) {
    return {};
  }
}

Gate gate_at(sdk::Host& host, std::string_view flag, const std::optional<fs::path>& repository_root) noexcept {
  try {
    std::vector<fs::path> files{user_flag_file()};
    if (repository_root) files.push_back(*repository_root / ".ax" / "flags.yaml");
    return gate_with(
        host, flag, files, [&] { return default_unit(repository_root.value_or(host.working_directory())); },
        [&](const Unit& unit) {
          Context context{unit.id, now()};
          if (repository_root) context.repository = repository_root->filename().string();
          return context;
        });
  } catch (...) {
    return {};
  }
}

}  // namespace ax::flags
