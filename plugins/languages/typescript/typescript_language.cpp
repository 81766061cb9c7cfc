#include "typescript_language.hpp"

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

}  // namespace

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
