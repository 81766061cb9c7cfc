#include "ax/flags/flags.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

#include <unistd.h>

#include <murmurhash.h>
#include <yaml-cpp/yaml.h>
#include <ax/sdk/file.hpp>
#include <ax/sdk/paths.hpp>

extern char** environ;

namespace ax::flags {
namespace fs = std::filesystem;

std::uint32_t murmur3_x86_32(std::string_view bytes, std::uint32_t seed) {
  std::uint32_t out[1] = {0};
  lmmh_x86_32(bytes.data(), static_cast<unsigned int>(bytes.size()), seed, out);
  return out[0];
}

namespace {
std::string hash_key(std::string_view flag, std::string_view unit) {
  std::string key(flag);
  key += ':';
  key += unit;
  return key;
}
}  // namespace

int rollout_bucket(std::string_view flag, std::string_view unit) {
  return static_cast<int>(murmur3_x86_32(hash_key(flag, unit), kRolloutSeed) % 100 + 1);
}

int variant_bucket(std::string_view flag, std::string_view unit) {
  return static_cast<int>(murmur3_x86_32(hash_key(flag, unit), kVariantSeed) % 100 + 1);
}

namespace {
bool read_number(std::string_view text, std::size_t at, std::size_t length, int& out) {
  if (at + length > text.size()) return false;
  for (std::size_t i = at; i < at + length; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  std::from_chars(text.data() + at, text.data() + at + length, out);
  return true;
}
}  // namespace

std::optional<TimePoint> parse_timestamp(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !read_number(text, 5, 2, month) ||
      text[7] != '-' || !read_number(text, 8, 2, day))
    return std::nullopt;
  if (text.size() != 10) {
    if (text.size() != 20 || (text[10] != 'T' && text[10] != ' ') || !read_number(text, 11, 2, hour) ||
        text[13] != ':' || !read_number(text, 14, 2, minute) || text[16] != ':' || !read_number(text, 17, 2, second) ||
        text[19] != 'Z')
      return std::nullopt;
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string format_timestamp(TimePoint time) {
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date(days);
  const std::chrono::hh_mm_ss clock(time - days);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(clock.hours().count()), static_cast<long>(clock.minutes().count()),
                static_cast<long>(clock.seconds().count()));
  return text;
}

bool valid_flag_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || !std::islower(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_';
  });
}

std::string flag_env_name(std::string_view flag) {
  std::string name = "AX_FLAG_";
  for (char c : flag) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::vector<std::string> FlagSet::all_problems() const {
  std::vector<std::string> out = problems;
  for (const auto& [_, flag] : flags)
    if (!flag.problem.empty()) out.push_back(flag.problem);
  return out;
}

namespace {

constexpr std::size_t kMaxNames = 10000;  // users or cohort members in one list
// Names in one file: YAML aliases can repeat one long list under every flag, which would otherwise
// make a small file expand into hundreds of millions of strings.
constexpr std::size_t kMaxNamesPerFile = 100000;

std::string where(const fs::path& file, const YAML::Node& node) {
  return file.string() + ":" + std::to_string(node.Mark().line + 1);
}

// A list of names: a YAML sequence of scalars; empty string when it is one, the problem otherwise.
std::string read_names(const YAML::Node& node, std::vector<std::string>& out, std::size_t& names_left) {
  if (!node.IsSequence()) return "expects a list like [a, b]";
  if (node.size() > kMaxNames) return "has more than " + std::to_string(kMaxNames) + " names";
  if (node.size() > names_left)
    return "goes past " + std::to_string(kMaxNamesPerFile) + " names in the file (aliases expanding?)";
  names_left -= node.size();
  out.clear();
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) return "expects a list of names";
    out.push_back(item.Scalar());
  }
  return {};
}

// A whole percentage 0-100, or -1.
int read_percentage(const std::string& text) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 100) return -1;
  return value;
}

