// Parse throughput per language: every language plugin found parses its own fixtures
// (plugins/languages/<id>/fixtures) repeatedly on one thread; prints MB/s and symbols/s.
//   bench-parse <source dir> [seconds per language]
// Or the index pipeline on a tree with no storage: the same walk, reading, detection and parsing on
// the same threads as `ax index`, every write discarded (the yardstick of "storage must not
// dominate"); --store runs the real pipeline into TREE/.ax instead, for the ratio in one place.
//   bench-parse --tree TREE [--threads N] [--store]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <ax/index/pipeline.hpp>
#include "host.hpp"
#include "paths.hpp"
#include "plugin_catalog.hpp"

namespace fs = std::filesystem;

namespace {

// A repository that keeps nothing: every file is new and every write is dropped.
class NullStore final : public ax::sdk::SymbolStore {
 public:
  std::uint32_t schema_version() override { return 0; }
  std::uint64_t generation() override { return 0; }
  std::vector<ax::sdk::FileRecord> files() override { return {}; }
  std::optional<ax::sdk::FileRecord> file(std::string_view) override { return std::nullopt; }
  std::unique_ptr<ax::sdk::StoreWriter> begin_write() override { return nullptr; }
  std::vector<ax::sdk::StoredSymbol> find_symbols(std::string_view, ax::sdk::NameMatch, std::size_t) override {
    return {};
  }
  std::optional<ax::sdk::StoredSymbol> symbol(std::uint64_t) override { return std::nullopt; }
  std::vector<ax::sdk::StoredSymbol> file_symbols(std::string_view) override { return {}; }
  std::vector<ax::sdk::StoredReference> find_references(std::string_view, std::size_t) override { return {}; }
  std::vector<ax::sdk::StoredImport> file_imports(std::string_view) override { return {}; }
  void for_each_symbol(const std::function<void(const ax::sdk::StoredSymbol&)>&) override {}
  ax::sdk::StoreStats stats() override { return {}; }
};

class NullSearch final : public ax::sdk::SearchIndex {
 public:
  std::uint64_t generation() override { return 0; }
  void put_file(std::string_view, const std::vector<ax::sdk::SearchDocument>&) override {}
  void remove_file(std::string_view) override {}
  void remove_all() override {}
  void commit(std::uint64_t) override {}
  std::vector<ax::sdk::SearchHit> search(const ax::sdk::SearchQuery&) override { return {}; }
};

class NullWriter final : public ax::sdk::IndexWriter {
 public:
  void put_file(const ax::sdk::FileRecord&, const ax::sdk::ParseResult&, std::string_view) override {}
  void remove_file(std::string_view) override {}
  void touch_file(const ax::sdk::FileRecord&) override {}
  std::uint64_t commit() override { return 0; }
};

class NullRepository final : public ax::sdk::Repository {
 public:
  // The run's state (writer lock, incomplete marker) goes to a scratch directory, not into the tree.
  explicit NullRepository(fs::path root)
      : root_(std::move(root)),
        state_dir_(fs::temp_directory_path() / ("ax-bench-state-" + std::to_string(::getpid()))) {
    fs::create_directories(state_dir_);
  }
  ~NullRepository() override {
    std::error_code ignored;
    fs::remove_all(state_dir_, ignored);
  }
  const fs::path& root() const override { return root_; }
  const fs::path& state_dir() const override { return state_dir_; }
  ax::sdk::SymbolStore& store() override { return store_; }
  ax::sdk::SearchIndex& search() override { return search_; }
  std::unique_ptr<ax::sdk::IndexWriter> begin_write() override { return std::make_unique<NullWriter>(); }
  std::optional<std::string> verify_search() override { return std::nullopt; }

