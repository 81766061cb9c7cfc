#include "ax/telemetry/consent.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <ax/sdk/paths.hpp>

#include "ax/telemetry/event.hpp"

namespace ax::telemetry {
namespace fs = std::filesystem;

const char* to_string(Mode mode) {
  switch (mode) {
    case Mode::off:
      return "off";
    case Mode::local:
      return "local";
    case Mode::remote:
      return "remote";
  }
  return "off";
}

std::optional<Mode> parse_mode(std::string_view text) {
  if (text == "off") return Mode::off;
  if (text == "local") return Mode::local;
  if (text == "remote") return Mode::remote;
  return std::nullopt;
}

const char* consent_text() {
  return "ax can keep anonymous usage statistics on this machine to show you (ax telemetry stats):\n"
         "which commands run and how long they take, exit codes, query kinds with result counts and\n"
         "times (never the query text), error categories with scrubbed messages (no paths or names),\n"
         "index performance and parser use per language. Nothing leaves this machine unless you also\n"
         "choose remote mode (ax telemetry enable remote). Details: PRIVACY.md. Change it any time\n"
         "with ax telemetry enable|disable; DO_NOT_TRACK=1 or --no-telemetry turn it off.\n";
}

fs::path state_directory() { return sdk::xdg_state_home() / "ax" / "telemetry"; }

std::optional<Consent> read_consent(const fs::path& state_dir) {
  std::ifstream in(state_dir / "consent");
  if (!in) return std::nullopt;
  Consent consent;
  bool has_mode = false;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "mode") {
      if (auto m = parse_mode(value)) {
        consent.mode = *m;
        has_mode = true;
      }
    } else if (key == "consent_version") {
      consent.version = std::atoi(value.c_str());
    } else if (key == "decided_at") {
      consent.decided_at = value;
    }
  }
  if (!has_mode) return std::nullopt;  // unreadable: as if never asked
  return consent;
}

void write_consent(const fs::path& state_dir, Mode mode) {
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  if (ec) throw std::runtime_error("cannot create " + state_dir.string() + ": " + ec.message());
  fs::path file = state_dir / "consent", temporary = state_dir / "consent.tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "mode=" << to_string(mode) << "\nconsent_version=" << kConsentVersion
        << "\ndecided_at=" << day_string(day_of(now_ns())) << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, file, ec);
  if (ec) throw std::runtime_error("cannot write " + file.string() + ": " + ec.message());
}

bool truthy(const std::optional<std::string>& value) {
  return value && !value->empty() && *value != "0" && *value != "false";
}

namespace {
std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::nullopt : std::optional<std::string>(v);
}
}  // namespace

ModeInputs environment_inputs(bool no_telemetry_flag, const fs::path& state_dir) {
  ModeInputs inputs;
  inputs.no_telemetry_flag = no_telemetry_flag;
  inputs.do_not_track = env("DO_NOT_TRACK");
  inputs.ax_telemetry = env("AX_TELEMETRY");
  inputs.ax_telemetry_disabled = env("AX_TELEMETRY_DISABLED");
  inputs.consent_file = state_dir / "consent";
  if (!no_telemetry_flag && !truthy(inputs.do_not_track)) inputs.consent = read_consent(state_dir);
  return inputs;
}

ModeDecision decide_mode(const ModeInputs& in) {
  if (in.no_telemetry_flag) return {Mode::off, "flag --no-telemetry", false};
  if (truthy(in.do_not_track)) return {Mode::off, "env DO_NOT_TRACK", false};
  if (truthy(in.ax_telemetry_disabled)) return {Mode::off, "env AX_TELEMETRY_DISABLED", false};
  if (in.ax_telemetry && !in.ax_telemetry->empty()) {
    if (auto mode = parse_mode(*in.ax_telemetry)) return {*mode, "env AX_TELEMETRY", false};
    return {Mode::off, "env AX_TELEMETRY (unknown value '" + *in.ax_telemetry + "': off)", false};
  }
  if (in.consent) {
    std::string recorded = "consent " + in.consent_file.string() + " (v" + std::to_string(in.consent->version) +
                           (in.consent->decided_at.empty() ? "" : ", " + in.consent->decided_at) + ")";
    // A "no" stays a no; a "yes" to an older text is asked again.
    if (in.consent->mode == Mode::off) return {Mode::off, recorded, false};
    if (in.consent->version >= kConsentVersion) return {in.consent->mode, recorded, false};
    return {Mode::off, recorded + " is older than the current consent text v" + std::to_string(kConsentVersion), true};
  }
  return {Mode::off, "no consent given", true};
}

}  // namespace ax::telemetry
