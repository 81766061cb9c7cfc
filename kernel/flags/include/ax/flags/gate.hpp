// Putting a capability behind a feature flag, from inside a command plugin:
//
//   #include <ax/flags/gate.hpp>          // link ax_flags
//   const ax::flags::Gate gate = ax::flags::gate(host, "semantic-search", args.get("--user"));
//   if (gate.on) { ... the new capability ... }   // gate.variant names the variant of an A/B flag
//
// gate() loads the flag files of this run (user, repository, AX_FLAG_ overrides), runs the
// automatic rollback check on the flag when telemetry is on for the run, evaluates the flag for the
// unit (`user`, else the anonymous install id, else the repository id), records the exposure
// through telemetry (joined later with the run's outcome by `ax flags stats`) and logs the decision
// at debug level. It never throws and never fails the command: a flag that is not defined is off
// without an exposure, a broken one is off with a warning, and a rollback that trips prints an
// `ax: alert:` line.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <ax/sdk/host.hpp>

#include "ax/flags/experiment.hpp"
#include "ax/flags/flags.hpp"
#include "ax/flags/unit.hpp"

namespace ax::flags {

struct Gate {
  bool defined = false;  // the flag is defined in a flag file
  bool on = false;
  std::string variant = "off";
  Evaluation evaluation;
  Unit unit;
};

Gate gate(sdk::Host& host, std::string_view flag, const std::optional<std::string>& user = std::nullopt) noexcept;
// The same for the repository at `repository_root` (its flag file, its id as the unit without a
// telemetry store), for a command working on a repository other than the working directory's.
Gate gate_at(sdk::Host& host, std::string_view flag,
             const std::optional<std::filesystem::path>& repository_root) noexcept;

// Runs the automatic rollback check on `flag` (check_rollback) and, when it trips, prints the
// `ax: alert:` line and records a flag-change event ("rolled-back", with the figures) through
// telemetry. Returns true when it tripped (the flag files changed). Never throws: a failed check is
// a warning.
bool guard_rollback(sdk::Host& host, const FlagSet& set, const Flag& flag, const RollbackSettings& settings) noexcept;

// The flag files of the run, in layer order: the user file, then the repository's .ax/flags.yaml.
std::vector<std::filesystem::path> flag_files(sdk::Host& host);
// The unit for `user` when given (source "--user"), else the default unit.
Unit unit_for(sdk::Host& host, const std::optional<std::string>& user);
// The evaluation context of this run for `unit`: now, and the attributes cohort rules read (user is
// the unit when it came from --user; repository is the repository root's directory name).
Context context_for(sdk::Host& host, const Unit& unit);
// flags.rollback_threshold, flags.rollback_margin (percent), flags.min_sample, flags.rollback_window
// (hours) from the host's configuration; the defaults where unset or unknown.
RollbackSettings rollback_settings(const sdk::Host& host);

}  // namespace ax::flags
