// Claims the `status` command already provided by the built-in plugin; precedence decides.
#include <ax/sdk/sdk.hpp>

namespace {
class DuplicateStatus final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>&, ax::sdk::Host& host) override {
    host.out() << "status from the override plugin\n";
    return 0;
  }
};
const ax::sdk::CommandSpec kCommands[] = {{"status", "overriding status", ""}, {nullptr, nullptr, nullptr}};
}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "status-override", "0.1.0", "Overrides status", kCommands, DuplicateStatus)
