#include "cpp_language.hpp"

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_cpp();

namespace ax::lang {

CppLanguage::CppLanguage()
    : CFamilyLanguage({"cpp",
                       "C++",
                       {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp", ".h"},
                       {},
                       {}},
                      {{tree_sitter_cpp(), k_tags_query, {}}}) {}

sdk::Confidence CppLanguage::check_content(std::string_view, std::string_view head) const {
  return looks_like_cplusplus(head) ? sdk::Confidence::likely : sdk::Confidence::maybe;
}

}  // namespace ax::lang
