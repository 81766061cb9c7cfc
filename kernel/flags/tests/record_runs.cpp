// test-flags-record-runs FLAG VARIANT COUNT EXIT_CODE [RESULTS [LATENCY_MS]]
// Appends COUNT `find` runs exposed to FLAG with VARIANT to this user's telemetry store, as ax
// records them (a command event with the exit code, the exposure, the query's results and duration,
// and an error event when the exit code is not 0), each with its own run id. For tests only.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <ax/telemetry/consent.hpp>
#include <ax/telemetry/store.hpp>

int main(int argc, char** argv) {
  namespace t = ax::telemetry;
  if (argc < 5) {
    std::fprintf(stderr, "usage: test-flags-record-runs FLAG VARIANT COUNT EXIT_CODE [RESULTS [LATENCY_MS]]\n");
    return 2;
  }
  const std::string flag = argv[1], variant = argv[2];
  const long count = std::strtol(argv[3], nullptr, 10);
  const long exit_code = std::strtol(argv[4], nullptr, 10);
  const long results = argc > 5 ? std::strtol(argv[5], nullptr, 10) : 3;
  const double latency_ms = argc > 6 ? std::strtod(argv[6], nullptr) : 5.0;
  std::string warning;
  auto store = t::Store::open(t::state_directory() / "store", warning);
  std::vector<t::Event> batch;
  for (long i = 0; i < count; ++i) {
    const std::int64_t now = t::now_ns();
    const std::string run = t::new_run_id();
    batch.push_back({now, t::EventKind::command, "find", {}, {}, exit_code, latency_ms / 1000, run});
    batch.push_back({now, t::EventKind::flag, flag, "find", variant, 0, 0, run});
    batch.push_back({now, t::EventKind::query, "find", "find", {}, results, latency_ms / 1000, run});
    if (exit_code != 0) batch.push_back({now, t::EventKind::error, "internal", "find", "injected", exit_code, 0, run});
  }
  store->append(batch);
  return 0;
}
