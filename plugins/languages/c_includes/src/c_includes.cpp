#include "ax/lang/c_includes.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

struct IncludePaths {
  std::vector<std::string> quote;  // -iquote: for "x" only
  std::vector<std::string> all;    // -I, -isystem, -idirafter, in the command's order
};

class CIncludeContext : public sdk::ResolutionContext {
 public:
  explicit CIncludeContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
  std::unordered_map<std::string, IncludePaths> by_file;                   // from compile_commands.json
  std::vector<std::string> every_path;                                     // of every file of the database
  std::unordered_map<std::string, std::vector<std::string>> by_base_name;  // every file of the repository
};

// Where compile_commands.json usually sits: the root and the build folders one or two levels down.
constexpr int kDatabaseSearchDepth = 2;
constexpr std::size_t kDatabaseProbeEntries = 64;

// The folder of the repository that `absolute` names, when it is inside `root` (both absolute).
std::optional<std::string> inside_root(const std::filesystem::path& absolute, const std::filesystem::path& root) {
  const std::filesystem::path relative = absolute.lexically_normal().lexically_relative(root);
  if (relative.empty()) return std::nullopt;
  const std::string text = relative.generic_string();
  if (text == ".") return std::string();
  return normalize_path(text);
}

// The repository's absolute root as the database sees it: the prefix of an entry's file whose
// longest suffix is a file of the repository.
std::optional<std::filesystem::path> database_root(const sdk::RepositoryView& repo, const nlohmann::json& entries) {
  std::size_t probed = 0;
  for (const auto& entry : entries) {
    if (++probed > kDatabaseProbeEntries) break;
    if (!entry.is_object() || !entry.contains("file") || !entry["file"].is_string()) continue;
    std::filesystem::path file(entry["file"].get<std::string>());
    if (file.is_relative() && entry.contains("directory") && entry["directory"].is_string())
      file = std::filesystem::path(entry["directory"].get<std::string>()) / file;
    file = file.lexically_normal();
    if (!file.is_absolute()) continue;
    std::vector<std::string> parts;
    for (const auto& part : file.relative_path()) parts.push_back(part.string());
    for (std::size_t skip = 0; skip < parts.size(); ++skip) {
      std::string suffix;
      for (std::size_t i = skip; i < parts.size(); ++i) suffix = join_path(suffix, parts[i]);
      if (!repo.is_file(suffix)) continue;
      std::filesystem::path root = file.root_path();
      for (std::size_t i = 0; i < skip; ++i) root /= parts[i];
      return root;
    }
  }
  return std::nullopt;
}

void load_database(CIncludeContext& context, std::string_view text) {
  const nlohmann::json entries = nlohmann::json::parse(text, nullptr, false);
  if (!entries.is_array()) return;  // not JSON, or not a database: ignored as if absent
  const auto root = database_root(context.repo, entries);
  if (!root) return;
  for (const auto& entry : entries) {
    if (!entry.is_object() || !entry.contains("file") || !entry["file"].is_string()) continue;
    const std::filesystem::path directory =
        entry.contains("directory") && entry["directory"].is_string() ? entry["directory"].get<std::string>() : "";
    std::vector<std::string> arguments;
    if (entry.contains("arguments") && entry["arguments"].is_array()) {
      for (const auto& argument : entry["arguments"])
        if (argument.is_string()) arguments.push_back(argument.get<std::string>());
    } else if (entry.contains("command") && entry["command"].is_string()) {
      arguments = split_command(entry["command"].get<std::string>());
    }
    const auto file = inside_root(directory / entry["file"].get<std::string>(), *root);
    if (!file) continue;
    IncludePaths& paths = context.by_file[*file];
    std::vector<std::string> quote_paths;
    for (std::size_t i = 0; i + 1 < arguments.size(); ++i)
      if (arguments[i] == "-iquote") quote_paths.push_back(arguments[i + 1]);
    for (const std::string& written : include_paths_of(arguments)) {
      auto folder = inside_root(directory / written, *root);
      if (!folder) continue;  // outside the repository: the system's or a library's
      const bool quote_only = std::find(quote_paths.begin(), quote_paths.end(), written) != quote_paths.end();
      (quote_only ? paths.quote : paths.all).push_back(*folder);
      if (std::find(context.every_path.begin(), context.every_path.end(), *folder) == context.every_path.end())
        context.every_path.push_back(*folder);
    }
  }
}

