#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include <ax/flags/flags.hpp>
#include <boost/math/distributions/chi_squared.hpp>

namespace fs = std::filesystem;
using namespace ax::flags;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("ax-flags-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
};

TimePoint at(const char* text) { return *parse_timestamp(text); }

FlagSet load_text(const TempDir& dir, const std::string& text, std::vector<std::string> environment = {}) {
  return load_flags({dir.write("flags.yaml", text)}, environment);
}

std::string only_problem(const FlagSet& set) {
  auto problems = set.all_problems();
  REQUIRE(problems.size() == 1);
  return problems.front();
}

}  // namespace

TEST_CASE("murmur3 x86_32 matches the published known answers") {
  CHECK(murmur3_x86_32("", 0) == 0u);
  CHECK(murmur3_x86_32("", 1) == 0x514e28b7u);
  CHECK(murmur3_x86_32("hello", 0) == 0x248bfa47u);
  CHECK(murmur3_x86_32("The quick brown fox jumps over the lazy dog", 0) == 0x2e4ff723u);
}

TEST_CASE("rollout buckets match Unleash's normalized hash") {
  // Unleash's client specification: normalizedHash("123", "gr1") == 73, ("999", "groupX") == 25.
  CHECK(rollout_bucket("gr1", "123") == 73);
  CHECK(rollout_bucket("groupX", "999") == 25);
}

TEST_CASE("rollout is accurate within one point over 100,000 units") {
  std::vector<int> buckets;
  for (int i = 0; i < 100000; ++i) buckets.push_back(rollout_bucket("new-ranking", "unit-" + std::to_string(i)));
  for (int pct : {1, 5, 10, 50, 90, 99}) {
    const auto on = std::count_if(buckets.begin(), buckets.end(), [&](int b) { return b <= pct; });
    INFO("rollout " << pct << "%: " << on << " of 100000 on");
    CHECK(std::abs(static_cast<double>(on) / 1000.0 - pct) <= 1.0);
  }
}

TEST_CASE("raising the rollout never turns a unit off") {
  FlagSet set;
  Flag& flag = set.flags["f"];
  flag.name = "f";
  flag.enabled = true;
  for (int i = 0; i < 10000; ++i) {
    const Context context{"unit-" + std::to_string(i), at("2026-01-01")};
    bool was_on = false;
    for (int pct = 0; pct <= 100; ++pct) {
      flag.rollout = pct;
      const bool on = evaluate(set, "f", context).on;
      if (was_on && !on) FAIL("unit " << context.unit << " turned off at " << pct << "%");
      if (pct == 0 && on) FAIL("unit " << context.unit << " on at 0%");
      was_on = on;
    }
    if (!was_on) FAIL("unit " << context.unit << " off at 100%");
  }
}

TEST_CASE("buckets are uniform (chi-square)") {
  constexpr int kUnits = 100000;
  for (const char* flag : {"new-ranking", "x", "semantic-search"}) {
    std::vector<double> counts(100, 0.0);
    for (int i = 0; i < kUnits; ++i) counts[rollout_bucket(flag, std::to_string(i)) - 1] += 1;
    double statistic = 0;
    for (double c : counts) statistic += (c - kUnits / 100.0) * (c - kUnits / 100.0) / (kUnits / 100.0);
    const boost::math::chi_squared distribution(99);
    const double p = boost::math::cdf(boost::math::complement(distribution, statistic));
    INFO(flag << ": chi-square " << statistic << ", p " << p);
    CHECK(p > 0.001);
  }
}

