#include "ax/flags/experiment.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/store.hpp>

namespace ax::flags {
namespace fs = std::filesystem;

namespace {
// What one run recorded, as far as experiments care.
struct RunEvents {
  std::optional<std::string> variant;
  std::string unit;
  std::int64_t exposed_ns = 0;
  std::optional<std::int64_t> exit_code;
  std::optional<telemetry::Event> query;
};

bool counts_as_error(std::int64_t exit_code) { return exit_code != 0 && exit_code != 2 && exit_code != 130; }
}  // namespace

std::vector<ExposedRun> exposed_runs(telemetry::Store& store, std::string_view flag, std::int64_t from_ns,
                                     std::int64_t to_ns) {
  std::map<std::string, RunEvents> by_run;
  store.for_each_event(from_ns, to_ns, [&](const telemetry::Event& e) {
    if (e.run.empty()) return true;
    RunEvents& run = by_run[e.run];
    switch (e.kind) {
      case telemetry::EventKind::flag:
        if (e.name == flag && !run.variant) {
          run.variant = e.detail;
          run.unit = e.unit;
          run.exposed_ns = e.time_ns;
        }
        break;
      case telemetry::EventKind::command:
        run.exit_code = e.count;
        break;
      case telemetry::EventKind::query:
        if (!run.query) run.query = e;
        break;
      default:
        break;
    }
    return true;
  });
  std::vector<ExposedRun> out;
  for (auto& [_, run] : by_run) {
    if (!run.variant || !run.exit_code) continue;
    ExposedRun r;
    r.variant = *run.variant;
    r.unit = run.unit;
    r.time_ns = run.exposed_ns;
    r.error = counts_as_error(*run.exit_code);
    if (run.query) {
      r.answered_query = true;
      r.latency_ms = run.query->value * 1000;
      r.results = run.query->count;
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const ExposedRun& a, const ExposedRun& b) { return a.time_ns < b.time_ns; });
  return out;
}

std::vector<ExposedRun> exposed_runs_recorded(std::string_view flag, std::int64_t from_ns, std::int64_t to_ns) {
  const fs::path dir = telemetry::state_directory() / "store";
  std::error_code ec;
  if (!fs::exists(dir / "data.mdb", ec)) return {};
  std::string warning;
  auto store = telemetry::Store::open(dir, warning);
  return exposed_runs(*store, flag, from_ns, to_ns);
}

const std::vector<Metric>& experiment_metrics() {
  static const std::vector<Metric> metrics{
      {"error", MetricKind::rate, "runs that failed (exit code other than 0, 2 and 130)"},
      {"zero-result", MetricKind::rate, "queries that found nothing"},
      {"latency-ms", MetricKind::mean, "query duration in milliseconds"},
      {"results", MetricKind::mean, "results per query"},
  };
  return metrics;
}

const Metric* find_metric(std::string_view name) {
  for (const auto& metric : experiment_metrics())
    if (metric.name == name) return &metric;
  return nullptr;
}

std::string control_variant(const Flag& flag) {
  for (const auto& variant : flag.variants)
    if (variant.name == "control") return "control";
  return "off";
}

namespace {

// Variants in a stable order: the control, then the configured ones, then any others seen.
std::vector<std::string> variant_order(const Flag& flag, const std::string& control,
                                       const std::vector<ExposedRun>& runs) {
  std::vector<std::string> order{control};
  auto add = [&](const std::string& name) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
  };
  add("off");
  if (flag.variants.empty()) add("on");
  for (const auto& variant : flag.variants) add(variant.name);
  std::vector<std::string> seen;
  for (const auto& run : runs) seen.push_back(run.variant);
  std::sort(seen.begin(), seen.end());
  for (const auto& name : seen) add(name);
  return order;
}

// Expected shares of the split: (100 - rollout)% off, the rest on or shared by the variants' weights.
std::map<std::string, double> expected_shares(const Flag& flag) {
  std::map<std::string, double> shares;
  const double on = flag.rollout / 100.0;
  shares["off"] = 1 - on;
  if (flag.variants.empty())
    shares["on"] = on;
  else
    for (const auto& variant : flag.variants) shares[variant.name] = on * variant.weight / 100.0;
  return shares;
}

SampleRatio check_sample_ratio(const Flag& flag, const std::vector<std::string>& order,
                               const std::map<std::string, std::uint64_t>& counts) {
  SampleRatio srm;
  const auto shares = expected_shares(flag);
  std::uint64_t outside = 0;
  for (const auto& variant : order) {
    auto count = counts.find(variant);
    const std::uint64_t observed = count == counts.end() ? 0 : count->second;
    auto share = shares.find(variant);
    if (share == shares.end() || share->second <= 0) {
      outside += observed;
      continue;
    }
    srm.variants.push_back(variant);
    srm.observed.push_back(observed);
    srm.expected_share.push_back(share->second);
  }
  std::uint64_t observed_total = outside;
  for (auto n : srm.observed) observed_total += n;
  if (observed_total == 0) {
    srm.note = "no runs recorded";
  } else if (outside > 0) {
    srm.note = std::to_string(outside) + " units in variants the split does not assign (targeting or overrides)";
  } else if (srm.variants.size() < 2) {
    srm.note = "the split has one variant only";
  } else {
    srm.checked = true;
    srm.fit = stats::chi_square_goodness_of_fit(srm.observed, srm.expected_share);
    srm.mismatch = srm.fit.p_value < kSrmAlpha;
  }
  return srm;
}

}  // namespace

