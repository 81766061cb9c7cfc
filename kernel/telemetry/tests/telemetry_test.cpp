#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/otlp.hpp>
#include <ax/telemetry/report.hpp>
#include <ax/telemetry/scrub.hpp>
#include <ax/telemetry/store.hpp>
#include <ax/telemetry/submit.hpp>

namespace fs = std::filesystem;
using namespace ax::telemetry;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("ax-telemetry-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

Event command(std::int64_t t, const std::string& name, int exit_code, double seconds) {
  return {t, EventKind::command, name, {}, {}, exit_code, seconds};
}
}  // namespace

TEST_CASE("scrubbed messages keep the words and lose paths, names and numbers") {
  CHECK(scrub_message("cannot read '/home/alice/src/x.cpp': Permission denied") ==
        "cannot read <name>: permission denied");
  CHECK(scrub_message("no index found in /home/alice/secret or above; run 'ax index' at the repository root first") ==
        "no index found in <path> or above; run <name> at the repository root first");
  CHECK(scrub_message("-C /tmp/nowhere: no such directory") == "<name> <path>: no such directory");
  CHECK(scrub_message("symbol MyClass::frobnicate has 42 overloads") == "symbol <name> has <n> overloads");
  CHECK(scrub_message("file src/main.rs is too large") == "file <path> is too large");
  CHECK(scrub_message(std::string(500, 'a')).size() <= 200);
}

TEST_CASE("the mode follows opt-outs first, then the recorded consent") {
  ModeInputs in;
  in.consent_file = "/state/consent";
  CHECK(decide_mode(in).mode == Mode::off);
  CHECK(decide_mode(in).may_prompt);
  CHECK(decide_mode(in).source == "no consent given");

  in.consent = Consent{Mode::local, kConsentVersion, "2026-11-30"};
  CHECK(decide_mode(in).mode == Mode::local);
  CHECK(decide_mode(in).source.find("consent /state/consent") == 0);

  in.ax_telemetry = "remote";
  CHECK(decide_mode(in).mode == Mode::remote);
  CHECK(decide_mode(in).source == "env AX_TELEMETRY");
  in.ax_telemetry = "bogus";
  CHECK(decide_mode(in).mode == Mode::off);

  in.do_not_track = "0";
  in.ax_telemetry = "local";
  CHECK(decide_mode(in).mode == Mode::local);  // 0 does not opt out
  in.do_not_track = "false";
  CHECK(decide_mode(in).mode == Mode::local);
  in.do_not_track = "1";
  CHECK(decide_mode(in).mode == Mode::off);
  CHECK(decide_mode(in).source == "env DO_NOT_TRACK");

  in.no_telemetry_flag = true;
  CHECK(decide_mode(in).source == "flag --no-telemetry");
}

TEST_CASE("a consent to an older text is asked again; a refusal stands") {
  ModeInputs in;
  in.consent = Consent{Mode::local, kConsentVersion - 1, ""};
  auto d = decide_mode(in);
  CHECK(d.mode == Mode::off);
  CHECK(d.may_prompt);
  in.consent = Consent{Mode::off, kConsentVersion - 1, ""};
  d = decide_mode(in);
  CHECK(d.mode == Mode::off);
  CHECK_FALSE(d.may_prompt);
}

TEST_CASE("consent is written and read back") {
  TempDir dir;
  CHECK_FALSE(read_consent(dir.path));
  write_consent(dir.path, Mode::remote);
  auto c = read_consent(dir.path);
  REQUIRE(c);
  CHECK(c->mode == Mode::remote);
  CHECK(c->version == kConsentVersion);
}

TEST_CASE("events round-trip through their encoding") {
  Event e{123, EventKind::error, "user", "find", "no index found in <path>", 1, 0.25};
  auto d = decode(encode(e), 123);
  REQUIRE(d);
  CHECK(d->kind == EventKind::error);
  CHECK(d->name == "user");
  CHECK(d->command == "find");
  CHECK(d->detail == e.detail);
  CHECK(d->count == 1);
  CHECK(d->value == 0.25);
  CHECK(d->run.empty());
  e.run = new_run_id();
  CHECK(e.run.size() == 16);
  CHECK(e.run != new_run_id());
  CHECK(decode(encode(e), 123)->run == e.run);
  CHECK_FALSE(decode("garbage", 1));
  CHECK(is_identifier("index.files_per_second"));
  CHECK_FALSE(is_identifier("/home/x"));
  CHECK_FALSE(is_identifier("MyClass"));
}

