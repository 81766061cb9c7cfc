// Helpers shared by the fuzz targets (tests/fuzz/*.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace ax::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A property of the code under test does not hold: report it and abort, which libFuzzer (and the
// replay test) count as a crash.
[[noreturn]] inline void violated(std::string_view what) {
  std::fprintf(stderr, "fuzz: property violated: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

// A private folder for the files a target hands to code that reads paths; removed at exit.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ax-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) violated("cannot create a scratch directory");
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` to `name` inside the folder, replacing it; returns its path.
  std::filesystem::path write(std::string_view name, std::string_view bytes) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) violated("cannot write a scratch file");
    return file;
  }

 private:
  std::filesystem::path path_;
};

// The one scratch folder of the process (function-local static: destroyed, and removed, at exit).
inline const ScratchDirectory& scratch() {
  static const ScratchDirectory directory;
  return directory;
}

}  // namespace ax::fuzz
