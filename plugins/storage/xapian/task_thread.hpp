// A thread that runs tasks one at a time in the order they were posted. Its queue is bounded, so a
// producer faster than the thread waits rather than piling up memory. A task that throws makes the
// thread skip the tasks after it until wait() hands the exception over. Once run_on_caller() is
// called there is no thread: post() runs each task at once on the caller's thread, with the same
// skipping and reporting.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace ax::storage::xapian {

class TaskThread {
 public:
  // With `on_caller`, no thread is started: as if run_on_caller() had been called.
  explicit TaskThread(std::size_t capacity, bool on_caller = false);
  TaskThread(const TaskThread&) = delete;
  TaskThread& operator=(const TaskThread&) = delete;
  // Drops the tasks not started yet and joins the thread.
  ~TaskThread();

  // Queues `task`, waiting while the queue is full.
  void post(std::function<void()> task);
  // Waits until every posted task has run (or been skipped); returns the exception of the first that
  // threw since the last wait, or null.
  std::exception_ptr wait();
  // Waits like wait(), leaving the exception for the next wait().
  void settle();
  // Whether a task threw since the last wait (without waiting).
  bool failed() const;
  // Waits for the queued tasks, ends the thread, and from then on runs tasks in post().
  void run_on_caller();

 private:
  void run(const std::stop_token& stop);
  // Runs `task` unless an earlier one threw; keeps what it throws for wait().
  void run_task(std::function<void()>& task, bool skip);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<std::function<void()>> tasks_;
  bool running_task_ = false;
  std::exception_ptr error_;
  bool on_caller_;
  std::jthread thread_;  // last: started once the rest is ready, stopped before it goes
};

}  // namespace ax::storage::xapian
