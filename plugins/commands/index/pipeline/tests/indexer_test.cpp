// The index pipeline (run_index) against a fake host, language, store and writer: batching and
// commit boundaries, unchanged / removed files, errors in workers and in the writer, interruption,
// the walk (symlinks, ignore rules), and the run state (writer lock, "incomplete" marker).
#include <unistd.h>
#include <optional>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <ax/index/ignore_rules.hpp>
#include <ax/index/pipeline.hpp>
#include "run_state.hpp"

namespace {
namespace fs = std::filesystem;
using namespace ax;

// A temporary repository directory, removed at the end of the test.
struct TempRepo {
  fs::path root;
  TempRepo() {
    std::string pattern = (fs::temp_directory_path() / "ax-indexer-test.XXXXXX").string();
    root = mkdtemp(pattern.data());
    fs::create_directories(root / ".ax");
  }
  ~TempRepo() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((root / path).parent_path());
    std::ofstream(root / path, std::ios::binary) << text;
  }
  fs::path state_dir() const { return root / ".ax"; }
};

struct FakeHost;

// "Parses" a .fk file into one function named after the file; the content can make it misbehave.
class FakeParser final : public sdk::SourceParser {
 public:
  explicit FakeParser(FakeHost& host) : host_(host) {}
  sdk::ParseResult parse(std::string_view source, std::string_view path) override;

 private:
  FakeHost& host_;
};

class FakeLanguage final : public sdk::LanguagePlugin {
 public:
  explicit FakeLanguage(FakeHost& host) : host_(host) { info_.id = "fake"; }
  const sdk::LanguageInfo& info() const override { return info_; }
  std::unique_ptr<sdk::SourceParser> make_parser() const override { return std::make_unique<FakeParser>(host_); }

 private:
  FakeHost& host_;
  sdk::LanguageInfo info_;
};

struct FakeHost final : sdk::Host {
  FakeLanguage language_plugin{*this};
  std::atomic<bool> interrupt_flag{false};
  std::ostringstream out_, err_;

  std::optional<std::string> config(std::string_view) const override { return std::nullopt; }
  std::vector<sdk::ConfigValue> config_values() const override { return {}; }
  void set_config(std::string_view, std::string_view, sdk::ConfigScope) override {}
  std::ostream& out() override { return out_; }
  std::ostream& err() override { return err_; }
  bool stderr_is_terminal() const override { return false; }
  void log(sdk::LogLevel, std::string_view message) override { err_ << message << "\n"; }
  fs::path working_directory() const override { return fs::current_path(); }
  const std::atomic<bool>& interrupted() const override { return interrupt_flag; }
  std::vector<sdk::LanguagePlugin*> languages() override { return {&language_plugin}; }
  sdk::LanguagePlugin* language(std::string_view id) override { return id == "fake" ? &language_plugin : nullptr; }
  std::optional<std::string> detect_language(const fs::path& path, std::string_view) override {
    if (path.extension() == ".fk") return "fake";
    return std::nullopt;
  }
  std::vector<sdk::PluginInfo> plugins() override { return {}; }
  std::unique_ptr<sdk::Repository> find_repository(const fs::path&) override { return nullptr; }
  std::unique_ptr<sdk::Repository> open_repository(const fs::path&) override { return nullptr; }
  std::optional<fs::path> repository_root(const fs::path&) override { return std::nullopt; }
  sdk::StoragePlugin& symbol_store_plugin() override { throw std::logic_error("no storage in the fake host"); }
  fs::path migrations_directory() const override { return {}; }
};

sdk::ParseResult FakeParser::parse(std::string_view source, std::string_view path) {
  if (source.find("THROW_STD") != std::string_view::npos) throw std::runtime_error("parser exploded");
  if (source.find("THROW_LINES") != std::string_view::npos) throw std::runtime_error("first line\nsecond line");
  if (source.find("THROW_INT") != std::string_view::npos) throw 42;  // not a std::exception
  if (source.find("INTERRUPT") != std::string_view::npos) host_.interrupt_flag = true;
  sdk::ParseResult result;
  sdk::Symbol symbol;
  symbol.name = fs::path(path).stem().string();
  symbol.kind = sdk::SymbolKind::function;
  result.symbols.push_back(symbol);
  return result;
}

