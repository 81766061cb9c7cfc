// The symbol store through the sdk::SymbolStore interface: round trips, replace and remove,
// lookups, stats, transactions, persistence, corruption, concurrency and a bulk insert.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <ax/sdk/graph.hpp>
#include <ax/sdk/storage.hpp>

#include "byte_codec.hpp"
#include "lmdb_env.hpp"
#include "lmdb_symbol_store.hpp"
#include "migrations.hpp"
#include "records.hpp"
#include "test_support.hpp"

using namespace ax::sdk;
using ax::lmdb_store::EnvironmentOptions;
using ax::lmdb_store::load_migrations;
using ax::lmdb_store::open_lmdb_symbol_store;
using ax::lmdb_store::testing::read_file;
using ax::lmdb_store::testing::synthetic_file;
using ax::lmdb_store::testing::TempDir;
using ax::lmdb_store::testing::write_file;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path kMigrations = AX_MIGRATIONS_DIR;

Symbol make_symbol(std::string name, SymbolKind kind, std::int32_t parent, std::uint32_t line) {
  Symbol symbol;
  symbol.name = std::move(name);
  symbol.kind = kind;
  symbol.qualified_name = symbol.name;
  symbol.span = {line, 1, line + 2, 10};
  symbol.signature = "sig " + symbol.name;
  symbol.doc = "doc of " + symbol.name;
  symbol.parent = parent;
  return symbol;
}

FileRecord make_record(std::string path, std::string language, std::uint64_t size) {
  return FileRecord{std::move(path), std::move(language), size, 1234567890123, 0xabcdef};
}

// util.py: class Parser { parse(), Helper { run() } }, a top-level PARSE_LIMIT, two imports and
// three references (one outside any symbol).
ParseResult parser_file() {
  ParseResult result;
  result.symbols.push_back(make_symbol("Parser", SymbolKind::class_, -1, 1));
  result.symbols.push_back(make_symbol("parse", SymbolKind::method, 0, 2));
  result.symbols.push_back(make_symbol("Helper", SymbolKind::class_, 0, 5));
  result.symbols.push_back(make_symbol("run", SymbolKind::method, 2, 6));
  result.symbols.push_back(make_symbol("PARSE_LIMIT", SymbolKind::constant, -1, 9));
  result.symbols[1].qualified_name = "Parser.parse";
  result.imports = {{"os.path", 1}, {"./lexer", 2}};
  result.references = {{"tokenize", ReferenceKind::call, 3, 12, 1},
                       {"run", ReferenceKind::call, 4, 8, 1},
                       {"Parser", ReferenceKind::reference, 12, 1, -1}};
  return result;
}

struct StoreFixture {
  TempDir root;
  std::filesystem::path directory = root / "store";
  std::unique_ptr<SymbolStore> store = open_lmdb_symbol_store(directory, kMigrations);

  std::vector<std::uint64_t> put(const FileRecord& record, const ParseResult& result) {
    const auto writer = store->begin_write();
    auto ids = writer->put_file(record, result);
    writer->commit();
    return ids;
  }

  void reopen() {
    store.reset();
    store = open_lmdb_symbol_store(directory, kMigrations);
  }
};

std::set<std::string> names_of(const std::vector<StoredSymbol>& symbols) {
  std::set<std::string> names;
  for (const StoredSymbol& symbol : symbols) names.insert(symbol.symbol.name);
  return names;
}

}  // namespace

TEST_CASE_METHOD(StoreFixture, "a new store is empty and at the newest schema", "[store]") {
  CHECK(store->schema_version() == load_migrations(kMigrations).back().version);
  CHECK(store->generation() == 0);
  CHECK(store->files().empty());
  const StoreStats stats = store->stats();
  CHECK(stats.files == 0);
  CHECK(stats.languages.empty());
  CHECK(stats.last_indexed_unix == 0);
  CHECK(stats.schema_version == load_migrations(kMigrations).back().version);
  CHECK(stats.size_bytes > 0);
  CHECK(std::filesystem::exists(directory / "data.mdb"));
}

