#include "ax/telemetry/store.hpp"

#include <lmdb.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <system_error>

#include <ax/digest/sha256.hpp>

namespace ax::telemetry {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMapSize = std::size_t{4} << 30;  // reserved address space, not disk

// Thrown inside the store for LMDB errors; open() tells damage from other failures by the code.
class LmdbError : public std::runtime_error {
 public:
  LmdbError(const std::string& what, int code) : std::runtime_error(what + ": " + mdb_strerror(code)), code(code) {}
  int code;
};

void check(int rc, const char* what) {
  if (rc != MDB_SUCCESS) throw LmdbError(what, rc);
}

bool is_damage(int code) {
  return code == MDB_INVALID || code == MDB_CORRUPTED || code == MDB_PAGE_NOTFOUND || code == MDB_VERSION_MISMATCH ||
         code == MDB_BAD_TXN || code == MDB_INCOMPATIBLE || code == MDB_BAD_VALSIZE;
}

class Txn {
 public:
  Txn(MDB_env* env, bool write) { check(mdb_txn_begin(env, nullptr, write ? 0 : MDB_RDONLY, &txn_), "begin"); }
  ~Txn() {
    if (txn_ != nullptr) mdb_txn_abort(txn_);
  }
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  void commit() {
    int rc = mdb_txn_commit(txn_);
    txn_ = nullptr;
    check(rc, "commit");
  }
  MDB_txn* get() { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi) { check(mdb_cursor_open(txn, dbi, &cursor_), "cursor"); }
  ~Cursor() { close(); }
  // A write transaction frees its cursors when it commits: close one first if it outlives the commit.
  void close() {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
    cursor_ = nullptr;
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  MDB_cursor* get() { return cursor_; }

 private:
  MDB_cursor* cursor_ = nullptr;
};

MDB_val val(std::string_view s) { return {s.size(), const_cast<char*>(s.data())}; }
std::string_view view(const MDB_val& v) { return {static_cast<const char*>(v.mv_data), v.mv_size}; }

void put_be64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (i * 8)) & 0xff));
}
std::uint64_t get_be64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
  return v;
}
// Times before 1970 do not occur; offsetting keeps keys of signed values sorted as unsigned.
std::string time_key(std::int64_t t) {
  std::string k;
  put_be64(k, static_cast<std::uint64_t>(t) ^ (std::uint64_t{1} << 63));
  return k;
}
std::int64_t key_time(std::string_view k) { return static_cast<std::int64_t>(get_be64(k) ^ (std::uint64_t{1} << 63)); }

std::string random_hex(std::size_t bytes) {
  std::random_device device;
  std::string out;
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    auto b = static_cast<unsigned>(device() & 0xff);
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string encode_aggregate(const Aggregate& a) {
  std::string out;
  put_be64(out, a.count);
  put_be64(out, a.failures);
  put_be64(out, static_cast<std::uint64_t>(a.sum_count));
  std::uint64_t bits;
  std::memcpy(&bits, &a.sum_value, 8);
  put_be64(out, bits);
  std::memcpy(&bits, &a.max_value, 8);
  put_be64(out, bits);
  for (auto b : a.buckets) put_be64(out, b);
  out.append(a.sample);
  return out;
}

bool decode_aggregate(std::string_view in, Aggregate& a) {
  if (in.size() < 8 * (5 + kBuckets)) return false;
  auto next = [&] {
    std::uint64_t v = get_be64(in);
    in.remove_prefix(8);
    return v;
  };
  a.count = next();
  a.failures = next();
  a.sum_count = static_cast<std::int64_t>(next());
  std::uint64_t bits = next();
  std::memcpy(&a.sum_value, &bits, 8);
  bits = next();
  std::memcpy(&a.max_value, &bits, 8);
  for (auto& b : a.buckets) b = next();
  a.sample.assign(in);
  return true;
}

std::string aggregate_key(const Aggregate& a) {
  std::string k = time_key(a.day);
  k.push_back(static_cast<char>(a.kind));
  k += a.name;
  k.push_back('\0');
  k += a.command;
  return k;
}

bool parse_aggregate_key(std::string_view k, Aggregate& a) {
  if (k.size() < 10) return false;
  a.day = key_time(k);
  auto kind = static_cast<std::uint8_t>(k[8]);
  if (kind < 1 || kind > static_cast<std::uint8_t>(EventKind::flag_change)) return false;
  a.kind = static_cast<EventKind>(kind);
  k.remove_prefix(9);
  auto zero = k.find('\0');
  if (zero == std::string_view::npos) return false;
  a.name.assign(k.substr(0, zero));
  a.command.assign(k.substr(zero + 1));
  return true;
}

}  // namespace

