// The LMDB store's side of `ax db`: sdk::MaintenanceSession over the migration runner and backups.
#pragma once
#include <memory>

#include <ax/sdk/maintenance.hpp>

namespace ax::lmdb_store {

// Opens a maintenance session on the store of `options` without applying pending migrations.
std::unique_ptr<sdk::MaintenanceSession> open_maintenance_session(const sdk::MaintenanceOptions& options);

}  // namespace ax::lmdb_store