TEST_CASE("variants split by weight independently of the rollout") {
  TempDir dir;
  auto set = load_text(dir, "flags:\n  ab:\n    enabled: true\n    rollout: 50\n    variants: {a: 20, b: 80}\n");
  int on = 0, a = 0, a_among_low_buckets = 0, low_buckets = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string unit = std::to_string(i);
    auto e = evaluate(set, "ab", {unit, at("2026-01-01")});
    if (!e.on) {
      CHECK(e.variant == "off");
      continue;
    }
    ++on;
    if (e.variant == "a") ++a;
    if (rollout_bucket("ab", unit) <= 10) {
      ++low_buckets;
      if (e.variant == "a") ++a_among_low_buckets;
    }
  }
  CHECK(std::abs(on / 1000.0 - 50) <= 1.0);
  CHECK(std::abs(100.0 * a / on - 20) <= 1.0);
  // Were the variant hashed with the rollout's seed, the lowest rollout buckets would all get `a`.
  CHECK(std::abs(100.0 * a_among_low_buckets / low_buckets - 20) <= 3.0);
}

TEST_CASE("timestamps") {
  CHECK(format_timestamp(at("2026-12-01")) == "2026-12-01T00:00:00Z");
  CHECK(format_timestamp(at("2026-12-01T08:30:05Z")) == "2026-12-01T08:30:05Z");
  CHECK_FALSE(parse_timestamp("2026-02-30"));
  CHECK_FALSE(parse_timestamp("2026-13-01"));
  CHECK_FALSE(parse_timestamp("2026-1-01"));
  CHECK_FALSE(parse_timestamp("2026-12-01T25:00:00Z"));
  CHECK_FALSE(parse_timestamp("2026-12-01T08:00:00"));
  CHECK_FALSE(parse_timestamp("tomorrow"));
}

TEST_CASE("evaluation gives a reason for every outcome") {
  TempDir dir;
  const std::string text = R"(cohorts:
  beta: [bob]
flags:
  off-flag:
    enabled: false
  everyone:
    enabled: true
  targeted:
    enabled: true
    rollout: 0
    users: [alice]
    cohorts: [beta]
  later:
    enabled: true
    enabled-after: 2027-01-01
  old:
    enabled: true
    expires-at: 2025-06-01T12:00:00Z
  killed:
    enabled: true
    killed: broke the index
  split:
    enabled: true
    rollout: 30
  colours:
    enabled: true
    variants: {red: 50, blue: 50}
)";
  auto set = load_text(dir, text);
  REQUIRE(set.all_problems().empty());
  const Context carol{"carol", at("2026-06-01")};
  CHECK(evaluate(set, "off-flag", carol).reason == Reason::disabled);
  auto everyone = evaluate(set, "everyone", carol);
  CHECK((everyone.on && everyone.reason == Reason::default_value && everyone.variant == "on"));
  CHECK_FALSE(evaluate(set, "targeted", carol).on);
  auto alice = evaluate(set, "targeted", {"alice", at("2026-06-01")});
  CHECK((alice.on && alice.reason == Reason::targeting_match && alice.detail == "listed in users"));
  auto bob = evaluate(set, "targeted", {"bob", at("2026-06-01")});
  CHECK((bob.on && bob.detail == "member of cohort beta"));
  auto later = evaluate(set, "later", carol);
  CHECK((!later.on && later.reason == Reason::disabled && later.detail == "not before 2027-01-01T00:00:00Z"));
  CHECK(evaluate(set, "later", {"carol", at("2027-01-01")}).on);
  auto old = evaluate(set, "old", carol);
  CHECK((!old.on && old.stale && old.detail == "expired 2025-06-01T12:00:00Z"));
  CHECK(evaluate(set, "old", {"carol", at("2025-06-01T11:59:59Z")}).on);
  auto killed = evaluate(set, "killed", carol);
  CHECK((!killed.on && killed.detail == "killed: broke the index"));
  auto split = evaluate(set, "split", carol);
  CHECK(split.reason == Reason::split);
  CHECK(split.on == (rollout_bucket("split", "carol") <= 30));
  auto colours = evaluate(set, "colours", carol);
  CHECK(colours.variant == (variant_bucket("colours", "carol") <= 50 ? "red" : "blue"));
  auto unknown = evaluate(set, "nope", carol);
  CHECK((!unknown.on && unknown.reason == Reason::error));
}

