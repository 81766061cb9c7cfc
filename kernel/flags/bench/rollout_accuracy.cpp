// The rollout accuracy table (scripts/bench/flags_bench.sh): over 100,000 synthetic units
// ("unit-0".."unit-99999"), the share turned on at 1, 5, 10, 50, 90 and 99% with its distance from
// the percentage (target: within 1 point), whether raising the percentage ever turned a unit off,
// and a chi-square test of the rollout buckets' uniformity. The same figures are checked by
// kernel/flags/tests/flags_test.cpp; this prints them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <ax/flags/flags.hpp>
#include <ax/flags/stats.hpp>

int main() {
  namespace fl = ax::flags;
  constexpr int kUnits = 100000;
  const char* const kFlag = "new-ranking";
  std::vector<int> buckets;
  buckets.reserve(kUnits);
  for (int i = 0; i < kUnits; ++i) buckets.push_back(fl::rollout_bucket(kFlag, "unit-" + std::to_string(i)));

  std::printf("flag %s, %d units\n%8s %8s %9s %10s\n", kFlag, kUnits, "rollout", "on", "share", "error");
  double worst = 0;
  for (int pct : {1, 5, 10, 50, 90, 99}) {
    const auto on = std::count_if(buckets.begin(), buckets.end(), [&](int b) { return b <= pct; });
    const double share = 100.0 * static_cast<double>(on) / kUnits;
    worst = std::max(worst, std::abs(share - pct));
    std::printf("%7d%% %8ld %8.3f%% %+9.3f\n", pct, static_cast<long>(on), share, share - pct);
  }
  std::printf("largest error %.3f points (target <= 1)\n", worst);

  // A unit is on at p% exactly when its bucket <= p, so it never turns off as p rises; counted
  // through evaluate() itself over every percentage.
  fl::FlagSet set;
  fl::Flag& flag = set.flags[kFlag];
  flag.name = kFlag;
  flag.enabled = true;
  long turned_off = 0;
  const fl::TimePoint now{};
  for (int i = 0; i < kUnits; i += 10) {
    const fl::Context context{"unit-" + std::to_string(i), now};
    bool was_on = false;
    for (int pct = 0; pct <= 100; ++pct) {
      flag.rollout = pct;
      const bool on = fl::evaluate(set, kFlag, context).on;
      if (was_on && !on) ++turned_off;
      was_on = on;
    }
  }
  std::printf("monotonic: %ld of %d units turned off as the rollout rose 0..100%%\n", turned_off, kUnits / 10);

  std::vector<std::uint64_t> counts(100, 0);
  for (int b : buckets) ++counts[static_cast<std::size_t>(b - 1)];
  const fl::stats::GoodnessOfFit fit = fl::stats::chi_square_goodness_of_fit(counts, std::vector<double>(100, 1.0));
  std::printf("uniformity: chi-square %.2f, df %d, p = %.4f (passes above 0.001)\n", fit.chi_square, fit.df,
              fit.p_value);
  return worst <= 1 && turned_off == 0 && fit.p_value > 0.001 ? 0 : 1;
}
