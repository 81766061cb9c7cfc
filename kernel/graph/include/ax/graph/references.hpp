// `ax refs` and the call graph of `ax flow NAME`: the stored, name-based references of a symbol, each
// labelled by how sure the match is. No printing here.
//
//   resolved   the referencing file defines the name exactly once, or (defining nothing of that name)
//              imports exactly one file, or package folder, defining it: exact import edges only
//   ambiguous  several definitions share the name and the rules above do not single one out
//   textual    a name match only (no definition, or one the file neither holds nor imports)
// A member access (`x.name`, `x->name`, `X::name`) is never resolved: the receiver's type is unknown.
// Only the parsers' references are used: tree-sitter nodes, never text in comments or strings.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ax/sdk/graph.hpp>
#include <ax/sdk/storage.hpp>

namespace ax::graph {

enum class ReferenceLabel { resolved, ambiguous, textual };
std::string_view to_string(ReferenceLabel label);

struct LabelledReference {
  sdk::StoredReference site;
  ReferenceLabel label = ReferenceLabel::textual;
  std::uint64_t definition_id = 0;  // the symbol it resolves to; 0 unless resolved
  std::uint64_t enclosing_id = 0;   // the definition it appears in; 0 at file level
  bool member_access = false;       // would have resolved, but is `x.name`: checked only then
};

enum class ReferenceFilter { all, calls, usages };

struct ReferenceQuery {
  std::string name;
  ReferenceFilter filter = ReferenceFilter::all;
  // At most this many references are labelled and returned (the first by path, line, column); 0: all.
  // Labelling reads each referencing file's imports and enclosing definitions, so a frequent name
  // costs in proportion to what is shown, not to what exists.
  std::size_t limit = 0;
};

struct ReferenceResult {
  std::vector<sdk::StoredSymbol> definitions;  // code definitions named exactly `name`
  std::vector<LabelledReference> references;   // by path, line, column; the first `limit`
  std::size_t total = 0;                       // references matching the query, `limit` aside
  // The definitions the references appear in (enclosing_id) and resolve to (definition_id).
  std::unordered_map<std::uint64_t, sdk::StoredSymbol> symbols;
};

// The symbols of `ids` the store holds (0 and unknown ids left out), in one read when the store
// offers sdk::SymbolBatchReader, else one by one.
std::unordered_map<std::uint64_t, sdk::StoredSymbol> load_symbols(sdk::SymbolStore& store,
                                                                  std::vector<std::uint64_t> ids);

// The definitions of one name indexed by path, for labelling many references to it: a name with
// hundreds of definitions (String, Error) then costs a few binary searches per reference, not a pass
// over every definition. Refers to `definitions`, which must outlive it.
class DefinitionIndex {
 public:
  explicit DefinitionIndex(const std::vector<sdk::StoredSymbol>& definitions);
  const std::vector<sdk::StoredSymbol>& definitions() const { return definitions_; }
  // Indices (into definitions()) of the definitions in the file `path`, in definitions() order.
  std::vector<std::size_t> in_file(std::string_view path) const;
  // Whether any definition is in the file `path`.
  bool any_in_file(std::string_view path) const;
  // Indices of the top-level definitions (parent 0) in a file of `imported` (sorted, unique paths of
  // files and package folders), or directly in one of its folders; ascending.
  std::vector<std::size_t> top_level_in(const std::vector<std::string>& imported) const;

  // What labelling a reference in the file `path` needs: in_file(path) and, when `imports` is given,
  // top_level_in(imports()). The last file's answer is kept: references come file by file, and a
  // name with hundreds of definitions cost these searches once per reference.
  struct FileMatches {
    std::vector<std::size_t> local;
    std::optional<std::vector<std::size_t>> imported;  // read only when nothing local matches
  };
  const FileMatches& matches_in(std::string_view path,
                                const std::function<const std::vector<std::string>&()>& imports) const;

