#include "c_language.hpp"

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_c();

namespace ax::lang {

// .h.in: configure templates of headers; .cats: ATS C; .idc: IDA scripts. `tcc -run` runs C from a shebang.
CLanguage::CLanguage()
    : CFamilyLanguage({"c", "C", {".c", ".h", ".h.in", ".cats", ".idc"}, {}, {"tcc"}},
                      {{tree_sitter_c(), k_tags_query, {}}}),
      walker_(tree_sitter_c()) {}

bool CLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

sdk::Confidence CLanguage::check_content(std::string_view path, std::string_view head) const {
  if (is_header_path(path) && looks_like_objective_c(head)) return sdk::Confidence::no;
  return looks_like_cplusplus(head) ? sdk::Confidence::maybe : sdk::Confidence::likely;
}

}  // namespace ax::lang