// Applies one field of a flag's definition in one layer; returns the problem or empty.
std::string apply_field(Flag& flag, const std::string& field, const YAML::Node& node, const fs::path& file,
                        std::size_t& names_left) {
  const bool scalar = node.IsScalar();
  const std::string text = scalar ? node.Scalar() : std::string();
  if (field == "description") {
    if (!scalar) return "expects a single value";
    flag.description = text;
  } else if (field == "enabled") {
    if (!scalar || (text != "true" && text != "false")) return "expects true or false";
    flag.enabled = text == "true";
  } else if (field == "rollout") {
    const int pct = scalar ? read_percentage(text) : -1;
    if (pct < 0) return "expects a whole percentage from 0 to 100, not '" + text + "'";
    flag.rollout = pct;
  } else if (field == "users") {
    return read_names(node, flag.users, names_left);
  } else if (field == "cohorts") {
    flag.cohorts_where = where(file, node);
    return read_names(node, flag.cohorts, names_left);
  } else if (field == "enabled-after" || field == "expires-at") {
    auto time = scalar ? parse_timestamp(text) : std::nullopt;
    if (!time) return "expects a UTC date like 2026-12-01 or 2026-12-01T08:00:00Z, not '" + text + "'";
    (field == "enabled-after" ? flag.enabled_after : flag.expires_at) = *time;
  } else if (field == "variants") {
    if (!node.IsMap() || node.size() == 0) return "expects a map of variant names to weights like {a: 50, b: 50}";
    std::vector<Variant> variants;
    int total = 0;
    for (const auto& item : node) {
      const std::string name = item.first.Scalar();
      const int weight = item.second.IsScalar() ? read_percentage(item.second.Scalar()) : -1;
      if (!valid_flag_name(name)) return "has a variant name '" + name + "' that is not a plain lower-case name";
      if (name == "on" || name == "off") return "cannot name a variant '" + name + "'";
      if (weight < 0) return "gives variant '" + name + "' a weight that is not a whole number from 0 to 100";
      total += weight;
      variants.push_back({name, weight});
    }
    if (total != 100) return "has weights summing to " + std::to_string(total) + ", not 100";
    flag.variants = std::move(variants);
  } else if (field == "metadata") {
    if (!node.IsMap()) return "expects a map of names to single values like {owner: search, ticket: AX-15}";
    for (const auto& item : node) {
      const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
      if (key.empty() || !item.second.IsScalar())
        return "expects a map of names to single values like {owner: search, ticket: AX-15}";
      flag.metadata[key] = item.second.Scalar();
    }
  } else if (field == "killed") {
    if (!scalar || text.empty()) return "expects the reason the flag was killed";
    flag.kill_reason = text;
  } else if (field == "killed-at") {
    if (!scalar || !parse_timestamp(text)) return "expects a UTC timestamp";
  } else if (field == "rolled-back") {
    if (!scalar || text.empty()) return "expects the reason the flag was rolled back";
    flag.rollback_reason = text;
  } else if (field == "rolled-back-at" || field == "guarded-since") {
    auto time = scalar ? parse_timestamp(text) : std::nullopt;
    if (!time) return "expects a UTC timestamp like 2026-12-01T08:00:00Z, not '" + text + "'";
    (field == "rolled-back-at" ? flag.rolled_back_at : flag.guarded_since) = *time;
  } else {
    return "is not a flag field (description, enabled, rollout, users, cohorts, enabled-after, expires-at, "
           "variants, metadata, killed, rolled-back, guarded-since)";
  }
  return {};
}

