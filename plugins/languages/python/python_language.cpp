#include "python_language.hpp"

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_python();

namespace ax::lang {

PythonLanguage::PythonLanguage()
    : TreeSitterLanguage({"python", "Python", {".py", ".pyi", ".pyw"}, {"SConstruct", "SConscript"}, {"python", "python3", "python2"}},
                         {{tree_sitter_python(), k_tags_query, {}}}) {}

}  // namespace ax::lang
