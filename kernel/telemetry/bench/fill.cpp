// bench-telemetry-fill DIR EVENTS DAYS [closed]: fills the telemetry store in DIR with EVENTS generated
// events spread evenly over the last DAYS days up to now (commands, queries, errors, metrics, parser
// runs), or with `closed` over the DAYS days before today, for the report-latency benchmark
// (scripts/bench/telemetry_bench.sh).
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include <ax/telemetry/store.hpp>

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 5 && std::string(argv[4]) == "closed")) {
    std::cerr << "usage: bench-telemetry-fill DIR EVENTS DAYS [closed]\n";
    return 2;
  }
  namespace tl = ax::telemetry;
  const long long total = std::atoll(argv[2]);
  const long long days = std::atoll(argv[3]);
  if (total <= 0 || days <= 0) {
    std::cerr << "bench-telemetry-fill: EVENTS and DAYS must be positive\n";
    return 2;
  }
  std::string warning;
  auto store = tl::Store::open(argv[1], warning);
  const std::int64_t now = argc == 5 ? tl::day_of(tl::now_ns()) * tl::kNanosPerDay - 1 : tl::now_ns();
  const std::int64_t span = days * tl::kNanosPerDay;
  const std::int64_t start = now - span + 1;
  std::mt19937 random(42);
  std::lognormal_distribution<double> seconds(-3.0, 1.0);
  const char* commands[] = {"find", "def", "index", "status", "find", "find", "def", "config"};
  const char* languages[] = {"cpp", "python", "go", "rust", "typescript"};
  std::vector<tl::Event> batch;
  for (long long i = 0; i < total; ++i) {
    tl::Event e;
    e.time_ns = start + static_cast<std::int64_t>(static_cast<double>(span) * static_cast<double>(i) /
                                                  static_cast<double>(total));
    const char* command = commands[random() % 8];
    switch (random() % 10) {
      case 0:
      case 1:
        e.kind = tl::EventKind::query;
        e.name = command[0] == 'd' ? "def" : "find";
        e.command = e.name;
        e.count = static_cast<std::int64_t>(random() % 20);
        e.value = seconds(random);
        break;
      case 2:
        e.kind = tl::EventKind::error;
        e.name = random() % 2 ? "user" : "usage";
        e.command = command;
        e.detail = "no index found in <path> or above";
        e.count = 1;
        break;
      case 3:
        e.kind = tl::EventKind::parser;
        e.name = languages[random() % 5];
        e.command = "index";
        e.count = static_cast<std::int64_t>(random() % 500);
        e.value = seconds(random) * 10;
        break;
      case 4:
        e.kind = tl::EventKind::metric;
        e.name = "index.files_per_second";
        e.command = "index";
        e.detail = "1/s";
        e.value = 500 + random() % 1000;
        break;
      default:
        e.kind = tl::EventKind::command;
        e.name = command;
        e.count = random() % 20 == 0 ? 1 : 0;
        e.value = seconds(random);
        break;
    }
    batch.push_back(std::move(e));
    if (batch.size() == 50000) {
      store->append(batch);
      batch.clear();
    }
  }
  store->append(batch);
  std::cout << "filled " << store->event_count() << " events over " << days << " days\n";
  return 0;
}
