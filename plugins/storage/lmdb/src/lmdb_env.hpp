// RAII over the LMDB C API: the environment (one per store directory and process), transactions and
// cursors. Every LMDB failure becomes an sdk::StoreError whose one-line message names the store.
#pragma once
#include <lmdb.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace ax::lmdb_store {

struct EnvironmentOptions {
  // A large sparse map: only touched pages cost memory, and a fixed map avoids having to replay a
  // batch after MDB_MAP_FULL. If the address space is restricted, open() retries with smaller maps.
  std::size_t map_size = std::size_t{64} << 30;
  unsigned max_databases = 32;
};

// Throws StoreError unless `data_file` (a data.mdb) is missing, empty, or has two well-formed LMDB
// meta pages whose recorded extent fits in the file. LMDB trusts these pages, and a damaged or
// truncated file can make it read outside the mapping and crash, so they are checked beforehand.
void validate_data_file(const std::filesystem::path& data_file);

class Environment {
 public:
  // Opens, creating it if needed, the LMDB environment in `directory`. LMDB forbids opening one
  // environment twice in a process, so later opens of the same directory share the open one (and
  // ignore `options`) for as long as any holder keeps it.
  static std::shared_ptr<Environment> open(const std::filesystem::path& directory,
                                           const EnvironmentOptions& options = {});

  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  MDB_env* handle() const { return env_.get(); }
  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path data_file() const { return directory_ / "data.mdb"; }
  std::size_t map_size() const;

  // LMDB forbids concurrent mdb_dbi_open/mdb_drop calls in one process; whoever opens, creates or
  // drops named databases holds this lock for the duration of that transaction.
  std::mutex& schema_mutex() const { return schema_mutex_; }

  // The thread holding this environment's write transaction, if any. LMDB's writer lock is not
  // recursive: a second write transaction on the same thread would deadlock, so it is refused.
  std::atomic<std::thread::id>& writing_thread() const { return writing_thread_; }

  [[noreturn]] void fail(std::string_view action, int rc) const;
  [[noreturn]] void fail(std::string_view message) const;
  void check(int rc, std::string_view action) const {
    if (rc != MDB_SUCCESS) fail(action, rc);
  }

 private:
  struct EnvCloser {
    void operator()(MDB_env* env) const { mdb_env_close(env); }
  };
  Environment(std::filesystem::path directory, MDB_env* env);
  friend struct EnvironmentRegistry;

  std::filesystem::path directory_;
  std::unique_ptr<MDB_env, EnvCloser> env_;
  mutable std::mutex schema_mutex_;
  mutable std::atomic<std::thread::id> writing_thread_{};
};

enum class TxnMode { read, write };

// A transaction; aborted on destruction unless committed. With MDB_NOTLS a read transaction may be
// used from any thread (one at a time); a write transaction must stay on the thread that began it.
class Transaction {
 public:
  Transaction(const Environment& env, TxnMode mode);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  MDB_txn* handle() const { return txn_; }
  const Environment& env() const { return *env_; }

  // Opens a named database; nullopt when it does not exist and `flags` lacks MDB_CREATE. Throws if
  // the database exists with other persistent flags (MDB_DUPSORT, ...) than `flags` asks for.
  std::optional<MDB_dbi> open_database(const std::string& name, unsigned flags);
  // The number of entries of a named database; nullopt when it does not exist.
  std::optional<std::uint64_t> database_entries(const std::string& name);
  // The names of every named database, sorted.
  std::vector<std::string> database_names() const;
  // Deletes a named database and closes its handle; false when it does not exist.
  bool drop_database(const std::string& name);

  // The returned view points into the map and is valid until the transaction ends or, in a write
  // transaction, until the next change.
  std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) const;
  void put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // put() with MDB_NOOVERWRITE or MDB_NODUPDATA: false when the key (or pair) was already there.
  bool put_new(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags);
  bool erase(MDB_dbi dbi, std::string_view key);                          // false when absent
  bool erase(MDB_dbi dbi, std::string_view key, std::string_view value);  // one duplicate of a DUPSORT key
  MDB_stat stat(MDB_dbi dbi) const;

 private:
  void finish();

  const Environment* env_;
  MDB_txn* txn_ = nullptr;
  bool writes_ = false;
};

// A cursor over one database of a transaction; must not outlive it.
class Cursor {
 public:
  Cursor(const Transaction& txn, MDB_dbi dbi);
  ~Cursor() { mdb_cursor_close(cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Each returns false when LMDB reports MDB_NOTFOUND, and throws on any other error.
  bool move(MDB_cursor_op op);                                                // MDB_FIRST, MDB_NEXT, MDB_NEXT_DUP, ...
  bool seek(MDB_cursor_op op, std::string_view key);                          // MDB_SET_KEY, MDB_SET_RANGE
  bool seek(MDB_cursor_op op, std::string_view key, std::string_view value);  // MDB_GET_BOTH_RANGE
  std::string_view key() const { return {static_cast<const char*>(key_.mv_data), key_.mv_size}; }
  std::string_view value() const { return {static_cast<const char*>(value_.mv_data), value_.mv_size}; }
  void erase_current();

 private:
  bool position(MDB_cursor_op op, const char* action);

  const Transaction* txn_;
  MDB_cursor* cursor_ = nullptr;
  MDB_val key_{};
  MDB_val value_{};
};

}  // namespace ax::lmdb_store
