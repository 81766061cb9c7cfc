#include "ax/graph/references.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace ax::graph {
namespace {

bool is_code_definition(sdk::SymbolKind kind) {
  using K = sdk::SymbolKind;
  switch (kind) {
    case K::key:
    case K::table:
    case K::array_table:
    case K::resource:
    case K::job:
    case K::step:
    case K::service:
    case K::script:
    case K::dependency:
      return false;
    default:
      return true;
  }
}

std::string_view folder_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

bool wanted(const sdk::Reference& reference, ReferenceFilter filter) {
  if (filter == ReferenceFilter::calls) return reference.kind == sdk::ReferenceKind::call;
  if (filter == ReferenceFilter::usages) return reference.kind == sdk::ReferenceKind::reference;
  return true;
}

}  // namespace

std::string_view to_string(ReferenceLabel label) {
  switch (label) {
    case ReferenceLabel::resolved:
      return "resolved";
    case ReferenceLabel::ambiguous:
      return "ambiguous";
    case ReferenceLabel::textual:
      return "textual";
  }
  return "textual";
}

ReferenceResolver::ReferenceResolver(sdk::SymbolStore& store, std::filesystem::path root)
    : store_(store), graph_(dynamic_cast<sdk::ImportGraphReader*>(&store)), root_(std::move(root)) {}

std::vector<sdk::StoredSymbol> ReferenceResolver::definitions(std::string_view name) {
  std::vector<sdk::StoredSymbol> found = store_.find_symbols(name, sdk::NameMatch::exact, 0);
  std::erase_if(found, [](const sdk::StoredSymbol& s) { return !is_code_definition(s.symbol.kind); });
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.symbol.span.start_line, a.id) < std::tie(b.path, b.symbol.span.start_line, b.id);
  });
  return found;
}

const std::vector<sdk::ImportEdge>& ReferenceResolver::imports(const std::string& path) {
  auto it = imports_.find(path);
  if (it == imports_.end())
    it = imports_.emplace(path, graph_ ? graph_->imports_of(path) : std::vector<sdk::ImportEdge>{}).first;
  return it->second;
}

// Whether the text just before the reference is `.`, `?.`, `->` or `::` (blanks skipped): a member of
// something whose type the index does not know.
bool ReferenceResolver::is_member_access(const sdk::StoredReference& site) {
  auto it = lines_.find(site.path);
  if (it == lines_.end()) {
    std::vector<std::string> lines;
    std::ifstream in(root_ / site.path, std::ios::binary);
    for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
    it = lines_.emplace(site.path, std::move(lines)).first;
  }
  const std::vector<std::string>& lines = it->second;
  std::uint32_t line = site.reference.line;
  if (line == 0 || line > lines.size()) return true;  // the file changed since: do not claim anything
  std::size_t column = site.reference.column == 0 ? 0 : site.reference.column - 1;
  // Walk back over blanks, across line ends too (chained calls on the next line).
  while (true) {
    const std::string& text = lines[line - 1];
    if (column > text.size()) return true;
    while (column > 0 && (text[column - 1] == ' ' || text[column - 1] == '\t' || text[column - 1] == '\r')) --column;
    if (column > 0) {
      const char before = text[column - 1];
      if (before == '.') return true;
      if (column >= 2 && ((before == '>' && text[column - 2] == '-') || (before == ':' && text[column - 2] == ':')))
        return true;
      return false;
    }
    if (line == 1) return false;
    --line;
    column = lines[line - 1].size();
  }
}

LabelledReference ReferenceResolver::label(const sdk::StoredReference& site,
                                           const std::vector<sdk::StoredSymbol>& definitions) {
  LabelledReference labelled{site, ReferenceLabel::textual, 0, site.enclosing_id, false};
  const auto ambiguous_or_textual = [&] {
    labelled.label = definitions.size() > 1 ? ReferenceLabel::ambiguous : ReferenceLabel::textual;
    labelled.definition_id = 0;
    return labelled;
  };
  // Reading the file to tell a member access costs most of a query: done only for a reference that
  // would otherwise resolve.
  const auto resolved = [&](std::uint64_t definition_id) {
    if ((labelled.member_access = is_member_access(site))) return ambiguous_or_textual();
    labelled.label = ReferenceLabel::resolved;
    labelled.definition_id = definition_id;
    return labelled;
  };
  if (definitions.empty()) return ambiguous_or_textual();

  // Defined in the referencing file: that definition shadows any imported one.
  std::vector<const sdk::StoredSymbol*> local;
  for (const auto& definition : definitions)
    if (definition.path == site.path) local.push_back(&definition);
  if (local.size() == 1) return resolved(local.front()->id);
  if (local.size() > 1) {
    labelled.label = ReferenceLabel::ambiguous;
    return labelled;
  }

  // Defined in a file (or package folder) the referencing file imports, by an exact edge.
  std::set<std::string_view> targets;
  for (const sdk::ImportEdge& edge : imports(site.path))
    if (edge.resolution == sdk::ImportResolution::exact && !edge.to.empty()) targets.insert(edge.to);
  std::vector<const sdk::StoredSymbol*> imported;
  for (const auto& definition : definitions)
    if (targets.count(definition.path) || targets.count(folder_of(definition.path))) imported.push_back(&definition);
  // Only top-level definitions are what an import brings in.
  std::erase_if(imported, [](const sdk::StoredSymbol* s) { return s->parent_id != 0; });
  if (imported.size() == 1) return resolved(imported.front()->id);
  if (imported.size() > 1) {
    labelled.label = ReferenceLabel::ambiguous;
    return labelled;
  }
  return ambiguous_or_textual();
}

