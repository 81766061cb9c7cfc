// Results computed from the whole import graph once per change of its edges (at the end of an
// index run) and kept in the store (sdk::GraphResultStore), so that `ax flow cycles` and
// `ax flow graph` print without reading every edge: each import cycle with its shortest cycle, and
// the totals and first page of the graph. A stored result is used only while the edges are those
// it was computed from; otherwise queries compute from the edges as before.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/graph/import_graph.hpp>
#include <ax/sdk/graph.hpp>

namespace ax::graph {

// How many edges a stored result keeps of a list queries print only the start of (the graph's
// edges by path; a component's edges besides its shortest cycle): queries with --limit up to this
// are answered from it.
inline constexpr std::size_t kStoredPageEdges = 1000;

// An edge as the printers need it, with where it stands in the whole graph.
struct StoredEdge {
  sdk::ImportEdge edge;     // from, to, kind, line, resolution (no specifier)
  std::uint32_t index = 0;  // its index in ImportGraph::load's graph: the order dot and Mermaid draw in
  bool from_folder = false;
  bool to_folder = false;
  bool on_cycle = false;  // both ends in one import cycle (drawn red)
};

// An import cycle (a strongly connected component) as find_cycles() gives it.
struct StoredCycle {
  std::vector<std::string> members;  // sorted by path
  std::vector<StoredEdge> cycle;     // its shortest cycle found
  // The other edges between members, member by member (by path) in outgoing() order: the order
  // `flow cycles --format dot` draws them in. The first kStoredPageEdges; `other_edge_count` in all.
  std::vector<StoredEdge> other_edges;
  std::uint64_t other_edge_count = 0;
};

// find_cycles() of the whole graph, in its order.
struct CycleResults {
  std::vector<StoredCycle> cycles;
};

// The graph's linked edges: how many, and the first kStoredPageEdges by (from, to, line, index).
struct GraphPage {
  std::uint64_t edge_count = 0;
  std::vector<StoredEdge> first_edges;
};

// The order `flow graph` prints edges in: by source path, target path, line, then index.
bool edge_before(const ImportGraph& graph, std::uint32_t a, std::uint32_t b);

CycleResults cycle_results(const ImportGraph& graph, const std::vector<Cycle>& cycles);
GraphPage graph_page(const ImportGraph& graph, const std::vector<Cycle>& cycles);

std::string encode(const CycleResults& results);
std::string encode(const GraphPage& page);
// Nullopt for bytes that are not an encoded result of this version.
std::optional<CycleResults> decode_cycle_results(std::string_view bytes);
std::optional<GraphPage> decode_graph_page(std::string_view bytes);

// The names results are stored under; a change of an encoding changes its name.
inline constexpr std::string_view kCycleResultsName = "cycles.v1";
inline constexpr std::string_view kGraphPageName = "graph_page.v1";

// What refresh_graph_results() did.
struct RefreshOutcome {
  bool computed = false;  // the edges had changed (or nothing was stored): the results were computed
  bool stored = false;    // and written (false when the edges changed again meanwhile)
  double seconds = 0;
  double cpu_seconds = 0;  // of the thread that computed them
};

// Brings the stored results up to the store's edges: reads only the graph version when they are
// current; otherwise loads the graph, computes and stores them. Does nothing for a store that keeps
// no results or no import graph.
RefreshOutcome refresh_graph_results(sdk::SymbolStore& store);

// The stored results when they were computed from the edges as they are now.
std::optional<CycleResults> stored_cycle_results(sdk::SymbolStore& store);
std::optional<GraphPage> stored_graph_page(sdk::SymbolStore& store);

// A graph of these stored edges, in this order (edge i is edges[i]), with `nodes` besides: what the
// printers of `ax flow` take.
ImportGraph assemble_stored(const std::vector<const StoredEdge*>& edges, const std::vector<std::string>& nodes);

}  // namespace ax::graph
