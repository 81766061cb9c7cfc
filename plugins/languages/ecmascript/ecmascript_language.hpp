// Rules shared by the JavaScript and TypeScript plugins (the ax_lang_ecmascript library): JSDoc
// comments, declaration-header signatures, and the clean-up that drops locals and folds overloads.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

#include <ax/lang/ecmascript_imports.hpp>
#include <ax/lang/tree_sitter_language.hpp>

namespace ax::lang {

// Also the ImportResolver of both languages (ecmascript_imports): one resolver, since either may
// import the other's files.
class EcmaScriptLanguage : public TreeSitterLanguage, public EcmaScriptImportResolver {
 public:
  using TreeSitterLanguage::TreeSitterLanguage;

  // The nearest `/** … */` block above the declaration (or above its `export`/decorators).
  std::string doc_comment(TSNode definition, std::string_view source) const override;
  // The declaration's header up to its body, on one line: "async function load(url: string): Promise<Data>".
  std::string signature(TSNode definition, std::string_view source) const override;
  // Drops bindings and object-literal keys local to functions or initialisers (named functions,
  // classes and types declared there stay, nested in them) and members of anonymous classes, folds
  // TypeScript overloads into one symbol and moves constructor parameter properties to their class.
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  // `#module-scope? @statement`: the statement is at module level, in the program or in the body of
  // a module wrapper: a function passed to AMD's `define`/`require` (`define([…], function ($) {…})`),
  // a UMD factory (`(function (root, factory) {…})(this, function () {…})`), or an IIFE
  // (`(function () {…})()`, `!function () {…}()`, `(() => {…})()`), whose call is itself a statement
  // at module level. Such a body is the module: what it declares is what the module defines.
  std::span<const std::string_view> query_node_tests() const override;
  std::unique_ptr<QueryNodeTests> prepare_node_tests(TSNode root, std::string_view source) const override;
  // A TypeScript type-only import is matched as a static import and as a type one: the type one stays.
  void post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                            std::string_view source) const override;
};

// Several .scm files as one query, in order. Each part ends on its own line, so that a trailing
// comment in one file cannot swallow the first pattern of the next.
std::string join_queries(std::initializer_list<std::string_view> parts);

// The value of a JavaScript string literal (quotes included or not): escape sequences decoded
// (`\xc0`, `\u0100`, `\u{1F600}`, surrogate pairs, `\n`, line continuations), as UTF-8.
std::string decoded_string_literal(std::string_view literal);

}  // namespace ax::lang
