// Commands that fail in every way a plugin can: the kernel must turn each into one line and an exit
// code, never a signal — even though the exception's code lives in this library.
#include <csignal>
#include <stdexcept>
#include <thread>

#include <ax/sdk/sdk.hpp>

namespace {

// An exception type defined only here: its vtable and what() vanish when this library is unloaded.
class PluginLocalError final : public std::exception {
 public:
  const char* what() const noexcept override { return "plugin-local failure"; }
};

// Recursion the compiler cannot turn into a loop: each frame keeps a live buffer.
int recurse_without_end(int depth) {
  volatile char frame[1024];
  frame[0] = static_cast<char>(depth);
  return depth < 0 ? 0 : recurse_without_end(depth + 1) + frame[0];
}

class ThrowingCommands final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view command, const std::vector<std::string>&, ax::sdk::Host&) override {
    if (command == "throw-user") throw ax::sdk::UserError("the plugin refused");
    if (command == "throw-local") throw PluginLocalError();
    if (command == "throw-int") throw 42;
    if (command == "crash") std::raise(SIGSEGV);
    if (command == "overflow-stack") return recurse_without_end(0);
    if (command == "throw-in-thread") {
      std::thread worker([] { throw std::runtime_error("worker thread failed"); });
      worker.join();
    }
    return 0;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"throw-user", "throws a UserError", ""},
    {"throw-local", "throws an exception type defined in the plugin", ""},
    {"throw-int", "throws an int", ""},
    {"throw-in-thread", "throws in a thread it started", ""},
    {"crash", "dies of a segmentation fault", ""},
    {"overflow-stack", "recurses until its stack is exhausted", ""},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "throwing-commands", "0.1.0", "Commands that throw", kCommands,
          ThrowingCommands)
