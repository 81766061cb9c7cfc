// OTLP/HTTP JSON (the proto3 JSON mapping) of events and aggregates, as an OpenTelemetry collector
// accepts on /v1/logs and /v1/metrics: lowerCamelCase keys, 64-bit integers as decimal strings.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ax/telemetry/event.hpp"
#include "ax/telemetry/store.hpp"

namespace ax::telemetry {

struct Resource {
  std::string install_id;
  std::string version;  // ax's
};

// An ExportLogsServiceRequest: one log record per event.
nlohmann::json otlp_logs(const Resource& resource, const std::vector<Event>& events);
// An ExportMetricsServiceRequest: per aggregate, a delta histogram of durations (commands, queries,
// parsers), a delta sum of counts (errors, parsed files, flag exposures) or a gauge (measurements).
nlohmann::json otlp_metrics(const Resource& resource, const std::vector<Aggregate>& aggregates);
// The aggregates of a list of events, per day, kind, name and command.
std::vector<Aggregate> aggregate_events(const std::vector<Event>& events);

// The plain export: {"install_id", "events": [...], "daily": [...]}.
nlohmann::json event_json(const Event& event);
nlohmann::json aggregate_json(const Aggregate& aggregate);

}  // namespace ax::telemetry
