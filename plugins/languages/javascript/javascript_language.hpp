#pragma once
#include "ecmascript_language.hpp"

namespace ax::lang {

// JavaScript in all its module flavours (.js, .mjs, .cjs) and JSX (.jsx), one grammar for all.
class JavaScriptLanguage : public EcmaScriptLanguage {
 public:
  JavaScriptLanguage();
  // Declines Erlang (.es), GLSL (.frag, .gs), Gosu and Genie (.gs) files sharing an extension.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
};

}  // namespace ax::lang
