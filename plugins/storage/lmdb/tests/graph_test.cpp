// The import graph kept by the store (003_import_graph): edges both ways, replaced and removed with
// their file, the completeness mark, and the references of one file.
#include <catch2/catch.hpp>

#include <ax/sdk/graph.hpp>

#include "lmdb_symbol_store.hpp"
#include "test_support.hpp"

using namespace ax::sdk;
using ax::lmdb_store::open_lmdb_symbol_store;
using ax::lmdb_store::testing::TempDir;

namespace {

const std::filesystem::path kMigrations = AX_MIGRATIONS_DIR;

FileRecord record(std::string path) { return FileRecord{std::move(path), "typescript", 10, 1, 2}; }

ImportEdge edge(std::string to, std::string specifier, ImportResolution resolution, std::uint32_t line) {
  return ImportEdge{"", std::move(to), std::move(specifier), "import", line, resolution};
}

std::vector<std::string> froms(const std::vector<ImportEdge>& edges) {
  std::vector<std::string> out;
  for (const auto& e : edges) out.push_back(e.from + ":" + std::to_string(e.line));
  return out;
}

struct GraphStore {
  TempDir root;
  std::unique_ptr<SymbolStore> store = open_lmdb_symbol_store(root / "store", kMigrations);
  ImportGraphReader& graph = dynamic_cast<ImportGraphReader&>(*store);

  void write(const std::function<void(StoreWriter&, ImportGraphWriter&)>& change) {
    auto writer = store->begin_write();
    change(*writer, dynamic_cast<ImportGraphWriter&>(*writer));
    writer->commit();
  }
};

}  // namespace

TEST_CASE("edges are kept both ways and read back as written", "[store][graph]") {
  GraphStore s;
  CHECK(!s.graph.graph_complete());
  s.write([](StoreWriter& w, ImportGraphWriter& g) {
    for (const char* path : {"a.ts", "b.ts", "c.ts"}) w.put_file(record(path), ParseResult{});
    g.put_edges(
        "a.ts",
        {edge("b.ts", "./b", ImportResolution::exact, 1), edge("", "react", ImportResolution::external, 2),
         edge("c.ts", "./c", ImportResolution::heuristic, 3), edge("b.ts", "./b.js", ImportResolution::exact, 4)});
    g.put_edges("c.ts", {edge("b.ts", "./b", ImportResolution::exact, 7)});
    g.put_edges("unknown.ts", {edge("b.ts", "./b", ImportResolution::exact, 1)});  // ignored
    g.mark_graph_complete();
  });
  CHECK(s.graph.graph_complete());
  const auto edges = s.graph.imports_of("a.ts");
  REQUIRE(edges.size() == 4);
  CHECK(edges[1].from == "a.ts");
  CHECK(edges[1].specifier == "react");
  CHECK(edges[1].resolution == ImportResolution::external);
  CHECK(edges[2].to == "c.ts");
  CHECK(edges[2].resolution == ImportResolution::heuristic);
  CHECK(froms(s.graph.importers_of("b.ts")) == std::vector<std::string>{"a.ts:1", "a.ts:4", "c.ts:7"});
  CHECK(s.graph.importers_of("").empty());
  CHECK(s.graph.imports_of("unknown.ts").empty());
  std::size_t visited = 0;
  s.graph.for_each_edge([&](const ImportEdge&) { ++visited; });
  CHECK(visited == 5);
  // The batch read keeps exact edges only, sorted and unique, parallel to the paths asked.
  auto* batch = dynamic_cast<ax::sdk::ImportTargetBatchReader*>(s.store.get());
  REQUIRE(batch != nullptr);
  const std::vector<std::string> asked{"c.ts", "unknown.ts", "a.ts", "b.ts"};
  CHECK(batch->exact_import_targets(asked) == std::vector<std::vector<std::string>>{{"b.ts"}, {}, {"b.ts"}, {}});

  SECTION("put_edges replaces a file's edges and its importer entries") {
    s.write([](StoreWriter&, ImportGraphWriter& g) {
      g.put_edges("a.ts", {edge("c.ts", "./c", ImportResolution::exact, 9)});
    });
    CHECK(froms(s.graph.importers_of("b.ts")) == std::vector<std::string>{"c.ts:7"});
    CHECK(froms(s.graph.importers_of("c.ts")) == std::vector<std::string>{"a.ts:9"});
  }
  SECTION("removing a file removes its edges both ways; the mark is cleared") {
    s.write([](StoreWriter& w, ImportGraphWriter&) { w.remove_file("a.ts"); });
    CHECK(!s.graph.graph_complete());
    CHECK(s.graph.imports_of("a.ts").empty());
    CHECK(froms(s.graph.importers_of("b.ts")) == std::vector<std::string>{"c.ts:7"});
    CHECK(s.graph.importers_of("c.ts").empty());
  }
  SECTION("re-storing a file drops its edges until they are resolved again") {
    s.write([](StoreWriter& w, ImportGraphWriter&) { w.put_file(record("c.ts"), ParseResult{}); });
    CHECK(!s.graph.graph_complete());
    CHECK(s.graph.imports_of("c.ts").empty());
    CHECK(froms(s.graph.importers_of("b.ts")) == std::vector<std::string>{"a.ts:1", "a.ts:4"});
  }
  SECTION("a transaction that only touches files keeps the mark") {
    s.write([](StoreWriter& w, ImportGraphWriter&) { w.touch_file(record("c.ts")); });
    CHECK(s.graph.graph_complete());
  }
}

