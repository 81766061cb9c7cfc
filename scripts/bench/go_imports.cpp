// Package edges of Go files as the Go plugin parses and resolves them, for scripts/bench/go_imports.sh.
//   bench-go-imports REPOSITORY < files
// reads repository-relative .go paths (one a line), parses each with the Go plugin, resolves its
// imports against the repository on disk and prints each distinct package edge "from-folder\tto-folder"
// (exact and heuristic ones) on stdout; the count of each resolution on stderr.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <ax/lang/import_paths.hpp>

#include "go_language.hpp"

namespace fs = std::filesystem;

namespace {

// The repository on disk; a path whose real location leaves the repository (a symlink out) is absent.
class DiskRepository final : public ax::sdk::RepositoryView {
 public:
  explicit DiskRepository(const fs::path& root) : root_(fs::canonical(root)) {}

  bool is_file(std::string_view path) const override {
    auto real = inside(path);
    std::error_code error;
    return real && fs::is_regular_file(*real, error);
  }
  bool is_directory(std::string_view path) const override {
    auto real = inside(path);
    std::error_code error;
    return real && fs::is_directory(*real, error);
  }
  std::vector<std::string> list_directory(std::string_view path) const override {
    std::vector<std::string> names;
    auto real = inside(path);
    std::error_code error;
    if (!real || !fs::is_directory(*real, error)) return names;
    for (const auto& entry : fs::directory_iterator(*real, error)) {
      const std::string name = entry.path().filename().string();
      const std::string relative = ax::lang::join_path(path, name);
      if (is_directory(relative)) {
        names.push_back(name + "/");
      } else if (is_file(relative)) {
        names.push_back(name);
      }
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::optional<std::string> read_file(std::string_view path) const override {
    if (!is_file(path)) return std::nullopt;
    std::error_code error;
    if (fs::file_size(root_ / std::string(path), error) > 4u << 20) return std::nullopt;
    std::ifstream in(root_ / std::string(path), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::vector<std::string> files_defining(std::string_view, std::string_view) const override { return {}; }

 private:
  std::optional<fs::path> inside(std::string_view path) const {
    std::error_code error;
    fs::path real = fs::weakly_canonical(root_ / std::string(path), error);
    if (error) return std::nullopt;
    auto [root_end, real_it] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
    if (root_end != root_.end()) return std::nullopt;
    return real;
  }
  fs::path root_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: bench-go-imports REPOSITORY < files\n";
    return 2;
  }
  const DiskRepository repo(argv[1]);
  ax::lang::GoLanguage go;
  auto parser = go.make_parser();
  using Clock = std::chrono::steady_clock;
  const auto prepare_start = Clock::now();
  const auto context = go.prepare(repo);
  const Clock::duration prepare_time = Clock::now() - prepare_start;
  Clock::duration parse_time{}, resolve_time{};
  std::set<std::pair<std::string, std::string>> edges;
  std::map<std::string_view, std::size_t> counts;
  std::string file;
  while (std::getline(std::cin, file)) {
    if (file.empty()) continue;
    auto source = repo.read_file(file);
    if (!source) {
      std::cerr << "bench-go-imports: cannot read " << file << "\n";
      return 1;
    }
    const auto parse_start = Clock::now();
    const ax::sdk::ParseResult result = parser->parse(*source, file);
    const auto resolve_start = Clock::now();
    parse_time += resolve_start - parse_start;
    for (const auto& import : result.imports) {
      const ax::sdk::ResolvedImport resolved = go.resolve(*context, file, import);
      ++counts[ax::sdk::to_string(resolved.resolution)];
      if (resolved.resolution == ax::sdk::ImportResolution::exact ||
          resolved.resolution == ax::sdk::ImportResolution::heuristic)
        edges.emplace(std::string(ax::lang::parent_folder(file)), resolved.to);
    }
    resolve_time += Clock::now() - resolve_start;
  }
  for (const auto& [from, to] : edges) std::cout << from << '\t' << to << '\n';
  for (const auto& [resolution, count] : counts) std::cerr << resolution << ": " << count << "\n";
  auto ms = [](Clock::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  std::cerr << "time: parse " << ms(parse_time) << " ms, prepare " << ms(prepare_time) << " ms, resolve "
            << ms(resolve_time) << " ms\n";
  return 0;
}
