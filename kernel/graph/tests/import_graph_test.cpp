// The import graph's queries on small hand-made graphs, a 10k-file cycle and a large random graph.
#include <catch2/catch.hpp>

#include <ax/graph/import_graph.hpp>

#include <random>

using ax::graph::Direction;
using ax::graph::ImportGraph;
using ax::sdk::ImportEdge;
using ax::sdk::ImportResolution;

namespace {

ImportEdge edge(std::string from, std::string to, ImportResolution resolution = ImportResolution::exact) {
  return ImportEdge{std::move(from), std::move(to), "spec", "import", 1, resolution};
}

// "f<number>": built by appending, because GCC 12 warns falsely (-Wrestrict, the pattern of GCC bug 105329) on
// `"f" + std::to_string(n)` once inlined.
std::string numbered_file(int number) {
  std::string name = "f";
  name += std::to_string(number);
  return name;
}

std::vector<std::string> paths(const ImportGraph& graph, const std::vector<ax::graph::Reached>& reached) {
  std::vector<std::string> out;
  for (const auto& r : reached) out.push_back(graph.path(r.node) + "@" + std::to_string(r.depth));
  return out;
}

std::vector<std::string> chain_paths(const ImportGraph& graph, const std::vector<std::uint32_t>& chain) {
  std::vector<std::string> out;
  if (chain.empty()) return out;
  out.push_back(graph.path(graph.edge(chain.front()).from));
  for (const auto index : chain) out.push_back(graph.path(graph.edge(index).to));
  return out;
}

}  // namespace

TEST_CASE("dependencies and dependents to a depth, nearest first", "[graph]") {
  const ImportGraph graph = ImportGraph::build({edge("a.ts", "b.ts"), edge("b.ts", "c.ts"), edge("a.ts", "d.ts"),
                                                edge("c.ts", "e.ts"), edge("x.ts", "", ImportResolution::external),
                                                edge("y.ts", "", ImportResolution::unresolved)});
  CHECK(graph.edge_count() == 4);
  CHECK(graph.unlinked_edge_count() == 2);
  const auto a = *graph.node("a.ts");
  CHECK(paths(graph, walk(graph, a, Direction::dependencies, 1)) ==
        std::vector<std::string>{"a.ts@0", "b.ts@1", "d.ts@1"});
  CHECK(paths(graph, walk(graph, a, Direction::dependencies, 0)) ==
        std::vector<std::string>{"a.ts@0", "b.ts@1", "d.ts@1", "c.ts@2", "e.ts@3"});
  CHECK(paths(graph, walk(graph, *graph.node("e.ts"), Direction::dependents, 2)) ==
        std::vector<std::string>{"e.ts@0", "c.ts@1", "b.ts@2"});
  CHECK(!graph.node("missing.ts"));
}

TEST_CASE("the shortest chain between two files", "[graph]") {
  const ImportGraph graph = ImportGraph::build(
      {edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("a", "x"), edge("x", "d"), edge("d", "e")});
  CHECK(chain_paths(graph, *shortest_chain(graph, *graph.node("a"), *graph.node("e"))) ==
        std::vector<std::string>{"a", "x", "d", "e"});
  CHECK(!shortest_chain(graph, *graph.node("e"), *graph.node("a")));
  CHECK(shortest_chain(graph, *graph.node("a"), *graph.node("a"))->empty());
}

TEST_CASE("cycles: each strongly connected component with a shortest cycle in it", "[graph]") {
  // One component {a,b,c,d}: a->b->c->d->a and the shortcut c->a; a self-import s; an acyclic tail.
  const ImportGraph graph = ImportGraph::build({edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "a"),
                                                edge("c", "a"), edge("s", "s"), edge("d", "t"), edge("t", "u")});
  const auto cycles = find_cycles(graph);
  REQUIRE(cycles.size() == 2);
  CHECK(cycles[0].members.size() == 4);
  CHECK(chain_paths(graph, cycles[0].cycle) == std::vector<std::string>{"a", "b", "c", "a"});
  CHECK(chain_paths(graph, cycles[1].cycle) == std::vector<std::string>{"s", "s"});
  CHECK(find_cycles(ImportGraph::build({edge("a", "b"), edge("b", "c")})).empty());
}

TEST_CASE("package folders link to their files, so cycles pass through packages", "[graph]") {
  // Go style: files import folders. a/x.go -> b, b/y.go -> a.
  const ImportGraph graph = ImportGraph::build({edge("a/x.go", "b"), edge("b/y.go", "a"), edge("b/z.go", "c")});
  REQUIRE(graph.node("a"));
  CHECK(graph.is_folder(*graph.node("a")));
  CHECK(!graph.is_folder(*graph.node("c")));  // holds no file of the graph
  const auto cycles = find_cycles(graph);
  REQUIRE(cycles.size() == 1);
  CHECK(chain_paths(graph, cycles[0].cycle) == std::vector<std::string>{"a", "a/x.go", "b", "b/y.go", "a"});
}

TEST_CASE("a 10k-file cycle is found without deep recursion", "[graph][large]") {
  std::vector<ImportEdge> edges;
  constexpr int kFiles = 10'000;
  for (int i = 0; i < kFiles; ++i) edges.push_back(edge(numbered_file(i), numbered_file((i + 1) % kFiles)));
  const ImportGraph graph = ImportGraph::build(edges);
  const auto cycles = find_cycles(graph);
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].members.size() == kFiles);
  CHECK(cycles[0].cycle.size() == kFiles);
  CHECK(walk(graph, *graph.node("f0"), Direction::dependencies, 0).size() == kFiles);
  CHECK(shortest_chain(graph, *graph.node("f1"), *graph.node("f0"))->size() == kFiles - 1);
}

TEST_CASE("a graph of 1M edges loads and answers", "[graph][large]") {
  std::mt19937 random(7);
  constexpr int kFiles = 100'000;
  std::uniform_int_distribution<int> pick(0, kFiles - 1);
  std::vector<ImportEdge> edges;
  edges.reserve(1'000'000);
  // Edges only from lower to higher numbers: acyclic, then one back edge closes a known cycle.
  while (edges.size() < 999'999) {
    int a = pick(random), b = pick(random);
    if (a == b) continue;
    if (a > b) std::swap(a, b);
    edges.push_back(edge(numbered_file(a), numbered_file(b)));
  }
  edges.push_back(edge(numbered_file(kFiles - 1), "f0"));
  const ImportGraph graph = ImportGraph::build(edges);
  CHECK(graph.edge_count() == 1'000'000);
  const auto cycles = find_cycles(graph);
  REQUIRE(cycles.size() == 1);
  CHECK(!cycles[0].cycle.empty());
}

TEST_CASE("folders: a path is in a folder when it is it or lies below it", "[graph]") {
  CHECK(ax::graph::in_folder("src/a.ts", "src"));
  CHECK(ax::graph::in_folder("src/a.ts", "src/"));
  CHECK(!ax::graph::in_folder("srcx/a.ts", "src"));
  CHECK(ax::graph::in_folder("a.ts", "."));
}
