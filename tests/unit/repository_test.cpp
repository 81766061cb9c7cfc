#include <catch2/catch.hpp>

#include <fstream>

#include <unistd.h>

#include <filesystem>

#include <ax/sdk/caller_thread_writes.hpp>

#include "repository.hpp"

using ax::kernel::search_documents;

TEST_CASE("search documents: one per symbol, chunks over the text") {
  std::string source;
  for (int i = 1; i <= 100; ++i) source += "line " + std::to_string(i) + "\n";
  ax::sdk::FileRecord record{"src/a.py", "python", source.size(), 0, 0};
  ax::sdk::StoredSymbol symbol;
  symbol.id = 7;
  symbol.symbol.name = "f";
  symbol.symbol.qualified_name = "A.f";
  symbol.symbol.kind = ax::sdk::SymbolKind::method;
  symbol.symbol.span = {3, 1, 5, 10};
  symbol.symbol.signature = "def f()";
  auto docs = search_documents(record, {symbol}, source, 40);
  REQUIRE(docs.size() == 1 + 3);
  CHECK(docs[0].symbol_id == 7);
  CHECK(docs[0].kind == "method");
  CHECK(docs[0].qualified_name == "A.f");
  CHECK(docs[0].body.empty());  // code is searched through the chunks
  CHECK(docs[0].line == 3);
  CHECK(docs[1].kind == "chunk");
  CHECK(docs[1].line == 1);
  CHECK(docs[1].end_line == 40);
  CHECK(docs[3].line == 81);
  CHECK(docs[3].end_line == 101);  // the empty line after the final newline
  CHECK(docs[1].body.rfind("line 1\n", 0) == 0);
}

TEST_CASE("search documents: a chunk of minified size is indexed only up to its first 256 KiB, whole words") {
  ax::sdk::FileRecord record{"big.min.js", "javascript", 0, 0, 0};
  std::string line;
  while (line.size() < 1024 * 1024) line += "var alpha" + std::to_string(line.size()) + "=1;";
  const std::string source = "short();\n" + line + "\n";
  auto docs = search_documents(record, {}, source, 40);
  REQUIRE(docs.size() == 1);
  CHECK(docs[0].body.size() <= 256 * 1024);
  CHECK(docs[0].body.size() > 200 * 1024);
  CHECK(docs[0].body.rfind("short();\nvar alpha0=1;", 0) == 0);
  CHECK(docs[0].body.back() != 'a');  // cut after a separator, not inside a word
  CHECK(docs[0].end_line == 3);       // the chunk still spans its lines
}

TEST_CASE("search documents: none for files without a language; blank chunks skipped") {
  ax::sdk::FileRecord binary{"img.png", "", 10, 0, 0};
  CHECK(search_documents(binary, {}, "abc", 40).empty());
  ax::sdk::FileRecord blank{"a.py", "python", 10, 0, 0};
  CHECK(search_documents(blank, {}, "\n\n\n   \n", 2).empty());
}

namespace {

// What the fake stores saw, kept apart from them so that it outlives the repository.
struct Recorded {
  std::uint64_t store_generation = 0;
  std::vector<std::uint64_t> search_commits;  // generations, in order
  std::size_t search_puts = 0;
  std::vector<std::string> notices;
  bool search_locked = false;              // remove_all fails as when another process holds the write lock
  std::vector<ax::sdk::FileRecord> files;  // what the store holds
  bool search_on_caller_thread = false;    // the search index was told to write on the caller's thread
  std::size_t search_puts_on_threads = 0;  // puts before it was told
};

class FakeStoreWriter final : public ax::sdk::StoreWriter {
 public:
  explicit FakeStoreWriter(Recorded& recorded) : recorded_(recorded) {}
  std::vector<std::uint64_t> put_file(const ax::sdk::FileRecord&, const ax::sdk::ParseResult&) override { return {}; }
  void remove_file(std::string_view) override {}
  void touch_file(const ax::sdk::FileRecord&) override {}
  std::uint64_t commit() override { return ++recorded_.store_generation; }

 private:
  Recorded& recorded_;
};

class FakeStore final : public ax::sdk::SymbolStore {
 public:
  explicit FakeStore(Recorded& recorded) : recorded_(recorded) {}
  std::uint32_t schema_version() override { return 1; }
  std::uint64_t generation() override { return recorded_.store_generation; }
  std::vector<ax::sdk::FileRecord> files() override { return recorded_.files; }
  std::optional<ax::sdk::FileRecord> file(std::string_view) override { return std::nullopt; }
  std::unique_ptr<ax::sdk::StoreWriter> begin_write() override { return std::make_unique<FakeStoreWriter>(recorded_); }
  std::vector<ax::sdk::StoredSymbol> find_symbols(std::string_view, ax::sdk::NameMatch, std::size_t) override {
    return {};
  }
  std::optional<ax::sdk::StoredSymbol> symbol(std::uint64_t) override { return std::nullopt; }
  std::vector<ax::sdk::StoredSymbol> file_symbols(std::string_view) override { return {}; }
  std::vector<ax::sdk::StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<ax::sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const ax::sdk::StoredSymbol&)>&) override {}
  ax::sdk::StoreStats stats() override { return {}; }

 private:
  Recorded& recorded_;
};

