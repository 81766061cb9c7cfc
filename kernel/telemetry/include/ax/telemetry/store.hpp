// The per-user telemetry store: a small LMDB environment of its own (never the repository's), so
// recording never contends with indexing. Raw events are keyed by time; closed days are rolled up
// into daily aggregates on the next run; both are kept for 30 days.
//
// LMDB fits the targets: an append is one write transaction that is not synced (losing the last
// events in a power cut is acceptable, slowing the user's command is not), a time-range read is a
// cursor walk over sorted keys, and reports read the small aggregate table plus today's events.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ax/telemetry/event.hpp"

namespace ax::telemetry {

// Histogram bounds in milliseconds (explicit bounds, as OTLP histograms carry them).
inline constexpr std::array<double, 14> kBoundsMs = {1,   2,   5,    10,   20,   50,    100,
                                                     200, 500, 1000, 2000, 5000, 10000, 30000};
inline constexpr std::size_t kBuckets = kBoundsMs.size() + 1;
inline constexpr int kRetentionDays = 30;

// Per day, kind, name and command: how many events, their sums and a duration histogram.
struct Aggregate {
  std::int64_t day = 0;
  EventKind kind = EventKind::command;
  std::string name;
  std::string command;
  std::uint64_t count = 0;
  std::uint64_t failures = 0;  // command events with a non-zero exit code
  std::int64_t sum_count = 0;  // results, files, ...
  double sum_value = 0;        // seconds, or the metric's figure
  double max_value = 0;
  std::array<std::uint64_t, kBuckets> buckets{};  // of value as milliseconds
  std::string sample;                             // the latest detail (a scrubbed message, a unit)

  void add(const Event& event);
  void merge(const Aggregate& other);
  // The q-quantile (0..1) of value in milliseconds, interpolated inside its bucket.
  double quantile_ms(double q) const;
};

// The store cannot be used for this run (not writable, written by a newer ax): telemetry is off.
class StoreUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Store {
 public:
  // Schema version after all migrations; the history is kept in the `migrations` table.
  static constexpr int kSchemaVersion = 2;

  // Opens the store in `dir`, creating it (and its parents) when missing. A damaged store is moved
  // aside to <dir>.corrupt-<time> and recreated; `warning` then says so. Throws StoreUnavailable.
  static std::unique_ptr<Store> open(const std::filesystem::path& dir, std::string& warning);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Appends a batch in one write transaction.
  void append(const std::vector<Event>& events);
  // Rolls every closed day (before the day of `now`) not yet aggregated into daily aggregates and
  // deletes events and aggregates older than the retention. Returns the number of days rolled up.
  int maintain(std::int64_t now, int retention_days = kRetentionDays);
  // The first day whose events are not aggregated yet.
  std::int64_t first_raw_day(std::int64_t now);

  std::vector<Aggregate> aggregates(std::int64_t from_day, std::int64_t to_day);  // inclusive days
  // Events with from <= time < to, oldest first; `visit` returns false to stop.
  void for_each_event(std::int64_t from, std::int64_t to, const std::function<bool(const Event&)>& visit);
  std::uint64_t event_count();

  std::string install_id();
  // A salted one-way hash of a repository's identity (its remote URL or root): no path leaves.
  std::string repository_id(std::string_view identity);
  // The unit a flag was decided for (a --user name, the install id), as flag exposures store it: a
  // keyed hash (SHA-256 of this install's secret salt, the flag and the unit; 16 hex digits). It is
  // stable for one install and flag, so experiments count distinct units, yet the name cannot be
  // read back or found by hashing guesses without the salt, which never leaves the store, and one
  // unit's ids under two flags cannot be linked.
  std::string unit_id(std::string_view flag, std::string_view unit);
  // Wipes events, aggregates and queued batches, and makes a new install id and salt.
  void clear();

  // --- submission queue ---
  std::optional<std::string> meta(std::string_view key);
  // Moves the events after the submitted watermark into queued batches built by `build`
  // (events -> payloads, one per signal), at most `batch_size` events each. Returns batches queued.
  struct Payload {
    std::string signal;  // "logs" | "metrics"
    std::string body;
  };
  std::size_t queue_unsent(std::size_t batch_size,
                           const std::function<std::vector<Payload>(const std::vector<Event>&)>& build);
  struct Queued {
    std::string key;
    Payload payload;
  };
  std::vector<Queued> queued();
  void dequeue(const std::string& key);
  // Counts a dropped or failed submission in the metadata (`submit.dropped`, ...).
  void bump_counter(std::string_view key);

  struct Env;  // the LMDB environment and its tables (store.cpp)

 private:
  explicit Store(std::unique_ptr<Env> env);
  std::string salted_id(std::string_view cache_prefix, std::string_view identity, std::size_t length);
  std::unique_ptr<Env> env_;
};

}  // namespace ax::telemetry
