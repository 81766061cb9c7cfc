#include "task_thread.hpp"

#include <utility>

namespace ax::storage::xapian {

TaskThread::TaskThread(std::size_t capacity, bool on_caller)
    : capacity_(capacity == 0 ? 1 : capacity),
      on_caller_(on_caller),
      thread_(on_caller ? std::jthread() : std::jthread([this](const std::stop_token& stop) { run(stop); })) {}

TaskThread::~TaskThread() {
  {
    std::lock_guard lock(mutex_);
    tasks_.clear();
  }
  if (!thread_.joinable()) return;
  thread_.request_stop();  // wakes the thread through changed_ (a stop_token-aware wait)
  thread_.join();
}

void TaskThread::post(std::function<void()> task) {
  if (on_caller_) {
    run_task(task, failed());
    return;
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return tasks_.size() < capacity_; });
  tasks_.push_back(std::move(task));
  changed_.notify_all();
}

std::exception_ptr TaskThread::wait() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return tasks_.empty() && !running_task_; });
  return std::exchange(error_, nullptr);
}

void TaskThread::settle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return tasks_.empty() && !running_task_; });
}

bool TaskThread::failed() const {
  std::lock_guard lock(mutex_);
  return error_ != nullptr;
}

void TaskThread::run_on_caller() {
  if (on_caller_) return;
  settle();
  thread_.request_stop();
  thread_.join();
  on_caller_ = true;  // only the owner's thread posts, so no post() is under way
}

void TaskThread::run_task(std::function<void()>& task, bool skip) {
  std::exception_ptr thrown;
  if (!skip) {
    try {
      task();
    } catch (...) {
      thrown = std::current_exception();
    }
  }
  task = nullptr;  // what the task holds goes on the thread that ran it, before waiters see it done
  std::lock_guard lock(mutex_);
  if (thrown && !error_) error_ = thrown;
}

void TaskThread::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (true) {
    if (!changed_.wait(lock, stop, [&] { return !tasks_.empty(); })) return;  // stop requested
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    const bool skip = error_ != nullptr;
    running_task_ = true;
    changed_.notify_all();  // room in the queue
    lock.unlock();
    run_task(task, skip);
    lock.lock();
    running_task_ = false;
    changed_.notify_all();
  }
}

}  // namespace ax::storage::xapian
