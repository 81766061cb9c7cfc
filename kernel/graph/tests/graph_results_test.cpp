// The results stored for `ax flow cycles` and `ax flow graph` against a recomputation from the whole
// graph, on random graphs with package folders, self imports, unlinked edges and repeated imports.
#include <catch2/catch.hpp>

#include <ax/graph/graph_results.hpp>

#include <algorithm>
#include <random>
#include <set>

using ax::graph::ImportGraph;
using ax::sdk::ImportEdge;
using ax::sdk::ImportResolution;

namespace {

std::vector<ImportEdge> random_edges(std::uint32_t seed, int files, int imports) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> file(0, files - 1), roll(0, 19), line(1, 4);
  const auto name = [](int n) { return "d" + std::to_string(n % 5) + "/f" + std::to_string(n) + ".go"; };
  std::vector<ImportEdge> edges;
  for (int f = 0; f < files; ++f)
    for (int i = 0; i < imports; ++i) {
      const int r = roll(random);
      const auto at = static_cast<std::uint32_t>(line(random));
      if (r == 0)
        edges.push_back({name(f), "", "fmt", "import", at, ImportResolution::external});
      else if (r == 1)
        edges.push_back({name(f), "d" + std::to_string(file(random) % 5), "p", "import", at, ImportResolution::exact});
      else if (r == 2)
        edges.push_back({name(f), name(f), "self", "require", at, ImportResolution::heuristic});
      else
        edges.push_back({name(f), name(file(random)), "s", "import", at, ImportResolution::exact});
    }
  return edges;
}

std::string describe(const ax::graph::StoredEdge& stored) {
  return stored.edge.from + ">" + stored.edge.to + ":" + stored.edge.kind + ":" + std::to_string(stored.edge.line) +
         ":" + std::string(ax::sdk::to_string(stored.edge.resolution)) + "#" + std::to_string(stored.index) +
         (stored.from_folder ? "F" : "") + (stored.to_folder ? "T" : "") + (stored.on_cycle ? "C" : "");
}

std::string describe(const ImportGraph& graph, std::uint32_t index) {
  const auto& edge = graph.edge(index);
  return graph.path(edge.from) + ">" + graph.path(edge.to) + ":" + graph.kind_name(edge.kind) + ":" +
         std::to_string(edge.line) + ":" + std::string(ax::sdk::to_string(edge.resolution));
}

}  // namespace

