#include "repository.hpp"

#include <ax/sdk/graph.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <optional>

#include <ax/sdk/file.hpp>

#include "run_state.hpp"
#include "search_guard.hpp"
#include "unsynced_marker.hpp"

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {

// Byte offsets of line starts, for slicing lines out of a file.
std::vector<std::size_t> line_starts(std::string_view source) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < source.size(); ++i)
    if (source[i] == '\n') starts.push_back(i + 1);
  return starts;
}

std::string_view lines_between(std::string_view source, const std::vector<std::size_t>& starts, std::uint32_t first,
                               std::uint32_t last) {
  if (first == 0 || first > starts.size()) return {};
  std::size_t begin = starts[first - 1];
  std::size_t end = last < starts.size() ? starts[last] : source.size();
  if (end < begin) return {};
  return source.substr(begin, end - begin);
}

// Forty lines of code are a few KiB; a chunk far larger is minified or generated text, whose words
// would cost the search index memory and time in proportion to its size for little use. Only its
// start is indexed, cut at an ASCII byte (never inside a UTF-8 sequence) so no word is split.
constexpr std::size_t kMaxIndexedChunkBytes = 256 * 1024;

std::string_view indexed_text(std::string_view chunk) {
  if (chunk.size() <= kMaxIndexedChunkBytes) return chunk;
  std::string_view head = chunk.substr(0, kMaxIndexedChunkBytes);
  const std::size_t cut = head.find_last_of(" \t\r\n;,(){}[]");
  return cut == std::string_view::npos ? std::string_view{} : head.substr(0, cut);
}

std::vector<sdk::StoredSymbol> as_stored(const sdk::FileRecord& record, const sdk::ParseResult& result,
                                         const std::vector<std::uint64_t>& ids) {
  std::vector<sdk::StoredSymbol> stored;
  stored.reserve(result.symbols.size());
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    sdk::StoredSymbol s;
    s.id = i < ids.size() ? ids[i] : 0;
    s.path = record.path;
    s.language = record.language;
    s.symbol = result.symbols[i];
    stored.push_back(std::move(s));
  }
  return stored;
}

// The bytes of the files below `directory` (0 where it cannot be read).
std::uint64_t directory_bytes(const fs::path& directory) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec))
    if (std::error_code size_ec; it->is_regular_file(size_ec)) bytes += it->file_size(size_ec);
  return bytes;
}

// Committing the search index rewrites much of it (every posting list a change touches), so it
// commits far less often than the store: it lags behind, and catches up when the text of the pending
// changes reaches the budget or when the repository is closed. The budget follows the index's size:
// a commit rewrites up to all of it, so a large index waits for text in proportion (up to
// index.search_buffer), while a small one commits every kMinimumBudgetBytes, which keeps Xapian's
// buffers of pending changes small: their lookups miss the cache as they grow (a cold index of the
// Go tree takes a tenth less CPU with 4 MiB than with 32 MiB). Counting text, not documents, keeps
// its memory bounded whatever the size of the files. A crash meanwhile leaves it at an older
// generation, which the next open rebuilds from the store.
class DeferredSearchCommit {
 public:
  // `index_bytes` tells the search index's size on disk.
  DeferredSearchCommit(sdk::SearchIndex& search, std::uint64_t budget_bytes, std::function<std::uint64_t()> index_bytes)
      : search_(search), budget_bytes_(budget_bytes), index_bytes_(std::move(index_bytes)) {}
  DeferredSearchCommit(const DeferredSearchCommit&) = delete;
  DeferredSearchCommit& operator=(const DeferredSearchCommit&) = delete;

  void changed(std::size_t text_bytes) { pending_bytes_ += text_bytes; }
  // A writer went away without committing: its search changes may not be committed with any generation.
  void abandoned() { abandoned_ = true; }
  void store_committed(std::uint64_t generation) {
    generation_ = generation;
    const std::uint64_t least = std::min(kMinimumBudgetBytes, budget_bytes_);
    if (pending_bytes_ < least) return;  // the index's size is not needed
    if (pending_bytes_ >= std::clamp(index_bytes_() / kIndexBytesPerBudgetByte, least, budget_bytes_)) flush();
  }
  // Commits what is pending (the repository is closing); false when it could not.
  bool flush() {
    if (!generation_ || abandoned_) return !abandoned_;
    search_.commit(*generation_);
    generation_.reset();
    pending_bytes_ = 0;
    return true;
  }

 private:
  static constexpr std::uint64_t kMinimumBudgetBytes = 4ull << 20;
  // A commit once the text pending reaches an eighth of the index's size: what a commit rewrites then
  // stays within about eight times the text it brings.
  static constexpr std::uint64_t kIndexBytesPerBudgetByte = 8;

