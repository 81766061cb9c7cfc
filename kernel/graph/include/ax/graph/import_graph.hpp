// The import graph as queries need it: the stored edges loaded into memory (compact adjacency
// arrays), and the questions `ax flow` asks of it. No printing here: a server reuses this as is.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ax/sdk/graph.hpp>

namespace ax::graph {

using NodeId = std::uint32_t;

// One edge between two nodes of the graph, with what the import said.
struct GraphEdge {
  NodeId from = 0;
  NodeId to = 0;
  std::uint16_t kind = 0;  // ImportGraph::kind_name(): "import", "require", ...; "package" for a folder to its files
  std::uint32_t line = 0;
  sdk::ImportResolution resolution = sdk::ImportResolution::exact;
};

// Nodes are files and, for languages whose imports name packages (Go, Java wildcards), folders. A
// folder that is an edge target gets an edge of kind "package" to each file of the graph directly
// inside it, so that chains and cycles pass through packages to the files that import further.
// Only edges with a target (exact or heuristic) are part of the graph.
class ImportGraph {
 public:
  // Takes every edge; external and unresolved ones are counted, not linked.
  static ImportGraph build(const std::vector<sdk::ImportEdge>& edges);
  // What a loaded graph can answer: outgoing() always; incoming() (importers, dependents walks) only
  // when asked for, as ordering a million edges each way costs a fifth of a whole-graph load.
  enum class Links { both, outgoing_only };
  static ImportGraph load(sdk::ImportGraphReader& reader, Links links = Links::both);
  // A graph of exactly these linked edges (package edges, of kind "package", included: their
  // sources are the folder nodes) and these nodes besides: a part of a repository's graph, read
  // from the store by the stored walks below. `folders` (nodes) are marked as folders besides the
  // sources of package edges.
  static ImportGraph assemble(const std::vector<sdk::ImportEdge>& edges, const std::vector<std::string>& nodes,
                              const std::vector<std::string>& folders = {});

  std::size_t node_count() const { return paths_.size(); }
  std::size_t edge_count() const { return edges_.size(); }
  std::size_t unlinked_edge_count() const { return unlinked_; }  // external or unresolved
  std::optional<NodeId> node(std::string_view path) const;
  const std::string& path(NodeId node) const { return paths_[node]; }
  bool is_folder(NodeId node) const { return folder_[node]; }
  // Indexes into edges(), sorted by the other end's path.
  std::span<const std::uint32_t> outgoing(NodeId node) const;
  std::span<const std::uint32_t> incoming(NodeId node) const;  // std::logic_error if loaded outgoing_only
  const GraphEdge& edge(std::uint32_t index) const { return edges_[index]; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const std::string& kind_name(std::uint16_t kind) const { return kinds_[kind]; }

 private:
  NodeId intern(std::string_view path);
  void link(Links links = Links::both);
  void add_edge(NodeId from, NodeId to, std::string_view kind, std::uint32_t line, sdk::ImportResolution resolution);
  // build() in steps, so that load() takes the store's edges as they come, never holding them all.
  void add_stored(const sdk::ImportEdge& edge, std::vector<char>& is_source);
  void add_package_edges(std::vector<char>& is_source);

  struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view path) const { return std::hash<std::string_view>{}(path); }
  };
  std::vector<std::string> paths_;
  std::vector<bool> folder_;
  std::unordered_map<std::string, NodeId, PathHash, std::equal_to<>> ids_;
  NodeId last_from_ = 0;  // edges come file by file: the last source looked up
  std::uint16_t kind_id(std::string_view kind);
  std::vector<std::string> kinds_;
  std::vector<GraphEdge> edges_;
  std::size_t unlinked_ = 0;
  std::vector<std::uint32_t> out_offsets_, out_edges_, in_offsets_, in_edges_;
};

enum class Direction { dependencies, dependents };

// A node reached by a breadth-first walk: its distance and the edge it was first reached through.
struct Reached {
  NodeId node = 0;
  std::uint32_t depth = 0;
  std::optional<std::uint32_t> via;  // edge index; none for the start
};

// Everything `start` reaches (or is reached from) within `max_depth` steps (0: no limit), nearest
// first, then by path; the start itself first at depth 0.
std::vector<Reached> walk(const ImportGraph& graph, NodeId start, Direction direction, std::uint32_t max_depth);

// The fewest edges leading from `from` to `to`, as edge indexes; nullopt when none does (empty when
// from == to).
std::optional<std::vector<std::uint32_t>> shortest_chain(const ImportGraph& graph, NodeId from, NodeId to);

// A strongly connected component of more than one node (or one importing itself): an import cycle.
struct Cycle {
  std::vector<NodeId> members;       // sorted by path
  std::vector<std::uint32_t> cycle;  // a shortest cycle found in it, as edge indexes
};

