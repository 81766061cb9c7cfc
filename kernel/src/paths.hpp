// Where ax finds its own files: the executable's directory (the user's XDG directories: ax/sdk/paths.hpp).
#pragma once
#include <filesystem>

namespace ax::kernel {

std::filesystem::path executable_directory();
// The built-in plugin directory: <exe>/plugins in a build tree, <prefix>/lib/ax/plugins installed.
std::filesystem::path builtin_plugin_directory();
// Migration files: <source>/migrations in a build tree, <prefix>/share/ax/migrations installed.
std::filesystem::path migrations_directory();

}  // namespace ax::kernel