TEST_CASE("AX_FLAG_ overrides") {
  TempDir dir;
  const std::string text = "flags:\n  my-flag:\n    enabled: false\n    variants: {a: 50, b: 50}\n";
  auto on = load_text(dir, text, {"AX_FLAG_MY_FLAG=on", "PATH=/bin"});
  auto e = evaluate(on, "my-flag", {"u", at("2026-01-01")});
  CHECK((e.on && e.reason == Reason::static_override && e.detail == "AX_FLAG_MY_FLAG=on"));
  auto variant = evaluate(load_text(dir, text, {"AX_FLAG_MY_FLAG=b"}), "my-flag", {"u", at("2026-01-01")});
  CHECK((variant.on && variant.variant == "b"));
  auto bad = load_text(dir, text, {"AX_FLAG_MY_FLAG=c"});
  CHECK(only_problem(bad) == "environment AX_FLAG_MY_FLAG: expects on, off or a variant of my-flag, not 'c'");
  CHECK(evaluate(bad, "my-flag", {"u", at("2026-01-01")}).reason == Reason::error);
  CHECK(only_problem(load_text(dir, text, {"AX_FLAG_OTHER=on"})) ==
        "environment AX_FLAG_OTHER: unknown flag (see ax flags list)");
}

TEST_CASE("a broken definition is one line naming the file, line and key") {
  TempDir dir;
  const std::string file = (dir.path / "flags.yaml").string();
  auto problem = [&](const std::string& body) { return only_problem(load_text(dir, "flags:\n  f:\n" + body)); };
  CHECK(problem("    rollout: 101\n") ==
        file + ":3: flags.f.rollout expects a whole percentage from 0 to 100, not '101'");
  CHECK(problem("    rollout: -1\n") ==
        file + ":3: flags.f.rollout expects a whole percentage from 0 to 100, not '-1'");
  CHECK(problem("    expires-at: 2026-02-30\n") ==
        file + ":3: flags.f.expires-at expects a UTC date like 2026-12-01 or 2026-12-01T08:00:00Z, not '2026-02-30'");
  CHECK(problem("    variants: {a: 50, b: 40}\n") == file + ":3: flags.f.variants has weights summing to 90, not 100");
  CHECK(problem("    cohorts: [nobody]\n") == file + ":3: flags.f.cohorts names an unknown cohort 'nobody'");
  CHECK(problem("    enabeld: true\n") ==
        file +
            ":3: flags.f.enabeld is not a flag field (description, enabled, rollout, users, cohorts, "
            "enabled-after, expires-at, variants, metadata, killed, rolled-back, guarded-since)");
  CHECK(problem("    metadata: [owner]\n") ==
        file + ":3: flags.f.metadata expects a map of names to single values like {owner: search, ticket: AX-15}");
  CHECK(problem("    metadata: {owner: [a, b]}\n") ==
        file + ":3: flags.f.metadata expects a map of names to single values like {owner: search, ticket: AX-15}");
  CHECK(only_problem(load_text(dir, "flags: [\n")).rfind(file + ":2: invalid YAML", 0) == 0);
  CHECK(only_problem(load_text(dir, "flag:\n  f: {}\n")) ==
        file + ":1: unknown section 'flag' (a flag file has flags: and cohorts:)");
  // The broken flag evaluates to its default, with the problem as the detail.
  auto set = load_text(dir, "flags:\n  f:\n    enabled: true\n    rollout: 200\n");
  auto e = evaluate(set, "f", {"u", at("2026-01-01")});
  CHECK((!e.on && e.reason == Reason::error && e.detail == set.all_problems().front()));
}

TEST_CASE("aliases cannot expand a small file into millions of names") {
  TempDir dir;
  std::string text = "big: &big [";
  for (int i = 0; i < 9000; ++i) text += (i ? ", u" : "u") + std::to_string(i);
  text += "]\nflags:\n";
  for (int i = 0; i < 50; ++i) text += "  f" + std::to_string(i) + ": {users: *big}\n";
  auto set = load_text(dir, text);
  const auto problems = set.all_problems();
  REQUIRE_FALSE(problems.empty());
  CHECK(std::any_of(problems.begin(), problems.end(), [](const std::string& p) {
    return p.find("goes past 100000 names in the file (aliases expanding?)") != std::string::npos;
  }));
}

