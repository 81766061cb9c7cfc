#include "ax/telemetry/event.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

namespace ax::telemetry {

namespace {
// 1: kind, count, value, name, command, detail. 2 appends the run id and, when there is one, the unit
// (an older reader of encoding 2 ignores what follows the run id); 1 is still read.
constexpr std::uint8_t kEncodingVersion = 2;
constexpr std::uint8_t kOldestEncoding = 1;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (i * 8)) & 0xff));
}
std::uint64_t get_u64(std::string_view& in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
  in.remove_prefix(8);
  return v;
}
void put_string(std::string& out, std::string_view s) {
  auto n = static_cast<std::uint16_t>(std::min<std::size_t>(s.size(), 0xffff));
  out.push_back(static_cast<char>(n >> 8));
  out.push_back(static_cast<char>(n & 0xff));
  out.append(s.substr(0, n));
}
bool get_string(std::string_view& in, std::string& s) {
  if (in.size() < 2) return false;
  std::size_t n = (static_cast<unsigned char>(in[0]) << 8) | static_cast<unsigned char>(in[1]);
  in.remove_prefix(2);
  if (in.size() < n) return false;
  s.assign(in.substr(0, n));
  in.remove_prefix(n);
  return true;
}
}  // namespace

const char* to_string(EventKind kind) {
  switch (kind) {
    case EventKind::command:
      return "command";
    case EventKind::query:
      return "query";
    case EventKind::error:
      return "error";
    case EventKind::metric:
      return "metric";
    case EventKind::parser:
      return "parser";
    case EventKind::flag:
      return "flag";
    case EventKind::flag_change:
      return "flag-change";
  }
  return "unknown";
}

std::optional<EventKind> event_kind(std::string_view name) {
  for (auto kind : {EventKind::command, EventKind::query, EventKind::error, EventKind::metric, EventKind::parser,
                    EventKind::flag, EventKind::flag_change})
    if (name == to_string(kind)) return kind;
  return std::nullopt;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

std::string encode(const Event& e) {
  std::string out;
  out.reserve(36 + e.name.size() + e.command.size() + e.detail.size() + e.run.size() + e.unit.size());
  out.push_back(static_cast<char>(kEncodingVersion));
  out.push_back(static_cast<char>(e.kind));
  put_u64(out, static_cast<std::uint64_t>(e.count));
  std::uint64_t bits;
  std::memcpy(&bits, &e.value, sizeof bits);
  put_u64(out, bits);
  put_string(out, e.name);
  put_string(out, e.command);
  put_string(out, e.detail);
  put_string(out, e.run);
  if (!e.unit.empty()) put_string(out, e.unit);
  return out;
}

std::optional<Event> decode(std::string_view in, std::int64_t time_ns) {
  if (in.size() < 18) return std::nullopt;
  const auto version = static_cast<std::uint8_t>(in[0]);
  if (version < kOldestEncoding || version > kEncodingVersion) return std::nullopt;
  Event e;
  e.time_ns = time_ns;
  auto kind = static_cast<std::uint8_t>(in[1]);
  if (kind < 1 || kind > static_cast<std::uint8_t>(EventKind::flag_change)) return std::nullopt;
  e.kind = static_cast<EventKind>(kind);
  in.remove_prefix(2);
  e.count = static_cast<std::int64_t>(get_u64(in));
  std::uint64_t bits = get_u64(in);
  std::memcpy(&e.value, &bits, sizeof bits);
  if (!get_string(in, e.name) || !get_string(in, e.command) || !get_string(in, e.detail)) return std::nullopt;
  if (version >= 2 && !get_string(in, e.run)) return std::nullopt;
  if (version >= 2 && !in.empty() && !get_string(in, e.unit)) return std::nullopt;
  return e;
}

std::string aggregate_name(const Event& e) {
  return e.kind == EventKind::flag && !e.detail.empty() ? e.name + " " + e.detail : e.name;
}

std::string new_run_id() {
  std::random_device device;
  const std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits));
  return text;
}

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string day_string(std::int64_t day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

std::optional<std::int64_t> parse_day(std::string_view text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  std::string s(text);
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

}  // namespace ax::telemetry
