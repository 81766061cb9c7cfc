// The import resolution pass after an edit, for a language resolved by definitions (Elixir modules,
// Scala classes): a file that stops defining a name takes the edges pointing to it along, one that
// starts defining it gains them, and an edit that defines nothing new re-resolves no importer; an
// edit leaving a file's imports as they were resolves nothing and keeps its edges.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <sstream>

#include <ax/index/import_resolution.hpp>
#include <ax/sdk/graph.hpp>
#include <ax/sdk/language.hpp>

#include "stub_host.hpp"

namespace {

namespace fs = std::filesystem;
namespace sdk = ax::sdk;

// Files, their symbols and edges; the writer changes them at once (the pass writes in one go).
struct GraphState {
  std::map<std::string, std::vector<sdk::Symbol>> symbols;  // by path
  std::map<std::string, std::vector<sdk::ImportEdge>> edges;
  bool complete = true;
};

class GraphStore final : public sdk::SymbolStore, public sdk::ImportGraphReader {
 public:
  explicit GraphStore(GraphState& state) : state_(state) {}
  std::uint32_t schema_version() override { return 3; }
  std::uint64_t generation() override { return 1; }
  std::vector<sdk::FileRecord> files() override {
    std::vector<sdk::FileRecord> out;
    for (const auto& [path, _] : state_.symbols) out.push_back({path, "names", 1, 1, 1});
    return out;
  }
  std::optional<sdk::FileRecord> file(std::string_view path) override {
    if (!state_.symbols.count(std::string(path))) return std::nullopt;
    return sdk::FileRecord{std::string(path), "names", 1, 1, 1};
  }
  std::unique_ptr<sdk::StoreWriter> begin_write() override { return nullptr; }
  std::vector<sdk::StoredSymbol> find_symbols(std::string_view name, sdk::NameMatch, std::size_t) override {
    std::vector<sdk::StoredSymbol> found;
    for (const auto& [path, symbols] : state_.symbols)
      for (const auto& symbol : symbols)
        if (symbol.name == name) found.push_back({0, 0, path, "names", symbol});
    return found;
  }
  std::optional<sdk::StoredSymbol> symbol(std::uint64_t) override { return std::nullopt; }
  std::vector<sdk::StoredSymbol> file_symbols(std::string_view path) override {
    ++file_symbol_reads;
    std::vector<sdk::StoredSymbol> found;
    if (const auto it = state_.symbols.find(std::string(path)); it != state_.symbols.end())
      for (const auto& symbol : it->second) found.push_back({0, 0, it->first, "names", symbol});
    return found;
  }
  std::vector<sdk::StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>&) override {}
  sdk::StoreStats stats() override { return {}; }

  bool graph_complete() override { return state_.complete; }
  std::vector<sdk::ImportEdge> imports_of(std::string_view from) override {
    const auto it = state_.edges.find(std::string(from));
    return it == state_.edges.end() ? std::vector<sdk::ImportEdge>{} : it->second;
  }
  std::vector<sdk::ImportEdge> importers_of(std::string_view to) override {
    std::vector<sdk::ImportEdge> found;
    if (to.empty()) return found;
    for (const auto& [_, edges] : state_.edges)
      for (const auto& edge : edges)
        if (edge.to == to) found.push_back(edge);
    return found;
  }
  void for_each_edge(const std::function<void(const sdk::ImportEdge&)>& visit) override {
    for (const auto& [_, edges] : state_.edges)
      for (const auto& edge : edges) visit(edge);
  }

  int file_symbol_reads = 0;

 private:
  GraphState& state_;
};

class GraphWriter final : public sdk::IndexWriter, public sdk::ImportGraphWriter {
 public:
  explicit GraphWriter(GraphState& state) : state_(state) {}
  void put_file(const sdk::FileRecord&, const sdk::ParseResult&, std::string_view) override {}
  void remove_file(std::string_view) override {}
  void touch_file(const sdk::FileRecord&) override {}
  std::uint64_t commit() override { return 2; }
  void put_edges(std::string_view from, const std::vector<sdk::ImportEdge>& edges) override {
    state_.edges[std::string(from)] = edges;
  }
  void mark_graph_complete() override { state_.complete = true; }

