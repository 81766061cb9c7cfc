// Backups of the symbol store: LMDB's compacting hot copy streamed through gzip, with a JSON
// manifest (schema version, generation, per-database entry counts, SHA-256 of the payload), their
// verification, and the lock that keeps other processes out of a store while it is swapped.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <ax/sdk/maintenance.hpp>

#include "lmdb_env.hpp"

namespace ax::lmdb_store {

inline constexpr std::string_view kManifestSuffix = ".manifest.json";

// Entries per named database, read in `txn`.
std::map<std::string, std::uint64_t> count_entries(Transaction& txn);

// The manifest's path for a backup payload.
std::filesystem::path manifest_path(const std::filesystem::path& payload);

// The default file name of a new backup: ax-backup-<UTC time>-v<schema>.mdb[.gz], or without the
// time ax-backup-v<schema>.mdb[.gz].
std::string backup_file_name(std::uint32_t schema_version, bool compress, bool timestamp);

// Writes a consistent copy of the open store to `file` (and its manifest) while writers may go on,
// then verifies it; the files appear (by rename) only once complete. `info` carries the repository
// and reason; the rest of it is filled in. Throws sdk::StoreError naming the file on failure, leaving
// no partial files behind.
sdk::BackupInfo write_backup(const Environment& env, const std::filesystem::path& file, bool compress,
                             sdk::BackupInfo info);

// Reads a manifest; throws sdk::StoreError naming the file when it is missing or malformed.
sdk::BackupInfo read_manifest(const std::filesystem::path& payload);

struct VerifyExpectations {
  std::uint32_t latest_schema = 0;  // newer backups are refused
  std::string repository;           // backups of another repository are refused
};

// Verifies a backup: manifest, schema, repository, payload hash, LMDB header, then opens the copy
// read-only and compares its entry counts with the manifest. The payload is decompressed to
// `staging_directory`/data.mdb, which is left there for a restore (the caller removes it).
sdk::BackupInfo verify_backup_file(const std::filesystem::path& file, const VerifyExpectations& expectations,
                                   const std::filesystem::path& staging_directory);

// Every backup with a readable manifest in `directory`, oldest first.
std::vector<sdk::BackupInfo> list_backups(const std::filesystem::path& directory);

// Deletes the oldest timestamped backups of `directory` beyond `keep`; returns the payloads deleted.
std::vector<std::filesystem::path> prune_backups(const std::filesystem::path& directory, std::size_t keep);

// Holds LMDB's own exclusive lock (an fcntl write lock on byte 0 of lock.mdb, the one every process
// with the environment open holds shared) so that no other process has the store open meanwhile.
// Throws sdk::StoreError naming the store and the other process when it is in use. POSIX drops a
// process's fcntl locks on any close of the file, so the environment must be closed in this
// process before this lock is released (and reopened, if at all, only while it is held).
class ExclusiveStoreLock {
 public:
  explicit ExclusiveStoreLock(const std::filesystem::path& store_directory);
  ~ExclusiveStoreLock();
  ExclusiveStoreLock(const ExclusiveStoreLock&) = delete;
  ExclusiveStoreLock& operator=(const ExclusiveStoreLock&) = delete;

 private:
  int fd_ = -1;
};

// fsync of a file or directory; throws sdk::StoreError naming it.
void sync_path(const std::filesystem::path& path);

}  // namespace ax::lmdb_store
