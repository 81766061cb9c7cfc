// Where ax finds its own files and the user's: the executable's directory, XDG directories.
#pragma once
#include <filesystem>

namespace ax::kernel {

std::filesystem::path executable_directory();
// $XDG_CONFIG_HOME or ~/.config, $XDG_DATA_HOME or ~/.local/share, $XDG_CACHE_HOME or ~/.cache.
std::filesystem::path xdg_config_home();
std::filesystem::path xdg_data_home();
std::filesystem::path xdg_cache_home();
// The built-in plugin directory: <exe>/plugins in a build tree, <prefix>/lib/ax/plugins installed.
std::filesystem::path builtin_plugin_directory();
// Migration files: <source>/migrations in a build tree, <prefix>/share/ax/migrations installed.
std::filesystem::path migrations_directory();

}  // namespace ax::kernel
