#include "index_updater.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <type_traits>

#include <ax/sdk/graph.hpp>
#include <ax/sdk/text.hpp>
#include <ax/sdk/units.hpp>
#include <ax/semantic/semantic.hpp>
#include <ax/watch/tree_watcher.hpp>

#include "run_state.hpp"

namespace ax::serve {

namespace fs = std::filesystem;

namespace {

// The file's text now, up to `limit` bytes (what the index would read of it); "" when gone.
std::string current_text(const fs::path& file, std::uint64_t limit) {
  std::ifstream in(file, std::ios::binary);
  std::string text;
  if (!in) return text;
  text.resize(limit);
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

std::string indexed_text(sdk::SymbolStore& store, const std::string& path) {
  std::string text;
  for (const auto& stored : store.file_symbols(path)) {
    const auto& symbol = stored.symbol;
    text.append(symbol.name).append("\n").append(symbol.qualified_name).append("\n");
    text.append(symbol.signature).append("\n").append(symbol.doc).append("\n");
  }
  return text;
}

std::optional<IndexedFile> indexed_file(sdk::Repository& repository, const std::string& path) {
  auto* documents = dynamic_cast<sdk::SearchDocumentReader*>(&repository.search());
  auto* references = dynamic_cast<sdk::FileReferenceReader*>(&repository.store());
  if (documents == nullptr || references == nullptr) return std::nullopt;
  IndexedFile file;
  auto held = documents->file_documents(path);
  if (!held) return std::nullopt;
  file.documents = std::move(*held);
  const auto field = [](std::string& fields, const auto& value) {
    if constexpr (std::is_arithmetic_v<std::decay_t<decltype(value)>>)
      fields.append(std::to_string(value));
    else
      fields.append(value);
    fields.push_back('\0');
  };
  for (const auto& stored : repository.store().file_symbols(path)) {
    const auto& symbol = stored.symbol;
    IndexedRecord record{sdk::ascii_lower(symbol.name) + "\n" + sdk::ascii_lower(symbol.qualified_name), "symbol"};
    for (const auto& text : {std::string_view(stored.language), sdk::to_string(symbol.kind),
                             std::string_view(symbol.signature), std::string_view(symbol.doc)})
      field(record.fields, text);
    for (const auto number :
         {symbol.span.start_line, symbol.span.start_column, symbol.span.end_line, symbol.span.end_column})
      field(record.fields, number);
    file.records.push_back(std::move(record));
  }
  for (const auto& stored : references->file_references(path)) {
    const auto& reference = stored.reference;
    IndexedRecord record{sdk::ascii_lower(reference.name), "reference"};
    field(record.fields, static_cast<unsigned>(reference.kind));
    field(record.fields, reference.line);
    field(record.fields, reference.column);
    file.records.push_back(std::move(record));
  }
  return file;
}

IndexUpdater::IndexUpdater(sdk::Host& host, fs::path root, QueryService& service, std::mutex& host_mutex)
    : host_(host), root_(std::move(root)), service_(service), host_mutex_(host_mutex) {
  options_ = index::index_options_from_config(host);
  options_.memory_sample_every = 0;
  host.languages();  // loaded here, once: the updating thread and the queries only read them then

  const watch::WatchOptions watch_options = watch::watch_options_from_config(host);
  // Watching starts before the first scan: a change made during the scan is seen by one or the other.
  watcher_ = std::make_unique<watch::TreeWatcher>(watch::make_inotify_source(root_, watch_options), watch_options);
  thread_ = std::jthread([this](std::stop_token stop) {
    try {
      index::ChangeSet everything;
      everything.require_full_scan();
      apply(everything, stop);
      // The batches' commits are flushed to disk once the tree is quiet (index::defer_sync).
      std::optional<watch::Clock::time_point> sync_at = watch::Clock::now() + index::kSyncWhenQuietFor;
      while (!stop.stop_requested()) {
        index::ChangeSet batch = watcher_->next_batch(stop, sync_at);
        const std::uint64_t drained = watcher_->flushed_through();
        for (const auto& notice : watcher_->take_notices()) host_.log(sdk::LogLevel::warn, notice);
        if (!batch.empty()) {
          try {
            apply(batch, stop);
          } catch (const std::exception& error) {  // the cache was emptied; the next batch tries again
            host_.log(sdk::LogLevel::warn, std::string("ax serve could not update the index: ") + error.what());
          }
          sync_at = watch::Clock::now() + index::kSyncWhenQuietFor;
        } else if (sync_at && watch::Clock::now() >= *sync_at) {
          sync_at = sync_commits() ? std::nullopt : std::optional(watch::Clock::now() + index::kSyncWhenQuietFor);
        }
        applied(drained);
      }
      if (sync_at) sync_commits();
    } catch (const std::exception& error) {
      host_.log(sdk::LogLevel::error, std::string("ax serve stopped updating the index: ") + error.what());
      service_.set_watching(false);
    }
    applied(0, true);
  });
  service_.set_watching(true);
  service_.set_read_barrier([this](std::chrono::milliseconds limit) { sync(limit); });
}

IndexUpdater::~IndexUpdater() {
  service_.set_read_barrier({});
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void IndexUpdater::sync(std::chrono::milliseconds limit) {
  const std::uint64_t ticket = watcher_->request_flush();
  std::unique_lock lock(sync_mutex_);
  synced_.wait_for(lock, limit, [&] { return stopped_ || applied_through_ >= ticket; });
}

void IndexUpdater::applied(std::uint64_t ticket, bool stopped) {
  {
    const std::lock_guard lock(sync_mutex_);
    applied_through_ = std::max(applied_through_, ticket);
    stopped_ = stopped_ || stopped;
  }
  synced_.notify_all();
}

bool IndexUpdater::sync_commits() {
  try {
    return index::sync_commits(root_, [this] {
      const std::lock_guard host_lock(host_mutex_);
      return host_.open_repository(root_);
    });
  } catch (const std::exception& error) {  // committed all the same: only an OS crash can lose it now
    host_.log(sdk::LogLevel::warn, std::string("ax serve could not flush the index to disk: ") + error.what());
    return true;
  }
}

void IndexUpdater::apply(const index::ChangeSet& batch, std::stop_token stop) {
  const fs::path state_dir = root_ / ".ax";
  auto lock = index::WriterLock::try_acquire(state_dir);
  while (!lock && !stop.stop_requested()) {  // an `ax index` runs: its commit empties the cache anyway
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lock = index::WriterLock::try_acquire(state_dir);
  }
  if (!lock) return;
  std::unique_ptr<sdk::Repository> repository;
  {
    const std::lock_guard host_lock(host_mutex_);
    repository = host_.open_repository(root_);
  }
  index::defer_sync(*repository);
  bool everything = batch.full_scan();
  // What the index knew of each file: all of it (compared with what it holds after), or, when it
  // cannot tell, the symbols' text (compared with the file's text after).
  struct Before {
    std::string path;
    std::optional<IndexedFile> indexed;
    std::string text;
  };
  std::vector<Before> before;
  for (const auto& [path, entry] : batch.entries()) {
    if (entry.directory) everything = true;
    if (everything) continue;
    auto indexed = indexed_file(*repository, path);
    before.push_back({path, std::move(indexed), indexed ? std::string() : indexed_text(repository->store(), path)});
  }
  const std::uint64_t generation_before = repository->store().generation();
  service_.begin_update();
  std::vector<ChangedFile> changed;
  try {
    const index::IndexSummary summary = index::update_paths(host_, *repository, batch, options_);
    everything = everything || summary.full_scan || summary.interrupted;
    // Refreshed vectors can move any natural-language answer (new neighbours): none is kept.
    if (!summary.interrupted && semantic::refresh_after_update(host_, *repository).built) everything = true;
    if (!everything) {
      for (auto& file : before)
        changed.push_back(
            file.indexed ? changed_file(file.path, *file.indexed, indexed_file(*repository, file.path).value())
                         : changed_file(file.path, file.text, current_text(root_ / file.path, options_.max_file_size)));
      // Files whose import edges were rewritten: what read them is dropped (imports are read whole).
      for (const auto& path : summary.changed_paths())
        if (!batch.entries().contains(path)) changed.push_back(changed_file(path, "", ""));
    }
  } catch (...) {
    service_.end_update({}, true, generation_before, repository->store().generation());
    throw;
  }
  service_.end_update(changed, everything, generation_before, repository->store().generation());
}

}  // namespace ax::serve
