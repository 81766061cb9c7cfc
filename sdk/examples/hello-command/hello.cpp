// `ax hello [NAME] [--shout]`: the smallest useful command plugin. It shows the three things a
// command does: parse its arguments, read configuration through the host, and write output.
#include <ax/sdk/sdk.hpp>

namespace {

constexpr const char* kUsage = R"(Usage: ax hello [NAME] [--shout]

Greets NAME (default: the current directory's name) and reports the host's SDK version.
)";

class HelloCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--shout"}, {});
    if (args.positional().size() > 1) throw ax::sdk::UsageError("hello takes at most one NAME");
    std::string name = args.positional().empty() ? host.working_directory().filename().string() : args.positional()[0];
    std::string greeting = "Hello, " + name + "!";
    if (args.has("--shout")) greeting = ax::sdk::ascii_upper(greeting);
    host.out() << greeting << " (plugin built with ax SDK " << AX_SDK_VERSION_MAJOR << "." << AX_SDK_VERSION_MINOR
               << "; find.limit is " << host.config("find.limit").value_or("unset") << ")\n";
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"hello", "greet (an example third-party plugin)", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "hello", "1.0.0", "Example third-party command plugin", kCommands, HelloCommand)
