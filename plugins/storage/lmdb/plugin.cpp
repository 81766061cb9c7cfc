#include <ax/sdk/plugin.hpp>
#include <ax/sdk/storage.hpp>

#include <ax/sdk/maintenance.hpp>

#include "lmdb_symbol_store.hpp"
#include "maintenance.hpp"

namespace {

// Plays the symbol-store role only (the search index comes from another storage plugin), and
// maintains that store for `ax db`.
class LmdbStoragePlugin final : public ax::sdk::StoragePlugin, public ax::sdk::StoreMaintenance {
 public:
  std::unique_ptr<ax::sdk::MaintenanceSession> open_maintenance(const ax::sdk::MaintenanceOptions& options) override {
    return ax::lmdb_store::open_maintenance_session(options);
  }

  std::unique_ptr<ax::sdk::SymbolStore> open_symbol_store(const std::filesystem::path& directory,
                                                          const std::filesystem::path& migrations) override {
    return ax::lmdb_store::open_lmdb_symbol_store(directory, migrations);
  }
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::storage, "lmdb", "1.0.0",
          "LMDB symbol store: files, symbols, imports and references, the source of truth of the index", nullptr,
          LmdbStoragePlugin)