// What the fake store holds, and the operations committed to it, batch by batch.
struct StoreState {
  std::map<std::string, sdk::FileRecord> files;
  std::vector<std::vector<std::string>> commits;  // "put a.fk", "remove b.fk", "touch c.fk"
  std::uint64_t generation = 0;
  // Fault injection: throw from the writer's Nth put_file / Nth commit (1-based; 0 = never).
  std::size_t throw_on_put = 0, throw_on_commit = 0;
  std::size_t puts = 0, commit_calls = 0;
  std::mutex mutex;
  // Search documents prepared off the writer (sdk::PreparingRepository): off unless set; files
  // whose name contains prepare_fails make prepare_file throw.
  bool prepares = false;
  std::string prepare_fails;
  // Per prepared file put: whether it was prepared on a thread other than the writer's.
  std::map<std::string, bool> prepared_elsewhere;
};

// What FakeRepository::prepare_file makes: the path, and the thread that made it.
struct FakePreparedFile final : sdk::PreparedSearchFile {
  std::string path;
  std::thread::id thread;
};

class FakeWriter final : public sdk::IndexWriter, public sdk::PreparedIndexWriter {
 public:
  explicit FakeWriter(StoreState& state) : state_(state) {}
  void put_prepared_file(const sdk::FileRecord& record, const sdk::ParseResult& result, std::string_view source,
                         std::unique_ptr<sdk::PreparedSearchFile> prepared) override {
    auto* fake = dynamic_cast<FakePreparedFile*>(prepared.get());
    if (fake == nullptr) return put_file(record, result, source);
    REQUIRE(fake->path == record.path);
    put_file(record, result, source);
    pending_.back() = "put prepared " + record.path;
    state_.prepared_elsewhere[record.path] = fake->thread != std::this_thread::get_id();
  }
  void put_file(const sdk::FileRecord& record, const sdk::ParseResult&, std::string_view) override {
    if (++state_.puts == state_.throw_on_put) throw sdk::StoreError("search index is locked by another writer");
    pending_.push_back("put " + record.path);
    records_[record.path] = record;
  }
  void remove_file(std::string_view path) override { pending_.push_back("remove " + std::string(path)); }
  void touch_file(const sdk::FileRecord& record) override {
    pending_.push_back("touch " + record.path);
    records_[record.path] = record;
  }
  std::uint64_t commit() override {
    if (++state_.commit_calls == state_.throw_on_commit) throw sdk::StoreError("disk full");
    for (const auto& op : pending_)
      if (op.rfind("remove ", 0) == 0) state_.files.erase(op.substr(7));
    for (auto& [path, record] : records_) state_.files[path] = record;
    state_.commits.push_back(std::move(pending_));
    pending_.clear();
    records_.clear();
    return ++state_.generation;
  }

 private:
  StoreState& state_;
  std::vector<std::string> pending_;
  std::map<std::string, sdk::FileRecord> records_;
};

class FakeStore final : public sdk::SymbolStore {
 public:
  explicit FakeStore(StoreState& state) : state_(state) {}
  std::uint32_t schema_version() override { return 1; }
  std::uint64_t generation() override { return state_.generation; }
  std::vector<sdk::FileRecord> files() override {
    std::vector<sdk::FileRecord> out;
    for (const auto& [_, record] : state_.files) out.push_back(record);
    return out;
  }
  std::optional<sdk::FileRecord> file(std::string_view path) override {
    auto it = state_.files.find(std::string(path));
    if (it == state_.files.end()) return std::nullopt;
    return it->second;
  }
  std::unique_ptr<sdk::StoreWriter> begin_write() override { return nullptr; }
  std::vector<sdk::StoredSymbol> find_symbols(std::string_view, sdk::NameMatch, std::size_t) override { return {}; }
  std::optional<sdk::StoredSymbol> symbol(std::uint64_t) override { return std::nullopt; }
  std::vector<sdk::StoredSymbol> file_symbols(std::string_view) override { return {}; }
  std::vector<sdk::StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>&) override {}
  sdk::StoreStats stats() override { return {}; }

 private:
  StoreState& state_;
};

