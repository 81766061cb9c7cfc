// Replays inputs through a fuzz target outside libFuzzer, so the ordinary (and sanitizer) builds run
// every saved crash input as a test:
//   fuzz-replay-<name> [--regressions DIR] FILE_OR_DIR...
// Directories are read recursively. --regressions DIR may be missing (no crash saved yet); every
// other argument must exist. Exits 1 if a path is missing or nothing was replayed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional, as in libFuzzer: targets with slow one-time setup define it.
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) __attribute__((weak));

namespace {
namespace fs = std::filesystem;

void collect(const fs::path& path, std::vector<fs::path>& files) {
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
  } else {
    files.push_back(path);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--regressions" && i + 1 < argc) {
      const fs::path regressions = argv[++i];
      if (fs::exists(regressions)) collect(regressions, files);
      continue;
    }
    if (!fs::exists(arg)) {
      std::cerr << "fuzz-replay: " << arg << " does not exist\n";
      return 1;
    }
    collect(arg, files);
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "fuzz-replay: cannot read " << file.string() << "\n";
      return 1;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // Named first, so that a crash shows which input caused it.
    std::cout << "replaying " << file.string() << std::endl;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  if (files.empty()) {
    std::cerr << "fuzz-replay: no inputs\n";
    return 1;
  }
  std::cout << "replayed " << files.size() << " inputs\n";
  return 0;
}
