// Flag experiments and the automatic rollback, fed by telemetry: every run that recorded an exposure
// to a flag is joined (by its run id) with its outcome, then summarised per variant.
//
// Outcomes of a run: error (the command ended with an exit code other than 0, 2 for a usage error,
// or 130 for an interruption), and for runs that answered a query (find, def): latency-ms (the
// query's duration), results (how many it gave) and zero-result (none).
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ax/flags/flags.hpp"
#include "ax/flags/stats.hpp"

namespace ax::telemetry {
class Store;
}

namespace ax::flags {

struct ExposedRun {
  std::string variant;
  std::int64_t time_ns = 0;
  bool error = false;
  bool answered_query = false;
  double latency_ms = 0;
  std::int64_t results = 0;
  std::string unit = {};  // the keyed hash of the unit its exposure was decided for; empty before units were recorded
};

// Every run in [from_ns, to_ns) that recorded an exposure to `flag` (its first exposure counts),
// oldest first. Events stored before run ids existed cannot be joined and are skipped.
std::vector<ExposedRun> exposed_runs(telemetry::Store& store, std::string_view flag, std::int64_t from_ns,
                                     std::int64_t to_ns);
// The same from this user's telemetry store; empty when there is none (it is never created here).
std::vector<ExposedRun> exposed_runs_recorded(std::string_view flag, std::int64_t from_ns, std::int64_t to_ns);

enum class MetricKind { rate, mean };
struct Metric {
  std::string name;
  MetricKind kind;
  std::string about;
};
// error, zero-result (rates), latency-ms, results (means).
const std::vector<Metric>& experiment_metrics();
const Metric* find_metric(std::string_view name);

// The variant the others are compared with: "control" when the flag has one, else "off".
std::string control_variant(const Flag& flag);

struct VariantResult {
  std::string variant;
  std::uint64_t n = 0;           // observations of the metric
  stats::Proportion rate;        // rate metrics
  stats::Moments moments;        // mean metrics
  stats::Comparison vs_control;  // empty for the control itself
  bool sufficient = false;       // n >= the minimum sample (and so does the control)
};

struct MetricResult {
  Metric metric;
  std::vector<VariantResult> variants;  // the control first
};

// The sample-ratio-mismatch check counts distinct units, not runs: a unit that ran ten times was
// still assigned once. A unit seen in several variants (the rollout changed, an override) counts in
// each; runs recorded before exposures named their unit count as one unit each.
struct SampleRatio {
  bool checked = false;
  std::string note;  // why it was not checked
  std::uint64_t runs_without_unit = 0;
  std::vector<std::string> variants;
  std::vector<std::uint64_t> observed;  // distinct units per variant
  std::vector<double> expected_share;   // 0..1
  stats::GoodnessOfFit fit;
  bool mismatch = false;  // p < kSrmAlpha
};
inline constexpr double kSrmAlpha = 0.001;

struct ExperimentReport {
  std::string flag;
  std::string control;
  std::uint64_t runs = 0;
  std::uint64_t units = 0;  // distinct units among the runs (runs without a unit count one each)
  std::uint64_t min_sample = 0;
  SampleRatio sample_ratio;
  std::vector<MetricResult> metrics;
};

// Summarises `runs` per variant for `metrics` (all when empty), comparing each variant with the
// control, and checks the split against the flag's configured rollout and weights.
ExperimentReport analyse_experiment(const Flag& flag, const std::vector<ExposedRun>& runs, std::uint64_t min_sample,
                                    const std::vector<const Metric*>& metrics = {});

// ---- automatic rollback ----

struct RollbackSettings {
  double threshold = 0.05;  // error rate
  double margin = 0.02;     // above the control's error rate
  std::uint64_t min_sample = 30;
  std::chrono::hours window{24};
};

struct RollbackVerdict {
  bool trip = false;
  stats::Proportion treatment;  // runs where the flag was on (a variant other than the control)
  stats::Proportion control;
  stats::Interval bound;  // Wilson 95% interval of the treatment's error rate
  std::string reason;     // why it tripped, in words
};

// Trips when the treatment has at least min_sample runs and the Wilson lower bound of its error rate
// is above the threshold, or above the control's rate plus the margin (when the control has at least
// min_sample runs too).
RollbackVerdict judge_rollback(const stats::Proportion& treatment, const stats::Proportion& control,
                               const RollbackSettings& settings);
// Counts errors among the runs the way judge_rollback expects them.
RollbackVerdict judge_rollback(const Flag& flag, const std::vector<ExposedRun>& runs, const RollbackSettings& settings);

struct RollbackTrip {
  RollbackVerdict verdict;
  std::string alert;    // the alert line, without "ax: "
  std::string figures;  // the verdict with the settings it was judged by, for the telemetry event
};

// Checks a flag against this user's telemetry over the window (from its guarded-since time at the
// earliest) and, when it trips, rolls it back: rollout 0 and rolled-back written atomically into the
// file the flag came from. Returns what tripped, or nullopt when nothing did.
// A flag that is already off (not enabled, killed, rolled back) or broken is not checked.
// Throws FlagFileError when the file cannot be written.
std::optional<RollbackTrip> check_rollback(const FlagSet& set, const Flag& flag, const RollbackSettings& settings,
                                           TimePoint now);

}  // namespace ax::flags
