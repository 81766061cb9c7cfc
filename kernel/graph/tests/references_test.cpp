// Reference labels over a small in-memory store: local and imported definitions, and member accesses
// told from the referencing file's text (line ends, chained calls, files changed since indexing).
#include <catch2/catch.hpp>

#include <ax/graph/references.hpp>

#include <unistd.h>
#include <fstream>
#include <map>
#include <random>

namespace {

using ax::graph::ReferenceLabel;
using ax::sdk::ImportEdge;
using ax::sdk::ImportResolution;
using ax::sdk::StoredReference;
using ax::sdk::StoredSymbol;

// Only what the resolver asks of a store: import edges per file.
class FakeStore : public ax::sdk::SymbolStore, public ax::sdk::ImportGraphReader {
 public:
  std::map<std::string, std::vector<ImportEdge>> edges;
  std::map<std::uint64_t, StoredSymbol> by_id;
  int symbol_reads = 0;

  std::uint32_t schema_version() override { return 3; }
  std::uint64_t generation() override { return 1; }
  std::vector<ax::sdk::FileRecord> files() override { return {}; }
  std::optional<ax::sdk::FileRecord> file(std::string_view) override { return std::nullopt; }
  std::unique_ptr<ax::sdk::StoreWriter> begin_write() override { return nullptr; }
  std::vector<StoredSymbol> find_symbols(std::string_view, ax::sdk::NameMatch, std::size_t) override { return {}; }
  std::optional<StoredSymbol> symbol(std::uint64_t id) override {
    ++symbol_reads;
    const auto it = by_id.find(id);
    return it == by_id.end() ? std::nullopt : std::optional<StoredSymbol>(it->second);
  }
  std::vector<StoredSymbol> file_symbols(std::string_view) override { return {}; }
  std::vector<StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<ax::sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const StoredSymbol&)>&) override {}
  ax::sdk::StoreStats stats() override { return {}; }

  bool graph_complete() override { return true; }
  std::vector<ImportEdge> imports_of(std::string_view from) override {
    const auto it = edges.find(std::string(from));
    return it == edges.end() ? std::vector<ImportEdge>{} : it->second;
  }
  std::vector<ImportEdge> importers_of(std::string_view) override { return {}; }
  void for_each_edge(const std::function<void(const ImportEdge&)>&) override {}
};

// The same store, reading import targets in batches (as the LMDB store does), counting the batches
// and the reads one file at a time.
class BatchFakeStore final : public FakeStore, public ax::sdk::ImportTargetBatchReader {
 public:
  int single_reads = 0;
  int batches = 0;

  std::vector<ImportEdge> imports_of(std::string_view from) override {
    ++single_reads;
    return FakeStore::imports_of(from);
  }
  std::vector<std::vector<std::string>> exact_import_targets(std::span<const std::string> paths) override {
    ++batches;
    std::vector<std::vector<std::string>> targets;
    for (const std::string& path : paths) {
      std::vector<std::string> found;
      for (const ImportEdge& edge : FakeStore::imports_of(path))
        if (edge.resolution == ImportResolution::exact && !edge.to.empty()) found.push_back(edge.to);
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
      targets.push_back(std::move(found));
    }
    return targets;
  }
};

struct TempRepository {
  std::filesystem::path root;
  TempRepository() {
    root = std::filesystem::temp_directory_path() / ("ax-references-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root);
  }
  ~TempRepository() {
    std::error_code ignored;
    std::filesystem::remove_all(root, ignored);
  }
  void write(const std::string& path, const std::string& text) const {
    std::filesystem::create_directories((root / path).parent_path());
    std::ofstream(root / path, std::ios::binary) << text;
  }
};

StoredSymbol definition(std::uint64_t id, std::string path, std::uint64_t parent = 0) {
  StoredSymbol symbol;
  symbol.id = id;
  symbol.parent_id = parent;
  symbol.path = std::move(path);
  symbol.symbol.name = "run";
  symbol.symbol.kind = ax::sdk::SymbolKind::function;
  return symbol;
}

StoredReference call(std::string path, std::uint32_t line, std::uint32_t column) {
  return StoredReference{std::move(path), ax::sdk::Reference{"run", ax::sdk::ReferenceKind::call, line, column, -1}, 0};
}

}  // namespace