 private:
  GraphState& state_;
};

class GraphRepository final : public sdk::Repository {
 public:
  explicit GraphRepository(GraphState& state) : store_(state), state_(state) {}
  const fs::path& root() const override { return root_; }
  const fs::path& state_dir() const override { return root_; }
  sdk::SymbolStore& store() override { return store_; }
  sdk::SearchIndex& search() override { return search_; }
  std::unique_ptr<sdk::IndexWriter> begin_write() override { return std::make_unique<GraphWriter>(state_); }
  std::optional<std::string> verify_search() override { return std::nullopt; }
  GraphStore store_;

 private:
  GraphState& state_;
  ax::index::testing::EmptySearch search_{1};
  fs::path root_ = fs::temp_directory_path();
};

// A language importing by name: an import names a module, found in the one file defining it.
class ResolvingContext final : public sdk::ResolutionContext {
 public:
  explicit ResolvingContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
};

class NamesLanguage : public sdk::LanguagePlugin, public sdk::ImportResolver {
 public:
  NamesLanguage() { info_.id = "names"; }
  const sdk::LanguageInfo& info() const override { return info_; }
  std::unique_ptr<sdk::SourceParser> make_parser() const override { return nullptr; }
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override {
    ++prepared;
    return std::make_unique<ResolvingContext>(repo);
  }
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view,
                              const sdk::Import& import) const override {
    const auto files = static_cast<const ResolvingContext&>(context).repo.files_defining("names", import.specifier);
    if (files.size() == 1) return {files.front(), sdk::ImportResolution::exact};
    return {"", sdk::ImportResolution::unresolved};
  }
  std::vector<std::string> project_files() const override { return {}; }

  mutable int prepared = 0;

 private:
  sdk::LanguageInfo info_;
};

class DefinitionLanguage final : public NamesLanguage, public sdk::DefinitionBasedImportResolver {
 public:
  std::vector<std::string> definition_languages() const override { return {"names"}; }
};

struct NamesHost final : ax::index::testing::StubHost {
  explicit NamesHost(sdk::LanguagePlugin& language) : language_plugin(language) {}
  sdk::LanguagePlugin& language_plugin;

  std::vector<sdk::LanguagePlugin*> languages() override { return {&language_plugin}; }
  sdk::LanguagePlugin* language(std::string_view) override { return &language_plugin; }
  std::optional<std::string> detect_language(const fs::path&, std::string_view) override { return "names"; }
};

sdk::Symbol module(std::string name) {
  sdk::Symbol symbol;
  symbol.name = symbol.qualified_name = std::move(name);
  symbol.kind = sdk::SymbolKind::module;
  return symbol;
}

// a.nm imports B, defined in b.nm; c.nm defines C. The graph is complete.
GraphState three_files() {
  GraphState state;
  state.symbols = {{"a.nm", {module("A")}}, {"b.nm", {module("B")}}, {"c.nm", {module("C")}}};
  state.edges["a.nm"] = {{"a.nm", "b.nm", "B", "import", 2, sdk::ImportResolution::exact}};
  return state;
}

std::vector<std::string> walked() { return {"a.nm", "b.nm", "c.nm"}; }

