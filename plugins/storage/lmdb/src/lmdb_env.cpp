#include "lmdb_env.hpp"

#include <array>
#include <cerrno>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <ax/sdk/storage.hpp>

namespace ax::lmdb_store {
namespace fs = std::filesystem;

namespace {

MDB_val to_val(std::string_view bytes) {
  // LMDB never writes through the input MDB_val, it only copies from it.
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

std::string_view from_val(const MDB_val& val) { return {static_cast<const char*>(val.mv_data), val.mv_size}; }

std::string quoted(const fs::path& path) {
  std::string text = path.string();
  text.insert(text.begin(), '\'');
  text.push_back('\'');
  return text;
}

std::string to_hex(unsigned value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  do {
    hex.insert(hex.begin(), kDigits[value & 0xf]);
    value >>= 4;
  } while (value != 0);
  return hex;
}

// --- the LMDB 0.9 on-disk meta page (mdb.c: MDB_page header followed by MDB_meta) ---
// Offsets are for 64-bit builds, the only ones ax supports.
static_assert(sizeof(std::size_t) == 8, "the data.mdb header check assumes a 64-bit LMDB");
constexpr std::size_t kPageHeaderBytes = 16;  // pgno, pad, flags, lower, upper
constexpr std::size_t kPageFlagsOffset = 10;
constexpr std::uint16_t kMetaPageFlag = 0x08;                // P_META
constexpr std::size_t kMagicOffset = kPageHeaderBytes + 0;   // mm_magic
constexpr std::size_t kFormatOffset = kPageHeaderBytes + 4;  // mm_version
constexpr std::size_t kFreeDb = kPageHeaderBytes + 24;       // mm_dbs[0]; its md_pad is the page size
constexpr std::size_t kMainDb = kFreeDb + 48;                // mm_dbs[1]
constexpr std::size_t kDbRootOffset = 40;                    // md_root within an MDB_db
constexpr std::size_t kLastPageOffset = kMainDb + 48;        // mm_last_pg
constexpr std::size_t kTxnIdOffset = kLastPageOffset + 8;    // mm_txnid
constexpr std::size_t kMetaBytes = kTxnIdOffset + 8;
constexpr std::uint32_t kLmdbMagic = 0xBEEFC0DE;
constexpr std::uint32_t kLmdbDataFormat = 1;  // MDB_DATA_VERSION
constexpr std::uint64_t kInvalidPage = ~std::uint64_t{0};

std::uint64_t read_le(const std::array<char, kMetaBytes>& page, std::size_t offset, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes; i-- > 0;) value = (value << 8) | static_cast<std::uint8_t>(page[offset + i]);
  return value;
}

struct MetaPage {
  std::uint64_t page_size = 0;
  std::uint64_t last_page = 0;
  std::uint64_t txn_id = 0;
  std::uint64_t free_root = 0;
  std::uint64_t main_root = 0;
};

[[noreturn]] void corrupt_data_file(const fs::path& data_file, const std::string& why) {
  throw sdk::StoreError("symbol store " + quoted(data_file.parent_path()) + " is corrupt: data.mdb " + why +
                        "; remove the directory and index again");
}

MetaPage read_meta_page(std::ifstream& in, const fs::path& data_file, std::uint64_t offset, const char* which) {
  std::array<char, kMetaBytes> page{};
  in.seekg(static_cast<std::streamoff>(offset));
  if (!in.read(page.data(), page.size())) corrupt_data_file(data_file, std::string("has no readable ") + which);
  if ((read_le(page, kPageFlagsOffset, 2) & kMetaPageFlag) == 0 || read_le(page, kMagicOffset, 4) != kLmdbMagic)
    corrupt_data_file(data_file, std::string("has no LMDB signature in its ") + which);
  if (read_le(page, kFormatOffset, 4) != kLmdbDataFormat)
    corrupt_data_file(data_file, "has an unsupported LMDB format version");
  MetaPage meta;
  meta.page_size = read_le(page, kFreeDb, 4);
  meta.free_root = read_le(page, kFreeDb + kDbRootOffset, 8);
  meta.main_root = read_le(page, kMainDb + kDbRootOffset, 8);
  meta.last_page = read_le(page, kLastPageOffset, 8);
  meta.txn_id = read_le(page, kTxnIdOffset, 8);
  return meta;
}

}  // namespace

void validate_data_file(const fs::path& data_file) {
  std::error_code error;
  const std::uintmax_t file_bytes = fs::file_size(data_file, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return;  // a new store
    throw sdk::StoreError("symbol store " + quoted(data_file.parent_path()) +
                          ": cannot read data.mdb: " + error.message());
  }
  if (file_bytes == 0) return;  // LMDB initialises an empty data file like a missing one

  std::ifstream in(data_file, std::ios::binary);
  if (!in) throw sdk::StoreError("symbol store " + quoted(data_file.parent_path()) + ": cannot open data.mdb");
  const MetaPage first = read_meta_page(in, data_file, 0, "first meta page");
  const std::uint64_t page_size = first.page_size;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
    corrupt_data_file(data_file, "records an impossible page size");
  if (file_bytes < 2 * page_size) corrupt_data_file(data_file, "is truncated");
  const MetaPage second = read_meta_page(in, data_file, page_size, "second meta page");

  // LMDB uses the meta page with the newer transaction id; it must describe pages inside the file.
  const MetaPage& current = second.txn_id > first.txn_id ? second : first;
  if (current.last_page < 1 || current.last_page >= file_bytes / page_size)
    corrupt_data_file(data_file, "is truncated");
  for (const std::uint64_t root : {current.free_root, current.main_root})
    if (root != kInvalidPage && (root < 2 || root > current.last_page))
      corrupt_data_file(data_file, "points outside itself");
}

// One MDB_env per directory per process. Every open() hands out its own shared_ptr whose deleter
// releases one hold under the registry mutex; the environment closes when the last hold goes, still
// under the mutex, so an open of the same directory never overlaps a close.
struct EnvironmentRegistry {
  struct Entry {
    std::unique_ptr<Environment> environment;
    std::size_t holders = 0;
  };