TEST_CASE_METHOD(StoreFixture, "files, symbols, imports and references round-trip", "[store]") {
  const FileRecord record = make_record("src/util.py", "python", 321);
  const std::vector<std::uint64_t> ids = put(record, parser_file());
  REQUIRE(ids.size() == 5);
  CHECK(std::set<std::uint64_t>(ids.begin(), ids.end()).size() == 5);
  CHECK(std::find(ids.begin(), ids.end(), 0) == ids.end());

  const std::optional<FileRecord> file = store->file("src/util.py");
  REQUIRE(file);
  CHECK(file->path == "src/util.py");
  CHECK(file->language == "python");
  CHECK(file->size == 321);
  CHECK(file->mtime_ns == 1234567890123);
  CHECK(file->content_hash == 0xabcdef);
  CHECK_FALSE(store->file("src/other.py"));
  REQUIRE(store->files().size() == 1);

  const std::vector<StoredSymbol> symbols = store->file_symbols("src/util.py");
  REQUIRE(symbols.size() == 5);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    CHECK(symbols[i].id == ids[i]);
    CHECK(symbols[i].path == "src/util.py");
    CHECK(symbols[i].language == "python");
  }
  CHECK(symbols[0].parent_id == 0);
  CHECK(symbols[1].parent_id == ids[0]);
  CHECK(symbols[2].parent_id == ids[0]);
  CHECK(symbols[3].parent_id == ids[2]);
  CHECK(symbols[4].parent_id == 0);
  CHECK(symbols[1].symbol.name == "parse");
  CHECK(symbols[1].symbol.kind == SymbolKind::method);
  CHECK(symbols[1].symbol.qualified_name == "Parser.parse");
  CHECK(symbols[1].symbol.signature == "sig parse");
  CHECK(symbols[1].symbol.doc == "doc of parse");
  CHECK(symbols[1].symbol.span.start_line == 2);
  CHECK(symbols[1].symbol.span.end_line == 4);
  CHECK(symbols[1].symbol.span.end_column == 10);

  const std::optional<StoredSymbol> by_id = store->symbol(ids[3]);
  REQUIRE(by_id);
  CHECK(by_id->symbol.name == "run");
  CHECK(by_id->parent_id == ids[2]);
  CHECK_FALSE(store->symbol(ids[4] + 1000));

  const std::vector<StoredImport> imports = store->file_imports("src/util.py");
  REQUIRE(imports.size() == 2);
  CHECK(imports[0].path == "src/util.py");
  CHECK(imports[0].import.specifier == "os.path");
  CHECK(imports[1].import.specifier == "./lexer");
  CHECK(imports[1].import.line == 2);
  CHECK(store->file_imports("missing.py").empty());

  const std::vector<StoredReference> calls = store->find_references("tokenize", 10);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].path == "src/util.py");
  CHECK(calls[0].reference.name == "tokenize");
  CHECK(calls[0].reference.kind == ReferenceKind::call);
  CHECK(calls[0].reference.line == 3);
  CHECK(calls[0].reference.column == 12);
  CHECK(calls[0].enclosing_id == ids[1]);
  const std::vector<StoredReference> top_level = store->find_references("Parser", 10);
  REQUIRE(top_level.size() == 1);
  CHECK(top_level[0].enclosing_id == 0);
  CHECK(top_level[0].reference.kind == ReferenceKind::reference);
  CHECK(store->find_references("parser", 10).empty());  // references match names exactly
}

TEST_CASE_METHOD(StoreFixture, "symbols by id in one read: as symbol(id) gives them, nullopt for 0 and unknown ids",
                 "[store]") {
  const std::vector<std::uint64_t> ids = put(make_record("src/util.py", "python", 321), parser_file());
  const std::vector<std::uint64_t> other = put(make_record("lib/b.py", "python", 5), parser_file());
  auto* batch = dynamic_cast<SymbolBatchReader*>(store.get());
  REQUIRE(batch != nullptr);
  const std::vector<std::uint64_t> asked{other[1], 0, ids[3], other.back() + 1000, ids[3]};
  const std::vector<std::optional<StoredSymbol>> found = batch->symbols(asked);
  REQUIRE(found.size() == asked.size());
  for (std::size_t i = 0; i < asked.size(); ++i) {
    const std::optional<StoredSymbol> one = asked[i] == 0 ? std::nullopt : store->symbol(asked[i]);
    REQUIRE(found[i].has_value() == one.has_value());
    if (!one) continue;
    CHECK(found[i]->id == one->id);
    CHECK(found[i]->path == one->path);
    CHECK(found[i]->language == one->language);
    CHECK(found[i]->parent_id == one->parent_id);
    CHECK(found[i]->symbol.qualified_name == one->symbol.qualified_name);
  }
  CHECK(found[0]->path == "lib/b.py");
  CHECK(found[2]->symbol.name == "run");
  CHECK(batch->symbols({}).empty());
}

