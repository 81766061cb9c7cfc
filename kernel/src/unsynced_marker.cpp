#include "unsynced_marker.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

#include <ax/sdk/storage.hpp>

namespace ax::kernel {

namespace fs = std::filesystem;

namespace {

void flush_to_disk(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw sdk::StoreError("cannot flush " + path.string() + " to disk: " + reason);
  }
  ::close(fd);
}

}  // namespace

std::string current_boot_id() {
  if (const char* fake = std::getenv("AX_TEST_BOOT_ID"); fake != nullptr && *fake != '\0') return fake;
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  std::getline(in, id);
  return id;
}

void write_unsynced_marker(const fs::path& marker) {
  {
    std::ofstream out(marker, std::ios::trunc);
    out << current_boot_id() << '\n';
    if (!out.flush()) throw sdk::StoreError("cannot write " + marker.string());
  }
  flush_to_disk(marker, O_RDONLY);
  flush_to_disk(marker.parent_path(), O_RDONLY | O_DIRECTORY);
}

namespace {
// The boot the marker names; nullopt when there is none.
std::optional<std::string> marked_boot(const fs::path& marker) {
  std::ifstream in(marker);
  if (!in) return std::nullopt;
  std::string id;
  std::getline(in, id);
  return id;
}
}  // namespace

bool unsynced_before_restart(const fs::path& marker) {
  const std::optional<std::string> boot = marked_boot(marker);
  return boot && *boot != current_boot_id();
}

bool unsynced_since_this_boot(const fs::path& marker) { return marked_boot(marker) == current_boot_id(); }

void remove_unsynced_marker(const fs::path& marker) {
  std::error_code ignored;
  fs::remove(marker, ignored);
}

}  // namespace ax::kernel