void load_layer(FlagSet& set, const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::ParserException& e) {
    set.problems.push_back(file.string() + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
    return;
  } catch (const YAML::Exception&) {
    set.problems.push_back(file.string() + ": cannot be read");
    return;
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) {
    set.problems.push_back(where(file, root) + ": expected a mapping with flags: and cohorts:");
    return;
  }
  std::size_t names_left = kMaxNamesPerFile;
  for (const auto& section : root) {
    const std::string name = section.first.IsScalar() ? section.first.Scalar() : std::string();
    if (name == "cohorts") {
      if (!section.second.IsMap()) {
        set.problems.push_back(where(file, section.second) +
                               ": cohorts expects a map of cohort names to lists or rules");
        continue;
      }
      for (const auto& cohort : section.second) {
        const std::string cohort_name = cohort.first.Scalar();
        if (!valid_flag_name(cohort_name)) {
          set.problems.push_back(where(file, cohort.first) + ": cohorts." + cohort_name +
                                 " is not a plain lower-case name");
          continue;
        }
        if (cohort.second.IsMap()) {
          const YAML::Node rule = cohort.second["rule"];
          std::string problem;
          std::optional<CohortRule> parsed;
          if (cohort.second.size() != 1 || !rule.IsDefined() || !rule.IsScalar())
            problem = "expects a list of units or {rule: \"...\"}";
          else
            parsed = parse_cohort_rule(rule.Scalar(), problem);
          if (!parsed) {
            set.problems.push_back(where(file, cohort.second) + ": cohorts." + cohort_name + " " + problem);
            continue;
          }
          set.cohorts.erase(cohort_name);
          set.cohort_rules[cohort_name] = std::move(*parsed);
          set.cohort_sources[cohort_name] = file.string();
          continue;
        }
        std::vector<std::string> members;
        if (auto problem = read_names(cohort.second, members, names_left); !problem.empty()) {
          set.problems.push_back(where(file, cohort.second) + ": cohorts." + cohort_name + " " + problem);
          continue;
        }
        set.cohort_rules.erase(cohort_name);
        set.cohorts[cohort_name] = std::move(members);
        set.cohort_sources[cohort_name] = file.string();
      }
    } else if (name == "flags") {
      if (!section.second.IsMap()) {
        set.problems.push_back(where(file, section.second) + ": flags expects a map of flag names");
        continue;
      }
      for (const auto& entry : section.second) {
        const std::string flag_name = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
        if (!valid_flag_name(flag_name)) {
          set.problems.push_back(where(file, entry.first) + ": flags." + flag_name +
                                 ": a flag name is lower-case letters, digits, '-' and '_'");
          continue;
        }
        Flag& flag = set.flags[flag_name];
        flag.name = flag_name;
        flag.source = file.string();
        if (entry.second.IsNull()) continue;
        if (!entry.second.IsMap()) {
          if (flag.problem.empty())
            flag.problem = where(file, entry.second) + ": flags." + flag_name + " expects a map of fields";
          continue;
        }
        for (const auto& field : entry.second) {
          const std::string field_name = field.first.IsScalar() ? field.first.Scalar() : std::string();
          std::string problem = apply_field(flag, field_name, field.second, file, names_left);
          if (!problem.empty() && flag.problem.empty())
            flag.problem = where(file, field.second) + ": flags." + flag_name + "." + field_name + " " + problem;
        }
      }
    } else {
      set.problems.push_back(where(file, section.first) + ": unknown section '" + name +
                             "' (a flag file has flags: and cohorts:)");
    }
  }
}

}  // namespace

FlagSet load_flags(const std::vector<fs::path>& files, const std::vector<std::string>& environment) {
  FlagSet set;
  try {
    for (const auto& file : files) load_layer(set, file);
    for (auto& [name, flag] : set.flags) {
      if (!flag.problem.empty()) continue;
      for (const auto& cohort : flag.cohorts)
        if (!set.cohorts.count(cohort) && !set.cohort_rules.count(cohort)) {
          flag.problem = flag.cohorts_where + ": flags." + name + ".cohorts names an unknown cohort '" + cohort + "'";
          break;
        }
    }
    std::map<std::string, std::string> by_env_name;
    for (const auto& [name, _] : set.flags) by_env_name[flag_env_name(name)] = name;
    for (const auto& entry : environment) {
      if (entry.rfind("AX_FLAG_", 0) != 0) continue;
      const auto eq = entry.find('=');
      const std::string variable = entry.substr(0, eq);
      const std::string value = eq == std::string::npos ? std::string() : entry.substr(eq + 1);
      auto it = by_env_name.find(variable);
      if (it == by_env_name.end()) {
        set.problems.push_back("environment " + variable + ": unknown flag (see ax flags list)");
        continue;
      }
      Flag& flag = set.flags[it->second];
      const bool known_variant =
          std::any_of(flag.variants.begin(), flag.variants.end(), [&](const Variant& v) { return v.name == value; });
      if (value != "on" && value != "off" && !known_variant) {
        if (flag.problem.empty())
          flag.problem =
              "environment " + variable + ": expects on, off or a variant of " + it->second + ", not '" + value + "'";
        continue;
      }
      set.overrides[it->second] = value;
    }
  } catch (const std::exception& e) {
    set.problems.push_back(std::string("cannot load flags: ") + e.what());
  }
  return set;
}

