// The query plugin: `ax find` and `ax def`, answered by `ax serve` when one runs for the repository,
// else here (both through ax_query_cli).
#include <ax/sdk/sdk.hpp>

#include "query_cli.hpp"
#include "serve_client.hpp"

namespace {

class QueryCommands final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view command, const std::vector<std::string>& args, ax::sdk::Host& host) override {
    std::vector<std::string> arguments = args;
    if (auto answered = ax::serve::try_server(host, command, arguments)) return *answered;
    return command == "find" ? ax::query::run_find(host, arguments) : ax::query::run_def(host, arguments);
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"find", "search symbols and code by words, with lang:/kind:/file: filters", ax::query::kFindUsage},
    {"def", "show where a symbol is defined", ax::query::kDefUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "query", "1.0.0", "find and def", kCommands, QueryCommands)
