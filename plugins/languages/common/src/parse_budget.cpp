#include "ax/lang/parse_budget.hpp"

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "tree_sitter/api.h"

namespace ax::lang {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kMiB = 1024 * 1024;

thread_local std::int64_t tree_sitter_bytes = 0;
thread_local ParseBudget* active_budget = nullptr;
thread_local unsigned polls_since_check = 0;
constexpr unsigned kPollsPerCheck = 64;

std::int64_t usable(void* p) { return p == nullptr ? 0 : static_cast<std::int64_t>(malloc_usable_size(p)); }

[[noreturn]] void out_of_memory(std::size_t size) {
  std::fprintf(stderr, "ax: tree-sitter failed to allocate %zu bytes\n", size);
  std::abort();
}

void* counting_malloc(std::size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr && size > 0) out_of_memory(size);
  tree_sitter_bytes += usable(p);
  return p;
}

void* counting_calloc(std::size_t count, std::size_t size) {
  void* p = std::calloc(count, size);
  if (p == nullptr && count > 0 && size > 0) out_of_memory(count * size);
  tree_sitter_bytes += usable(p);
  return p;
}

void* counting_realloc(void* old, std::size_t size) {
  std::int64_t before = usable(old);
  void* p = std::realloc(old, size);
  if (p == nullptr && size > 0) out_of_memory(size);
  tree_sitter_bytes += usable(p) - before;
  return p;
}

void counting_free(void* p) {
  tree_sitter_bytes -= usable(p);
  std::free(p);
}

std::chrono::nanoseconds thread_cpu_time() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

// Sanitizer builds run the same code several times slower; their budgets stretch alike, so a file
// gets the same verdict in the ASan/UBSan test build as in a release build.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::int64_t kSlowdown = 4;
#else
constexpr std::int64_t kSlowdown = 1;
#endif

}  // namespace

BudgetLimits budget_limits_for(std::size_t size) {
  const auto bytes = static_cast<std::int64_t>(std::min<std::size_t>(size, std::size_t{1} << 40));
  BudgetLimits limits;
  limits.cpu = kSlowdown * std::min<std::chrono::nanoseconds>(500ms + std::chrono::nanoseconds(2s) * bytes / kMiB, 8s);
  // The wall clock only catches what CPU time does not see (swapping): a loaded machine must not
  // make results depend on timing.
  limits.wall = std::max<std::chrono::nanoseconds>(10s, 4 * limits.cpu);
  limits.tree_bytes = std::min<std::int64_t>(64 * kMiB + bytes * 192, 288 * kMiB);
  return limits;
}

std::int64_t tree_sitter_bytes_on_this_thread() { return tree_sitter_bytes; }

void install_counting_allocator() {
  // Tree-sitter is linked statically into each plugin, so this sets this plugin's copy only.
  static std::once_flag installed;
  std::call_once(installed,
                 [] { ts_set_allocator(counting_malloc, counting_calloc, counting_realloc, counting_free); });
}

ParseBudget::ParseBudget(std::size_t size, const std::atomic<bool>* cancel_flag)
    : ParseBudget(budget_limits_for(size), cancel_flag) {
  size_ = size;
}

ParseBudget::ParseBudget(BudgetLimits limits, const std::atomic<bool>* cancel_flag)
    : limits_(limits),
      cancel_flag_(cancel_flag),
      wall_start_(std::chrono::steady_clock::now()),
      cpu_start_(thread_cpu_time()),
      bytes_start_(tree_sitter_bytes),
      size_(0) {}

ParseBudget::Verdict ParseBudget::check() {
  if (verdict_ != Verdict::ok) return verdict_;
  if (cancel_flag_ != nullptr && cancel_flag_->load(std::memory_order_relaxed)) {
    verdict_ = Verdict::cancelled;
  } else if (tree_sitter_bytes - bytes_start_ > limits_.tree_bytes) {
    verdict_ = Verdict::over_memory;
  } else {
    // A thread's CPU time never runs ahead of the wall clock, so the CPU clock (a system call,
    // unlike the wall clock: ~5% of a parse when read on every check) is only read once the
    // wall clock has passed the CPU limit.
    const auto wall = std::chrono::steady_clock::now() - wall_start_;
    if (wall > limits_.wall || (wall > limits_.cpu && thread_cpu_time() - cpu_start_ > limits_.cpu))
      verdict_ = Verdict::over_time;
  }
  return verdict_;
}

ParseBudget::Excluded::Excluded(ParseBudget& budget)
    : budget_(budget),
      wall_start_(std::chrono::steady_clock::now()),
      cpu_start_(thread_cpu_time()),
      bytes_start_(tree_sitter_bytes) {}

ParseBudget::Excluded::~Excluded() {
  budget_.wall_start_ += std::chrono::steady_clock::now() - wall_start_;
  budget_.cpu_start_ += thread_cpu_time() - cpu_start_;
  budget_.bytes_start_ += tree_sitter_bytes - bytes_start_;
}

void ParseBudget::throw_if_exhausted() {
  if (check() != Verdict::ok) throw_verdict();
}

void ParseBudget::throw_verdict() const {
  auto kib = std::to_string((size_ + 1023) / 1024) + " KiB";
  auto seconds = [](std::chrono::nanoseconds t) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(t).count());
    return std::string(text);
  };
  switch (verdict_) {
    case Verdict::cancelled:
      throw std::runtime_error("parse cancelled");
    case Verdict::over_memory:
      throw std::runtime_error("parse budget exceeded: the syntax tree of " + kib + " needs more than " +
                               std::to_string(limits_.tree_bytes / kMiB) + " MiB");
    case Verdict::over_time:
      throw std::runtime_error("parse budget exceeded: " + kib + " took more than " + seconds(limits_.cpu) +
                               " of CPU (or " + seconds(limits_.wall) + ")");
    case Verdict::ok:
      break;
  }
  throw std::logic_error("ParseBudget::throw_verdict without a verdict");
}

ActiveBudget::ActiveBudget(ParseBudget& budget) : previous_(active_budget) { active_budget = &budget; }

ActiveBudget::~ActiveBudget() { active_budget = previous_; }

void poll_parse_budget() {
  if (active_budget == nullptr || ++polls_since_check < kPollsPerCheck) return;
  polls_since_check = 0;
  active_budget->throw_if_exhausted();
}

}  // namespace ax::lang
