// The Xapian search index: one glass database in the plugin's directory, BM25-ranked.
//
// Writing: put_file/remove_file/commit run in one Xapian transaction from the first change until
// commit(generation), which records the generation as database metadata in the same commit; the
// write lock is held for that span only. remove_all() is for rebuilds and takes effect at once: it
// recreates the database empty (generation 0 until the rebuild commits), which also repairs a corrupt
// directory; the rebuild's documents are flushed in batches (see SearchIndexOptions). Reading: a separate read-only
// Database that follows the last commit, so any number of readers work beside the one writer. Every failure surfaces as
// sdk::StoreError with a one-line message; damage ("corrupt or unreadable": a directory Xapian cannot open, a posting
// list naming a missing document, a bad block) as sdk::SearchIndexDamagedError. The index also implements
// sdk::SearchIndexMaintenance: try_remove_all() starts a rebuild only when no other process holds the write lock, and
// find_damage() runs Xapian's full check.
//
// Searching:
// - Each free word matches its lower-cased form, its identifier sub-words ("parseHttpRequest" ->
//   parse, http, request) and, in doc comments, other inflections of the same English stem
//   at half weight. Words are OR-ed; a document whose name is exactly a query word gets a boost.
// - Each phrase is required and matched on consecutive positions within one field; identifiers in
//   phrases are split the same way, so "http request" finds parseHttpRequest.
// - lang:/kind: values are case-insensitive; include values are OR-ed, filters AND-ed, excludes
//   removed. file: patterns are described in path_filter.hpp.
// - With no words and no phrases, every document passing the filters, ordered by path and line.
// - limit 0 returns nothing; offset skips ranked results.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>

#include <ax/sdk/storage.hpp>

namespace ax::storage::xapian {

struct SearchIndexOptions {
  // Uncommitted documents cost about 2-3 KB of memory each. During a rebuild (after remove_all) the
  // index already reads as empty at generation 0, so pending documents are flushed to disk every this
  // many, keeping memory flat however large the repository; the generation still comes with commit().
  std::size_t rebuild_flush_documents = 20'000;
  // The repository root, when phrases may be verified against the source: the index then holds no
  // term positions (a third of its size and of the indexing time); a phrase matches a document whose
  // words are all there and, in one field kept in the document data or in a chunk's text read back
  // from root/path, in a row. Unset: positions, and Xapian's phrase search.
  std::optional<std::filesystem::path> source_root;
};

// Opens nothing yet: the database is opened on first use (created on first write), so a missing
// directory is an empty index with generation 0.
std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory,
                                                    SearchIndexOptions options = {});

}  // namespace ax::storage::xapian
