// Fakes of a host, a language, a store and its writer for the pipeline's tests: the store records
// what each commit wrote; faults can be injected into the parser, the writer and the commit.
#pragma once
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <ax/index/pipeline.hpp>
#include <ax/sdk/caller_thread_writes.hpp>
#include "run_state.hpp"
#include "stub_host.hpp"

namespace ax::index::testing {
namespace fs = std::filesystem;

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

// "Parses" a .fk file into one function named after the file; the content can make it misbehave,
// or (PROJECT) report the project the pipeline showed the parser to the host.
class FakeParser final : public sdk::SourceParser, public sdk::ProjectAwareParser {
 public:
  explicit FakeParser(FakeHost& host) : host_(host) {}
  sdk::ParseResult parse(std::string_view source, std::string_view path) override;
  void set_project(std::shared_ptr<const sdk::ProjectContext> project) override { project_ = std::move(project); }

 private:
  FakeHost& host_;
  std::shared_ptr<const sdk::ProjectContext> project_;
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

struct FakeHost final : StubHost {
  FakeLanguage language_plugin{*this};
  // What parsers of PROJECT files saw of the project: its root and files, or "(none)".
  std::mutex project_mutex;
  std::vector<std::string> project_roots;
  std::vector<std::string> project_files;
  std::set<const void*> project_data;  // shared_data("fake.count") as each parser got it

  std::vector<sdk::LanguagePlugin*> languages() override { return {&language_plugin}; }
  sdk::LanguagePlugin* language(std::string_view id) override { return id == "fake" ? &language_plugin : nullptr; }
  std::optional<std::string> detect_language(const fs::path& path, std::string_view) override {
    if (path.extension() == ".fk") return "fake";
    return std::nullopt;
  }
};

inline sdk::ParseResult FakeParser::parse(std::string_view source, std::string_view path) {
  if (source.find("THROW_STD") != std::string_view::npos) throw std::runtime_error("parser exploded");
  if (source.find("THROW_LINES") != std::string_view::npos) throw std::runtime_error("first line\nsecond line");
  if (source.find("THROW_INT") != std::string_view::npos) throw 42;  // not a std::exception
  if (source.find("INTERRUPT") != std::string_view::npos) host_.interrupt_flag = true;
  if (source.find("PROJECT") != std::string_view::npos) {
    std::lock_guard lock(host_.project_mutex);
    if (project_ == nullptr) {
      host_.project_roots.push_back("(none)");
    } else {
      host_.project_roots.push_back(project_->root());
      host_.project_files = project_->files();
      host_.project_data.insert(
          project_->shared_data("fake.count", [] { return std::make_shared<const int>(42); }).get());
    }
  }
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
  bool writes_on_caller = false;  // sdk::CallerThreadWrites was asked for
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

class FakeRepository final : public sdk::Repository, public sdk::PreparingRepository, public sdk::CallerThreadWrites {
 public:
  void write_on_caller_thread() override { state.writes_on_caller = true; }
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
  EmptySearch search_{0};
};

inline index::IndexOptions options(std::size_t batch_size, unsigned threads = 2) {
  index::IndexOptions o;
  o.batch_size = batch_size;
  o.threads = threads;
  return o;
}

// Runs the pipeline on another thread: a pipeline that hangs fails the test instead of hanging it.
inline index::IndexSummary run_bounded(FakeHost& host, FakeRepository& repository, const index::IndexOptions& o) {
  auto future = std::async(std::launch::async, [&] { return index::run_index(host, repository, o, nullptr); });
  if (future.wait_for(std::chrono::seconds(20)) == std::future_status::timeout) {
    FAIL_CHECK("run_index did not return within 20 s (deadlock)");
    std::_Exit(1);  // the hung threads cannot be joined
  }
  return future.get();
}

// "f7.fk"; built by appending (GCC 12 warns wrongly about "f" + std::to_string(i)).
inline std::string numbered(const char* prefix, int i) {
  std::string name = prefix;
  name += std::to_string(i);
  name += ".fk";
  return name;
}

inline bool contains(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& line : lines)
    if (line.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace ax::index::testing
