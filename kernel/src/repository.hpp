// A repository's index: the symbol store and the search index opened through the configured
// storage plugins, written together, and repaired when the search index fell behind.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>

#include <ax/sdk/host.hpp>

namespace ax::kernel {

struct RepositoryOptions {
  std::filesystem::path root;
  std::filesystem::path migrations;
  sdk::StoragePlugin* store_plugin = nullptr;
  sdk::StoragePlugin* search_plugin = nullptr;
  std::uint32_t chunk_lines = 80;  // index.chunk_lines
  // The text of search documents written but not yet committed to the search index, at most: it
  // commits when this much is pending (after a store commit). Xapian's buffer is about four times
  // this (peak RssAnon 220 MB at 32 MiB, 480 MB at 96 MiB, on 14.5k Linux files).
  std::uint64_t search_buffer_bytes = 32ull << 20;
  std::function<void(const std::string&)> notice;  // messages for the user (stderr)
};

// The directory marking an indexed repository, relative to its root.
inline constexpr const char* kStateDirName = ".ax";

// Opens (creating when `create`) the stores of a repository; rebuilds the search index from the
// store when their generations differ: at the first begin_write() when `create`, else on its first
// use (a search).
// Throws sdk::StoreError / sdk::UserError.
std::unique_ptr<sdk::Repository> open_repository(const RepositoryOptions& options, bool create);

// The search documents of one file: one per symbol (name, qualified name, signature, doc) and one
// per chunk of `chunk_lines` lines of its text. Code is searched through the chunks only, so each
// line is indexed once however many symbols enclose it.
std::vector<sdk::SearchDocument> search_documents(const sdk::FileRecord& record,
                                                  const std::vector<sdk::StoredSymbol>& symbols,
                                                  std::string_view source, std::uint32_t chunk_lines);

}  // namespace ax::kernel
