#include "ax/telemetry/report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <tuple>

#include <ax/sdk/text.hpp>

namespace ax::telemetry {

Window collect(Store& store, std::int64_t from_day, std::int64_t now) {
  Window window;
  window.from_day = from_day;
  window.to_day = day_of(now);
  std::int64_t raw_from = std::max(from_day, store.first_raw_day(now));
  window.aggregates = store.aggregates(from_day, raw_from - 1);
  std::map<std::tuple<std::int64_t, int, std::string, std::string>, Aggregate> raw;
  store.for_each_event(raw_from * kNanosPerDay, (window.to_day + 1) * kNanosPerDay, [&](const Event& e) {
    auto key = std::make_tuple(day_of(e.time_ns), static_cast<int>(e.kind), aggregate_name(e), e.command);
    auto [it, inserted] = raw.try_emplace(key);
    if (inserted) {
      it->second.day = day_of(e.time_ns);
      it->second.kind = e.kind;
      it->second.name = std::get<2>(key);
      it->second.command = e.command;
    }
    it->second.add(e);
    return true;
  });
  for (auto& [key, aggregate] : raw) window.aggregates.push_back(std::move(aggregate));
  return window;
}

namespace {

Row row_of(const std::string& name, const Aggregate& a) {
  Row row;
  row.name = name;
  row.count = a.count;
  row.failures = a.failures;
  row.average_ms = a.count ? a.sum_value * 1000 / static_cast<double>(a.count) : 0;
  row.p50_ms = a.quantile_ms(0.5);
  row.p95_ms = a.quantile_ms(0.95);
  row.max_ms = a.max_value * 1000;
  row.average_count = a.count ? static_cast<double>(a.sum_count) / static_cast<double>(a.count) : 0;
  row.sum = a.sum_value;
  row.unit = a.sample;
  return row;
}

std::vector<Row> rows(const std::map<std::string, Aggregate>& by_name) {
  std::vector<Row> out;
  for (const auto& [name, a] : by_name) out.push_back(row_of(name, a));
  std::stable_sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.count > b.count; });
  return out;
}

}  // namespace

Report build_report(const Window& w) {
  Report r;
  r.from_day = w.from_day;
  r.to_day = w.to_day;
  auto days = static_cast<std::size_t>(std::max<std::int64_t>(1, w.to_day - w.from_day + 1));
  r.commands_per_day.assign(days, 0);
  r.errors_per_day.assign(days, 0);
  std::map<std::string, Aggregate> commands, queries, languages, errors, metrics, flags, flag_changes;
  Aggregate all_queries;
  for (const auto& a : w.aggregates) {
    auto day_index = static_cast<std::size_t>(std::clamp<std::int64_t>(a.day - w.from_day, 0, days - 1));
    switch (a.kind) {
      case EventKind::command:
        r.commands += a.count;
        r.failures += a.failures;
        r.commands_per_day[day_index] += a.count;
        commands[a.name].merge(a);
        break;
      case EventKind::query:
        r.queries += a.count;
        queries[a.name].merge(a);
        all_queries.merge(a);
        break;
      case EventKind::error:
        r.errors += a.count;
        r.errors_per_day[day_index] += a.count;
        errors[a.name + " " + (a.command.empty() ? "-" : a.command)].merge(a);
        break;
      case EventKind::metric:
        metrics[a.name].merge(a);
        break;
      case EventKind::parser:
        languages[a.name].merge(a);
        break;
      case EventKind::flag:
        // Days rolled up before exposures were aggregated per variant name the flag alone.
        flags[a.name.find(' ') == std::string::npos ? a.name + " " + a.sample : a.name].merge(a);
        break;
      case EventKind::flag_change:
        flag_changes[a.name].merge(a);
        break;
    }
  }
  r.by_command = rows(commands);
  r.by_query = rows(queries);
  r.all_queries = row_of("all", all_queries);
  r.by_language = rows(languages);
  std::stable_sort(r.by_language.begin(), r.by_language.end(),
                   [](const Row& a, const Row& b) { return a.average_count * a.count > b.average_count * b.count; });
  r.by_error = rows(errors);
  r.by_metric = rows(metrics);
  std::sort(r.by_metric.begin(), r.by_metric.end(), [](const Row& a, const Row& b) { return a.name < b.name; });
  r.flags = rows(flags);
  r.flag_changes = rows(flag_changes);
  return r;
}

std::string bar(double value, double max, int width) {
  static const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  if (max <= 0 || value <= 0) return "";
  int eighths = static_cast<int>(value / max * width * 8 + 0.5);
  eighths = std::clamp(eighths, 1, width * 8);
  std::string out;
  for (int i = 0; i < eighths / 8; ++i) out += "█";
  out += kEighths[eighths % 8];
  return out;
}

