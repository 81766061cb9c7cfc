#pragma once
#include "ecmascript_language.hpp"

namespace ax::lang {

// TypeScript (.ts, .mts, .cts) and TSX (.tsx): two grammars of one package, chosen by extension.
class TypeScriptLanguage : public EcmaScriptLanguage {
 public:
  TypeScriptLanguage();
  // Vetoes Qt Linguist translation files, which share ".ts" and are XML (`<?xml …?>`,
  // `<!DOCTYPE TS>` or a bare `<TS version=…>` root); no TypeScript file starts with either.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
};

}  // namespace ax::lang
