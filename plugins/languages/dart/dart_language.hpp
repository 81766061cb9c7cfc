#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "dart_imports.hpp"

namespace ax::lang {

// Dart: classes, mixins, extensions (unnamed ones named after the extended type), enums,
// typedefs, functions, methods, getters, setters, operators, constructors (named by what follows
// the class name: `Point.origin` is `origin`), fields and top-level variables (`const` ones are
// constants). Only `///` and `/** */` comments are documentation.
class DartLanguage : public TreeSitterLanguage, public DartImportResolver {
 public:
  DartLanguage();

  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  // `source` without the `!` of null assertions called directly (`widget.onTap!()`), which the
  // grammar cannot parse; nullopt when there is none.
  std::optional<std::string> text_to_reparse(std::string_view source) const override;
};

}  // namespace ax::lang