std::vector<std::string> process_environment() {
  std::vector<std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) out.emplace_back(*entry);
  return out;
}

namespace {
const char* const kRuleAttributes[] = {"user", "unit", "repository"};
const char* const kRuleOperators[] = {"==", "!=", "^=", "$=", "*=", "in"};

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    std::size_t end = at;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end > at) words.emplace_back(text.substr(at, end - at));
    at = end;
  }
  return words;
}

const std::string& attribute_of(const Context& context, const std::string& attribute) {
  if (attribute == "user") return context.user;
  if (attribute == "repository") return context.repository;
  return context.unit;
}

bool clause_matches(const RuleClause& clause, const std::string& value) {
  const std::string& operand = clause.values.front();
  if (clause.op == "==") return value == operand;
  if (clause.op == "!=") return value != operand;
  if (clause.op == "^=") return !value.empty() && value.rfind(operand, 0) == 0;
  if (clause.op == "$=")
    return !value.empty() && value.size() >= operand.size() &&
           value.compare(value.size() - operand.size(), operand.size(), operand) == 0;
  if (clause.op == "*=") return !value.empty() && value.find(operand) != std::string::npos;
  return std::find(clause.values.begin(), clause.values.end(), value) != clause.values.end();  // in
}
}  // namespace

std::optional<CohortRule> parse_cohort_rule(std::string_view text, std::string& problem) {
  CohortRule rule;
  rule.text = std::string(text);
  const auto words = split_words(text);
  if (words.empty()) {
    problem = "rule is empty (expected ATTRIBUTE OPERATOR VALUE, e.g. user ^= ci-)";
    return std::nullopt;
  }
  rule.alternatives.emplace_back();
  std::size_t i = 0;
  while (true) {
    if (i + 3 > words.size()) {
      problem = "rule '" + rule.text + "': expected ATTRIBUTE OPERATOR VALUE at '" +
                (i < words.size() ? words[i] : std::string("the end")) + "'";
      return std::nullopt;
    }
    RuleClause clause{words[i], words[i + 1], {}};
    if (std::find(std::begin(kRuleAttributes), std::end(kRuleAttributes), clause.attribute) ==
        std::end(kRuleAttributes)) {
      problem = "rule '" + rule.text + "': unknown attribute '" + clause.attribute + "' (user, unit, repository)";
      return std::nullopt;
    }
    if (std::find(std::begin(kRuleOperators), std::end(kRuleOperators), clause.op) == std::end(kRuleOperators)) {
      problem = "rule '" + rule.text + "': unknown operator '" + clause.op + "' (==, !=, ^=, $=, *=, in)";
      return std::nullopt;
    }
    if (clause.op == "in") {
      std::string item;
      for (char c : words[i + 2] + ",") {
        if (c != ',') {
          item += c;
        } else if (!item.empty()) {
          clause.values.push_back(std::move(item));
          item.clear();
        }
      }
    } else {
      clause.values.push_back(words[i + 2]);
    }
    if (clause.values.empty()) {
      problem = "rule '" + rule.text + "': 'in' expects a list like a,b,c";
      return std::nullopt;
    }
    rule.alternatives.back().push_back(std::move(clause));
    i += 3;
    if (i == words.size()) break;
    if (words[i] == "or") {
      rule.alternatives.emplace_back();
    } else if (words[i] != "and") {
      problem = "rule '" + rule.text + "': expected 'and' or 'or' at '" + words[i] + "'";
      return std::nullopt;
    }
    ++i;
  }
  return rule;
}

