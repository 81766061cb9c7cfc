#include "cpp_language.hpp"

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_cpp();

namespace ax::lang {

CppLanguage::CppLanguage()
    : CFamilyLanguage({"cpp",
                       "C++",
                       // .inl: inline definitions included by headers; .cppm and .ixx: C++20 module units.
                       {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp", ".inl", ".cppm",
                        ".ixx", ".h"},
                       {},
                       {}},
                      {{tree_sitter_cpp(), k_tags_query, {}}}) {}

sdk::Confidence CppLanguage::check_content(std::string_view path, std::string_view head) const {
  if (is_header_path(path) && looks_like_objective_c(head)) return sdk::Confidence::no;
  return looks_like_cplusplus(head) ? sdk::Confidence::likely : sdk::Confidence::maybe;
}

}  // namespace ax::lang
