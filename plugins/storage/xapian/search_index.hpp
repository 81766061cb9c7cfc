// The Xapian search index: glass databases (shards) in the plugin's directory, searched as one,
// BM25-ranked.
//
// Layout: <directory>/shards records the shard count N, fixed when the index is created; shard-0 ..
// shard-(N-1) are the databases. A file's documents live in shard hash(path) % N, so a file is
// replaced and removed where it was put. A directory of the single-database layout of earlier
// versions is still read, reported at generation 0 (so the kernel rebuilds it into shards), and never
// written in place.
//
// Documents: one Xapian document per chunk (a stretch of a file's text), holding the chunk's words and
// the fields of every symbol that starts in it at their weights, and their display fields as data; a
// symbol outside every chunk (or with text of its own) has a document to itself. A search ranks these
// documents with BM25, then answers with their parts: each symbol and chunk is scored on its own terms
// (BM25 as if it were a document of the index), and only the parts the query's words are in come back.
// The index so holds a file's path, language and filter terms once per chunk, not once per symbol.
//
// Writing: each shard has a thread of its own that applies the changes queued for it (put_file and
// put_prepared_file return once the file is queued); put_file's documents are analysed there too.
// Changes run in one Xapian transaction per shard from the first change until commit(generation),
// which waits for the queues, then records the generation as metadata in every shard's commit (the
// shards commit side by side). An index whose shards disagree on the generation reports 0. The write
// locks are held for that span only; shard 0's is taken first and released last, so it stands for the
// whole index's. A failure of a queued change is reported by the next change or commit, every shard's
// uncommitted changes then abandoned. remove_all() is for rebuilds and takes effect at once: it
// recreates the shards empty (generation 0 until the rebuild commits), which also repairs a corrupt
// directory and migrates the single-database layout; the rebuild's documents are flushed in batches
// (see SearchIndexOptions). Reading: separate read-only databases that follow the last commit, so
// any number of readers work beside the one writer; reads through an index object wait for the
// changes queued on it to be applied (not committed). Every failure surfaces as
// sdk::StoreError with a one-line message; damage ("corrupt or unreadable": a directory Xapian cannot open, a posting
// list naming a missing document, a bad block, an unreadable shard count) as sdk::SearchIndexDamagedError. The index
// also implements sdk::SearchIndexMaintenance: try_remove_all() starts a rebuild only when no other process holds the
// write lock, and find_damage() runs Xapian's full check on every shard.
//
// Searching:
// - Each free word matches its lower-cased form, its identifier sub-words ("parseHttpRequest" ->
//   parse, http, request) and, in doc comments, other inflections of the same English stem
//   at half weight. Words are OR-ed; a document whose name is exactly a query word gets a boost.
// - Each phrase is required and matched on consecutive positions within one field; identifiers in
//   phrases are split the same way, so "http request" finds parseHttpRequest.
// - lang:/kind: values are case-insensitive; include values are OR-ed, filters AND-ed, excludes
//   removed. file: patterns are described in path_filter.hpp.
// - With no words and no phrases, every chunk and symbol passing the filters, ordered by path and line.
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
  // The shards a new index is split into (an existing index keeps the count it recorded). Each shard
  // is a database of its own, written by a thread of its own, and a file's documents always go to
  // the same one; searches read them all as one.
  std::size_t shards = 1;
};

// Opens nothing yet: the database is opened on first use (created on first write), so a missing
// directory is an empty index with generation 0.
std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory,
                                                    SearchIndexOptions options = {});

}  // namespace ax::storage::xapian