class FakeSearch final : public sdk::SearchIndex {
 public:
  std::uint64_t generation() override { return 0; }
  void put_file(std::string_view, const std::vector<sdk::SearchDocument>&) override {}
  void remove_file(std::string_view) override {}
  void remove_all() override {}
  void commit(std::uint64_t) override {}
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery&) override { return {}; }
};

class FakeRepository final : public sdk::Repository, public sdk::PreparingRepository {
 public:
  explicit FakeRepository(const TempRepo& repo) : root_(repo.root), state_dir_(repo.state_dir()), store_(state) {}
  const fs::path& root() const override { return root_; }
  const fs::path& state_dir() const override { return state_dir_; }
  sdk::SymbolStore& store() override { return store_; }
  sdk::SearchIndex& search() override { return search_; }
  std::unique_ptr<sdk::IndexWriter> begin_write() override { return std::make_unique<FakeWriter>(state); }
  std::optional<std::string> verify_search() override { return std::nullopt; }
  std::unique_ptr<sdk::PreparedSearchFile> prepare_file(const sdk::FileRecord& record, const sdk::ParseResult&,
                                                        std::string_view) override {
    if (!state.prepares) return nullptr;
    if (!state.prepare_fails.empty() && record.path.find(state.prepare_fails) != std::string::npos)
      throw sdk::StoreError("cannot analyse " + record.path);
    auto prepared = std::make_unique<FakePreparedFile>();
    prepared->path = record.path;
    prepared->thread = std::this_thread::get_id();
    return prepared;
  }

  StoreState state;

 private:
  fs::path root_, state_dir_;
  FakeStore store_;
  FakeSearch search_;
};

index::IndexOptions options(std::size_t batch_size, unsigned threads = 2) {
  index::IndexOptions o;
  o.batch_size = batch_size;
  o.threads = threads;
  return o;
}

// Runs the pipeline on another thread: a pipeline that hangs fails the test instead of hanging it.
index::IndexSummary run_bounded(FakeHost& host, FakeRepository& repository, const index::IndexOptions& o) {
  auto future = std::async(std::launch::async, [&] { return index::run_index(host, repository, o, nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s (deadlock)");
    std::_Exit(1);  // the hung threads cannot be joined
  }
  return future.get();
}

// "f7.fk"; built by appending (GCC 12 warns wrongly about "f" + std::to_string(i)).
std::string numbered(const char* prefix, int i) {
  std::string name = prefix;
  name += std::to_string(i);
  name += ".fk";
  return name;
}

bool contains(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& line : lines)
    if (line.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("pipeline: files are committed in batches of index.batch_size, the rest at the end") {
  TempRepo repo;
  for (int i = 0; i < 5; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(2));
  CHECK(summary.parsed == 5);
  CHECK(summary.symbols == 5);
  REQUIRE(repository.state.commits.size() == 3);
  CHECK(repository.state.commits[0].size() == 2);
  CHECK(repository.state.commits[1].size() == 2);
  CHECK(repository.state.commits[2].size() == 1);
  CHECK(repository.state.files.size() == 5);
  CHECK(summary.generation == 3);
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));  // a completed run leaves no marker
}

TEST_CASE("pipeline: unchanged files are not read; removed files are dropped in the last commit") {
  TempRepo repo;
  repo.write("keep.fk", "keep");
  repo.write("change.fk", "v1");
  FakeHost host;
  FakeRepository repository(repo);
  run_bounded(host, repository, options(100));
  REQUIRE(repository.state.files.size() == 2);

  repository.state.files["gone.fk"] = {"gone.fk", "fake", 3, 1, 7};  // indexed once, now deleted
  repo.write("change.fk", "version two");
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 1);
  CHECK(summary.unchanged == 1);
  CHECK(summary.removed == 1);
  REQUIRE(repository.state.commits.size() == 2);
  CHECK(repository.state.commits[1] == std::vector<std::string>{"put change.fk", "remove gone.fk"});
  CHECK(repository.state.files.count("gone.fk") == 0);

  // Nothing changed: nothing committed, the generation stays.
  summary = run_bounded(host, repository, options(100));
  CHECK(repository.state.commits.size() == 2);
  CHECK(summary.generation == 2);
  CHECK(summary.unchanged == 2);
}