TEST_CASE_METHOD(StoreFixture, "put_file replaces everything known about the path", "[store]") {
  const std::vector<std::uint64_t> old_ids = put(make_record("src/util.py", "python", 321), parser_file());
  put(make_record("src/main.py", "python", 50),
      ParseResult{
          {make_symbol("main", SymbolKind::function, -1, 1)}, {}, {{"run", ReferenceKind::call, 2, 5, 0}}, false});

  ParseResult replacement;
  replacement.symbols.push_back(make_symbol("Tokenizer", SymbolKind::class_, -1, 1));
  replacement.symbols.push_back(make_symbol("next_token", SymbolKind::method, 0, 3));
  replacement.imports = {{"re", 1}};
  replacement.references = {{"compile", ReferenceKind::call, 4, 2, 1}};
  const std::vector<std::uint64_t> new_ids = put(make_record("src/util.py", "python", 999), replacement);

  REQUIRE(new_ids.size() == 2);
  CHECK(new_ids[0] > old_ids.back());  // ids are never reused
  for (const std::uint64_t id : old_ids) CHECK_FALSE(store->symbol(id));
  CHECK(store->find_symbols("Parser", NameMatch::exact, 0).empty());
  CHECK(store->find_symbols("parse", NameMatch::prefix, 0).empty());
  CHECK(names_of(store->file_symbols("src/util.py")) == std::set<std::string>{"Tokenizer", "next_token"});
  CHECK(store->file_symbols("src/util.py")[1].parent_id == new_ids[0]);
  CHECK(store->file("src/util.py")->size == 999);
  CHECK(store->file_imports("src/util.py").size() == 1);
  CHECK(store->find_references("tokenize", 0).empty());
  CHECK(store->find_references("compile", 0).size() == 1);
  // The other file's reference to "run" survives the replace of util.py's.
  const std::vector<StoredReference> runs = store->find_references("run", 0);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].path == "src/main.py");

  const StoreStats stats = store->stats();
  CHECK(stats.files == 2);
  CHECK(stats.symbols == 3);
  CHECK(stats.imports == 1);
  CHECK(stats.references == 2);
  CHECK(stats.languages.at("python").bytes == 1049);
}

TEST_CASE_METHOD(StoreFixture, "a replace may change the file's language", "[store]") {
  put(make_record("build.conf", "yaml", 10), ParseResult{{make_symbol("key", SymbolKind::key, -1, 1)}, {}, {}, false});
  put(make_record("build.conf", "toml", 12),
      ParseResult{{make_symbol("table", SymbolKind::table, -1, 1)}, {}, {}, false});
  const StoreStats stats = store->stats();
  CHECK(stats.languages.count("yaml") == 0);
  CHECK(stats.languages.at("toml").files == 1);
  CHECK(stats.languages.at("toml").bytes == 12);
  CHECK(store->file_symbols("build.conf")[0].language == "toml");
}

TEST_CASE_METHOD(StoreFixture, "reads after a commit see the file's new language, not what earlier reads learnt",
                 "[store]") {
  // The file keeps its id across the replace: what a read learnt of it by id holds for its snapshot only.
  put(make_record("shape.h", "c", 10), ParseResult{{make_symbol("area", SymbolKind::function, -1, 1)}, {}, {}, false});
  for (int read = 0; read < 2; ++read) {  // the second read starts from what the first learnt
    const std::vector<StoredSymbol> found = store->find_symbols("area", NameMatch::exact, 0);
    REQUIRE(found.size() == 1);
    CHECK(found[0].language == "c");
    CHECK(found[0].path == "shape.h");
  }
  put(make_record("shape.h", "cpp", 12),
      ParseResult{{make_symbol("area", SymbolKind::function, -1, 2)}, {}, {}, false});
  const std::vector<StoredSymbol> found = store->find_symbols("area", NameMatch::exact, 0);
  REQUIRE(found.size() == 1);
  CHECK(found[0].language == "cpp");
  CHECK(found[0].symbol.span.start_line == 2);
  auto* batch = dynamic_cast<SymbolBatchReader*>(store.get());
  REQUIRE(batch != nullptr);
  const std::uint64_t ids[] = {found[0].id};
  CHECK(batch->symbols(ids).at(0)->language == "cpp");
}

TEST_CASE_METHOD(StoreFixture, "touch_file records a new mtime and keeps the file's contents", "[store]") {
  put(make_record("app.py", "python", 10),
      ParseResult{{make_symbol("main", SymbolKind::function, -1, 1)}, {}, {}, false});
  FileRecord touched = make_record("app.py", "python", 10);
  touched.mtime_ns += 5'000'000'000;
  {
    const auto writer = store->begin_write();
    writer->touch_file(touched);
    writer->touch_file(make_record("not-indexed.py", "python", 3));  // ignored
    writer->commit();
  }
  reopen();
  CHECK(store->file("app.py")->mtime_ns == touched.mtime_ns);
  CHECK(store->file("app.py")->content_hash == touched.content_hash);
  CHECK_FALSE(store->file("not-indexed.py"));
  REQUIRE(store->file_symbols("app.py").size() == 1);
  CHECK(store->file_symbols("app.py")[0].symbol.name == "main");
  const StoreStats stats = store->stats();
  CHECK(stats.languages.at("python").files == 1);
  CHECK(stats.languages.at("python").bytes == 10);
  CHECK(stats.symbols == 1);
}