void index_files(CIncludeContext& context, const std::string& folder) {
  for (const std::string& entry : context.repo.list_directory(folder)) {
    if (entry.starts_with('.')) continue;
    if (entry.ends_with('/')) {
      index_files(context, join_path(folder, std::string_view(entry).substr(0, entry.size() - 1)));
    } else {
      context.by_base_name[entry].push_back(join_path(folder, entry));
    }
  }
}

std::optional<std::string> file_under(const sdk::RepositoryView& repo, std::string_view folder,
                                      std::string_view specifier) {
  auto path = normalize_path(join_path(folder, specifier));
  if (path && repo.is_file(*path)) return path;
  return std::nullopt;
}

bool looks_like_include(std::string_view specifier) {
  return specifier.starts_with('<') || specifier.find('.') != std::string_view::npos ||
         specifier.find('/') != std::string_view::npos;
}

}  // namespace

std::vector<std::string> include_paths_of(const std::vector<std::string>& arguments) {
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    for (std::string_view flag : {"-I", "-isystem", "-iquote", "-idirafter", "/I"}) {
      if (!argument.starts_with(flag)) continue;
      if (argument.size() > flag.size()) {
        paths.push_back(argument.substr(flag.size()));
      } else if (i + 1 < arguments.size()) {
        paths.push_back(arguments[++i]);
      }
      break;
    }
  }
  return paths;
}

std::vector<std::string> split_command(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < command.size()) {
        word += command[++i];
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::unique_ptr<sdk::ResolutionContext> CIncludeResolver::prepare(const sdk::RepositoryView& repo) const {
  auto context = std::make_unique<CIncludeContext>(repo);
  for (const std::string& folder : folders_of(repo, kDatabaseSearchDepth))
    if (auto text = repo.read_file(join_path(folder, "compile_commands.json"))) load_database(*context, *text);
  index_files(*context, "");
  return context;
}

const sdk::RepositoryView& CIncludeResolver::repository(const sdk::ResolutionContext& context) {
  return static_cast<const CIncludeContext&>(context).repo;
}

sdk::ResolvedImport CIncludeResolver::resolve(const sdk::ResolutionContext& context, std::string_view from,
                                              const sdk::Import& import) const {
  const std::string_view specifier = trim_space(import.specifier);
  if (specifier.empty()) return unresolved();
  if (!looks_like_include(specifier)) return resolve_name(context, from, specifier);
  return resolve_include(context, from, specifier);
}

sdk::ResolvedImport CIncludeResolver::resolve_name(const sdk::ResolutionContext& context, std::string_view from,
                                                   std::string_view specifier) const {
  return resolve_include(context, from, specifier);
}

sdk::ResolvedImport CIncludeResolver::resolve_include(const sdk::ResolutionContext& base, std::string_view from,
                                                      std::string_view specifier) const {
  const auto& context = static_cast<const CIncludeContext&>(base);
  const bool system = specifier.starts_with('<');
  if (system) {
    specifier.remove_prefix(1);
    if (specifier.ends_with('>')) specifier.remove_suffix(1);
    specifier = trim_space(specifier);
  }
  if (specifier.empty()) return unresolved();
  if (specifier.starts_with('/')) return external();  // an absolute path: not the repository's
  if (!system)
    if (auto found = file_under(context.repo, parent_folder(from), specifier)) return exact(*found);

  if (auto entry = context.by_file.find(std::string(from)); entry != context.by_file.end()) {
    if (!system)
      for (const std::string& folder : entry->second.quote)
        if (auto found = file_under(context.repo, folder, specifier)) return exact(*found);
    for (const std::string& folder : entry->second.all)
      if (auto found = file_under(context.repo, folder, specifier)) return exact(*found);
    // The build's own include paths do not hold it: the system's, or generated outside the tree.
    return system ? external() : unresolved();
  }
  // A header, or a repository without a database: the include paths any file is built with, then
  // any file of that name, nearest first.
  for (const std::string& folder : context.every_path)
    if (auto found = file_under(context.repo, folder, specifier)) return heuristic(*found);
  if (auto normalized = normalize_path(specifier)) {
    auto same_name = context.by_base_name.find(std::string(base_name(*normalized)));
    if (same_name != context.by_base_name.end()) {
      std::vector<std::string> candidates;
      // <x> is looked for in include folders only: a file of that name elsewhere is no evidence
      // against the system's header.
      const std::string suffix = (system ? "include/" : "") + *normalized;
      for (const std::string& path : same_name->second)
        if (path == suffix || path.ends_with("/" + suffix)) candidates.push_back(path);
      if (const std::string* best = nearest_path(candidates, from)) return heuristic(*best);
    }
  }
  return system ? external() : unresolved();
}

}  // namespace ax::lang
