// The flow plugin: `ax flow` and `ax refs`, answered by `ax serve` when one runs for the repository,
// else here (both through ax_flow_cli).
#include <ax/sdk/sdk.hpp>

#include "flow_cli.hpp"
#include "serve_client.hpp"

namespace {

class FlowCommands final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view command, const std::vector<std::string>& args, ax::sdk::Host& host) override {
    std::vector<std::string> arguments = args;
    if (auto answered = ax::serve::try_server(host, command, arguments)) return *answered;
    return command == "flow" ? ax::flow::run_flow(host, arguments) : ax::flow::run_refs(host, arguments);
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"flow", "the import graph (deps, dependents, chains, cycles) and a function's callers and callees",
     ax::flow::kFlowUsage},
    {"refs", "every reference to a name, labelled resolved, ambiguous or textual", ax::flow::kRefsUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "flow", "1.0.0", "flow and refs: the import graph, call graph and references",
          kCommands, FlowCommands)
