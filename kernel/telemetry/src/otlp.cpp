#include "ax/telemetry/otlp.hpp"

#include <map>
#include <tuple>

namespace ax::telemetry {

namespace {

using json = nlohmann::json;

json string_attribute(const std::string& key, const std::string& value) {
  return {{"key", key}, {"value", {{"stringValue", value}}}};
}
json int_attribute(const std::string& key, std::int64_t value) {
  return {{"key", key}, {"value", {{"intValue", std::to_string(value)}}}};
}
json double_attribute(const std::string& key, double value) {
  return {{"key", key}, {"value", {{"doubleValue", value}}}};
}

json resource_json(const Resource& r) {
  return {{"attributes",
           {string_attribute("service.name", "ax"), string_attribute("service.version", r.version),
            string_attribute("service.instance.id", r.install_id)}}};
}
json scope_json(const Resource& r) { return {{"name", "ax.telemetry"}, {"version", r.version}}; }

// What the `detail` field means, by kind: the attribute it becomes.
const char* detail_key(EventKind kind) {
  switch (kind) {
    case EventKind::command:
      return "ax.repository.id";
    case EventKind::error:
      return "ax.error.message";
    case EventKind::metric:
      return "ax.unit";
    case EventKind::flag:
      return "ax.flag.variant";
    case EventKind::flag_change:
      return "ax.flag.change";
    default:
      return "ax.detail";
  }
}

const char* count_key(EventKind kind) {
  switch (kind) {
    case EventKind::command:
    case EventKind::error:
      return "ax.exit_code";
    case EventKind::query:
      return "ax.results";
    case EventKind::parser:
      return "ax.files";
    default:
      return "ax.count";
  }
}

std::string nanos(std::int64_t t) { return std::to_string(t); }

}  // namespace

json otlp_logs(const Resource& resource, const std::vector<Event>& events) {
  json records = json::array();
  for (const auto& e : events) {
    bool error = e.kind == EventKind::error;
    json attributes =
        json::array({string_attribute("ax.event", to_string(e.kind)), string_attribute("ax.name", e.name)});
    if (!e.command.empty()) attributes.push_back(string_attribute("ax.command", e.command));
    if (!e.run.empty()) attributes.push_back(string_attribute("ax.run", e.run));
    if (!e.detail.empty()) attributes.push_back(string_attribute(detail_key(e.kind), e.detail));
    // A flag exposure's unit hash stays local: only `ax flags stats` needs it.
    const bool flag_event = e.kind == EventKind::flag || e.kind == EventKind::flag_change;
    if (e.kind != EventKind::metric && !flag_event) attributes.push_back(int_attribute(count_key(e.kind), e.count));
    if (e.kind == EventKind::metric)
      attributes.push_back(double_attribute("ax.value", e.value));
    else if (!flag_event)
      attributes.push_back(double_attribute("ax.duration_ms", e.value * 1000));
    records.push_back({{"timeUnixNano", nanos(e.time_ns)},
                       {"observedTimeUnixNano", nanos(e.time_ns)},
                       {"severityNumber", error ? 17 : 9},
                       {"severityText", error ? "ERROR" : "INFO"},
                       {"body", {{"stringValue", std::string("ax.") + to_string(e.kind)}}},
                       {"attributes", attributes}});
  }
  return {{"resourceLogs",
           {{{"resource", resource_json(resource)},
             {"scopeLogs", {{{"scope", scope_json(resource)}, {"logRecords", records}}}}}}}};
}

std::vector<Aggregate> aggregate_events(const std::vector<Event>& events) {
  std::map<std::tuple<std::int64_t, int, std::string, std::string>, Aggregate> by_key;
  for (const auto& e : events) {
    auto [it, inserted] =
        by_key.try_emplace({day_of(e.time_ns), static_cast<int>(e.kind), aggregate_name(e), e.command});
    if (inserted) {
      it->second.day = day_of(e.time_ns);
      it->second.kind = e.kind;
      it->second.name = aggregate_name(e);
      it->second.command = e.command;
    }
    it->second.add(e);
  }
  std::vector<Aggregate> out;
  for (auto& [key, a] : by_key) out.push_back(std::move(a));
  return out;
}

json otlp_metrics(const Resource& resource, const std::vector<Aggregate>& aggregates) {
  // One metric per name, its data points per day and attribute set.
  std::map<std::string, json> metrics;
  for (const auto& a : aggregates) {
    std::string start = nanos(a.day * kNanosPerDay), end = nanos((a.day + 1) * kNanosPerDay);
    // Flag exposures are aggregated as "flag variant": two attributes.
    const auto space = a.kind == EventKind::flag ? a.name.find(' ') : std::string::npos;
    json attributes = json::array({string_attribute("ax.name", a.name.substr(0, space))});
    if (space != std::string::npos) attributes.push_back(string_attribute("ax.flag.variant", a.name.substr(space + 1)));
    if (!a.command.empty()) attributes.push_back(string_attribute("ax.command", a.command));
    auto histogram = [&](const std::string& name) {
      json& m = metrics[name];
      if (m.is_null())
        m = {{"name", name},
             {"unit", "ms"},
             {"histogram", {{"aggregationTemporality", 1}, {"dataPoints", json::array()}}}};
      json bucket_counts = json::array();
      for (auto b : a.buckets) bucket_counts.push_back(std::to_string(b));
      m["histogram"]["dataPoints"].push_back({{"startTimeUnixNano", start},
                                              {"timeUnixNano", end},
                                              {"count", std::to_string(a.count)},
                                              {"sum", a.sum_value * 1000},
                                              {"bucketCounts", bucket_counts},
                                              {"explicitBounds", kBoundsMs},
                                              {"attributes", attributes}});
    };
    auto sum = [&](const std::string& name, const std::string& unit, std::int64_t value) {
      json& m = metrics[name];
      if (m.is_null())
        m = {{"name", name},
             {"unit", unit},
             {"sum", {{"aggregationTemporality", 1}, {"isMonotonic", true}, {"dataPoints", json::array()}}}};
      m["sum"]["dataPoints"].push_back({{"startTimeUnixNano", start},
                                        {"timeUnixNano", end},
                                        {"asInt", std::to_string(value)},
                                        {"attributes", attributes}});
    };
    switch (a.kind) {
      case EventKind::command:
        histogram("ax.command.duration");
        sum("ax.command.failures", "1", static_cast<std::int64_t>(a.failures));
        break;
      case EventKind::query:
        histogram("ax.query.duration");
        sum("ax.query.results", "1", a.sum_count);
        break;
      case EventKind::parser:
        histogram("ax.parser.duration");
        sum("ax.parser.files", "1", a.sum_count);
        break;
      case EventKind::error:
        sum("ax.errors", "1", static_cast<std::int64_t>(a.count));
        break;
      case EventKind::flag:
        sum("ax.flag.exposures", "1", static_cast<std::int64_t>(a.count));
        break;
      case EventKind::flag_change:
        sum("ax.flag.changes", "1", static_cast<std::int64_t>(a.count));
        break;
      case EventKind::metric: {
        std::string name = "ax." + a.name;
        json& m = metrics[name];
        if (m.is_null()) m = {{"name", name}, {"unit", a.sample}, {"gauge", {{"dataPoints", json::array()}}}};
        m["gauge"]["dataPoints"].push_back({{"startTimeUnixNano", start},
                                            {"timeUnixNano", end},
                                            {"asDouble", a.count ? a.sum_value / static_cast<double>(a.count) : 0.0},
                                            {"attributes", attributes}});
        break;
      }
    }
  }
  json list = json::array();
  for (auto& [name, m] : metrics) list.push_back(std::move(m));
  return {{"resourceMetrics",
           {{{"resource", resource_json(resource)},
             {"scopeMetrics", {{{"scope", scope_json(resource)}, {"metrics", list}}}}}}}};
}

json event_json(const Event& e) {
  json out = {{"time_unix_nano", e.time_ns}, {"kind", to_string(e.kind)}, {"name", e.name},  {"command", e.command},
              {"detail", e.detail},          {"count", e.count},          {"value", e.value}};
  if (!e.run.empty()) out["run"] = e.run;
  if (!e.unit.empty()) out["unit"] = e.unit;
  return out;
}

json aggregate_json(const Aggregate& a) {
  return {{"day", day_string(a.day)},
          {"kind", to_string(a.kind)},
          {"name", a.name},
          {"command", a.command},
          {"count", a.count},
          {"failures", a.failures},
          {"sum_count", a.sum_count},
          {"sum_value", a.sum_value},
          {"max_value", a.max_value},
          {"p50_ms", a.quantile_ms(0.5)},
          {"p95_ms", a.quantile_ms(0.95)},
          {"bucket_counts", a.buckets},
          {"explicit_bounds_ms", kBoundsMs},
          {"sample", a.sample}};
}

}  // namespace ax::telemetry