bool rule_matches(const CohortRule& rule, const Context& context) {
  return std::any_of(rule.alternatives.begin(), rule.alternatives.end(), [&](const std::vector<RuleClause>& all) {
    return std::all_of(all.begin(), all.end(), [&](const RuleClause& clause) {
      return clause_matches(clause, attribute_of(context, clause.attribute));
    });
  });
}

const char* to_string(Reason reason) {
  switch (reason) {
    case Reason::static_override:
      return "static override";
    case Reason::targeting_match:
      return "targeting match";
    case Reason::split:
      return "split";
    case Reason::disabled:
      return "disabled";
    case Reason::default_value:
      return "default";
    case Reason::error:
      return "error";
  }
  return "error";
}

namespace {

Evaluation evaluate_flag(const FlagSet& set, const Flag& flag, const Context& context) {
  Evaluation result;
  result.stale = flag.expires_at && context.now >= *flag.expires_at;
  auto off = [&](Reason reason, std::string detail) {
    result.on = false;
    result.variant = "off";
    result.reason = reason;
    result.detail = std::move(detail);
    return result;
  };
  if (!flag.problem.empty()) return off(Reason::error, flag.problem);
  if (!set.problems.empty()) return off(Reason::error, set.problems.front());
  // The kill switch beats everything, an AX_FLAG_ override included: it is the emergency stop.
  if (flag.kill_reason) return off(Reason::disabled, "killed: " + *flag.kill_reason);
  if (flag.rollback_reason) return off(Reason::disabled, "rolled back: " + *flag.rollback_reason);
  if (auto it = set.overrides.find(flag.name); it != set.overrides.end()) {
    result.on = it->second != "off";
    result.variant = it->second;
    result.reason = Reason::static_override;
    result.detail = flag_env_name(flag.name) + "=" + it->second;
    return result;
  }
  if (!flag.enabled) return off(Reason::disabled, "not enabled");
  if (flag.enabled_after && context.now < *flag.enabled_after)
    return off(Reason::disabled, "not before " + format_timestamp(*flag.enabled_after));
  if (result.stale) return off(Reason::disabled, "expired " + format_timestamp(*flag.expires_at));

  bool targeted = std::find(flag.users.begin(), flag.users.end(), context.unit) != flag.users.end();
  std::string cohort_hit;
  for (const auto& cohort : flag.cohorts) {
    bool member = false;
    if (auto list = set.cohorts.find(cohort); list != set.cohorts.end())
      member = std::find(list->second.begin(), list->second.end(), context.unit) != list->second.end();
    else if (auto rule = set.cohort_rules.find(cohort); rule != set.cohort_rules.end())
      member = rule_matches(rule->second, context);
    if (member) {
      cohort_hit = cohort;
      break;
    }
  }
  if (targeted || !cohort_hit.empty()) {
    result.on = true;
    result.reason = Reason::targeting_match;
    result.detail = targeted ? "listed in users" : "member of cohort " + cohort_hit;
  } else if (flag.rollout < 100) {
    const int bucket = rollout_bucket(flag.name, context.unit);
    result.on = bucket <= flag.rollout;
    result.reason = Reason::split;
    // Formatted in place: evaluation runs per flag per command and should cost well under a microsecond.
    char detail[48];
    std::snprintf(detail, sizeof detail, "bucket %d %s %d%%", bucket, result.on ? "<=" : ">", flag.rollout);
    result.detail = detail;
  } else {
    result.on = true;
    result.reason = Reason::default_value;
    result.detail = "enabled for everyone";
  }
  result.variant = result.on ? "on" : "off";
  if (result.on && !flag.variants.empty()) {
    const int bucket = variant_bucket(flag.name, context.unit);
    int upto = 0;
    for (const auto& variant : flag.variants) {
      upto += variant.weight;
      if (bucket <= upto) {
        result.variant = variant.name;
        break;
      }
    }
    char detail[32];
    std::snprintf(detail, sizeof detail, "; variant bucket %d", bucket);
    result.detail += detail;
  }
  return result;
}

}  // namespace

