// The reports of `ax telemetry stats|errors|performance`: figures computed from the daily
// aggregates plus the raw events not yet rolled up, apart from their printing.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ax/telemetry/store.hpp"

namespace ax::telemetry {

// Aggregates per day over [from_day, today]: stored ones plus today's (and any not yet rolled up)
// raw events, merged per day, kind, name and command.
struct Window {
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
  std::vector<Aggregate> aggregates;
};
Window collect(Store& store, std::int64_t from_day, std::int64_t now);

struct Row {
  std::string name;
  std::uint64_t count = 0;
  std::uint64_t failures = 0;
  double average_ms = 0, p50_ms = 0, p95_ms = 0, max_ms = 0;
  double average_count = 0;  // results per query, files per parser run
  double sum = 0;            // seconds parsing, the metric's sum
  std::string unit;
};

struct Report {
  std::int64_t from_day = 0, to_day = 0;
  std::uint64_t commands = 0, failures = 0, queries = 0, errors = 0;
  std::vector<std::uint64_t> commands_per_day;  // from_day .. to_day
  std::vector<std::uint64_t> errors_per_day;
  std::vector<Row> by_command;  // most used first
  std::vector<Row> by_query;    // per query kind
  Row all_queries;
  std::vector<Row> by_language;   // parser invocations per language, most files first
  std::vector<Row> by_error;      // per category and command: name = "category command", unit = sample
  std::vector<Row> by_metric;     // performance figures (index phases, files/s, memory)
  std::vector<Row> flags;         // feature-flag exposures: name = "flag variant"
  std::vector<Row> flag_changes;  // kills, rollbacks, enables: name = flag, unit = the latest change
};
Report build_report(const Window& window);

enum class ReportKind { stats, errors, performance };
void print_report(std::ostream& out, const Report& report, ReportKind kind);
nlohmann::json report_json(const Report& report, ReportKind kind);

// Terminal charts: a bar of `width` cells for value/max, and a sparkline of the values.
std::string bar(double value, double max, int width = 20);
std::string sparkline(const std::vector<std::uint64_t>& values);

}  // namespace ax::telemetry