  static std::mutex& mutex() {
    static std::mutex instance;
    return instance;
  }
  static std::map<std::string, Entry>& entries() {
    static std::map<std::string, Entry> instance;
    return instance;
  }

  static std::shared_ptr<Environment> open(const fs::path& directory, const EnvironmentOptions& options) {
    std::error_code error;
    fs::create_directories(directory, error);
    if (error)
      throw sdk::StoreError("symbol store " + quoted(directory) + ": cannot create the directory: " + error.message());
    const fs::path canonical = fs::canonical(directory, error);
    if (error) throw sdk::StoreError("symbol store " + quoted(directory) + ": " + error.message());
    const std::string key = canonical.string();

    std::lock_guard lock(mutex());
    auto found = entries().find(key);
    if (found == entries().end()) {
      validate_data_file(canonical / "data.mdb");
      std::unique_ptr<Environment> environment(new Environment(canonical, create(canonical, options)));
      found = entries().emplace(key, Entry{std::move(environment), 0}).first;
    }
    ++found->second.holders;
    return std::shared_ptr<Environment>(found->second.environment.get(), [key](Environment*) {
      std::lock_guard release_lock(mutex());
      auto held = entries().find(key);
      if (held != entries().end() && --held->second.holders == 0) entries().erase(held);
    });
  }

