#include "language_detector.hpp"

#include <algorithm>
#include <cctype>

#include <ax/sdk/text.hpp>

namespace ax::kernel {

std::optional<std::string> shebang_interpreter(std::string_view head) {
  // Editors on Windows may put a UTF-8 byte-order mark before the shebang.
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 2) != "#!") return std::nullopt;
  std::string_view line =
      head.substr(2, head.find('\n') == std::string_view::npos ? std::string_view::npos : head.find('\n') - 2);
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r')) ++pos;
    std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '\r') ++pos;
    if (pos > start) words.push_back(line.substr(start, pos - start));
  }
  std::size_t i = 0;
  auto base = [](std::string_view word) {
    return word.substr(word.rfind('/') == std::string_view::npos ? 0 : word.rfind('/') + 1);
  };
  if (i < words.size() && base(words[i]) == "env") {
    ++i;
    while (i < words.size() && (words[i].front() == '-' || words[i].find('=') != std::string_view::npos)) ++i;
  }
  if (i >= words.size()) return std::nullopt;
  std::string interpreter(base(words[i]));
  // python3.11 -> python3.11 and python3 are both tried by the caller; strip version suffixes here.
  return interpreter;
}

LanguageDetector::LanguageDetector(const std::vector<sdk::LanguagePlugin*>& languages) {
  for (auto* language : languages) {
    const auto& info = language->info();
    for (const auto& name : info.file_names) by_file_name_[name].push_back(language);
    for (const auto& ext : info.extensions) by_extension_[sdk::ascii_lower(ext)].push_back(language);
    for (const auto& interpreter : info.interpreters) by_interpreter_[interpreter].push_back(language);
  }
}

std::optional<std::string> LanguageDetector::decide(const std::vector<sdk::LanguagePlugin*>& candidates,
                                                    const std::filesystem::path& path, std::string_view head) const {
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) {
    // A sole claimant may still veto a file that only shares its extension (".ts" Qt translations).
    if (candidates.front()->check_content(path.string(), head) == sdk::Confidence::no) return std::nullopt;
    return candidates.front()->info().id;
  }
  sdk::LanguagePlugin* best = nullptr;
  auto best_confidence = sdk::Confidence::no;
  for (auto* candidate : candidates) {
    auto confidence = candidate->check_content(path.string(), head);
    if (best == nullptr || confidence > best_confidence) {
      best = candidate;
      best_confidence = confidence;
    }
  }
  if (best_confidence == sdk::Confidence::no) return std::nullopt;
  return best->info().id;
}

std::optional<std::string> LanguageDetector::detect(const std::filesystem::path& path, std::string_view head) const {
  const std::string file_name = path.filename().string();
  if (auto it = by_file_name_.find(file_name); it != by_file_name_.end()) return decide(it->second, path, head);

  // Longest matching extension first, so ".d.ts" can beat ".ts" if a plugin claims it.
  const std::string lower_name = sdk::ascii_lower(file_name);
  for (std::size_t dot = lower_name.find('.', 1); dot != std::string::npos; dot = lower_name.find('.', dot + 1)) {
    if (auto it = by_extension_.find(std::string_view(lower_name).substr(dot)); it != by_extension_.end())
      return decide(it->second, path, head);
  }

  if (auto interpreter = shebang_interpreter(head)) {
    std::string name = *interpreter;
    while (true) {
      if (auto it = by_interpreter_.find(name); it != by_interpreter_.end()) return decide(it->second, path, head);
      // "python3.11" -> "python3" -> "python"
      if (!name.empty() && (std::isdigit(static_cast<unsigned char>(name.back())) || name.back() == '.')) {
        name.pop_back();
        continue;
      }
      break;
    }
  }
  return std::nullopt;
}

}  // namespace ax::kernel
