#pragma once
#include <ax/lang/tree_sitter_language.hpp>

#include "elixir_imports.hpp"

namespace ax::lang {

// Elixir: modules (qualified by nesting: `MyApp.Accounts.User`), protocols and their
// implementations (`Size.BitString`), functions (def/defp/defdelegate, clauses merged), macros and
// guards, structs, typespec types and module attributes. `@moduledoc`/`@doc`/`@typedoc` strings are
// the documentation; a `@spec` joins the signature of the function it specifies.
class ElixirLanguage : public TreeSitterLanguage, public ElixirImportResolver {
 public:
  ElixirLanguage();
  // Declines Euphoria files named .ex; claims an .ex only when it reads as Elixir.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;

  sdk::SymbolKind refine_kind(sdk::SymbolKind captured, const sdk::SymbolKind* parent_kind) const override;
  std::string doc_comment(TSNode definition, std::string_view source) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  // `alias A.{B, C}` becomes A.B and A.C, both of the directive's kind.
  void post_process_imports(std::vector<sdk::Import>& imports, std::vector<std::string>& kinds, TSNode root,
                            std::string_view source) const override;
};

}  // namespace ax::lang