TEST_CASE("pipeline: a parser throwing anything makes that file failed; the run goes on") {
  TempRepo repo;
  repo.write("good.fk", "fine");
  repo.write("std.fk", "THROW_STD");
  repo.write("int.fk", "THROW_INT");
  repo.write("lines.fk", "THROW_LINES");
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 1);
  CHECK(summary.failed == 3);
  CHECK(contains(summary.problems, "parser failed on lines.fk: first line second line"));  // one line
  CHECK(contains(summary.problems, "parser failed on std.fk: parser exploded"));
  CHECK(contains(summary.problems, "parser failed on int.fk: unknown exception (not a std::exception)"));
  // Failed files are recorded (with their language and hash), so they are not read again unchanged.
  REQUIRE(repository.state.files.count("int.fk") == 1);
  CHECK(repository.state.files["int.fk"].language == "fake");
  CHECK(repository.state.files["int.fk"].content_hash == index::content_hash("THROW_INT"));
}

TEST_CASE("pipeline: an error in the writer stops the workers, is rethrown, and nothing hangs") {
  TempRepo repo;
  // Many more files than the queue holds, so that the workers block on a full queue.
  for (int i = 0; i < 300; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.throw_on_put = 3;
  auto future =
      std::async(std::launch::async, [&] { return index::run_index(host, repository, options(1000), nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s after the writer failed (deadlock)");
    std::_Exit(1);
  }
  CHECK_THROWS_WITH(future.get(), "search index is locked by another writer");
  CHECK(repository.state.commits.empty());              // the batch was discarded
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));  // nothing was committed
}

TEST_CASE("pipeline: an error committing a later batch leaves the index marked incomplete") {
  TempRepo repo;
  for (int i = 0; i < 40; ++i) repo.write(numbered("f", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.throw_on_commit = 2;
  auto future = std::async(std::launch::async, [&] { return index::run_index(host, repository, options(5), nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s after a commit failed (deadlock)");
    std::_Exit(1);
  }
  CHECK_THROWS_WITH(future.get(), "disk full");
  CHECK(repository.state.commits.size() == 1);
  CHECK(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("pipeline: Ctrl-C stops at a batch, keeps what was committed, removes nothing, marks incomplete") {
  TempRepo repo;
  repo.write("a.fk", "INTERRUPT");
  for (int i = 0; i < 200; ++i) repo.write(numbered("z", i), numbered("text ", i));
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.files["gone.fk"] = {"gone.fk", "fake", 3, 1, 7};
  auto summary = run_bounded(host, repository, options(1, 1));
  CHECK(summary.interrupted);
  CHECK(summary.removed == 0);
  CHECK(repository.state.files.count("gone.fk") == 1);
  CHECK(repository.state.files.count("a.fk") == 1);
  CHECK(summary.parsed < 201);
  CHECK(index::is_incomplete(repo.state_dir()));

  // The next run completes, and clears the marker.
  host.interrupt_flag = false;
  repo.write("a.fk", "no longer interrupting");
  summary = run_bounded(host, repository, options(50));
  CHECK_FALSE(summary.interrupted);
  CHECK(repository.state.files.size() == 201);
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("walk: with follow_symlinks, a link to the root or to a directory never walks it twice") {
  TempRepo repo;
  repo.write("src/a.fk", "a");
  repo.write("zreal/b.fk", "b");
  fs::create_directory_symlink(repo.root, repo.root / "src" / "loop");  // back to the root
  fs::create_directory_symlink("zreal", repo.root / "alias");           // sorts before its target
  FakeHost host;
  FakeRepository repository(repo);
  auto o = options(100);
  o.follow_symlinks = true;
  auto summary = run_bounded(host, repository, o);
  CHECK(summary.files_seen == 2);
  CHECK(repository.state.files.size() == 2);
  CHECK(repository.state.files.count("src/a.fk") == 1);
  CHECK(repository.state.files.count("zreal/b.fk") == 1);  // under its real path, not alias/
}

TEST_CASE("walk: with follow_symlinks, a link to a directory reached no other way is walked") {
  TempRepo repo;
  repo.write("ignored/c.fk", "c");
  repo.write(".gitignore", "ignored/\n");
  fs::create_directory_symlink("ignored", repo.root / "linked");
  FakeHost host;
  FakeRepository repository(repo);
  auto o = options(100);
  o.follow_symlinks = true;
  run_bounded(host, repository, o);
  CHECK(repository.state.files.count("linked/c.fk") == 1);
  CHECK(repository.state.files.size() == 2);  // and .gitignore itself, of no language
}

TEST_CASE("walk: when every file is ignored, the summary names the rules that did it") {
  TempRepo repo;
  repo.write(".gitignore", "# packaging\n/*\n");
  repo.write("src/a.fk", "a");
  repo.write("b.fk", "b");
  FakeHost host;
  FakeRepository repository(repo);
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.files_seen == 0);
  CHECK(summary.ignored == 3);  // .gitignore, b.fk, src/
  REQUIRE(summary.ignored_by.size() == 1);
  CHECK(summary.ignored_by[0].file == ".gitignore");
  CHECK(summary.ignored_by[0].line == 2);
  CHECK(summary.ignored_by[0].pattern == "/*");
  CHECK(summary.ignored_by[0].entries == 3);
}

TEST_CASE("ignore rules: the matching rule is known with its file and line; negation un-ignores") {
  TempRepo repo;
  repo.write("sub/.axignore", "*.tmp\n\n!keep.tmp\n");
  index::IgnoreRules rules;
  REQUIRE(rules.add_file(repo.root / "sub" / ".axignore", "sub", "sub/.axignore") == 2);
  const index::RuleOrigin* rule = rules.ignoring_rule("sub/x.tmp", false);
  REQUIRE(rule != nullptr);
  CHECK(rule->file == "sub/.axignore");
  CHECK(rule->line == 1);
  CHECK(rule->text == "*.tmp");
  CHECK(rules.ignoring_rule("sub/keep.tmp", false) == nullptr);
  CHECK(rules.ignoring_rule("x.tmp", false) == nullptr);
}

TEST_CASE("writer lock: exclusive, records the holder's pid, released with the object") {
  TempRepo repo;
  auto first = index::WriterLock::try_acquire(repo.state_dir());
  REQUIRE(first);
  CHECK(index::WriterLock::holder(repo.state_dir()) == getpid());
  CHECK_FALSE(index::WriterLock::try_acquire(repo.state_dir()));  // flock: per open file, even in one process

  // Waiting: told once who holds it; a stop request ends the wait without the lock.
  std::atomic<bool> stop{false};
  std::vector<pid_t> told;
  auto waiter = std::async(std::launch::async, [&] {
    return index::wait_for_writer_lock(repo.state_dir(), stop, [&](pid_t pid) { told.push_back(pid); });
  });
  CHECK(waiter.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
  stop = true;
  REQUIRE(waiter.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK_FALSE(waiter.get());
  CHECK(told == std::vector<pid_t>{getpid()});

  // Released: a waiter gets it.
  stop = false;
  auto second = std::async(std::launch::async, [&] { return index::wait_for_writer_lock(repo.state_dir(), stop, {}); });
  first.reset();
  REQUIRE(second.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(second.get());
}

TEST_CASE("incomplete marker: set, seen, cleared") {
  TempRepo repo;
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
  index::mark_incomplete(repo.state_dir());
  CHECK(index::is_incomplete(repo.state_dir()));
  index::clear_incomplete(repo.state_dir());
  CHECK_FALSE(index::is_incomplete(repo.state_dir()));
}

TEST_CASE("pipeline: search documents are prepared on the parser threads; a failed preparation is the writer's") {
  TempRepo repo;
  for (int i = 0; i < 6; ++i) repo.write(numbered("f", i), numbered("text ", i));
  repo.write("bad.fk", "text");
  FakeHost host;
  FakeRepository repository(repo);
  repository.state.prepares = true;
  repository.state.prepare_fails = "bad";
  auto summary = run_bounded(host, repository, options(100));
  CHECK(summary.parsed == 7);
  CHECK(summary.failed == 0);
  REQUIRE(repository.state.commits.size() == 1);
  const auto& puts = repository.state.commits[0];
  for (int i = 0; i < 6; ++i) {
    CHECK(contains(puts, "put prepared " + numbered("f", i)));
    CHECK(repository.state.prepared_elsewhere[numbered("f", i)]);
  }
  // The writer's own put_file does what the parser thread could not.
  CHECK(contains(puts, "put bad.fk"));
  CHECK_FALSE(contains(puts, "put prepared bad.fk"));
}
