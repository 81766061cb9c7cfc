// The LMDB symbol store: the source of truth of the ax index. One LMDB environment per store
// directory, laid out by the migrations (migrations/001_initial.yaml and later), with the records of
// records.hpp. Readers (any thread, concurrently) see the last committed write; one writer at a time.
#pragma once
#include <filesystem>
#include <memory>

#include <ax/sdk/storage.hpp>

#include "lmdb_env.hpp"

namespace ax::lmdb_store {

// Opens the store in `directory`, creating it if needed: a new store gets every migration of
// `migrations_directory` in one write transaction. Throws sdk::StoreError, with a one-line message
// naming the store, when it is corrupt, written by a newer schema, its migrations were altered, or
// it has pending migrations (those are applied by `ax db migrate`, with a backup first).
//
// find_symbols() and find_references() treat a limit of 0 as "no limit". A StoreWriter must be used
// and destroyed on the thread that created it; another thread's begin_write() waits for it.
std::unique_ptr<sdk::SymbolStore> open_lmdb_symbol_store(const std::filesystem::path& directory,
                                                         const std::filesystem::path& migrations_directory,
                                                         const EnvironmentOptions& options = {});

}  // namespace ax::lmdb_store
