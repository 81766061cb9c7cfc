#include "ax/lang/import_paths.hpp"

namespace ax::lang {

std::string_view parent_folder(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string join_path(std::string_view folder, std::string_view rest) {
  while (!folder.empty() && folder.back() == '/') folder.remove_suffix(1);
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (folder.empty()) return std::string(rest);
  if (rest.empty()) return std::string(folder);
  std::string joined;
  joined.reserve(folder.size() + 1 + rest.size());
  joined.append(folder).append("/").append(rest);
  return joined;
}

std::optional<std::string> normalize_path(std::string_view path) {
  if (path.starts_with('/')) return std::nullopt;
  std::vector<std::string_view> parts;
  for (std::string_view part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

std::string_view trim_space(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string> folders_of(const sdk::RepositoryView& repo, int max_depth) {
  std::vector<std::string> folders{""};
  std::size_t level_start = 0;
  for (int depth = 0; depth < max_depth; ++depth) {
    const std::size_t level_end = folders.size();
    for (std::size_t i = level_start; i < level_end; ++i)
      for (const std::string& entry : repo.list_directory(folders[i]))
        if (entry.ends_with('/') && !entry.starts_with('.'))
          folders.push_back(join_path(folders[i], std::string_view(entry).substr(0, entry.size() - 1)));
    level_start = level_end;
  }
  return folders;
}

const std::string* nearest_path(const std::vector<std::string>& candidates, std::string_view from) {
  const auto folder = split(parent_folder(from), '/');
  auto shared = [&](std::string_view path) {
    const auto other = split(parent_folder(path), '/');
    std::size_t common = 0;
    while (common < folder.size() && common < other.size() && !folder[common].empty() &&
           folder[common] == other[common])
      ++common;
    return common;
  };
  const std::string* best = nullptr;
  std::size_t best_shared = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t common = shared(candidate);
    if (best == nullptr || common > best_shared ||
        (common == best_shared &&
         (candidate.size() < best->size() || (candidate.size() == best->size() && candidate < *best)))) {
      best = &candidate;
      best_shared = common;
    }
  }
  return best;
}

}  // namespace ax::lang