// Every import cycle, largest first, then by first member's path. Each component's cycle is a
// shortest one through the component for components up to kExhaustiveCycleSearch nodes; larger ones
// get the shortest cycle through the first kSampledCycleStarts members (the search is quadratic).
inline constexpr std::size_t kExhaustiveCycleSearch = 512;
inline constexpr std::size_t kSampledCycleStarts = 32;
std::vector<Cycle> find_cycles(const ImportGraph& graph);

// The graph's adjacency read from the store node by node, for queries that visit part of it
// (dependencies, dependents, chains): loading a whole graph costs seconds at a million edges. The
// edges of a node are those ImportGraph::load would give it, in the same order, package edges
// included; a folder's member files come from `list_folder` (names inside a repository folder)
// and count when the store holds edges from or to them.
class StoredAdjacency {
 public:
  using FolderLister = std::function<std::vector<std::string>(std::string_view folder)>;
  // `read_budget`: how many store reads a walk may make before loading the whole graph costs less
  // (0: no limit); the walks below then give up.
  StoredAdjacency(sdk::ImportGraphReader& reader, FolderLister list_folder, std::size_t read_budget = 0);

  // Whether ImportGraph::load would have a node of this path.
  bool is_node(std::string_view path);
  const std::vector<sdk::ImportEdge>& outgoing(const std::string& path);
  const std::vector<sdk::ImportEdge>& incoming(const std::string& path);
  std::size_t reads() const { return reads_; }
  bool over_budget() const { return budget_ != 0 && reads_ > budget_; }
  // Drops what was read about `path` (a walk that has followed its edges needs them no more).
  void forget(const std::string& path);
  // The most edges held at once (read and not yet forgotten): what a walk cost in memory.
  std::size_t peak_edges_held() const { return peak_edges_held_; }

 private:
  const std::vector<sdk::ImportEdge>& imports(const std::string& path);    // linked, stored order
  const std::vector<sdk::ImportEdge>& importers(const std::string& path);  // linked
  bool is_package_folder(const std::string& path);

  sdk::ImportGraphReader& reader_;
  FolderLister list_folder_;
  std::size_t budget_ = 0;
  std::size_t reads_ = 0;
  std::size_t edges_held_ = 0;
  std::size_t peak_edges_held_ = 0;
  void hold(std::ptrdiff_t edges);
  std::unordered_map<std::string, std::vector<sdk::ImportEdge>> imports_, importers_, outgoing_, incoming_;
  std::unordered_map<std::string, bool> has_any_import_;
  std::vector<sdk::ImportEdge> partial_;  // a folder's edges cut short by the budget  // unlinked edges make a node too
};

// The part of the graph a walk from `start` (a node) goes through, read from the store: walk() on
// it, from the same start, direction and depth, gives what it gives on the whole graph. Nullopt
// when the reads went over the adjacency's budget (load the whole graph instead).
std::optional<ImportGraph> walked_subgraph(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                                           std::uint32_t max_depth);
// The tree of a walk from `start`: for each node reached, the one edge walk() reaches it by, read
// from the store node by node and each node's edges dropped once followed, so memory grows with the
// nodes reached, not with the edges read (a walk over a whole 1M-edge graph holds 100k edges, not
// 1M). walk() on it, from the same start, direction and depth, gives what it gives on the whole
// graph. Give it an adjacency without a read budget: it never gives up.
ImportGraph walked_tree(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                        std::uint32_t max_depth);
// A walk's tree cut short once it holds what is shown: see walked_tree_up_to().
struct PartialTree {
  ImportGraph tree;
  // Every node within the depth was reached, so the tree's nodes are all there are; false when the
  // walk stopped early and more nodes may lie beyond (at least those in the tree past the limit).
  bool complete = true;
  // The reads went over the adjacency's budget: the tree is partial, load the whole graph instead.
  bool over_budget = false;
};
// walked_tree() that stops reading once `limit` nodes besides the start are reached (0: no limit).
// walk() orders a level by path, so the level that reaches the limit is read whole and deeper ones
// are not: walk() on the tree gives the whole graph's walk for its first `limit` nodes and at least
// one node more whenever the whole walk has more (found by reading further only until one turns
// up). A walk over a million-edge graph then reads about `limit` nodes' edges, not the graph. With
// a budgeted adjacency, it gives up (over_budget) once the reads go over the budget.
PartialTree walked_tree_up_to(StoredAdjacency& adjacency, const std::string& start, Direction direction,
                              std::uint32_t max_depth, std::size_t limit);
// Likewise for shortest_chain() from `from` to `to` (both nodes).
std::optional<ImportGraph> chain_subgraph(StoredAdjacency& adjacency, const std::string& from, const std::string& to);

// Whether `path` lies in `folder` ("" or "." is the whole repository).
bool in_folder(std::string_view path, std::string_view folder);

}  // namespace ax::graph
