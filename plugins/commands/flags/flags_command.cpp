// `ax flags`: the feature flags defined in the flag files, their effective state for this unit and
// why, and the admin changes (enable, disable, rollout, kill). The logic lives in ax_flags.
#include <algorithm>
#include <chrono>
#include <iomanip>

#include <cstdio>

#include <ax/flags/experiment.hpp>
#include <ax/flags/flags.hpp>
#include <ax/flags/gate.hpp>
#include <ax/flags/unit.hpp>
#include <ax/sdk/flag_telemetry.hpp>
#include <ax/sdk/sdk.hpp>

namespace {

namespace fs = std::filesystem;
namespace fl = ax::flags;
using ax::sdk::Host;
using ax::sdk::UsageError;
using ax::sdk::UserError;

constexpr const char* kUsage = R"(Usage: ax flags list [--user NAME] [--json]
       ax flags get NAME [--user NAME] [--json]
       ax flags enable NAME [--global] [--json]
       ax flags disable NAME [--global] [--json]
       ax flags rollout NAME PCT [--global] [--json]
       ax flags kill NAME --reason TEXT [--global] [--json]
       ax flags stats NAME [--metric M] [--json]
       ax flags cohort list [--json]
       ax flags cohort add NAME --users a,b,c | --rule EXPR [--global] [--json]
       ax flags cohort remove NAME [--global] [--json]

Feature flags are defined in flag files; later layers win field by field:
  user file ($XDG_CONFIG_HOME/ax/flags.yaml) < repository file (.ax/flags.yaml, commit it to share)
  < environment (AX_FLAG_<NAME>=on|off|<variant>: my-flag -> AX_FLAG_MY_FLAG).
A flag has enabled, rollout (percent), users, cohorts (named lists under cohorts:), enabled-after,
expires-at (dates like 2026-12-01 or 2026-12-01T08:00:00Z, UTC), variants ({name: weight}, summing
to 100), a description and metadata ({owner: search, ticket: AX-15}: names to single values). Whether a flag is on for you is decided per unit: --user NAME, else this
install's anonymous telemetry id, else a hash of the repository root.

  list      every flag: on/off or its variant, the reason, the file it comes from; stale = expired
  get       one flag, with the detail of the decision (its rollout bucket, the cohort matched, ...)
  enable    enabled: true (and clears a kill) in the repository file, or the user file with --global
  disable   enabled: false
  rollout   the percentage of units the flag is on for, 0-100
  kill      the emergency switch: off for everyone whatever else is set, until `enable`
  stats     the experiment: per variant n, rate or mean +- sd, the difference with the control (off,
            or the variant named control) with its 95% interval and p-value, and a sample-ratio
            check; metrics: error, zero-result (rates), latency-ms, results (means); from telemetry
  cohort    named sets of units a flag may target (cohorts: [NAME]): a list, or a rule over the
            unit's attributes: clauses ATTRIBUTE OPERATOR VALUE joined by and / or (and first);
            attributes user (the --user name), unit, repository (the root's directory name);
            operators == != ^= (starts with) $= (ends with) *= (contains) in (a,b,c)
            e.g. --rule "user ^= ci- or repository in infra,ops"
Automatic rollback: a flag whose runs fail too often (the Wilson 95% lower bound of its error rate
above flags.rollback_threshold percent, or above its control's rate plus flags.rollback_margin, over
flags.rollback_window hours and at least flags.min_sample runs) goes to 0% with rolled-back recorded
in its file, and stays off until `enable`.
Changes take effect on the next command. The file is rewritten: comments in it are not kept.
)";

struct Flags {
  std::vector<fs::path> files;
  std::optional<fs::path> repository_file;
  fl::FlagSet set;
};

Flags load(Host& host) {
  Flags flags;
  flags.files = fl::flag_files(host);
  if (flags.files.size() > 1) flags.repository_file = flags.files.back();
  flags.set = fl::load_flags(flags.files, fl::process_environment());
  return flags;
}

fl::TimePoint now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// Runs the automatic rollback check on every flag (printing an alert for each that trips) and
// reloads the files when one did.
Flags load_checked(Host& host) {
  Flags flags = load(host);
  bool tripped = false;
  const fl::RollbackSettings settings = fl::rollback_settings(host);
  for (const auto& [name, flag] : flags.set.flags)
    tripped = fl::guard_rollback(host, flags.set, flag, settings) || tripped;
  return tripped ? load(host) : flags;
}

fl::Unit choose_unit(Host& host, const ax::sdk::Args& args) {
  if (auto user = args.get("--user")) {
    if (user->empty()) throw UsageError("--user needs a name");
    return {*user, "--user"};
  }
  return fl::default_unit(host.repository_root(host.working_directory()).value_or(host.working_directory()));
}

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
      .field("description", flag.description);
  json.key("metadata").begin_object();
  for (const auto& [key, value] : flag.metadata) json.field(key, value);
  json.end_object()
      .field("rolled_back", flag.rollback_reason.value_or(""))
      .field("rolled_back_at", flag.rolled_back_at ? fl::format_timestamp(*flag.rolled_back_at) : std::string())
      .end_object();
}

