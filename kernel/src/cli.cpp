#include "cli.hpp"

#include <algorithm>
#include <filesystem>
#include <iomanip>

#include <ax/sdk/host.hpp>
#include <ax/sdk/text.hpp>

#include "config.hpp"
#include "host.hpp"
#include "telemetry_hook.hpp"

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {

constexpr const char* kGlobalOptions = R"(Options:
  -C DIR            run as if ax was started in DIR
  -c KEY=VALUE      set a configuration value for this run (see 'ax config list')
  -v, --verbose     show informational messages (log.level=info)
  -h, --help        show this help
      --no-telemetry  record no usage statistics for this run (see 'ax telemetry status')
      --version     show the version of ax and of its plugin SDK
)";

struct GlobalOptions {
  fs::path directory;
  std::vector<std::pair<std::string, std::string>> config;
  bool help = false;
  bool version = false;
  bool no_telemetry = false;
  std::vector<std::string> rest;  // command and its arguments
};

GlobalOptions parse_global(const std::vector<std::string>& args) {
  GlobalOptions options;
  std::size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const std::string& flag) -> std::string {
      if (i + 1 >= args.size()) throw sdk::UsageError(flag + " needs a value");
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "--version") {
      options.version = true;
    } else if (arg == "--no-telemetry") {
      options.no_telemetry = true;
    } else if (arg == "-C") {
      options.directory = value(arg);
    } else if (arg == "-c" || arg.rfind("--config=", 0) == 0 || arg == "--config") {
      std::string setting = arg.rfind("--config=", 0) == 0 ? arg.substr(9) : value(arg);
      auto eq = setting.find('=');
      if (eq == std::string::npos || eq == 0) throw sdk::UsageError("-c takes KEY=VALUE, not '" + setting + "'");
      options.config.emplace_back(setting.substr(0, eq), setting.substr(eq + 1));
    } else if (arg == "-v" || arg == "--verbose") {
      options.config.emplace_back("log.level", "info");
    } else if (!arg.empty() && arg[0] == '-') {
      throw sdk::UsageError("unknown option " + arg + " (see ax --help)");
    } else {
      break;
    }
  }
  options.rest.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  return options;
}

void print_help(KernelHost& host, std::ostream& out) {
  out << "ax " << AX_VERSION << " - code intelligence for your repository\n\n"
      << "Usage: ax [options] <command> [arguments]\n\nCommands:\n";
  auto commands = host.catalog().commands();
  std::size_t width = 4;
  for (const auto& c : commands) width = std::max(width, c.name.size());
  out << "  " << std::left << std::setw(static_cast<int>(width)) << "help"
      << "  show a command's usage\n";
  for (const auto& c : commands)
    out << "  " << std::left << std::setw(static_cast<int>(width)) << c.name << "  " << c.summary << "\n";
  out << "\n" << kGlobalOptions << "\nRun 'ax help <command>' for a command's usage.\n";
}

std::vector<std::string> command_names(KernelHost& host) {
  std::vector<std::string> names{"help"};
  for (const auto& c : host.catalog().commands()) names.push_back(c.name);
  return names;
}

[[noreturn]] void unknown_command(KernelHost& host, const std::string& name) {
  std::string message = "unknown command '" + name + "'";
  if (auto suggestion = closest_match(name, command_names(host)); !suggestion.empty())
    message += "; did you mean '" + suggestion + "'?";
  throw sdk::UsageError(message + " (see ax --help)");
}

int help_command(KernelHost& host, const std::vector<std::string>& args, std::ostream& out) {
  if (args.empty()) {
    print_help(host, out);
    return sdk::kExitOk;
  }
  if (args.size() > 1) throw sdk::UsageError("help takes one command name");
  if (args[0].size() > 1 && args[0][0] == '-') throw sdk::UsageError("unknown flag " + args[0] + " for ax help");
  if (args[0] == "help") {
    out << "Usage: ax help [COMMAND]\n\nShows the list of commands, or one command's usage.\n";
    return sdk::kExitOk;
  }
  for (const auto& c : host.catalog().commands()) {
    if (c.name == args[0]) {
      out << c.usage;
      if (!c.usage.empty() && c.usage.back() != '\n') out << "\n";
      return sdk::kExitOk;
    }
  }
  unknown_command(host, args[0]);
}

// What a run came to, in kernel-owned memory. An exception thrown by a plugin carries that plugin's
// code (its vtable, its what()), so it must be turned into this before the plugins are unloaded.
struct Outcome {
  int exit_code = sdk::kExitOk;
  std::string message;   // printed as "ax: <message>" when not empty
  std::string category;  // for telemetry: usage, user, store, internal
};