ExperimentReport analyse_experiment(const Flag& flag, const std::vector<ExposedRun>& runs, std::uint64_t min_sample,
                                    const std::vector<const Metric*>& metrics) {
  ExperimentReport report;
  report.flag = flag.name;
  report.control = control_variant(flag);
  report.runs = runs.size();
  report.min_sample = min_sample;
  const auto order = variant_order(flag, report.control, runs);
  // The split assigns units, so the sample-ratio check counts distinct units per variant.
  std::map<std::string, std::set<std::string>> units;
  std::map<std::string, std::uint64_t> counts;
  std::set<std::string> all_units;
  std::uint64_t without_unit = 0;
  for (const auto& run : runs) {
    if (run.unit.empty()) {
      ++counts[run.variant];
      ++without_unit;
    } else if (units[run.variant].insert(run.unit).second) {
      ++counts[run.variant];
      all_units.insert(run.unit);
    }
  }
  report.units = all_units.size() + without_unit;
  report.sample_ratio = check_sample_ratio(flag, order, counts);
  report.sample_ratio.runs_without_unit = without_unit;

  std::vector<const Metric*> chosen = metrics;
  if (chosen.empty())
    for (const auto& metric : experiment_metrics()) chosen.push_back(&metric);
  for (const Metric* metric : chosen) {
    MetricResult result{*metric, {}};
    for (const auto& variant : order) {
      VariantResult v;
      v.variant = variant;
      std::vector<double> values;
      for (const auto& run : runs) {
        if (run.variant != variant) continue;
        if (metric->name == "error") {
          ++v.rate.n;
          v.rate.hits += run.error ? 1 : 0;
        } else if (!run.answered_query) {
          continue;
        } else if (metric->name == "zero-result") {
          ++v.rate.n;
          v.rate.hits += run.results == 0 ? 1 : 0;
        } else {
          values.push_back(metric->name == "results" ? static_cast<double>(run.results) : run.latency_ms);
        }
      }
      v.moments = stats::Moments::of(values);
      v.n = metric->kind == MetricKind::rate ? v.rate.n : v.moments.n;
      // Variants never seen are left out, the control excepted (it anchors the comparison).
      if (v.n == 0 && variant != report.control) continue;
      result.variants.push_back(std::move(v));
    }
    const VariantResult& control = result.variants.front();
    for (auto& v : result.variants) {
      v.sufficient = v.n >= min_sample && control.n >= min_sample;
      if (&v == &control) continue;
      v.vs_control = metric->kind == MetricKind::rate ? stats::two_proportion_z_test(control.rate, v.rate)
                                                      : stats::welch_t_test(control.moments, v.moments);
    }
    report.metrics.push_back(std::move(result));
  }
  return report;
}

