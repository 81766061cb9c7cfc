// `ax flags`: the feature flags defined in the flag files, their effective state for this unit and
// why, and the admin changes (enable, disable, rollout, kill). The logic lives in ax_flags.
#include <algorithm>
#include <chrono>
#include <iomanip>

#include <ax/flags/flags.hpp>
#include <ax/flags/unit.hpp>
#include <ax/sdk/sdk.hpp>

namespace {

namespace fs = std::filesystem;
namespace fl = ax::flags;
using ax::sdk::Host;
using ax::sdk::UsageError;
using ax::sdk::UserError;

constexpr const char* kUsage = R"(Usage: ax flags list [--user NAME] [--json]
       ax flags get NAME [--user NAME] [--json]
       ax flags enable NAME [--global]
       ax flags disable NAME [--global]
       ax flags rollout NAME PCT [--global]
       ax flags kill NAME --reason TEXT [--global]

Feature flags are defined in flag files; later layers win field by field:
  user file ($XDG_CONFIG_HOME/ax/flags.yaml) < repository file (.ax/flags.yaml, commit it to share)
  < environment (AX_FLAG_<NAME>=on|off|<variant>: my-flag -> AX_FLAG_MY_FLAG).
A flag has enabled, rollout (percent), users, cohorts (named lists under cohorts:), enabled-after,
expires-at (dates like 2026-12-01 or 2026-12-01T08:00:00Z, UTC), variants ({name: weight}, summing
to 100) and a description. Whether a flag is on for you is decided per unit: --user NAME, else this
install's anonymous telemetry id, else a hash of the repository root.

  list      every flag: on/off or its variant, the reason, the file it comes from; stale = expired
  get       one flag, with the detail of the decision (its rollout bucket, the cohort matched, ...)
  enable    enabled: true (and clears a kill) in the repository file, or the user file with --global
  disable   enabled: false
  rollout   the percentage of units the flag is on for, 0-100
  kill      the emergency switch: off for everyone whatever else is set, until `enable`
Changes take effect on the next command. The file is rewritten: comments in it are not kept.
)";

struct Flags {
  std::vector<fs::path> files;
  std::optional<fs::path> repository_file;
  fl::FlagSet set;
};

Flags load(Host& host) {
  Flags flags;
  flags.files.push_back(fl::user_flag_file());
  if (auto root = host.repository_root(host.working_directory())) {
    flags.repository_file = *root / ".ax" / "flags.yaml";
    flags.files.push_back(*flags.repository_file);
  }
  flags.set = fl::load_flags(flags.files, fl::process_environment());
  return flags;
}

fl::Unit choose_unit(Host& host, const ax::sdk::Args& args) {
  if (auto user = args.get("--user")) {
    if (user->empty()) throw UsageError("--user needs a name");
    return {*user, "--user"};
  }
  return fl::default_unit(host.repository_root(host.working_directory()).value_or(host.working_directory()));
}

fl::TimePoint now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

void throw_first_problem(const fl::FlagSet& set) {
  auto problems = set.all_problems();
  if (!problems.empty()) {
    std::string message = problems.front();
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
    throw UserError(message);
  }
}

const fl::Flag& require_flag(const Flags& flags, const std::string& name) {
  auto it = flags.set.flags.find(name);
  if (it == flags.set.flags.end()) {
    std::string where = flags.repository_file ? flags.repository_file->string() : fl::user_flag_file().string();
    throw UserError("unknown flag '" + name + "' (define it under flags: in " + where + "; see ax flags list)");
  }
  return it->second;
}

void write_evaluation_json(ax::sdk::JsonWriter& json, const fl::Flag& flag, const fl::Evaluation& e) {
  json.begin_object()
      .field("name", flag.name)
      .field("on", e.on)
      .field("variant", e.variant)
      .field("reason", fl::to_string(e.reason))
      .field("detail", e.detail)
      .field("source", flag.source)
      .field("stale", e.stale)
      .field("description", flag.description)
      .end_object();
}

std::string state_word(const fl::Evaluation& e) {
  if (e.on && e.variant != "on") return "on:" + e.variant;
  return e.on ? "on" : "off";
}

