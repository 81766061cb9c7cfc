#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>

#include "ax/lang/parse_budget.hpp"

using namespace std::chrono_literals;
using ax::lang::BudgetLimits;
using ax::lang::ParseBudget;

namespace {

std::chrono::nanoseconds thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// Spends `cpu` of this thread's CPU time (and at least as much wall time).
void burn(std::chrono::nanoseconds cpu) {
  const auto start = thread_cpu();
  volatile std::uint64_t sink = 0;
  while (thread_cpu() - start < cpu)
    for (int i = 0; i < 10000; ++i) sink = sink + static_cast<std::uint64_t>(i);
}

constexpr BudgetLimits kTight{5ms, 60s, std::int64_t{1} << 30};

}  // namespace

TEST_CASE("parse budget: time spent inside Excluded is not charged to the file") {
  ParseBudget charged(kTight, nullptr);
  burn(30ms);
  CHECK(charged.check() == ParseBudget::Verdict::over_time);

  ParseBudget excluded(kTight, nullptr);
  {
    const ParseBudget::Excluded setup(excluded);
    burn(30ms);
  }
  CHECK(excluded.check() == ParseBudget::Verdict::ok);
  burn(30ms);  // what comes after the excluded part is charged again
  CHECK(excluded.check() == ParseBudget::Verdict::over_time);
}
