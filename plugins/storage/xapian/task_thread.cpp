#include "task_thread.hpp"

#include <utility>

namespace ax::storage::xapian {

TaskThread::TaskThread(std::size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity), thread_([this](const std::stop_token& stop) { run(stop); }) {}

TaskThread::~TaskThread() {
  {
    std::lock_guard lock(mutex_);
    tasks_.clear();
  }
  thread_.request_stop();  // wakes the thread through changed_ (a stop_token-aware wait)
  thread_.join();
}

void TaskThread::post(std::function<void()> task) {
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
    std::exception_ptr thrown;
    if (!skip) {
      try {
        task();
      } catch (...) {
        thrown = std::current_exception();
      }
    }
    task = nullptr;  // what the task holds goes on this thread, before waiters see it done
    lock.lock();
    if (thrown && !error_) error_ = thrown;
    running_task_ = false;
    changed_.notify_all();
  }
}

}  // namespace ax::storage::xapian