TEST_CASE("a reference resolves to the file's own or the one imported definition", "[references]") {
  TempRepository repo;
  repo.write("a.ts", "run();\n");
  repo.write("b.ts", "import {run} from './lib';\nrun();\n");
  repo.write("c.ts", "run();\n");
  FakeStore store;
  store.edges["b.ts"] = {ImportEdge{"b.ts", "lib.ts", "./lib", "import", 1, ImportResolution::exact}};
  store.edges["c.ts"] = {ImportEdge{"c.ts", "lib.ts", "./lib", "import", 1, ImportResolution::heuristic}};
  ax::graph::ReferenceResolver resolver(store, repo.root);
  const std::vector<StoredSymbol> definitions{definition(1, "a.ts"), definition(2, "lib.ts"),
                                              definition(3, "lib.ts", 2)};

  const auto local = resolver.label(call("a.ts", 1, 1), definitions);
  CHECK(local.label == ReferenceLabel::resolved);
  CHECK(local.definition_id == 1);
  const auto imported = resolver.label(call("b.ts", 2, 1), definitions);
  CHECK(imported.label == ReferenceLabel::resolved);
  CHECK(imported.definition_id == 2);  // the nested definition 3 is not what an import brings in
  // A heuristic edge does not resolve: several definitions, so ambiguous.
  CHECK(resolver.label(call("c.ts", 1, 1), definitions).label == ReferenceLabel::ambiguous);
  CHECK(resolver.label(call("c.ts", 1, 1), {definition(2, "lib.ts")}).label == ReferenceLabel::textual);
}

TEST_CASE("member accesses are told from the file's text, never resolved", "[references]") {
  TempRepository repo;
  repo.write("m.go",
             "package m\r\n"           // 1
             "func f() {\r\n"          // 2
             "\tx.run()\r\n"           // 3: x.run
             "\trun()\r\n"             // 4: a plain call
             "\tp->run(); q::run()\n"  // 5: -> at 5:5, :: at 5:15
             "\tchain.\n"              // 6
             "\t\t  run()\n"           // 7: continues `chain.` of line 6
             "\n"                      // 8
             "run()");                 // 9: the last line, without a newline
  FakeStore store;
  ax::graph::ReferenceResolver resolver(store, repo.root);
  const std::vector<StoredSymbol> one{definition(1, "m.go")};
  const auto label = [&](std::uint32_t line, std::uint32_t column) {
    return resolver.label(call("m.go", line, column), one);
  };
  CHECK(label(3, 4).member_access);
  CHECK(label(3, 4).label == ReferenceLabel::textual);
  CHECK(!label(4, 2).member_access);
  CHECK(label(4, 2).label == ReferenceLabel::resolved);
  CHECK(label(5, 5).member_access);
  CHECK(label(5, 15).member_access);
  CHECK(label(7, 5).member_access);
  CHECK(label(9, 1).label == ReferenceLabel::resolved);
  // Positions the file no longer has (changed since it was indexed) claim nothing.
  CHECK(label(10, 1).label == ReferenceLabel::textual);
  CHECK(label(4, 40).label == ReferenceLabel::textual);
  CHECK(label(0, 1).label == ReferenceLabel::textual);

  // Going back and forth between files reads each again, correctly.
  repo.write("n.go", "y.run()\n");
  CHECK(resolver.label(call("n.go", 1, 3), {definition(2, "n.go")}).member_access);
  CHECK(label(4, 2).label == ReferenceLabel::resolved);
  // A file removed since it was indexed: nothing is claimed.
  CHECK(resolver.label(call("gone.go", 1, 1), {definition(3, "gone.go")}).label == ReferenceLabel::textual);
}

