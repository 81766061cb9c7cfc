// `ax telemetry`: consent and mode, reports, clearing, export and submission of the usage
// statistics the kernel records (see PRIVACY.md). The logic lives in ax_telemetry.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <ax/sdk/sdk.hpp>
#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/otlp.hpp>
#include <ax/telemetry/report.hpp>
#include <ax/telemetry/store.hpp>
#include <ax/telemetry/submit.hpp>

namespace {

namespace fs = std::filesystem;
namespace tl = ax::telemetry;
using ax::sdk::Host;
using ax::sdk::UsageError;
using ax::sdk::UserError;

constexpr const char* kUsage = R"(Usage: ax telemetry status [--json]
       ax telemetry enable [local|remote] [--yes]
       ax telemetry disable
       ax telemetry stats|errors|performance [--since 7d|YYYY-MM-DD] [--json]
       ax telemetry export [--format json|otlp] [--since 7d|YYYY-MM-DD]
       ax telemetry submit [--use-otel-env]
       ax telemetry clear

Anonymous usage statistics, kept on this machine in $XDG_STATE_HOME/ax/telemetry (see PRIVACY.md).
Modes: off (nothing is written), local (kept here, shown by the reports), remote (also sent by
`submit`). Nothing is recorded before you consent: the first command run on a terminal asks once.
DO_NOT_TRACK=1, AX_TELEMETRY=off or the --no-telemetry flag turn it off; `status` shows which
source decided the mode.

  status        the effective mode, the source that decided it, what is stored
  enable        consent to local (default) or remote mode; remote asks to confirm (or --yes)
  disable       record nothing from now on (what is stored stays until `clear`)
  stats         commands, most used, query times (avg, p50, p95), error rate, languages
  errors        errors by category and command, with scrubbed messages
  performance   latency per command, index measurements, parser time per language
  export        the events and daily aggregates as JSON, or OTLP/HTTP JSON (logs, then metrics)
  submit        remote mode: POST unsent batches to telemetry.endpoint (or AX_TELEMETRY_ENDPOINT;
                OTEL_EXPORTER_OTLP_ENDPOINT only with --use-otel-env); AX_TELEMETRY_DEBUG=1 prints
                them instead
  clear         delete everything recorded and make a new anonymous id
  --since       first day reported: 7d (the last 7 days), or a date (default: 30d)
)";

fs::path store_directory() { return tl::state_directory() / "store"; }
bool store_exists() { return fs::exists(store_directory() / "data.mdb"); }

std::unique_ptr<tl::Store> open_store(Host& host) {
  std::string warning;
  try {
    auto store = tl::Store::open(store_directory(), warning);
    if (!warning.empty()) host.err() << "ax: warning: " << warning << "\n";
    return store;
  } catch (const tl::StoreUnavailable& e) {
    throw UserError(std::string("telemetry store unavailable: ") + e.what());
  }
}

tl::Mode effective_mode(Host& host, std::string* source = nullptr) {
  auto* sink = ax::sdk::telemetry_sink(host);
  if (sink == nullptr) {
    if (source) *source = "this ax records no telemetry";
    return tl::Mode::off;
  }
  if (source) *source = sink->telemetry_mode_source();
  return tl::parse_mode(sink->telemetry_mode()).value_or(tl::Mode::off);
}

std::int64_t since_day(const ax::sdk::Args& args, std::int64_t today) {
  auto text = args.get("--since").value_or("30d");
  std::int64_t day;
  if (!text.empty() && text.back() == 'd') {
    auto n = ax::sdk::parse_count(text.substr(0, text.size() - 1));
    if (!n || *n == 0)
      throw UsageError("--since takes a number of days like 7d, or a date like 2026-11-01, not '" + text + "'");
    day = today - static_cast<std::int64_t>(std::min<std::uint64_t>(*n, 100000)) + 1;
  } else if (auto d = tl::parse_day(text)) {
    day = *d;
  } else {
    throw UsageError("--since takes a number of days like 7d, or a date like 2026-11-01, not '" + text + "'");
  }
  if (day > today) throw UsageError("--since " + text + " is in the future");
  return std::max(day, today - tl::kRetentionDays);
}