// --- Aggregate ---

void Aggregate::add(const Event& e) {
  ++count;
  if (e.kind == EventKind::command && e.count != 0) ++failures;
  sum_count += e.count;
  sum_value += e.value;
  max_value = count == 1 ? e.value : std::max(max_value, e.value);
  double ms = e.value * 1000;
  std::size_t bucket = std::upper_bound(kBoundsMs.begin(), kBoundsMs.end(), ms) - kBoundsMs.begin();
  if (bucket > 0 && ms == kBoundsMs[bucket - 1]) --bucket;  // bounds are inclusive upper limits
  ++buckets[bucket];
  if (!e.detail.empty()) sample = e.detail;
}

void Aggregate::merge(const Aggregate& o) {
  if (o.count == 0) return;
  max_value = count == 0 ? o.max_value : std::max(max_value, o.max_value);
  count += o.count;
  failures += o.failures;
  sum_count += o.sum_count;
  sum_value += o.sum_value;
  for (std::size_t i = 0; i < kBuckets; ++i) buckets[i] += o.buckets[i];
  if (!o.sample.empty()) sample = o.sample;
}

double Aggregate::quantile_ms(double q) const {
  if (count == 0) return 0;
  double rank = q * static_cast<double>(count);
  double seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    if (buckets[i] == 0) continue;
    if (seen + static_cast<double>(buckets[i]) >= rank) {
      double low = i == 0 ? 0 : kBoundsMs[i - 1];
      double high = i < kBoundsMs.size() ? kBoundsMs[i] : std::max(low, max_value * 1000);
      high = std::min(high, max_value * 1000);
      if (high < low) high = low;
      double within = (rank - seen) / static_cast<double>(buckets[i]);
      return low + (high - low) * std::clamp(within, 0.0, 1.0);
    }
    seen += static_cast<double>(buckets[i]);
  }
  return max_value * 1000;
}

// --- Store ---

struct Store::Env {
  MDB_env* env = nullptr;
  MDB_dbi meta = 0, migrations = 0, events = 0, daily = 0, outbox = 0;
  std::string key_suffix;  // makes this process's event keys unique beside others at the same time
  std::uint32_t sequence = 0;
  ~Env() {
    if (env != nullptr) mdb_env_close(env);
  }
};

namespace {

struct Migration {
  int version;
  const char* name;
};
// The layout, step by step: each step runs with its history row in one write transaction.
constexpr Migration kMigrations[] = {
    {1, "events_and_daily_aggregates"},
    {2, "submission_outbox"},
};

MDB_dbi open_dbi(MDB_txn* txn, const char* name, bool create) {
  MDB_dbi dbi;
  check(mdb_dbi_open(txn, name, create ? MDB_CREATE : 0, &dbi), name);
  return dbi;
}

std::optional<std::string> get(MDB_txn* txn, MDB_dbi dbi, std::string_view key) {
  MDB_val k = val(key), v;
  int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "get");
  return std::string(view(v));
}

void put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = val(key), v = val(value);
  check(mdb_put(txn, dbi, &k, &v, 0), "put");
}

void new_identity(MDB_txn* txn, MDB_dbi meta) {
  put(txn, meta, "install_id", random_hex(16));
  put(txn, meta, "repository_salt", random_hex(32));
}

