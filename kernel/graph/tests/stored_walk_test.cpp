// Walks and chains read from the store node by node give what the whole loaded graph gives:
// compared on random graphs with package folders (Go style), unlinked edges and ties.
#include <catch2/catch.hpp>

#include <ax/graph/import_graph.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using ax::graph::Direction;
using ax::graph::ImportGraph;
using ax::sdk::ImportEdge;
using ax::sdk::ImportResolution;

namespace {

// The store's graph interface over a list of edges, counting what is read.
class MemoryGraphReader final : public ax::sdk::ImportGraphReader {
 public:
  explicit MemoryGraphReader(std::vector<ImportEdge> edges) : edges_(std::move(edges)) {
    // The store keeps a file's edges together, files in the order they were first stored.
    std::stable_sort(edges_.begin(), edges_.end(),
                     [&](const ImportEdge& a, const ImportEdge& b) { return order(a.from) < order(b.from); });
  }
  std::size_t reads = 0;

  bool graph_complete() override { return true; }
  std::vector<ImportEdge> imports_of(std::string_view from) override {
    ++reads;
    std::vector<ImportEdge> out;
    for (const auto& edge : edges_)
      if (edge.from == from) out.push_back(edge);
    return out;
  }
  std::vector<ImportEdge> importers_of(std::string_view to) override {
    ++reads;
    std::vector<ImportEdge> out;
    for (const auto& edge : edges_)
      if (edge.to == to && !to.empty() &&
          (edge.resolution == ImportResolution::exact || edge.resolution == ImportResolution::heuristic))
        out.push_back(edge);
    return out;
  }
  void for_each_edge(const std::function<void(const ImportEdge&)>& visit) override {
    for (const auto& edge : edges_) visit(edge);
  }
  // Names inside a folder, from the paths the edges mention (files and folders).
  std::vector<std::string> list(std::string_view folder) const {
    std::set<std::string> names;
    for (const auto& edge : edges_)
      for (const std::string* path : {&edge.from, &edge.to}) {
        std::string_view p = *path;
        while (p.size() > folder.size() + 1 && p.starts_with(folder) && p[folder.size()] == '/') {
          const std::string_view rest = p.substr(folder.size() + 1);
          const std::size_t slash = rest.find('/');
          names.insert(std::string(rest.substr(0, slash)) + (slash == std::string_view::npos ? "" : "/"));
          break;
        }
      }
    return {names.begin(), names.end()};
  }