TEST_CASE("change_flag writes through a symbolic link and keeps the file's permissions") {
  TempDir dir;
  auto real = dir.write("real.yaml", "flags:\n  f:\n    enabled: false\n");
  fs::permissions(real, fs::perms::owner_read | fs::perms::owner_write);
  fs::create_symlink(real, dir.path / "link.yaml");
  change_flag(dir.path / "link.yaml", "f", {{"enabled", "true"}});
  CHECK(fs::is_symlink(dir.path / "link.yaml"));
  CHECK(load_flags({real}, {}).flags.at("f").enabled);
  CHECK((fs::status(real).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("layers: the repository file wins field by field") {
  TempDir dir;
  auto user = dir.write("user.yaml", "cohorts:\n  team: [u]\nflags:\n  f:\n    enabled: true\n    rollout: 10\n");
  auto repo = dir.write("repo.yaml", "flags:\n  f:\n    rollout: 0\n    cohorts: [team]\n");
  auto set = load_flags({user, repo}, {});
  REQUIRE(set.all_problems().empty());
  const Flag& f = set.flags.at("f");
  CHECK((f.enabled && f.rollout == 0 && f.source == repo.string()));
  CHECK(evaluate(set, "f", {"u", at("2026-01-01")}).reason == Reason::targeting_match);
}

TEST_CASE("metadata is kept per name across layers and survives a change") {
  TempDir dir;
  auto user = dir.write("user.yaml", "flags:\n  f:\n    metadata: {owner: me, ticket: AX-1}\n");
  auto repo = dir.write("repo.yaml", "flags:\n  f:\n    enabled: true\n    metadata: {owner: search-team}\n");
  auto set = load_flags({user, repo}, {});
  REQUIRE(set.all_problems().empty());
  CHECK(set.flags.at("f").metadata ==
        std::map<std::string, std::string, std::less<>>{{"owner", "search-team"}, {"ticket", "AX-1"}});
  change_flag(repo, "f", {{"rollout", "5"}});
  CHECK(load_flags({repo}, {}).flags.at("f").metadata.at("owner") == "search-team");
  // Metadata never changes a decision.
  CHECK(evaluate(set, "f", {"u", at("2026-01-01")}).reason == Reason::default_value);
}

TEST_CASE("change_flag edits one flag and keeps the others") {
  TempDir dir;
  auto file = dir.write("flags.yaml", "cohorts:\n  beta: [a]\nflags:\n  keep:\n    enabled: true\n");
  change_flag(file, "f", {{"enabled", "true"}, {"rollout", "40"}});
  change_flag(file, "f", {{"rollout", "45"}, {"killed", std::nullopt}});
  auto set = load_flags({file}, {});
  REQUIRE(set.all_problems().empty());
  CHECK(set.flags.at("f").rollout == 45);
  CHECK(set.flags.at("f").enabled);
  CHECK(set.flags.at("keep").enabled);
  CHECK(set.cohorts.at("beta") == std::vector<std::string>{"a"});
  dir.write("broken.yaml", "flags: [\n");
  CHECK_THROWS_AS(change_flag(dir.path / "broken.yaml", "f", {{"enabled", "true"}}), FlagFileError);
}

TEST_CASE("cohort rules: clauses over user, unit and repository, and before or") {
  std::string problem;
  auto rule = parse_cohort_rule("user ^= ci- or repository == infra and user in carol,dave", problem);
  REQUIRE(rule);
  REQUIRE(rule->alternatives.size() == 2);
  CHECK(rule->alternatives[1].size() == 2);
  CHECK(rule->alternatives[1][1].values == std::vector<std::string>{"carol", "dave"});
  auto context = [](std::string user, std::string repository) {
    Context c{"unit-id", {}};
    c.user = std::move(user);
    c.repository = std::move(repository);
    return c;
  };
  CHECK(rule_matches(*rule, context("ci-bot", "web")));
  CHECK(rule_matches(*rule, context("carol", "infra")));
  CHECK_FALSE(rule_matches(*rule, context("carol", "web")));
  CHECK_FALSE(rule_matches(*rule, context("xci-bot", "infra")));
  CHECK_FALSE(rule_matches(*rule, context("", "")));

  auto one = [&](const std::string& text, const Context& c) {
    std::string p;
    auto r = parse_cohort_rule(text, p);
    REQUIRE(r);
    return rule_matches(*r, c);
  };
  CHECK(one("user $= -builder", context("nightly-builder", "")));
  CHECK(one("user *= bot", context("a-bot-b", "")));
  CHECK(one("user != alice", context("bob", "")));
  CHECK_FALSE(one("user != alice", context("alice", "")));
  CHECK(one("unit == unit-id", context("", "")));
  CHECK_FALSE(one("user ^= a", context("", "")));  // no --user: prefix rules do not match an empty name

  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"", "rule is empty (expected ATTRIBUTE OPERATOR VALUE, e.g. user ^= ci-)"},
           {"user ==", "rule 'user ==': expected ATTRIBUTE OPERATOR VALUE at 'user'"},
           {"host == a", "rule 'host == a': unknown attribute 'host' (user, unit, repository)"},
           {"user = a", "rule 'user = a': unknown operator '=' (==, !=, ^=, $=, *=, in)"},
           {"user in ,", "rule 'user in ,': 'in' expects a list like a,b,c"},
           {"user == a xor user == b", "rule 'user == a xor user == b': expected 'and' or 'or' at 'xor'"}}) {
    std::string p;
    CHECK_FALSE(parse_cohort_rule(text, p));
    CHECK(p == message);
  }
}

