// Parse throughput per language: every language plugin found parses its own fixtures
// (plugins/languages/<id>/fixtures) repeatedly on one thread; prints MB/s and symbols/s.
//   bench-parse <source dir> [seconds per language]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "paths.hpp"
#include "plugin_catalog.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench-parse SOURCE_DIR [SECONDS]\n");
    return 2;
  }
  const fs::path source_dir = argv[1];
  const double budget = argc > 2 ? std::stod(argv[2]) : 2.0;
  ax::kernel::PluginCatalog catalog({ax::kernel::builtin_plugin_directory()},
                                    [](const std::string& w) { std::fprintf(stderr, "warning: %s\n", w.c_str()); });
  std::printf("%-12s %8s %8s %10s %12s %8s\n", "language", "files", "KiB", "MB/s", "symbols/s", "runs");
  for (auto* entry : catalog.usable(ax::sdk::PluginKind::language)) {
    auto* language = dynamic_cast<ax::sdk::LanguagePlugin*>(catalog.instance(*entry));
    if (language == nullptr) continue;
    const std::string id = language->info().id;
    std::vector<std::pair<std::string, std::string>> files;  // path, text
    std::size_t bytes = 0;
    const fs::path fixtures = source_dir / "plugins" / "languages" / id / "fixtures";
    std::error_code ec;
    for (fs::directory_iterator it(fixtures, ec), end; !ec && it != end; it.increment(ec)) {
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      bytes += text.str().size();
      files.emplace_back(it->path().filename().string(), text.str());
    }
    if (files.empty()) continue;
    auto parser = language->make_parser();
    for (const auto& [path, text] : files) parser->parse(text, path);  // warm-up: compiles the query
    std::size_t runs = 0, symbols = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < budget) {
      for (const auto& [path, text] : files) symbols += parser->parse(text, path).symbols.size();
      ++runs;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    std::printf("%-12s %8zu %8zu %10.2f %12.0f %8zu\n", id.c_str(), files.size(), bytes / 1024,
                static_cast<double>(bytes * runs) / 1e6 / elapsed, static_cast<double>(symbols) / elapsed, runs);
  }
  return 0;
}
