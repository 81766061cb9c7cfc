#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "ecmascript_language.hpp"

namespace ax::lang {

// TypeScript (.ts, .mts, .cts) and TSX (.tsx): two grammars of one package, chosen by extension.
class TypeScriptLanguage : public EcmaScriptLanguage {
 public:
  TypeScriptLanguage();
  // Vetoes Qt Linguist translation files, which share ".ts" and are XML (`<?xml …?>`,
  // `<!DOCTYPE TS>` or a bare `<TS version=…>` root); no TypeScript file starts with either.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  // Call signatures with type parameters on lines of their own (`<T>(fn: T): T` in an interface),
  // which the grammar reads as type arguments of the line before when no `;` ends it: the last
  // space of the signature's indentation becomes that `;`. Nullopt when there is none.
  std::optional<std::string> text_to_reparse(std::string_view source) const override;
};

}  // namespace ax::lang