  sdk::SearchIndex& search_;
  std::uint64_t budget_bytes_;
  std::function<std::uint64_t()> index_bytes_;
  std::uint64_t pending_bytes_ = 0;
  std::optional<std::uint64_t> generation_;  // the store generation the pending changes complete
  bool abandoned_ = false;
};

// What a file's search documents weigh in the search index's buffer: their text, and for each a
// share for its terms of path, language and kind, its values and its stored data.
std::size_t pending_text_bytes(const std::vector<sdk::SearchDocument>& documents) {
  constexpr std::size_t kPerDocument = 256;
  std::size_t bytes = 0;
  for (const auto& d : documents)
    bytes += kPerDocument + d.name.size() + d.qualified_name.size() + d.signature.size() + d.doc.size() + d.body.size();
  return bytes;
}
// A removal: the file's documents are deleted, their terms' posting lists changed.
constexpr std::size_t kRemovalBytes = 4096;

// Runs `step`, adding the seconds it took to `seconds` (also when it throws).
template <class Step>
auto timed(double& seconds, Step&& step) {
  struct Clock {
    double& seconds;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    ~Clock() { seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
  } clock{seconds};
  return step();
}

// A file's search documents prepared off the writer thread, and the text they hold (for
// DeferredSearchCommit, which bounds the text pending).
class KernelPreparedFile final : public sdk::PreparedSearchFile {
 public:
  KernelPreparedFile(std::unique_ptr<sdk::PreparedSearchFile> search, std::size_t text_bytes)
      : search(std::move(search)), text_bytes(text_bytes) {}
  std::unique_ptr<sdk::PreparedSearchFile> search;
  std::size_t text_bytes;
};

class KernelIndexWriter final : public sdk::IndexWriter,
                                public sdk::CatchUpIndexWriter,
                                public sdk::TimedIndexWriter,
                                public sdk::PreparedIndexWriter,
                                public sdk::ImportGraphWriter {
 public:
  KernelIndexWriter(std::unique_ptr<sdk::StoreWriter> store, SearchGuard& search, DeferredSearchCommit& search_commit,
                    std::uint32_t chunk_lines)
      : store_(std::move(store)), search_(search), search_commit_(search_commit), chunk_lines_(chunk_lines) {}
  ~KernelIndexWriter() override {
    if (uncommitted_) search_commit_.abandoned();
  }

  void put_file(const sdk::FileRecord& record, const sdk::ParseResult& result, std::string_view source) override {
    auto ids = timed(times_.store, [&] { return store_->put_file(record, result); });
    uncommitted_ = true;
    timed(times_.search, [&] {
      auto documents = search_documents(record, as_stored(record, result, ids), source, chunk_lines_);
      search_.put_file(record.path, documents);
      search_commit_.changed(pending_text_bytes(documents));
    });
  }
  void put_prepared_file(const sdk::FileRecord& record, const sdk::ParseResult& result, std::string_view source,
                         std::unique_ptr<sdk::PreparedSearchFile> prepared) override {
    auto* kernel_prepared = dynamic_cast<KernelPreparedFile*>(prepared.get());
    if (kernel_prepared == nullptr) return put_file(record, result, source);
    auto ids = timed(times_.store, [&] { return store_->put_file(record, result); });
    uncommitted_ = true;
    timed(times_.search, [&] {
      search_.put_prepared_file(record.path, std::move(kernel_prepared->search), ids);
      search_commit_.changed(kernel_prepared->text_bytes);
    });
  }
  void remove_file(std::string_view path) override {
    timed(times_.store, [&] { store_->remove_file(path); });
    uncommitted_ = true;
    timed(times_.search, [&] { search_.remove_file(path); });
    search_commit_.changed(kRemovalBytes);
  }
  void touch_file(const sdk::FileRecord& record) override {
    timed(times_.store, [&] { store_->touch_file(record); });
  }
  std::uint64_t commit() override {
    // The store is the source of truth and commits first; the search index then records the
    // generation it matches, now or later (DeferredSearchCommit).
    return timed(times_.commit, [&] {
      std::uint64_t generation = store_->commit();
      uncommitted_ = false;
      search_commit_.store_committed(generation);
      return generation;
    });
  }
  std::uint64_t commit_and_catch_up() override {
    std::uint64_t generation = commit();
    timed(times_.commit, [&] { search_commit_.flush(); });
    return generation;
  }
  sdk::IndexWriteTimes write_times() const override { return times_; }
  // Edges live in the store only; a store without an import graph ignores them.
  void put_edges(std::string_view from, const std::vector<sdk::ImportEdge>& edges) override {
    if (auto* graph = dynamic_cast<sdk::ImportGraphWriter*>(store_.get())) {
      timed(times_.store, [&] { graph->put_edges(from, edges); });
    }
  }
  void mark_graph_complete() override {
    if (auto* graph = dynamic_cast<sdk::ImportGraphWriter*>(store_.get())) graph->mark_graph_complete();
  }

 private:
  std::unique_ptr<sdk::StoreWriter> store_;
  SearchGuard& search_;
  DeferredSearchCommit& search_commit_;
  std::uint32_t chunk_lines_;
  bool uncommitted_ = false;
  sdk::IndexWriteTimes times_;
};

class KernelRepository final : public sdk::Repository,
                               public sdk::PreparingRepository,
                               public sdk::DeferredSync,
                               public sdk::CallerThreadWrites {
 public:
  KernelRepository(const RepositoryOptions& options, std::unique_ptr<sdk::SymbolStore> store, bool reader)
      : root_(options.root),
        state_dir_(root_ / kStateDirName),
        store_(std::move(store)),
        chunk_lines_(options.chunk_lines),
        notice_(options.notice),
        search_(*store_, search_hooks(options, reader)),
        search_commit_(search_, options.search_buffer_bytes,
                       [directory = search_directory()] { return directory_bytes(directory); }) {}
  KernelRepository(const KernelRepository&) = delete;
  KernelRepository& operator=(const KernelRepository&) = delete;
  ~KernelRepository() override {
    bool flushed = false;
    try {
      flushed = search_commit_.flush();
    } catch (const std::exception&) {
    }
    // Nothing is lost: the next open finds the search index behind the store and rebuilds it. Said only
    // on a normal close: while an error unwinds, its own one line is what the user needs to read.
    if (!flushed && notice_ && std::uncaught_exceptions() == 0)
      notice_("the search index was left behind the store; it is rebuilt on next use");
  }

  const fs::path& root() const override { return root_; }
  const fs::path& state_dir() const override { return state_dir_; }
  sdk::SymbolStore& store() override { return *store_; }
  sdk::SearchIndex& search() override { return search_; }
  // A writer's search index is brought in step with the store (rebuilt when behind or damaged) before
  // its first write, not when the repository opens: what the caller asked for in between applies to
  // the rebuild too, such as writing on its own thread alone (ax index --threads 1).
  std::unique_ptr<sdk::IndexWriter> begin_write() override {
    search_.open_once();
    return std::make_unique<KernelIndexWriter>(store_->begin_write(), search_, search_commit_, chunk_lines_);
  }
  std::optional<std::string> verify_search() override { return search_.verify(); }
  std::unique_ptr<sdk::PreparedSearchFile> prepare_file(const sdk::FileRecord& record, const sdk::ParseResult& result,
                                                        std::string_view source) override {
    if (!search_.can_prepare()) return nullptr;
    // Symbol ids are the store's to give, on the writer thread: put_prepared_file fills them in.
    const auto documents = search_documents(record, as_stored(record, result, {}), source, chunk_lines_);
    auto prepared = search_.prepare_file(record.path, documents);
    if (!prepared) return nullptr;
    return std::make_unique<KernelPreparedFile>(std::move(prepared), pending_text_bytes(documents));
  }

  // sdk::DeferredSync: the store's and the search index's, when both have it (else commits stay
  // flushed), with the marker that lets an open after a restart of the machine repair what was lost.
  void defer_sync() override {
    auto* store = dynamic_cast<sdk::DeferredSync*>(store_.get());
    // A marker of another boot awaits its recovery (the rebuild at open could not run): kept, and
    // these commits flushed.
    if (store == nullptr || !search_.can_defer_sync() || unsynced_before_restart(unsynced_marker())) return;
    // On disk before the first commit it covers; written once per boot, not once per batch (writers
    // take turns under the writer lock, and sync() removes it under that lock).
    if (!unsynced_since_this_boot(unsynced_marker())) write_unsynced_marker(unsynced_marker());
    store->defer_sync();
    search_.defer_sync();
  }
  // sdk::CallerThreadWrites: the store writes on the caller's thread already; the search index too.
  void write_on_caller_thread() override { search_.write_on_caller_thread(); }
  void sync() override {
    // Nothing deferred since the last sync (a marker of another boot stays for the recovery at open).
    if (!unsynced_since_this_boot(unsynced_marker())) return;
    if (auto* store = dynamic_cast<sdk::DeferredSync*>(store_.get())) store->sync();
    search_.sync();
    remove_unsynced_marker(unsynced_marker());
  }

 private:
  fs::path search_directory() const { return state_dir_ / "search"; }

  SearchGuard::Hooks search_hooks(const RepositoryOptions& options, bool reader) {
    const fs::path directory = search_directory();
    SearchGuard::Hooks hooks;
    hooks.open = [plugin = options.search_plugin, directory] {
      auto search = plugin->open_search_index(directory);
      if (!search) throw sdk::UserError("the configured search plugin cannot hold a search index (storage.search)");
      return search;
    };
    hooks.remove_directory = [directory] {
      std::error_code ignored;
      fs::remove_all(directory, ignored);
    };
    hooks.fill = [this](sdk::SearchIndex& search) { return fill_search(search); };
    hooks.notice = options.notice;
    hooks.crash_marker = state_dir_ / "search.crashed";
    hooks.unsynced_marker = unsynced_marker();
    if (reader) {
      hooks.claim_writer = [state = state_dir_]() -> std::shared_ptr<void> {
        std::optional<index::WriterLock> lock;
        try {
          lock = index::WriterLock::try_acquire(state);
        } catch (const sdk::UserError& error) {
          throw sdk::StoreError(error.what());  // a state directory this user may not write
        }
        if (!lock) return nullptr;
        return std::make_shared<index::WriterLock>(std::move(*lock));
      };
    }
    return hooks;
  }

  fs::path unsynced_marker() const { return state_dir_ / "unsynced"; }

  // Puts every file of the store into `search`; returns the number of files.
  std::size_t fill_search(sdk::SearchIndex& search) {
    std::size_t files = 0;
    for (const auto& record : store_->files()) {
      std::string source = sdk::read_file(root_ / record.path).bytes;  // unreadable: its symbols only
      search.put_file(record.path, search_documents(record, store_->file_symbols(record.path), source, chunk_lines_));
      ++files;
    }
    return files;
  }

  fs::path root_;
  fs::path state_dir_;
  std::unique_ptr<sdk::SymbolStore> store_;
  std::uint32_t chunk_lines_;
  std::function<void(const std::string&)> notice_;
  SearchGuard search_;
  DeferredSearchCommit search_commit_;  // after search_, which it commits
};

}  // namespace

