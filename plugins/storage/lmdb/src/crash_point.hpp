// Fault injection for the crash tests (tests/e2e/db_faults.sh): the named points of the maintenance
// operations where a crash is most interesting. Inert unless AX_DB_CRASH_AT is set.
#pragma once
#include <string_view>

namespace ax::lmdb_store {

// Kills the process with SIGKILL, as kill -9 or a power cut would, when AX_DB_CRASH_AT is `name`
// ("name#N": at its N-th hit in this process).
void crash_point(std::string_view name);

}  // namespace ax::lmdb_store
