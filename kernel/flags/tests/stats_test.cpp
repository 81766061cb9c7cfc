// The experiment statistics against reference values computed once with SciPy 1.10.1 (Debian 12's
// python3-scipy): `/usr/bin/python3 kernel/flags/tests/stats_reference.py` prints every figure below
// from the same inputs (Wilson: binomtest(k, n).proportion_ci(method="wilson"); the z-test's p and z:
// chi2_contingency(correction=False); Welch: ttest_ind(equal_var=False) for t and p, the
// Welch-Satterthwaite df and stats.t.ppf for the interval; SRM: chisquare).
#include <catch2/catch.hpp>

#include <ax/flags/stats.hpp>

using namespace ax::flags::stats;
using Catch::Matchers::WithinAbs;

namespace {
constexpr double kTolerance = 1e-6;
}

TEST_CASE("Wilson score interval matches SciPy") {
  struct Case {
    std::uint64_t hits, n;
    double low, high;
  };
  for (const Case& c : {Case{12, 40, 0.180748452297, 0.454300188181}, Case{0, 30, 0.0, 0.113513393174},
                        Case{3, 100, 0.010254524024, 0.084519364291}, Case{30, 30, 0.886486606826, 1.0}}) {
    INFO(c.hits << "/" << c.n);
    const Interval ci = wilson_interval({c.n, c.hits});
    CHECK_THAT(ci.low, WithinAbs(c.low, kTolerance));
    CHECK_THAT(ci.high, WithinAbs(c.high, kTolerance));
  }
  const Interval none = wilson_interval({0, 0});
  CHECK(none.low == 0);
  CHECK(none.high == 1);
}

TEST_CASE("two-proportion z-test matches SciPy's 2x2 chi-square without continuity correction") {
  struct Case {
    Proportion control, treatment;
    double difference, low, high, z, p;
  };
  for (const Case& c :
       {Case{{1000, 120}, {980, 150}, 0.033061224490, 0.002832055766, 0.063290393213, 2.143308223200, 0.0320883569662},
        Case{{50, 5}, {45, 12}, 0.166666666667, 0.013016502817, 0.320316830517, 2.116070093243, 0.0343388466035}}) {
    const Comparison r = two_proportion_z_test(c.control, c.treatment);
    CHECK(r.defined);
    CHECK_THAT(r.difference, WithinAbs(c.difference, kTolerance));
    CHECK_THAT(r.ci.low, WithinAbs(c.low, kTolerance));
    CHECK_THAT(r.ci.high, WithinAbs(c.high, kTolerance));
    CHECK_THAT(r.statistic, WithinAbs(c.z, kTolerance));
    CHECK_THAT(r.p_value, WithinAbs(c.p, kTolerance));
    // Swapping the groups mirrors the difference and keeps the p-value.
    const Comparison swapped = two_proportion_z_test(c.treatment, c.control);
    CHECK_THAT(swapped.difference, WithinAbs(-c.difference, kTolerance));
    CHECK_THAT(swapped.p_value, WithinAbs(c.p, kTolerance));
  }
  SECTION("degenerate data carries no test") {
    CHECK_FALSE(two_proportion_z_test({0, 0}, {10, 1}).defined);
    const Comparison all_zero = two_proportion_z_test({40, 0}, {40, 0});
    CHECK_FALSE(all_zero.defined);
    CHECK(all_zero.p_value == 1);
  }
}

TEST_CASE("Welch's t-test matches SciPy") {
  const std::vector<double> control = {12.1, 15.3, 9.8, 11.0, 14.2, 13.7, 10.4, 12.9, 16.1, 11.8, 12.2, 13.3};
  const std::vector<double> treatment = {10.2, 9.1, 14.8, 8.7, 11.5, 7.9, 12.6, 9.9, 10.8};
  const Moments a = Moments::of(control), b = Moments::of(treatment);
  CHECK(a.n == 12);
  CHECK_THAT(a.mean, WithinAbs(12.733333333333, kTolerance));
  CHECK_THAT(b.mean, WithinAbs(10.611111111111, kTolerance));
  CHECK_THAT(a.sd, WithinAbs(1.906130460733, kTolerance));
  CHECK_THAT(b.sd, WithinAbs(2.129814806764, kTolerance));
  const Comparison r = welch_t_test(a, b);
  CHECK(r.defined);
  CHECK_THAT(r.statistic, WithinAbs(-2.362710826224, kTolerance));
  CHECK_THAT(r.df, WithinAbs(16.237202020595, kTolerance));
  CHECK_THAT(r.p_value, WithinAbs(0.0309385202847, kTolerance));
  CHECK_THAT(r.ci.low, WithinAbs(-4.024094656539, kTolerance));
  CHECK_THAT(r.ci.high, WithinAbs(-0.220349787906, kTolerance));
  SECTION("too few observations or no variance carry no test") {
    CHECK_FALSE(welch_t_test(Moments::of({1.0}), b).defined);
    const Comparison flat = welch_t_test(Moments::of({2, 2, 2}), Moments::of({3, 3}));
    CHECK_FALSE(flat.defined);
    CHECK(flat.difference == 1);
    CHECK(flat.p_value == 1);
  }
}

TEST_CASE("sample-ratio-mismatch chi-square matches SciPy") {
  struct Case {
    std::vector<std::uint64_t> observed;
    std::vector<double> weights;
    double chi_square, p;
  };
  for (const Case& c :
       {Case{{510, 490}, {50, 50}, 0.4, 0.527089256866}, Case{{480, 260, 260}, {50, 25, 25}, 1.6, 0.449328964117},
        Case{{620, 380}, {50, 50}, 57.6, 3.21225593201e-14}}) {
    const GoodnessOfFit fit = chi_square_goodness_of_fit(c.observed, c.weights);
    CHECK(fit.df == static_cast<int>(c.observed.size()) - 1);
    CHECK_THAT(fit.chi_square, WithinAbs(c.chi_square, kTolerance));
    CHECK_THAT(fit.p_value, WithinAbs(c.p, kTolerance));
  }
  CHECK(chi_square_goodness_of_fit({10}, {100}).p_value == 1);
  CHECK(chi_square_goodness_of_fit({0, 0}, {50, 50}).p_value == 1);
}