  static MDB_env* create(const fs::path& directory, const EnvironmentOptions& options) {
    constexpr std::size_t kSmallestMap = std::size_t{1} << 30;
    std::size_t map_size = options.map_size;
    while (true) {
      MDB_env* raw = nullptr;
      if (const int rc = mdb_env_create(&raw); rc != MDB_SUCCESS)
        throw sdk::StoreError("symbol store " + quoted(directory) + ": cannot create environment: " + mdb_strerror(rc));
      std::unique_ptr<MDB_env, void (*)(MDB_env*)> env(raw, mdb_env_close);
      int rc = mdb_env_set_maxdbs(env.get(), options.max_databases);
      if (rc == MDB_SUCCESS) rc = mdb_env_set_mapsize(env.get(), map_size);
      if (rc == MDB_SUCCESS) rc = mdb_env_open(env.get(), directory.c_str(), MDB_NOTLS, 0644);
      if (rc == MDB_SUCCESS) {
        // Free reader slots left behind by processes that died mid-read, so they cannot pin old
        // pages (and grow the file) forever.
        int stale_readers = 0;
        mdb_reader_check(env.get(), &stale_readers);
        return env.release();
      }
      // mmap refused the size (e.g. a limited address space): retry with a smaller map.
      if (rc == ENOMEM && map_size / 2 >= kSmallestMap) {
        map_size /= 2;
        continue;
      }
      std::string message = "symbol store " + quoted(directory) + ": cannot open: " + mdb_strerror(rc);
      if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH || rc == MDB_CORRUPTED)
        message += "; the store is corrupt, remove the directory and index again";
      throw sdk::StoreError(message);
    }
  }
};

std::shared_ptr<Environment> Environment::open(const fs::path& directory, const EnvironmentOptions& options) {
  return EnvironmentRegistry::open(directory, options);
}

Environment::Environment(fs::path directory, MDB_env* env) : directory_(std::move(directory)), env_(env) {}

std::size_t Environment::map_size() const {
  MDB_envinfo info{};
  mdb_env_info(env_.get(), &info);
  return info.me_mapsize;
}

void Environment::fail(std::string_view action, int rc) const {
  std::string message = "symbol store " + quoted(directory_) + ": " + std::string(action) + ": " + mdb_strerror(rc);
  switch (rc) {
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
      message += "; the store is corrupt, remove the directory and index again";
      break;
    case MDB_MAP_FULL:
      message += " (" + std::to_string(map_size() >> 20) + " MiB); the store is full";
      break;
    case MDB_TXN_FULL:
      message += "; commit in smaller batches";
      break;
    case MDB_INCOMPATIBLE:
      message += "; the store's layout does not match this version of ax";
      break;
    default:
      break;
  }
  throw sdk::StoreError(message);
}

void Environment::fail(std::string_view message) const {
  throw sdk::StoreError("symbol store " + quoted(directory_) + ": " + std::string(message));
}

Transaction::Transaction(const Environment& env, TxnMode mode) : env_(&env), writes_(mode == TxnMode::write) {
  if (writes_ && env.writing_thread().load() == std::this_thread::get_id())
    env.fail("this thread already has a write transaction open; commit or discard it first");
  env.check(mdb_txn_begin(env.handle(), nullptr, writes_ ? 0 : MDB_RDONLY, &txn_),
            writes_ ? "cannot begin a write transaction" : "cannot begin a read transaction");
  if (writes_) env.writing_thread().store(std::this_thread::get_id());
}

Transaction::~Transaction() {
  if (txn_ != nullptr) {
    mdb_txn_abort(txn_);
    finish();
  }
}

void Transaction::finish() {
  txn_ = nullptr;
  if (writes_) env_->writing_thread().store(std::thread::id{});
}

void Transaction::commit() {
  MDB_txn* txn = txn_;
  finish();  // LMDB frees the transaction even when the commit fails
  env_->check(mdb_txn_commit(txn), "cannot commit");
}

namespace {
constexpr unsigned kPersistentFlags =
    MDB_REVERSEKEY | MDB_DUPSORT | MDB_INTEGERKEY | MDB_DUPFIXED | MDB_INTEGERDUP | MDB_REVERSEDUP;

std::optional<MDB_dbi> open_dbi(const Environment& env, MDB_txn* txn, const std::string& name, unsigned flags) {
  MDB_dbi dbi = 0;
  const int rc = mdb_dbi_open(txn, name.c_str(), flags, &dbi);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  env.check(rc, "cannot open database '" + name + "'");
  return dbi;
}
}  // namespace

