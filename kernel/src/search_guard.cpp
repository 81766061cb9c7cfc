#include "search_guard.hpp"

#include <mutex>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "fatal_signal.hpp"
#include "unsynced_marker.hpp"

namespace ax::kernel {

namespace {
constexpr const char* kRebuiltLater = "; another process is writing it, so it is rebuilt when that one is done";
}  // namespace

SearchGuard::SearchGuard(sdk::SymbolStore& store, Hooks hooks) : store_(store), hooks_(std::move(hooks)) { reopen(); }

void SearchGuard::reopen() {
  std::unique_lock replacing(index_replaced_);
  maintenance_ = nullptr;
  preparing_ = nullptr;
  index_.reset();
  index_ = hooks_.open();
  maintenance_ = dynamic_cast<sdk::SearchIndexMaintenance*>(index_.get());
  preparing_ = dynamic_cast<sdk::PreparingSearchIndex*>(index_.get());
  if (writes_on_caller_) write_on_caller_thread();
}

bool SearchGuard::can_prepare() const {
  std::shared_lock reading(index_replaced_);
  return preparing_ != nullptr;
}

std::unique_ptr<sdk::PreparedSearchFile> SearchGuard::prepare_file(
    std::string_view path, const std::vector<sdk::SearchDocument>& documents) const {
  std::shared_lock reading(index_replaced_);
  if (preparing_ == nullptr) return nullptr;
  return preparing_->prepare_file(path, documents);
}

void SearchGuard::put_prepared_file(std::string_view path, std::unique_ptr<sdk::PreparedSearchFile> prepared,
                                    const std::vector<std::uint64_t>& symbol_ids) {
  // The index is reopened only on the writer thread (this one), and the same plugin prepares alike.
  open_once();
  if (preparing_ == nullptr) throw std::logic_error("put_prepared_file: the search index prepares nothing");
  change([&] { preparing_->put_prepared_file(path, std::move(prepared), symbol_ids); });
}

void SearchGuard::open() {
  brought_in_step_ = true;
  std::error_code ignored;
  if (!hooks_.crash_marker.empty() && std::filesystem::exists(hooks_.crash_marker, ignored)) {
    if (rebuild("an earlier ax run crashed reading the search index", true))
      std::filesystem::remove(hooks_.crash_marker, ignored);
    return;
  }
  if (!hooks_.unsynced_marker.empty() && unsynced_before_restart(hooks_.unsynced_marker)) {
    // The store rolled back to a sound commit at worst (its lost changes are re-indexed by the next
    // incremental scan); the index may hold anything, so it is rebuilt whatever its generation says.
    if (rebuild("the machine restarted before the last commits reached the disk", true))
      remove_unsynced_marker(hooks_.unsynced_marker);
    return;
  }
  std::optional<std::string> damage;
  std::uint64_t search_generation = 0;
  try {
    CrashScope scope("reading the search index; it is rebuilt on the next run", hooks_.crash_marker);
    search_generation = index_->generation();
  } catch (const sdk::StoreError& error) {  // any error reading the generation: plugins of SDK 1.0 throw no other
    damage = error.what();
  }
  if (damage) {
    rebuild(*damage, true);
    return;
  }
  const std::uint64_t store_generation = store_.generation();
  if (search_generation != store_generation)
    rebuild("search index was at generation " + std::to_string(search_generation) + ", store at " +
                std::to_string(store_generation),
            false);
}

void SearchGuard::defer_sync() {
  if (auto* deferring = dynamic_cast<sdk::DeferredSync*>(index_.get())) deferring->defer_sync();
}

void SearchGuard::write_on_caller_thread() {
  writes_on_caller_ = true;
  if (auto* writing = dynamic_cast<sdk::CallerThreadWrites*>(index_.get())) writing->write_on_caller_thread();
}

void SearchGuard::sync() {
  if (auto* deferring = dynamic_cast<sdk::DeferredSync*>(index_.get())) deferring->sync();
}

std::optional<std::string> SearchGuard::verify() {
  open_once();
  if (maintenance_ == nullptr) return std::nullopt;  // an SDK 1.0 index cannot be checked
  std::optional<std::string> damage = maintenance_->find_damage();
  if (damage && rebuild(*damage, true)) return std::nullopt;
  return damage;
}

std::vector<sdk::SearchHit> SearchGuard::search(const sdk::SearchQuery& query) {
  open_once();
  CrashScope scope("reading the search index; it is rebuilt on the next run", hooks_.crash_marker);
  try {
    return index_->search(query);
  } catch (const sdk::SearchIndexDamagedError& error) {
    if (!rebuild(error.what(), true)) throw sdk::StoreError(std::string(error.what()) + kRebuiltLater);
    return index_->search(query);
  }
}

std::optional<std::vector<sdk::IndexedDocument>> SearchGuard::file_documents(std::string_view path) {
  open_once();
  auto* reader = dynamic_cast<sdk::SearchDocumentReader*>(index_.get());
  if (reader == nullptr) return std::nullopt;
  CrashScope scope("reading the search index; it is rebuilt on the next run", hooks_.crash_marker);
  return reader->file_documents(path);
}

void SearchGuard::commit(std::uint64_t generation) {
  open_once();
  if (!damage_met_) {
    try {
      index_->commit(generation);
      return;
    } catch (const sdk::SearchIndexDamagedError& error) {
      damage_met_ = error.what();
    }
  }
  // The store committed first (see IndexWriter), so a rebuild from it includes this transaction.
  const std::string why = *std::exchange(damage_met_, std::nullopt);
  if (!rebuild(why, true)) throw sdk::StoreError(why + kRebuiltLater);
}

bool SearchGuard::start_rebuild(bool damaged) {
  const auto empty_index = [&] {
    if (maintenance_ != nullptr) return maintenance_->try_remove_all();
    index_->remove_all();  // an SDK 1.0 index cannot tell whether another process writes it
    return true;
  };
  try {
    return empty_index();
  } catch (const sdk::StoreError&) {
    // Not a lock held elsewhere (that returns false): an index too damaged to be emptied in place.
    if (!damaged) throw;
    hooks_.remove_directory();
    reopen();
    return empty_index();
  }
}

bool SearchGuard::rebuild(const std::string& why, bool damaged) {
  // The generation the rebuild reflects is read before the store is: if a writer commits meanwhile,
  // the index records the older one and the next open rebuilds again rather than missing changes.
  const std::uint64_t generation = store_.generation();
  std::string reason_not;
  std::shared_ptr<void> writer_claim;
  try {
    if (hooks_.claim_writer && !(writer_claim = hooks_.claim_writer()))
      reason_not = "an ax index is writing it";
    else if (!start_rebuild(damaged))
      reason_not = "another process is writing it";
  } catch (const sdk::StoreError& error) {
    // An index that is only behind (not damaged) still answers: a user who may not write it (a
    // read-only checkout) gets results, and a notice saying why they may be stale.
    if (damaged) throw;
    reason_not = std::string("it cannot be rebuilt: ") + error.what();
  }
  if (!reason_not.empty()) {
    if (hooks_.notice) hooks_.notice(why + "; " + reason_not + ", so results come from what it holds now");
    return false;
  }
  const std::size_t files = hooks_.fill(*index_);
  index_->commit(generation);
  if (hooks_.notice) hooks_.notice(why + "; rebuilt it from the store (" + std::to_string(files) + " files)");
  return true;
}

}  // namespace ax::kernel