class FakeSearch final : public ax::sdk::SearchIndex, public ax::sdk::CallerThreadWrites {
 public:
  explicit FakeSearch(Recorded& recorded) : recorded_(recorded) {}
  std::uint64_t generation() override { return recorded_.search_commits.empty() ? 0 : recorded_.search_commits.back(); }
  void put_file(std::string_view, const std::vector<ax::sdk::SearchDocument>&) override {
    ++recorded_.search_puts;
    if (!recorded_.search_on_caller_thread) ++recorded_.search_puts_on_threads;
  }
  void write_on_caller_thread() override { recorded_.search_on_caller_thread = true; }
  void remove_file(std::string_view) override {}
  void remove_all() override {
    if (recorded_.search_locked) throw ax::sdk::StoreError("search index at x is locked by another writer");
  }
  void commit(std::uint64_t generation) override { recorded_.search_commits.push_back(generation); }
  std::vector<ax::sdk::SearchHit> search(const ax::sdk::SearchQuery&) override { return {}; }

 private:
  Recorded& recorded_;
};

class FakeStorage final : public ax::sdk::StoragePlugin {
 public:
  explicit FakeStorage(Recorded& recorded) : recorded_(recorded) {}
  std::unique_ptr<ax::sdk::SymbolStore> open_symbol_store(const std::filesystem::path&,
                                                          const std::filesystem::path&) override {
    return std::make_unique<FakeStore>(recorded_);
  }
  std::unique_ptr<ax::sdk::SearchIndex> open_search_index(const std::filesystem::path&) override {
    return std::make_unique<FakeSearch>(recorded_);
  }

 private:
  Recorded& recorded_;
};

struct FakeRepository {
  explicit FakeRepository(Recorded& recorded) : storage(recorded) {
    options.root = std::filesystem::temp_directory_path() / ("ax-repository-test-" + std::to_string(::getpid()));
    options.store_plugin = &storage;
    options.search_plugin = &storage;
    options.notice = [&recorded](const std::string& message) { recorded.notices.push_back(message); };
    std::filesystem::create_directories(options.root / ".ax");  // as after a first `ax index`
  }
  ~FakeRepository() { std::filesystem::remove_all(options.root); }
  FakeStorage storage;
  ax::kernel::RepositoryOptions options;
};

void put_one_file(ax::sdk::IndexWriter& writer) {
  ax::sdk::FileRecord record{"a.py", "python", 6, 0, 0};
  writer.put_file(record, {}, "x = 1\n");
}

}  // namespace

TEST_CASE("the search index commits at the run's last commit, not at every batch") {
  Recorded recorded;
  FakeRepository fake(recorded);
  auto repository = ax::kernel::open_repository(fake.options, true);
  for (int batch = 0; batch < 3; ++batch) {
    auto writer = repository->begin_write();
    put_one_file(*writer);
    writer->commit();
  }
  CHECK(recorded.store_generation == 3);
  CHECK(recorded.search_commits.empty());  // lagging: far cheaper than a commit per batch
  auto writer = repository->begin_write();
  put_one_file(*writer);
  auto* catch_up = dynamic_cast<ax::sdk::CatchUpIndexWriter*>(writer.get());
  REQUIRE(catch_up != nullptr);
  CHECK(catch_up->commit_and_catch_up() == 4);
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{4});
  auto* timed = dynamic_cast<ax::sdk::TimedIndexWriter*>(writer.get());
  REQUIRE(timed != nullptr);
  CHECK(timed->write_times().search >= 0);
  writer.reset();
  repository.reset();
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{4});  // nothing left to commit on close
  CHECK(recorded.notices.empty());
}

TEST_CASE("the search index commits once the text pending reaches index.search_buffer, after a store commit") {
  Recorded recorded;
  FakeRepository fake(recorded);
  fake.options.search_buffer_bytes = 10'000;
  auto repository = ax::kernel::open_repository(fake.options, true);
  // One chunk document (20 lines) of ~4 KB of text per file.
  std::string source;
  for (int line = 0; line < 20; ++line) source += "value = compute(value" + std::string(178, ' ') + ")\n";
  const ax::sdk::FileRecord record{"big.py", "python", source.size(), 0, 0};
  const auto put_big_file = [&](ax::sdk::IndexWriter& writer) { writer.put_file(record, {}, source); };

  auto writer = repository->begin_write();
  put_big_file(*writer);
  put_big_file(*writer);
  writer->commit();  // ~8 KB pending: under the bound
  CHECK(recorded.search_commits.empty());
  writer = repository->begin_write();
  put_big_file(*writer);
  put_big_file(*writer);
  put_big_file(*writer);  // over the bound, but the store has not committed these yet
  CHECK(recorded.search_commits.empty());
  writer->commit();
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2});
  writer = repository->begin_write();
  put_big_file(*writer);
  writer->commit();  // the count started again after the commit
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2});
  writer.reset();
  repository.reset();
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2, 3});
}

