#pragma once
#include "c_family.hpp"
#include "cpp_tags_walk.hpp"

namespace ax::lang {

// C++: everything C has, plus namespaces, classes, methods (in class bodies and out-of-line as
// `Foo::bar`), constructors, destructors, operators, templates (the inner declaration is the
// symbol), enum class, using aliases and concepts; #include and using-directives as imports.
class CppLanguage : public CFamilyLanguage {
 public:
  CppLanguage();
  std::string_view scope_separator() const override { return "::"; }
  // ".h" is claimed by C and C++: headers using C++-only constructs are likely C++; Objective-C
  // headers are vetoed.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;

 protected:
  CDialect dialect() const override { return CDialect::cplusplus; }
  // `using std::string;` / `using namespace app;`: the files defining that name (heuristic, the
  // nearest when several do); a name the repository does not define is a library's (external).
  sdk::ResolvedImport resolve_name(const sdk::ResolutionContext& context, std::string_view from,
                                   std::string_view specifier) const override;

 private:
  CppTagWalker walker_;
};

}  // namespace ax::lang
