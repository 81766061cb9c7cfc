#include "javascript_language.hpp"

#include <string>

#include "ecmascript.scm.hpp"
#include "javascript.scm.hpp"
#include "jsx.scm.hpp"

extern "C" const TSLanguage* tree_sitter_javascript();

namespace ax::lang {
namespace {

std::string_view javascript_query() {
  static const std::string query = join_queries({k_ecmascript_query, k_javascript_query, k_jsx_query});
  return query;
}

}  // namespace

JavaScriptLanguage::JavaScriptLanguage()
    : EcmaScriptLanguage({"javascript", "JavaScript", {".js", ".mjs", ".cjs", ".jsx"}, {}, {"node", "nodejs"}},
                         {{tree_sitter_javascript(), javascript_query(), {}}}) {}

}  // namespace ax::lang
