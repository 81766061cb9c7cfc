#pragma once
#include "ecmascript_language.hpp"

namespace ax::lang {

// TypeScript (.ts, .mts, .cts) and TSX (.tsx): two grammars of one package, chosen by extension.
class TypeScriptLanguage : public EcmaScriptLanguage {
 public:
  TypeScriptLanguage();
};

}  // namespace ax::lang