std::string sparkline(const std::vector<std::uint64_t>& values) {
  static const char* kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  std::uint64_t max = 0;
  for (auto v : values) max = std::max(max, v);
  std::string out;
  for (auto v : values) {
    if (v == 0 || max == 0) {
      out += " ";
      continue;
    }
    auto level = static_cast<std::size_t>((static_cast<double>(v) / static_cast<double>(max)) * 7 + 0.5);
    out += kLevels[std::min<std::size_t>(level, 7)];
  }
  return out;
}

namespace {

std::string fixed(double v, int precision = 1) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", precision, v);
  return buffer;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole ? fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole)) + "%" : "0.0%";
}

void table(std::ostream& out, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& body) {
  std::vector<std::vector<std::string>> rows{header};
  rows.insert(rows.end(), body.begin(), body.end());
  sdk::print_table(out, rows, "  ");
}

std::string period(const Report& r) { return day_string(r.from_day) + " .. " + day_string(r.to_day); }

void print_stats(std::ostream& out, const Report& r) {
  out << "Usage " << period(r) << "\n";
  out << "  commands   " << r.commands << "   errors " << r.failures << " (" << percent(r.failures, r.commands)
      << ")\n";
  out << "  per day    |" << sparkline(r.commands_per_day) << "|\n";
  if (r.commands == 0) {
    out << "\nNo commands recorded yet.\n";
    return;
  }
  out << "\nMost used commands\n";
  double top = r.by_command.empty() ? 0 : static_cast<double>(r.by_command.front().count);
  std::vector<std::vector<std::string>> body;
  for (const auto& c : r.by_command)
    body.push_back({c.name, std::to_string(c.count), percent(c.count, r.commands), fixed(c.p50_ms), fixed(c.p95_ms),
                    bar(static_cast<double>(c.count), top)});
  table(out, {"command", "runs", "share", "p50 ms", "p95 ms", ""}, body);
  if (r.queries) {
    out << "\nQueries: " << r.queries << ", average " << fixed(r.all_queries.average_ms) << " ms, p50 "
        << fixed(r.all_queries.p50_ms) << " ms, p95 " << fixed(r.all_queries.p95_ms) << " ms\n";
    body.clear();
    for (const auto& q : r.by_query)
      body.push_back({q.name, std::to_string(q.count), fixed(q.average_ms), fixed(q.p50_ms), fixed(q.p95_ms),
                      fixed(q.average_count)});
    table(out, {"kind", "queries", "avg ms", "p50 ms", "p95 ms", "avg results"}, body);
  }
  if (!r.by_language.empty()) {
    out << "\nLanguages (files parsed)\n";
    double total = 0, most = 0;
    for (const auto& l : r.by_language) {
      total += l.average_count * static_cast<double>(l.count);
      most = std::max(most, l.average_count * static_cast<double>(l.count));
    }
    body.clear();
    for (const auto& l : r.by_language) {
      double files = l.average_count * static_cast<double>(l.count);
      body.push_back({l.name, fixed(files, 0), fixed(total > 0 ? 100 * files / total : 0) + "%", bar(files, most)});
    }
    table(out, {"language", "files", "share", ""}, body);
  }
  if (!r.flags.empty()) {
    out << "\nFeature flags seen\n";
    body.clear();
    for (const auto& f : r.flags) body.push_back({f.name, std::to_string(f.count)});
    table(out, {"flag variant", "runs"}, body);
  }
  if (!r.flag_changes.empty()) {
    out << "\nFeature flag changes\n";
    body.clear();
    for (const auto& f : r.flag_changes) body.push_back({f.name, std::to_string(f.count), f.unit});
    table(out, {"flag", "changes", "latest"}, body);
  }
}

void print_errors(std::ostream& out, const Report& r) {
  out << "Errors " << period(r) << "\n";
  out << "  commands   " << r.commands << "   failed " << r.failures << "   error rate "
      << percent(r.failures, r.commands) << "\n";
  out << "  per day    |" << sparkline(r.errors_per_day) << "|\n";
  if (r.by_error.empty()) {
    out << "\nNo errors recorded.\n";
    return;
  }
  out << "\nBy category and command\n";
  double top = static_cast<double>(r.by_error.front().count);
  std::vector<std::vector<std::string>> body;
  for (const auto& e : r.by_error) {
    auto space = e.name.find(' ');
    body.push_back({e.name.substr(0, space), e.name.substr(space + 1), std::to_string(e.count),
                    bar(static_cast<double>(e.count), top, 10), e.unit});
  }
  table(out, {"category", "command", "count", "", "latest message (scrubbed)"}, body);
}

