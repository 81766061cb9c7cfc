#include "ax/flags/unit.hpp"

#include <ax/digest/sha256.hpp>
#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/store.hpp>

namespace ax::flags {
namespace fs = std::filesystem;

Unit default_unit(const fs::path& repository_root) {
  const fs::path store_dir = telemetry::state_directory() / "store";
  std::error_code ec;
  if (fs::exists(store_dir / "data.mdb", ec)) {
    try {
      std::string warning;
      if (auto store = telemetry::Store::open(store_dir, warning)) {
        std::string id = store->install_id();
        if (!id.empty()) return {id, "install id"};
      }
    } catch (const std::exception&) {
      // An unreadable store: the repository is the unit instead.
    }
  }
  return {digest::sha256_hex(fs::weakly_canonical(repository_root, ec).string()).substr(0, 16), "repository id"};
}

}  // namespace ax::flags