 private:
  std::size_t order(const std::string& from) { return first_seen_.try_emplace(from, first_seen_.size()).first->second; }
  std::vector<ImportEdge> edges_;
  std::map<std::string, std::size_t> first_seen_;
};

// What a walk printed: each reached node with its depth and the edge it was reached by.
std::vector<std::string> describe(const ImportGraph& graph, const std::vector<ax::graph::Reached>& reached) {
  std::vector<std::string> out;
  for (const auto& r : reached) {
    std::string line = graph.path(r.node) + "@" + std::to_string(r.depth);
    if (r.via) {
      const auto& edge = graph.edge(*r.via);
      line += " via " + graph.path(edge.from) + "->" + graph.path(edge.to) + ":" + graph.kind_name(edge.kind) + ":" +
              std::to_string(edge.line);
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::string> describe_chain(const ImportGraph& graph, const std::vector<std::uint32_t>& chain) {
  std::vector<std::string> out;
  for (const auto index : chain) {
    const auto& edge = graph.edge(index);
    out.push_back(graph.path(edge.from) + "->" + graph.path(edge.to) + ":" + std::to_string(edge.line));
  }
  return out;
}

// Go-like: files p<i>/f<j>.go importing package folders p<k> (and, now and then, a file directly,
// an external package, an unresolved one, the same target twice on one line).
std::vector<ImportEdge> random_repository(std::uint32_t seed, int packages, int files_per_package, int imports) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> package(0, packages - 1), file(0, files_per_package - 1), roll(0, 19), line(1, 5);
  std::vector<ImportEdge> edges;
  for (int p = 0; p < packages; ++p)
    for (int f = 0; f < files_per_package; ++f) {
      const std::string from = "p" + std::to_string(p) + "/f" + std::to_string(f) + ".go";
      for (int i = 0; i < imports; ++i) {
        const int r = roll(random);
        const auto at = static_cast<std::uint32_t>(line(random));
        if (r == 0)
          edges.push_back({from, "", "fmt", "import", at, ImportResolution::external});
        else if (r == 1)
          edges.push_back({from, "", "./gone", "import", at, ImportResolution::unresolved});
        else if (r == 2)
          edges.push_back({from, "p" + std::to_string(package(random)) + "/f" + std::to_string(file(random)) + ".go",
                           "x", "require", at, ImportResolution::heuristic});
        else
          edges.push_back({from, "p" + std::to_string(package(random)), "p", "import", at, ImportResolution::exact});
      }
    }
  // A file whose only import is external is a node with no linked edge.
  edges.push_back({"lone.go", "", "os", "import", 1, ImportResolution::external});
  return edges;
}

}  // namespace

TEST_CASE("stored walks and chains equal the whole graph's", "[graph][stored]") {
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    const auto edges = random_repository(seed, 12, 4, 3);
    MemoryGraphReader reader(edges);
    const ImportGraph whole = ImportGraph::load(reader);
    std::vector<std::string> nodes;
    for (ax::graph::NodeId n = 0; n < whole.node_count(); ++n) nodes.push_back(whole.path(n));
    for (const std::string& start : nodes) {
      ax::graph::StoredAdjacency adjacency(reader, [&](std::string_view folder) { return reader.list(folder); });
      CHECK(adjacency.is_node(start));
      for (const Direction direction : {Direction::dependencies, Direction::dependents})
        for (const std::uint32_t depth : {0u, 1u, 2u}) {
          INFO("seed " << seed << ", start " << start << ", depth " << depth);
          const ImportGraph part = *ax::graph::walked_subgraph(adjacency, start, direction, depth);
          const auto expected = describe(whole, walk(whole, *whole.node(start), direction, depth));
          CHECK(describe(part, walk(part, *part.node(start), direction, depth)) == expected);
          ax::graph::StoredAdjacency fresh(reader, [&](std::string_view folder) { return reader.list(folder); });
          const ImportGraph tree = ax::graph::walked_tree(fresh, start, direction, depth);
          CHECK(describe(tree, walk(tree, *tree.node(start), direction, depth)) == expected);
        }
      for (const std::string& to : {nodes.front(), nodes[nodes.size() / 2], nodes.back()}) {
        INFO("seed " << seed << ", chain " << start << " -> " << to);
        const ImportGraph part = *ax::graph::chain_subgraph(adjacency, start, to);
        const auto expected = shortest_chain(whole, *whole.node(start), *whole.node(to));
        const auto found = shortest_chain(part, *part.node(start), *part.node(to));
        REQUIRE(expected.has_value() == found.has_value());
        if (expected) CHECK(describe_chain(part, *found) == describe_chain(whole, *expected));
      }
    }
  }
}

TEST_CASE("a stored walk reads only the nodes it visits", "[graph][stored]") {
  // Built by appending: GCC 12 misreads `"f" + std::to_string(i)` here (-Wrestrict).
  const auto file = [](int i) {
    std::string name = "f";
    name += std::to_string(i);
    return name;
  };
  std::vector<ImportEdge> edges;
  for (int i = 0; i < 1000; ++i) edges.push_back({file(i), file(i + 1), "s", "import", 1, ImportResolution::exact});
  MemoryGraphReader reader(edges);
  ax::graph::StoredAdjacency adjacency(reader, [](std::string_view) { return std::vector<std::string>{}; });
  const ImportGraph part = *ax::graph::walked_subgraph(adjacency, "f10", Direction::dependencies, 3);
  CHECK(part.node_count() == 4);  // f10 .. f13
  CHECK(reader.reads < 20);
  CHECK(reader.reads == adjacency.reads());
  CHECK(!adjacency.is_node("nowhere"));
  CHECK(adjacency.is_node("f1000"));  // a target only

  // Over its budget, a walk gives up (the caller loads the whole graph).
  ax::graph::StoredAdjacency budgeted(
      reader, [](std::string_view) { return std::vector<std::string>{}; }, 50);
  CHECK(ax::graph::walked_subgraph(budgeted, "f10", Direction::dependencies, 30));
  CHECK(!ax::graph::walked_subgraph(budgeted, "f10", Direction::dependencies, 0));
  CHECK(!ax::graph::chain_subgraph(budgeted, "f0", "f999"));
}

TEST_CASE("an unbounded walk's tree holds the edges of the nodes being followed, not the graph's", "[graph][stored]") {
  const auto file = [](int i) {
    std::string name = "f";
    name += std::to_string(i);
    return name;
  };
  // 1000 files, each importing the next three: 2994 edges, every file reached from f0.
  std::vector<ImportEdge> edges;
  for (int i = 0; i < 1000; ++i)
    for (int step = 1; step <= 3 && i + step < 1000; ++step)
      edges.push_back(
          {file(i), file(i + step), "s", "import", static_cast<std::uint32_t>(step), ImportResolution::exact});
  MemoryGraphReader reader(edges);
  ax::graph::StoredAdjacency adjacency(reader, [](std::string_view) { return std::vector<std::string>{}; });
  const ImportGraph tree = ax::graph::walked_tree(adjacency, "f0", Direction::dependencies, 0);
  CHECK(tree.node_count() == 1000);
  CHECK(tree.edge_count() == 999);  // one edge reaching each file but the start
  CHECK(adjacency.peak_edges_held() <= 6);
  CHECK(adjacency.reads() <= 1001);  // each file once (the last, importing nothing, is asked for importers)
  const ImportGraph whole = ImportGraph::load(reader);
  CHECK(describe(tree, walk(tree, *tree.node("f0"), Direction::dependencies, 0)) ==
        describe(whole, walk(whole, *whole.node("f0"), Direction::dependencies, 0)));
}

TEST_CASE("a chain is searched from both ends: the whole graph's chain, for a fraction of its reads",
          "[graph][stored]") {
  // 5,000 files importing 6 random others each: a one-sided search reads most of them.
  const auto file = [](int i) {
    std::string name = "m/f";
    name += std::to_string(i);
    return name;
  };
  constexpr int kFiles = 5000;
  std::mt19937 random(11);
  std::uniform_int_distribution<int> pick(0, kFiles - 1);
  std::vector<ImportEdge> edges;
  for (int i = 0; i < kFiles; ++i)
    for (int e = 0; e < 6; ++e)
      edges.push_back(
          {file(i), file(pick(random)), "s", "import", static_cast<std::uint32_t>(e + 1), ImportResolution::exact});
  MemoryGraphReader reader(edges);
  const ImportGraph whole = ImportGraph::load(reader);
  for (int pair = 0; pair < 20; ++pair) {
    const std::string from = file(pick(random)), to = file(pick(random));
    INFO("chain " << from << " -> " << to);
    ax::graph::StoredAdjacency adjacency(reader, [](std::string_view) { return std::vector<std::string>{}; });
    const ImportGraph part = *ax::graph::chain_subgraph(adjacency, from, to);
    const auto expected = shortest_chain(whole, *whole.node(from), *whole.node(to));
    const auto found = shortest_chain(part, *part.node(from), *part.node(to));
    REQUIRE(expected.has_value() == found.has_value());
    if (expected) CHECK(describe_chain(part, *found) == describe_chain(whole, *expected));
    CHECK(adjacency.reads() < kFiles / 5);
  }
}

TEST_CASE("a walk cut at a limit gives the whole walk's first nodes and says whether more lie beyond",
          "[graph][stored]") {
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    const auto edges = random_repository(seed, 12, 4, 3);
    MemoryGraphReader reader(edges);
    const ImportGraph whole = ImportGraph::load(reader);
    for (ax::graph::NodeId n = 0; n < whole.node_count(); ++n) {
      const std::string start = whole.path(n);
      for (const Direction direction : {Direction::dependencies, Direction::dependents})
        for (const std::uint32_t depth : {0u, 1u, 2u})
          for (const std::size_t limit : {1u, 2u, 5u, 17u}) {
            INFO("seed " << seed << ", start " << start << ", depth " << depth << ", limit " << limit);
            auto expected = describe(whole, walk(whole, n, direction, depth));
            ax::graph::StoredAdjacency adjacency(reader, [&](std::string_view folder) { return reader.list(folder); });
            const auto cut = ax::graph::walked_tree_up_to(adjacency, start, direction, depth, limit);
            auto found = describe(cut.tree, walk(cut.tree, *cut.tree.node(start), direction, depth));
            const std::size_t beyond = expected.size() - 1;  // nodes besides the start
            if (cut.complete) {
              CHECK(found == expected);  // nothing left unread: the count is exact
            } else {
              CHECK(found.size() - 1 > limit);  // stopped early: at least one more was seen
              CHECK(found.size() <= expected.size());
            }
            // The first `limit` nodes are the whole walk's, and more are known whenever there are.
            const std::size_t shown = std::min(limit, beyond) + 1;
            CHECK(std::vector(found.begin(),
                              found.begin() + static_cast<std::ptrdiff_t>(std::min(shown, found.size()))) ==
                  std::vector(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(shown)));
            CHECK((found.size() - 1 > limit) == (beyond > limit));
          }
    }
  }
}