 private:
  fs::path root_, state_dir_;
  NullStore store_;
  NullSearch search_;
};

int bench_tree(const fs::path& tree, unsigned threads, bool store) {
  ax::kernel::HostOptions options;
  options.working_directory = fs::canonical(tree);
  ax::kernel::KernelHost host(options);
  std::unique_ptr<ax::sdk::Repository> repository;
  if (store)
    repository = host.open_repository(options.working_directory);
  else
    repository = std::make_unique<NullRepository>(options.working_directory);
  ax::index::IndexOptions index_options;
  index_options.threads = threads;
  const auto summary = ax::index::run_index(host, *repository, index_options, nullptr);
  repository.reset();  // a real repository brings its search index up to date on close
  const auto& p = summary.phases;
  std::printf("%s: %llu files parsed, %llu symbols, %u threads: %.2f s, %.0f files/s, %.1f MB/s\n",
              store ? "with storage" : "no storage", static_cast<unsigned long long>(summary.parsed),
              static_cast<unsigned long long>(summary.symbols), summary.threads, summary.seconds,
              static_cast<double>(summary.parsed) / summary.seconds,
              static_cast<double>(summary.bytes_parsed) / 1e6 / summary.seconds);
  std::printf(
      "  walk %.2f s; read %.2f s, parse+extract %.2f s, search documents %.2f s (thread-seconds); store %.2f s, "
      "search %.2f s, commit %.2f s\n",
      p.walk, p.read, p.parse, p.prepare, p.store_write, p.search_write, p.commit);
  // Wall time follows the machine's load; the process's CPU time compares builds on a busy machine.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  std::printf("  cpu %.2f s (user %.2f s, system %.2f s; the whole process, plugin loading included)\n",
              seconds(usage.ru_utime) + seconds(usage.ru_stime), seconds(usage.ru_utime), seconds(usage.ru_stime));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--tree") {
    unsigned threads = 0;
    bool store = false;
    for (int i = 3; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--threads" && i + 1 < argc) {
        threads = static_cast<unsigned>(std::stoul(argv[++i]));
      } else if (arg == "--store") {
        store = true;
      } else {
        std::fprintf(stderr, "bench-parse: unknown argument %s\n", arg.c_str());
        return 2;
      }
    }
    return bench_tree(argv[2], threads, store);
  }
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench-parse SOURCE_DIR [SECONDS] | bench-parse --tree TREE [--threads N] [--store]\n");
    return 2;
  }
  const fs::path source_dir = argv[1];
  const double budget = argc > 2 ? std::stod(argv[2]) : 2.0;
  ax::kernel::PluginCatalog catalog({ax::kernel::builtin_plugin_directory()},
                                    [](const std::string& w) { std::fprintf(stderr, "warning: %s\n", w.c_str()); });
  std::printf("%-12s %8s %8s %10s %12s %8s\n", "language", "files", "KiB", "MB/s", "symbols/s", "runs");
  for (auto* entry : catalog.usable(ax::sdk::PluginKind::language)) {
    auto* language = dynamic_cast<ax::sdk::LanguagePlugin*>(catalog.instance(*entry));
    if (language == nullptr) continue;
    const std::string id = language->info().id;
    std::vector<std::pair<std::string, std::string>> files;  // path, text
    std::size_t bytes = 0;
    const fs::path fixtures = source_dir / "plugins" / "languages" / id / "fixtures";
    std::error_code ec;
    for (fs::directory_iterator it(fixtures, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->path().extension() == ".outline") continue;  // the golden outlines beside the fixtures
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      bytes += text.str().size();
      files.emplace_back(it->path().filename().string(), text.str());
    }
    if (files.empty()) continue;
    auto parser = language->make_parser();
    for (const auto& [path, text] : files) parser->parse(text, path);  // warm-up: compiles the query
    std::size_t runs = 0, symbols = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < budget) {
      for (const auto& [path, text] : files) symbols += parser->parse(text, path).symbols.size();
      ++runs;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::printf("%-12s %8zu %8zu %10.2f %12.0f %8zu\n", id.c_str(), files.size(), bytes / 1024,
                static_cast<double>(bytes * runs) / 1e6 / elapsed, static_cast<double>(symbols) / elapsed, runs);
  }
  return 0;
}
