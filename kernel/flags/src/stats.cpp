#include "ax/flags/stats.hpp"

#include <cmath>
#include <numeric>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace ax::flags::stats {

namespace {
double two_sided_normal_p(double z) {
  return 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::fabs(z)));
}
}  // namespace

Moments Moments::of(const std::vector<double>& values) {
  Moments m;
  // Welford's update: stable for long runs of similar latencies.
  double sum_squares = 0;
  for (double value : values) {
    ++m.n;
    const double delta = value - m.mean;
    m.mean += delta / static_cast<double>(m.n);
    sum_squares += delta * (value - m.mean);
  }
  m.sd = m.n > 1 ? std::sqrt(sum_squares / static_cast<double>(m.n - 1)) : 0.0;
  return m;
}

Interval wilson_interval(const Proportion& rate, double z) {
  if (rate.n == 0) return {0, 1};
  const double n = static_cast<double>(rate.n);
  const double p = rate.rate();
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Comparison two_proportion_z_test(const Proportion& control, const Proportion& treatment) {
  Comparison c;
  if (control.n == 0 || treatment.n == 0) return c;
  const double n1 = static_cast<double>(control.n), n2 = static_cast<double>(treatment.n);
  const double p1 = control.rate(), p2 = treatment.rate();
  c.difference = p2 - p1;
  const double unpooled = std::sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
  c.ci = {c.difference - kZ95 * unpooled, c.difference + kZ95 * unpooled};
  const double pooled_rate = static_cast<double>(control.hits + treatment.hits) / (n1 + n2);
  const double pooled = std::sqrt(pooled_rate * (1 - pooled_rate) * (1 / n1 + 1 / n2));
  if (pooled == 0) return c;  // both groups all hits or all misses: nothing to test
  c.statistic = c.difference / pooled;
  c.p_value = two_sided_normal_p(c.statistic);
  c.defined = true;
  return c;
}

Comparison welch_t_test(const Moments& control, const Moments& treatment) {
  Comparison c;
  if (control.n < 2 || treatment.n < 2) return c;
  const double n1 = static_cast<double>(control.n), n2 = static_cast<double>(treatment.n);
  const double v1 = control.sd * control.sd / n1, v2 = treatment.sd * treatment.sd / n2;
  c.difference = treatment.mean - control.mean;
  const double se = std::sqrt(v1 + v2);
  if (se == 0) {
    c.ci = {c.difference, c.difference};
    return c;
  }
  c.df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
  const boost::math::students_t t(c.df);
  const double critical = boost::math::quantile(boost::math::complement(t, 0.025));
  c.ci = {c.difference - critical * se, c.difference + critical * se};
  c.statistic = c.difference / se;
  c.p_value = 2 * boost::math::cdf(boost::math::complement(t, std::fabs(c.statistic)));
  c.defined = true;
  return c;
}

GoodnessOfFit chi_square_goodness_of_fit(const std::vector<std::uint64_t>& observed,
                                         const std::vector<double>& expected_weights) {
  GoodnessOfFit fit;
  if (observed.size() < 2 || observed.size() != expected_weights.size()) return fit;
  const double total = static_cast<double>(std::accumulate(observed.begin(), observed.end(), std::uint64_t{0}));
  const double weight_total = std::accumulate(expected_weights.begin(), expected_weights.end(), 0.0);
  if (total == 0 || weight_total <= 0) return fit;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const double expected = total * expected_weights[i] / weight_total;
    if (expected <= 0) return GoodnessOfFit{};
    const double d = static_cast<double>(observed[i]) - expected;
    fit.chi_square += d * d / expected;
  }
  fit.df = static_cast<int>(observed.size()) - 1;
  fit.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(fit.df), fit.chi_square));
  return fit;
}

}  // namespace ax::flags::stats
