// Feature flags: their definitions in layered flag files, and an evaluation that never throws and
// always says why.
//
// Layers, later ones winning field by field: the user file ($XDG_CONFIG_HOME/ax/flags.yaml), the
// repository file (<repo>/.ax/flags.yaml, which a team may commit), then AX_FLAG_<NAME>=on|off|<variant>.
//
//   cohorts:
//     beta: [alice, bob]                            # a list of units
//     ci: {rule: "user ^= ci- or repository == infra"}  # a rule over the unit's attributes
//   flags:
//     new-ranking:
//       description: the experimental ranking
//       enabled: true
//       rollout: 25                 # percent of units, 0-100
//       users: [carol]              # always on for these units
//       cohorts: [beta]             # and for the members of these cohorts
//       enabled-after: 2026-12-01   # or 2026-12-01T08:00:00Z (UTC)
//       expires-at: 2027-06-01      # after this the flag is off and listed as stale
//       variants: {control: 50, treatment: 50}  # weights summing to 100
//       metadata: {owner: search, ticket: AX-15}  # names to single values, merged across layers
//       killed: the reason          # set by `ax flags kill`; off in every layer until re-enabled
//       rolled-back: the reason     # set by the automatic rollback (with rollout: 0); off until enabled
//       guarded-since: 2026-12-01T08:00:00Z  # set by `ax flags enable`: the rollback counts runs after it
//
// The rollout is Unleash's gradual rollout: bucket = murmur3_x86_32("<flag>:<unit>", seed 0) % 100 + 1,
// on when bucket <= rollout. Variants use the same text with a different seed, so which variant a unit
// gets is independent of whether it is in the rollout.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ax::flags {

using TimePoint = std::chrono::sys_seconds;

std::uint32_t murmur3_x86_32(std::string_view bytes, std::uint32_t seed);
inline constexpr std::uint32_t kRolloutSeed = 0;
inline constexpr std::uint32_t kVariantSeed = 86028157;  // Unleash's variant seed
// 1..100: the unit's rollout bucket for `flag` (Unleash's normalized hash).
int rollout_bucket(std::string_view flag, std::string_view unit);
int variant_bucket(std::string_view flag, std::string_view unit);

// "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ"; nullopt when malformed or not a real date.
std::optional<TimePoint> parse_timestamp(std::string_view text);
std::string format_timestamp(TimePoint time);  // "YYYY-MM-DDTHH:MM:SSZ"

// Lower-case letters, digits, '-' and '_', starting with a letter, at most 64 characters.
bool valid_flag_name(std::string_view name);
// AX_FLAG_<NAME>: upper case, '-' as '_'.
std::string flag_env_name(std::string_view flag);

struct Variant {
  std::string name;
  int weight = 0;
};

struct Flag {
  std::string name;
  std::string description;
  bool enabled = false;
  int rollout = 100;
  std::vector<std::string> users;
  std::vector<std::string> cohorts;
  std::string cohorts_where;  // "file:line" of the cohorts list, for its errors
  std::optional<TimePoint> enabled_after;
  std::optional<TimePoint> expires_at;
  std::vector<Variant> variants;
  std::map<std::string, std::string, std::less<>> metadata;  // owner, ticket, ...: kept, shown, never evaluated
  std::optional<std::string> kill_reason;
  std::optional<std::string> rollback_reason;
  std::optional<TimePoint> rolled_back_at;
  std::optional<TimePoint> guarded_since;
  std::string source;   // the last file that defined any of its fields
  std::string problem;  // the first error found in its definition ("file:line: flags.x.y ..."); empty when sound
};

// A cohort rule: clauses `ATTRIBUTE OPERATOR VALUE` joined by `and`, alternatives joined by `or`
// (`and` binds tighter). Attributes: user (the --user name; empty without one), unit (the unit the
// flag is decided for) and repository (the repository root's directory name). Operators: == and !=,
// ^= (starts with), $= (ends with), *= (contains), and `in` with a comma-separated list (a,b,c).
// Values are single words; comparisons are exact (case-sensitive).
struct RuleClause {
  std::string attribute;
  std::string op;
  std::vector<std::string> values;  // one, or the list of `in`
};
struct CohortRule {
  std::string text;
  std::vector<std::vector<RuleClause>> alternatives;  // or of ands
};
// The rule, or nullopt with `problem` saying what is wrong (one line).
std::optional<CohortRule> parse_cohort_rule(std::string_view text, std::string& problem);

struct FlagSet {
  std::map<std::string, Flag, std::less<>> flags;
  std::map<std::string, std::vector<std::string>, std::less<>> cohorts;
  std::map<std::string, CohortRule, std::less<>> cohort_rules;
  std::map<std::string, std::string, std::less<>> cohort_sources;  // the file defining each cohort
  // Errors outside any one flag (unreadable file, invalid YAML, unknown AX_FLAG_ variable).
  std::vector<std::string> problems;
  // AX_FLAG_<NAME> values by flag name.
  std::map<std::string, std::string, std::less<>> overrides;

  // Every problem, the flags' included, one line each.
  std::vector<std::string> all_problems() const;
};

// Reads the files in layer order (missing files are skipped) and `environment` ("NAME=value" strings,
// as environ holds them). Never throws: what is wrong is recorded in the set.
FlagSet load_flags(const std::vector<std::filesystem::path>& files, const std::vector<std::string>& environment);
// The process's environment, for load_flags.
std::vector<std::string> process_environment();

enum class Reason { static_override, targeting_match, split, disabled, default_value, error };
const char* to_string(Reason reason);

struct Evaluation {
  bool on = false;
  std::string variant;  // "on"/"off", or the variant's name when the flag has variants and is on
  Reason reason = Reason::default_value;
  std::string detail;  // why, in words ("bucket 17 <= 25%", "expired 2026-01-01T00:00:00Z")
  bool stale = false;  // past its expires-at
};

struct Context {
  std::string unit;
  TimePoint now;
  std::string user = {};        // the --user name, for cohort rules
  std::string repository = {};  // the repository root's directory name, for cohort rules
};

bool rule_matches(const CohortRule& rule, const Context& context);

// Never throws; a flag that is unknown or broken evaluates to off with reason `error`.
Evaluation evaluate(const FlagSet& set, std::string_view flag, const Context& context) noexcept;

// ---- editing ----

class FlagFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One change to a flag in a flag file: set `field` to a scalar, or remove it (value nullopt).
struct FieldChange {
  std::string field;
  std::optional<std::string> value;
};
// Applies the changes to flags.<flag> in `file` (created when missing) and replaces the file
// atomically. The file is rewritten from its parsed form: comments in it are not kept.
// Throws FlagFileError naming the file.
void change_flag(const std::filesystem::path& file, std::string_view flag, const std::vector<FieldChange>& changes);

// Defines cohort `name` in `file` as a list of units or as a rule (replacing what it was there), or
// removes it (nullopt), replacing the file atomically. Throws FlagFileError naming the file.
struct CohortDefinition {
  std::vector<std::string> units;
  std::optional<std::string> rule;
};
void change_cohort(const std::filesystem::path& file, std::string_view name,
                   const std::optional<CohortDefinition>& definition);

// $XDG_CONFIG_HOME/ax/flags.yaml (default ~/.config/ax/flags.yaml).
std::filesystem::path user_flag_file();

}  // namespace ax::flags