// One index run that modified `path` (not created) to define `symbols` and import `imports`; the
// files whose edges were written. Storing the file drops its edges, as the store's put_file does; the
// store is updated afterwards, as the run's commit would.
std::vector<std::string> edit(GraphState& state, sdk::LanguagePlugin& language, const std::string& path,
                              std::vector<sdk::Symbol> symbols, const std::vector<sdk::Import>& imports = {}) {
  NamesHost host(language);
  GraphRepository repository(state);
  ax::index::ImportResolutionPass pass(host, repository);
  pass.changed(path, "names", false, imports, {}, symbols);
  state.edges.erase(path);
  GraphWriter writer(state);
  ax::index::ResolutionSummary summary;
  const std::atomic<bool> interrupted{false};
  pass.run(writer, walked, interrupted, summary);
  state.symbols[path] = std::move(symbols);
  return summary.paths;
}

const sdk::ImportEdge& edge_of_a(const GraphState& state) { return state.edges.at("a.nm").front(); }

}  // namespace

TEST_CASE("re-resolution: a file that stops defining a module takes its importers' edges along") {
  GraphState state = three_files();
  DefinitionLanguage language;
  CHECK(edit(state, language, "b.nm", {module("Renamed")}) == std::vector<std::string>{"a.nm"});
  CHECK(edge_of_a(state).resolution == sdk::ImportResolution::unresolved);
  CHECK(edge_of_a(state).to.empty());
}

TEST_CASE("re-resolution: a file that starts defining a module gains the imports that name it") {
  GraphState state = three_files();
  DefinitionLanguage language;
  edit(state, language, "b.nm", {module("Renamed")});
  REQUIRE(edge_of_a(state).resolution == sdk::ImportResolution::unresolved);
  CHECK(edit(state, language, "c.nm", {module("C"), module("B")}) == std::vector<std::string>{"a.nm"});
  CHECK(edge_of_a(state).resolution == sdk::ImportResolution::exact);
  CHECK(edge_of_a(state).to == "c.nm");
}

TEST_CASE("re-resolution: an edit defining the same names and importing the same resolves nothing") {
  GraphState state = three_files();
  DefinitionLanguage language;
  CHECK(edit(state, language, "b.nm", {module("B")}).empty());
  CHECK(edge_of_a(state).to == "b.nm");
  CHECK(language.prepared == 0);
}

TEST_CASE("re-resolution: an edit keeping a file's imports writes its edges back without resolving them") {
  GraphState state = three_files();
  DefinitionLanguage language;
  // a.nm's one import, B on line 2, as stored: the file's edges come back as they were.
  CHECK(edit(state, language, "a.nm", {module("A")}, {{"B", 2}}).empty());
  CHECK(language.prepared == 0);
  REQUIRE(state.edges.count("a.nm"));
  CHECK(edge_of_a(state).to == "b.nm");
  CHECK(edge_of_a(state).resolution == sdk::ImportResolution::exact);
}

TEST_CASE("re-resolution: an edit moving or changing a file's imports resolves that file") {
  GraphState state = three_files();
  DefinitionLanguage language;
  CHECK(edit(state, language, "a.nm", {module("A")}, {{"B", 3}}) == std::vector<std::string>{"a.nm"});
  CHECK(edge_of_a(state).line == 3);
  CHECK(edge_of_a(state).to == "b.nm");
  CHECK(edit(state, language, "a.nm", {module("A")}, {{"C", 3}}) == std::vector<std::string>{"a.nm"});
  CHECK(edge_of_a(state).to == "c.nm");
  CHECK(language.prepared == 2);
}

TEST_CASE("re-resolution: a resolver by paths alone is not asked again, nor are old definitions read") {
  GraphState state = three_files();
  NamesLanguage language;  // no DefinitionBasedImportResolver
  NamesHost host(language);
  GraphRepository repository(state);
  ax::index::ImportResolutionPass pass(host, repository);
  pass.changed("b.nm", "names", false, {}, {}, {module("Renamed")});
  CHECK(repository.store_.file_symbol_reads == 0);
  GraphWriter writer(state);
  ax::index::ResolutionSummary summary;
  const std::atomic<bool> interrupted{false};
  pass.run(writer, walked, interrupted, summary);
  CHECK(summary.paths.empty());
  CHECK(language.prepared == 0);
}

