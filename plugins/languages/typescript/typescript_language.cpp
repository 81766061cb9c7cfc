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

}  // namespace

TypeScriptLanguage::TypeScriptLanguage()
    : EcmaScriptLanguage({"typescript", "TypeScript", {".ts", ".mts", ".cts", ".tsx"}, {}, {"ts-node", "tsx"}},
                         {{tree_sitter_tsx(), tsx_query(), {".tsx"}}, {tree_sitter_typescript(), typescript_query(), {}}}) {}

}  // namespace ax::lang
