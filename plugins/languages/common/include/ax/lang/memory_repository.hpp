// A RepositoryView over files held in memory, for import resolver tests: a repository is a map of
// repository-relative paths to contents.
#pragma once
#include <map>
#include <set>
#include <string>
#include <utility>

#include <ax/sdk/imports.hpp>

namespace ax::lang::testing {

class MemoryRepository : public sdk::RepositoryView {
 public:
  struct Definition {
    std::string language;
    std::string qualified_name;
    std::string path;
  };

  MemoryRepository(std::map<std::string, std::string> files, std::vector<Definition> definitions = {})
      : files_(std::move(files)), definitions_(std::move(definitions)) {}

  bool is_file(std::string_view path) const override { return files_.contains(std::string(path)); }

  bool is_directory(std::string_view path) const override {
    if (path.empty()) return true;
    const std::string prefix = std::string(path) + "/";
    auto it = files_.lower_bound(prefix);
    return it != files_.end() && it->first.starts_with(prefix);
  }

  std::vector<std::string> list_directory(std::string_view path) const override {
    const std::string prefix = path.empty() ? std::string() : std::string(path) + "/";
    std::set<std::string> names;
    for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix); ++it) {
      const std::string rest = it->first.substr(prefix.size());
      const auto slash = rest.find('/');
      names.insert(slash == std::string::npos ? rest : rest.substr(0, slash + 1));
    }
    return {names.begin(), names.end()};
  }

  std::optional<std::string> read_file(std::string_view path) const override {
    auto it = files_.find(std::string(path));
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<std::string> files_defining(std::string_view language, std::string_view qualified_name) const override {
    std::vector<std::string> paths;
    for (const auto& d : definitions_)
      if (d.language == language && d.qualified_name == qualified_name) paths.push_back(d.path);
    return paths;
  }

 private:
  std::map<std::string, std::string> files_;
  std::vector<Definition> definitions_;
};

}  // namespace ax::lang::testing
