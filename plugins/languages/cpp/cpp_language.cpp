#include "cpp_language.hpp"

#include <ax/lang/import_paths.hpp>

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

sdk::ResolvedImport CppLanguage::resolve_name(const sdk::ResolutionContext& context, std::string_view from,
                                              std::string_view specifier) const {
  const sdk::RepositoryView& repo = repository(context);
  // `#include "version"`: an extensionless header beside the file.
  if (specifier.find("::") == std::string_view::npos) {
    const std::string beside = join_path(parent_folder(from), specifier);
    if (repo.is_file(beside)) return exact(beside);
  }
  std::string_view name = specifier;
  if (name.starts_with("::")) name.remove_prefix(2);
  const std::vector<std::string> files = repo.files_defining(info().id, name);
  if (const std::string* best = nearest_path(files, from)) return heuristic(*best);
  return external();
}

}  // namespace ax::lang
