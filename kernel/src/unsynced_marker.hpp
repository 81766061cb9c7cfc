// .ax/unsynced: "commits not yet flushed to disk since the machine booted as <boot id>". Written (and
// itself flushed) before a repository's first deferred commit (sdk::DeferredSync), removed once they
// are flushed. Found with another boot id, it says the machine restarted in between: what those
// commits wrote may be lost or torn on disk, and the search index is rebuilt from the store.
#pragma once
#include <filesystem>
#include <string>

namespace ax::kernel {

// /proc/sys/kernel/random/boot_id, or $AX_TEST_BOOT_ID when set (tests fake a restart with it).
std::string current_boot_id();

// Throws sdk::StoreError when the marker cannot be written and flushed.
void write_unsynced_marker(const std::filesystem::path& marker);
// Whether the marker exists and names another boot than this one.
bool unsynced_before_restart(const std::filesystem::path& marker);
// Whether the marker exists and names this boot.
bool unsynced_since_this_boot(const std::filesystem::path& marker);
void remove_unsynced_marker(const std::filesystem::path& marker);

}  // namespace ax::kernel