TEST_CASE("the references made in one file come back in position order", "[store][graph]") {
  GraphStore s;
  ParseResult result;
  result.symbols.push_back(Symbol{"main", SymbolKind::function, "main", {1, 1, 9, 1}, "", "", -1});
  result.references = {{"zeta", ReferenceKind::call, 3, 5, 0},
                       {"alpha", ReferenceKind::reference, 2, 1, 0},
                       {"zeta", ReferenceKind::call, 1, 2, -1}};
  s.write([&](StoreWriter& w, ImportGraphWriter&) { w.put_file(record("m.ts"), result); });
  const auto references = dynamic_cast<FileReferenceReader&>(*s.store).file_references("m.ts");
  REQUIRE(references.size() == 3);
  CHECK(references[0].reference.name == "zeta");
  CHECK(references[0].enclosing_id == 0);
  CHECK(references[1].reference.name == "alpha");
  CHECK(references[2].reference.line == 3);
  CHECK(references[2].enclosing_id != 0);
  CHECK(dynamic_cast<FileReferenceReader&>(*s.store).file_references("none.ts").empty());
}

TEST_CASE("the graph version follows the edges; results are kept only for the version they were made from",
          "[store][graph][results]") {
  GraphStore s;
  auto& results = dynamic_cast<GraphResultStore&>(*s.store);
  REQUIRE(results.keeps_graph_results());
  const std::uint64_t empty = results.graph_version();
  s.write([](StoreWriter& w, ImportGraphWriter& g) {
    for (const char* path : {"a.ts", "b.ts"}) w.put_file(record(path), ParseResult{});
    g.put_edges("a.ts", {edge("b.ts", "./b", ImportResolution::exact, 1)});
  });
  const std::uint64_t first = results.graph_version();
  CHECK(first != empty);
  CHECK(!results.graph_result("cycles"));
  CHECK(results.put_graph_results(first, {{"cycles", "one"}, {"page", "two"}}));
  CHECK(results.graph_result("cycles") == "one");
  CHECK(results.graph_result("page") == "two");
  CHECK(!results.put_graph_results(first + 1, {{"cycles", "stale"}}));  // not the edges' version
  CHECK(results.graph_result("cycles") == "one");

  // The same edges written again (a file re-parsed, its edges dropped and resolved again, over two
  // transactions): the version comes back, and the results are current.
  s.write([](StoreWriter& w, ImportGraphWriter&) { w.put_file(record("a.ts"), ParseResult{}); });
  CHECK(results.graph_version() != first);
  CHECK(!results.graph_result("cycles"));
  s.write([](StoreWriter&, ImportGraphWriter& g) {
    g.put_edges("a.ts", {edge("b.ts", "./b", ImportResolution::exact, 1)});
  });
  CHECK(results.graph_version() == first);
  CHECK(results.graph_result("cycles") == "one");

  SECTION("an edit of an edge moves it") {
    s.write([](StoreWriter&, ImportGraphWriter& g) {
      g.put_edges("a.ts", {edge("b.ts", "./b", ImportResolution::exact, 2)});
    });
    CHECK(results.graph_version() != first);
    CHECK(!results.graph_result("cycles"));
  }
  SECTION("a deleted file moves it") {
    s.write([](StoreWriter& w, ImportGraphWriter&) { w.remove_file("a.ts"); });
    CHECK(results.graph_version() == empty);
    CHECK(!results.graph_result("page"));
  }
  SECTION("a renamed file (removed, stored under its new name with the same imports) moves it") {
    s.write([](StoreWriter& w, ImportGraphWriter& g) {
      w.remove_file("a.ts");
      w.put_file(record("a2.ts"), ParseResult{});
      g.put_edges("a2.ts", {edge("b.ts", "./b", ImportResolution::exact, 1)});
    });
    CHECK(results.graph_version() != first);
    CHECK(!results.graph_result("cycles"));
  }
  SECTION("a file without edges stored or removed leaves it") {
    s.write([](StoreWriter& w, ImportGraphWriter& g) {
      w.put_file(record("c.ts"), ParseResult{});
      g.put_edges("c.ts", {});
      w.remove_file("b.ts");
    });
    CHECK(results.graph_version() == first);
    CHECK(results.graph_result("cycles") == "one");
  }
}

