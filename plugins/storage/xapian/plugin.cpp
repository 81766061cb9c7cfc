#include <ax/sdk/plugin.hpp>
#include <ax/sdk/storage.hpp>

#include "search_index.hpp"

namespace ax::storage::xapian {

// Plays only the search-index role; the symbol store lives in another plugin.
class XapianStoragePlugin final : public sdk::StoragePlugin {
 public:
  std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory) override {
    return xapian::open_search_index(directory);
  }
};

}  // namespace ax::storage::xapian

AX_PLUGIN(ax::sdk::PluginKind::storage, "xapian", "1.0.0", "Xapian search index: BM25-ranked search for ax find",
          nullptr, ax::storage::xapian::XapianStoragePlugin)