std::vector<sdk::SearchDocument> search_documents(const sdk::FileRecord& record,
                                                  const std::vector<sdk::StoredSymbol>& symbols,
                                                  std::string_view source, std::uint32_t chunk_lines) {
  std::vector<sdk::SearchDocument> documents;
  if (record.language.empty()) return documents;  // binary or of no known language: not searchable
  auto starts = line_starts(source);
  for (const auto& stored : symbols) {
    const sdk::Symbol& s = stored.symbol;
    sdk::SearchDocument d;
    d.symbol_id = stored.id;
    d.path = record.path;
    d.language = record.language;
    d.kind = std::string(sdk::to_string(s.kind));
    d.name = s.name;
    d.qualified_name = s.qualified_name;
    d.signature = s.signature;
    d.doc = s.doc;
    d.line = s.span.start_line;
    d.end_line = s.span.end_line;
    documents.push_back(std::move(d));
  }
  if (chunk_lines > 0 && !source.empty()) {
    const auto line_count = static_cast<std::uint32_t>(starts.size());
    for (std::uint32_t first = 1; first <= line_count; first += chunk_lines) {
      std::uint32_t last = std::min(line_count, first + chunk_lines - 1);
      std::string_view text = lines_between(source, starts, first, last);
      if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
      sdk::SearchDocument d;
      d.path = record.path;
      d.language = record.language;
      d.kind = "chunk";
      d.body = std::string(indexed_text(text));
      d.line = first;
      d.end_line = last;
      documents.push_back(std::move(d));
    }
  }
  return documents;
}

std::unique_ptr<sdk::Repository> open_repository(const RepositoryOptions& options, bool create) {
  const fs::path state = options.root / kStateDirName;
  if (create) {
    std::error_code ec;
    fs::create_directories(state, ec);
    if (ec) throw sdk::UserError("cannot create " + state.string() + ": " + ec.message());
  }
  auto store = options.store_plugin->open_symbol_store(state / "store", options.migrations);
  if (!store) throw sdk::UserError("the configured store plugin cannot hold a symbol store (storage.store)");
  // A repository opened without `create` is a reader's (queries, status): `ax index` creates.
  auto repository = std::make_unique<KernelRepository>(options, std::move(store), /*reader=*/!create);
  // A writer brings the search index in step when it begins writing (begin_write), a reader at its
  // first search: refs, flow or status read only the store, and on a large tree a rebuild would cost
  // them minutes. Reading the whole search index would multiply the time of a run that changes
  // little; damage is repaired when a search or a write meets it, and `ax status --verify` looks for
  // it (verify_search).
  return repository;
}

}  // namespace ax::kernel
