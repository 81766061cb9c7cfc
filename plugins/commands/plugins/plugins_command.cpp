// `ax plugins list`: every plugin found, where, and whether it is usable.
#include <algorithm>
#include <iomanip>

#include <ax/sdk/sdk.hpp>

namespace {

constexpr const char* kUsage = R"(Usage: ax plugins list [--json]
       ax plugins trust FILE
       ax plugins untrust FILE

`list` shows every plugin found, in precedence order: <repo>/.ax/plugins, $AX_PLUGIN_PATH,
~/.local/share/ax/plugins (XDG data dir), then the built-in directory. For each: name, kind,
version, the SDK version it was built against, its file, and its status (ok, loaded, or why it
was refused, shadowed or not trusted).

A plugin in a repository's .ax/plugins came with the repository: ax loads it only after you trust
that file with `trust` (recorded for you, outside any repository, with the file's SHA-256; a changed
file must be trusted again). `untrust` withdraws it. A repository plugin may add commands but never
replaces another plugin or command.
)";

constexpr const char* kShortUsage = "usage: ax plugins list [--json] | trust FILE | untrust FILE";

class PluginsCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json"}, {});
    const auto& words = args.positional();
    if (words.size() == 2 && (words[0] == "trust" || words[0] == "untrust") && !args.has("--json"))
      return change_trust(words[0] == "trust", words[1], host);
    if (words.size() != 1 || words[0] != "list") throw ax::sdk::UsageError(kShortUsage);
    return list(args.has("--json"), host);
  }

 private:
  static int change_trust(bool trust, const std::string& file, ax::sdk::Host& host) {
    auto* trust_host = dynamic_cast<ax::sdk::PluginTrustHost*>(&host);
    if (trust_host == nullptr) throw ax::sdk::UserError("this ax cannot record trusted plugins (needs SDK 1.1)");
    if (trust) {
      std::string digest = trust_host->trust_plugin(file);
      host.out() << "trusted " << file << " (sha256 " << digest << ")\n";
    } else {
      if (!trust_host->untrust_plugin(file)) throw ax::sdk::UserError(file + " is not a trusted plugin");
      host.out() << "no longer trusted: " << file << "\n";
    }
    return ax::sdk::kExitOk;
  }

  static int list(bool json_output, ax::sdk::Host& host) {
    auto plugins = host.plugins();
    if (json_output) {
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
    {"plugins", "list the plugins found and their status; trust repository plugins", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "plugins", "1.0.0", "Plugin listing", kCommands, PluginsCommand)
