// Rules shared by the C and C++ plugins. Both grammars name declarations, declarators, comments and
// preprocessor directives alike, so doc comments, signatures and the clean-up of extracted symbols
// are written once here, in the ax_lang_c_family library both plugins link.
#pragma once
#include <string>
#include <string_view>

#include <ax/lang/c_includes.hpp>
#include <ax/lang/tree_sitter_language.hpp>

#include "macro_blanking.hpp"

namespace ax::lang {

// Whether source text uses constructs only C++ has: class, namespace and template declarations,
// `::`, access labels, extension-less standard headers. Comments, literals and `#ifdef __cplusplus`
// sections (where C headers keep their C++ wrappers) are ignored.
bool looks_like_cplusplus(std::string_view text);

// Whether source text is Objective-C: `@interface`, `@protocol`, `@end`… directives or `#import`.
// Objective-C headers share ".h" with C and C++, and neither plugin can parse them.
bool looks_like_objective_c(std::string_view text);

// Whether a path names a header (".h", either case), the one extension C shares with Objective-C.
bool is_header_path(std::string_view path);

class CFamilyLanguage : public TreeSitterLanguage, public CIncludeResolver {
 public:
  using TreeSitterLanguage::TreeSitterLanguage;

  // A file that parses with errors is parsed again with the macros the grammar cannot know blanked
  // (see macro_blanking.hpp), as the dialect's compiler would see it.
  std::optional<std::string> text_to_reparse(std::string_view source) const override;
  // When text_to_reparse's text still has errors: the same rewrites after blanking the macros the
  // project's headers (and the file itself) define as nothing or as specifiers and attributes
  // (project_macros.hpp); nullopt when there are none in the file.
  std::optional<std::string> text_to_reparse_in_project(std::string_view source,
                                                        const sdk::ProjectContext* project) const override;
  // Loads (or learns and keeps) the project's macro table outside the file's parse budget.
  void prepare_project(const sdk::ProjectContext& project) const override;

  // The comments directly above a definition, each alone on its line (a comment trailing the previous
  // line's code documents that code, not the definition below it).
  std::string doc_comment(TSNode definition, std::string_view source) const override;
  // The declaration up to its body or initializer, on one line, after its template header if any:
  // "static int parse_args(int argc, char **argv)", "template <typename T> class Stack : public Base".
  std::string signature(TSNode definition, std::string_view source) const override;
  // Clean-up the query alone cannot express:
  //  - sibling declarators (`int a, b;`) share one declaration node and would nest in each other;
  //    aggregates defined inside a declaration (`struct p { … } origin;`) belong to its container;
  //  - definitions inside a block (locals of functions and lambdas) are dropped;
  //  - prototypes and `extern` declarations are dropped when the same file defines the name;
  //  - include guards are dropped;
  //  - written names are normalized: "Foo<T>::bar" becomes name "bar", qualified "Foo::bar";
  //  - C++ kinds: constructors, out-of-line member definitions, friends.
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;

 protected:
  // Which of `#ifdef __cplusplus` branches the parser reads.
  virtual CDialect dialect() const { return CDialect::c; }
};

}  // namespace ax::lang