TEST_CASE_METHOD(StoreFixture, "remove_file deletes everything of the path", "[store]") {
  const std::vector<std::uint64_t> ids = put(make_record("src/util.py", "python", 321), parser_file());
  put(make_record("lib.go", "go", 77),
      ParseResult{{make_symbol("Parse", SymbolKind::function, -1, 1)}, {{"fmt", 1}}, {}, false});
  {
    const auto writer = store->begin_write();
    writer->remove_file("src/util.py");
    writer->remove_file("never/stored.py");  // no-op
    writer->commit();
  }
  CHECK_FALSE(store->file("src/util.py"));
  CHECK(store->file_symbols("src/util.py").empty());
  CHECK(store->file_imports("src/util.py").empty());
  for (const std::uint64_t id : ids) CHECK_FALSE(store->symbol(id));
  CHECK(store->find_references("tokenize", 0).empty());
  CHECK(names_of(store->find_symbols("parse", NameMatch::case_insensitive, 0)) == std::set<std::string>{"Parse"});
  REQUIRE(store->files().size() == 1);
  CHECK(store->files()[0].path == "lib.go");

  const StoreStats stats = store->stats();
  CHECK(stats.languages.count("python") == 0);
  CHECK(stats.files == 1);
  CHECK(stats.symbols == 1);
  CHECK(stats.imports == 1);
  CHECK(stats.references == 0);
}

TEST_CASE_METHOD(StoreFixture, "symbols are found by exact, case-insensitive and prefix name", "[store]") {
  put(make_record("src/util.py", "python", 321), parser_file());
  put(make_record("src/io.py", "python", 100),
      ParseResult{
          {make_symbol("parse_file", SymbolKind::function, -1, 1), make_symbol("PARSER", SymbolKind::constant, -1, 5),
           make_symbol("Parsec", SymbolKind::class_, -1, 7), make_symbol("compare", SymbolKind::function, -1, 9)},
          {},
          {},
          false});

  const std::vector<StoredSymbol> exact = store->find_symbols("Parser", NameMatch::exact, 10);
  REQUIRE(exact.size() == 1);
  CHECK(exact[0].symbol.name == "Parser");
  CHECK(exact[0].path == "src/util.py");
  CHECK(store->find_symbols("parser", NameMatch::exact, 10).empty());

  CHECK(names_of(store->find_symbols("parser", NameMatch::case_insensitive, 10)) ==
        std::set<std::string>{"Parser", "PARSER"});
  CHECK(names_of(store->find_symbols("PARSE", NameMatch::case_insensitive, 10)) == std::set<std::string>{"parse"});

  const std::vector<StoredSymbol> prefixed = store->find_symbols("PARS", NameMatch::prefix, 0);
  CHECK(names_of(prefixed) ==
        std::set<std::string>{"Parser", "parse", "PARSE_LIMIT", "parse_file", "PARSER", "Parsec"});
  // Prefix results come in folded-name order.
  std::vector<std::string> order;
  for (const StoredSymbol& symbol : prefixed) order.push_back(ax::lmdb_store::fold_case(symbol.symbol.name));
  CHECK(std::is_sorted(order.begin(), order.end()));
  CHECK(store->find_symbols("pars", NameMatch::prefix, 2).size() == 2);
  CHECK(store->find_symbols("parse_", NameMatch::prefix, 0).size() == 2);  // parse_file, PARSE_LIMIT
  CHECK(store->find_symbols("", NameMatch::prefix, 0).size() == 9);
  CHECK(store->find_symbols("zzz", NameMatch::prefix, 0).empty());
  CHECK(store->find_symbols("", NameMatch::exact, 0).empty());
  CHECK(store->find_symbols("Parser", NameMatch::case_insensitive, 1).size() == 1);
}

TEST_CASE_METHOD(StoreFixture, "stats count per language from maintained counters", "[store]") {
  const auto before = std::chrono::system_clock::now();
  {
    const auto writer = store->begin_write();
    writer->put_file(make_record("a.py", "python", 100), parser_file());
    writer->put_file(make_record("b.py", "python", 50),
                     ParseResult{{make_symbol("b", SymbolKind::function, -1, 1)}, {}, {}, false});
    writer->put_file(make_record("c.rs", "rust", 70), ParseResult{});
    writer->commit();
  }
  const StoreStats stats = store->stats();
  REQUIRE(stats.languages.size() == 2);
  CHECK(stats.languages.at("python").files == 2);
  CHECK(stats.languages.at("python").symbols == 6);
  CHECK(stats.languages.at("python").bytes == 150);
  CHECK(stats.languages.at("rust").files == 1);
  CHECK(stats.languages.at("rust").symbols == 0);
  CHECK(stats.files == 3);
  CHECK(stats.symbols == 6);
  CHECK(stats.imports == 2);
  CHECK(stats.references == 3);
  CHECK(stats.generation == 1);
  CHECK(stats.schema_version == load_migrations(kMigrations).back().version);
  const auto indexed = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(stats.last_indexed_unix));
  CHECK(indexed >= std::chrono::time_point_cast<std::chrono::seconds>(before));
  CHECK(indexed <= std::chrono::system_clock::now());
  CHECK(stats.size_bytes == std::filesystem::file_size(directory / "data.mdb"));
}

