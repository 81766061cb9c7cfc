#include "telemetry_hook.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>

#include <ax/telemetry/otlp.hpp>
#include <ax/telemetry/scrub.hpp>
#include <ax/telemetry/store.hpp>

namespace ax::kernel {

namespace {
bool debug_enabled() {
  return telemetry::truthy(
      std::getenv("AX_TELEMETRY_DEBUG") ? std::optional<std::string>(std::getenv("AX_TELEMETRY_DEBUG")) : std::nullopt);
}

// Asks once; local is the proposed answer, anything else (or end of input) leaves telemetry off.
telemetry::Mode ask_consent(std::ostream& err) {
  err << telemetry::consent_text()
      << "Keep anonymous usage statistics on this machine? [l]ocal / [n]o (default n): " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  for (auto& c : answer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool yes = answer == "l" || answer == "local" || answer == "y" || answer == "yes";
  err << (yes ? "Telemetry: local (ax telemetry disable turns it off).\n"
              : "Telemetry: off (ax telemetry enable turns it on).\n");
  return yes ? telemetry::Mode::local : telemetry::Mode::off;
}
}  // namespace

// This process's CPU time: what recording costs, whatever else the machine is doing.
double cpu_milliseconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

bool interactive_terminal(const std::ostream& err) {
  return &err == &std::cerr && ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1;
}

TelemetryRecorder::TelemetryRecorder(bool no_telemetry_flag) : no_telemetry_flag_(no_telemetry_flag) {}

void TelemetryRecorder::begin(const std::string& command, const std::optional<std::string>& repository,
                              std::ostream& err, bool may_prompt) {
  if (begun_) return;
  begun_ = true;
  // A third-party plugin's command name is kept only when it is a plain identifier.
  command_ = telemetry::is_identifier(command) ? command : "other";
  repository_ = repository;
  auto state_dir = telemetry::state_directory();
  decision_ = telemetry::decide_mode(telemetry::environment_inputs(no_telemetry_flag_, state_dir));
  if (decision_.may_prompt && may_prompt && command != "telemetry" && command != "unknown" &&
      interactive_terminal(err)) {
    auto answer = ask_consent(err);
    try {
      telemetry::write_consent(state_dir, answer);
      decision_ = telemetry::decide_mode(telemetry::environment_inputs(no_telemetry_flag_, state_dir));
    } catch (const std::exception& e) {
      err << "ax: warning: telemetry consent not saved: " << e.what() << "\n";
      decision_ = {telemetry::Mode::off, "consent not saved", false};
    }
  }
  mode_ = decision_.mode;
}

void TelemetryRecorder::add(telemetry::Event event) {
  event.time_ns = telemetry::now_ns();
  event.command = command_;
  std::lock_guard lock(mutex_);
  if (events_.size() < 10000) events_.push_back(std::move(event));  // a runaway plugin cannot grow it without bound
}

void TelemetryRecorder::record_query(std::string_view kind, std::uint64_t results, double seconds) {
  if (!enabled() || !telemetry::is_identifier(kind)) return;
  add({0, telemetry::EventKind::query, std::string(kind), {}, {}, static_cast<std::int64_t>(results), seconds});
}

void TelemetryRecorder::record_metric(std::string_view name, double value, std::string_view unit) {
  if (!enabled() || !telemetry::is_identifier(name) || unit.size() > 16) return;
  add({0, telemetry::EventKind::metric, std::string(name), {}, std::string(unit), 0, value});
}

void TelemetryRecorder::record_parse(std::string_view language, double seconds) {
  if (!enabled() || !telemetry::is_identifier(language)) return;
  std::lock_guard lock(mutex_);
  auto it = parses_.find(language);
  if (it == parses_.end()) it = parses_.emplace(std::string(language), std::pair<std::int64_t, double>{0, 0}).first;
  ++it->second.first;
  it->second.second += seconds;
}

void TelemetryRecorder::record_flag_exposure(std::string_view flag, std::string_view variant, std::string_view unit) {
  if (!enabled() || !telemetry::is_identifier(flag) || !telemetry::is_identifier(variant)) return;
  add({0, telemetry::EventKind::flag, std::string(flag), {}, std::string(variant), 0, 0, {}, std::string(unit)});
}

void TelemetryRecorder::record_flag_change(std::string_view flag, std::string_view action, std::string_view figures,
                                           std::string_view reason) {
  if (!enabled() || !telemetry::is_identifier(flag) || !telemetry::is_identifier(action)) return;
  constexpr std::size_t kMaxFigures = 400;
  std::string detail(action);
  if (!figures.empty()) detail += ": " + std::string(figures.substr(0, kMaxFigures));
  if (!reason.empty()) detail += (figures.empty() ? ": reason: " : "; reason: ") + telemetry::scrub_message(reason);
  add({0, telemetry::EventKind::flag_change, std::string(flag), {}, std::move(detail), 0, 0});
}

void TelemetryRecorder::finish(int exit_code, const std::string& error_category, const std::string& error_message,
                               std::ostream& err) {
  bool debug = debug_enabled();
  if (!begun_ || command_ == "telemetry") return;
  if (!enabled()) {
    if (debug) err << "ax: telemetry debug: off (" << decision_.source << "); nothing recorded\n";
    return;
  }
  const auto finish_started = std::chrono::steady_clock::now();
  const double finish_cpu = cpu_milliseconds();
  double seconds = std::chrono::duration<double>(finish_started - started_).count();
  try {
    std::vector<telemetry::Event> batch;
    {
      std::lock_guard lock(mutex_);
      batch = std::move(events_);
      for (const auto& [language, figures] : parses_)
        batch.push_back(
            {telemetry::now_ns(), telemetry::EventKind::parser, language, command_, {}, figures.first, figures.second});
    }
    telemetry::Event command{started_ns_, telemetry::EventKind::command, command_, {}, {}, exit_code, seconds};
    if (exit_code != 0) {
      batch.push_back({telemetry::now_ns(), telemetry::EventKind::error, error_category, command_,
                       telemetry::scrub_message(error_message), exit_code, 0});
    }
    std::string warning;
    auto store = telemetry::Store::open(telemetry::state_directory() / "store", warning);
    if (!warning.empty()) err << "ax: warning: " << warning << "\n";
    if (repository_) command.detail = store->repository_id(*repository_);
    batch.insert(batch.begin(), std::move(command));
    const std::string run = telemetry::new_run_id();  // joins this run's exposures with its outcome
    for (auto& e : batch) {
      e.run = run;
      if (!e.unit.empty()) e.unit = store->unit_id(e.name, e.unit);  // never the unit itself
    }
    if (debug) {
      for (const auto& e : batch) err << "ax: telemetry debug: " << telemetry::event_json(e).dump() << "\n";
    }
    store->append(batch);
    store->maintain(telemetry::now_ns());
    if (debug)
      err << "ax: telemetry debug: recorded " << batch.size() << " events in "
          << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - finish_started).count()
          << " ms (" << (cpu_milliseconds() - finish_cpu) << " ms of CPU)\n";
  } catch (const telemetry::StoreUnavailable& e) {
    err << "ax: warning: telemetry is off for this run: " << e.what() << "\n";
  } catch (const std::exception& e) {
    err << "ax: warning: telemetry not recorded: " << e.what() << "\n";
  }
}

}  // namespace ax::kernel
