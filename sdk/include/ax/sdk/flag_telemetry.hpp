// Feature-flag telemetry (SDK 1.3): an optional capability of the Host beside TelemetrySink, found
// with dynamic_cast (see flag_telemetry_sink below). Recorded only when telemetry is on.
#pragma once
#include <string_view>

#include "ax/sdk/host.hpp"

namespace ax::sdk {

class FlagTelemetrySink {
 public:
  virtual ~FlagTelemetrySink() = default;
  // An exposure, as TelemetrySink::record_flag_exposure, naming the unit the flag was decided for
  // (a --user name, the install id) so that an experiment can count distinct units. The kernel
  // stores a keyed hash of the unit (secret per install, different per flag), never the unit.
  virtual void record_flag_exposure_for_unit(std::string_view flag, std::string_view variant,
                                             std::string_view unit) = 0;
  // A change to a flag's state. `action` is an identifier ("killed", "rolled-back", "enabled",
  // "disabled", "rollout"); `figures` are words and numbers the caller composed from its own data
  // (the rollback's error rate, bound, threshold and window), never user data; `reason` is text a
  // person wrote (kill --reason), which the kernel scrubs as it scrubs error messages.
  virtual void record_flag_change(std::string_view flag, std::string_view action, std::string_view figures,
                                  std::string_view reason) = 0;
};

// The host's flag telemetry sink, or nullptr when the host offers none (a kernel before SDK 1.3).
inline FlagTelemetrySink* flag_telemetry_sink(Host& host) { return dynamic_cast<FlagTelemetrySink*>(&host); }

}  // namespace ax::sdk