// The common case, a store already at the current schema, needs no write transaction.
bool open_current(Store::Env& e) {
  Txn txn(e.env, false);
  MDB_dbi meta;
  if (mdb_dbi_open(txn.get(), "meta", 0, &meta) != MDB_SUCCESS) return false;
  auto version = get(txn.get(), meta, "schema_version");
  if (!version || std::atoi(version->c_str()) != Store::kSchemaVersion) return false;
  e.meta = meta;
  e.migrations = open_dbi(txn.get(), "migrations", false);
  e.events = open_dbi(txn.get(), "events", false);
  e.daily = open_dbi(txn.get(), "daily", false);
  e.outbox = open_dbi(txn.get(), "outbox", false);
  txn.commit();
  return true;
}

void migrate(Store::Env& e) {
  if (open_current(e)) return;
  Txn txn(e.env, true);
  e.meta = open_dbi(txn.get(), "meta", true);
  e.migrations = open_dbi(txn.get(), "migrations", true);
  int version = 0;
  if (auto v = get(txn.get(), e.meta, "schema_version")) {
    version = std::atoi(v->c_str());
    if (version <= 0) throw LmdbError("schema_version", MDB_CORRUPTED);
  }
  if (version > Store::kSchemaVersion)
    throw StoreUnavailable("the telemetry store was written by a newer ax (schema " + std::to_string(version) + ")");
  for (const auto& m : kMigrations) {
    if (m.version <= version) continue;
    switch (m.version) {
      case 1:
        open_dbi(txn.get(), "events", true);
        open_dbi(txn.get(), "daily", true);
        new_identity(txn.get(), e.meta);
        break;
      case 2:
        open_dbi(txn.get(), "outbox", true);
        break;
    }
    put(txn.get(), e.migrations, std::to_string(1000 + m.version).substr(1),
        std::string(m.name) + " " + day_string(day_of(now_ns())));
    put(txn.get(), e.meta, "schema_version", std::to_string(m.version));
  }
  e.events = open_dbi(txn.get(), "events", false);
  e.daily = open_dbi(txn.get(), "daily", false);
  e.outbox = open_dbi(txn.get(), "outbox", false);
  if (!get(txn.get(), e.meta, "install_id")) throw LmdbError("install_id", MDB_CORRUPTED);
  txn.commit();
}

std::unique_ptr<Store::Env> open_env(const fs::path& dir) {
  auto e = std::make_unique<Store::Env>();
  check(mdb_env_create(&e->env), "create");
  check(mdb_env_set_maxdbs(e->env, 8), "maxdbs");
  check(mdb_env_set_mapsize(e->env, kMapSize), "mapsize");
  int rc = mdb_env_open(e->env, dir.c_str(), MDB_NOSYNC | MDB_NOMETASYNC, 0644);
  if (rc != MDB_SUCCESS) {
    if (rc == EACCES || rc == EROFS || rc == EPERM)
      throw StoreUnavailable(dir.string() + " is not writable (" + mdb_strerror(rc) + ")");
    throw LmdbError("open", rc);
  }
  migrate(*e);
  e->key_suffix.clear();
  put_be64(e->key_suffix, (static_cast<std::uint64_t>(::getpid()) << 32) | (std::random_device{}() & 0xffffffffu));
  return e;
}

std::string utc_stamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
  return buffer;
}

}  // namespace

Store::Store(std::unique_ptr<Env> env) : env_(std::move(env)) {}
Store::~Store() = default;

