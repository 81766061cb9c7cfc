// A plugin whose factory throws: the kernel must report it and carry on.
#include <stdexcept>

#include <ax/sdk/sdk.hpp>

namespace {
class Throwing final : public ax::sdk::CommandPlugin {
 public:
  Throwing() { throw std::runtime_error("cannot start: missing resource"); }
  int run(std::string_view, const std::vector<std::string>&, ax::sdk::Host&) override { return 0; }
};
const ax::sdk::CommandSpec kCommands[] = {{"explode", "a command whose plugin fails to start", ""},
                                          {nullptr, nullptr, nullptr}};
}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "throwing", "0.1.0", "Factory throws", kCommands, Throwing)