TEST_CASE("cohorts are lists or rules in the flag files, and edited in place") {
  TempDir dir;
  const fs::path file = dir.path / "flags.yaml";
  change_cohort(file, "beta", CohortDefinition{{"alice", "bob"}, std::nullopt});
  change_cohort(file, "bots", CohortDefinition{{}, std::string("user ^= ci-")});
  change_flag(file, "f", {{"enabled", "true"}, {"rollout", "0"}});
  {
    FlagSet set = load_flags({file}, {});
    CHECK(set.all_problems().empty());
    CHECK(set.cohorts.at("beta") == std::vector<std::string>{"alice", "bob"});
    CHECK(set.cohort_rules.at("bots").text == "user ^= ci-");
    CHECK(set.cohort_sources.at("bots") == file.string());
  }
  // A later layer's definition replaces the earlier one, a rule by a list too.
  const fs::path repo = dir.write("repo.yaml", "cohorts:\n  bots: [r2d2]\nflags:\n  f:\n    cohorts: [bots]\n");
  FlagSet set = load_flags({file, repo}, {});
  CHECK(set.all_problems().empty());
  CHECK(set.cohort_rules.count("bots") == 0);
  Context c{"r2d2", {}};
  CHECK(evaluate(set, "f", c).on);
  c = {"x", {}};
  c.user = "ci-x";
  CHECK_FALSE(evaluate(set, "f", c).on);
  change_cohort(file, "beta", std::nullopt);
  change_cohort(file, "bots", std::nullopt);
  set = load_flags({file}, {});
  CHECK(set.cohort_sources.empty());
  const fs::path bad = dir.write("bad.yaml", "cohorts:\n  x: {rule: \"user ~ a\"}\n  y: {rules: a}\n");
  set = load_flags({bad}, {});
  REQUIRE(set.problems.size() == 2);
  CHECK(set.problems[0] ==
        bad.string() + ":2: cohorts.x rule 'user ~ a': unknown operator '~' (==, !=, ^=, $=, *=, in)");
  CHECK(set.problems[1] == bad.string() + ":3: cohorts.y expects a list of units or {rule: \"...\"}");
}
