#include "backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include <ax/digest/sha256.hpp>
#include <ax/sdk/json.hpp>
#include <ax/sdk/storage.hpp>

#include "byte_codec.hpp"
#include "crash_point.hpp"
#include "layout.hpp"

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

constexpr int kManifestFormat = 1;
constexpr std::string_view kPartialSuffix = ".partial";
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

[[noreturn]] void backup_error(const fs::path& file, const std::string& why) {
  throw sdk::StoreError("backup " + quoted(file) + ": " + why);
}

std::string errno_text() { return std::strerror(errno); }

// A file descriptor closed on destruction.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

// Removes a file on destruction unless kept.
class RemoveOnFailure {
 public:
  explicit RemoveOnFailure(fs::path path) : path_(std::move(path)) {}
  ~RemoveOnFailure() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  void keep() { path_.clear(); }

 private:
  fs::path path_;
};

std::string utc_now(bool for_file_name) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, for_file_name ? "%Y%m%dT%H%M%S" : "%Y-%m-%dT%H:%M:%S", &tm);
  char with_millis[80];
  std::snprintf(with_millis, sizeof with_millis, "%s%s%03dZ", buffer, for_file_name ? "" : ".",
                static_cast<int>(millis));
  return with_millis;
}

// Reads the schema version and generation from `meta` of an environment being verified.
std::pair<std::uint32_t, std::uint64_t> read_versions(MDB_txn* txn) {
  MDB_dbi meta = 0;
  if (mdb_dbi_open(txn, std::string(layout::kMetaDatabase).c_str(), 0, &meta) != MDB_SUCCESS) return {0, 0};
  const auto read = [&](std::string_view key) -> std::uint64_t {
    MDB_val k{key.size(), const_cast<char*>(key.data())};
    MDB_val v{};
    if (mdb_get(txn, meta, &k, &v) != MDB_SUCCESS || v.mv_size != 8) return 0;
    return parse_fixed64_value({static_cast<const char*>(v.mv_data), v.mv_size});
  };
  return {static_cast<std::uint32_t>(read(layout::kSchemaVersionKey)), read(layout::kGenerationKey)};
}

// A read-only, lock-free view of a data.mdb that no process uses (a backup being verified).
class DetachedEnvironment {
 public:
  explicit DetachedEnvironment(const fs::path& data_file) {
    if (const int rc = mdb_env_create(&env_); rc != MDB_SUCCESS) throw sdk::StoreError(mdb_strerror(rc));
    mdb_env_set_maxdbs(env_, 128);
    std::error_code error;
    const std::uintmax_t bytes = fs::file_size(data_file, error);
    mdb_env_set_mapsize(env_, std::max<std::size_t>(bytes, std::size_t{1} << 20));
    if (const int rc = mdb_env_open(env_, data_file.c_str(), MDB_RDONLY | MDB_NOSUBDIR | MDB_NOLOCK, 0644);
        rc != MDB_SUCCESS)
      throw sdk::StoreError(std::string("cannot be opened: ") + mdb_strerror(rc));
  }
  ~DetachedEnvironment() { mdb_env_close(env_); }
  DetachedEnvironment(const DetachedEnvironment&) = delete;
  DetachedEnvironment& operator=(const DetachedEnvironment&) = delete;

  // Schema version, generation and entries per named database.
  sdk::BackupInfo contents() const {
    MDB_txn* txn = nullptr;
    if (const int rc = mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn); rc != MDB_SUCCESS)
      throw sdk::StoreError(std::string("cannot be read: ") + mdb_strerror(rc));
    std::unique_ptr<MDB_txn, void (*)(MDB_txn*)> guard(txn, mdb_txn_abort);
    sdk::BackupInfo info;
    std::tie(info.schema_version, info.generation) = read_versions(txn);
    MDB_cursor* cursor = nullptr;
    if (const int rc = mdb_cursor_open(txn, 1, &cursor); rc != MDB_SUCCESS)
      throw sdk::StoreError(std::string("cannot be read: ") + mdb_strerror(rc));
    std::vector<std::string> names;
    MDB_val key{}, value{};
    for (int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT))
      names.emplace_back(static_cast<const char*>(key.mv_data), key.mv_size);
    mdb_cursor_close(cursor);
    for (const std::string& name : names) {
      MDB_dbi dbi = 0;
      MDB_stat stat{};
      if (mdb_dbi_open(txn, name.c_str(), 0, &dbi) != MDB_SUCCESS || mdb_stat(txn, dbi, &stat) != MDB_SUCCESS)
        throw sdk::StoreError("database '" + name + "' cannot be read");
      info.entries[name] = stat.ms_entries;
    }
    return info;
  }

 private:
  MDB_env* env_ = nullptr;
};

