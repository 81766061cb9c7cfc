// Helpers shared by the store's tests and benchmark: a temporary directory and synthetic parse
// results shaped like real source files.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <ax/sdk/model.hpp>

namespace ax::lmdb_store::testing {

// A fresh directory under the system temp directory, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ax-store-lmdb-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct SyntheticFile {
  ax::sdk::FileRecord record;
  ax::sdk::ParseResult result;
};

// File `index` of a synthetic repository: one class holding `symbols - 1` methods, five imports, and
// two references per method (a call to a method of the next file and a reference to "print").
inline SyntheticFile synthetic_file(std::size_t index, std::size_t symbols, std::size_t file_count) {
  static const char* const kLanguages[] = {"python", "cpp", "go"};
  SyntheticFile file;
  const std::string suffix = std::to_string(index);
  file.record.path = "src/package_" + std::to_string(index / 100) + "/module_" + suffix + ".py";
  file.record.language = kLanguages[index % 3];
  file.record.size = 2000 + index % 997;
  file.record.mtime_ns = 1'700'000'000'000'000'000 + static_cast<std::int64_t>(index);
  file.record.content_hash = 0x9e3779b97f4a7c15ULL * (index + 1);

  ax::sdk::Symbol container;
  container.name = "Module" + suffix;
  container.kind = ax::sdk::SymbolKind::class_;
  container.qualified_name = container.name;
  container.span = {1, 1, static_cast<std::uint32_t>(symbols * 4 + 2), 1};
  container.signature = "class " + container.name + ":";
  container.doc = "Synthetic container number " + suffix + ".";
  if (symbols > 0) file.result.symbols.push_back(container);
  for (std::size_t j = 1; j < symbols; ++j) {
    ax::sdk::Symbol method;
    method.name = "method_" + std::to_string(j) + "_" + suffix;
    method.kind = ax::sdk::SymbolKind::method;
    method.qualified_name = container.name + "." + method.name;
    const auto line = static_cast<std::uint32_t>(j * 4);
    method.span = {line, 5, line + 3, 20};
    method.signature = "def " + method.name + "(self, value):";
    method.doc = "Returns value transformed by step " + std::to_string(j) + ".";
    method.parent = 0;
    file.result.symbols.push_back(method);

    const std::string next = std::to_string((index + 1) % file_count);
    file.result.references.push_back({"method_" + std::to_string(j) + "_" + next, ax::sdk::ReferenceKind::call,
                                      line + 1, 9, static_cast<std::int32_t>(j)});
    file.result.references.push_back(
        {"print", ax::sdk::ReferenceKind::call, line + 2, 9, static_cast<std::int32_t>(j)});
  }
  for (std::uint32_t k = 0; k < 5; ++k)
    file.result.imports.push_back({"package_" + std::to_string((index + k) % 50) + ".module", k + 1});
  return file;
}

}  // namespace ax::lmdb_store::testing
