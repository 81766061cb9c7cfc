#include "ax/telemetry/scrub.hpp"

#include <cctype>

namespace ax::telemetry {

namespace {
bool is_plain_word(std::string_view word) {
  for (char c : word)
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '-')) return false;
  return true;
}

// What replaces a word that is not plain lower-case text.
std::string_view placeholder(std::string_view word) {
  if (word.find('/') != std::string_view::npos || word.find('\\') != std::string_view::npos) return "<path>";
  if (auto dot = word.rfind('.'); dot != std::string_view::npos && dot > 0 && dot + 1 < word.size()) return "<path>";
  for (char c : word)
    if (std::isdigit(static_cast<unsigned char>(c))) return "<n>";
  return "<name>";
}

void append(std::string& out, std::string_view piece) {
  // Adjacent placeholders of the same kind collapse into one.
  if (piece.front() == '<' && out.size() >= piece.size() &&
      out.compare(out.size() - piece.size(), piece.size(), piece) == 0)
    return;
  out.append(piece);
}
}  // namespace

std::string scrub_message(std::string_view message) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size() && out.size() < 200) {
    char c = message[i];
    if (c == '\'' || c == '"' || c == '`') {
      auto close = message.find(c, i + 1);
      if (close == std::string_view::npos) close = message.size() - 1;
      append(out, "<name>");
      i = close + 1;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '(' || c == ')' || c == '[' ||
        c == ']' || c == '=') {
      out.push_back(std::isspace(static_cast<unsigned char>(c)) ? ' ' : c);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < message.size()) {
      char d = message[end];
      if (std::isspace(static_cast<unsigned char>(d)) || d == '\'' || d == '"' || d == '`' || d == ',' || d == ';' ||
          d == '(' || d == ')' || d == '[' || d == ']' || d == '=')
        break;
      ++end;
    }
    std::string_view word = message.substr(i, end - i);
    // A trailing colon or full stop belongs to the sentence, not the word.
    std::size_t keep = word.size();
    while (keep > 0 && std::string_view(":.!?").find(word[keep - 1]) != std::string_view::npos) --keep;
    std::string_view punctuation = word.substr(keep);
    word = word.substr(0, keep);
    if (!word.empty()) {
      std::string lower;
      for (char ch : word) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      // A capitalised first word of a system message ("Permission denied") is still a plain word.
      bool capitalised = std::isupper(static_cast<unsigned char>(word.front())) && is_plain_word(lower.substr(1));
      if (is_plain_word(word) || capitalised)
        out.append(lower);
      else
        append(out, placeholder(word));
    }
    out.append(punctuation);
    i = end;
  }
  if (out.size() > 200) out.resize(200);
  return out;
}

}  // namespace ax::telemetry