TEST_CASE("enclosing definitions are read once each, by id; 0 and unknown ids are left out", "[references]") {
  FakeStore store;  // no SymbolBatchReader: one symbol(id) per distinct id
  store.by_id.emplace(7, definition(7, "a.ts"));
  store.by_id.emplace(9, definition(9, "b.ts"));
  const auto found = ax::graph::load_symbols(store, {9, 0, 7, 7, 12, 9});
  CHECK(found.size() == 2);
  CHECK(found.at(7).path == "a.ts");
  CHECK(found.at(9).path == "b.ts");
  CHECK(store.symbol_reads == 3);  // 7, 9 and the unknown 12; never 0, never twice
}

TEST_CASE("labels read through the definition index equal a pass over every definition", "[references]") {
  // Random repositories: definitions (some nested) spread over files and folders, files importing
  // files and folders by exact or heuristic edges; every reference labelled both ways.
  TempRepository repo;
  std::mt19937 random(11);
  for (int round = 0; round < 40; ++round) {
    const int folders = 1 + static_cast<int>(random() % 4);
    const int files = 2 + static_cast<int>(random() % 12);
    const auto path_of = [&](int file) {
      return "d" + std::to_string(file % folders) + "/f" + std::to_string(file) + ".go";
    };
    FakeStore store;
    std::vector<StoredSymbol> definitions;
    const int count = static_cast<int>(random() % 40);  // above and below the number of imports
    for (int i = 0; i < count; ++i)
      definitions.push_back(definition(100 + static_cast<std::uint64_t>(i), path_of(static_cast<int>(random() % files)),
                                       random() % 3 == 0 ? 1 : 0));
    std::sort(definitions.begin(), definitions.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    for (int file = 0; file < files; ++file) {
      std::vector<ImportEdge>& edges = store.edges[path_of(file)];
      for (int e = static_cast<int>(random() % 6); e > 0; --e) {
        const int target = static_cast<int>(random() % files);
        const std::string to = random() % 2 ? path_of(target) : "d" + std::to_string(target % folders);
        edges.push_back(ImportEdge{path_of(file), to, to, "import", 1,
                                   random() % 4 ? ImportResolution::exact : ImportResolution::heuristic});
      }
      repo.write(path_of(file), "run();\n");
    }
    ax::graph::ReferenceResolver resolver(store, repo.root);
    const ax::graph::DefinitionIndex index(definitions);
    for (int file = 0; file < files; ++file) {
      const auto site = call(path_of(file), 1, 1);
      const auto expected = [&] {  // the rules, one definition at a time
        std::vector<const StoredSymbol*> local;
        for (const auto& d : definitions)
          if (d.path == site.path) local.push_back(&d);
        if (local.size() == 1) return std::pair(ReferenceLabel::resolved, local.front()->id);
        if (local.size() > 1) return std::pair(ReferenceLabel::ambiguous, std::uint64_t{0});
        std::vector<std::string> targets;
        for (const auto& edge : store.edges[site.path])
          if (edge.resolution == ImportResolution::exact) targets.push_back(edge.to);
        const auto imports = [&](std::string_view p) {
          return std::find(targets.begin(), targets.end(), p) != targets.end();
        };
        std::vector<const StoredSymbol*> imported;
        for (const auto& d : definitions) {
          const std::string folder = d.path.substr(0, d.path.rfind('/'));
          if (d.parent_id == 0 && (imports(d.path) || imports(folder))) imported.push_back(&d);
        }
        if (imported.size() == 1) return std::pair(ReferenceLabel::resolved, imported.front()->id);
        if (imported.size() > 1) return std::pair(ReferenceLabel::ambiguous, std::uint64_t{0});
        return std::pair(definitions.size() > 1 ? ReferenceLabel::ambiguous : ReferenceLabel::textual,
                         std::uint64_t{0});
      }();
      const auto labelled = resolver.label(site, index);
      CHECK(std::pair(labelled.label, labelled.definition_id) == expected);
    }
  }
}

TEST_CASE("import targets are read in one batch when the store offers it, with the same labels", "[references]") {
  TempRepository repo;
  BatchFakeStore store;
  for (const char* file : {"a.ts", "b.ts", "c.ts", "d.ts"}) repo.write(file, "run();\n");
  store.edges["b.ts"] = {ImportEdge{"b.ts", "lib.ts", "./lib", "import", 1, ImportResolution::exact}};
  store.edges["c.ts"] = {ImportEdge{"c.ts", "lib.ts", "./lib", "import", 1, ImportResolution::heuristic}};
  store.edges["d.ts"] = {ImportEdge{"d.ts", "lib.ts", "./lib", "import", 1, ImportResolution::exact},
                         ImportEdge{"d.ts", "a.ts", "./a", "import", 2, ImportResolution::exact}};
  const std::vector<StoredSymbol> definitions{definition(1, "a.ts"), definition(2, "lib.ts")};
  const ax::graph::DefinitionIndex index(definitions);
  ax::graph::ReferenceResolver resolver(store, repo.root);
  std::vector<std::string> paths;
  for (const char* file : {"a.ts", "b.ts", "c.ts", "d.ts"})
    if (ax::graph::ReferenceResolver::needs_import_targets(call(file, 1, 1), index)) paths.emplace_back(file);
  CHECK(paths == std::vector<std::string>{"b.ts", "c.ts", "d.ts"});  // a.ts defines it
  resolver.prefetch_import_targets(paths);
  CHECK(store.batches == 1);
  CHECK(resolver.label(call("a.ts", 1, 1), index).definition_id == 1);
  CHECK(resolver.label(call("b.ts", 1, 1), index).definition_id == 2);
  CHECK(resolver.label(call("c.ts", 1, 1), index).label == ReferenceLabel::ambiguous);
  CHECK(resolver.label(call("d.ts", 1, 1), index).label == ReferenceLabel::ambiguous);
  CHECK(store.single_reads == 0);
  resolver.prefetch_import_targets(paths);  // already read: no second batch
  CHECK(store.batches == 1);
}

TEST_CASE("a file's matching definitions are kept while its references are labelled, and redone for another file",
          "[references]") {
  const std::vector<StoredSymbol> definitions{definition(1, "a.ts"), definition(2, "lib.ts"), definition(3, "two.ts"),
                                              definition(4, "two.ts")};
  const ax::graph::DefinitionIndex index(definitions);
  std::map<std::string, std::vector<std::string>> imports{{"b.ts", {"lib.ts"}}, {"c.ts", {"a.ts", "lib.ts"}}};
  int import_reads = 0;
  const auto matches = [&](const std::string& path) {
    const auto& found = index.matches_in(path, [&]() -> const std::vector<std::string>& {
      ++import_reads;
      return imports[path];
    });
    return std::pair(found.local, found.imported);
  };
  using Indices = std::vector<std::size_t>;
  // Files in an order that returns to each: every answer is the one a fresh search gives.
  for (const char* path : {"a.ts", "b.ts", "b.ts", "a.ts", "c.ts", "two.ts", "c.ts", "b.ts", "none.ts"}) {
    const auto [local, imported] = matches(path);
    CHECK(local == index.in_file(path));
    if (local.empty()) {
      REQUIRE(imported.has_value());
      CHECK(*imported == index.top_level_in(imports[path]));
    } else {
      CHECK_FALSE(imported.has_value());  // a local definition shadows the imports: they are not read
    }
  }
  CHECK(matches("two.ts").first == Indices{2, 3});
  CHECK(*matches("c.ts").second == Indices{0, 1});
  // Imports are read once per run of one file's references, and never for a file defining the name.
  import_reads = 0;
  for (const char* path : {"b.ts", "b.ts", "b.ts", "a.ts", "a.ts", "c.ts"}) matches(path);
  CHECK(import_reads == 2);
}
