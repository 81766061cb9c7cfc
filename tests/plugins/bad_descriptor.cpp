// A descriptor whose `commands` pointer leads nowhere: reading it would crash every command,
// `ax plugins list` included. The kernel must refuse the file in one line without reading through it.
#include <cstdint>

#include <ax/sdk/sdk.hpp>

namespace {
class Unreachable final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>&, ax::sdk::Host&) override { return 0; }
};
std::unique_ptr<ax::sdk::Plugin> create() { return std::make_unique<Unreachable>(); }

// An address no library maps: the first page, which Linux never maps for user space.
const auto* const kNowhere = reinterpret_cast<const ax::sdk::CommandSpec*>(std::uintptr_t{0x10});

const ax::sdk::PluginDescriptor kDescriptor{ax::sdk::kDescriptorMagic,
                                            AX_SDK_VERSION_MAJOR,
                                            AX_SDK_VERSION_MINOR,
                                            AX_SDK_CXX_ABI,
                                            ax::sdk::PluginKind::command,
                                            "bad-descriptor",
                                            "0.1.0",
                                            "Commands pointer leads nowhere",
                                            kNowhere,
                                            &create};
const ax::sdk::PluginDescriptor* describe() { return &kDescriptor; }
}  // namespace

BOOST_DLL_ALIAS(describe, ax_plugin_descriptor)
