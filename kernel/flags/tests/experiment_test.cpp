#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include <ax/flags/experiment.hpp>
#include <ax/telemetry/store.hpp>

namespace fs = std::filesystem;
using namespace ax::flags;
using Catch::Matchers::WithinAbs;

namespace {
Flag split_flag(int rollout, std::vector<Variant> variants = {}) {
  Flag flag;
  flag.name = "new-ranking";
  flag.enabled = true;
  flag.rollout = rollout;
  flag.variants = std::move(variants);
  return flag;
}

void add_runs(std::vector<ExposedRun>& runs, const std::string& variant, int count, int errors, double latency,
              std::int64_t results) {
  for (int i = 0; i < count; ++i)
    runs.push_back({variant, i, i < errors, true, latency + (i % 5), i % 4 == 0 ? 0 : results});
}
}  // namespace

TEST_CASE("the rollback trips on the Wilson lower bound, never on a small sample") {
  RollbackSettings settings;  // 5% threshold, 2 point margin, 30 runs
  // 12 errors in 40 runs: lower bound 18.07% (SciPy, see stats_test.cpp) > 5%.
  RollbackVerdict verdict = judge_rollback(stats::Proportion{40, 12}, stats::Proportion{}, settings);
  CHECK(verdict.trip);
  CHECK_THAT(verdict.bound.low, WithinAbs(0.180748452297, 1e-6));
  CHECK(verdict.reason == "error rate 30.0% (12 of 40 runs; 95% lower bound 18.1%) above the 5.0% threshold");
  // The same rate on 20 runs is below the minimum sample.
  CHECK_FALSE(judge_rollback(stats::Proportion{20, 6}, stats::Proportion{}, settings).trip);
  // 3 errors in 100 runs: a 3% rate whose lower bound (1.03%) is not above 5%.
  CHECK_FALSE(judge_rollback(stats::Proportion{100, 3}, stats::Proportion{}, settings).trip);
  // A high point estimate alone is not enough: 4 of 30 (13%) has a lower bound of 5.3%; 3 of 30 has 3.5%.
  CHECK(judge_rollback(stats::Proportion{30, 4}, {}, settings).trip);
  CHECK_FALSE(judge_rollback(stats::Proportion{30, 3}, {}, settings).trip);

  SECTION("or above the control's rate plus the margin") {
    settings.threshold = 0.5;
    const stats::Proportion treatment{200, 20};                                         // 10%, lower bound 6.6%
    CHECK(judge_rollback(treatment, stats::Proportion{200, 4}, settings).trip);         // control 2% + 2
    CHECK_FALSE(judge_rollback(treatment, stats::Proportion{200, 12}, settings).trip);  // control 6% + 2
    CHECK_FALSE(judge_rollback(treatment, stats::Proportion{20, 0}, settings).trip);    // control too small
    CHECK(judge_rollback(treatment, stats::Proportion{200, 4}, settings).reason.find("above the control's 2.0%") !=
          std::string::npos);
  }
}

TEST_CASE("the rollback counts the flag's on runs against its off runs") {
  std::vector<ExposedRun> runs;
  add_runs(runs, "off", 40, 0, 5, 3);
  add_runs(runs, "on", 40, 12, 5, 3);
  RollbackVerdict verdict = judge_rollback(split_flag(50), runs, RollbackSettings{});
  CHECK(verdict.trip);
  CHECK(verdict.treatment.n == 40);
  CHECK(verdict.control.n == 40);
  // With a control variant, runs outside the rollout belong to neither group.
  std::vector<ExposedRun> ab;
  add_runs(ab, "off", 40, 40, 5, 3);
  add_runs(ab, "control", 40, 0, 5, 3);
  add_runs(ab, "treatment", 40, 0, 5, 3);
  verdict = judge_rollback(split_flag(50, {{"control", 50}, {"treatment", 50}}), ab, RollbackSettings{});
  CHECK_FALSE(verdict.trip);
  CHECK(verdict.control.n == 40);
  CHECK(verdict.treatment.n == 40);
}

