// The user's migration hooks (`db.hooks.before_migrate`, `db.hooks.after_migrate`,
// `db.hooks.on_error`): shell commands run around each migration step with the step described in
// environment variables.
#pragma once
#include <functional>
#include <string>

#include <ax/sdk/maintenance.hpp>

namespace ax::db {

struct HookCommands {
  std::string before;  // empty: none
  std::string after;
  std::string on_error;
  std::string repository;
};

// Runs `command` with /bin/sh -c, with AX_DB_HOOK (before|after|error), AX_MIGRATION_VERSION,
// AX_MIGRATION_NAME, AX_MIGRATION_DIRECTION (up|down), AX_MIGRATION_OUTCOME (pending|ok|failed),
// AX_MIGRATION_ERROR and AX_REPOSITORY set. Returns its exit status (127 when it cannot start, 128+N
// when killed by signal N).
int run_hook_command(const std::string& command, const sdk::MigrationEvent& event, const std::string& repository);

// SDK hooks running the user's commands. A failing before-hook throws sdk::UserError naming the
// command and the step, which stops the run before the step; failing after and error hooks are
// reported through `warn` (the step's outcome stands).
sdk::MigrationHooks user_hooks(const HookCommands& commands, std::function<void(const std::string&)> warn);

}  // namespace ax::db