ReferenceResult ReferenceResolver::find(const ReferenceQuery& query) {
  ReferenceResult result;
  result.definitions = definitions(query.name);
  for (const sdk::StoredReference& site : store_.find_references(query.name, 0))
    if (site.reference.name == query.name && wanted(site.reference, query.filter))
      result.references.push_back(label(site, result.definitions));
  std::sort(result.references.begin(), result.references.end(), [](const auto& a, const auto& b) {
    return std::tie(a.site.path, a.site.reference.line, a.site.reference.column) <
           std::tie(b.site.path, b.site.reference.line, b.site.reference.column);
  });
  return result;
}

namespace {

// The ids of a definition and of every definition nested in it, from its file's symbols.
std::set<std::uint64_t> nested_ids(const std::vector<sdk::StoredSymbol>& file_symbols, std::uint64_t root) {
  std::set<std::uint64_t> ids{root};
  // Parents precede their children in a file's symbol list (ids ascend in extraction order)...
  for (const auto& symbol : file_symbols)
    if (ids.count(symbol.parent_id)) ids.insert(symbol.id);
  // ...but a second pass costs little and does not rely on it.
  for (const auto& symbol : file_symbols)
    if (ids.count(symbol.parent_id)) ids.insert(symbol.id);
  return ids;
}

}  // namespace

CallGraph call_graph(sdk::SymbolStore& store, const std::filesystem::path& root, std::string_view name,
                     std::uint32_t max_depth) {
  CallGraph graph;
  ReferenceResolver resolver(store, root);
  graph.definitions = resolver.definitions(name);
  auto* file_references = dynamic_cast<sdk::FileReferenceReader*>(&store);
  std::map<std::string, std::vector<sdk::StoredSymbol>> definitions_by_name;
  const auto definitions_of = [&](const std::string& symbol_name) -> const std::vector<sdk::StoredSymbol>& {
    auto it = definitions_by_name.find(symbol_name);
    if (it == definitions_by_name.end())
      it = definitions_by_name.emplace(symbol_name, resolver.definitions(symbol_name)).first;
    return it->second;
  };
  const auto remember = [&](std::uint64_t id) {
    if (id == 0 || graph.symbols.count(id)) return;
    if (auto symbol = store.symbol(id)) graph.symbols.emplace(id, std::move(*symbol));
  };
  for (const auto& definition : graph.definitions) graph.symbols.emplace(definition.id, definition);

  // Callers, level by level.
  std::vector<std::uint64_t> level;
  for (const auto& definition : graph.definitions) level.push_back(definition.id);
  std::set<std::uint64_t> seen(level.begin(), level.end());
  std::set<std::string> names_done;
  for (std::uint32_t depth = 1; depth <= max_depth && !level.empty(); ++depth) {
    std::vector<std::uint64_t> next;
    std::set<std::string> names;
    for (const std::uint64_t id : level) names.insert(graph.symbols.at(id).symbol.name);
    const std::set<std::uint64_t> targets(level.begin(), level.end());
    for (const std::string& callee : names) {
      if (!names_done.insert(callee).second) continue;
      const auto& definitions = definitions_of(callee);
      for (const sdk::StoredReference& site : store.find_references(callee, 0)) {
        if (site.reference.kind != sdk::ReferenceKind::call || site.reference.name != callee) continue;
        const LabelledReference labelled = resolver.label(site, definitions);
        const bool to_level =
            labelled.label == ReferenceLabel::resolved ? targets.count(labelled.definition_id) > 0 : true;
        if (!to_level) continue;
        CallSite call{site.enclosing_id,   labelled.definition_id, callee, site.path,
                      site.reference.line, labelled.label,         depth};
        if (call.callee_id == 0 && definitions.size() == 1) call.callee_id = definitions.front().id;
        remember(call.caller_id);
        const bool follow = labelled.label == ReferenceLabel::resolved ||
                            (labelled.label == ReferenceLabel::textual && definitions.size() == 1);
        if (follow && call.caller_id != 0 && seen.insert(call.caller_id).second) next.push_back(call.caller_id);
        graph.callers.push_back(std::move(call));
      }
    }
    level = std::move(next);
  }

  // Callees, level by level.
  level.clear();
  for (const auto& definition : graph.definitions) level.push_back(definition.id);
  seen = std::set<std::uint64_t>(level.begin(), level.end());
  for (std::uint32_t depth = 1; depth <= max_depth && !level.empty() && file_references != nullptr; ++depth) {
    std::vector<std::uint64_t> next;
    for (const std::uint64_t id : level) {
      const sdk::StoredSymbol& caller = graph.symbols.at(id);
      const std::set<std::uint64_t> inside = nested_ids(store.file_symbols(caller.path), id);
      for (const sdk::StoredReference& site : file_references->file_references(caller.path)) {
        if (site.reference.kind != sdk::ReferenceKind::call || !inside.count(site.enclosing_id)) continue;
        const auto& definitions = definitions_of(site.reference.name);
        const LabelledReference labelled = resolver.label(site, definitions);
        CallSite call{id,   labelled.definition_id, site.reference.name, site.path, site.reference.line, labelled.label,
                      depth};
        const bool follow = labelled.label == ReferenceLabel::resolved ||
                            (labelled.label == ReferenceLabel::textual && definitions.size() == 1);
        if (call.callee_id == 0 && labelled.label == ReferenceLabel::textual && definitions.size() == 1)
          call.callee_id = definitions.front().id;
        remember(call.callee_id);
        if (follow && call.callee_id != 0 && seen.insert(call.callee_id).second) next.push_back(call.callee_id);
        graph.callees.push_back(std::move(call));
      }
    }
    level = std::move(next);
  }
  return graph;
}

}  // namespace ax::graph