std::string state_word(const fl::Evaluation& e) {
  if (e.on && e.variant != "on") return "on:" + e.variant;
  return e.on ? "on" : "off";
}

int list(Host& host, const ax::sdk::Args& args) {
  const Flags flags = load_checked(host);
  const fl::Unit unit = choose_unit(host, args);
  const fl::Context context = fl::context_for(host, unit);
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
                 << (e.stale ? "  [stale]" : "") << (flag.rollback_reason ? "  [rolled back]" : "") << "\n";
    }
  }
  for (const auto& [name, flag] : flags.set.flags)
    if (flag.rollback_reason)
      host.err() << "ax: alert: flag " << name << " was rolled back"
                 << (flag.rolled_back_at ? " at " + fl::format_timestamp(*flag.rolled_back_at) : std::string()) << ": "
                 << *flag.rollback_reason << "; 'ax flags enable " << name << "' turns it on again\n";
  throw_first_problem(flags.set);
  return ax::sdk::kExitOk;
}

int get(Host& host, const ax::sdk::Args& args, const std::string& name) {
  const Flags flags = load_checked(host);
  const fl::Flag& flag = require_flag(flags, name);
  const fl::Unit unit = choose_unit(host, args);
  const fl::Evaluation e = fl::evaluate(flags.set, name, fl::context_for(host, unit));
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
    for (const auto& [key, value] : flag.metadata) host.out() << "meta     " << key << ": " << value << "\n";
    if (flag.rollback_reason)
      host.out() << "rolled back  "
                 << (flag.rolled_back_at ? fl::format_timestamp(*flag.rolled_back_at) + ": " : std::string())
                 << *flag.rollback_reason << "\n";
  }
  if (!flag.problem.empty()) throw UserError(flag.problem);
  return ax::sdk::kExitOk;
}

// One admin change: the fields it writes, and how telemetry records it (a flag-change event).
struct Change {
  std::string action;  // enabled, disabled, rollout, killed
  std::vector<fl::FieldChange> fields;
  std::string figures = {};  // the new rollout
  std::string reason = {};   // kill --reason (scrubbed by the kernel)
};