void write_manifest(const fs::path& file, const sdk::BackupInfo& info) {
  std::ostringstream text;
  sdk::JsonWriter json(text);
  json.begin_object()
      .field("format", kManifestFormat)
      .field("created_utc", info.created_utc)
      .field("repository", info.repository)
      .field("reason", info.reason)
      .field("payload", info.file.filename().string())
      .field("schema_version", info.schema_version)
      .field("generation", info.generation)
      .field("payload_sha256", info.payload_sha256)
      .field("payload_bytes", info.payload_bytes)
      .field("file_bytes", info.file_bytes)
      .field("compressed", info.compressed)
      .field("compacted", info.compacted)
      .field("search_index", std::string("rebuilt from the store on restore"));
  json.key("entries").begin_object();
  for (const auto& [name, count] : info.entries) json.field(name, count);
  json.end_object().end_object();
  text << '\n';
  const fs::path partial = file.string() + std::string(kPartialSuffix);
  RemoveOnFailure cleanup(partial);
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text.str();
    out.flush();
    if (!out) backup_error(file, "cannot write: " + errno_text());
  }
  sync_path(partial);
  std::error_code error;
  fs::rename(partial, file, error);
  if (error) backup_error(file, "cannot write: " + error.message());
  cleanup.keep();
}

// Streams LMDB's copy of `env` (compacting when `compact`) into `out`: gzip when `compress`.
// Returns false when LMDB refused the copy (a compacting copy fails on a page leak).
bool stream_copy(const Environment& env, int out_fd, bool compress, bool compact, sdk::BackupInfo& info,
                 const fs::path& file) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) backup_error(file, "cannot create a pipe: " + errno_text());
  Fd read_end(pipe_fds[0]);
  Fd write_end(pipe_fds[1]);
  int copy_rc = MDB_SUCCESS;
  std::thread copier([&, fd = write_end.release()] {
    copy_rc = mdb_env_copyfd2(env.handle(), fd, compact ? MDB_CP_COMPACT : 0);
    ::close(fd);
  });

  digest::Sha256 hash;
  std::uint64_t bytes = 0;
  std::string failure;
  gzFile gz = nullptr;
  if (compress) {
    const int gz_fd = ::dup(out_fd);
    gz = gz_fd < 0 ? nullptr : gzdopen(gz_fd, "wb1");
    if (gz == nullptr) failure = "cannot start compression";
  }
  std::vector<char> buffer(kChunkBytes);
  bool crashed_once = false;
  while (true) {
    const ssize_t got = ::read(read_end.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    if (!failure.empty()) continue;  // drain the pipe so that the copying thread finishes
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
    hash.update(chunk);
    bytes += chunk.size();
    if (compress) {
      if (gzwrite(gz, chunk.data(), static_cast<unsigned>(chunk.size())) != static_cast<int>(chunk.size()))
        failure = "cannot write: " + errno_text();
    } else {
      for (std::size_t written = 0; written < chunk.size();) {
        const ssize_t n = ::write(out_fd, chunk.data() + written, chunk.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          failure = "cannot write: " + errno_text();
          break;
        }
        written += static_cast<std::size_t>(n);
      }
    }
    if (!crashed_once) {
      crashed_once = true;
      crash_point("backup.streaming");
    }
  }
  read_end.reset();
  copier.join();
  if (gz != nullptr && gzclose(gz) != Z_OK && failure.empty()) failure = "cannot write: " + errno_text();
  if (!failure.empty()) backup_error(file, failure);
  if (copy_rc != MDB_SUCCESS) return false;
  info.payload_sha256 = digest::to_hex(hash.finish());
  info.payload_bytes = bytes;
  info.compacted = compact;
  return true;
}

}  // namespace