TEST_CASE("cold run in batches: a committed batch's imports wait in the graph, unresolved, and resolve at the end") {
  GraphState state;
  state.complete = false;  // a cold index: every file is resolved at the end of the run
  DefinitionLanguage language;
  NamesHost host(language);
  GraphRepository repository(state);
  ax::index::ImportResolutionPass pass(host, repository);
  GraphWriter writer(state);

  // The first batch: a.nm imports B (of kind "use"); it is committed before b.nm is parsed.
  pass.changed("a.nm", "names", true, {{"B", 2}}, {"use"}, {module("A")});
  pass.batch_committing(writer);
  state.symbols["a.nm"] = {module("A")};  // as the commit stores it
  REQUIRE(state.edges.count("a.nm"));
  CHECK(edge_of_a(state).specifier == "B");
  CHECK(edge_of_a(state).kind == "use");
  CHECK(edge_of_a(state).line == 2);
  CHECK(edge_of_a(state).resolution == sdk::ImportResolution::unresolved);
  CHECK(!state.complete);

  // The last batch, resolved before its commit: a.nm's import, read back from the graph, finds b.nm.
  pass.changed("b.nm", "names", true, {}, {}, {module("B")});
  ax::index::ResolutionSummary summary;
  const std::atomic<bool> interrupted{false};
  REQUIRE(pass.run(writer, walked, interrupted, summary));
  CHECK(summary.paths == std::vector<std::string>{"a.nm", "b.nm"});
  CHECK(edge_of_a(state).to == "b.nm");
  CHECK(edge_of_a(state).kind == "use");
  CHECK(edge_of_a(state).resolution == sdk::ImportResolution::exact);
  CHECK(state.complete);
}

TEST_CASE("a run over a complete graph writes no edge before resolving, whatever its batches") {
  GraphState state = three_files();
  DefinitionLanguage language;
  NamesHost host(language);
  GraphRepository repository(state);
  ax::index::ImportResolutionPass pass(host, repository);
  GraphWriter writer(state);
  pass.changed("a.nm", "names", false, {{"C", 5}}, {}, {module("A")});
  state.edges.erase("a.nm");  // storing the file dropped its edges
  pass.batch_committing(writer);
  CHECK(!state.edges.count("a.nm"));
  ax::index::ResolutionSummary summary;
  const std::atomic<bool> interrupted{false};
  pass.run(writer, walked, interrupted, summary);
  CHECK(edge_of_a(state).to == "c.nm");
}

TEST_CASE("cold run: the edges of many files are committed in transactions of kFilesPerTransaction files") {
  const std::size_t files = ax::index::ImportResolutionPass::kFilesPerTransaction * 2 + 10;
  for (const bool complete : {false, true}) {
    GraphState state;
    state.complete = complete;
    NamesLanguage language;
    NamesHost host(language);
    GraphRepository repository(state);
    ax::index::ImportResolutionPass pass(host, repository);
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < files; ++i) {
      // (appended, not "f" + std::to_string(i): GCC 12 warns falsely of an overlapping copy there)
      paths.push_back(std::string("f").append(std::to_string(i)).append(".nm"));
      // Created files: over a complete graph they are resolved too (an import may name them).
      pass.changed(paths.back(), "names", true, {{std::string("F").append(std::to_string(i + 1)), 1}}, {}, {});
    }
    GraphWriter writer(state);
    int transactions = 0;
    const auto next_transaction = [&]() -> sdk::IndexWriter& {
      ++transactions;
      return writer;
    };
    ax::index::ResolutionSummary summary;
    const std::atomic<bool> interrupted{false};
    REQUIRE(pass.run(
        writer, [&] { return paths; }, interrupted, summary, next_transaction));
    CHECK(summary.files == files);
    CHECK(state.edges.size() == files);
    CHECK(state.complete);
    CHECK(transactions == (complete ? 0 : 2));
  }
}
