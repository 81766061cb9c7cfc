#include "ax/graph/import_graph.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

namespace ax::graph {
namespace {

constexpr std::uint32_t kUnseen = std::numeric_limits<std::uint32_t>::max();
constexpr std::string_view kPackageKind = "package";

bool is_linked(const sdk::ImportEdge& edge) {
  return !edge.to.empty() &&
         (edge.resolution == sdk::ImportResolution::exact || edge.resolution == sdk::ImportResolution::heuristic);
}

std::string_view parent_folder(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

// Compressed adjacency: offsets[node]..offsets[node + 1] index into `list`, ordered by the other end's
// path (its `rank` among the paths), then line, then the order edges were added in (the store's,
// whichever way the graph was read). Counting sorts, not a sort per node: a million edges in
// linear time.
void compress(const std::vector<GraphEdge>& edges, std::size_t nodes, bool outgoing,
              const std::vector<std::uint32_t>& rank, std::vector<std::uint32_t>& offsets,
              std::vector<std::uint32_t>& list) {
  const auto owner = [&](const GraphEdge& edge) { return outgoing ? edge.from : edge.to; };
  const auto other = [&](const GraphEdge& edge) { return outgoing ? edge.to : edge.from; };
  // Edges by the other end's rank, ties in the order added.
  std::vector<std::uint32_t> by_rank_start(nodes + 1, 0);
  for (const GraphEdge& edge : edges) ++by_rank_start[rank[other(edge)] + 1];
  std::partial_sum(by_rank_start.begin(), by_rank_start.end(), by_rank_start.begin());
  std::vector<std::uint32_t> by_rank(edges.size());
  for (std::uint32_t i = 0; i < edges.size(); ++i) by_rank[by_rank_start[rank[other(edges[i])]]++] = i;
  // Then into each owner's slice, keeping that order.
  offsets.assign(nodes + 1, 0);
  for (const GraphEdge& edge : edges) ++offsets[owner(edge) + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  list.assign(edges.size(), 0);
  std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
  for (const std::uint32_t i : by_rank) list[fill[owner(edges[i])]++] = i;
  // Several edges between the same two nodes (an import on two lines) go by line.
  for (std::size_t run = 0; run < list.size();) {
    std::size_t end = run + 1;
    while (end < list.size() && owner(edges[list[end]]) == owner(edges[list[run]]) &&
           other(edges[list[end]]) == other(edges[list[run]]))
      ++end;
    if (end - run > 1)
      std::stable_sort(list.begin() + static_cast<std::ptrdiff_t>(run), list.begin() + static_cast<std::ptrdiff_t>(end),
                       [&](std::uint32_t a, std::uint32_t b) { return edges[a].line < edges[b].line; });
    run = end;
  }
}

// Breadth-first search from `start` over outgoing edges, staying in nodes where `allowed` is true;
// `via[node]` is the edge a node was first reached by.
void breadth_first(const ImportGraph& graph, NodeId start, const std::vector<char>* allowed,
                   std::vector<std::uint32_t>& via, std::vector<NodeId>& touched, NodeId stop_at) {
  std::deque<NodeId> queue{start};
  while (!queue.empty()) {
    const NodeId node = queue.front();
    queue.pop_front();
    for (const std::uint32_t index : graph.outgoing(node)) {
      const NodeId next = graph.edge(index).to;
      if (allowed != nullptr && !(*allowed)[next]) continue;
      if (via[next] != kUnseen || next == start) {
        if (next == start && stop_at == start && via[start] == kUnseen) {
          via[start] = index;  // closing the cycle through start
          touched.push_back(start);
          return;
        }
        continue;
      }
      via[next] = index;
      touched.push_back(next);
      if (next == stop_at) return;
      queue.push_back(next);
    }
  }
}

// The edges from `start` back to `start` along `via`, in order.
std::vector<std::uint32_t> trace(const ImportGraph& graph, const std::vector<std::uint32_t>& via, NodeId start,
                                 NodeId end) {
  std::vector<std::uint32_t> chain;
  NodeId node = end;
  do {
    const std::uint32_t index = via[node];
    chain.push_back(index);
    node = graph.edge(index).from;
  } while (node != start);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

// Tarjan's algorithm without recursion (a 10k-file cycle would overflow the stack).
std::vector<std::vector<NodeId>> strongly_connected(const ImportGraph& graph) {
  const std::size_t count = graph.node_count();
  std::vector<std::uint32_t> index(count, kUnseen), low(count, 0);
  std::vector<char> on_stack(count, 0);
  std::vector<NodeId> stack;
  std::vector<std::vector<NodeId>> components;
  std::uint32_t next_index = 0;
  struct Frame {
    NodeId node;
    std::size_t edge;
  };
  std::vector<Frame> frames;
  for (NodeId root = 0; root < count; ++root) {
    if (index[root] != kUnseen) continue;
    frames.push_back({root, 0});
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!frames.empty()) {
      Frame& frame = frames.back();
      const auto out = graph.outgoing(frame.node);
      if (frame.edge < out.size()) {
        const NodeId next = graph.edge(out[frame.edge++]).to;
        if (index[next] == kUnseen) {
          index[next] = low[next] = next_index++;
          stack.push_back(next);
          on_stack[next] = 1;
          frames.push_back({next, 0});
        } else if (on_stack[next]) {
          low[frame.node] = std::min(low[frame.node], index[next]);
        }
        continue;
      }
      const NodeId node = frame.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[node]);
      if (low[node] != index[node]) continue;
      std::vector<NodeId> component;
      NodeId member = 0;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = 0;
        component.push_back(member);
      } while (member != node);
      components.push_back(std::move(component));
    }
  }
  return components;
}

}  // namespace

std::uint16_t ImportGraph::kind_id(std::string_view kind) {
  if (kind.empty()) kind = "import";
  for (std::size_t i = 0; i < kinds_.size(); ++i)
    if (kinds_[i] == kind) return static_cast<std::uint16_t>(i);
  kinds_.emplace_back(kind);
  return static_cast<std::uint16_t>(kinds_.size() - 1);
}

void ImportGraph::add_edge(NodeId from, NodeId to, std::string_view kind, std::uint32_t line,
                           sdk::ImportResolution resolution) {
  edges_.push_back({from, to, kind_id(kind), line, resolution});
}

NodeId ImportGraph::intern(std::string_view path) {
  if (const auto it = ids_.find(path); it != ids_.end()) return it->second;
  const auto id = static_cast<NodeId>(paths_.size());
  ids_.emplace(std::string(path), id);
  paths_.emplace_back(path);
  folder_.push_back(false);
  return id;
}

std::optional<NodeId> ImportGraph::node(std::string_view path) const {
  const auto it = ids_.find(path);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

void ImportGraph::add_stored(const sdk::ImportEdge& edge, std::vector<char>& is_source) {
  const NodeId from = !paths_.empty() && paths_[last_from_] == edge.from ? last_from_ : intern(edge.from);
  last_from_ = from;
  if (!is_linked(edge)) {
    ++unlinked_;
    return;
  }
  const NodeId to = intern(edge.to);
  add_edge(from, to, edge.kind, edge.line, edge.resolution);
  if (is_source.size() < paths_.size()) is_source.resize(paths_.size(), 0);
  is_source[from] = 1;
}

void ImportGraph::add_package_edges(std::vector<char>& is_source) {
  is_source.resize(paths_.size(), 0);
  // Targets that are not importing files and contain files of the graph are package folders.
  std::unordered_map<std::string_view, std::vector<NodeId>> files_by_folder;
  for (NodeId node = 0; node < paths_.size(); ++node) files_by_folder[parent_folder(paths_[node])].push_back(node);
  const std::size_t target_count = paths_.size();
  std::vector<char> is_target(target_count, 0);
  for (const GraphEdge& edge : edges_) is_target[edge.to] = 1;
  for (NodeId node = 0; node < target_count; ++node) {
    if (!is_target[node] || is_source[node]) continue;
    const auto members = files_by_folder.find(paths_[node]);
    if (members == files_by_folder.end()) continue;
    folder_[node] = true;
    for (const NodeId file : members->second) add_edge(node, file, kPackageKind, 0, sdk::ImportResolution::exact);
  }
}

ImportGraph ImportGraph::build(const std::vector<sdk::ImportEdge>& edges) {
  ImportGraph graph;
  std::vector<char> is_source;
  for (const sdk::ImportEdge& edge : edges) graph.add_stored(edge, is_source);
  graph.add_package_edges(is_source);
  graph.link();
  return graph;
}

ImportGraph ImportGraph::load(sdk::ImportGraphReader& reader, Links links) {
  ImportGraph graph;
  std::vector<char> is_source;
  reader.for_each_edge([&](const sdk::ImportEdge& edge) { graph.add_stored(edge, is_source); });
  graph.add_package_edges(is_source);
  graph.link(links);
  return graph;
}

ImportGraph ImportGraph::assemble(const std::vector<sdk::ImportEdge>& edges, const std::vector<std::string>& nodes,
                                  const std::vector<std::string>& folders) {
  ImportGraph graph;
  for (const std::string& node : nodes) graph.intern(node);
  for (const std::string& folder : folders) graph.folder_[graph.intern(folder)] = true;
  for (const sdk::ImportEdge& edge : edges) {
    const NodeId from = graph.intern(edge.from);
    const NodeId to = graph.intern(edge.to);
    if (edge.kind == kPackageKind) graph.folder_[from] = true;
    graph.add_edge(from, to, edge.kind, edge.line, edge.resolution);
  }
  graph.link();
  return graph;
}

void ImportGraph::link(Links links) {
  std::vector<NodeId> by_path(paths_.size());
  std::iota(by_path.begin(), by_path.end(), NodeId{0});
  std::sort(by_path.begin(), by_path.end(), [&](NodeId a, NodeId b) { return paths_[a] < paths_[b]; });
  std::vector<std::uint32_t> rank(paths_.size());
  for (std::uint32_t i = 0; i < by_path.size(); ++i) rank[by_path[i]] = i;
  compress(edges_, paths_.size(), true, rank, out_offsets_, out_edges_);
  if (links == Links::both) compress(edges_, paths_.size(), false, rank, in_offsets_, in_edges_);
}

std::span<const std::uint32_t> ImportGraph::outgoing(NodeId node) const {
  return {out_edges_.data() + out_offsets_[node], out_offsets_[node + 1] - out_offsets_[node]};
}

std::span<const std::uint32_t> ImportGraph::incoming(NodeId node) const {
  if (in_offsets_.empty()) throw std::logic_error("ImportGraph::incoming() on a graph loaded outgoing_only");
  return {in_edges_.data() + in_offsets_[node], in_offsets_[node + 1] - in_offsets_[node]};
}

std::vector<Reached> walk(const ImportGraph& graph, NodeId start, Direction direction, std::uint32_t max_depth) {
  std::vector<std::uint32_t> depth(graph.node_count(), kUnseen);
  std::vector<Reached> reached{{start, 0, std::nullopt}};
  depth[start] = 0;
  for (std::size_t next = 0; next < reached.size(); ++next) {
    const Reached current = reached[next];
    if (max_depth != 0 && current.depth >= max_depth) continue;
    const auto edges =
        direction == Direction::dependencies ? graph.outgoing(current.node) : graph.incoming(current.node);
    for (const std::uint32_t index : edges) {
      const GraphEdge& edge = graph.edge(index);
      const NodeId other = direction == Direction::dependencies ? edge.to : edge.from;
      if (depth[other] != kUnseen) continue;
      depth[other] = current.depth + 1;
      reached.push_back({other, current.depth + 1, index});
    }
  }
  std::stable_sort(reached.begin() + 1, reached.end(), [&](const Reached& a, const Reached& b) {
    return a.depth != b.depth ? a.depth < b.depth : graph.path(a.node) < graph.path(b.node);
  });
  return reached;
}

std::optional<std::vector<std::uint32_t>> shortest_chain(const ImportGraph& graph, NodeId from, NodeId to) {
  if (from == to) return std::vector<std::uint32_t>{};
  std::vector<std::uint32_t> via(graph.node_count(), kUnseen);
  std::vector<NodeId> touched;
  breadth_first(graph, from, nullptr, via, touched, to);
  if (via[to] == kUnseen) return std::nullopt;
  return trace(graph, via, from, to);
}

std::vector<Cycle> find_cycles(const ImportGraph& graph) {
  std::vector<Cycle> cycles;
  std::vector<char> allowed(graph.node_count(), 0);
  std::vector<std::uint32_t> via(graph.node_count(), kUnseen);
  std::vector<NodeId> touched;
  for (std::vector<NodeId>& members : strongly_connected(graph)) {
    if (members.size() == 1) {
      const NodeId only = members.front();
      const auto out = graph.outgoing(only);
      const auto self = std::find_if(out.begin(), out.end(), [&](std::uint32_t e) { return graph.edge(e).to == only; });
      if (self == out.end()) continue;
      cycles.push_back({members, {*self}});
      continue;
    }
    std::sort(members.begin(), members.end(), [&](NodeId a, NodeId b) { return graph.path(a) < graph.path(b); });
    for (const NodeId member : members) allowed[member] = 1;
    const std::size_t starts =
        members.size() <= kExhaustiveCycleSearch ? members.size() : std::min(members.size(), kSampledCycleStarts);
    std::vector<std::uint32_t> best;
    for (std::size_t i = 0; i < starts; ++i) {
      const NodeId start = members[i];
      breadth_first(graph, start, &allowed, via, touched, start);
      if (via[start] != kUnseen) {
        std::vector<std::uint32_t> found = trace(graph, via, start, start);
        if (best.empty() || found.size() < best.size()) best = std::move(found);
      }
      for (const NodeId node : touched) via[node] = kUnseen;
      touched.clear();
      if (best.size() == 2) break;  // nothing shorter exists between distinct nodes
    }
    for (const NodeId member : members) allowed[member] = 0;
    cycles.push_back({std::move(members), std::move(best)});
  }
  std::sort(cycles.begin(), cycles.end(), [&](const Cycle& a, const Cycle& b) {
    if (a.members.size() != b.members.size()) return a.members.size() > b.members.size();
    return graph.path(a.members.front()) < graph.path(b.members.front());
  });
  return cycles;
}

StoredAdjacency::StoredAdjacency(sdk::ImportGraphReader& reader, FolderLister list_folder, std::size_t read_budget)
    : reader_(reader), list_folder_(std::move(list_folder)), budget_(read_budget) {}

const std::vector<sdk::ImportEdge>& StoredAdjacency::imports(const std::string& path) {
  auto it = imports_.find(path);
  if (it == imports_.end()) {
    ++reads_;
    std::vector<sdk::ImportEdge> edges = reader_.imports_of(path);
    has_any_import_[path] = !edges.empty();
    std::erase_if(edges, [](const sdk::ImportEdge& edge) { return !is_linked(edge); });
    hold(static_cast<std::ptrdiff_t>(edges.size()));
    it = imports_.emplace(path, std::move(edges)).first;
  }
  return it->second;
}

const std::vector<sdk::ImportEdge>& StoredAdjacency::importers(const std::string& path) {
  auto it = importers_.find(path);
  if (it == importers_.end()) {
    ++reads_;
    std::vector<sdk::ImportEdge> edges = reader_.importers_of(path);
    std::erase_if(edges, [](const sdk::ImportEdge& edge) { return !is_linked(edge); });
    hold(static_cast<std::ptrdiff_t>(edges.size()));
    it = importers_.emplace(path, std::move(edges)).first;
  }
  return it->second;
}

bool StoredAdjacency::is_node(std::string_view path) {
  const std::string key(path);
  imports(key);
  return has_any_import_[key] || !importers(key).empty();  // importers read only when needed
}

// As ImportGraph::build decides: a target that imports nothing (a folder has no edges of its own);
// whether files lie in it is the caller's question.
bool StoredAdjacency::is_package_folder(const std::string& path) {
  return imports(path).empty() && !importers(path).empty();
}

const std::vector<sdk::ImportEdge>& StoredAdjacency::outgoing(const std::string& path) {
  auto it = outgoing_.find(path);
  if (it != outgoing_.end()) return it->second;
  std::vector<sdk::ImportEdge> edges = imports(path);
  if (edges.empty() && is_package_folder(path))
    for (const std::string& name : list_folder_(path)) {
      std::string member = path + "/" + name;
      while (member.ends_with('/')) member.pop_back();
      if (is_node(member))
        edges.push_back(
            sdk::ImportEdge{path, std::move(member), "", std::string(kPackageKind), 0, sdk::ImportResolution::exact});
      // A large folder: the walk gives up; what was read so far is not kept as this node's edges.
      if (over_budget()) return partial_ = std::move(edges);
    }
  std::stable_sort(edges.begin(), edges.end(),
                   [](const auto& a, const auto& b) { return std::tie(a.to, a.line) < std::tie(b.to, b.line); });
  hold(static_cast<std::ptrdiff_t>(edges.size()));
  return outgoing_.emplace(path, std::move(edges)).first->second;
}

const std::vector<sdk::ImportEdge>& StoredAdjacency::incoming(const std::string& path) {
  auto it = incoming_.find(path);
  if (it != incoming_.end()) return it->second;
  std::vector<sdk::ImportEdge> edges = importers(path);
  // The package edge from the folder holding this file, when that folder is imported.
  const std::string folder(parent_folder(path));
  if (!folder.empty() && is_package_folder(folder))
    edges.push_back(sdk::ImportEdge{folder, path, "", std::string(kPackageKind), 0, sdk::ImportResolution::exact});
  std::stable_sort(edges.begin(), edges.end(),
                   [](const auto& a, const auto& b) { return std::tie(a.from, a.line) < std::tie(b.from, b.line); });
  hold(static_cast<std::ptrdiff_t>(edges.size()));
  return incoming_.emplace(path, std::move(edges)).first->second;
}

void StoredAdjacency::hold(std::ptrdiff_t edges) {
  edges_held_ = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(edges_held_) + edges);
  peak_edges_held_ = std::max(peak_edges_held_, edges_held_);
}

void StoredAdjacency::forget(const std::string& path) {
  for (auto* cache : {&imports_, &importers_, &outgoing_, &incoming_})
    if (const auto it = cache->find(path); it != cache->end()) {
      hold(-static_cast<std::ptrdiff_t>(it->second.size()));
      cache->erase(it);
    }
  has_any_import_.erase(path);
}

std::optional<ImportGraph> walked_subgraph(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                                           std::uint32_t max_depth) {
  std::unordered_map<std::string, std::uint32_t> depth{{start, 0}};
  std::vector<std::string> queue{start};
  std::vector<sdk::ImportEdge> edges;
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const std::string node = queue[next];
    const std::uint32_t node_depth = depth.at(node);
    if (max_depth != 0 && node_depth >= max_depth) continue;
    const bool forward = direction == Direction::dependencies;
    for (const sdk::ImportEdge& edge : forward ? adjacency.outgoing(node) : adjacency.incoming(node)) {
      edges.push_back(edge);
      const std::string& other = forward ? edge.to : edge.from;
      if (depth.try_emplace(other, node_depth + 1).second) queue.push_back(other);
    }
    if (adjacency.over_budget()) return std::nullopt;
  }
  return ImportGraph::assemble(edges, {start});
}