std::map<std::string, std::uint64_t> count_entries(Transaction& txn) {
  std::map<std::string, std::uint64_t> entries;
  for (const std::string& name : txn.database_names())
    if (const std::optional<std::uint64_t> count = txn.database_entries(name)) entries[name] = *count;
  return entries;
}

fs::path manifest_path(const fs::path& payload) { return payload.string() + std::string(kManifestSuffix); }

std::string backup_file_name(std::uint32_t schema_version, bool compress, bool timestamp) {
  std::string name = "ax-backup-";
  if (timestamp) name += utc_now(true) + "-";
  name += "v" + std::to_string(schema_version) + ".mdb";
  if (compress) name += ".gz";
  return name;
}

void sync_path(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0)
    throw sdk::StoreError("cannot sync " + quoted(path) + ": " + errno_text());
}

sdk::BackupInfo write_backup(const Environment& env, const fs::path& file, bool compress, sdk::BackupInfo info) {
  info.file = file;
  info.manifest = manifest_path(file);
  info.compressed = compress;
  info.created_utc = utc_now(false);
  std::error_code error;
  if (!file.parent_path().empty()) {
    fs::create_directories(file.parent_path(), error);
    if (error) backup_error(file, "cannot create its directory: " + error.message());
  }

  // What the store holds right now, and the transaction that state belongs to: when no writer
  // committed while the copy ran, the copy holds exactly this state.
  std::map<std::string, std::uint64_t> entries_before;
  std::uint64_t txnid_before = 0;
  {
    std::lock_guard schema_lock(env.schema_mutex());
    Transaction txn(env, TxnMode::read);
    entries_before = count_entries(txn);
    txnid_before = mdb_txn_id(txn.handle());
  }

  const fs::path partial = file.string() + std::string(kPartialSuffix);
  RemoveOnFailure cleanup(partial);
  bool copied = false;
  for (const bool compact : {true, false}) {
    Fd out(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (out.get() < 0) backup_error(file, "cannot write: " + errno_text());
    if (stream_copy(env, out.get(), compress, compact, info, file)) {
      if (::fsync(out.get()) != 0) backup_error(file, "cannot write: " + errno_text());
      copied = true;
      break;
    }
  }
  if (!copied) backup_error(file, "LMDB could not copy the store");
  info.file_bytes = fs::file_size(partial, error);

  // Verify the written file as a restore would read it, before it takes the backup's name.
  const fs::path staging = file.parent_path() / (".verify-" + file.filename().string());
  fs::remove_all(staging, error);
  struct RemoveDirectory {
    fs::path path;
    ~RemoveDirectory() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } remove_staging{staging};
  {
    MDB_envinfo env_info{};
    mdb_env_info(env.handle(), &env_info);
    const bool unchanged = env_info.me_last_txnid == txnid_before;
    // Counts from before the copy when no commit intervened; otherwise the copy's own.
    sdk::BackupInfo copy_contents;
    {
      fs::create_directories(staging, error);
      if (error) backup_error(file, "cannot create " + quoted(staging) + ": " + error.message());
      const fs::path data = staging / "data.mdb";
      gzFile in = gzopen(partial.c_str(), "rb");
      if (in == nullptr) backup_error(file, "cannot be read back");
      std::unique_ptr<gzFile_s, int (*)(gzFile)> in_guard(in, gzclose);
      std::ofstream out(data, std::ios::binary | std::ios::trunc);
      digest::Sha256 hash;
      std::vector<char> buffer(kChunkBytes);
      int got = 0;
      while ((got = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
        hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
        out.write(buffer.data(), got);
      }
      out.close();
      if (got < 0 || !out) backup_error(file, "cannot be read back (out of disk space?)");
      if (digest::to_hex(hash.finish()) != info.payload_sha256) backup_error(file, "reads back differently");
      try {
        validate_data_file(data);
        copy_contents = DetachedEnvironment(data).contents();
      } catch (const sdk::StoreError& bad) {
        backup_error(file, std::string("the copy is not a readable store: ") + bad.what());
      }
    }
    info.schema_version = copy_contents.schema_version;
    info.generation = copy_contents.generation;
    info.entries = copy_contents.entries;
    if (unchanged && entries_before != copy_contents.entries)
      backup_error(file, "the copy's entry counts differ from the store's");
  }
  crash_point("backup.before_manifest");
  std::error_code rename_error;
  fs::rename(partial, file, rename_error);
  if (rename_error) backup_error(file, "cannot write: " + rename_error.message());
  cleanup.keep();
  RemoveOnFailure remove_payload(file);  // a payload without a manifest is no backup
  write_manifest(info.manifest, info);
  remove_payload.keep();
  if (!file.parent_path().empty()) sync_path(file.parent_path());
  crash_point("backup.after_manifest");
  return info;
}

sdk::BackupInfo read_manifest(const fs::path& payload) {
  const fs::path manifest = manifest_path(payload);
  std::error_code error;
  if (!fs::exists(payload, error)) backup_error(payload, "does not exist");
  if (!fs::exists(manifest, error)) backup_error(payload, "has no manifest (" + manifest.filename().string() + ")");
  sdk::BackupInfo info;
  info.file = payload;
  info.manifest = manifest;
  try {
    const YAML::Node root = YAML::LoadFile(manifest.string());
    if (!root.IsMap()) backup_error(payload, "manifest is not a JSON object");
    if (!root["format"] || root["format"].as<int>() != kManifestFormat)
      backup_error(payload, "manifest has an unknown format (written by a newer ax?)");
    info.created_utc = root["created_utc"].as<std::string>();
    info.repository = root["repository"].as<std::string>();
    info.reason = root["reason"].as<std::string>();
    info.schema_version = root["schema_version"].as<std::uint32_t>();
    info.generation = root["generation"].as<std::uint64_t>();
    info.payload_sha256 = root["payload_sha256"].as<std::string>();
    info.payload_bytes = root["payload_bytes"].as<std::uint64_t>();
    info.file_bytes = root["file_bytes"].as<std::uint64_t>();
    info.compressed = root["compressed"].as<bool>();
    info.compacted = root["compacted"].as<bool>();
    const YAML::Node entries = root["entries"];
    if (!entries.IsMap()) backup_error(payload, "manifest has no entry counts");
    for (const auto& entry : entries) info.entries[entry.first.as<std::string>()] = entry.second.as<std::uint64_t>();
  } catch (const YAML::Exception& bad) {
    backup_error(payload, "manifest " + manifest.filename().string() + " is damaged: " + bad.msg);
  }
  return info;
}

sdk::BackupInfo verify_backup_file(const fs::path& file, const VerifyExpectations& expectations,
                                   const fs::path& staging_directory) {
  sdk::BackupInfo info = read_manifest(file);
  if (info.schema_version > expectations.latest_schema)
    backup_error(file, "has schema version " + std::to_string(info.schema_version) + ", newer than this ax knows (" +
                           std::to_string(expectations.latest_schema) + "); use a newer ax");
  if (!expectations.repository.empty() && info.repository != expectations.repository)
    backup_error(file, "belongs to the repository '" + info.repository + "', not '" + expectations.repository + "'");
  std::error_code error;
  const std::uintmax_t file_bytes = fs::file_size(file, error);
  if (error) backup_error(file, "cannot be read: " + error.message());
  if (file_bytes != info.file_bytes)
    backup_error(file, "is " + std::to_string(file_bytes) + " bytes, the manifest says " +
                           std::to_string(info.file_bytes) + " (truncated or altered)");

  fs::create_directories(staging_directory, error);
  if (error) backup_error(file, "cannot create " + quoted(staging_directory) + ": " + error.message());
  const fs::path data = staging_directory / "data.mdb";
  {
    gzFile in = gzopen(file.c_str(), "rb");
    if (in == nullptr) backup_error(file, "cannot be read: " + errno_text());
    std::unique_ptr<gzFile_s, int (*)(gzFile)> in_guard(in, gzclose);
    Fd out(::open(data.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (out.get() < 0) backup_error(file, "cannot write " + quoted(data) + ": " + errno_text());
    digest::Sha256 hash;
    std::uint64_t bytes = 0;
    std::vector<char> buffer(kChunkBytes);
    int got = 0;
    while ((got = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
      hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
      bytes += static_cast<std::uint64_t>(got);
      for (int written = 0; written < got;) {
        const ssize_t n = ::write(out.get(), buffer.data() + written, static_cast<std::size_t>(got - written));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) backup_error(file, "cannot write " + quoted(data) + ": " + errno_text());
        written += static_cast<int>(n);
      }
    }
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(in, &code);
      backup_error(file, std::string("is damaged: ") + (message ? message : "unreadable compressed data"));
    }
    if (bytes != info.payload_bytes || digest::to_hex(hash.finish()) != info.payload_sha256)
      backup_error(file, "is damaged: its content does not match the manifest's SHA-256 " + info.payload_sha256);
    if (::fsync(out.get()) != 0) backup_error(file, "cannot write " + quoted(data) + ": " + errno_text());
  }
  try {
    validate_data_file(data);
    const sdk::BackupInfo contents = DetachedEnvironment(data).contents();
    if (contents.schema_version != info.schema_version)
      backup_error(file, "holds schema version " + std::to_string(contents.schema_version) + ", the manifest says " +
                             std::to_string(info.schema_version));
    if (contents.entries != info.entries) backup_error(file, "entry counts differ from the manifest's");
  } catch (const sdk::StoreError& bad) {
    const std::string what = bad.what();
    if (what.starts_with("backup ")) throw;
    backup_error(file, "is not a readable store: " + what);
  }
  return info;
}

std::vector<sdk::BackupInfo> list_backups(const fs::path& directory) {
  std::vector<sdk::BackupInfo> backups;
  std::error_code error;
  if (!fs::is_directory(directory, error)) return backups;
  for (const fs::directory_entry& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(kManifestSuffix)) continue;
    const fs::path payload = directory / name.substr(0, name.size() - kManifestSuffix.size());
    try {
      backups.push_back(read_manifest(payload));
    } catch (const sdk::StoreError&) {
      // an unreadable or orphaned manifest is not a backup
    }
  }
  std::sort(backups.begin(), backups.end(), [](const sdk::BackupInfo& a, const sdk::BackupInfo& b) {
    return a.created_utc != b.created_utc ? a.created_utc < b.created_utc : a.file < b.file;
  });
  return backups;
}

std::vector<fs::path> prune_backups(const fs::path& directory, std::size_t keep) {
  std::vector<fs::path> timestamped;
  for (const sdk::BackupInfo& backup : list_backups(directory)) {
    const std::string name = backup.file.filename().string();
    // ax-backup-<yyyymmddThhmmssmmmZ>-v…: a name given with --path or --no-timestamp is never pruned.
    if (name.starts_with("ax-backup-") && name.size() > 10 && name[10] >= '0' && name[10] <= '9')
      timestamped.push_back(backup.file);
  }
  std::vector<fs::path> deleted;
  if (timestamped.size() <= keep) return deleted;
  for (std::size_t i = 0; i + keep < timestamped.size(); ++i) {
    std::error_code ignored;
    fs::remove(manifest_path(timestamped[i]), ignored);  // the manifest first: no half-listed backup
    fs::remove(timestamped[i], ignored);
    deleted.push_back(timestamped[i]);
  }
  return deleted;
}

ExclusiveStoreLock::ExclusiveStoreLock(const fs::path& store_directory) {
  const fs::path lock_file = store_directory / "lock.mdb";
  fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw sdk::StoreError("symbol store " + quoted(store_directory) + ": cannot open lock.mdb: " + errno_text());
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 1;
  if (::fcntl(fd_, F_SETLK, &lock) == 0) return;
  struct flock holder = lock;
  std::string who;
  if (::fcntl(fd_, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK)
    who = " (pid " + std::to_string(holder.l_pid) + ")";
  ::close(fd_);
  fd_ = -1;
  throw sdk::StoreError("symbol store " + quoted(store_directory) + " is in use by another process" + who +
                        ", e.g. a running 'ax index'; try again when it has finished");
}

ExclusiveStoreLock::~ExclusiveStoreLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ax::lmdb_store
