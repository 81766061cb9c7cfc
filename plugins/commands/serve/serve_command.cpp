// `ax serve`: arguments, the lock and the socket; the serving is server.cpp, the queries the query and
// flow commands' own code (ax_query_cli, ax_flow_cli), so answers print as the local commands print.
#include <unistd.h>

#include <ax/sdk/sdk.hpp>

#include "flow_cli.hpp"
#include "index_updater.hpp"
#include "query_cli.hpp"
#include "serve_client.hpp"
#include "server.hpp"

namespace {

namespace fs = std::filesystem;
using ax::sdk::Host;

constexpr const char* kServeUsage = R"(Usage: ax serve [--socket PATH] [--cache-mb N] [--ttl SECONDS] [--no-watch]

Holds the repository's store, search index and a query cache open, keeps the index current as
files change, and answers find, def, refs and flow over a Unix socket (JSON-RPC 2.0, one message
per line). While it runs, `ax find`, `ax def`, `ax refs` and `ax flow` in the repository print its
answers (AX_NO_SERVER=1 or --no-server: not).
One server per repository (a second one exits 1 naming the first's pid); Ctrl-C stops it.
Options:
  --socket PATH    where to listen (default .ax/serve.sock, or under $XDG_RUNTIME_DIR when that path
                   is too long for a socket)
  --cache-mb N     the cache's memory bound in MiB (default 64; 0: no cache)
  --ttl SECONDS    how long an answer is kept at most (default 600)
  --no-watch       do not keep the index current (by default the server watches the tree as
                   ax watch does, each update drops only the cached answers it can change, and a
                   query first waits for the changes made before it: read-your-writes)
Methods: find, def, refs, flow ({"args": [the command's arguments], "cwd": DIR}), status, shutdown.
)";

int serve(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--no-watch"}, {"--socket", "--cache-mb", "--ttl"});
  if (!args.positional().empty()) throw ax::sdk::UsageError("ax serve takes no arguments (see ax help serve)");
  const auto root = host.repository_root(host.working_directory());
  if (!root)
    throw ax::sdk::UserError("no index found in " + host.working_directory().string() +
                             " or above; run 'ax index' at the repository root first");
  ax::serve::ServeOptions options;
  if (auto socket = args.get("--socket")) {
    if (socket->empty()) throw ax::sdk::UsageError("--socket needs a path");
    options.socket = fs::absolute(host.working_directory() / *socket).lexically_normal();
  } else {
    options.socket = ax::serve::default_socket_path(*root);
  }
  options.cache_bytes = args.get_count("--cache-mb", 64) << 20;
  options.ttl = std::chrono::seconds(args.get_count("--ttl", 600));

  const ax::serve::ServerLock lock(*root, options.socket);
  ax::serve::QueryService service(host, *root,
                                  {{"find", ax::query::run_find},
                                   {"def", ax::query::run_def},
                                   {"refs", ax::flow::run_refs},
                                   {"flow", ax::flow::run_flow}},
                                  options.cache_bytes, options.ttl);
  std::optional<ax::serve::IndexUpdater> updater;
  if (!args.has("--no-watch")) {
    try {
      updater.emplace(host, *root, service, service.host_mutex());
    } catch (const ax::sdk::UserError& error) {
      host.log(ax::sdk::LogLevel::warn, std::string("not keeping the index current: ") + error.what());
    }
  }
  const int code = ax::serve::serve(host, service, options, [&] {
    host.err() << "serving " << root->string() << " on " << options.socket.string() << " (pid " << ::getpid() << ")\n";
    host.err().flush();
  });
  return code;
}

class ServeCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& args, Host& host) override { return serve(host, args); }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"serve", "answer find/def/refs/flow from a long-running process with a query cache", kServeUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "serve", "1.0.0", "ax serve: a query server over a Unix socket", kCommands,
          ServeCommand)