std::unique_ptr<Store> Store::open(const fs::path& dir, std::string& warning) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || ::access(dir.c_str(), W_OK) != 0)
    throw StoreUnavailable(dir.string() + " is not writable" + (ec ? " (" + ec.message() + ")" : std::string()));
  try {
    return std::unique_ptr<Store>(new Store(open_env(dir)));
  } catch (const LmdbError& error) {
    if (!is_damage(error.code)) throw StoreUnavailable(dir.string() + ": " + error.what());
    fs::path aside = dir;
    aside += ".corrupt-" + utc_stamp();
    fs::rename(dir, aside, ec);
    if (ec) throw StoreUnavailable(dir.string() + " is damaged and cannot be moved aside: " + ec.message());
    warning = "the telemetry store " + dir.string() + " was damaged (" + error.what() + "); moved it to " +
              aside.string() + " and started a new one";
    fs::create_directories(dir, ec);
    try {
      return std::unique_ptr<Store>(new Store(open_env(dir)));
    } catch (const LmdbError& again) {
      throw StoreUnavailable(dir.string() + ": " + again.what());
    }
  }
}

void Store::append(const std::vector<Event>& events) {
  if (events.empty()) return;
  Txn txn(env_->env, true);
  for (const auto& e : events) {
    std::string key = time_key(e.time_ns) + env_->key_suffix;
    put_be64(key, env_->sequence++);
    put(txn.get(), env_->events, key, encode(e));
  }
  txn.commit();
}

std::int64_t Store::first_raw_day(std::int64_t now) {
  Txn txn(env_->env, false);
  if (auto v = get(txn.get(), env_->meta, "aggregated_through")) return std::atoll(v->c_str()) + 1;
  return day_of(now);
}

void Store::for_each_event(std::int64_t from, std::int64_t to, const std::function<bool(const Event&)>& visit) {
  Txn txn(env_->env, false);
  Cursor cursor(txn.get(), env_->events);
  std::string start = time_key(from);
  MDB_val k = val(start), v;
  for (int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE); rc == MDB_SUCCESS;
       rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
    if (k.mv_size < 8) continue;
    std::int64_t t = key_time(view(k));
    if (t >= to) break;
    if (auto e = decode(view(v), t))
      if (!visit(*e)) break;
  }
}

int Store::maintain(std::int64_t now, int retention_days) {
  const std::int64_t today = day_of(now);
  const std::int64_t oldest_kept = today - retention_days;
  std::int64_t next;
  bool had_marker = false;
  {
    Txn txn(env_->env, false);
    if (auto v = get(txn.get(), env_->meta, "aggregated_through")) {
      had_marker = true;
      next = std::atoll(v->c_str()) + 1;
    } else {
      // First run: start at the first event (a new store has none, so start today).
      Cursor cursor(txn.get(), env_->events);
      MDB_val k, v2;
      next = mdb_cursor_get(cursor.get(), &k, &v2, MDB_FIRST) == MDB_SUCCESS && k.mv_size >= 8
                 ? day_of(key_time(view(k)))
                 : today;
    }
  }
  // Once a day's first run has rolled up and pruned, later runs that day stop here (one read).
  if (had_marker && next >= today) return 0;
  next = std::max(next, oldest_kept);
  int rolled = 0;
  // One write transaction per day keeps the writer lock short for concurrent commands.
  for (std::int64_t day = next; day < today; ++day) {
    std::map<std::string, Aggregate> day_aggregates;
    Txn txn(env_->env, true);
    {
      Cursor cursor(txn.get(), env_->events);
      std::string start = time_key(day * kNanosPerDay);
      MDB_val k = val(start), v;
      int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);
      if (rc == MDB_NOTFOUND) {
        // No events from this day on: everything before today is rolled up.
        put(txn.get(), env_->meta, "aggregated_through", std::to_string(today - 1));
        cursor.close();
        txn.commit();
        break;
      }
      if (rc == MDB_SUCCESS && day_of(key_time(view(k))) > day) {
        // Nothing that day: jump to the next day with events (or today).
        std::int64_t skip_to = std::min(day_of(key_time(view(k))), today);
        put(txn.get(), env_->meta, "aggregated_through", std::to_string(skip_to - 1));
        cursor.close();
        txn.commit();
        day = skip_to - 1;
        continue;
      }
      for (; rc == MDB_SUCCESS; rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
        std::int64_t t = key_time(view(k));
        if (day_of(t) != day) break;
        auto e = decode(view(v), t);
        if (!e) continue;
        Aggregate probe;
        probe.day = day;
        probe.kind = e->kind;
        probe.name = aggregate_name(*e);
        probe.command = e->command;
        auto [it, inserted] = day_aggregates.try_emplace(aggregate_key(probe), probe);
        it->second.add(*e);
      }
    }
    for (auto& [key, aggregate] : day_aggregates) {
      // Events recorded late for a day already rolled up (clock skew) add to its aggregate.
      if (auto existing = get(txn.get(), env_->daily, key)) {
        Aggregate old;
        if (decode_aggregate(*existing, old)) aggregate.merge(old);
      }
      put(txn.get(), env_->daily, key, encode_aggregate(aggregate));
    }
    put(txn.get(), env_->meta, "aggregated_through", std::to_string(day));
    txn.commit();
    if (!day_aggregates.empty()) ++rolled;
  }
  if (next > today) {
    // Nothing to do: the marker is ahead (clock moved back); leave it.
  } else if (rolled == 0 && next == today) {
    Txn txn(env_->env, true);
    if (!get(txn.get(), env_->meta, "aggregated_through"))
      put(txn.get(), env_->meta, "aggregated_through", std::to_string(today - 1));
    txn.commit();
  }
  // Retention: raw events and aggregates older than the window.
  Txn txn(env_->env, true);
  for (MDB_dbi dbi : {env_->events, env_->daily}) {
    std::string cutoff = time_key(dbi == env_->events ? oldest_kept * kNanosPerDay : oldest_kept);
    Cursor cursor(txn.get(), dbi);
    MDB_val k, v;
    for (int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
         rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
      if (view(k).substr(0, 8) >= std::string_view(cutoff)) break;
      check(mdb_cursor_del(cursor.get(), 0), "delete");
    }
  }
  txn.commit();
  return rolled;
}

