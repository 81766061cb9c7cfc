// `ax config get/set/list`: the layered configuration, with where each value comes from.
#include <algorithm>
#include <iomanip>

#include <ax/sdk/sdk.hpp>

namespace {

constexpr const char* kUsage = R"(Usage: ax config list [--json]
       ax config get KEY
       ax config set KEY VALUE [--user]

Configuration is layered; later layers win:
  defaults < user file ($XDG_CONFIG_HOME/ax/config.yaml) < repository file (.ax/config.yaml)
  < environment (AX_<KEY>: index.max_file_size -> AX_INDEX_MAX_FILE_SIZE) < -c KEY=VALUE flags.
`list` shows every key with its value and source. `set` writes the repository file, or the user
file with --user.
)";

class ConfigCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--user"}, {});
    const auto& words = args.positional();
    if (words.empty()) throw ax::sdk::UsageError("usage: ax config list|get KEY|set KEY VALUE");
    const std::string& action = words[0];
    if (action == "list" && words.size() == 1) return list(host, args.has("--json"));
    if (action == "get" && words.size() == 2) {
      auto value = host.config(words[1]);
      if (!value) throw ax::sdk::UserError("unknown configuration key '" + words[1] + "' (see ax config list)");
      host.out() << *value << "\n";
      return ax::sdk::kExitOk;
    }
    if (action == "set" && words.size() == 3) {
      host.set_config(words[1], words[2],
                      args.has("--user") ? ax::sdk::ConfigScope::user : ax::sdk::ConfigScope::repository);
      return ax::sdk::kExitOk;
    }
    throw ax::sdk::UsageError("usage: ax config list|get KEY|set KEY VALUE [--user]");
  }

 private:
  static int list(ax::sdk::Host& host, bool json_output) {
    auto values = host.config_values();
    if (json_output) {
      ax::sdk::JsonWriter json(host.out());
      json.begin_array();
      for (const auto& v : values)
        json.begin_object().field("key", v.key).field("value", v.value).field("source", v.source).end_object();
      json.end_array();
      host.out() << "\n";
      return ax::sdk::kExitOk;
    }
    std::size_t key_width = 3, value_width = 5;
    for (const auto& v : values) {
      key_width = std::max(key_width, v.key.size());
      value_width = std::max(value_width, v.value.size());
    }
    for (const auto& v : values)
      host.out() << std::left << std::setw(static_cast<int>(key_width)) << v.key << "  "
                 << std::setw(static_cast<int>(value_width)) << v.value << "  " << v.source << "\n";
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"config", "show and change configuration", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "config", "1.0.0", "Layered configuration", kCommands, ConfigCommand)