namespace {
std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100);
  return text;
}
}  // namespace

RollbackVerdict judge_rollback(const stats::Proportion& treatment, const stats::Proportion& control,
                               const RollbackSettings& settings) {
  RollbackVerdict verdict;
  verdict.treatment = treatment;
  verdict.control = control;
  verdict.bound = stats::wilson_interval(treatment);
  if (treatment.n < settings.min_sample) return verdict;
  const std::string observed = "error rate " + percent(treatment.rate()) + " (" + std::to_string(treatment.hits) +
                               " of " + std::to_string(treatment.n) + " runs; 95% lower bound " +
                               percent(verdict.bound.low) + ")";
  if (verdict.bound.low > settings.threshold) {
    verdict.trip = true;
    verdict.reason = observed + " above the " + percent(settings.threshold) + " threshold";
  } else if (control.n >= settings.min_sample && verdict.bound.low > control.rate() + settings.margin) {
    verdict.trip = true;
    verdict.reason = observed + " above the control's " + percent(control.rate()) + " plus a " +
                     percent(settings.margin) + " margin";
  }
  return verdict;
}

RollbackVerdict judge_rollback(const Flag& flag, const std::vector<ExposedRun>& runs,
                               const RollbackSettings& settings) {
  const std::string control = control_variant(flag);
  stats::Proportion treatment, baseline;
  for (const auto& run : runs) {
    // With a control variant, units outside the rollout ("off") are in neither group.
    if (run.variant != control && run.variant == "off") continue;
    stats::Proportion& group = run.variant == control ? baseline : treatment;
    ++group.n;
    group.hits += run.error ? 1 : 0;
  }
  return judge_rollback(treatment, baseline, settings);
}

std::optional<RollbackTrip> check_rollback(const FlagSet& set, const Flag& flag, const RollbackSettings& settings,
                                           TimePoint now) {
  if (!flag.problem.empty() || !set.problems.empty() || !flag.enabled || flag.kill_reason || flag.rollback_reason)
    return std::nullopt;
  TimePoint from = now - settings.window;
  // Runs recorded in the second of the re-enable belong to before it.
  if (flag.guarded_since && *flag.guarded_since + std::chrono::seconds(1) > from)
    from = *flag.guarded_since + std::chrono::seconds(1);
  const auto to_ns = [](TimePoint t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  };
  // The end is open: a run recorded within this second still counts.
  const auto runs = exposed_runs_recorded(flag.name, to_ns(from), to_ns(now + std::chrono::seconds(1)));
  RollbackTrip trip;
  trip.verdict = judge_rollback(flag, runs, settings);
  if (!trip.verdict.trip) return std::nullopt;
  change_flag(flag.source, flag.name,
              {{"rollout", "0"}, {"rolled-back", trip.verdict.reason}, {"rolled-back-at", format_timestamp(now)}});
  trip.alert = "flag " + flag.name + " rolled back to 0% (" + trip.verdict.reason + "); written to " + flag.source +
               "; 'ax flags enable " + flag.name + "' turns it on again";
  const stats::Proportion& control = trip.verdict.control;
  trip.figures = trip.verdict.reason + "; control " + control_variant(flag) + " " + std::to_string(control.hits) +
                 " of " + std::to_string(control.n) + " runs; threshold " + percent(settings.threshold) + ", margin " +
                 percent(settings.margin) + ", minimum " + std::to_string(settings.min_sample) + " runs, window " +
                 std::to_string(settings.window.count()) + " h from " + format_timestamp(from);
  return trip;
}

}  // namespace ax::flags