TEST_CASE_METHOD(StoreFixture, "each commit increments the generation by one", "[store]") {
  for (std::uint64_t expected = 1; expected <= 3; ++expected) {
    const auto writer = store->begin_write();
    writer->put_file(make_record(std::to_string(expected) + ".py", "python", 1), ParseResult{});
    CHECK(writer->commit() == expected);
    CHECK(store->generation() == expected);
  }
  const auto empty = store->begin_write();
  CHECK(empty->commit() == 4);
}

TEST_CASE_METHOD(StoreFixture, "a writer destroyed without commit discards its changes", "[store]") {
  put(make_record("kept.py", "python", 5), parser_file());
  {
    const auto writer = store->begin_write();
    writer->put_file(make_record("dropped.py", "python", 7), parser_file());
    writer->remove_file("kept.py");
    // Readers, even on the writing thread, see the last commit until this one commits.
    CHECK_FALSE(store->file("dropped.py"));
    CHECK(store->file("kept.py"));
  }
  CHECK(store->generation() == 1);
  CHECK_FALSE(store->file("dropped.py"));
  CHECK(store->file("kept.py"));
  CHECK(store->stats().files == 1);
  CHECK(store->find_symbols("Parser", NameMatch::exact, 0).size() == 1);

  // The discarded transaction's ids are handed out again, which is harmless: nothing saw them.
  const auto ids = put(make_record("next.py", "python", 1),
                       ParseResult{{make_symbol("n", SymbolKind::function, -1, 1)}, {}, {}, false});
  CHECK(store->symbol(ids[0])->path == "next.py");
}

TEST_CASE_METHOD(StoreFixture, "a writer refuses use after commit, and nested writers on one thread", "[store]") {
  const auto writer = store->begin_write();
  CHECK_THROWS_WITH(store->begin_write(), Contains("already has a write transaction"));
  writer->commit();
  CHECK_THROWS_WITH(writer->commit(), Contains("already committed"));
  CHECK_THROWS_AS(writer->put_file(make_record("x.py", "python", 1), ParseResult{}), StoreError);
  CHECK_NOTHROW(store->begin_write());  // the first writer's lock was released at commit
}

TEST_CASE_METHOD(StoreFixture, "an empty path is refused without spoiling the transaction", "[store]") {
  const auto writer = store->begin_write();
  CHECK_THROWS_WITH(writer->put_file(make_record("", "python", 1), ParseResult{}), Contains("empty path"));
  writer->put_file(make_record("ok.py", "python", 1), ParseResult{});
  CHECK(writer->commit() == 1);
  CHECK(store->file("ok.py"));
}

TEST_CASE_METHOD(StoreFixture, "doubtful input from a language plugin is stored safely", "[store]") {
  ParseResult result;
  result.symbols.push_back(make_symbol("self_parent", SymbolKind::function, 0, 1));
  result.symbols.push_back(make_symbol("far_parent", SymbolKind::function, 99, 2));
  result.symbols.push_back(make_symbol("", SymbolKind::function, -1, 3));
  result.references = {{"dup", ReferenceKind::call, 5, 5, 7},  // enclosing out of range
                       {"dup", ReferenceKind::call, 5, 5, 7},  // the same reference twice
                       {"", ReferenceKind::call, 6, 1, -1}};   // nameless
  put(make_record("odd.py", "python", 1), result);

  const auto symbols = store->file_symbols("odd.py");
  REQUIRE(symbols.size() == 3);
  CHECK(symbols[0].parent_id == 0);
  CHECK(symbols[1].parent_id == 0);
  CHECK(symbols[2].symbol.name.empty());
  const auto references = store->find_references("dup", 0);
  REQUIRE(references.size() == 1);
  CHECK(references[0].enclosing_id == 0);
  CHECK(store->stats().references == 1);
  CHECK(store->find_symbols("", NameMatch::prefix, 0).size() == 2);  // the nameless one is not indexed

  put(make_record("odd.py", "python", 1), ParseResult{});
  CHECK(store->find_references("dup", 0).empty());
  CHECK(store->stats().references == 0);
}

TEST_CASE_METHOD(StoreFixture, "long paths and names beyond LMDB's key limit work", "[store]") {
  std::string directory_chain;
  for (int i = 0; i < 40; ++i) directory_chain += "very_long_directory_" + std::to_string(i) + "/";
  const std::string path_a = directory_chain + "a.py";
  const std::string path_b = directory_chain + "b.py";
  const std::string long_name = std::string(700, 'N') + "_Tail";
  ParseResult result;
  result.symbols.push_back(make_symbol(long_name, SymbolKind::function, -1, 1));
  result.references.push_back({long_name, ReferenceKind::call, 3, 1, 0});
  put(make_record(path_a, "python", 1), result);
  put(make_record(path_b, "python", 2),
      ParseResult{{make_symbol(std::string(700, 'N') + "_Other", SymbolKind::function, -1, 1)}, {}, {}, false});

  REQUIRE(store->file(path_a));
  CHECK(store->file(path_a)->size == 1);
  CHECK(store->file(path_b)->size == 2);
  std::set<std::string> paths;
  for (const FileRecord& file : store->files()) paths.insert(file.path);
  CHECK(paths == std::set<std::string>{path_a, path_b});

  const auto exact = store->find_symbols(long_name, NameMatch::exact, 0);
  REQUIRE(exact.size() == 1);
  CHECK(exact[0].path == path_a);
  CHECK(store->find_symbols(ax::lmdb_store::fold_case(long_name), NameMatch::case_insensitive, 0).size() == 1);
  CHECK(store->find_symbols(std::string(700, 'n'), NameMatch::prefix, 0).size() == 2);
  CHECK(store->find_symbols(std::string(700, 'n') + "_t", NameMatch::prefix, 0).size() == 1);
  CHECK(store->find_references(long_name, 0).size() == 1);

  const auto writer = store->begin_write();
  writer->remove_file(path_a);
  writer->commit();
  CHECK_FALSE(store->file(path_a));
  CHECK(store->find_symbols(long_name, NameMatch::exact, 0).empty());
  CHECK(store->find_references(long_name, 0).empty());
}

