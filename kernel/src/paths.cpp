#include "paths.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {
fs::path home() {
  const char* h = std::getenv("HOME");
  return h != nullptr && *h != '\0' ? fs::path(h) : fs::temp_directory_path();
}
fs::path xdg(const char* variable, const char* fallback) {
  const char* v = std::getenv(variable);
  if (v != nullptr && *v == '/') return v;  // the spec ignores relative values
  return home() / fallback;
}
}  // namespace

fs::path executable_directory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

fs::path xdg_config_home() { return xdg("XDG_CONFIG_HOME", ".config"); }
fs::path xdg_data_home() { return xdg("XDG_DATA_HOME", ".local/share"); }
fs::path xdg_cache_home() { return xdg("XDG_CACHE_HOME", ".cache"); }

fs::path builtin_plugin_directory() {
  fs::path exe_dir = executable_directory();
  if (fs::is_directory(exe_dir / "plugins")) return exe_dir / "plugins";
  return exe_dir.parent_path() / AX_INSTALL_LIBDIR / "ax" / "plugins";
}

fs::path migrations_directory() {
  if (const char* v = std::getenv("AX_MIGRATIONS_DIR"); v != nullptr && *v != '\0') return v;
  fs::path exe_dir = executable_directory();
  fs::path installed = exe_dir.parent_path() / AX_INSTALL_DATADIR / "ax" / "migrations";
  if (fs::is_directory(installed)) return installed;
  return AX_SOURCE_MIGRATIONS_DIR;
}

}  // namespace ax::kernel
