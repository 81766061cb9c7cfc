#include "cpp_language.hpp"

#include <ax/lang/content_checks.hpp>
#include <ax/lang/import_paths.hpp>

#include "tags.scm.hpp"

extern "C" const TSLanguage* tree_sitter_cpp();

namespace ax::lang {

CppLanguage::CppLanguage()
    : CFamilyLanguage({"cpp",
                       "C++",
                       // .inl, .tcc, .txx: inline and template definitions included by headers; .cppm and
                       // .ixx: C++20 module units; .ino: Arduino sketches; .re: re2c lexers. .hh (Hack), .inc
                       // (PHP, Pascal, assembly…), .re (Reason) and .cp (Component Pascal) are shared.
                       {".cc",  ".cpp", ".cxx", ".c++", ".cp",   ".hh",  ".hpp", ".hxx", ".h++", ".ipp",
                        ".tpp", ".inl", ".tcc", ".txx", ".cppm", ".ixx", ".ino", ".inc", ".re",  ".h"},
                       {},
                       {}},
                      {{tree_sitter_cpp(), k_tags_query, {}}}),
      walker_(tree_sitter_cpp()) {}

bool CppLanguage::walk_tags(std::size_t, TSNode root, std::string_view source, TagMatches& matches) const {
  walker_.walk(root, source, matches);
  return true;
}

namespace {

namespace content = ax::lang::content;

// Whether a line opens, closes or ends a C/C++ statement or initializer (`{`, `};`, `0x01, "one",`).
bool has_c_statement_shape(std::string_view head) {
  return content::any_line(head, [](std::string_view line) {
    if (line.empty() || line.substr(0, 2) == "//" || line.front() == '*' || line.substr(0, 2) == "/*") return false;
    char last = line.back();
    return last == ';' || last == '{' || last == '}' || (last == ',' && line.find('(') == std::string_view::npos);
  });
}

// An `.inc` include file written in C or C++, not in one of the other languages using the extension:
// PHP, HTML, Pascal, assembly, SQL, POV-Ray, BitBake, SourcePawn.
bool is_c_family_include(std::string_view head) {
  std::string_view first = content::first_significant_line(head);
  if (first.substr(0, 2) == "<?" || content::starts_like_xml(head)) return false;
  bool foreign = content::any_line(head, [](std::string_view line) {
    if (!line.empty() && line.front() == ';') return true;  // assembly comment
    if (content::starts_with_any_word(
            line, {"#declare",  "#local", "#macro", "#while",  "{$",        "unit",   "interface", "implementation",
                   "procedure", "begin",  "end.",   "inherit", "methodmap", "SELECT", "INSERT",    "CREATE",
                   "section",   "global", "db",     "dw",      "dd",        "mov",    "%define",   "%macro",
                   "%include"}))
      return true;
    return content::starts_with_word(line, "include") && line.find(';') == std::string_view::npos;  // BitBake
  });
  if (foreign) return false;
  return content::has_c_preprocessor_line(head) || looks_like_cplusplus(head) || has_c_statement_shape(head);
}

}  // namespace

sdk::Confidence CppLanguage::check_content(std::string_view path, std::string_view head) const {
  if (is_header_path(path) && looks_like_objective_c(head)) return sdk::Confidence::no;
  if (content::has_suffix(path, ".hh") && head.find("<?hh") != std::string_view::npos) return sdk::Confidence::no;
  if (content::has_suffix(path, ".inc"))
    return is_c_family_include(head) ? sdk::Confidence::likely : sdk::Confidence::no;
  if (content::has_suffix(path, ".re")) {
    // re2c lexers are C or C++ with `/*!re2c` blocks; Reason modules have neither.
    bool c_family = head.find("/*!re2c") != std::string_view::npos || content::has_c_preprocessor_line(head) ||
                    looks_like_cplusplus(head);
    return c_family ? sdk::Confidence::likely : sdk::Confidence::no;
  }
  if (content::has_suffix(path, ".cp") && content::any_line_starts_with(head, {"MODULE"}))
    return sdk::Confidence::no;  // Component Pascal
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
