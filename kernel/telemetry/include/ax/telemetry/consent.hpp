// Whether telemetry runs, and why: opt-outs, the user's recorded consent, the consent prompt.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace ax::telemetry {

enum class Mode { off, local, remote };
const char* to_string(Mode mode);
std::optional<Mode> parse_mode(std::string_view text);

// Bumped whenever what is collected changes: a consent given to an older text is asked again.
inline constexpr int kConsentVersion = 1;
// The prompt shown once on an interactive terminal (also `ax telemetry status --consent-text`).
const char* consent_text();

// $XDG_STATE_HOME/ax/telemetry (default ~/.local/state/ax/telemetry).
std::filesystem::path state_directory();

// The user's recorded answer: `<state>/consent`, written by the prompt and `ax telemetry enable|disable`.
struct Consent {
  Mode mode = Mode::off;
  int version = 0;
  std::string decided_at;  // UTC date
};
std::optional<Consent> read_consent(const std::filesystem::path& state_dir);
// Throws std::runtime_error when the file cannot be written.
void write_consent(const std::filesystem::path& state_dir, Mode mode);

// Everything the decision depends on, gathered by the caller (tests pass their own).
struct ModeInputs {
  bool no_telemetry_flag = false;                    // --no-telemetry on the command line
  std::optional<std::string> do_not_track;           // $DO_NOT_TRACK
  std::optional<std::string> ax_telemetry;           // $AX_TELEMETRY
  std::optional<std::string> ax_telemetry_disabled;  // $AX_TELEMETRY_DISABLED
  std::optional<Consent> consent;
  std::filesystem::path consent_file;  // for naming the source
};
ModeInputs environment_inputs(bool no_telemetry_flag, const std::filesystem::path& state_dir);

struct ModeDecision {
  Mode mode = Mode::off;
  std::string source;       // "env DO_NOT_TRACK", "flag --no-telemetry", "consent <file> (v1, 2026-11-30)", ...
  bool may_prompt = false;  // no decision yet (or an outdated one): ask on an interactive terminal
};
ModeDecision decide_mode(const ModeInputs& inputs);

// True for an environment value that means "yes": anything but empty, "0" and "false".
bool truthy(const std::optional<std::string>& value);

}  // namespace ax::telemetry
