// The kernel's one telemetry hook: every command run is recorded here (name, duration, exit code,
// error category and scrubbed message), with what plugins reported through sdk::TelemetrySink.
// Nothing is written unless the user consented; nothing here may fail or slow the command.
#pragma once
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/event.hpp>

namespace ax::kernel {

class TelemetryRecorder {
 public:
  explicit TelemetryRecorder(bool no_telemetry_flag);

  // Decides this run's mode once the command is known (`command` is a known command's name, "help"
  // or "unknown"); asks for consent first when undecided and `err`/stdin are an interactive
  // terminal. `repository` names the repository the command runs in (hashed before storing).
  void begin(const std::string& command, const std::optional<std::string>& repository, std::ostream& err,
             bool may_prompt);
  bool enabled() const { return mode_ != telemetry::Mode::off; }
  const telemetry::ModeDecision& decision() const { return decision_; }

  // From plugins (thread-safe). Names that are not identifiers are dropped.
  void record_query(std::string_view kind, std::uint64_t results, double seconds);
  void record_metric(std::string_view name, double value, std::string_view unit);
  void record_parse(std::string_view language, double seconds);
  // `unit` is kept in memory only: finish() replaces it with the store's keyed hash before writing.
  void record_flag_exposure(std::string_view flag, std::string_view variant, std::string_view unit = {});
  // `figures` as given (the caller's own words and numbers), `reason` scrubbed like an error message.
  void record_flag_change(std::string_view flag, std::string_view action, std::string_view figures,
                          std::string_view reason);

  // Records the command's outcome and writes the batch; warnings go to `err` as one line each.
  void finish(int exit_code, const std::string& error_category, const std::string& error_message, std::ostream& err);

 private:
  void add(telemetry::Event event);

  bool no_telemetry_flag_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::int64_t started_ns_ = telemetry::now_ns();
  bool begun_ = false;
  telemetry::ModeDecision decision_;
  telemetry::Mode mode_ = telemetry::Mode::off;
  std::string command_;
  std::optional<std::string> repository_;
  std::mutex mutex_;
  std::vector<telemetry::Event> events_;
  std::map<std::string, std::pair<std::int64_t, double>, std::less<>> parses_;  // language -> files, seconds
};

// True when the consent prompt may be shown: stdin and stderr are a terminal and `err` is stderr.
bool interactive_terminal(const std::ostream& err);

}  // namespace ax::kernel
