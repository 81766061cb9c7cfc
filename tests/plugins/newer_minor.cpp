// A plugin claiming a newer SDK minor than the kernel's: it must be refused.
#include <ax/sdk/sdk.hpp>

#undef AX_SDK_VERSION_MINOR
#define AX_SDK_VERSION_MINOR 999

namespace {
class Newer final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>&, ax::sdk::Host&) override { return 0; }
};
const ax::sdk::CommandSpec kCommands[] = {{"newer", "from the future", ""}, {nullptr, nullptr, nullptr}};
}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "newer", "0.1.0", "Newer SDK minor", kCommands, Newer)
