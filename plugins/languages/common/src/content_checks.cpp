#include "ax/lang/content_checks.hpp"

#include <algorithm>

namespace ax::lang::content {
namespace {

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view base_name(std::string_view word) {
  std::size_t slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

// "python3.12" names "python3.12", "python3" and "python".
bool names_interpreter(std::string_view word, std::string_view interpreter) {
  word = base_name(word);
  if (word.substr(0, interpreter.size()) != interpreter) return false;
  std::string_view rest = word.substr(interpreter.size());
  return std::all_of(rest.begin(), rest.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

}  // namespace

bool has_suffix(std::string_view path, std::string_view suffix) {
  if (path.size() < suffix.size()) return false;
  std::string_view tail = path.substr(path.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (lower(tail[i]) != lower(suffix[i])) return false;
  return true;
}

bool has_any_suffix(std::string_view path, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) { return has_suffix(path, s); });
}

std::string_view trimmed(std::string_view line) {
  std::size_t first = line.find_first_not_of(" \t\r\f\v");
  if (first == std::string_view::npos) return {};
  std::size_t last = line.find_last_not_of(" \t\r\f\v");
  return line.substr(first, last - first + 1);
}

bool starts_with_word(std::string_view line, std::string_view word) {
  if (word.empty() || line.substr(0, word.size()) != word) return false;
  if (!is_identifier_char(word.back())) return true;
  return line.size() == word.size() || !is_identifier_char(line[word.size()]);
}

bool starts_with_any_word(std::string_view line, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return starts_with_word(line, w); });
}

bool contains_word(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !is_identifier_char(text[at - 1]) || !is_identifier_char(word.front());
    std::size_t end = at + word.size();
    bool ends = end == text.size() || !is_identifier_char(text[end]) || !is_identifier_char(word.back());
    if (starts && ends) return true;
  }
  return false;
}

bool any_line_starts_with(std::string_view head, std::initializer_list<std::string_view> words) {
  return any_line(head, [&](std::string_view line) { return starts_with_any_word(line, words); });
}

std::string_view first_significant_line(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  while (!head.empty()) {
    std::size_t eol = head.find('\n');
    std::string_view line = trimmed(head.substr(0, eol));
    if (!line.empty()) return line;
    if (eol == std::string_view::npos) break;
    head.remove_prefix(eol + 1);
  }
  return {};
}

std::string_view shebang_line(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 2) != "#!") return {};
  return head.substr(2, head.find('\n') == std::string_view::npos ? std::string_view::npos : head.find('\n') - 2);
}

bool has_foreign_shebang(std::string_view head, std::initializer_list<std::string_view> interpreters) {
  std::string_view line = shebang_line(head);
  if (line.empty()) return false;
  std::size_t pos = 0;
  while (pos < line.size()) {
    pos = line.find_first_not_of(" \t\r", pos);
    if (pos == std::string_view::npos) break;
    std::size_t end = std::min(line.find_first_of(" \t\r", pos), line.size());
    std::string_view word = line.substr(pos, end - pos);
    for (std::string_view interpreter : interpreters)
      if (names_interpreter(word, interpreter)) return false;
    pos = end;
  }
  return true;
}

bool starts_like_xml(std::string_view head) {
  std::string_view first = first_significant_line(head);
  return first.substr(0, 5) == "<?xml" ||
         (first.size() > 1 && first.front() == '<' &&
          (first[1] == '!' || (first[1] >= 'a' && first[1] <= 'z') || (first[1] >= 'A' && first[1] <= 'Z')));
}

bool has_c_preprocessor_line(std::string_view head) {
  return any_line(head, [](std::string_view line) {
    if (line.empty() || line.front() != '#') return false;
    std::string_view directive = trimmed(line.substr(1));
    return starts_with_any_word(directive, {"include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else",
                                            "endif", "pragma", "error", "import"});
  });
}

}  // namespace ax::lang::content