int change(Host& host, const ax::sdk::Args& args, const std::string& name, const Change& what) {
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
    fl::change_flag(file, name, what.fields);
  } catch (const fl::FlagFileError& e) {
    throw UserError(e.what());
  }
  if (auto* telemetry = ax::sdk::flag_telemetry_sink(host))
    telemetry->record_flag_change(name, what.action, what.figures, what.reason);
  const Flags after = load(host);
  const fl::Flag& flag = after.set.flags.at(name);
  if (!flag.problem.empty()) throw UserError(flag.problem);
  const bool enabling = what.action == "enabled";
  if (enabling && flag.kill_reason)
    throw UserError(name + " is still killed in another flag file (killed: " + *flag.kill_reason + ")");
  if (enabling && flag.rollback_reason)
    throw UserError(name + " is still rolled back in another flag file (" + *flag.rollback_reason + ")");
  const fl::Evaluation e = fl::evaluate(after.set, name, fl::context_for(host, choose_unit(host, args)));
  std::string note;
  if (enabling && before.set.flags.at(name).rollback_reason && flag.rollout == 0)
    note = "the rollback set its rollout to 0%; 'ax flags rollout " + name + " PCT' widens it again";
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("action", what.action).field("file", file.string()).field("note", note);
    json.key("flag");
    write_evaluation_json(json, flag, e);
    json.end_object();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  host.out() << name << ": " << state_word(e) << " for this unit (" << fl::to_string(e.reason) << ": " << e.detail
             << "), written to " << file.string() << "\n";
  if (!note.empty()) host.out() << name << ": " << note << "\n";
  return ax::sdk::kExitOk;
}

// ---- stats ----

constexpr int kStatsDays = 30;  // what telemetry keeps

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}
std::string signed_fixed(double value, int decimals) { return (value >= 0 ? "+" : "") + fixed(value, decimals); }
std::string p_text(double p) {
  if (p < 0.0001) return "< 0.0001";
  return fixed(p, 4);
}

