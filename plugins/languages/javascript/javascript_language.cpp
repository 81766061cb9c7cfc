#include "javascript_language.hpp"

#include <ax/lang/content_checks.hpp>

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
    : EcmaScriptLanguage(
          {"javascript",
           "JavaScript",
           // Besides the usual ones: JScript/JSDB/PAC/server-side variants and concatenated build fragments
           // (.frag); .es is shared with Erlang, .frag and .gs with GLSL, .gs with Gosu and Genie.
           {".js",  ".mjs",  ".cjs",        ".jsx", "._js",   ".bones", ".es",     ".es6", ".frag",
            ".gs",  ".jake", ".javascript", ".jsb", ".jscad", ".jsfl",  ".jslib",  ".jsm", ".jspre",
            ".jss", ".njs",  ".pac",        ".sjs", ".ssjs",  ".xsjs",  ".xsjslib"},
           {"Jakefile"},
           {"node", "nodejs", "chakra", "d8", "gjs", "js", "qjs", "rhino", "v8", "v8-shell"}},
          {{tree_sitter_javascript(), javascript_query(), {}}}) {}

namespace {

// Statements only JavaScript starts lines with among the languages sharing its extensions.
bool has_javascript_statement(std::string_view head) {
  namespace content = ax::lang::content;
  return content::any_line(head, [](std::string_view line) {
    return content::starts_with_any_word(
        line, {"function", "var", "let", "const", "import", "export", "class", "module.exports", "exports.", "require(",
               "'use strict'", "\"use strict\"", "(function", "!function", ";(function", "}(", "})"});
  });
}

}  // namespace

sdk::Confidence JavaScriptLanguage::check_content(std::string_view path, std::string_view head) const {
  namespace content = ax::lang::content;
  if (!content::has_any_suffix(path, {".es", ".frag", ".gs"})) return sdk::Confidence::maybe;
  if (content::has_foreign_shebang(head, {"node", "nodejs", "gjs", "js", "qjs", "rhino", "d8"}))
    return sdk::Confidence::no;  // `#!/usr/bin/env escript`: an Erlang script
  bool foreign = content::any_line(head, [](std::string_view line) {
    // Erlang (%% comments, -module), GLSL (#version, precision, uniform, layout), Gosu (uses), Genie ([indent=4]).
    if (line.substr(0, 2) == "%%" || (content::starts_with_word(line, "main(") && line.find("->") != line.npos))
      return true;
    return content::starts_with_any_word(
               line, {"-module(", "-export(", "-include(", "#version", "#define", "#ifdef", "#extension", "#include",
                      "precision", "uniform", "varying", "layout", "attribute", "void main", "uses", "[indent="}) ||
           line.find("gl_FragColor") != std::string_view::npos || line.find("gl_Position") != std::string_view::npos;
  });
  if (foreign) return sdk::Confidence::no;
  return has_javascript_statement(head) ? sdk::Confidence::likely : sdk::Confidence::no;
}

}  // namespace ax::lang
