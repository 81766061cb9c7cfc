#include "ax/graph/graph_results.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <tuple>

namespace ax::graph {
namespace {

// The encodings: a version byte, then unsigned LEB128 numbers and length-prefixed strings.
constexpr char kEncodingVersion = 1;

class Writer {
 public:
  Writer() { bytes_.push_back(kEncodingVersion); }
  void number(std::uint64_t value) {
    while (value >= 0x80) {
      bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    bytes_.push_back(static_cast<char>(value));
  }
  void text(std::string_view value) {
    number(value.size());
    bytes_.append(value);
  }
  void edge(const StoredEdge& stored) {
    text(stored.edge.from);
    text(stored.edge.to);
    text(stored.edge.kind);
    number(stored.edge.line);
    number(static_cast<std::uint64_t>(stored.edge.resolution));
    number(stored.index);
    number((stored.from_folder ? 1u : 0u) | (stored.to_folder ? 2u : 0u) | (stored.on_cycle ? 4u : 0u));
  }
  void edges(const std::vector<StoredEdge>& list) {
    number(list.size());
    for (const StoredEdge& stored : list) edge(stored);
  }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what Writer wrote; any overrun or malformed number makes ok() false.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {
    if (bytes_.empty() || bytes_[0] != kEncodingVersion) ok_ = false;
    position_ = 1;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return position_ == bytes_.size(); }
  std::uint64_t number() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; ok_; shift += 7) {
      if (position_ >= bytes_.size() || shift > 63) {
        ok_ = false;
        break;
      }
      const auto byte = static_cast<unsigned char>(bytes_[position_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return 0;
  }
  std::string text() {
    const std::uint64_t size = number();
    if (!ok_ || size > bytes_.size() - position_) {
      ok_ = false;
      return {};
    }
    std::string value(bytes_.substr(position_, size));
    position_ += size;
    return value;
  }
  StoredEdge edge() {
    StoredEdge stored;
    stored.edge.from = text();
    stored.edge.to = text();
    stored.edge.kind = text();
    stored.edge.line = static_cast<std::uint32_t>(number());
    const std::uint64_t resolution = number();
    if (resolution > static_cast<std::uint64_t>(sdk::ImportResolution::unresolved)) ok_ = false;
    stored.edge.resolution = static_cast<sdk::ImportResolution>(resolution);
    stored.index = static_cast<std::uint32_t>(number());
    const std::uint64_t flags = number();
    stored.from_folder = (flags & 1) != 0;
    stored.to_folder = (flags & 2) != 0;
    stored.on_cycle = (flags & 4) != 0;
    return stored;
  }
  // A count of items each at least `least_bytes` long: never more than the bytes left could hold.
  std::uint64_t count(std::size_t least_bytes) {
    const std::uint64_t value = number();
    if (ok_ && value > (bytes_.size() - position_) / least_bytes) ok_ = false;
    return ok_ ? value : 0;
  }
  std::vector<StoredEdge> edges() {
    std::vector<StoredEdge> list(count(7));
    for (StoredEdge& stored : list) stored = edge();
    return list;
  }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  bool ok_ = true;
};

StoredEdge stored_edge(const ImportGraph& graph, std::uint32_t index, const std::vector<std::uint32_t>& component) {
  const GraphEdge& edge = graph.edge(index);
  StoredEdge stored;
  stored.edge.from = graph.path(edge.from);
  stored.edge.to = graph.path(edge.to);
  stored.edge.kind = graph.kind_name(edge.kind);
  stored.edge.line = edge.line;
  stored.edge.resolution = edge.resolution;
  stored.index = index;
  stored.from_folder = graph.is_folder(edge.from);
  stored.to_folder = graph.is_folder(edge.to);
  stored.on_cycle = component[edge.from] != 0 && component[edge.from] == component[edge.to];
  return stored;
}

// Each node's cycle, numbered from 1 in find_cycles() order; 0 for a node on none.
std::vector<std::uint32_t> components_of(const ImportGraph& graph, const std::vector<Cycle>& cycles) {
  std::vector<std::uint32_t> component(graph.node_count(), 0);
  for (std::uint32_t id = 0; id < cycles.size(); ++id)
    for (const NodeId member : cycles[id].members) component[member] = id + 1;
  return component;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

bool edge_before(const ImportGraph& graph, std::uint32_t a, std::uint32_t b) {
  const GraphEdge &x = graph.edge(a), &y = graph.edge(b);
  return std::tie(graph.path(x.from), graph.path(x.to), x.line, a) <
         std::tie(graph.path(y.from), graph.path(y.to), y.line, b);
}

CycleResults cycle_results(const ImportGraph& graph, const std::vector<Cycle>& cycles) {
  const std::vector<std::uint32_t> component = components_of(graph, cycles);
  CycleResults results;
  results.cycles.reserve(cycles.size());
  for (std::uint32_t id = 0; id < cycles.size(); ++id) {
    const Cycle& cycle = cycles[id];
    StoredCycle stored;
    stored.members.reserve(cycle.members.size());
    for (const NodeId member : cycle.members) stored.members.push_back(graph.path(member));
    for (const std::uint32_t index : cycle.cycle) stored.cycle.push_back(stored_edge(graph, index, component));
    // As `flow cycles --format dot` draws them: member by member, each one's outgoing edges.
    std::vector<std::uint32_t> shortest(cycle.cycle.begin(), cycle.cycle.end());
    std::sort(shortest.begin(), shortest.end());
    for (const NodeId member : cycle.members)
      for (const std::uint32_t index : graph.outgoing(member)) {
        if (component[graph.edge(index).to] != id + 1 || std::binary_search(shortest.begin(), shortest.end(), index))
          continue;
        if (stored.other_edges.size() < kStoredPageEdges)
          stored.other_edges.push_back(stored_edge(graph, index, component));
        ++stored.other_edge_count;
      }
    results.cycles.push_back(std::move(stored));
  }
  return results;
}

GraphPage graph_page(const ImportGraph& graph, const std::vector<Cycle>& cycles) {
  const std::vector<std::uint32_t> component = components_of(graph, cycles);
  std::vector<std::uint32_t> order(graph.edge_count());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::size_t shown = std::min(order.size(), kStoredPageEdges);
  const auto middle = order.begin() + static_cast<std::ptrdiff_t>(shown);
  // edge_before() with each path's rank among the nodes' paths for the path: integers compared, not
  // strings (a million edges, a few thousand nodes).
  std::vector<NodeId> by_path(graph.node_count());
  for (NodeId node = 0; node < by_path.size(); ++node) by_path[node] = node;
  std::sort(by_path.begin(), by_path.end(), [&](NodeId a, NodeId b) { return graph.path(a) < graph.path(b); });
  std::vector<std::uint32_t> rank(graph.node_count());
  for (std::uint32_t i = 0; i < by_path.size(); ++i) rank[by_path[i]] = i;
  std::partial_sort(order.begin(), middle, order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const GraphEdge &x = graph.edge(a), &y = graph.edge(b);
    return std::tie(rank[x.from], rank[x.to], x.line, a) < std::tie(rank[y.from], rank[y.to], y.line, b);
  });
  GraphPage page;
  page.edge_count = graph.edge_count();
  page.first_edges.reserve(shown);
  for (auto it = order.begin(); it != middle; ++it) page.first_edges.push_back(stored_edge(graph, *it, component));
  return page;
}

std::string encode(const CycleResults& results) {
  Writer writer;
  writer.number(results.cycles.size());
  for (const StoredCycle& cycle : results.cycles) {
    writer.number(cycle.members.size());
    for (const std::string& member : cycle.members) writer.text(member);
    writer.edges(cycle.cycle);
    writer.edges(cycle.other_edges);
    writer.number(cycle.other_edge_count);
  }
  return writer.take();
}

std::string encode(const GraphPage& page) {
  Writer writer;
  writer.number(page.edge_count);
  writer.edges(page.first_edges);
  return writer.take();
}

std::optional<CycleResults> decode_cycle_results(std::string_view bytes) {
  Reader reader(bytes);
  CycleResults results;
  results.cycles.resize(reader.count(4));
  for (StoredCycle& cycle : results.cycles) {
    cycle.members.resize(reader.count(1));
    for (std::string& member : cycle.members) member = reader.text();
    cycle.cycle = reader.edges();
    cycle.other_edges = reader.edges();
    cycle.other_edge_count = reader.number();
    if (!reader.ok()) return std::nullopt;
  }
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return results;
}

std::optional<GraphPage> decode_graph_page(std::string_view bytes) {
  Reader reader(bytes);
  GraphPage page;
  page.edge_count = reader.number();
  page.first_edges = reader.edges();
  if (!reader.ok() || !reader.at_end()) return std::nullopt;
  return page;
}

RefreshOutcome refresh_graph_results(sdk::SymbolStore& store) {
  RefreshOutcome outcome;
  auto* results = dynamic_cast<sdk::GraphResultStore*>(&store);
  auto* reader = dynamic_cast<sdk::ImportGraphReader*>(&store);
  if (results == nullptr || reader == nullptr || !results->keeps_graph_results()) return outcome;
  if (results->graph_result(kCycleResultsName) && results->graph_result(kGraphPageName)) return outcome;
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = thread_cpu_seconds();
  // The version first: edges that change while the graph loads leave the results under an older
  // version, never newer edges' version over older results.
  const std::uint64_t version = results->graph_version();
  const ImportGraph graph = ImportGraph::load(*reader, ImportGraph::Links::outgoing_only);
  const std::vector<Cycle> cycles = find_cycles(graph);
  outcome.computed = true;
  outcome.stored =
      results->put_graph_results(version, {{std::string(kCycleResultsName), encode(cycle_results(graph, cycles))},
                                           {std::string(kGraphPageName), encode(graph_page(graph, cycles))}});
  outcome.seconds = seconds_since(started);
  outcome.cpu_seconds = thread_cpu_seconds() - cpu_started;
  return outcome;
}

std::optional<CycleResults> stored_cycle_results(sdk::SymbolStore& store) {
  auto* results = dynamic_cast<sdk::GraphResultStore*>(&store);
  if (results == nullptr) return std::nullopt;
  const std::optional<std::string> bytes = results->graph_result(kCycleResultsName);
  return bytes ? decode_cycle_results(*bytes) : std::nullopt;
}

std::optional<GraphPage> stored_graph_page(sdk::SymbolStore& store) {
  auto* results = dynamic_cast<sdk::GraphResultStore*>(&store);
  if (results == nullptr) return std::nullopt;
  const std::optional<std::string> bytes = results->graph_result(kGraphPageName);
  return bytes ? decode_graph_page(*bytes) : std::nullopt;
}

ImportGraph assemble_stored(const std::vector<const StoredEdge*>& edges, const std::vector<std::string>& nodes) {
  std::vector<sdk::ImportEdge> plain;
  plain.reserve(edges.size());
  std::vector<std::string> folders;
  for (const StoredEdge* stored : edges) {
    plain.push_back(stored->edge);
    if (stored->from_folder) folders.push_back(stored->edge.from);
    if (stored->to_folder) folders.push_back(stored->edge.to);
  }
  return ImportGraph::assemble(plain, nodes, folders);
}

}  // namespace ax::graph
