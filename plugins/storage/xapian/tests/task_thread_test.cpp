#include "task_thread.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using ax::storage::xapian::TaskThread;

TEST_CASE("tasks run in the order posted, beyond the queue's capacity", "[task_thread]") {
  TaskThread thread(2);
  std::vector<int> ran;  // written by the thread only, read after wait()
  for (int i = 0; i < 50; ++i) thread.post([&ran, i] { ran.push_back(i); });
  CHECK(thread.wait() == nullptr);
  REQUIRE(ran.size() == 50);
  for (int i = 0; i < 50; ++i) CHECK(ran[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("a task that throws skips the tasks after it until wait() reports it", "[task_thread]") {
  TaskThread thread(4);
  std::vector<std::string> ran;
  thread.post([&] { ran.push_back("first"); });
  thread.post([] { throw std::runtime_error("disk full"); });
  thread.post([&] { ran.push_back("skipped"); });
  thread.settle();  // waits, leaving the failure to report
  CHECK(thread.failed());
  const std::exception_ptr failure = thread.wait();
  REQUIRE(failure != nullptr);
  CHECK_THROWS_WITH(std::rethrow_exception(failure), "disk full");
  CHECK_FALSE(thread.failed());
  thread.post([&] { ran.push_back("after"); });
  CHECK(thread.wait() == nullptr);
  CHECK(ran == std::vector<std::string>{"first", "after"});
}

TEST_CASE("destroying the thread drops the tasks not started", "[task_thread]") {
  std::atomic<int> ran{0};
  std::atomic<bool> started{false};
  {
    TaskThread thread(8);
    thread.post([&] {
      started = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      ++ran;
    });
    for (int i = 0; i < 5; ++i) thread.post([&] { ++ran; });
    while (!started) std::this_thread::yield();
  }
  CHECK(ran == 1);  // the running task finished; the queued ones never ran
}

TEST_CASE("on the caller's thread, tasks run in post() with the same skipping and reporting", "[task_thread]") {
  const auto caller = std::this_thread::get_id();
  for (const bool from_start : {true, false}) {
    TaskThread thread(2, from_start);
    std::vector<std::string> ran;
    if (!from_start) {
      thread.post([&] { ran.push_back("queued"); });
      thread.run_on_caller();  // waits for what was queued, then ends the thread
      CHECK(ran == std::vector<std::string>{"queued"});
      ran.clear();
    }
    std::vector<std::thread::id> ran_on;
    thread.post([&] {
      ran_on.push_back(std::this_thread::get_id());
      ran.push_back("first");
    });
    CHECK(ran == std::vector<std::string>{"first"});  // already run: no thread, no queue
    thread.post([] { throw std::runtime_error("disk full"); });
    CHECK(thread.failed());
    thread.post([&] { ran.push_back("skipped"); });
    const std::exception_ptr failure = thread.wait();
    REQUIRE(failure != nullptr);
    CHECK_THROWS_WITH(std::rethrow_exception(failure), "disk full");
    thread.post([&] { ran.push_back("after"); });
    CHECK(thread.wait() == nullptr);
    CHECK(ran == std::vector<std::string>{"first", "after"});
    CHECK(ran_on == std::vector<std::thread::id>{caller});
  }
}