bool confirm_on_terminal(Host& host, const std::string& question) {
  if (::isatty(STDIN_FILENO) != 1) return false;
  host.err() << question << " [y/N]: " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

std::string endpoint(Host& host, bool use_otel_env) {
  if (auto configured = host.config("telemetry.endpoint"); configured && !configured->empty()) return *configured;
  if (use_otel_env)
    if (const char* otel = std::getenv("OTEL_EXPORTER_OTLP_ENDPOINT"); otel != nullptr && *otel != '\0') return otel;
  return {};
}

int status(Host& host, bool json_output) {
  std::string source;
  tl::Mode mode = effective_mode(host, &source);
  auto consent = tl::read_consent(tl::state_directory());
  std::uint64_t events = 0;
  std::size_t queued = 0;
  std::string install_id, dropped;
  bool exists = store_exists();
  if (exists) {
    auto store = open_store(host);
    events = store->event_count();
    queued = store->queued().size();
    install_id = store->install_id();
    dropped = store->meta("submit.dropped").value_or("0");
  }
  std::string url = endpoint(host, false);
  if (json_output) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object()
        .field("mode", tl::to_string(mode))
        .field("source", source)
        .field("consent_version", consent ? consent->version : 0)
        .field("current_consent_version", tl::kConsentVersion)
        .field("state_directory", tl::state_directory().string())
        .field("events", events)
        .field("queued_payloads", queued)
        .field("install_id", install_id)
        .field("endpoint", url)
        .end_object();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  auto& out = host.out();
  out << "mode      " << tl::to_string(mode) << "\n";
  out << "decided   " << source << "\n";
  out << "consent   "
      << (consent ? tl::to_string(consent->mode) + std::string(" (text v") + std::to_string(consent->version) + ")"
                  : std::string("not asked yet"))
      << "; current text v" << tl::kConsentVersion << "\n";
  out << "stored    " << tl::state_directory().string() << ": "
      << (exists ? std::to_string(events) + " events, install id " + install_id : std::string("nothing")) << "\n";
  out << "endpoint  " << (url.empty() ? std::string("none configured (telemetry.endpoint)") : url) << "\n";
  if (exists) out << "queued    " << queued << " payloads not yet sent; " << dropped << " dropped by the endpoint\n";
  return ax::sdk::kExitOk;
}

int enable(Host& host, const ax::sdk::Args& args) {
  const auto& words = args.positional();
  if (words.size() > 2) throw UsageError("usage: ax telemetry enable [local|remote] [--yes]");
  std::string wanted = words.size() == 2 ? words[1] : "local";
  auto mode = tl::parse_mode(wanted);
  if (!mode || *mode == tl::Mode::off)
    throw UsageError("ax telemetry enable takes local or remote, not '" + wanted + "'");
  if (*mode == tl::Mode::remote && !args.has("--yes")) {
    std::string url = endpoint(host, false);
    if (!confirm_on_terminal(host, "Remote mode sends the anonymous statistics to " +
                                       (url.empty() ? std::string("telemetry.endpoint (none configured yet)") : url) +
                                       " when you run ax telemetry submit. Send them?"))
      throw UserError("remote mode needs an explicit yes: run ax telemetry enable remote on a terminal, or add --yes");
  }
  try {
    tl::write_consent(tl::state_directory(), *mode);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  host.out() << "telemetry: " << tl::to_string(*mode) << " (consent text v" << tl::kConsentVersion << ")\n";
  std::string source;
  if (effective_mode(host, &source) == tl::Mode::off && source.rfind("consent", 0) != 0 && source != "no consent given")
    host.err() << "ax: warning: still off for now: " << source << " overrides it\n";
  return ax::sdk::kExitOk;
}

int disable(Host& host) {
  try {
    tl::write_consent(tl::state_directory(), tl::Mode::off);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  host.out() << "telemetry: off (what is stored stays until ax telemetry clear)\n";
  return ax::sdk::kExitOk;
}

int report(Host& host, const ax::sdk::Args& args, tl::ReportKind kind) {
  std::int64_t now = tl::now_ns(), today = tl::day_of(now);
  std::int64_t from = since_day(args, today);
  tl::Window window{from, today, {}};
  if (store_exists()) {
    auto store = open_store(host);
    if (effective_mode(host) != tl::Mode::off) store->maintain(now);  // off means no writes at all
    window = tl::collect(*store, from, now);
  }
  auto result = tl::build_report(window);
  if (args.has("--json")) {
    host.out() << tl::report_json(result, kind).dump() << "\n";
  } else {
    tl::print_report(host.out(), result, kind);
  }
  return ax::sdk::kExitOk;
}

tl::Resource resource(tl::Store& store) { return {store.install_id(), AX_VERSION}; }

int export_data(Host& host, const ax::sdk::Args& args) {
  std::string format = args.get("--format").value_or("json");
  if (format != "json" && format != "otlp") throw UsageError("--format takes json or otlp, not '" + format + "'");
  std::int64_t now = tl::now_ns(), today = tl::day_of(now);
  std::int64_t from = since_day(args, today);
  std::vector<tl::Event> events;
  std::vector<tl::Aggregate> aggregates;
  tl::Resource identity{"", AX_VERSION};
  if (store_exists()) {
    auto store = open_store(host);
    if (effective_mode(host) != tl::Mode::off) store->maintain(now);
    store->for_each_event(from * tl::kNanosPerDay, (today + 1) * tl::kNanosPerDay, [&](const tl::Event& e) {
      events.push_back(e);
      return true;
    });
    aggregates = tl::collect(*store, from, now).aggregates;
    identity = resource(*store);
  }
  if (format == "otlp") {
    // One ExportLogsServiceRequest line, then one ExportMetricsServiceRequest line.
    host.out() << tl::otlp_logs(identity, events).dump() << "\n"
               << tl::otlp_metrics(identity, aggregates).dump() << "\n";
    return ax::sdk::kExitOk;
  }
  nlohmann::json out{{"format", "ax-telemetry"},          {"version", 1},
                     {"install_id", identity.install_id}, {"from", tl::day_string(from)},
                     {"to", tl::day_string(today)},       {"events", nlohmann::json::array()},
                     {"daily", nlohmann::json::array()}};
  for (const auto& e : events) out["events"].push_back(tl::event_json(e));
  for (const auto& a : aggregates) out["daily"].push_back(tl::aggregate_json(a));
  host.out() << out.dump() << "\n";
  return ax::sdk::kExitOk;
}

double backoff_scale() {
  // For tests: shrinks the computed backoff (never a server's Retry-After).
  const char* v = std::getenv("AX_TELEMETRY_BACKOFF_SCALE");
  if (v == nullptr || *v == '\0') return 1;
  double scale = std::atof(v);
  return scale > 0 && std::isfinite(scale) ? scale : 1;
}

int submit(Host& host, const ax::sdk::Args& args) {
  std::string source;
  tl::Mode mode = effective_mode(host, &source);
  if (mode != tl::Mode::remote)
    throw UserError(std::string("submit sends nothing in ") + tl::to_string(mode) + " mode (" + source +
                    "); ax telemetry enable remote turns remote mode on");
  std::string url = endpoint(host, args.has("--use-otel-env"));
  if (url.empty())
    throw UserError(
        "no telemetry endpoint configured: set telemetry.endpoint (ax config set telemetry.endpoint URL "
        "--user) or AX_TELEMETRY_ENDPOINT");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw UserError("telemetry endpoint '" + url + "' is not an http:// or https:// URL");
  auto store = open_store(host);
  std::int64_t now = tl::now_ns();
  store->maintain(now);
  auto identity = resource(*store);
  store->queue_unsent(5000, [&](const std::vector<tl::Event>& events) {
    return std::vector<tl::Store::Payload>{
        {"logs", tl::otlp_logs(identity, events).dump()},
        {"metrics", tl::otlp_metrics(identity, tl::aggregate_events(events)).dump()}};
  });
  bool debug = tl::truthy(
      std::getenv("AX_TELEMETRY_DEBUG") ? std::optional<std::string>(std::getenv("AX_TELEMETRY_DEBUG")) : std::nullopt);
  if (debug) {
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    auto queued = store->queued();
    for (const auto& item : queued)
      host.err() << "ax: telemetry debug: would POST " << base << "/v1/" << item.payload.signal << " "
                 << item.payload.body << "\n";
    host.out() << "AX_TELEMETRY_DEBUG is set: nothing sent; " << queued.size() << " payloads stay queued\n";
    return ax::sdk::kExitOk;
  }
  tl::RetryPolicy policy;
  double scale = backoff_scale();
  policy.initial_seconds *= scale;
  policy.max_backoff_seconds *= scale;
  auto summary = tl::submit_queued(
      *store, url, policy,
      [](const std::string& target, const std::string& body) { return tl::curl_post(target, body, 10); },
      [&](double seconds) {
        if (host.interrupted()) return;
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      });
  host.out() << "sent " << summary.sent << " payloads to " << url << "\n";
  if (summary.dropped) host.err() << "ax: warning: " << summary.problem << "\n";
  if (summary.queued)
    throw UserError("telemetry endpoint unavailable (" + summary.problem + "); " + std::to_string(summary.queued) +
                    " payloads stay queued for the next submit");
  return summary.dropped ? ax::sdk::kExitUserError : ax::sdk::kExitOk;
}

int clear(Host& host) {
  if (!store_exists()) {
    host.out() << "nothing recorded\n";
    return ax::sdk::kExitOk;
  }
  auto store = open_store(host);
  store->clear();
  host.out() << "telemetry cleared; new anonymous id " << store->install_id() << "\n";
  return ax::sdk::kExitOk;
}

class TelemetryCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--yes", "--use-otel-env"}, {"--since", "--format"});
    const auto& words = args.positional();
    if (words.empty())
      throw UsageError("usage: ax telemetry status|enable|disable|stats|errors|performance|export|submit|clear");
    const std::string& action = words[0];
    auto only = [&](std::initializer_list<const char*> allowed) {
      for (const char* flag : {"--json", "--yes", "--use-otel-env", "--since", "--format"}) {
        bool given = args.has(flag) || args.get(flag).has_value();
        bool ok = std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return std::string(a) == flag; }) !=
                  allowed.end();
        if (given && !ok) throw UsageError(std::string(flag) + " does not apply to ax telemetry " + action);
      }
      if (action != "enable" && words.size() > 1)
        throw UsageError("ax telemetry " + action + " takes no argument '" + words[1] + "'");
    };
    if (action == "status") {
      only({"--json"});
      return status(host, args.has("--json"));
    }
    if (action == "enable") {
      only({"--yes"});
      return enable(host, args);
    }
    if (action == "disable") {
      only({});
      return disable(host);
    }
    for (auto [name, kind] : {std::pair{"stats", tl::ReportKind::stats},
                              {"errors", tl::ReportKind::errors},
                              {"performance", tl::ReportKind::performance}}) {
      if (action != name) continue;
      only({"--json", "--since"});
      return report(host, args, kind);
    }
    if (action == "export") {
      only({"--format", "--since"});
      return export_data(host, args);
    }
    if (action == "submit") {
      only({"--use-otel-env"});
      return submit(host, args);
    }
    if (action == "clear") {
      only({});
      return clear(host);
    }
    throw UsageError("unknown telemetry action '" + action +
                     "' (status, enable, disable, stats, errors, performance, export, submit, clear)");
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"telemetry", "anonymous usage statistics: status, consent, reports, export", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "telemetry", "1.0.0", "Usage telemetry", kCommands, TelemetryCommand)