std::vector<Aggregate> Store::aggregates(std::int64_t from_day, std::int64_t to_day) {
  std::vector<Aggregate> out;
  Txn txn(env_->env, false);
  Cursor cursor(txn.get(), env_->daily);
  std::string start = time_key(from_day);
  MDB_val k = val(start), v;
  for (int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE); rc == MDB_SUCCESS;
       rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
    Aggregate a;
    if (!parse_aggregate_key(view(k), a)) continue;
    if (a.day > to_day) break;
    if (decode_aggregate(view(v), a)) out.push_back(std::move(a));
  }
  return out;
}

std::uint64_t Store::event_count() {
  Txn txn(env_->env, false);
  MDB_stat stat;
  check(mdb_stat(txn.get(), env_->events, &stat), "stat");
  return stat.ms_entries;
}

std::string Store::install_id() { return meta("install_id").value_or(""); }

namespace {
std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t fnv = 14695981039346656037ull;
  for (char c : bytes) fnv = (fnv ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return fnv;
}
}  // namespace

std::string Store::salted_id(std::string_view cache_prefix, std::string_view identity, std::size_t length) {
  // Cached under a short key, so that a command run does not pay for SHA-256 (loading the digest library)
  // every time. The key hashes the salt too: a cache key of a guessable identity (a user name) must
  // not be reversible by hashing guesses without the salt.
  const std::string salted = meta("repository_salt").value_or("") + "\n" + std::string(identity);
  char cache_key[48];
  std::snprintf(cache_key, sizeof cache_key, "%.*s%016llx", static_cast<int>(cache_prefix.size()), cache_prefix.data(),
                static_cast<unsigned long long>(fnv1a(cache_prefix == "repository:" ? identity : salted)));
  if (auto cached = meta(cache_key)) return *cached;
  std::string id = digest::sha256_hex(salted).substr(0, length);
  Txn txn(env_->env, true);
  put(txn.get(), env_->meta, cache_key, id);
  txn.commit();
  return id;
}

