#include "crash_point.hpp"

#include <csignal>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>

namespace ax::lmdb_store {

void crash_point(std::string_view name) {
  static const char* const target = std::getenv("AX_DB_CRASH_AT");
  if (target == nullptr || *target == '\0') return;
  const std::string_view wanted(target);
  const std::size_t hash = wanted.find('#');
  if (wanted.substr(0, hash) != name) return;
  std::size_t hit_wanted = 1;
  if (hash != std::string_view::npos)
    hit_wanted = std::strtoul(std::string(wanted.substr(hash + 1)).c_str(), nullptr, 10);
  static std::mutex mutex;
  static std::map<std::string, std::size_t, std::less<>> hits;
  std::lock_guard lock(mutex);
  if (++hits[std::string(name)] == hit_wanted) std::raise(SIGKILL);
}

}  // namespace ax::lmdb_store
