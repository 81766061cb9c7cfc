#include "language_detector.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <ax/sdk/text.hpp>

namespace ax::kernel {

namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r')) ++pos;
    std::size_t start = pos;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '\r') ++pos;
    if (pos > start) words.push_back(line.substr(start, pos - start));
  }
  return words;
}

std::string_view base_name(std::string_view word) {
  return word.substr(word.rfind('/') == std::string_view::npos ? 0 : word.rfind('/') + 1);
}

bool is_option_or_assignment(std::string_view word) {
  return word.front() == '-' || word.find('=') != std::string_view::npos;
}

// Where the interpreter is among `words` (a shebang or an `exec` command line): `env` and its
// options, and launchers that run a named interpreter (`npx tsx`, `poetry run python`), are looked
// through. words.size() when there is none.
std::size_t interpreter_position(const std::vector<std::string_view>& words) {
  std::size_t i = 0;
  auto skip_options = [&] {
    while (i < words.size() && is_option_or_assignment(words[i])) {
      // `env -u NAME` and `env -C DIR` take an argument.
      if (words[i] == "-u" || words[i] == "-C" || words[i] == "--unset" || words[i] == "--chdir") ++i;
      ++i;
    }
  };
  if (i < words.size() && base_name(words[i]) == "env") {
    ++i;
    skip_options();
  }
  if (i >= words.size()) return words.size();
  std::string_view interpreter = base_name(words[i]);
  // Package-manager launchers: the next word is the interpreter they run.
  static constexpr std::string_view kRunners[] = {"npx", "bunx", "pnpx"};
  static constexpr std::string_view kRunWith[] = {"poetry", "pipenv", "pdm", "hatch", "rye", "pnpm", "yarn"};
  bool runner = std::find(std::begin(kRunners), std::end(kRunners), interpreter) != std::end(kRunners);
  bool run_with = std::find(std::begin(kRunWith), std::end(kRunWith), interpreter) != std::end(kRunWith) &&
                  i + 1 < words.size() && (words[i + 1] == "run" || words[i + 1] == "exec" || words[i + 1] == "dlx");
  if (runner || run_with) {
    std::size_t launcher = i;
    i += run_with ? 2 : 1;
    skip_options();
    if (i >= words.size()) return launcher;
  }
  return i;
}

bool is_shell(std::string_view interpreter) {
  return interpreter == "sh" || interpreter == "bash" || interpreter == "dash" || interpreter == "zsh" ||
         interpreter == "ksh";
}

// A shell trampoline re-executes the file with the real interpreter in its first lines:
// `exec scala "$0" "$@"`, Python's `"exec" "python3" "$0" "$@"` or `''''exec python3 -u -- "$0" # '''`.
std::optional<std::string> trampoline_interpreter(std::string_view after_shebang) {
  for (int line_number = 0; line_number < 10 && !after_shebang.empty(); ++line_number) {
    std::size_t eol = after_shebang.find('\n');
    std::string_view line = after_shebang.substr(0, eol);
    after_shebang = eol == std::string_view::npos ? std::string_view{} : after_shebang.substr(eol + 1);
    if (line.find("$0") == std::string_view::npos) continue;
    std::vector<std::string_view> words;
    for (std::string_view word : split_words(line)) {
      while (!word.empty() && (word.front() == '\'' || word.front() == '"')) word.remove_prefix(1);
      while (!word.empty() && (word.back() == '\'' || word.back() == '"')) word.remove_suffix(1);
      if (!word.empty()) words.push_back(word);
    }
    auto exec = std::find(words.begin(), words.end(), "exec");
    if (exec == words.end()) continue;
    std::vector<std::string_view> command(exec + 1, words.end());
    std::size_t at = interpreter_position(command);
    if (at >= command.size() || command[at].front() == '$') continue;
    // The interpreter must be given the script itself (`exec java -jar "$(dirname "$0")/x.jar"` is not).
    std::size_t argument = at + 1;
    while (argument < command.size() && command[argument].front() == '-') ++argument;
    if (argument < command.size() && (command[argument] == "$0" || command[argument] == "${0}"))
      return std::string(base_name(command[at]));
  }
  return std::nullopt;
}

// nix-shell scripts name their interpreter on a second line: `#!nix-shell -i python3 -p …`.
std::optional<std::string> nix_shell_interpreter(std::string_view after_shebang) {
  while (after_shebang.substr(0, 2) == "#!") {
    std::size_t eol = after_shebang.find('\n');
    auto words = split_words(after_shebang.substr(2, eol == std::string_view::npos ? eol : eol - 2));
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
      if (words[i] == "-i") return std::string(base_name(words[i + 1]));
    if (eol == std::string_view::npos) break;
    after_shebang.remove_prefix(eol + 1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> shebang_interpreter(std::string_view head) {
  // Editors on Windows may put a UTF-8 byte-order mark before the shebang.
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 2) != "#!") return std::nullopt;
  std::size_t eol = head.find('\n');
  std::string_view line = head.substr(2, eol == std::string_view::npos ? std::string_view::npos : eol - 2);
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
  auto words = split_words(line);
  std::size_t at = interpreter_position(words);
  if (at >= words.size()) return std::nullopt;
  std::string_view interpreter = base_name(words[at]);
  if (is_shell(interpreter))
    if (auto real = trampoline_interpreter(rest)) return real;
  if (interpreter == "nix-shell")
    if (auto real = nix_shell_interpreter(rest)) return real;
  // python3.11 stays python3.11 here; the caller also tries python3 and python.
  return std::string(interpreter);
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
    if (auto it = by_extension_.find(std::string_view(lower_name).substr(dot)); it != by_extension_.end()) {
      if (auto language = decide(it->second, path, head)) return language;
      break;  // the extension's languages declined the content; a shebang may still name one
    }
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
