// What an index run leaves in the repository's state directory (.ax/) for other processes:
// an exclusive writer lock, so that two runs never write at once, and a marker saying that a run
// committed part of its work and has not finished, so that `ax status` can say the index is
// incomplete even after a crash or kill -9.
#pragma once
#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>

namespace ax::index {

// The exclusive per-repository writer lock: flock(2) on <state dir>/index.lock, which holds the
// holder's pid. The kernel releases it when the holder exits, however it exits.
class WriterLock {
 public:
  WriterLock(WriterLock&& other) noexcept;
  WriterLock& operator=(WriterLock&& other) noexcept;
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;
  ~WriterLock();

  // Takes the lock when it is free; nullopt when another process (or another WriterLock of this
  // one) holds it. Throws sdk::UserError when the lock file cannot be opened.
  static std::optional<WriterLock> try_acquire(const std::filesystem::path& state_dir);
  // The pid recorded by the current holder; 0 when unknown.
  static pid_t holder(const std::filesystem::path& state_dir);

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Waits for the writer lock, polling. `on_wait(pid)` is called once, when the lock is first found
// held (pid 0: unknown). Returns nullopt, without the lock, as soon as `stop` is set.
std::optional<WriterLock> wait_for_writer_lock(const std::filesystem::path& state_dir, const std::atomic<bool>& stop,
                                               const std::function<void(pid_t holder)>& on_wait);

// The "incomplete" marker, <state dir>/index.incomplete: written durably before a run's first
// commit, removed when the run completes. While it exists the index holds a partial run.
void mark_incomplete(const std::filesystem::path& state_dir);
void clear_incomplete(const std::filesystem::path& state_dir);
bool is_incomplete(const std::filesystem::path& state_dir);

}  // namespace ax::index