// Called inside a catch block: classifies the exception in flight. `context` names what was running
// for exceptions that carry no message of their own.
Outcome outcome_of_current_exception(const std::string& context) {
  try {
    throw;
  } catch (const sdk::UsageError& e) {
    return {sdk::kExitUsageError, e.what(), "usage"};
  } catch (const sdk::UserError& e) {
    return {sdk::kExitUserError, e.what(), "user"};
  } catch (const sdk::StoreError& e) {
    return {sdk::kExitUserError, e.what(), "store"};
  } catch (const std::exception& e) {
    return {sdk::kExitInternalError, "internal error: " + std::string(e.what()), "internal"};
  } catch (...) {
    return {sdk::kExitInternalError, "internal error: " + context + " threw a non-standard exception", "internal"};
  }
}

// Runs the command line against a live host; `context` is kept naming what runs, for errors.
int run_with_host(KernelHost& host, const GlobalOptions& global, std::string& context, TelemetryRecorder& telemetry) {
  auto& out = host.out();
  if (global.help || global.rest.empty()) {
    print_help(host, out);
    return global.rest.empty() && !global.help ? sdk::kExitUsageError : sdk::kExitOk;
  }
  const std::string& name = global.rest.front();
  std::vector<std::string> command_args(global.rest.begin() + 1, global.rest.end());
  // The one telemetry hook: the mode is decided (and consent asked) once the command is known.
  auto repository = host.repository_root(host.working_directory());
  auto begin_telemetry = [&](const std::string& recorded_name, bool may_prompt) {
    telemetry.begin(recorded_name, repository ? std::optional<std::string>(repository->string()) : std::nullopt,
                    host.err(), may_prompt);
  };
  if (name == "help") {
    begin_telemetry("help", false);
    return help_command(host, command_args, out);
  }

  auto* entry = host.catalog().find_command(name);
  if (entry == nullptr) {
    begin_telemetry("unknown", false);  // never the mistyped word itself
    unknown_command(host, name);
  }
  begin_telemetry(name, true);
  if (std::find(command_args.begin(), command_args.end(), "--help") != command_args.end() ||
      std::find(command_args.begin(), command_args.end(), "-h") != command_args.end())
    return help_command(host, {name}, out);
  context = "command '" + name + "' (plugin " + entry->name + ", " + entry->path.string() + ")";
  auto* command = dynamic_cast<sdk::CommandPlugin*>(host.catalog().instance(*entry));
  if (command == nullptr)
    throw sdk::UserError("command '" + name + "' is unavailable: its plugin " + entry->path.string() +
                         " failed to start");
  return command->run(name, command_args, host);
}

Outcome dispatch(const GlobalOptions& global, std::ostream& out, std::ostream& err, TelemetryRecorder& telemetry) {
  HostOptions options;
  std::error_code ec;
  options.working_directory = global.directory.empty() ? fs::current_path() : fs::absolute(global.directory, ec);
  if (!global.directory.empty() && !fs::is_directory(options.working_directory))
    throw sdk::UserError("-C " + global.directory.string() + ": no such directory");
  options.config_flags = global.config;
  options.out = &out;
  options.err = &err;
  options.telemetry = &telemetry;

  if (global.version) {
    out << "ax " << AX_VERSION << " (plugin SDK " << sdk::kSdkMajor << "." << sdk::kSdkMinor << ")\n";
    return {};
  }
  KernelHost host(std::move(options));
  // Everything that may run plugin code happens in here, and every exception it throws is turned
  // into an Outcome while the host, and so every plugin library, is still alive.
  std::string context = "ax";
  try {
    return {run_with_host(host, global, context, telemetry), {}, {}};
  } catch (...) {
    return outcome_of_current_exception(context);
  }
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    std::size_t d = sdk::edit_distance(word, candidate);
    if (candidate.rfind(word, 0) == 0 && !word.empty()) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Outcome outcome;
  std::optional<TelemetryRecorder> telemetry;
  try {
    GlobalOptions global = parse_global(args);
    telemetry.emplace(global.no_telemetry);
    outcome = dispatch(global, out, err, *telemetry);
  } catch (...) {
    // Only kernel code runs outside the host's lifetime: option parsing, configuration loading.
    outcome = outcome_of_current_exception("ax");
  }
  if (!outcome.message.empty()) err << "ax: " << outcome.message << "\n";
  if (telemetry) {
    // After the command's output is complete: recording never delays what the user waits for.
    out.flush();
    std::string category = outcome.category;
    if (category.empty() && outcome.exit_code != sdk::kExitOk)
      category = outcome.exit_code == 130 ? "interrupted" : "exit";
    telemetry->finish(outcome.exit_code, category, outcome.message, err);
  }
  return outcome.exit_code;
}

}  // namespace ax::kernel
