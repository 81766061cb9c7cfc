#include "run_state.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include <ax/sdk/host.hpp>

namespace ax::index {
namespace fs = std::filesystem;

namespace {

constexpr const char* kLockFile = "index.lock";
constexpr const char* kIncompleteFile = "index.incomplete";
constexpr auto kLockPollInterval = std::chrono::milliseconds(100);

std::string system_error(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

WriterLock::WriterLock(WriterLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the flock
}

std::optional<WriterLock> WriterLock::try_acquire(const fs::path& state_dir) {
  const fs::path path = state_dir / kLockFile;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw sdk::UserError(system_error("cannot open the index lock", path));
  WriterLock lock(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return std::nullopt;
    throw sdk::UserError(system_error("cannot lock", path));
  }
  // Who holds it, for the message of a run that has to wait. Best effort: the lock is the flock.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return lock;
}

pid_t WriterLock::holder(const fs::path& state_dir) {
  int fd = ::open((state_dir / kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  ::close(fd);
  if (n <= 0) return 0;
  long pid = std::strtol(buffer, nullptr, 10);
  return pid > 0 ? static_cast<pid_t>(pid) : 0;
}

std::optional<WriterLock> wait_for_writer_lock(const fs::path& state_dir, const std::atomic<bool>& stop,
                                               const std::function<void(pid_t holder)>& on_wait) {
  bool told = false;
  while (!stop.load()) {
    if (auto lock = WriterLock::try_acquire(state_dir)) return lock;
    if (!told) {
      told = true;
      if (on_wait) on_wait(WriterLock::holder(state_dir));
    }
    std::this_thread::sleep_for(kLockPollInterval);
  }
  return std::nullopt;
}

void mark_incomplete(const fs::path& state_dir) {
  const fs::path path = state_dir / kIncompleteFile;
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw sdk::UserError(system_error("cannot write", path));
  std::string pid = std::to_string(::getpid()) + "\n";
  (void)!::write(fd, pid.data(), pid.size());
  // Durable before the first commit it guards: a crash right after that commit must find it.
  ::fsync(fd);
  ::close(fd);
  sync_directory(state_dir);
}

void clear_incomplete(const fs::path& state_dir) {
  std::error_code ec;
  if (fs::remove(state_dir / kIncompleteFile, ec)) sync_directory(state_dir);
}

bool is_incomplete(const fs::path& state_dir) {
  std::error_code ec;
  return fs::exists(state_dir / kIncompleteFile, ec);
}

}  // namespace ax::index
