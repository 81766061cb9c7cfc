// Latency and memory of the import graph queries on generated graphs:
//   bench-graph [files] [edges]   (default 100000 files, 1000000 edges, plus a 10k-file cycle)
// Prints build, cycles, dependencies and chain times in milliseconds and the peak resident memory.
#include <sys/resource.h>

#include <chrono>
#include <iostream>
#include <random>
#include <string>

#include <ax/graph/import_graph.hpp>

namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void measure(const std::string& label, const std::vector<ax::sdk::ImportEdge>& edges) {
  using namespace ax::graph;
  auto started = std::chrono::steady_clock::now();
  const ImportGraph graph = ImportGraph::build(edges);
  const double build = milliseconds_since(started);
  started = std::chrono::steady_clock::now();
  const auto cycles = find_cycles(graph);
  const double cycle_ms = milliseconds_since(started);
  started = std::chrono::steady_clock::now();
  const auto reached = walk(graph, *graph.node("f0"), Direction::dependencies, 0);
  const double walk_ms = milliseconds_since(started);
  started = std::chrono::steady_clock::now();
  const auto chain = shortest_chain(graph, *graph.node("f1"), *graph.node("f0"));
  const double chain_ms = milliseconds_since(started);
  std::cout << label << ": nodes " << graph.node_count() << ", edges " << graph.edge_count() << ", build " << build
            << " ms, cycles " << cycle_ms << " ms (" << cycles.size() << " components), deps " << walk_ms << " ms ("
            << reached.size() << " files), chain " << chain_ms << " ms (" << (chain ? chain->size() : 0) << " edges)\n";
}

// Appended rather than `"f" + std::to_string(i)`, which GCC 12 misreads (-Wrestrict).
std::string file_name(int i) {
  std::string name = "f";
  name += std::to_string(i);
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  const int files = argc > 1 ? std::stoi(argv[1]) : 100'000;
  const std::size_t edge_count = argc > 2 ? std::stoul(argv[2]) : 1'000'000;
  std::vector<ax::sdk::ImportEdge> ring;
  for (int i = 0; i < 10'000; ++i)
    ring.push_back({file_name(i), file_name((i + 1) % 10'000), "", "import", 1, ax::sdk::ImportResolution::exact});
  measure("10k-file cycle", ring);
  std::mt19937 random(7);
  std::uniform_int_distribution<int> pick(0, files - 1);
  std::vector<ax::sdk::ImportEdge> edges;
  edges.reserve(edge_count);
  while (edges.size() < edge_count) {
    const int a = pick(random), b = pick(random);
    if (a != b) edges.push_back({file_name(a), file_name(b), "", "import", 1, ax::sdk::ImportResolution::exact});
  }
  measure("random graph", edges);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << "peak rss: " << usage.ru_maxrss / 1024 << " MiB\n";
}