TEST_CASE("a name's references grouped by file are the ones find_references returns", "[store][graph]") {
  GraphStore s;
  ParseResult first;
  first.symbols.push_back(Symbol{"main", SymbolKind::function, "main", {1, 1, 9, 1}, "", "", -1});
  first.references = {{"run", ReferenceKind::call, 3, 5, 0},
                      {"run", ReferenceKind::reference, 2, 1, 0},
                      {"other", ReferenceKind::call, 4, 1, 0}};
  ParseResult second;
  second.references = {{"run", ReferenceKind::call, 7, 2, -1}};
  s.write([&](StoreWriter& w, ImportGraphWriter&) {
    w.put_file(record("b/m.ts"), first);
    w.put_file(record("a.ts"), second);
    w.put_file(record("c.ts"), ParseResult{});
  });
  auto& grouped = dynamic_cast<ax::sdk::ReferenceGroupReader&>(*s.store);
  std::vector<std::string> from_groups;
  for (const auto& group : grouped.references_by_file("run"))
    for (const auto& site : group.sites)
      from_groups.push_back(group.path + ":" + std::to_string(site.line) + ":" + std::to_string(site.column) + ":" +
                            std::to_string(static_cast<int>(site.kind)) + ":" + std::to_string(site.enclosing_id));
  std::vector<std::string> from_references;
  for (const auto& r : s.store->find_references("run", 0))
    from_references.push_back(
        r.path + ":" + std::to_string(r.reference.line) + ":" + std::to_string(r.reference.column) + ":" +
        std::to_string(static_cast<int>(r.reference.kind)) + ":" + std::to_string(r.enclosing_id));
  CHECK(from_groups.size() == 3);
  CHECK(from_groups == from_references);
  CHECK(grouped.references_by_file("none").empty());
  CHECK(grouped.references_by_file("").empty());
}