int list(Host& host, const ax::sdk::Args& args) {
  const Flags flags = load(host);
  const fl::Unit unit = choose_unit(host, args);
  const fl::Context context{unit.id, now()};
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("unit", unit.id).field("unit_source", unit.source).key("flags").begin_array();
    for (const auto& [name, flag] : flags.set.flags)
      write_evaluation_json(json, flag, fl::evaluate(flags.set, name, context));
    json.end_array().end_object();
    host.out() << "\n";
  } else if (flags.set.flags.empty()) {
    host.out() << "no flags defined (in " << fl::user_flag_file().string()
               << (flags.repository_file ? " or " + flags.repository_file->string() : std::string()) << ")\n";
  } else {
    std::size_t name_width = 4, state_width = 5, reason_width = 6;
    std::vector<fl::Evaluation> evaluations;
    for (const auto& [name, flag] : flags.set.flags) {
      evaluations.push_back(fl::evaluate(flags.set, name, context));
      name_width = std::max(name_width, name.size());
      state_width = std::max(state_width, state_word(evaluations.back()).size());
      reason_width = std::max(reason_width, std::string(fl::to_string(evaluations.back().reason)).size());
    }
    host.out() << "unit: " << unit.id << " (" << unit.source << ")\n";
    auto evaluation = evaluations.begin();
    for (const auto& [name, flag] : flags.set.flags) {
      const fl::Evaluation& e = *evaluation++;
      host.out() << std::left << std::setw(static_cast<int>(name_width)) << name << "  "
                 << std::setw(static_cast<int>(state_width)) << state_word(e) << "  "
                 << std::setw(static_cast<int>(reason_width)) << fl::to_string(e.reason) << "  " << flag.source
                 << (e.stale ? "  [stale]" : "") << "\n";
    }
  }
  throw_first_problem(flags.set);
  return ax::sdk::kExitOk;
}

int get(Host& host, const ax::sdk::Args& args, const std::string& name) {
  const Flags flags = load(host);
  const fl::Flag& flag = require_flag(flags, name);
  const fl::Unit unit = choose_unit(host, args);
  const fl::Evaluation e = fl::evaluate(flags.set, name, {unit.id, now()});
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    write_evaluation_json(json, flag, e);
    host.out() << "\n";
  } else {
    host.out() << "flag     " << name << "\n"
               << "state    " << state_word(e) << (e.stale ? " [stale]" : "") << "\n"
               << "reason   " << fl::to_string(e.reason) << ": " << e.detail << "\n"
               << "unit     " << unit.id << " (" << unit.source << ")\n"
               << "source   " << flag.source << "\n";
    if (!flag.description.empty()) host.out() << "about    " << flag.description << "\n";
  }
  if (!flag.problem.empty()) throw UserError(flag.problem);
  return ax::sdk::kExitOk;
}

int change(Host& host, const ax::sdk::Args& args, const std::string& name,
           const std::vector<fl::FieldChange>& changes) {
  const Flags before = load(host);
  require_flag(before, name);
  fs::path file;
  if (args.has("--global")) {
    file = fl::user_flag_file();
  } else if (before.repository_file) {
    file = *before.repository_file;
  } else {
    throw UserError("not inside an indexed repository; use --global to change the user flag file");
  }
  try {
    fl::change_flag(file, name, changes);
  } catch (const fl::FlagFileError& e) {
    throw UserError(e.what());
  }
  const Flags after = load(host);
  const fl::Flag& flag = after.set.flags.at(name);
  if (!flag.problem.empty()) throw UserError(flag.problem);
  const fl::Evaluation e = fl::evaluate(after.set, name, {choose_unit(host, args).id, now()});
  host.out() << name << ": " << state_word(e) << " for this unit (" << fl::to_string(e.reason) << ": " << e.detail
             << "), written to " << file.string() << "\n";
  if (flag.kill_reason && changes.front().field == "enabled" && changes.front().value == "true")
    throw UserError(name + " is still killed in another flag file (killed: " + *flag.kill_reason + ")");
  return ax::sdk::kExitOk;
}

class FlagsCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--global"}, {"--user", "--reason"});
    const auto& words = args.positional();
    if (words.empty()) throw UsageError("usage: ax flags list|get|enable|disable|rollout|kill (see ax flags --help)");
    const std::string& action = words[0];
    if (action == "list" && words.size() == 1) return list(host, args);
    if (action == "get" && words.size() == 2) return get(host, args, words[1]);
    if (action == "enable" && words.size() == 2)
      return change(host, args, words[1], {{"enabled", "true"}, {"killed", std::nullopt}, {"killed-at", std::nullopt}});
    if (action == "disable" && words.size() == 2) return change(host, args, words[1], {{"enabled", "false"}});
    if (action == "rollout" && words.size() == 3) {
      const auto& pct = words[2];
      const bool digits = !pct.empty() && pct.size() <= 3 && std::all_of(pct.begin(), pct.end(), ::isdigit);
      if (!digits || std::stoi(pct) > 100)
        throw UsageError("rollout expects a whole percentage from 0 to 100, not '" + pct + "'");
      return change(host, args, words[1], {{"rollout", std::to_string(std::stoi(pct))}});
    }
    if (action == "kill" && words.size() == 2) {
      auto reason = args.get("--reason");
      if (!reason || reason->empty()) throw UsageError("kill needs --reason TEXT (it is recorded with the flag)");
      return change(host, args, words[1],
                    {{"enabled", "false"}, {"killed", *reason}, {"killed-at", fl::format_timestamp(now())}});
    }
    throw UsageError("usage: ax flags list|get NAME|enable NAME|disable NAME|rollout NAME PCT|kill NAME --reason TEXT");
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"flags", "feature flags: state for this unit and why, enable, rollout, kill", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "flags", "1.0.0", "Feature flags", kCommands, FlagsCommand)
