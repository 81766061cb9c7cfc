// The import graph queries of `ax flow` on a generated LMDB store: the whole graph loaded (what
// cycles and drawings need) against walks reading the store node by node (deps, dependents,
// chains), each falling back to the whole graph past its read budget, and the unbounded walks'
// trees (what deps and dependents use: no budget, no whole graph).
//   bench-graph-store [files] [edges-per-file]   (default 100000 files, 10 edges each: 1M edges)
// Prints CPU milliseconds per query, store reads, and the peak resident memory.
#include <sys/resource.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include <ax/graph/import_graph.hpp>
#include <ax/sdk/graph.hpp>

#include "lmdb_symbol_store.hpp"

namespace {

namespace fs = std::filesystem;
using ax::graph::Direction;
using ax::graph::ImportGraph;

// CPU time of the process: on a shared machine, wall time mostly measures the wait for a CPU.
double cpu_milliseconds() {
  timespec now{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

std::string file_name(int i) {
  std::string name = "src/m";
  name += std::to_string(i % 1000);
  name += "/f";
  name += std::to_string(i);
  name += ".ts";
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  const int files = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int per_file = argc > 2 ? std::atoi(argv[2]) : 10;
  char pattern[] = "/tmp/ax-bench-graph-store-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) return 1;
  const fs::path root = pattern;
  int status = 0;
  try {
    auto store = ax::lmdb_store::open_lmdb_symbol_store(root / "store", AX_MIGRATIONS_DIR);
    auto& reader = dynamic_cast<ax::sdk::ImportGraphReader&>(*store);
    std::mt19937 random(7);
    std::uniform_int_distribution<int> pick(0, files - 1);
    double started = cpu_milliseconds();
    constexpr int kBatch = 5000;
    for (int first = 0; first < files; first += kBatch) {
      auto writer = store->begin_write();
      auto& graph_writer = dynamic_cast<ax::sdk::ImportGraphWriter&>(*writer);
      const int last = std::min(files, first + kBatch);
      for (int i = first; i < last; ++i) writer->put_file({file_name(i), "typescript", 1, 1, 1}, {});
      for (int i = first; i < last; ++i) {
        std::vector<ax::sdk::ImportEdge> edges;
        for (int e = 0; e < per_file; ++e) {
          const int to = pick(random);
          edges.push_back({"", file_name(to), "./x", "import", static_cast<std::uint32_t>(e + 1),
                           ax::sdk::ImportResolution::exact});
        }
        graph_writer.put_edges(file_name(i), edges);
      }
      if (last == files) graph_writer.mark_graph_complete();
      writer->commit();
    }
    const std::size_t edge_count = static_cast<std::size_t>(files) * static_cast<std::size_t>(per_file);
    std::cout << "store: " << files << " files, " << edge_count << " edges, written in " << cpu_milliseconds() - started
              << " ms\n";

    started = cpu_milliseconds();
    const ImportGraph whole = ImportGraph::load(reader);
    std::cout << "whole graph load: " << cpu_milliseconds() - started << " ms (" << whole.edge_count() << " edges)\n";

    const std::size_t budget = std::max<std::size_t>(256, edge_count / 32);  // as ax flow sets it
    const auto no_folders = [](std::string_view) { return std::vector<std::string>{}; };
    const auto report = [&](const std::string& label, auto&& query) {
      ax::graph::StoredAdjacency adjacency(reader, no_folders, budget);
      const double begin = cpu_milliseconds();
      std::optional<ImportGraph> part = query(adjacency);
      const bool fell_back = !part;
      const ImportGraph graph = part ? std::move(*part) : ImportGraph::load(reader);
      std::cout << label << ": " << cpu_milliseconds() - begin << " ms, " << adjacency.reads() << " store reads"
                << (fell_back ? ", then the whole graph (over budget)" : "") << " (" << graph.node_count()
                << " nodes read)\n";
    };
    const std::string a = file_name(1), b = file_name(2);
    for (const std::uint32_t depth : {1u, 2u, 3u}) {
      report("deps depth " + std::to_string(depth),
             [&](auto& adjacency) { return walked_subgraph(adjacency, a, Direction::dependencies, depth); });
      report("dependents depth " + std::to_string(depth),
             [&](auto& adjacency) { return walked_subgraph(adjacency, a, Direction::dependents, depth); });
    }
    report("deps depth 0 (all)",
           [&](auto& adjacency) { return walked_subgraph(adjacency, a, Direction::dependencies, 0); });
    // What `ax flow deps|dependents` does: the walk's tree, never the whole graph, edges dropped once
    // followed.
    for (const Direction direction : {Direction::dependencies, Direction::dependents}) {
      ax::graph::StoredAdjacency adjacency(reader, no_folders, 0);
      const double begin = cpu_milliseconds();
      const ImportGraph tree = walked_tree(adjacency, a, direction, 0);
      const std::size_t reached = walk(tree, *tree.node(a), direction, 0).size();
      std::cout << (direction == Direction::dependencies ? "deps" : "dependents")
                << " depth 0 (all), walked tree: " << cpu_milliseconds() - begin << " ms, " << adjacency.reads()
                << " store reads, " << reached << " nodes reached, at most " << adjacency.peak_edges_held()
                << " edges held at once, " << tree.edge_count() << " kept\n";
    }
    report("chain to a random file", [&](auto& adjacency) { return chain_subgraph(adjacency, a, b); });
    // A direct import: found in the first node's edges.
    const std::string direct = reader.imports_of(a).front().to;
    report("chain to a direct import", [&](auto& adjacency) { return chain_subgraph(adjacency, a, direct); });
  } catch (const std::exception& error) {
    std::cerr << "bench-graph-store: " << error.what() << "\n";
    status = 1;
  }
  std::error_code ignored;
  fs::remove_all(root, ignored);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << "peak rss: " << usage.ru_maxrss / 1024 << " MiB\n";
  return status;
}