TEST_CASE("an experiment is summarised per variant against the control, with its sample ratio") {
  std::vector<ExposedRun> runs;
  add_runs(runs, "off", 50, 1, 10, 4);
  add_runs(runs, "on", 46, 2, 14, 4);
  const ExperimentReport report = analyse_experiment(split_flag(50), runs, 30);
  CHECK(report.control == "off");
  CHECK(report.runs == 96);
  REQUIRE(report.sample_ratio.checked);
  CHECK(report.sample_ratio.variants == std::vector<std::string>{"off", "on"});
  CHECK_THAT(report.sample_ratio.fit.chi_square, WithinAbs(16.0 / 96, 1e-9));  // (50-48)^2/48 * 2
  CHECK_FALSE(report.sample_ratio.mismatch);
  REQUIRE(report.metrics.size() == 4);
  const MetricResult& latency = report.metrics[2];
  CHECK(latency.metric.name == "latency-ms");
  REQUIRE(latency.variants.size() == 2);
  CHECK(latency.variants[0].variant == "off");
  CHECK_THAT(latency.variants[0].moments.mean, WithinAbs(12, 1e-9));
  CHECK_THAT(latency.variants[1].vs_control.difference, WithinAbs(14 + 90.0 / 46 - 12, 1e-9));
  CHECK(latency.variants[1].vs_control.p_value < 1e-6);
  CHECK(latency.variants[1].sufficient);
  const MetricResult& zero = report.metrics[1];
  CHECK(zero.variants[0].rate.n == 50);
  CHECK(zero.variants[0].rate.hits == 13);  // every fourth run found nothing

  SECTION("insufficient data below the minimum sample") {
    const ExperimentReport small = analyse_experiment(split_flag(50), runs, 60, {find_metric("error")});
    REQUIRE(small.metrics.size() == 1);
    CHECK_FALSE(small.metrics[0].variants[1].sufficient);
  }
  SECTION("a split far from the weights is a sample-ratio mismatch") {
    std::vector<ExposedRun> skewed;
    add_runs(skewed, "off", 300, 0, 10, 4);
    add_runs(skewed, "on", 200, 0, 10, 4);
    const ExperimentReport r = analyse_experiment(split_flag(50), skewed, 30);
    CHECK(r.sample_ratio.checked);
    CHECK(r.sample_ratio.mismatch);  // chi-square 20, p = 7.7e-6
  }
  SECTION("no runs, no check") {
    const ExperimentReport none = analyse_experiment(split_flag(50), {}, 30);
    CHECK_FALSE(none.sample_ratio.checked);
    CHECK(none.sample_ratio.note == "no runs recorded");
    CHECK(none.metrics[0].variants.size() == 1);  // the control alone
  }
  SECTION("runs the split cannot produce are not checked") {
    std::vector<ExposedRun> targeted = runs;
    add_runs(targeted, "on", 5, 0, 10, 4);
    const ExperimentReport r = analyse_experiment(split_flag(0), targeted, 30);
    CHECK_FALSE(r.sample_ratio.checked);
    CHECK(r.sample_ratio.note.find("51 units in variants the split does not assign") == 0);
  }
  SECTION("variants: the control variant anchors the comparison") {
    std::vector<ExposedRun> ab;
    add_runs(ab, "treatment", 40, 0, 10, 4);
    add_runs(ab, "control", 40, 0, 10, 4);
    const ExperimentReport r = analyse_experiment(split_flag(100, {{"control", 50}, {"treatment", 50}}), ab, 30);
    CHECK(r.control == "control");
    CHECK(r.metrics[0].variants[0].variant == "control");
    CHECK(r.sample_ratio.checked);
    CHECK(r.sample_ratio.variants == std::vector<std::string>{"control", "treatment"});
  }
}