TEST_CASE_METHOD(StoreFixture, "for_each_symbol visits every symbol file by file", "[store]") {
  constexpr std::size_t kFiles = 25;
  {
    const auto writer = store->begin_write();
    for (std::size_t i = 0; i < kFiles; ++i) {
      const auto file = synthetic_file(i, 1 + i % 4, kFiles);
      writer->put_file(file.record, file.result);
    }
    writer->commit();
  }
  std::vector<std::string> visit_order;
  std::size_t visited = 0;
  store->for_each_symbol([&](const StoredSymbol& symbol) {
    ++visited;
    if (visit_order.empty() || visit_order.back() != symbol.path) visit_order.push_back(symbol.path);
  });
  CHECK(visited == store->stats().symbols);
  CHECK(visit_order.size() == kFiles);
  CHECK(std::set<std::string>(visit_order.begin(), visit_order.end()).size() == kFiles);  // each file once
}

TEST_CASE("the store persists across reopen", "[store]") {
  StoreFixture fixture;
  const std::vector<std::uint64_t> ids = fixture.put(make_record("src/util.py", "python", 321), parser_file());
  fixture.reopen();
  SymbolStore& store = *fixture.store;
  CHECK(store.generation() == 1);
  CHECK(store.file("src/util.py")->size == 321);
  CHECK(store.symbol(ids[3])->parent_id == ids[2]);
  CHECK(store.find_references("tokenize", 0).size() == 1);
  CHECK(store.stats().languages.at("python").symbols == 5);
  // Ids continue after the ones already stored.
  const auto more = fixture.put(make_record("src/more.py", "python", 1),
                                ParseResult{{make_symbol("m", SymbolKind::function, -1, 1)}, {}, {}, false});
  CHECK(more[0] > ids.back());
  fixture.reopen();
  CHECK(fixture.store->generation() == 2);
  CHECK(fixture.store->stats().files == 2);
}

TEST_CASE("two stores opened on one directory share its environment", "[store]") {
  TempDir root;
  const auto first = open_lmdb_symbol_store(root / "store", kMigrations);
  const auto second = open_lmdb_symbol_store(root / "store", kMigrations);
  {
    const auto writer = first->begin_write();
    writer->put_file(make_record("a.py", "python", 1), ParseResult{});
    writer->commit();
  }
  CHECK(second->file("a.py"));
  CHECK(second->generation() == 1);
}

TEST_CASE("corrupt or truncated stores are refused with an error naming them", "[store][corruption]") {
  TempDir root;
  const std::filesystem::path directory = root / "store";
  const auto refuses = [&](const std::string& expected) {
    try {
      open_lmdb_symbol_store(directory, kMigrations);
      FAIL("the store opened");
    } catch (const StoreError& error) {
      const std::string message = error.what();
      CHECK_THAT(message, Contains(directory.string()) && Contains(expected));
      CHECK(message.find('\n') == std::string::npos);
    }
  };

  SECTION("garbage") {
    std::filesystem::create_directories(directory);
    std::string garbage;
    for (int i = 0; i < 65536; ++i) garbage.push_back(static_cast<char>((i * 2654435761u) >> 13));
    write_file(directory / "data.mdb", garbage);
    refuses("corrupt");
  }
  SECTION("a few bytes") {
    std::filesystem::create_directories(directory);
    write_file(directory / "data.mdb", "not a database");
    refuses("corrupt");
  }
  SECTION("truncated") {
    {
      auto store = open_lmdb_symbol_store(directory, kMigrations);
      const auto writer = store->begin_write();
      for (std::size_t i = 0; i < 300; ++i) {
        const auto file = synthetic_file(i, 10, 300);
        writer->put_file(file.record, file.result);
      }
      writer->commit();
    }
    const auto full_size = std::filesystem::file_size(directory / "data.mdb");
    SECTION("to half") { std::filesystem::resize_file(directory / "data.mdb", full_size / 2); }
    SECTION("to one page") { std::filesystem::resize_file(directory / "data.mdb", 4096); }
    SECTION("by one page") { std::filesystem::resize_file(directory / "data.mdb", full_size - 4096); }
    refuses("truncated");
  }
  SECTION("damaged meta page") {
    { open_lmdb_symbol_store(directory, kMigrations); }
    std::string bytes = read_file(directory / "data.mdb");
    bytes[16] ^= 0x5a;  // the first meta page's magic
    write_file(directory / "data.mdb", bytes);
    refuses("corrupt");
  }
  SECTION("the data file is a directory") {
    std::filesystem::create_directories(directory / "data.mdb");
    refuses("data.mdb");
  }
}

