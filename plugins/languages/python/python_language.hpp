#pragma once
#include <ax/lang/tree_sitter_language.hpp>

namespace ax::lang {

class PythonLanguage : public TreeSitterLanguage {
 public:
  PythonLanguage();
};

}  // namespace ax::lang