Evaluation evaluate(const FlagSet& set, std::string_view flag, const Context& context) noexcept {
  try {
    auto it = set.flags.find(flag);
    if (it == set.flags.end()) {
      Evaluation result;
      result.variant = "off";
      result.reason = Reason::error;
      result.detail = "unknown flag '" + std::string(flag) + "'";
      return result;
    }
    return evaluate_flag(set, it->second, context);
  } catch (...) {
    // Only allocation can fail above; the flag's default is the safe answer.
    Evaluation result;
    result.variant = "off";
    result.reason = Reason::error;
    return result;
  }
}

namespace {
YAML::Node load_for_change(const fs::path& file) {
  YAML::Node root;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    try {
      root = YAML::LoadFile(file.string());
    } catch (const YAML::ParserException& e) {
      throw FlagFileError(file.string() + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
    } catch (const YAML::Exception&) {
      throw FlagFileError(file.string() + ": cannot be read");
    }
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) throw FlagFileError(file.string() + ": expected a mapping with flags: and cohorts:");
  return root;
}

YAML::Node section_for_change(const fs::path& file, YAML::Node& root, const char* name) {
  YAML::Node section = root[name];
  if (section.IsNull() || !section.IsDefined()) section = YAML::Node(YAML::NodeType::Map);
  if (!section.IsMap()) throw FlagFileError(file.string() + ": " + name + " is not a map of names");
  return section;
}

void write_changed(const fs::path& file, const YAML::Node& root) {
  YAML::Emitter emitter;
  emitter << root;
  std::string text = emitter.c_str();
  text += '\n';
  if (std::string error = sdk::write_file_atomically(file, text); !error.empty()) throw FlagFileError(error);
}
}  // namespace

void change_flag(const fs::path& file, std::string_view flag, const std::vector<FieldChange>& changes) {
  YAML::Node root = load_for_change(file);
  YAML::Node flags = section_for_change(file, root, "flags");
  YAML::Node entry = flags[std::string(flag)];
  if (entry.IsNull() || !entry.IsDefined()) entry = YAML::Node(YAML::NodeType::Map);
  if (!entry.IsMap()) throw FlagFileError(file.string() + ": flags." + std::string(flag) + " is not a map of fields");
  for (const auto& change : changes) {
    if (change.value)
      entry[change.field] = *change.value;
    else
      entry.remove(change.field);
  }
  flags[std::string(flag)] = entry;
  root["flags"] = flags;
  write_changed(file, root);
}

void change_cohort(const fs::path& file, std::string_view name, const std::optional<CohortDefinition>& definition) {
  YAML::Node root = load_for_change(file);
  YAML::Node cohorts = section_for_change(file, root, "cohorts");
  if (!definition) {
    cohorts.remove(std::string(name));
  } else if (definition->rule) {
    YAML::Node rule(YAML::NodeType::Map);
    rule["rule"] = *definition->rule;
    cohorts[std::string(name)] = rule;
  } else {
    YAML::Node units(YAML::NodeType::Sequence);
    for (const auto& unit : definition->units) units.push_back(unit);
    units.SetStyle(YAML::EmitterStyle::Flow);
    cohorts[std::string(name)] = units;
  }
  if (cohorts.size() == 0)
    root.remove("cohorts");
  else
    root["cohorts"] = cohorts;
  write_changed(file, root);
}

fs::path user_flag_file() { return sdk::xdg_config_home() / "ax" / "flags.yaml"; }

}  // namespace ax::flags