std::string Store::repository_id(std::string_view identity) { return salted_id("repository:", identity, 32); }

std::string Store::unit_id(std::string_view flag, std::string_view unit) {
  return salted_id("unit:", std::string("flag-unit\n") + std::string(flag) + "\n" + std::string(unit), 16);
}

void Store::clear() {
  Txn txn(env_->env, true);
  for (MDB_dbi dbi : {env_->events, env_->daily, env_->outbox}) check(mdb_drop(txn.get(), dbi, 0), "clear");
  for (const char* key : {"aggregated_through", "submitted_through", "submit.dropped"}) {
    MDB_val k = val(key);
    int rc = mdb_del(txn.get(), env_->meta, &k, nullptr);
    if (rc != MDB_NOTFOUND) check(rc, "clear");
  }
  for (const std::string prefix : {"repository:", "unit:"}) {
    Cursor cursor(txn.get(), env_->meta);
    MDB_val k = val(prefix), v;
    for (int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);
         rc == MDB_SUCCESS && view(k).substr(0, prefix.size()) == prefix;
         rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_GET_CURRENT))
      check(mdb_cursor_del(cursor.get(), 0), "clear");
  }
  new_identity(txn.get(), env_->meta);
  txn.commit();
}

std::optional<std::string> Store::meta(std::string_view key) {
  Txn txn(env_->env, false);
  return get(txn.get(), env_->meta, key);
}

void Store::bump_counter(std::string_view key) {
  Txn txn(env_->env, true);
  auto v = get(txn.get(), env_->meta, key);
  put(txn.get(), env_->meta, key, std::to_string((v ? std::atoll(v->c_str()) : 0) + 1));
  txn.commit();
}

std::size_t Store::queue_unsent(std::size_t batch_size,
                                const std::function<std::vector<Payload>(const std::vector<Event>&)>& build) {
  std::size_t batches = 0;
  for (;;) {
    Txn txn(env_->env, true);
    std::string watermark = get(txn.get(), env_->meta, "submitted_through").value_or("");
    std::vector<Event> events;
    std::string last_key;
    {
      Cursor cursor(txn.get(), env_->events);
      MDB_val k = val(watermark), v;
      int rc = watermark.empty() ? mdb_cursor_get(cursor.get(), &k, &v, MDB_FIRST)
                                 : mdb_cursor_get(cursor.get(), &k, &v, MDB_SET_RANGE);
      if (rc == MDB_SUCCESS && !watermark.empty() && view(k) == watermark)
        rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT);
      for (; rc == MDB_SUCCESS && events.size() < batch_size; rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
        last_key.assign(view(k));
        if (auto e = decode(view(v), key_time(view(k)))) events.push_back(std::move(*e));
      }
    }
    if (last_key.empty()) break;
    std::string sequence;
    put_be64(sequence, static_cast<std::uint64_t>(now_ns()));
    for (const auto& payload : build(events)) put(txn.get(), env_->outbox, sequence + payload.signal, payload.body);
    put(txn.get(), env_->meta, "submitted_through", last_key);
    txn.commit();
    ++batches;
  }
  return batches;
}

std::vector<Store::Queued> Store::queued() {
  std::vector<Queued> out;
  Txn txn(env_->env, false);
  Cursor cursor(txn.get(), env_->outbox);
  MDB_val k, v;
  for (int rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_FIRST); rc == MDB_SUCCESS;
       rc = mdb_cursor_get(cursor.get(), &k, &v, MDB_NEXT)) {
    std::string key(view(k));
    out.push_back({key, {key.size() > 8 ? key.substr(8) : std::string(), std::string(view(v))}});
  }
  return out;
}

void Store::dequeue(const std::string& key) {
  Txn txn(env_->env, true);
  MDB_val k = val(key);
  int rc = mdb_del(txn.get(), env_->outbox, &k, nullptr);
  if (rc != MDB_NOTFOUND) check(rc, "dequeue");
  txn.commit();
}

}  // namespace ax::telemetry