TEST_CASE("a flag exposure carries its unit's keyed hash; events without one still read") {
  Event e{5, EventKind::flag, "new-ranking", "find", "on", 0, 0, new_run_id(), "0123456789abcdef"};
  auto d = decode(encode(e), 5);
  REQUIRE(d);
  CHECK(d->unit == "0123456789abcdef");
  CHECK(d->run == e.run);
  e.unit.clear();
  // Without a unit the bytes are exactly encoding 2 as before units existed.
  CHECK(encode(e).size() == encode(Event{5, EventKind::flag, "new-ranking", "find", "on", 0, 0, e.run}).size());
  CHECK(decode(encode(e), 5)->unit.empty());
  Event change{6, EventKind::flag_change, "new-ranking", "flags", "killed: reason: slow", 0, 0, "r"};
  CHECK(decode(encode(change), 6)->kind == EventKind::flag_change);
  CHECK(event_kind("flag-change") == EventKind::flag_change);
}

TEST_CASE("a unit id is a keyed hash: stable per install and flag, unlinkable across flags and installs") {
  TempDir a, b;
  std::string warning;
  auto store = Store::open(a.path, warning);
  auto other = Store::open(b.path, warning);
  const std::string id = store->unit_id("new-ranking", "alice");
  CHECK(id.size() == 16);
  CHECK(id.find("alice") == std::string::npos);
  CHECK(store->unit_id("new-ranking", "alice") == id);  // stable: distinct units can be counted
  CHECK(store->unit_id("new-ranking", "bob") != id);
  CHECK(store->unit_id("other-flag", "alice") != id);   // not linkable across flags
  CHECK(other->unit_id("new-ranking", "alice") != id);  // keyed by this install's secret salt
  store->clear();                                       // a new identity forgets the old ids
  CHECK(store->unit_id("new-ranking", "alice") != id);
}