std::optional<MDB_dbi> Transaction::open_database(const std::string& name, unsigned flags) {
  const std::optional<MDB_dbi> dbi = open_dbi(*env_, txn_, name, flags);
  if (!dbi) return dbi;
  unsigned actual = 0;
  env_->check(mdb_dbi_flags(txn_, *dbi, &actual), "cannot read the flags of database '" + name + "'");
  if ((actual & kPersistentFlags) != (flags & kPersistentFlags))
    env_->fail("database '" + name + "' has flags 0x" + to_hex(actual & kPersistentFlags) + " where 0x" +
               to_hex(flags & kPersistentFlags) + " was expected; the store's layout does not match this ax");
  return dbi;
}

std::optional<std::uint64_t> Transaction::database_entries(const std::string& name) {
  const std::optional<MDB_dbi> dbi = open_dbi(*env_, txn_, name, 0);
  if (!dbi) return std::nullopt;
  return stat(*dbi).ms_entries;
}

std::vector<std::string> Transaction::database_names() const {
  // The main database holds one key per named database (ax stores nothing else in it).
  constexpr MDB_dbi kMainDatabase = 1;
  std::vector<std::string> names;
  Cursor cursor(*this, kMainDatabase);
  for (bool more = cursor.move(MDB_FIRST); more; more = cursor.move(MDB_NEXT)) names.emplace_back(cursor.key());
  return names;
}

bool Transaction::drop_database(const std::string& name) {
  const std::optional<MDB_dbi> dbi = open_dbi(*env_, txn_, name, 0);
  if (!dbi) return false;
  env_->check(mdb_drop(txn_, *dbi, 1), "cannot drop database '" + name + "'");
  return true;
}

std::optional<std::string_view> Transaction::get(MDB_dbi dbi, std::string_view key) const {
  MDB_val key_val = to_val(key);
  MDB_val value{};
  const int rc = mdb_get(txn_, dbi, &key_val, &value);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  env_->check(rc, "cannot read");
  return from_val(value);
}

void Transaction::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val key_val = to_val(key);
  MDB_val value_val = to_val(value);
  env_->check(mdb_put(txn_, dbi, &key_val, &value_val, flags), "cannot write");
}

bool Transaction::put_new(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val key_val = to_val(key);
  MDB_val value_val = to_val(value);
  const int rc = mdb_put(txn_, dbi, &key_val, &value_val, flags);
  if (rc == MDB_KEYEXIST) return false;
  env_->check(rc, "cannot write");
  return true;
}

bool Transaction::erase(MDB_dbi dbi, std::string_view key) {
  MDB_val key_val = to_val(key);
  const int rc = mdb_del(txn_, dbi, &key_val, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  env_->check(rc, "cannot delete");
  return true;
}

bool Transaction::erase(MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val key_val = to_val(key);
  MDB_val value_val = to_val(value);
  const int rc = mdb_del(txn_, dbi, &key_val, &value_val);
  if (rc == MDB_NOTFOUND) return false;
  env_->check(rc, "cannot delete");
  return true;
}

MDB_stat Transaction::stat(MDB_dbi dbi) const {
  MDB_stat stat{};
  env_->check(mdb_stat(txn_, dbi, &stat), "cannot read database statistics");
  return stat;
}

Cursor::Cursor(const Transaction& txn, MDB_dbi dbi) : txn_(&txn) {
  txn.env().check(mdb_cursor_open(txn.handle(), dbi, &cursor_), "cannot open a cursor");
}

bool Cursor::position(MDB_cursor_op op, const char* action) {
  const int rc = mdb_cursor_get(cursor_, &key_, &value_, op);
  if (rc == MDB_NOTFOUND) return false;
  txn_->env().check(rc, action);
  return true;
}

bool Cursor::move(MDB_cursor_op op) { return position(op, "cannot read"); }

bool Cursor::seek(MDB_cursor_op op, std::string_view key) {
  key_ = to_val(key);
  return position(op, "cannot search");
}

bool Cursor::seek(MDB_cursor_op op, std::string_view key, std::string_view value) {
  key_ = to_val(key);
  value_ = to_val(value);
  return position(op, "cannot search");
}

void Cursor::erase_current() { txn_->env().check(mdb_cursor_del(cursor_, 0), "cannot delete"); }

}  // namespace ax::lmdb_store
