#pragma once
#include "ecmascript_language.hpp"

namespace ax::lang {

// JavaScript in all its module flavours (.js, .mjs, .cjs) and JSX (.jsx), one grammar for all.
class JavaScriptLanguage : public EcmaScriptLanguage {
 public:
  JavaScriptLanguage();
};

}  // namespace ax::lang