TEST_CASE("events stored before run ids (encoding 1) still read, with no run") {
  // Encoding 1 as written by the first store: version, kind, count, value, then three strings.
  std::string v1 = {1, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (std::string_view s : {"bm25-ranking", "find", "on"}) {
    v1 += static_cast<char>(0);
    v1 += static_cast<char>(s.size());
    v1 += s;
  }
  auto d = decode(v1, 7);
  REQUIRE(d);
  CHECK(d->kind == EventKind::flag);
  CHECK(d->name == "bm25-ranking");
  CHECK(d->command == "find");
  CHECK(d->detail == "on");
  CHECK(d->run.empty());
  v1[0] = 3;  // a newer encoding than this build knows
  CHECK_FALSE(decode(v1, 7));
}

TEST_CASE("closed days are rolled up once, and data older than 30 days is deleted") {
  TempDir dir;
  std::string warning;
  auto store = Store::open(dir.path / "store", warning);
  CHECK(warning.empty());
  const std::int64_t today = 20000;  // a fixed day
  const std::int64_t now = today * kNanosPerDay + kNanosPerDay / 2;
  std::vector<Event> events;
  for (std::int64_t day : {today - 40, today - 2, today - 2, today - 1, today})
    events.push_back(command(day * kNanosPerDay + 1000, "find", 0, 0.010));
  events.push_back(command((today - 1) * kNanosPerDay + 2000, "index", 1, 2.0));
  store->append(events);

  CHECK(store->maintain(now) == 2);  // today-2 and today-1; today-40 is past retention
  CHECK(store->maintain(now) == 0);  // nothing more to do the same day
  CHECK(store->first_raw_day(now) == today);
  CHECK(store->event_count() == 5);  // the 40-day-old event is gone

  auto aggregates = store->aggregates(today - 30, today);
  std::uint64_t find_runs = 0, failures = 0;
  for (const auto& a : aggregates) {
    if (a.name == "find") find_runs += a.count;
    failures += a.failures;
  }
  CHECK(find_runs == 3);
  CHECK(failures == 1);

  auto report = build_report(collect(*store, today - 29, now));
  CHECK(report.commands == 5);  // 3 + 1 aggregated (find x3, index) + today's raw find
  CHECK(report.failures == 1);
  REQUIRE(!report.by_command.empty());
  CHECK(report.by_command.front().name == "find");
  CHECK(report.by_command.front().count == 4);

  // The next day rolls up what was today.
  CHECK(store->maintain(now + kNanosPerDay) == 1);
  CHECK(build_report(collect(*store, today - 29, now + kNanosPerDay)).commands == 5);
}

TEST_CASE("flag exposures are counted per variant, raw and rolled up") {
  TempDir dir;
  std::string warning;
  auto store = Store::open(dir.path, warning);
  const std::int64_t now = now_ns(), today = day_of(now);
  std::vector<Event> events;
  for (int i = 0; i < 3; ++i) events.push_back({now - kNanosPerDay + i, EventKind::flag, "f", "find", "on", 0, 0, "r"});
  events.push_back({now - kNanosPerDay + 5, EventKind::flag, "f", "find", "off", 0, 0, "r"});
  events.push_back({now, EventKind::flag, "f", "find", "off", 0, 0, "r"});
  events.push_back({now, EventKind::flag, "f", "find", "on", 0, 0, "r"});
  store->append(events);
  auto counts = [&] {
    std::map<std::string, std::uint64_t> by_name;
    for (const auto& row : build_report(collect(*store, today - 29, now)).flags) by_name[row.name] = row.count;
    return by_name;
  };
  CHECK(store->maintain(now) == 1);
  // Yesterday rolled up (3 on, 1 off), today raw (1 off, 1 on): neither mixes the variants.
  CHECK(counts() == std::map<std::string, std::uint64_t>{{"f off", 2}, {"f on", 4}});
}

TEST_CASE("quantiles come from the histogram") {
  Aggregate a;
  for (int i = 0; i < 90; ++i) a.add(command(0, "find", 0, 0.004));  // 4 ms: the (2, 5] bucket
  for (int i = 0; i < 10; ++i) a.add(command(0, "find", 0, 0.8));    // 800 ms
  CHECK(a.quantile_ms(0.5) > 2);
  CHECK(a.quantile_ms(0.5) <= 5);
  CHECK(a.quantile_ms(0.95) > 500);
  CHECK(a.quantile_ms(0.95) <= 800);
}

TEST_CASE("clear wipes everything and makes a new anonymous id") {
  TempDir dir;
  std::string warning;
  auto store = Store::open(dir.path / "store", warning);
  auto before = store->install_id();
  CHECK(before.size() == 32);
  store->append({command(now_ns(), "find", 0, 0.1)});
  store->clear();
  CHECK(store->event_count() == 0);
  CHECK(store->install_id() != before);
}

TEST_CASE("a damaged store is set aside and recreated with a warning") {
  TempDir dir;
  fs::create_directories(dir.path / "store");
  {
    std::ofstream garbage(dir.path / "store" / "data.mdb", std::ios::binary);
    garbage << std::string(8192, 'x');
  }
  std::string warning;
  auto store = Store::open(dir.path / "store", warning);
  CHECK(warning.find("was damaged") != std::string::npos);
  CHECK(store->event_count() == 0);
  bool aside = false;
  for (const auto& entry : fs::directory_iterator(dir.path))
    aside |= entry.path().filename().string().rfind("store.corrupt-", 0) == 0;
  CHECK(aside);
}

TEST_CASE("retries follow the OTLP rules") {
  RetryPolicy policy;
  std::mt19937 random(1);
  CHECK(next_step(policy, 1, {200, {}, {}}, random).verdict == Verdict::sent);
  CHECK(next_step(policy, 1, {400, {}, {}}, random).verdict == Verdict::drop);
  CHECK(next_step(policy, 1, {500, {}, {}}, random).verdict == Verdict::drop);
  for (long status : {429L, 502L, 503L, 504L, 0L})
    CHECK(next_step(policy, 1, {status, "x", {}}, random).verdict == Verdict::retry);
  auto honoured = next_step(policy, 1, {429, {}, 3.0}, random);
  CHECK(honoured.verdict == Verdict::retry);
  CHECK(honoured.wait_seconds == 3.0);
  CHECK(next_step(policy, 1, {503, {}, 3600.0}, random).verdict == Verdict::keep);
  for (int attempt = 1; attempt < policy.max_attempts; ++attempt) {
    auto step = next_step(policy, attempt, {503, {}, {}}, random);
    CHECK(step.wait_seconds >= 0.8 * std::min(5.0, std::pow(1.5, attempt - 1)) - 1e-9);
    CHECK(step.wait_seconds <= policy.max_backoff_seconds);
  }
  CHECK(next_step(policy, policy.max_attempts, {503, {}, {}}, random).verdict == Verdict::keep);
}

TEST_CASE("submission sends, retries, drops and keeps queued as the server answers") {
  TempDir dir;
  std::string warning;
  auto store = Store::open(dir.path / "store", warning);
  store->append({command(now_ns(), "find", 0, 0.1)});
  Resource identity{store->install_id(), "test"};
  CHECK(store->queue_unsent(10, [&](const std::vector<Event>& events) {
    return std::vector<Store::Payload>{{"logs", otlp_logs(identity, events).dump()},
                                       {"metrics", otlp_metrics(identity, aggregate_events(events)).dump()}};
  }) == 1);
  CHECK(store->queue_unsent(10, [](const std::vector<Event>&) { return std::vector<Store::Payload>{}; }) == 0);
  REQUIRE(store->queued().size() == 2);

  RetryPolicy fast;
  fast.initial_seconds = 0;
  std::vector<long> answers{503, 503, 200, 400};
  std::vector<std::string> urls;
  std::size_t next = 0;
  auto summary = submit_queued(
      *store, "http://collector/", fast,
      [&](const std::string& url, const std::string&) {
        urls.push_back(url);
        return HttpResult{answers[next++], {}, {}};
      },
      [](double) {});
  CHECK(summary.sent == 1);
  CHECK(summary.dropped == 1);
  CHECK(summary.queued == 0);
  CHECK(urls.size() == 4);
  CHECK(urls.front() == "http://collector/v1/logs");
  CHECK(urls.back() == "http://collector/v1/metrics");
  CHECK(store->queued().empty());

  store->append({command(now_ns(), "def", 0, 0.1)});
  store->queue_unsent(10, [&](const std::vector<Event>& events) {
    return std::vector<Store::Payload>{{"logs", otlp_logs(identity, events).dump()}};
  });
  summary = submit_queued(
      *store, "http://collector", fast,
      [](const std::string&, const std::string&) {
        return HttpResult{0, "refused", {}};
      },
      [](double) {});
  CHECK(summary.queued == 1);
  CHECK(store->queued().size() == 1);
}

TEST_CASE("OTLP JSON has the proto3 JSON shape") {
  Resource identity{"abc", "0.1.0"};
  auto logs = otlp_logs(identity, {Event{5, EventKind::query, "find", "find", {}, 3, 0.02}});
  auto& record = logs["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
  CHECK(record["timeUnixNano"] == "5");
  CHECK(record["severityNumber"] == 9);
  auto metrics = otlp_metrics(identity, aggregate_events({command(kNanosPerDay, "find", 0, 0.02)}));
  auto& list = metrics["resourceMetrics"][0]["scopeMetrics"][0]["metrics"];
  bool histogram = false;
  for (auto& m : list)
    if (m["name"] == "ax.command.duration") {
      histogram = true;
      CHECK(m["histogram"]["aggregationTemporality"] == 1);
      CHECK(m["histogram"]["dataPoints"][0]["count"] == "1");
      CHECK(m["histogram"]["dataPoints"][0]["bucketCounts"].size() == kBuckets);
    }
  CHECK(histogram);
}

TEST_CASE("charts") {
  CHECK(bar(0, 10).empty());
  CHECK(bar(10, 10, 4) == "████");
  CHECK(sparkline({0, 1, 8}) == " ▂█");
}
