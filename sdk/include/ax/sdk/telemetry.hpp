// Usage telemetry (SDK 1.2): an optional capability of the Host, found with dynamic_cast (see
// telemetry_sink below). A plugin reports what it measured; the kernel decides whether anything is
// kept (the user's consent and opt-outs), stores it per user outside any repository, and never lets
// telemetry break or slow a command.
//
// Privacy: names passed here must be fixed identifiers chosen by the plugin ("find", "index.parse",
// "python"), never user data: no paths, symbol names or query text. The kernel drops any name that is
// not a short lower-case identifier ([a-z0-9_.-], at most 64 characters).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "ax/sdk/host.hpp"

namespace ax::sdk {

class TelemetrySink {
 public:
  virtual ~TelemetrySink() = default;
  // False when telemetry is off for this run: a plugin may skip measuring anything.
  virtual bool telemetry_enabled() const = 0;
  // The effective mode ("off", "local" or "remote") and the source that decided it.
  virtual std::string telemetry_mode() const = 0;
  virtual std::string telemetry_mode_source() const = 0;

  // A query: its kind ("find", "def"), how many results it gave and how long it took; never its text.
  virtual void record_query(std::string_view kind, std::uint64_t results, double seconds) = 0;
  // A performance figure: ("index.files_per_second", 850, "1/s"), ("index.phase.parse", 1.2, "s"),
  // ("index.peak_rss", 5.1e7, "By").
  virtual void record_metric(std::string_view name, double value, std::string_view unit) = 0;
  // One parser invocation of `language`; summed per language and kept as one event per run.
  // Safe to call from several threads at once.
  virtual void record_parse(std::string_view language, double seconds) = 0;
  // A feature flag evaluated during this run and the variant it gave ("on", "off", a variant name).
  virtual void record_flag_exposure(std::string_view flag, std::string_view variant) = 0;
};

// The host's telemetry sink, or nullptr when the host offers none (an older kernel).
inline TelemetrySink* telemetry_sink(Host& host) { return dynamic_cast<TelemetrySink*>(&host); }

}  // namespace ax::sdk
