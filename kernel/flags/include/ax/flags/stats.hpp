// Statistics for flag experiments and automatic rollback, as pure functions (no I/O): the Wilson
// score interval of a rate, the two-proportion z-test, Welch's t-test and the chi-square
// goodness-of-fit test used for the sample-ratio-mismatch check. Distributions are Boost.Math's.
#pragma once
#include <cstdint>
#include <vector>

namespace ax::flags::stats {

// The 0.975 quantile of the standard normal distribution: two-sided 95%.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// A rate: `hits` out of `n` observations.
struct Proportion {
  std::uint64_t n = 0;
  std::uint64_t hits = 0;
  double rate() const { return n == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(n); }
};

// Sample moments of a continuous metric; sd is the sample standard deviation (n - 1).
struct Moments {
  std::uint64_t n = 0;
  double mean = 0;
  double sd = 0;
  static Moments of(const std::vector<double>& values);
};

// The Wilson score interval of hits/n at the given normal quantile; {0, 1} when n is 0.
Interval wilson_interval(const Proportion& rate, double z = kZ95);

// Treatment against control: difference = treatment - control, its 95% interval, the test statistic
// (z or t), the degrees of freedom (Welch-Satterthwaite; 0 for the z-test) and the two-sided p-value.
// `defined` is false when the data cannot carry a test (an empty group, no variance at all): then
// the statistic is 0 and the p-value 1.
struct Comparison {
  double difference = 0;
  Interval ci;
  double statistic = 0;
  double df = 0;
  double p_value = 1;
  bool defined = false;
};

// Pooled standard error for the test (equivalent to the 2x2 chi-square test without continuity
// correction), unpooled standard error for the interval.
Comparison two_proportion_z_test(const Proportion& control, const Proportion& treatment);
// Unequal variances; needs n >= 2 in both groups.
Comparison welch_t_test(const Moments& control, const Moments& treatment);

struct GoodnessOfFit {
  double chi_square = 0;
  int df = 0;
  double p_value = 1;
};
// Observed counts against expected shares (any positive weights, normalised here); categories with
// a weight of 0 must be left out by the caller. p = 1 with fewer than two categories or no counts.
GoodnessOfFit chi_square_goodness_of_fit(const std::vector<std::uint64_t>& observed,
                                         const std::vector<double>& expected_weights);

}  // namespace ax::flags::stats
