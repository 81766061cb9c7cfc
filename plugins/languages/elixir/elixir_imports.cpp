#include "elixir_imports.hpp"

#include <ax/lang/import_paths.hpp>

namespace ax::lang {
namespace {

class ElixirContext : public sdk::ResolutionContext {
 public:
  explicit ElixirContext(const sdk::RepositoryView& repo) : repo(repo) {}
  const sdk::RepositoryView& repo;
};

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// `A.B.C`: capitalised parts of letters, digits and underscores (what makes a path of it safe).
bool is_alias(std::string_view name) {
  if (name.empty()) return false;
  for (std::string_view part : split(name, '.')) {
    if (part.empty() || !is_upper(part.front())) return false;
    for (char c : part)
      if (!is_upper(c) && !is_lower_or_digit(c) && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string underscore(std::string_view alias) {
  std::string out;
  for (std::size_t i = 0; i < alias.size(); ++i) {
    const char c = alias[i];
    if (is_upper(c)) {
      const bool after_word = i > 0 && is_lower_or_digit(alias[i - 1]);
      const bool acronym_end = i > 0 && is_upper(alias[i - 1]) && i + 1 < alias.size() &&
                               is_lower_or_digit(alias[i + 1]) && !(alias[i + 1] >= '0' && alias[i + 1] <= '9');
      if (after_word || acronym_end) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::unique_ptr<sdk::ResolutionContext> ElixirImportResolver::prepare(const sdk::RepositoryView& repo) const {
  return std::make_unique<ElixirContext>(repo);
}

sdk::ResolvedImport ElixirImportResolver::resolve(const sdk::ResolutionContext& base, std::string_view from,
                                                  const sdk::Import& import) const {
  const auto& context = static_cast<const ElixirContext&>(base);
  std::string_view name = trim_space(import.specifier);
  if (name.starts_with("Elixir.")) name.remove_prefix(7);
  if (name.starts_with(':')) return external();  // an Erlang module
  if (!is_alias(name)) return unresolved();      // `alias __MODULE__.X` outside a module, a variable…
  const std::vector<std::string> files = context.repo.files_defining("elixir", name);
  if (files.size() == 1) return exact(files.front());
  if (!files.empty()) return heuristic(*nearest_path(files, from));
  // Mix's layout, for a module whose file was not indexed.
  std::string relative;
  for (std::string_view part : split(name, '.')) relative = join_path(relative, underscore(part));
  for (std::string_view folder : {"lib", "test/support", "test"})
    for (std::string_view extension : {".ex", ".exs"}) {
      const std::string path = join_path(folder, relative + std::string(extension));
      if (context.repo.is_file(path)) return heuristic(path);
    }
  // A module under a namespace the repository defines (MyApp.Missing) is meant to be there.
  for (auto dot = name.rfind('.'); dot != std::string_view::npos; dot = name.rfind('.', dot - 1)) {
    if (!context.repo.files_defining("elixir", name.substr(0, dot)).empty()) return unresolved();
    if (dot == 0) break;
  }
  return external();
}

}  // namespace ax::lang