TEST_CASE("stored cycles and graph page equal a recomputation on random graphs", "[graph][results]") {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    const int files = 5 + static_cast<int>(seed % 7) * 30;
    const ImportGraph graph = ImportGraph::build(random_edges(seed, files, 1 + static_cast<int>(seed % 3)));
    const auto cycles = ax::graph::find_cycles(graph);
    const auto decoded_cycles = ax::graph::decode_cycle_results(encode(ax::graph::cycle_results(graph, cycles)));
    REQUIRE(decoded_cycles);
    REQUIRE(decoded_cycles->cycles.size() == cycles.size());
    std::vector<int> component(graph.node_count(), -1);
    for (std::size_t c = 0; c < cycles.size(); ++c)
      for (const auto member : cycles[c].members) component[member] = static_cast<int>(c);
    for (std::size_t c = 0; c < cycles.size(); ++c) {
      const auto& stored = decoded_cycles->cycles[c];
      std::vector<std::string> members;
      for (const auto member : cycles[c].members) members.push_back(graph.path(member));
      CHECK(stored.members == members);
      REQUIRE(stored.cycle.size() == cycles[c].cycle.size());
      for (std::size_t i = 0; i < stored.cycle.size(); ++i) {
        CHECK(stored.cycle[i].index == cycles[c].cycle[i]);
        CHECK(describe(stored.cycle[i]).starts_with(describe(graph, cycles[c].cycle[i])));
        CHECK(stored.cycle[i].on_cycle);
      }
      // The other edges between members: every edge inside the component, less the shortest cycle.
      std::set<std::uint32_t> inside;
      for (std::uint32_t e = 0; e < graph.edge_count(); ++e)
        if (component[graph.edge(e).from] == static_cast<int>(c) && component[graph.edge(e).to] == static_cast<int>(c))
          inside.insert(e);
      for (const auto e : cycles[c].cycle) inside.erase(e);
      CHECK(stored.other_edge_count == inside.size());
      std::set<std::uint32_t> others;
      for (const auto& edge : stored.other_edges) others.insert(edge.index);
      CHECK(others == inside);
    }
    const auto page = ax::graph::decode_graph_page(encode(ax::graph::graph_page(graph, cycles)));
    REQUIRE(page);
    CHECK(page->edge_count == graph.edge_count());
    std::vector<std::uint32_t> order(graph.edge_count());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ax::graph::edge_before(graph, a, b); });
    order.resize(std::min(order.size(), ax::graph::kStoredPageEdges));
    REQUIRE(page->first_edges.size() == order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      const auto& stored = page->first_edges[i];
      const auto& edge = graph.edge(order[i]);
      CHECK(stored.index == order[i]);
      CHECK(describe(stored).starts_with(describe(graph, order[i])));
      CHECK(stored.from_folder == graph.is_folder(edge.from));
      CHECK(stored.to_folder == graph.is_folder(edge.to));
      CHECK(stored.on_cycle == (component[edge.from] >= 0 && component[edge.from] == component[edge.to]));
    }
    // A graph assembled from the stored page prints the same edges and folders.
    std::vector<const ax::graph::StoredEdge*> shown;
    for (const auto& stored : page->first_edges) shown.push_back(&stored);
    const ImportGraph assembled = ax::graph::assemble_stored(shown, {});
    for (std::uint32_t i = 0; i < shown.size(); ++i) {
      CHECK(describe(assembled, i) == describe(graph, order[i]));
      CHECK(assembled.is_folder(assembled.edge(i).from) == graph.is_folder(graph.edge(order[i]).from));
      CHECK(assembled.is_folder(assembled.edge(i).to) == graph.is_folder(graph.edge(order[i]).to));
    }
  }
}

TEST_CASE("a large component keeps its first edges and counts the rest", "[graph][results]") {
  // 60 files each importing every other: one component of 3,540 edges.
  // (Names built with append: GCC 12 warns falsely on "literal" + std::string&& here, -Wrestrict.)
  const auto file = [](int n) { return std::string("f").append(std::to_string(n)); };
  std::vector<ImportEdge> edges;
  for (int a = 0; a < 60; ++a)
    for (int b = 0; b < 60; ++b)
      if (a != b) edges.push_back({file(a), file(b), "s", "import", 1, ImportResolution::exact});
  const ImportGraph graph = ImportGraph::build(edges);
  const auto cycles = ax::graph::find_cycles(graph);
  const auto results = ax::graph::cycle_results(graph, cycles);
  REQUIRE(results.cycles.size() == 1);
  CHECK(results.cycles[0].cycle.size() == 2);
  CHECK(results.cycles[0].other_edges.size() == ax::graph::kStoredPageEdges);
  CHECK(results.cycles[0].other_edge_count == edges.size() - 2);
  const auto page = ax::graph::graph_page(graph, cycles);
  CHECK(page.edge_count == edges.size());
  CHECK(page.first_edges.size() == ax::graph::kStoredPageEdges);
}

TEST_CASE("damaged stored results are refused, not misread", "[graph][results]") {
  const ImportGraph graph = ImportGraph::build(random_edges(3, 40, 2));
  const auto cycles = ax::graph::find_cycles(graph);
  const std::string cycles_bytes = encode(ax::graph::cycle_results(graph, cycles));
  const std::string page_bytes = encode(ax::graph::graph_page(graph, cycles));
  CHECK(ax::graph::decode_cycle_results(cycles_bytes));
  CHECK(!ax::graph::decode_cycle_results(""));
  CHECK(!ax::graph::decode_graph_page(std::string(1, '\x7f')));
  for (std::size_t cut = 0; cut < page_bytes.size(); cut += 7)
    CHECK(!ax::graph::decode_graph_page(page_bytes.substr(0, cut)));
  for (std::size_t cut = 0; cut < cycles_bytes.size(); cut += 11)
    CHECK(!ax::graph::decode_cycle_results(cycles_bytes.substr(0, cut)));
  CHECK(!ax::graph::decode_graph_page(page_bytes + "x"));
}
