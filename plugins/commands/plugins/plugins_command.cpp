// `ax plugins list`: every plugin found, where, and whether it is usable.
#include <algorithm>
#include <iomanip>

#include <ax/sdk/sdk.hpp>

namespace {

constexpr const char* kUsage = R"(Usage: ax plugins list [--json]

Lists every plugin found, in precedence order: <repo>/.ax/plugins, $AX_PLUGIN_PATH,
~/.local/share/ax/plugins (XDG data dir), then the built-in directory. For each: name, kind,
version, the SDK version it was built against, its file, and its status (ok, loaded, or why it
was refused or shadowed).
)";

class PluginsCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json"}, {});
    if (args.positional().empty() || args.positional()[0] != "list" || args.positional().size() > 1)
      throw ax::sdk::UsageError("usage: ax plugins list [--json]");
    auto plugins = host.plugins();
    if (args.has("--json")) {
      ax::sdk::JsonWriter json(host.out());
      json.begin_array();
      for (const auto& p : plugins) {
        json.begin_object()
            .field("name", p.name)
            .field("kind", p.kind)
            .field("version", p.version)
            .field("sdk_version", p.sdk_version)
            .field("description", p.description)
            .field("path", p.path.string())
            .field("status", p.status)
            .end_object();
      }
      json.end_array();
      host.out() << "\n";
      return ax::sdk::kExitOk;
    }
    std::size_t name_width = 4, kind_width = 4;
    for (const auto& p : plugins) {
      name_width = std::max(name_width, p.name.size());
      kind_width = std::max(kind_width, p.kind.size());
    }
    auto& out = host.out();
    out << std::left << std::setw(static_cast<int>(name_width)) << "NAME"
        << "  " << std::setw(static_cast<int>(kind_width)) << "KIND"
        << "  " << std::setw(8) << "VERSION"
        << "  " << std::setw(4) << "SDK"
        << "  "
        << "STATUS  PATH\n";
    for (const auto& p : plugins) {
      out << std::setw(static_cast<int>(name_width)) << p.name << "  " << std::setw(static_cast<int>(kind_width))
          << p.kind << "  " << std::setw(8) << (p.version.empty() ? "-" : p.version) << "  " << std::setw(4)
          << p.sdk_version << "  " << p.status << "  " << p.path.string() << "\n";
    }
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"plugins", "list the plugins found and their status", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "plugins", "1.0.0", "Plugin listing", kCommands, PluginsCommand)