TEST_CASE("a damaged record is reported as a corrupt store, not a crash", "[store][corruption]") {
  StoreFixture fixture;
  const std::vector<std::uint64_t> ids = fixture.put(make_record("src/util.py", "python", 321), parser_file());
  {
    // Overwrite one symbol record through the environment the store shares.
    const auto env = ax::lmdb_store::Environment::open(fixture.directory);
    ax::lmdb_store::Transaction txn(*env, ax::lmdb_store::TxnMode::write);
    const MDB_dbi symbols = *txn.open_database("symbols", 0);
    txn.put(symbols, ax::lmdb_store::id_key(ids[1]), std::string("\x01\xff\xff", 3));
    txn.commit();
  }
  SymbolStore& store = *fixture.store;
  CHECK_THROWS_WITH(store.symbol(ids[1]), Contains("corrupt") && Contains(fixture.directory.string()));
  CHECK_THROWS_AS(store.file_symbols("src/util.py"), StoreError);
  CHECK_THROWS_AS(store.find_symbols("parse", NameMatch::exact, 0), StoreError);
  CHECK_THROWS_AS(store.for_each_symbol([](const StoredSymbol&) {}), StoreError);
  CHECK(store.symbol(ids[0])->symbol.name == "Parser");  // undamaged records still read

  // Replacing the file means reading the damaged record (to delete its name entry): the writer
  // fails, and its transaction can only be discarded.
  const auto writer = store.begin_write();
  CHECK_THROWS_AS(writer->put_file(make_record("src/util.py", "python", 1), ParseResult{}), StoreError);
  CHECK_THROWS_WITH(writer->commit(), Contains("can only be discarded"));
}

TEST_CASE("stats refuses a store whose next write would be refused", "[store][corruption]") {
  StoreFixture fixture;
  fixture.put(make_record("src/util.py", "python", 321), parser_file());
  {
    const auto env = ax::lmdb_store::Environment::open(fixture.directory);
    ax::lmdb_store::Transaction txn(*env, ax::lmdb_store::TxnMode::write);
    const MDB_dbi meta = *txn.open_database("meta", 0);
    txn.erase(meta, "next_file_id");
    txn.commit();
  }
  SymbolStore& store = *fixture.store;
  CHECK_THROWS_WITH(store.begin_write(), Contains("meta key 'next_file_id' is missing"));
  // `ax status` shows stats(): it must not report healthy counts for a store `ax index` refuses.
  CHECK_THROWS_WITH(store.stats(), Contains("meta key 'next_file_id' is missing"));
}

TEST_CASE("an empty data file is treated as a new store", "[store][corruption]") {
  TempDir root;
  std::filesystem::create_directories(root / "store");
  write_file(root / "store" / "data.mdb", "");
  const auto store = open_lmdb_symbol_store(root / "store", kMigrations);
  CHECK(store->schema_version() == load_migrations(kMigrations).back().version);
}

TEST_CASE("a full store fails the write with a clear error and stays usable", "[store]") {
  TempDir root;
  EnvironmentOptions small;
  small.map_size = std::size_t{1} << 20;  // 1 MiB
  const auto store = open_lmdb_symbol_store(root / "store", kMigrations, small);
  {
    const auto writer = store->begin_write();
    writer->put_file(make_record("first.py", "python", 1), parser_file());
    writer->commit();
  }
  {
    const auto writer = store->begin_write();
    bool filled = false;
    for (std::size_t i = 0; i < 5000 && !filled; ++i) {
      const auto file = synthetic_file(i, 30, 5000);
      try {
        writer->put_file(file.record, file.result);
      } catch (const StoreError& error) {
        CHECK_THAT(std::string(error.what()), Contains("full") && Contains((root / "store").string()));
        filled = true;
      }
    }
    REQUIRE(filled);
    CHECK_THROWS_WITH(writer->commit(), Contains("can only be discarded"));
  }
  CHECK(store->generation() == 1);
  CHECK(store->stats().files == 1);
  CHECK(store->find_symbols("Parser", NameMatch::exact, 0).size() == 1);
}