ImportGraph walked_tree(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                        std::uint32_t max_depth) {
  return walked_tree_up_to(adjacency, start, direction, max_depth, 0).tree;
}

PartialTree walked_tree_up_to(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                              std::uint32_t max_depth, std::size_t limit) {
  // walk()'s order: nodes in the order first reached, each one's edges in the graph's order; a
  // node's tree edge is the first edge reaching it.
  std::unordered_map<std::string, std::uint32_t> depth{{start, 0}};
  std::vector<std::string> queue{start};
  std::vector<sdk::ImportEdge> tree;
  const bool forward = direction == Direction::dependencies;
  bool complete = true;
  // Follows a node's edges; false when it reached a node not seen before.
  const auto expand = [&](const std::string& node, std::uint32_t node_depth) {
    bool found = false;
    for (const sdk::ImportEdge& edge : forward ? adjacency.outgoing(node) : adjacency.incoming(node)) {
      const std::string& other = forward ? edge.to : edge.from;
      if (!depth.try_emplace(other, node_depth + 1).second) continue;
      queue.push_back(other);
      tree.push_back(edge);
      found = true;
    }
    adjacency.forget(node);
    return found;
  };
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const std::string node = queue[next];
    const std::uint32_t node_depth = depth.at(node);
    if (max_depth != 0 && node_depth >= max_depth) continue;
    // A level starts: the levels before it, read whole, already reach the limit.
    const bool level_starts = depth.at(queue[next - (next > 0 ? 1 : 0)]) != node_depth;
    if (limit != 0 && level_starts && queue.size() - 1 >= limit) {
      complete = false;
      if (queue.size() - 1 == limit) {
        // Nothing past the limit is known yet: read on until one more node turns up, or none does.
        complete = true;
        for (std::size_t rest = next; rest < queue.size() && complete; ++rest) {
          const std::string waiting = queue[rest];  // expanding grows the queue
          complete = !expand(waiting, depth.at(waiting));
        }
      }
      break;
    }
    expand(node, node_depth);
    if (adjacency.over_budget()) return {ImportGraph::assemble({}, {start}), false, true};
  }
  return {ImportGraph::assemble(tree, {start}), complete, false};
}

