// One telemetry event as stored: fixed identifiers and numbers only, never user data.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ax::telemetry {

enum class EventKind : std::uint8_t {
  command = 1,
  query = 2,
  error = 3,
  metric = 4,
  parser = 5,
  flag = 6,
  flag_change = 7
};

const char* to_string(EventKind kind);
std::optional<EventKind> event_kind(std::string_view name);

// What each field holds, by kind:
//   command  name = command, count = exit code, value = seconds, detail = repository id (salted hash)
//   query    name = query kind, count = results, value = seconds
//   error    name = category (usage, user, internal, interrupted), count = exit code,
//            detail = scrubbed message
//   metric   name = metric, value = figure, detail = unit
//   parser   name = language, count = files parsed, value = seconds spent parsing
//   flag     name = flag, detail = variant, unit = a keyed hash of the unit the flag was decided for
//            (empty for exposures recorded before units were)
//   flag-change  name = flag, detail = what changed and why ("rolled-back: error rate ...",
//            "killed: reason: <scrubbed text>", "enabled", "rollout: 25%")
// `command` is the command that was running (empty for command events, whose name is it).
// `run` is the same random id on every event of one command run, so that a flag exposure can be
// joined with the outcome of the run that saw it (its query's latency and results, its exit code).
// Events stored before run ids existed (encoding 1) read back with an empty run.
struct Event {
  std::int64_t time_ns = 0;  // Unix time
  EventKind kind = EventKind::command;
  std::string name;
  std::string command;
  std::string detail;
  std::int64_t count = 0;
  double value = 0;
  std::string run = {};   // default-initialised: older brace-initialisers omit it
  std::string unit = {};  // flag exposures only
};

// The name an event is aggregated under: a flag exposure per flag and variant ("bm25-ranking on"),
// so the variants' counts stay apart; every other kind under its name.
std::string aggregate_name(const Event& event);

// A fresh run id: 16 random hex digits.
std::string new_run_id();

// True for a short lower-case identifier ([a-z0-9_.-], 1 to 64 characters): what a plugin may name.
bool is_identifier(std::string_view name);

std::string encode(const Event& event);
// nullopt for bytes that are not an encoded event.
std::optional<Event> decode(std::string_view bytes, std::int64_t time_ns);

constexpr std::int64_t kNanosPerDay = 86'400'000'000'000;
inline std::int64_t day_of(std::int64_t time_ns) {
  return time_ns >= 0 ? time_ns / kNanosPerDay : -((-time_ns + kNanosPerDay - 1) / kNanosPerDay);
}
std::int64_t now_ns();
// "2026-11-30" for a day number (days since 1970-01-01, UTC).
std::string day_string(std::int64_t day);
// Parses "2026-11-30"; nullopt otherwise.
std::optional<std::int64_t> parse_day(std::string_view text);

}  // namespace ax::telemetry
