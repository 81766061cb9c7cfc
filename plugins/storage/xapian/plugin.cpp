#include <algorithm>
#include <thread>

#include <ax/sdk/plugin.hpp>
#include <ax/sdk/storage.hpp>

#include "search_index.hpp"

namespace ax::storage::xapian {

// Plays only the search-index role; the symbol store lives in another plugin.
class XapianStoragePlugin final : public sdk::StoragePlugin {
 public:
  std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory) override {
    // `directory` is <repository root>/.ax/<ours>: chunks are verified against the files below the root.
    SearchIndexOptions options;
    options.source_root = directory.parent_path().parent_path();
    // One shard per core (a writer thread each) for a new index; an index keeps the count it has.
    options.shards = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    return xapian::open_search_index(directory, options);
  }
};

}  // namespace ax::storage::xapian

AX_PLUGIN(ax::sdk::PluginKind::storage, "xapian", "1.0.0", "Xapian search index: BM25-ranked search for ax find",
          nullptr, ax::storage::xapian::XapianStoragePlugin)
