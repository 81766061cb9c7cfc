// #include resolution shared by the C and C++ plugins. "x.h" is looked for in the including file's
// folder, then in the include paths compile_commands.json gives the file (-I, -iquote, -isystem,
// -idirafter; exact), and, when the database does not list the file or there is none, in every
// include path of the database, then among the repository's files whose path ends with /x.h, the
// one nearest the including file (heuristic). <x.h> skips the including file's folder and, without
// a database, is looked for only in include/ folders (…/include/x.h); what the repository does not
// hold is the system's or a library's (external), a "x.h" it does not hold is unresolved.
#pragma once
#include <ax/sdk/imports.hpp>

namespace ax::lang {

class CIncludeResolver : public sdk::ImportResolver {
 public:
  std::unique_ptr<sdk::ResolutionContext> prepare(const sdk::RepositoryView& repo) const override;
  sdk::ResolvedImport resolve(const sdk::ResolutionContext& context, std::string_view from,
                              const sdk::Import& import) const override;
  std::vector<std::string> project_files() const override { return {"compile_commands.json"}; }

 protected:
  // A specifier that is neither <x> nor a path ("x.h", "a/b"): C++'s `using std::string`, resolved
  // by the subclass; by default an include like any other.
  virtual sdk::ResolvedImport resolve_name(const sdk::ResolutionContext& context, std::string_view from,
                                           std::string_view specifier) const;
  sdk::ResolvedImport resolve_include(const sdk::ResolutionContext& context, std::string_view from,
                                      std::string_view specifier) const;
  static const sdk::RepositoryView& repository(const sdk::ResolutionContext& context);
};

// The include folders of a compile command's arguments, as written (-Ipath, -I path, -iquote…).
std::vector<std::string> include_paths_of(const std::vector<std::string>& arguments);
// A shell-like split of a compile command's "command" string.
std::vector<std::string> split_command(std::string_view command);

}  // namespace ax::lang
