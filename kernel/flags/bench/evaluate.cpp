// Nanoseconds per flag evaluation (scripts/bench/flags_bench.sh): a split with variants, a cohort
// list, a cohort rule (three clauses) and a disabled flag, each evaluated for 200,000 distinct units; the median of 7
// rounds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <time.h>

#include <ax/flags/flags.hpp>

namespace {
// This thread's CPU time: a busy shared machine preempts the loop, which wall time would count.
double cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}
}  // namespace

int main() {
  namespace fl = ax::flags;
  fl::FlagSet set;
  set.cohorts["beta"] = {"alice", "bob", "carol"};
  auto add = [&](const std::string& name) -> fl::Flag& {
    fl::Flag& flag = set.flags[name];
    flag.name = name;
    flag.enabled = true;
    return flag;
  };
  fl::Flag& split = add("split-with-variants");
  split.rollout = 50;
  split.variants = {{"control", 50}, {"treatment", 50}};
  add("cohort").cohorts = {"beta"};
  std::string problem;
  set.cohort_rules["bots"] =
      *fl::parse_cohort_rule("user ^= ci- or repository == infra and user in carol,dave", problem);
  add("rule-cohort").cohorts = {"bots"};
  add("disabled").enabled = false;
  for (int i = 0; i < 50; ++i) add("padding-" + std::to_string(i)).rollout = 10;  // a realistic map size

  constexpr int kUnits = 200000;
  std::vector<std::string> units;
  for (int i = 0; i < kUnits; ++i) units.push_back("unit-" + std::to_string(i));
  const fl::TimePoint now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (const char* name : {"split-with-variants", "cohort", "rule-cohort", "disabled"}) {
    std::vector<double> rounds;
    std::size_t on = 0;
    for (int round = 0; round < 7; ++round) {
      const double started = cpu_ns();
      for (const auto& unit : units) {
        fl::Context context{unit, now};
        context.user = unit;
        on += fl::evaluate(set, name, context).on ? 1 : 0;
      }
      rounds.push_back((cpu_ns() - started) / kUnits);
    }
    std::sort(rounds.begin(), rounds.end());
    std::printf("%-20s %7.1f ns/evaluation, CPU time (median of 7 x %d units; %.1f%% on)\n", name, rounds[3], kUnits,
                100.0 * static_cast<double>(on) / (7.0 * kUnits));
  }
}