TEST_CASE("readers on other threads run while a writer commits batches", "[store][threads]") {
  StoreFixture fixture;
  SymbolStore& store = *fixture.store;
  constexpr std::size_t kBatches = 20;
  constexpr std::size_t kFilesPerBatch = 25;
  std::atomic<bool> done{false};
  std::atomic<std::size_t> inconsistencies{0};
  std::atomic<std::size_t> reads{0};

  const auto reader = [&] {
    while (!done.load()) {
      // Everything one call returns comes from one snapshot: files are always whole batches.
      const StoreStats stats = store.stats();
      if (stats.files != stats.generation * kFilesPerBatch || stats.symbols != stats.files * 5) ++inconsistencies;
      const std::size_t found = store.find_symbols("module", NameMatch::prefix, 0).size();
      if (found % kFilesPerBatch != 0) ++inconsistencies;
      ++reads;
    }
  };
  std::thread first_reader(reader);
  std::thread second_reader(reader);
  for (std::size_t batch = 0; batch < kBatches; ++batch) {
    const auto writer = store.begin_write();
    for (std::size_t i = 0; i < kFilesPerBatch; ++i) {
      const auto file = synthetic_file(batch * kFilesPerBatch + i, 5, kBatches * kFilesPerBatch);
      writer->put_file(file.record, file.result);
    }
    writer->commit();
  }
  // A writer on another thread works as well; this one is discarded without commit.
  std::thread other_writer([&] {
    const auto writer = store.begin_write();
    writer->remove_file(synthetic_file(0, 5, 1).record.path);
  });
  other_writer.join();
  done = true;
  first_reader.join();
  second_reader.join();
  CHECK(inconsistencies == 0);
  CHECK(reads > 0);
  CHECK(store.stats().files == kBatches * kFilesPerBatch);
}

TEST_CASE("bulk insert: 10k files of 30 symbols in batches of 500", "[store][bulk]") {
  StoreFixture fixture;
  SymbolStore& store = *fixture.store;
  constexpr std::size_t kFiles = 10000;
  constexpr std::size_t kSymbols = 30;
  constexpr std::size_t kBatch = 500;

  std::vector<ax::lmdb_store::testing::SyntheticFile> files;
  files.reserve(kFiles);
  for (std::size_t i = 0; i < kFiles; ++i) files.push_back(synthetic_file(i, kSymbols, kFiles));

  const auto started = std::chrono::steady_clock::now();
  std::uint64_t last_id = 0;
  for (std::size_t first = 0; first < kFiles; first += kBatch) {
    const auto writer = store.begin_write();
    for (std::size_t i = first; i < std::min(first + kBatch, kFiles); ++i) {
      const std::vector<std::uint64_t> ids = writer->put_file(files[i].record, files[i].result);
      REQUIRE(ids.size() == kSymbols);
      REQUIRE(ids.front() > last_id);
      last_id = ids.back();
    }
    writer->commit();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("bulk insert: %zu files x %zu symbols in %.2f s = %.0f files/s, %.0f symbols/s, data.mdb %.1f MiB\n",
              kFiles, kSymbols, seconds, kFiles / seconds, kFiles * kSymbols / seconds,
              static_cast<double>(std::filesystem::file_size(fixture.directory / "data.mdb")) / (1 << 20));

  const StoreStats stats = store.stats();
  CHECK(stats.files == kFiles);
  CHECK(stats.symbols == kFiles * kSymbols);
  CHECK(stats.imports == kFiles * 5);
  CHECK(stats.references == kFiles * (kSymbols - 1) * 2);
  CHECK(stats.generation == kFiles / kBatch);
  CHECK(stats.languages.at("python").files + stats.languages.at("cpp").files + stats.languages.at("go").files ==
        kFiles);

  for (const std::size_t probe : {std::size_t{0}, std::size_t{4321}, kFiles - 1}) {
    const std::string suffix = std::to_string(probe);
    const auto container = store.find_symbols("module" + suffix, NameMatch::case_insensitive, 0);
    REQUIRE(container.size() == 1);
    CHECK(container[0].path == files[probe].record.path);
    const auto method = store.find_symbols("method_7_" + suffix, NameMatch::exact, 0);
    REQUIRE(method.size() == 1);
    CHECK(method[0].parent_id == container[0].id);
    // Each method_7_<n> is called once, from file n - 1.
    const auto callers = store.find_references("method_7_" + suffix, 0);
    REQUIRE(callers.size() == 1);
    CHECK(callers[0].path == files[(probe + kFiles - 1) % kFiles].record.path);
    CHECK(store.file_symbols(files[probe].record.path).size() == kSymbols);
  }
  CHECK(store.find_references("print", 0).size() == kFiles * (kSymbols - 1));
  CHECK(store.find_symbols("method_1_", NameMatch::prefix, 100).size() == 100);

  // Re-putting every file (an incremental re-index touching everything) keeps the counts.
  const auto writer = store.begin_write();
  for (std::size_t i = 0; i < kFiles; i += 7) writer->put_file(files[i].record, files[i].result);
  writer->commit();
  CHECK(store.stats().symbols == kFiles * kSymbols);
  CHECK(store.find_references("print", 0).size() == kFiles * (kSymbols - 1));
}