TEST_CASE("a walk cut at a limit stops reading: a long cycle and a wide fan", "[graph][stored]") {
  const auto file = [](int i) {
    std::string name = "f";
    name += std::to_string(i);
    return name;
  };
  // A 10,000-file cycle: 200 files shown, about 200 read.
  std::vector<ImportEdge> ring;
  for (int i = 0; i < 10000; ++i)
    ring.push_back({file(i), file((i + 1) % 10000), "s", "import", 1, ImportResolution::exact});
  MemoryGraphReader ring_reader(ring);
  for (const Direction direction : {Direction::dependencies, Direction::dependents}) {
    ax::graph::StoredAdjacency adjacency(ring_reader, [](std::string_view) { return std::vector<std::string>{}; });
    const auto cut = ax::graph::walked_tree_up_to(adjacency, "f0", direction, 0, 200);
    CHECK(!cut.complete);
    CHECK(cut.tree.node_count() == 202);  // the start, 200 shown and the one that says "at least 1 more"
    CHECK(adjacency.reads() <= 205);
  }
  // A file importing 1000 others that import nothing: the whole first level is read (its first files
  // by path are known only then), and nothing beyond it.
  std::vector<ImportEdge> fan;
  for (int i = 1; i <= 1000; ++i) fan.push_back({"hub", file(i), "s", "import", 1, ImportResolution::exact});
  MemoryGraphReader fan_reader(fan);
  ax::graph::StoredAdjacency adjacency(fan_reader, [](std::string_view) { return std::vector<std::string>{}; });
  const auto cut = ax::graph::walked_tree_up_to(adjacency, "hub", Direction::dependencies, 0, 10);
  CHECK(!cut.complete);
  CHECK(cut.tree.node_count() == 1001);
  CHECK(adjacency.reads() <= 3);
  // Exactly the limit, nothing beyond: read on to find there is no more.
  ax::graph::StoredAdjacency exact(fan_reader, [](std::string_view) { return std::vector<std::string>{}; });
  const auto all = ax::graph::walked_tree_up_to(exact, "hub", Direction::dependencies, 0, 1000);
  CHECK(all.complete);
  CHECK(all.tree.node_count() == 1001);
}