TEST_CASE("the sample ratio counts distinct units, the metrics count runs") {
  // 40 units off and 40 on, but the on units run five times each: by runs it would be 40:200, a
  // mismatch; by units it is 40:40, none.
  std::vector<ExposedRun> runs;
  for (int unit = 0; unit < 80; ++unit)
    for (int again = 0; again < (unit < 40 ? 1 : 5); ++again)
      runs.push_back({unit < 40 ? "off" : "on", unit, false, true, 5, 3, "unit" + std::to_string(unit)});
  const ExperimentReport r = analyse_experiment(split_flag(50), runs, 30, {find_metric("error")});
  CHECK(r.runs == 240);
  CHECK(r.units == 80);
  REQUIRE(r.sample_ratio.checked);
  CHECK(r.sample_ratio.observed == std::vector<std::uint64_t>{40, 40});
  CHECK_THAT(r.sample_ratio.fit.p_value, WithinAbs(1, 1e-12));
  CHECK_FALSE(r.sample_ratio.mismatch);
  CHECK(r.sample_ratio.runs_without_unit == 0);
  CHECK(r.metrics[0].variants[1].n == 200);  // the per-run metric keeps every run

  SECTION("runs recorded before exposures named their unit count one unit each") {
    add_runs(runs, "off", 10, 0, 5, 3);
    const ExperimentReport old = analyse_experiment(split_flag(50), runs, 30, {find_metric("error")});
    CHECK(old.sample_ratio.observed == std::vector<std::uint64_t>{50, 40});
    CHECK(old.sample_ratio.runs_without_unit == 10);
    CHECK(old.units == 90);
  }
}

TEST_CASE("exposures are joined with their run's outcome by run id") {
  const fs::path dir = fs::temp_directory_path() / ("ax-experiment-test-" + std::to_string(std::random_device{}()));
  {
    std::string warning;
    auto store = ax::telemetry::Store::open(dir, warning);
    using ax::telemetry::EventKind;
    const std::int64_t t = ax::telemetry::now_ns();
    store->append({
        {t, EventKind::command, "find", {}, {}, 0, 0.02, "run1"},
        {t + 1, EventKind::flag, "new-ranking", "find", "on", 0, 0, "run1", "5f1c0a2b9d3e4f60"},
        {t + 2, EventKind::query, "find", "find", {}, 0, 0.015, "run1"},
        {t + 3, EventKind::command, "find", {}, {}, 70, 0.01, "run2"},
        {t + 4, EventKind::flag, "new-ranking", "find", "off", 0, 0, "run2"},
        {t + 5, EventKind::flag, "other-flag", "find", "on", 0, 0, "run3"},
        {t + 6, EventKind::command, "find", {}, {}, 0, 0.01, "run3"},
        {t + 7, EventKind::flag, "new-ranking", "find", "on", 0, 0, ""},  // before run ids: not joinable
        {t + 8, EventKind::command, "find", {}, {}, 2, 0.01, "run4"},
        {t + 9, EventKind::flag, "new-ranking", "find", "on", 0, 0, "run4"},
    });
    const auto runs = exposed_runs(*store, "new-ranking", t - 1, t + 100);
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].variant == "on");
    CHECK(runs[0].unit == "5f1c0a2b9d3e4f60");
    CHECK(runs[1].unit.empty());  // an exposure recorded before units were
    CHECK(runs[0].answered_query);
    CHECK(runs[0].results == 0);
    CHECK_THAT(runs[0].latency_ms, WithinAbs(15, 1e-9));
    CHECK_FALSE(runs[0].error);
    CHECK(runs[1].variant == "off");
    CHECK(runs[1].error);  // exit 70
    CHECK_FALSE(runs[1].answered_query);
    CHECK_FALSE(runs[2].error);  // a usage error is the user's, not the flag's
    CHECK(exposed_runs(*store, "new-ranking", t + 5, t + 100).size() == 1);  // the window
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
