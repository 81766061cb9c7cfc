#include "typescript_language.hpp"

#include <cctype>
#include <string>

#include "ecmascript.scm.hpp"
#include "jsx.scm.hpp"
#include "typescript.scm.hpp"

extern "C" const TSLanguage* tree_sitter_typescript();
extern "C" const TSLanguage* tree_sitter_tsx();

namespace ax::lang {
namespace {

std::string_view typescript_query() {
  static const std::string query = join_queries({k_ecmascript_query, k_typescript_query});
  return query;
}

// The typescript grammar has no JSX nodes, so only the TSX query adds the JSX patterns.
std::string_view tsx_query() {
  static const std::string query = join_queries({k_ecmascript_query, k_typescript_query, k_jsx_query});
  return query;
}

// The text after a byte-order mark and leading blank space.
std::string_view content_start(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  std::size_t first = head.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view{} : head.substr(first);
}

bool starts_with_tag(std::string_view text, std::string_view tag) {
  if (text.substr(0, tag.size()) != tag) return false;
  if (text.size() == tag.size()) return true;
  char after = text[tag.size()];
  return after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == '>';
}

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

}  // namespace

std::optional<std::string> TypeScriptLanguage::text_to_reparse(std::string_view source) const {
  std::optional<std::string> out;
  std::string_view previous_code;  // the last line that is neither blank nor a comment, trimmed
  for (std::size_t begin = 0; begin < source.size();) {
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) end = source.size();
    std::string_view line = source.substr(begin, end - begin);
    const std::size_t indent = line.find_first_not_of(" \t");
    if (indent != std::string_view::npos) {
      std::string_view code = line.substr(indent);
      while (!code.empty() && (code.back() == ' ' || code.back() == '\t' || code.back() == '\r')) code.remove_suffix(1);
      const bool comment = code.substr(0, 2) == "//" || code.substr(0, 2) == "/*" || code.front() == '*';
      // `<T>(` or `<T extends U>(`, or a lone `<` opening type parameters listed on the lines below
      // (effect's `dual` overloads), after a line ending in a type (a name, `)`, `]`, `>` but not `=>`).
      const bool signature =
          indent > 0 && code[0] == '<' &&
          (code.size() == 1 || ((std::isalpha(static_cast<unsigned char>(code[1])) != 0 || code[1] == '_') &&
                                code.find(">(") != std::string_view::npos));
      if (signature && !previous_code.empty()) {
        const char last = previous_code.back();
        const bool ends_type =
            is_identifier_char(last) || last == ')' || last == ']' ||
            (last == '>' && (previous_code.size() < 2 || previous_code[previous_code.size() - 2] != '='));
        if (ends_type) {
          if (!out) out.emplace(source);
          (*out)[begin + indent - 1] = ';';
        }
      }
      if (!comment) previous_code = code;
    }
    begin = end + 1;
  }
  return out;
}

sdk::Confidence TypeScriptLanguage::check_content(std::string_view, std::string_view head) const {
  std::string_view start = content_start(head);
  if (start.substr(0, 5) == "<?xml" || starts_with_tag(start, "<!DOCTYPE TS") || starts_with_tag(start, "<TS"))
    return sdk::Confidence::no;
  return sdk::Confidence::maybe;
}

TypeScriptLanguage::TypeScriptLanguage()
    : EcmaScriptLanguage(
          {"typescript", "TypeScript", {".ts", ".mts", ".cts", ".tsx"}, {}, {"ts-node", "tsx", "deno", "bun"}},
          {{tree_sitter_tsx(), tsx_query(), {".tsx"}}, {tree_sitter_typescript(), typescript_query(), {}}}) {}

}  // namespace ax::lang