 private:
  const std::vector<sdk::StoredSymbol>& definitions_;
  std::vector<std::size_t> by_path_;  // indices ordered by path, then index
  mutable std::string matched_path_;
  mutable std::optional<FileMatches> matched_;
};

// Labels references of one name. Reads the store (definitions, and the import graph when the store
// offers one) and, to tell member accesses, the referencing files' text under `root`.
class ReferenceResolver {
 public:
  ReferenceResolver(sdk::SymbolStore& store, std::filesystem::path root);
  ~ReferenceResolver();
  ReferenceResolver(const ReferenceResolver&) = delete;
  ReferenceResolver& operator=(const ReferenceResolver&) = delete;

  ReferenceResult find(const ReferenceQuery& query);
  // Labels one reference of `definitions`' name (what find() does for each).
  LabelledReference label(const sdk::StoredReference& site, const std::vector<sdk::StoredSymbol>& definitions);
  LabelledReference label(const sdk::StoredReference& site, const DefinitionIndex& definitions);
  LabelledReference label(sdk::StoredReference&& site, const DefinitionIndex& definitions);  // no copy of site
  // Code definitions named exactly `name` (configuration keys and the like excluded).
  std::vector<sdk::StoredSymbol> definitions(std::string_view name);
  // Whether labelling `site` reads its file's import targets: the name has definitions, none in that file.
  static bool needs_import_targets(const sdk::StoredReference& site, const DefinitionIndex& definitions);
  // Reads the import targets of `paths` not read yet, in one batch when the store offers
  // sdk::ImportTargetBatchReader: thousands of referencing files cost one read transaction, not one each.
  void prefetch_import_targets(std::vector<std::string> paths);

 private:
  bool is_member_access(const sdk::StoredReference& site);
  // Sets the label (and definition_id, member_access) of `labelled`, whose site and enclosing_id are set.
  void decide(LabelledReference& labelled, const DefinitionIndex& definitions);

  // The referencing file being looked at (one at a time: references come file by file).
  class SourceFile;
  std::unique_ptr<SourceFile> source_;
  // The exact import targets of a file, sorted.
  const std::vector<std::string>& import_targets(const std::string& path);

  sdk::SymbolStore& store_;
  sdk::ImportGraphReader* graph_;
  sdk::ImportTargetBatchReader* target_batch_;
  sdk::ReferenceGroupReader* grouped_references_;
  // The references find() shows (sorted by path, line, column; at most `limit`) and their total.
  std::vector<sdk::StoredReference> shown_references(const ReferenceQuery& query, std::size_t& total);
  std::filesystem::path root_;
  std::map<std::string, std::vector<std::string>, std::less<>> import_targets_;
};

// The call graph around the definitions of a name: who calls them, and what they call, to a depth.
struct CallSite {
  std::uint64_t caller_id = 0;  // the enclosing definition of the call; 0 at file level
  std::uint64_t callee_id = 0;  // the called definition; 0 when not resolved to one
  std::string callee_name;
  std::string path;  // of the call
  std::uint32_t line = 0;
  ReferenceLabel label = ReferenceLabel::textual;
  std::uint32_t depth = 1;  // 1: calls the start (callers) / made by the start (callees)
};

struct CallGraph {
  std::vector<sdk::StoredSymbol> definitions;          // the start: definitions of the name
  std::vector<CallSite> callers;                       // towards the start, depth by depth
  std::vector<CallSite> callees;                       // away from the start
  std::map<std::uint64_t, sdk::StoredSymbol> symbols;  // every caller and callee id seen
  // Calls found but left out by `limit` (not labelled, so some may resolve to other definitions).
  std::size_t callers_left_out = 0;
  std::size_t callees_left_out = 0;
};

// Callers are the definitions enclosing a call of the name; callees the calls made inside a definition
// (its nested definitions included). Every call is kept with its label; the walk goes on, to
// `max_depth` (at least 1), through calls resolved to a definition, and through textual ones when the
// name has a single definition (same-package calls in Go, same-module calls in Python). Each level
// keeps, in path and line order, at most `limit` calls each way (0: all); the walk goes on from those.
CallGraph call_graph(sdk::SymbolStore& store, const std::filesystem::path& root, std::string_view name,
                     std::uint32_t max_depth, std::size_t limit = 0);

}  // namespace ax::graph
