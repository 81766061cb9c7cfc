#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "rust_imports.hpp"
#include "rust_tags_walk.hpp"

namespace ax::lang {

// Rust: qualified names use "::"; impl blocks are named after their self type (`impl Display for
// Point` is `Point`), so their methods read `Point::fmt`. Only `///`/`/** */` comments above an item
// and `//!` comments at the top of a module body are documentation.
class RustLanguage : public TreeSitterLanguage, public RustImportResolver {
 public:
  RustLanguage();
  // Declines RenderScript and XML files named .rs.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;

  std::string_view scope_separator() const override { return "::"; }
  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  // `mod x;` inside `mod a { … }` becomes "a::x"; with `#[path = "p.rs"]`, "p.rs".
  void post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                            std::string_view source) const override;

 private:
  RustTagWalker walker_;
};

}  // namespace ax::lang
