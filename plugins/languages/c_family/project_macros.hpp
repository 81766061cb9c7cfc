// Project macros: names a C or C++ project defines, in its own headers, to nothing or only to what a
// declaration can lose without changing its shape (specifiers, attributes, calling conventions,
// export macros: `#define MYAPI __attribute__((visibility("default")))`, `#define FAST_FUNC`). Only a
// preprocessor knows them; the grammar reads `MYAPI int f(void);` as an error. The table is learnt
// from the project's `#define`s, once per index run (sdk::ProjectContext::shared_data) and kept
// between runs (project_macro_cache.hpp), and used on a file that parsed with errors: each
// occurrence is blanked (same length, spaces) before the reparse, as the preprocessor would expand it.
// Function-like macros that wrap a type or declarator in such parts (`#define EXPORT(type) extern
// type`) are wrappers: their arguments stay in place.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ax::lang {

// How a blankable macro is written where it is used, and what of it is blanked: its name alone
// (object), its name and argument list (function), or its name, parentheses and commas, the
// arguments kept in place (wrapper: `#define EXPORT(type) extern type`, `#define DECL(t, n) t n`).
enum class MacroForm : std::uint8_t { object, function, wrapper };

// Blankable macros by name.
class MacroTable {
 public:
  // The form of `name` when it is blankable.
  std::optional<MacroForm> find(std::string_view name) const {
    const auto it = names_.find(name);
    return it == names_.end() ? std::nullopt : std::optional<MacroForm>(it->second);
  }
  std::size_t size() const { return names_.size(); }
  // Adds (or changes) one name: for a table read back from where it was kept.
  void add(std::string_view name, MacroForm form) { names_.insert_or_assign(std::string(name), form); }
  // Calls `visit(name, form)` for every name, in no particular order.
  template <typename Visit>
  void for_each(Visit&& visit) const {
    for (const auto& [name, form] : names_) visit(std::string_view(name), form);
  }
  bool empty() const { return names_.empty(); }

 private:
  friend class MacroDefinitions;
  struct NameHash {  // looks names up by string_view, without a copy
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, MacroForm, NameHash, std::equal_to<>> names_;
};

// What one file's `#define`s contribute to the project's table, kept per header so that a table
// can be rebuilt from the headers that changed alone (project_macro_cache.hpp).
struct HeaderMacros {
  struct Candidate {
    std::string name;
    MacroForm form = MacroForm::object;
    std::vector<std::pair<std::string, MacroForm>> depends_on;
    bool operator==(const Candidate&) const = default;
  };
  std::vector<Candidate> candidates;    // names every definition of which (in this file) may be blankable
  std::vector<std::uint64_t> rejected;  // hashes of names with a definition that cannot be blanked
  bool operator==(const HeaderMacros&) const = default;
};

// The `#define`s read so far (object-like and function-like, `\` continuations joined, comments
// dropped), each reduced at once to what classification needs: whether its body can be blanked in a
// declaration, and which other macros that depends on. Bodies are not kept.
class MacroDefinitions {
 public:
  // At most this many names are kept as candidates; later ones are ignored (never blanked).
  static constexpr std::size_t kMaxNames = 1 << 17;

  // Reads the definitions in `text`, the contents of one file. Include guards (`#ifndef X` then
  // `#define X`) are skipped.
  void add_file(std::string_view text);

  // The names every definition of which is blankable: empty, or made only of storage and function
  // specifiers, cv-qualifiers, `__attribute__((…))`, `__declspec(…)`, `[[…]]`, `alignas(…)`,
  // calling conventions, `extern "C"` (with its `{`, or a lone `}`), and other blankable macros of
  // the same form — of these definitions, or of `outer` when these do not define the name. A
  // function-like one whose body also has each of its parameters once, in order, outside attribute
  // groups, is a wrapper. A name defined in two forms (object-like and function-like, or a wrapper in
  // one definition and not in another) is not blankable.
  MacroTable classify(const MacroTable* outer = nullptr) const;

  // What the definitions read contribute, sorted by name and hash (the same for the same text).
  HeaderMacros contribution() const;
  // The definitions of several files, from their contributions: what reading the files one after
  // the other gives (a name rejected in any file, or defined in two forms, is not blankable), except
  // that `defines` knows only the names of candidates and rejections.
  static MacroDefinitions combine(const std::vector<const HeaderMacros*>& files);

  // Whether the definitions read define `name` (blankable or not).
  bool defines(std::string_view name) const;
  std::size_t definitions() const { return definitions_; }

 private:
  struct Candidate {
    MacroForm form = MacroForm::object;
    std::vector<std::pair<std::string, MacroForm>> depends_on;  // macros the bodies use
  };
  void add_definition(std::string_view logical_line, std::string_view guard);

  std::unordered_map<std::string, Candidate> candidates_;
  std::unordered_set<std::uint64_t> rejected_;  // hashes of names with a definition that cannot be blanked
  std::unordered_set<std::uint64_t> defined_;   // hashes of every name defined
  std::size_t definitions_ = 0;
  std::string line_;  // buffer for the logical line being read
};

// `source` with the occurrences of blankable macros — of `project`, and of the file's own
// `#define`s, which take precedence — blanked outside comments, literals and directives; a
// function-like one with its argument list; of a wrapper, the name, the parentheses and the commas
// between arguments, the arguments left in place (not when a directive lies in the argument list).
// Newlines are kept, so the result has the size and lines of `source`. Nullopt when nothing was
// blanked.
std::optional<std::string> blank_project_macros(std::string_view source, const MacroTable* project);

// Header extensions whose `#define`s make the project's table: .h .hh .hpp .hxx .h++ .inl .ipp .tcc.
bool is_macro_header_path(std::string_view path);

}  // namespace ax::lang