TEST_CASE("the search index commits at 4 MiB pending while small, and waits for an eighth of its size once large") {
  Recorded recorded;
  FakeRepository fake(recorded);
  fake.options.search_buffer_bytes = 32ull << 20;
  auto repository = ax::kernel::open_repository(fake.options, true);
  // ~1 MiB of text per file, in chunk documents.
  std::string source;
  for (int line = 0; line < 5000; ++line) source += "value = compute(value" + std::string(188, ' ') + ")\n";
  const ax::sdk::FileRecord record{"big.py", "python", source.size(), 0, 0};
  const auto put_files = [&](int files) {
    auto writer = repository->begin_write();
    for (int i = 0; i < files; ++i) writer->put_file(record, {}, source);
    writer->commit();
  };
  put_files(3);  // ~3 MiB pending: under the 4 MiB a small index waits for
  CHECK(recorded.search_commits.empty());
  put_files(2);  // ~5 MiB: committed, the index being small (no files yet)
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2});
  // An index of 80 MiB on disk waits for 10 MiB of text.
  const auto search_directory = fake.options.root / ".ax" / "search";
  std::filesystem::create_directories(search_directory);
  std::ofstream(search_directory / "large").close();
  std::filesystem::resize_file(search_directory / "large", 80ull << 20);
  put_files(5);
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2});
  put_files(6);
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2, 4});
}

TEST_CASE("a lagging search index catches up when the repository closes") {
  Recorded recorded;
  FakeRepository fake(recorded);
  auto repository = ax::kernel::open_repository(fake.options, true);
  auto writer = repository->begin_write();
  put_one_file(*writer);
  writer->commit();
  writer.reset();
  CHECK(recorded.search_commits.empty());
  repository.reset();
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{1});
}

TEST_CASE("changes of a writer that never committed are never committed to the search index") {
  Recorded recorded;
  FakeRepository fake(recorded);
  auto repository = ax::kernel::open_repository(fake.options, true);
  auto writer = repository->begin_write();
  put_one_file(*writer);
  writer->commit();
  writer = repository->begin_write();
  put_one_file(*writer);  // then dropped, uncommitted
  writer.reset();
  repository.reset();
  // Left at generation 0 behind a store at 1: the next open rebuilds it from the store.
  CHECK(recorded.search_commits.empty());
  REQUIRE(recorded.notices.size() == 1);
  CHECK(recorded.notices[0] == "the search index was left behind the store; it is rebuilt on next use");
}

TEST_CASE("a reader meets a search index behind the store on its first search, and reads it as it is") {
  Recorded recorded;
  recorded.store_generation = 3;  // an indexer is running: the store moved on, the search index lags
  recorded.search_locked = true;
  FakeRepository fake(recorded);
  auto repository = ax::kernel::open_repository(fake.options, false);
  REQUIRE(repository != nullptr);
  // A reader that only reads the store never meets the search index's state.
  CHECK(repository->store().generation() == 3);
  CHECK(recorded.notices.empty());
  // Its first search does: it would rebuild, cannot, and says so once.
  CHECK(repository->search().search({}).empty());
  CHECK(repository->search().search({}).empty());
  REQUIRE(recorded.notices.size() == 1);
  CHECK_THAT(recorded.notices[0], Catch::StartsWith("search index was at generation 0, store at 3;") &&
                                      Catch::Contains("locked by another writer") &&
                                      Catch::EndsWith("so results come from what it holds now"));
  CHECK(recorded.search_commits.empty());
}

TEST_CASE("a writer's open rebuilds a search index behind the store at its first write, on the threads asked for") {
  Recorded recorded;
  recorded.store_generation = 2;  // the search index was removed: generation 0
  recorded.files = {{"a.py", "python", 6, 0, 0}, {"b.py", "python", 6, 0, 0}};
  FakeRepository fake(recorded);
  auto repository = ax::kernel::open_repository(fake.options, true);
  CHECK(recorded.search_puts == 0);  // not yet: ax index --threads 1 has yet to say so
  auto* one_thread = dynamic_cast<ax::sdk::CallerThreadWrites*>(repository.get());
  REQUIRE(one_thread != nullptr);
  one_thread->write_on_caller_thread();
  auto writer = repository->begin_write();
  CHECK(recorded.search_puts == 2);
  CHECK(recorded.search_puts_on_threads == 0);
  CHECK(recorded.search_commits == std::vector<std::uint64_t>{2});
  REQUIRE(recorded.notices.size() == 1);
  CHECK_THAT(recorded.notices[0], Catch::EndsWith("rebuilt it from the store (2 files)"));
  writer = repository->begin_write();  // once
  CHECK(recorded.search_puts == 2);
}
