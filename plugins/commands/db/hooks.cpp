#include "hooks.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include <ax/sdk/host.hpp>

namespace ax::db {

namespace {

std::string label(const sdk::MigrationEvent& event) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%03u", event.version);
  return std::string(digits) + "_" + event.name;
}

}  // namespace

int run_hook_command(const std::string& command, const sdk::MigrationEvent& event, const std::string& repository) {
  std::vector<std::string> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) environment.emplace_back(*variable);
  environment.push_back("AX_DB_HOOK=" + event.phase);
  environment.push_back("AX_MIGRATION_VERSION=" + std::to_string(event.version));
  environment.push_back("AX_MIGRATION_NAME=" + event.name);
  environment.push_back("AX_MIGRATION_DIRECTION=" + event.direction);
  environment.push_back("AX_MIGRATION_OUTCOME=" + event.outcome);
  environment.push_back("AX_MIGRATION_ERROR=" + event.error);
  environment.push_back("AX_REPOSITORY=" + repository);
  std::vector<char*> envp;
  for (std::string& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};

  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) return 127;
  if (child == 0) {
    ::execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR) return 127;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 127;
}

sdk::MigrationHooks user_hooks(const HookCommands& commands, std::function<void(const std::string&)> warn) {
  sdk::MigrationHooks hooks;
  if (!commands.before.empty())
    hooks.before = [commands](const sdk::MigrationEvent& event) {
      if (const int status = run_hook_command(commands.before, event, commands.repository); status != 0)
        throw sdk::UserError("db.hooks.before_migrate '" + commands.before + "' failed (exit " +
                             std::to_string(status) + "); " + label(event) + " was not " +
                             (event.direction == "up" ? "applied" : "undone") + ", the store is unchanged by it");
    };
  if (!commands.after.empty())
    hooks.after = [commands, warn](const sdk::MigrationEvent& event) {
      if (const int status = run_hook_command(commands.after, event, commands.repository); status != 0 && warn)
        warn("db.hooks.after_migrate '" + commands.after + "' failed (exit " + std::to_string(status) + ") after " +
             label(event) + "; the step stays done");
    };
  if (!commands.on_error.empty())
    hooks.on_error = [commands, warn](const sdk::MigrationEvent& event) {
      if (const int status = run_hook_command(commands.on_error, event, commands.repository); status != 0 && warn)
        warn("db.hooks.on_error '" + commands.on_error + "' failed (exit " + std::to_string(status) + ")");
    };
  return hooks;
}

}  // namespace ax::db