void print_metric(std::ostream& out, const fl::MetricResult& m, std::uint64_t min_sample) {
  const bool rate = m.metric.kind == fl::MetricKind::rate;
  out << "\n"
      << m.metric.name << ": " << m.metric.about << "; "
      << (rate ? "rate, two-proportion z-test" : "mean +- sd, Welch's t-test") << "\n";
  std::vector<std::vector<std::string>> rows{{"variant", "n", rate ? "rate" : "mean +- sd",
                                              rate ? "difference, points (95% CI)" : "difference (95% CI)", "p"}};
  const int decimals = rate ? 1 : 2;
  for (const auto& v : m.variants) {
    std::vector<std::string> row{v.variant, std::to_string(v.n)};
    row.push_back(rate ? fixed(v.rate.rate() * 100, 1) + "%"
                       : fixed(v.moments.mean, 2) + " +- " + fixed(v.moments.sd, 2));
    const double scale = rate ? 100 : 1;
    if (&v == &m.variants.front()) {
      row.insert(row.end(), {"control", ""});
    } else if (!v.sufficient) {
      row.insert(row.end(), {"insufficient data (n < " + std::to_string(min_sample) + ")", ""});
    } else if (!v.vs_control.defined) {
      row.insert(row.end(), {signed_fixed(v.vs_control.difference * scale, decimals) + " (no variation to test)", ""});
    } else {
      row.push_back(signed_fixed(v.vs_control.difference * scale, decimals) + " [" +
                    signed_fixed(v.vs_control.ci.low * scale, decimals) + ", " +
                    signed_fixed(v.vs_control.ci.high * scale, decimals) + "]");
      row.push_back(p_text(v.vs_control.p_value));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(5, 0);
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      if (i + 1 < row.size()) cell.resize(widths[i], ' ');
      line += cell + (i + 1 < row.size() ? "  " : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

void write_report_json(ax::sdk::JsonWriter& json, const fl::ExperimentReport& r) {
  json.begin_object()
      .field("flag", r.flag)
      .field("control", r.control)
      .field("runs", r.runs)
      .field("units", r.units)
      .field("min_sample", r.min_sample);
  const auto& srm = r.sample_ratio;
  json.key("sample_ratio")
      .begin_object()
      .field("counts", "units")
      .field("runs_without_unit", srm.runs_without_unit)
      .field("checked", srm.checked)
      .field("note", srm.note)
      .field("chi_square", srm.fit.chi_square)
      .field("df", srm.fit.df)
      .field("p_value", srm.fit.p_value)
      .field("mismatch", srm.mismatch);
  json.key("variants").begin_array();
  for (std::size_t i = 0; i < srm.variants.size(); ++i)
    json.begin_object()
        .field("variant", srm.variants[i])
        .field("observed", srm.observed[i])
        .field("expected_share", srm.expected_share[i])
        .end_object();
  json.end_array().end_object();
  json.key("metrics").begin_array();
  for (const auto& m : r.metrics) {
    const bool rate = m.metric.kind == fl::MetricKind::rate;
    json.begin_object().field("name", m.metric.name).field("kind", rate ? "rate" : "mean");
    json.key("variants").begin_array();
    for (const auto& v : m.variants) {
      json.begin_object().field("variant", v.variant).field("n", v.n);
      if (rate)
        json.field("rate", v.rate.rate()).field("hits", v.rate.hits);
      else
        json.field("mean", v.moments.mean).field("sd", v.moments.sd);
      json.field("control", &v == &m.variants.front()).field("sufficient", v.sufficient);
      if (&v != &m.variants.front()) {
        json.field("difference", v.vs_control.difference)
            .field("ci_low", v.vs_control.ci.low)
            .field("ci_high", v.vs_control.ci.high)
            .field("statistic", v.vs_control.statistic)
            .field("df", v.vs_control.df)
            .field("p_value", v.vs_control.p_value)
            .field("tested", v.vs_control.defined);
      }
      json.end_object();
    }
    json.end_array().end_object();
  }
  json.end_array().end_object();
}

int stats(Host& host, const ax::sdk::Args& args, const std::string& name) {
  std::vector<const fl::Metric*> metrics;
  if (auto metric = args.get("--metric")) {
    const fl::Metric* m = fl::find_metric(*metric);
    if (m == nullptr)
      throw UsageError("--metric expects error, zero-result, latency-ms or results, not '" + *metric + "'");
    metrics.push_back(m);
  }
  const Flags flags = load(host);
  const fl::Flag& flag = require_flag(flags, name);
  if (!flag.problem.empty()) throw UserError(flag.problem);
  const fl::RollbackSettings settings = fl::rollback_settings(host);
  const std::int64_t to =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::int64_t from = to - std::int64_t{kStatsDays} * 86'400'000'000'000;
  const auto runs = fl::exposed_runs_recorded(name, from, to + 1);
  const fl::ExperimentReport report = fl::analyse_experiment(flag, runs, settings.min_sample, metrics);
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    write_report_json(json, report);
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  auto& out = host.out();
  out << "flag " << name << ": " << report.runs << " runs by " << report.units << " units exposed in the last "
      << kStatsDays << " days; control: " << report.control << "; minimum n " << report.min_sample << "\n";
  if (report.runs == 0)
    host.err() << "ax: warning: no runs of " << name
               << " recorded; exposures are recorded while telemetry is on (see ax telemetry status)\n";
  const auto& srm = report.sample_ratio;
  out << "sample ratio (distinct units";
  if (srm.runs_without_unit > 0)
    out << "; " << srm.runs_without_unit << " runs recorded before exposures named their unit count one each";
  out << "): ";
  for (std::size_t i = 0; i < srm.variants.size(); ++i)
    out << (i ? ", " : "") << srm.variants[i] << " " << srm.observed[i] << " (expected "
        << fixed(srm.expected_share[i] * 100, 1) << "%)";
  if (srm.checked)
    out << "; chi-square " << fixed(srm.fit.chi_square, 3) << ", p = " << p_text(srm.fit.p_value)
        << (srm.mismatch ? "" : ", no mismatch") << "\n";
  else
    out << (srm.variants.empty() ? "" : "; ") << "not checked: " << srm.note << "\n";
  if (srm.mismatch)
    host.err() << "ax: warning: sample ratio mismatch for " << name << " (p = " << p_text(srm.fit.p_value)
               << " < 0.001): the split does not match the configured rollout and weights; distrust the "
                  "differences\n";
  for (const auto& m : report.metrics) print_metric(out, m, report.min_sample);
  return ax::sdk::kExitOk;
}

// ---- cohorts ----

std::vector<std::string> flags_using(const fl::FlagSet& set, const std::string& cohort) {
  std::vector<std::string> names;
  for (const auto& [name, flag] : set.flags)
    if (std::find(flag.cohorts.begin(), flag.cohorts.end(), cohort) != flag.cohorts.end()) names.push_back(name);
  return names;
}

std::string joined(const std::vector<std::string>& words, const char* separator) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : separator) + word;
  return text;
}

int cohort_list(Host& host, const ax::sdk::Args& args, const Flags& flags) {
  std::vector<std::string> names;
  for (const auto& [name, _] : flags.set.cohort_sources) names.push_back(name);
  auto definition = [&](const std::string& name) {
    if (auto rule = flags.set.cohort_rules.find(name); rule != flags.set.cohort_rules.end()) return rule->second.text;
    return joined(flags.set.cohorts.at(name), ",");
  };
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().key("cohorts").begin_array();
    for (const auto& name : names) {
      const bool rule = flags.set.cohort_rules.count(name) > 0;
      json.begin_object().field("name", name).field("kind", rule ? "rule" : "list");
      if (rule) {
        json.field("rule", definition(name));
      } else {
        json.key("units").begin_array();
        for (const auto& unit : flags.set.cohorts.at(name)) json.value(unit);
        json.end_array();
      }
      json.field("source", flags.set.cohort_sources.at(name));
      json.key("used_by").begin_array();
      for (const auto& flag : flags_using(flags.set, name)) json.value(flag);
      json.end_array().end_object();
    }
    json.end_array().end_object();
    host.out() << "\n";
  } else if (names.empty()) {
    host.out() << "no cohorts defined\n";
  } else {
    for (const auto& name : names) {
      const bool rule = flags.set.cohort_rules.count(name) > 0;
      const auto users = flags_using(flags.set, name);
      host.out() << name << "  " << (rule ? "rule " : "units ") << definition(name) << "  "
                 << flags.set.cohort_sources.at(name)
                 << (users.empty() ? std::string() : "  used by " + joined(users, ", ")) << "\n";
    }
  }
  throw_first_problem(flags.set);
  return ax::sdk::kExitOk;
}

fs::path file_to_change(const Flags& flags, const ax::sdk::Args& args) {
  if (args.has("--global")) return fl::user_flag_file();
  if (flags.repository_file) return *flags.repository_file;
  throw UserError("not inside an indexed repository; use --global to change the user flag file");
}

int cohort(Host& host, const ax::sdk::Args& args, const std::vector<std::string>& words) {
  const std::string action = words.size() > 1 ? words[1] : std::string();
  const Flags flags = load(host);
  if (action == "list" && words.size() == 2) return cohort_list(host, args, flags);
  if ((action != "add" && action != "remove") || words.size() != 3)
    throw UsageError("usage: ax flags cohort list | add NAME --users a,b | add NAME --rule EXPR | remove NAME");
  const std::string& name = words[2];
  if (!fl::valid_flag_name(name))
    throw UsageError("cohort name '" + name + "': lower-case letters, digits, '-' and '_', starting with a letter");
  std::optional<fl::CohortDefinition> definition;
  if (action == "add") {
    const auto users = args.get("--users");
    const auto rule = args.get("--rule");
    if (users.has_value() == rule.has_value()) throw UsageError("cohort add needs either --users a,b,c or --rule EXPR");
    definition.emplace();
    if (rule) {
      std::string problem;
      if (!fl::parse_cohort_rule(*rule, problem)) throw UsageError("--rule: " + problem);
      definition->rule = *rule;
    } else {
      std::string unit;
      for (char c : *users + ",") {
        if (c != ',') {
          unit += c;
        } else if (!unit.empty()) {
          definition->units.push_back(std::move(unit));
          unit.clear();
        }
      }
      if (definition->units.empty()) throw UsageError("--users expects names like a,b,c");
    }
  } else {
    if (!flags.set.cohort_sources.count(name))
      throw UserError("unknown cohort '" + name + "' (see ax flags cohort list)");
    if (auto users = flags_using(flags.set, name); !users.empty())
      throw UserError("cohort '" + name + "' is used by " + joined(users, ", ") +
                      "; take it out of their cohorts first");
  }
  const fs::path file = file_to_change(flags, args);
  if (action == "remove" && flags.set.cohort_sources.at(name) != file.string())
    throw UserError("cohort '" + name + "' is defined in " + flags.set.cohort_sources.at(name) + ", not in " +
                    file.string());
  try {
    fl::change_cohort(file, name, definition);
  } catch (const fl::FlagFileError& e) {
    throw UserError(e.what());
  }
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("action", action).field("cohort", name).field("file", file.string());
    if (definition && definition->rule) {
      json.field("kind", "rule").field("rule", *definition->rule);
    } else if (definition) {
      json.field("kind", "list").key("units").begin_array();
      for (const auto& unit : definition->units) json.value(unit);
      json.end_array();
    }
    json.end_object();
    host.out() << "\n";
  } else if (definition)
    host.out() << "cohort " << name << ": "
               << (definition->rule ? "rule " + *definition->rule : std::to_string(definition->units.size()) + " units")
               << ", written to " << file.string() << "\n";
  else
    host.out() << "cohort " << name << ": removed from " << file.string() << "\n";
  return ax::sdk::kExitOk;
}

class FlagsCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--global"}, {"--user", "--reason", "--metric", "--users", "--rule"});
    const auto& words = args.positional();
    if (words.empty())
      throw UsageError("usage: ax flags list|get|enable|disable|rollout|kill|stats|cohort (see ax flags --help)");
    const std::string& action = words[0];
    if (action == "list" && words.size() == 1) return list(host, args);
    if (action == "get" && words.size() == 2) return get(host, args, words[1]);
    if (action == "enable" && words.size() == 2)
      return change(host, args, words[1],
                    {"enabled",
                     {{"enabled", "true"},
                      {"killed", std::nullopt},
                      {"killed-at", std::nullopt},
                      {"rolled-back", std::nullopt},
                      {"rolled-back-at", std::nullopt},
                      {"guarded-since", fl::format_timestamp(now())}}});
    if (action == "disable" && words.size() == 2)
      return change(host, args, words[1], {"disabled", {{"enabled", "false"}}});
    if (action == "rollout" && words.size() == 3) {
      const auto& pct = words[2];
      const bool digits = !pct.empty() && pct.size() <= 3 && std::all_of(pct.begin(), pct.end(), ::isdigit);
      if (!digits || std::stoi(pct) > 100)
        throw UsageError("rollout expects a whole percentage from 0 to 100, not '" + pct + "'");
      const std::string rollout = std::to_string(std::stoi(pct));
      return change(host, args, words[1], {"rollout", {{"rollout", rollout}}, rollout + "%"});
    }
    if (action == "stats" && words.size() == 2) return stats(host, args, words[1]);
    if (action == "cohort") return cohort(host, args, words);
    if (action == "kill" && words.size() == 2) {
      auto reason = args.get("--reason");
      if (!reason || reason->empty()) throw UsageError("kill needs --reason TEXT (it is recorded with the flag)");
      return change(host, args, words[1],
                    {"killed",
                     {{"enabled", "false"}, {"killed", *reason}, {"killed-at", fl::format_timestamp(now())}},
                     {},
                     *reason});
    }
    throw UsageError(
        "usage: ax flags list|get NAME|enable NAME|disable NAME|rollout NAME PCT|kill NAME --reason TEXT|stats "
        "NAME|cohort ...");
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"flags", "feature flags: state for this unit and why, enable, rollout, kill", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "flags", "1.0.0", "Feature flags", kCommands, FlagsCommand)
