// How much a single file may cost to parse. Tree-sitter's error recovery is quadratic in unclosed
// brackets and its trees take ~80 bytes per byte of minified code, so every phase of a parse (the
// tree, the tags query, the extraction) polls a ParseBudget and gives up when the file costs more
// than its size warrants, when memory runs over, or when the user interrupts.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ax::lang {

struct BudgetLimits {
  std::chrono::nanoseconds cpu;  // CPU time of the parsing thread
  std::chrono::nanoseconds wall;
  std::int64_t tree_bytes;  // net bytes tree-sitter may allocate on the parsing thread
};

// Limits for a file of `size` bytes: CPU 0.5 s + 2 s per MiB (normal code parses at ~1 MiB/s),
// at most 8 s; wall clock 4 times that, at least 10 s; tree memory 64 MiB + 192 bytes per byte
// (minified JavaScript needs ~80, unclosed brackets far more), at most 288 MiB, so that a file
// never takes 512 MiB (the source and its copies come on top: 3 x 50 MiB for a 50 MiB file).
BudgetLimits budget_limits_for(std::size_t size);

// Net bytes tree-sitter has allocated on this thread (it allocates through a counting allocator
// once install_counting_allocator() ran; frees on other threads are rare and only make it lower).
std::int64_t tree_sitter_bytes_on_this_thread();
void install_counting_allocator();

class ParseBudget {
 public:
  enum class Verdict { ok, cancelled, over_time, over_memory };

  ParseBudget(std::size_t size, const std::atomic<bool>* cancel_flag);
  ParseBudget(BudgetLimits limits, const std::atomic<bool>* cancel_flag);

  // Cheap enough to call every few hundred operations (one clock read).
  Verdict check();
  Verdict verdict() const { return verdict_; }
  // Throws std::runtime_error ("parse cancelled" / "parse budget exceeded: ...") unless ok.
  void throw_if_exhausted();

  // For its lifetime, time and tree-sitter memory are not charged to `budget`: one-off set-up
  // (compiling a language's tags query on its first parse in a process) is not the file's cost.
  class Excluded {
   public:
    explicit Excluded(ParseBudget& budget);
    ~Excluded();
    Excluded(const Excluded&) = delete;
    Excluded& operator=(const Excluded&) = delete;

   private:
    ParseBudget& budget_;
    std::chrono::steady_clock::time_point wall_start_;
    std::chrono::nanoseconds cpu_start_;
    std::int64_t bytes_start_;
  };

 private:
  [[noreturn]] void throw_verdict() const;
  friend class ActiveBudget;
  BudgetLimits limits_;
  const std::atomic<bool>* cancel_flag_;
  std::chrono::steady_clock::time_point wall_start_;
  std::chrono::nanoseconds cpu_start_;
  std::int64_t bytes_start_;
  std::size_t size_;
  Verdict verdict_ = Verdict::ok;
};

// Makes `budget` the one poll_parse_budget() checks on this thread, for its lifetime.
class ActiveBudget {
 public:
  explicit ActiveBudget(ParseBudget& budget);
  ~ActiveBudget();
  ActiveBudget(const ActiveBudget&) = delete;
  ActiveBudget& operator=(const ActiveBudget&) = delete;

 private:
  ParseBudget* previous_;
};

// For the languages' own walks over a tree (post_process, doc comments): throws when the parse
// running on this thread is out of budget. Reads the clock only every 64 calls; a no-op outside a parse.
void poll_parse_budget();

}  // namespace ax::lang