// A bidirectional breadth-first search: levels from `from` along imports and from `to` along
// importers, the smaller frontier first, until they meet at distance d. Every edge of every shortest
// chain is then read (one of depth < a forward, the rest backward, a + b = d), and a shortest chain's
// nodes are first reached through nodes of shortest chains only, so shortest_chain() on these edges
// picks the chain it picks on the whole graph. On a random million-edge graph both sides stop after
// a few hundred reads, where a one-sided search reads most of the graph.
std::optional<ImportGraph> chain_subgraph(StoredAdjacency& adjacency, const std::string& from, const std::string& to) {
  std::vector<sdk::ImportEdge> edges;
  if (from == to) return ImportGraph::assemble(edges, {from, to});
  std::unordered_set<std::string> forward_seen{from}, backward_seen{to};
  std::vector<std::string> forward_level{from}, backward_level{to};
  while (!forward_level.empty() && !backward_level.empty()) {
    const bool forward = forward_level.size() <= backward_level.size();
    std::unordered_set<std::string>& seen = forward ? forward_seen : backward_seen;
    const std::unordered_set<std::string>& other_seen = forward ? backward_seen : forward_seen;
    std::vector<std::string>& level = forward ? forward_level : backward_level;
    std::vector<std::string> next;
    bool met = false;
    for (const std::string& node : level) {
      for (const sdk::ImportEdge& edge : forward ? adjacency.outgoing(node) : adjacency.incoming(node)) {
        edges.push_back(edge);
        const std::string& reached = forward ? edge.to : edge.from;
        if (!seen.insert(reached).second) continue;
        met = met || other_seen.count(reached) > 0;
        next.push_back(reached);
      }
      if (adjacency.over_budget()) return std::nullopt;
    }
    if (met) break;  // the whole level is read: every shortest chain's edges are in hand
    level = std::move(next);
  }
  // No chain: one side's search ran out, and its edges show there is none.
  return ImportGraph::assemble(edges, {from, to});
}

bool in_folder(std::string_view path, std::string_view folder) {
  while (folder.ends_with('/')) folder.remove_suffix(1);
  if (folder.empty() || folder == ".") return true;
  return path == folder || (path.size() > folder.size() && path.starts_with(folder) && path[folder.size()] == '/');
}

}  // namespace ax::graph