TEST_CASE("a graph loaded with outgoing links only answers what the full one does that way", "[graph][stored]") {
  for (const std::uint32_t seed : {5u, 6u}) {
    const auto edges = random_repository(seed, 12, 4, 3);
    MemoryGraphReader reader(edges);
    const ImportGraph both = ImportGraph::load(reader);
    const ImportGraph outgoing = ImportGraph::load(reader, ImportGraph::Links::outgoing_only);
    REQUIRE(outgoing.node_count() == both.node_count());
    for (ax::graph::NodeId n = 0; n < both.node_count(); ++n) {
      CHECK(describe(outgoing, walk(outgoing, n, Direction::dependencies, 0)) ==
            describe(both, walk(both, n, Direction::dependencies, 0)));
      for (ax::graph::NodeId to = 0; to < both.node_count(); to += 7) {
        const auto a = shortest_chain(outgoing, n, to), b = shortest_chain(both, n, to);
        REQUIRE(a.has_value() == b.has_value());
        if (a) CHECK(describe_chain(outgoing, *a) == describe_chain(both, *b));
      }
    }
    CHECK(ax::graph::find_cycles(outgoing).size() == ax::graph::find_cycles(both).size());
    CHECK_THROWS_AS(outgoing.incoming(0), std::logic_error);
  }
}
