// The plugin descriptor and the one macro a plugin uses to export itself.
//
// The kernel reads the descriptor before it calls anything else in the plugin. The first four fields
// (magic, sdk_major, sdk_minor, abi) are frozen for every SDK major so that a plugin built against
// any SDK can be identified, and refused, without touching the rest of the layout.
#pragma once
#include <cstdint>
#include <memory>

#include <boost/dll/alias.hpp>

#include "ax/sdk/version.hpp"

namespace ax::sdk {

inline constexpr std::uint32_t kDescriptorMagic = 0x4c505841;  // "AXPL"

// The C++ ABI the plugin was compiled with. Interfaces pass std::string and std::vector, so a plugin
// built against another standard library ABI is refused rather than corrupting memory.
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define AX_SDK_CXX_ABI "libstdc++-cxx11"
#elif defined(__GLIBCXX__)
#define AX_SDK_CXX_ABI "libstdc++-old"
#elif defined(_LIBCPP_VERSION)
#define AX_SDK_CXX_ABI "libc++"
#else
#define AX_SDK_CXX_ABI "unknown"
#endif

enum class PluginKind : std::uint32_t { language = 1, command = 2, storage = 3 };

inline constexpr const char* to_string(PluginKind kind) {
  switch (kind) {
    case PluginKind::language:
      return "language";
    case PluginKind::command:
      return "command";
    case PluginKind::storage:
      return "storage";
  }
  return "unknown";
}

// Base of every plugin object; the concrete interface follows from the descriptor's kind.
class Plugin {
 public:
  virtual ~Plugin() = default;
};

// A command a command plugin contributes. Listed in the descriptor so that `ax --help` and command
// dispatch never have to instantiate a plugin they do not run.
struct CommandSpec {
  const char* name;     // "index"
  const char* summary;  // one line for `ax --help`
  const char* usage;    // full help text for `ax help <name>`
};

struct PluginDescriptor {
  // --- frozen prefix ---
  std::uint32_t magic;
  std::uint32_t sdk_major;
  std::uint32_t sdk_minor;
  const char* abi;
  // --- SDK major 1 ---
  PluginKind kind;
  const char* name;
  const char* version;
  const char* description;
  const CommandSpec* commands;  // command plugins: terminated by an entry whose name is null
  std::unique_ptr<Plugin> (*create)();
};

}  // namespace ax::sdk

// Exports a plugin. Use once per shared object, at namespace scope:
//   AX_PLUGIN(ax::sdk::PluginKind::command, "hello", "1.0.0", "Says hello", kCommands, HelloPlugin)
// `commands` is a CommandSpec array terminated by {nullptr, nullptr, nullptr} (nullptr for others);
// `Class` is default-constructible and derives from the interface matching `kind`.
#define AX_PLUGIN(kind_, name_, version_, description_, commands_, Class)                              \
  namespace {                                                                                          \
  std::unique_ptr<::ax::sdk::Plugin> ax_plugin_create_instance() { return std::make_unique<Class>(); } \
  const ::ax::sdk::PluginDescriptor ax_plugin_descriptor_instance{::ax::sdk::kDescriptorMagic,         \
                                                                  AX_SDK_VERSION_MAJOR,                \
                                                                  AX_SDK_VERSION_MINOR,                \
                                                                  AX_SDK_CXX_ABI,                      \
                                                                  kind_,                               \
                                                                  name_,                               \
                                                                  version_,                            \
                                                                  description_,                        \
                                                                  commands_,                           \
                                                                  &ax_plugin_create_instance};         \
  const ::ax::sdk::PluginDescriptor* ax_plugin_describe() { return &ax_plugin_descriptor_instance; }   \
  }                                                                                                    \
  BOOST_DLL_ALIAS(ax_plugin_describe, ax_plugin_descriptor)
