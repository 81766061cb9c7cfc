#include "paths.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace ax::kernel {
namespace fs = std::filesystem;

fs::path executable_directory() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

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