void print_performance(std::ostream& out, const Report& r) {
  out << "Performance " << period(r) << "\n";
  if (r.by_command.empty() && r.by_metric.empty()) {
    out << "\nNo commands recorded yet.\n";
    return;
  }
  out << "\nLatency per command (ms)\n";
  double slowest = 0;
  for (const auto& c : r.by_command) slowest = std::max(slowest, c.p95_ms);
  std::vector<std::vector<std::string>> body;
  for (const auto& c : r.by_command)
    body.push_back({c.name, std::to_string(c.count), fixed(c.average_ms), fixed(c.p50_ms), fixed(c.p95_ms),
                    fixed(c.max_ms), bar(c.p95_ms, slowest)});
  table(out, {"command", "runs", "avg", "p50", "p95", "max", "p95"}, body);
  if (!r.by_metric.empty()) {
    out << "\nMeasurements\n";
    body.clear();
    for (const auto& m : r.by_metric) {
      double average = m.count ? m.sum / static_cast<double>(m.count) : 0;
      double max = m.max_ms / 1000;
      // Large figures (bytes, files) read better whole; seconds and rates keep their fractions.
      body.push_back({m.name, std::to_string(m.count), fixed(average, average >= 1000 ? 0 : 3),
                      fixed(max, max >= 1000 ? 0 : 3), m.unit});
    }
    table(out, {"metric", "samples", "average", "max", "unit"}, body);
  }
  if (!r.by_language.empty()) {
    out << "\nParsers\n";
    body.clear();
    for (const auto& l : r.by_language) {
      double files = l.average_count * static_cast<double>(l.count);
      body.push_back({l.name, fixed(files, 0), fixed(l.sum, 3), fixed(files > 0 ? l.sum * 1000 / files : 0, 3)});
    }
    table(out, {"language", "files", "parse s", "ms/file"}, body);
  }
}

nlohmann::json row_json(const Row& row) {
  return {{"name", row.name},     {"count", row.count},   {"failures", row.failures}, {"avg_ms", row.average_ms},
          {"p50_ms", row.p50_ms}, {"p95_ms", row.p95_ms}, {"max_ms", row.max_ms},     {"avg_count", row.average_count},
          {"sum", row.sum}};
}

nlohmann::json rows_json(const std::vector<Row>& rows) {
  auto array = nlohmann::json::array();
  for (const auto& row : rows) array.push_back(row_json(row));
  return array;
}

}  // namespace

void print_report(std::ostream& out, const Report& report, ReportKind kind) {
  switch (kind) {
    case ReportKind::stats:
      return print_stats(out, report);
    case ReportKind::errors:
      return print_errors(out, report);
    case ReportKind::performance:
      return print_performance(out, report);
  }
}

nlohmann::json report_json(const Report& r, ReportKind kind) {
  nlohmann::json j{
      {"from", day_string(r.from_day)},
      {"to", day_string(r.to_day)},
      {"commands", r.commands},
      {"failed_commands", r.failures},
      {"error_rate", r.commands ? static_cast<double>(r.failures) / static_cast<double>(r.commands) : 0.0}};
  switch (kind) {
    case ReportKind::stats: {
      j["commands_per_day"] = r.commands_per_day;
      j["by_command"] = rows_json(r.by_command);
      j["queries"] = {{"count", r.queries},
                      {"avg_ms", r.all_queries.average_ms},
                      {"p50_ms", r.all_queries.p50_ms},
                      {"p95_ms", r.all_queries.p95_ms},
                      {"by_kind", rows_json(r.by_query)}};
      auto languages = nlohmann::json::array();
      for (const auto& l : r.by_language)
        languages.push_back({{"language", l.name},
                             {"files", static_cast<std::int64_t>(l.average_count * static_cast<double>(l.count) + 0.5)},
                             {"parse_seconds", l.sum}});
      j["languages"] = languages;
      j["flags"] = rows_json(r.flags);
      auto changes = nlohmann::json::array();
      for (const auto& f : r.flag_changes)
        changes.push_back({{"flag", f.name}, {"changes", f.count}, {"latest", f.unit}});
      j["flag_changes"] = changes;
      break;
    }
    case ReportKind::errors: {
      j["errors"] = r.errors;
      j["errors_per_day"] = r.errors_per_day;
      auto errors = nlohmann::json::array();
      for (const auto& e : r.by_error) {
        auto space = e.name.find(' ');
        errors.push_back({{"category", e.name.substr(0, space)},
                          {"command", e.name.substr(space + 1)},
                          {"count", e.count},
                          {"message", e.unit}});
      }
      j["by_category"] = errors;
      break;
    }
    case ReportKind::performance: {
      j["by_command"] = rows_json(r.by_command);
      auto metrics = nlohmann::json::array();
      for (const auto& m : r.by_metric)
        metrics.push_back({{"name", m.name},
                           {"samples", m.count},
                           {"average", m.count ? m.sum / static_cast<double>(m.count) : 0.0},
                           {"max", m.max_ms / 1000},
                           {"unit", m.unit}});
      j["metrics"] = metrics;
      auto parsers = nlohmann::json::array();
      for (const auto& l : r.by_language)
        parsers.push_back({{"language", l.name},
                           {"files", static_cast<std::int64_t>(l.average_count * static_cast<double>(l.count) + 0.5)},
                           {"parse_seconds", l.sum}});
      j["parsers"] = parsers;
      break;
    }
  }
  return j;
}

}  // namespace ax::telemetry
