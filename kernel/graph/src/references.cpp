#include "ax/graph/references.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fstream>
#include <set>
#include <unordered_map>

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

// Orders `items` by the path, line and column of `site(item)`, ties kept in their order. Tens of
// thousands of calls sit in a few thousand files: the paths are ranked once and the items ordered by
// integer keys, not by comparing (and swapping) their strings.
template <typename Item, typename Site>
void order_by_position(std::vector<Item>& items, Site site) {
  std::unordered_map<std::string_view, std::uint32_t> path_ids;
  std::vector<std::string_view> paths;
  struct Key {
    std::uint32_t path = 0;  // an id first, its rank among the paths once they are sorted
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t index = 0;
    auto operator<=>(const Key&) const = default;
  };
  std::vector<Key> keys;
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const sdk::StoredReference& reference = site(items[i]);
    const auto [it, added] = path_ids.try_emplace(reference.path, static_cast<std::uint32_t>(paths.size()));
    if (added) paths.push_back(reference.path);
    keys.push_back({it->second, reference.reference.line, reference.reference.column, static_cast<std::uint32_t>(i)});
  }
  std::vector<std::uint32_t> by_name(paths.size());
  for (std::uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) { return paths[a] < paths[b]; });
  std::vector<std::uint32_t> rank(paths.size());
  for (std::uint32_t i = 0; i < by_name.size(); ++i) rank[by_name[i]] = i;
  for (Key& key : keys) key.path = rank[key.path];
  std::sort(keys.begin(), keys.end());
  std::vector<Item> ordered;
  ordered.reserve(items.size());
  for (const Key& key : keys) ordered.push_back(std::move(items[key.index]));
  items = std::move(ordered);
}

bool wanted(sdk::ReferenceKind kind, ReferenceFilter filter) {
  if (filter == ReferenceFilter::calls) return kind == sdk::ReferenceKind::call;
  if (filter == ReferenceFilter::usages) return kind == sdk::ReferenceKind::reference;
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
    : store_(store),
      graph_(dynamic_cast<sdk::ImportGraphReader*>(&store)),
      target_batch_(dynamic_cast<sdk::ImportTargetBatchReader*>(&store)),
      grouped_references_(dynamic_cast<sdk::ReferenceGroupReader*>(&store)),
      root_(std::move(root)) {}

ReferenceResolver::~ReferenceResolver() = default;

std::vector<sdk::StoredSymbol> ReferenceResolver::definitions(std::string_view name) {
  std::vector<sdk::StoredSymbol> found = store_.find_symbols(name, sdk::NameMatch::exact, 0);
  std::erase_if(found, [](const sdk::StoredSymbol& s) { return !is_code_definition(s.symbol.kind); });
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.symbol.span.start_line, a.id) < std::tie(b.path, b.symbol.span.start_line, b.id);
  });
  return found;
}

const std::vector<std::string>& ReferenceResolver::import_targets(const std::string& path) {
  auto it = import_targets_.find(path);
  if (it == import_targets_.end()) {
    // Only the targets are kept: --all labels references in thousands of files, whose edges held
    // at once cost more memory (and page faults) than the labels need.
    std::vector<std::string> targets;
    if (graph_ != nullptr)
      for (sdk::ImportEdge& edge : graph_->imports_of(path))
        if (edge.resolution == sdk::ImportResolution::exact && !edge.to.empty()) targets.push_back(std::move(edge.to));
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    targets.shrink_to_fit();
    it = import_targets_.emplace(path, std::move(targets)).first;
  }
  return it->second;
}

bool ReferenceResolver::needs_import_targets(const sdk::StoredReference& site, const DefinitionIndex& definitions) {
  return !definitions.definitions().empty() && !definitions.any_in_file(site.path);
}

void ReferenceResolver::prefetch_import_targets(std::vector<std::string> paths) {
  if (graph_ == nullptr || target_batch_ == nullptr) return;  // import_targets() reads them one by one
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::erase_if(paths, [&](const std::string& path) { return import_targets_.count(path) > 0; });
  if (paths.empty()) return;
  std::vector<std::vector<std::string>> targets = target_batch_->exact_import_targets(paths);
  for (std::size_t i = 0; i < paths.size() && i < targets.size(); ++i) {
    targets[i].shrink_to_fit();
    import_targets_.emplace(std::move(paths[i]), std::move(targets[i]));
  }
}

// One source file's text, its line starts found only as far as a reference asks. The references of
// a name sit in many files: splitting each whole into lines cost most of a query. Read, not mapped:
// a file truncated while mapped would end the process with SIGBUS.
class ReferenceResolver::SourceFile {
 public:
  // Reads `file` into the buffer kept from the last one; false when it cannot be read.
  bool load(const std::filesystem::path& file, const std::string& path) {
    path_ = path;
    bytes_ = {};
    scanned_ = 0;
    line_starts_.assign(1, 0);
    readable_ = false;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
      // Not zero-filled first: thousands of files are read per query, each over the last one's buffer.
      const auto size = static_cast<std::size_t>(info.st_size);
      if (size > capacity_) {
        buffer_ = std::make_unique_for_overwrite<char[]>(size);
        capacity_ = size;
      }
      std::size_t done = 0;
      while (done < size) {
        const ssize_t got = ::read(fd, buffer_.get() + done, size - done);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        done += static_cast<std::size_t>(got);
      }
      bytes_ = std::string_view(buffer_.get(), done);  // shorter when the file shrank meanwhile
      readable_ = true;
    }
    ::close(fd);
    return readable_;
  }
  const std::string& path() const { return path_; }
  bool readable() const { return readable_; }
  // Line `line` (1-based) without its newline; nullopt past the end of the file.
  std::optional<std::string_view> line(std::uint32_t line) {
    if (line == 0) return std::nullopt;
    const std::size_t size = bytes_.size();
    while (line_starts_.size() <= line && scanned_ < size) {
      const void* newline = std::memchr(bytes_.data() + scanned_, '\n', size - scanned_);
      scanned_ =
          newline == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(newline) - bytes_.data()) + 1;
      line_starts_.push_back(scanned_);
    }
    // line_starts_[k] is where line k + 1 begins; the text after a final newline is no line.
    if (line >= line_starts_.size() || line_starts_[line - 1] >= size) return std::nullopt;
    std::size_t end = line_starts_[line];
    if (end > line_starts_[line - 1] && bytes_[end - 1] == '\n') --end;
    return bytes_.substr(line_starts_[line - 1], end - line_starts_[line - 1]);
  }

 private:
  std::string path_;
  bool readable_ = false;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::string_view bytes_;  // the file's text, in buffer_
  std::size_t scanned_ = 0;
  std::vector<std::size_t> line_starts_{0};
};

// Whether the text just before the reference is `.`, `?.`, `->` or `::` (blanks skipped): a member of
// something whose type the index does not know.
bool ReferenceResolver::is_member_access(const sdk::StoredReference& site) {
  if (!source_) source_ = std::make_unique<SourceFile>();
  if (source_->path() != site.path || site.path.empty()) source_->load(root_ / site.path, site.path);
  if (!source_->readable()) return true;  // the file is gone since: do not claim anything
  std::uint32_t line = site.reference.line;
  std::optional<std::string_view> text = source_->line(line);
  if (!text) return true;  // the file changed since: do not claim anything
  std::size_t column = site.reference.column == 0 ? 0 : site.reference.column - 1;
  // Walk back over blanks, across line ends too (chained calls on the next line).
  while (true) {
    if (column > text->size()) return true;
    const std::string_view current = *text;
    while (column > 0 && (current[column - 1] == ' ' || current[column - 1] == '\t' || current[column - 1] == '\r'))
      --column;
    if (column > 0) {
      const char before = current[column - 1];
      if (before == '.') return true;
      if (column >= 2 &&
          ((before == '>' && current[column - 2] == '-') || (before == ':' && current[column - 2] == ':')))
        return true;
      return false;
    }
    if (line == 1) return false;
    text = source_->line(--line);
    column = text->size();
  }
}

DefinitionIndex::DefinitionIndex(const std::vector<sdk::StoredSymbol>& definitions) : definitions_(definitions) {
  by_path_.resize(definitions.size());
  for (std::size_t i = 0; i < by_path_.size(); ++i) by_path_[i] = i;
  std::stable_sort(by_path_.begin(), by_path_.end(),
                   [&](std::size_t a, std::size_t b) { return definitions_[a].path < definitions_[b].path; });
}

std::vector<std::size_t> DefinitionIndex::in_file(std::string_view path) const {
  const auto first = std::lower_bound(by_path_.begin(), by_path_.end(), path,
                                      [&](std::size_t i, std::string_view p) { return definitions_[i].path < p; });
  std::vector<std::size_t> found;
  for (auto it = first; it != by_path_.end() && definitions_[*it].path == path; ++it) found.push_back(*it);
  return found;  // stable_sort kept definitions() order within one path
}

bool DefinitionIndex::any_in_file(std::string_view path) const {
  const auto first = std::lower_bound(by_path_.begin(), by_path_.end(), path,
                                      [&](std::size_t i, std::string_view p) { return definitions_[i].path < p; });
  return first != by_path_.end() && definitions_[*first].path == path;
}

std::vector<std::size_t> DefinitionIndex::top_level_in(const std::vector<std::string>& imported) const {
  std::vector<std::size_t> found;
  const auto imports = [&](std::string_view path) {
    return std::binary_search(imported.begin(), imported.end(), path, std::less<>());
  };
  if (definitions_.size() <= imported.size()) {
    // Few definitions: look each one's file and folder up among the imports.
    for (std::size_t i = 0; i < definitions_.size(); ++i)
      if (definitions_[i].parent_id == 0 && (imports(definitions_[i].path) || imports(folder_of(definitions_[i].path))))
        found.push_back(i);
    return found;
  }
  // Many definitions: look each import up among the definitions' paths (a file, or a folder's files).
  const auto from = [&](std::string_view path) {
    return std::lower_bound(by_path_.begin(), by_path_.end(), path,
                            [&](std::size_t i, std::string_view p) { return definitions_[i].path < p; });
  };
  std::string prefix;
  for (const std::string& target : imported) {
    for (auto it = from(target); it != by_path_.end() && definitions_[*it].path == target; ++it)
      if (definitions_[*it].parent_id == 0) found.push_back(*it);
    prefix.assign(target).push_back('/');
    for (auto it = from(prefix); it != by_path_.end() && definitions_[*it].path.starts_with(prefix); ++it)
      if (definitions_[*it].parent_id == 0 && folder_of(definitions_[*it].path) == target) found.push_back(*it);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

const DefinitionIndex::FileMatches& DefinitionIndex::matches_in(
    std::string_view path, const std::function<const std::vector<std::string>&()>& imports) const {
  if (!matched_ || matched_path_ != path) {
    matched_path_.assign(path);
    matched_ = FileMatches{in_file(path), std::nullopt};
  }
  if (!matched_->imported && matched_->local.empty()) matched_->imported = top_level_in(imports());
  return *matched_;
}

LabelledReference ReferenceResolver::label(const sdk::StoredReference& site,
                                           const std::vector<sdk::StoredSymbol>& definitions) {
  return label(site, DefinitionIndex(definitions));
}

LabelledReference ReferenceResolver::label(const sdk::StoredReference& site, const DefinitionIndex& index) {
  LabelledReference labelled{site, ReferenceLabel::textual, 0, site.enclosing_id, false};
  decide(labelled, index);
  return labelled;
}

LabelledReference ReferenceResolver::label(sdk::StoredReference&& site, const DefinitionIndex& index) {
  const std::uint64_t enclosing_id = site.enclosing_id;
  LabelledReference labelled{std::move(site), ReferenceLabel::textual, 0, enclosing_id, false};
  decide(labelled, index);
  return labelled;
}

void ReferenceResolver::decide(LabelledReference& labelled, const DefinitionIndex& index) {
  const std::vector<sdk::StoredSymbol>& definitions = index.definitions();
  const sdk::StoredReference& site = labelled.site;
  const auto ambiguous_or_textual = [&] {
    labelled.label = definitions.size() > 1 ? ReferenceLabel::ambiguous : ReferenceLabel::textual;
    labelled.definition_id = 0;
  };
  // Reading the file to tell a member access costs most of a query: done only for a reference that
  // would otherwise resolve.
  const auto resolved = [&](std::uint64_t definition_id) {
    if ((labelled.member_access = is_member_access(site))) return ambiguous_or_textual();
    labelled.label = ReferenceLabel::resolved;
    labelled.definition_id = definition_id;
  };
  if (definitions.empty()) return ambiguous_or_textual();

  // Defined in the referencing file: that definition shadows any imported one. Otherwise defined in
  // a file (or package folder) the referencing file imports, by an exact edge: only top-level
  // definitions are what an import brings in.
  const DefinitionIndex::FileMatches& matches =
      index.matches_in(site.path, [&]() -> const std::vector<std::string>& { return import_targets(site.path); });
  const std::vector<std::size_t>& local = matches.local;
  if (local.size() == 1) return resolved(definitions[local.front()].id);
  if (local.size() > 1) {
    labelled.label = ReferenceLabel::ambiguous;
    return;
  }
  const std::vector<std::size_t>& imported = *matches.imported;
  if (imported.size() == 1) return resolved(definitions[imported.front()].id);
  if (imported.size() > 1) {
    labelled.label = ReferenceLabel::ambiguous;
    return;
  }
  ambiguous_or_textual();
}

std::unordered_map<std::uint64_t, sdk::StoredSymbol> load_symbols(sdk::SymbolStore& store,
                                                                  std::vector<std::uint64_t> ids) {
  // Ascending ids lie together in the store (they are handed out file by file).
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::erase(ids, std::uint64_t{0});
  std::unordered_map<std::uint64_t, sdk::StoredSymbol> found;
  found.reserve(ids.size());
  if (auto* batch = dynamic_cast<sdk::SymbolBatchReader*>(&store)) {
    std::vector<std::optional<sdk::StoredSymbol>> symbols = batch->symbols(ids);
    for (std::size_t i = 0; i < ids.size() && i < symbols.size(); ++i)
      if (symbols[i]) found.emplace(ids[i], std::move(*symbols[i]));
    return found;
  }
  for (const std::uint64_t id : ids)
    if (auto symbol = store.symbol(id)) found.emplace(id, std::move(*symbol));
  return found;
}

std::vector<sdk::StoredReference> ReferenceResolver::shown_references(const ReferenceQuery& query, std::size_t& total) {
  std::vector<sdk::StoredReference> sites;
  total = 0;
  if (grouped_references_ != nullptr) {
    // Counted and picked file by file: only the references shown are copied out, with their path.
    std::vector<sdk::FileReferenceGroup> groups = grouped_references_->references_by_file(query.name);
    for (sdk::FileReferenceGroup& group : groups) {
      std::erase_if(group.sites,
                    [&](const sdk::ReferenceSiteInFile& site) { return !wanted(site.kind, query.filter); });
      std::stable_sort(group.sites.begin(), group.sites.end(), [](const auto& a, const auto& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
      });
      total += group.sites.size();
    }
    std::erase_if(groups, [](const sdk::FileReferenceGroup& group) { return group.sites.empty(); });
    std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    const std::size_t shown = query.limit == 0 ? total : std::min(query.limit, total);
    sites.reserve(shown);
    for (const sdk::FileReferenceGroup& group : groups)
      for (const sdk::ReferenceSiteInFile& site : group.sites) {
        if (sites.size() == shown) return sites;
        sites.push_back(sdk::StoredReference{
            group.path, sdk::Reference{query.name, site.kind, site.line, site.column, -1}, site.enclosing_id});
      }
    return sites;
  }
  sites = store_.find_references(query.name, 0);
  std::erase_if(sites, [&](const sdk::StoredReference& site) {
    return site.reference.name != query.name || !wanted(site.reference.kind, query.filter);
  });
  total = sites.size();
  const auto by_position = [](const sdk::StoredReference& a, const sdk::StoredReference& b) {
    return std::tie(a.path, a.reference.line, a.reference.column) <
           std::tie(b.path, b.reference.line, b.reference.column);
  };
  // Only the references shown are ordered.
  const std::size_t shown = query.limit == 0 ? sites.size() : std::min(query.limit, sites.size());
  if (shown == sites.size())
    std::sort(sites.begin(), sites.end(), by_position);
  else
    std::partial_sort(sites.begin(), sites.begin() + static_cast<std::ptrdiff_t>(shown), sites.end(), by_position);
  sites.resize(shown);
  return sites;
}

ReferenceResult ReferenceResolver::find(const ReferenceQuery& query) {
  ReferenceResult result;
  result.definitions = definitions(query.name);
  std::vector<sdk::StoredReference> sites = shown_references(query, result.total);
  const DefinitionIndex index(result.definitions);
  std::vector<std::string> need_targets;
  for (const sdk::StoredReference& site : sites)
    if (needs_import_targets(site, index) && (need_targets.empty() || need_targets.back() != site.path))
      need_targets.push_back(site.path);
  prefetch_import_targets(std::move(need_targets));
  result.references.reserve(sites.size());
  for (sdk::StoredReference& site : sites) result.references.push_back(label(std::move(site), index));
  // Definitions are at hand; the enclosing ones are read together, not one store read per reference.
  std::vector<std::uint64_t> enclosing;
  enclosing.reserve(result.references.size());
  // Neighbours (one file's references) mostly share one: only a change of id is kept for the sort.
  for (const LabelledReference& reference : result.references)
    if (enclosing.empty() || enclosing.back() != reference.enclosing_id) enclosing.push_back(reference.enclosing_id);
  result.symbols = load_symbols(store_, std::move(enclosing));
  for (const sdk::StoredSymbol& definition : result.definitions) result.symbols.emplace(definition.id, definition);
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
                     std::uint32_t max_depth, std::size_t limit) {
  CallGraph graph;
  ReferenceResolver resolver(store, root);
  graph.definitions = resolver.definitions(name);
  auto* file_references = dynamic_cast<sdk::FileReferenceReader*>(&store);
  // Each name's definitions, read once; held by pointer, as the index refers to the list.
  struct NamedDefinitions {
    explicit NamedDefinitions(std::vector<sdk::StoredSymbol> found) : list(std::move(found)), index(list) {}
    std::vector<sdk::StoredSymbol> list;
    DefinitionIndex index;
  };
  std::unordered_map<std::string, std::unique_ptr<NamedDefinitions>> definitions_by_name;
  const auto definitions_of = [&](const std::string& symbol_name) -> const NamedDefinitions& {
    auto it = definitions_by_name.find(symbol_name);
    if (it == definitions_by_name.end())
      it = definitions_by_name
               .emplace(symbol_name, std::make_unique<NamedDefinitions>(resolver.definitions(symbol_name)))
               .first;
    return *it->second;
  };
  // The enclosing definitions of a level's calls, read together once the level is done.
  std::vector<std::uint64_t> pending;
  const auto remember = [&](std::uint64_t id) {
    if (id != 0 && !graph.symbols.count(id)) pending.push_back(id);
  };
  const auto load_pending = [&] {
    for (auto& [id, symbol] : load_symbols(store, std::move(pending))) graph.symbols.emplace(id, std::move(symbol));
    pending.clear();
  };
  // A callee resolves to one of its name's definitions, which are at hand.
  const auto remember_definition = [&](std::uint64_t id, const std::vector<sdk::StoredSymbol>& definitions) {
    if (id == 0 || graph.symbols.count(id)) return;
    for (const auto& definition : definitions)
      if (definition.id == id) graph.symbols.emplace(id, definition);
  };
  for (const auto& definition : graph.definitions) graph.symbols.emplace(definition.id, definition);

  // A level's calls are labelled in path and line order, at most `limit` kept (0: all); the rest are
  // counted, unlabelled, so a name called from thousands of places costs what `limit` calls do.
  struct Candidate {
    sdk::StoredReference site;
    std::uint64_t caller_id = 0;              // for callees: the definition of the level the call is made in
    const NamedDefinitions* named = nullptr;  // its name's definitions, once looked up
  };
  // A candidate is looked at twice (prefetching, labelling): its name is looked up once.
  const auto named_of = [&](Candidate& candidate) -> const NamedDefinitions& {
    if (candidate.named == nullptr) candidate.named = &definitions_of(candidate.site.reference.name);
    return *candidate.named;
  };
  const auto order_level = [](std::vector<Candidate>& candidates) {
    order_by_position(candidates,
                      [](const Candidate& candidate) -> const sdk::StoredReference& { return candidate.site; });
  };
  // Before labelling candidates[from], the import targets of the next chunk are read in one batch: a
  // `limit` cuts the level at an unknown candidate (callers not reaching the level do not count), so
  // at most a chunk is read ahead of need.
  constexpr std::size_t kPrefetchChunk = 256;
  const auto prefetch_chunk = [&](std::vector<Candidate>& candidates, std::size_t from) {
    if (from % kPrefetchChunk != 0) return;
    std::vector<std::string> paths;
    for (std::size_t j = from; j < candidates.size() && j < from + kPrefetchChunk; ++j) {
      const sdk::StoredReference& site = candidates[j].site;
      if (ReferenceResolver::needs_import_targets(site, named_of(candidates[j]).index)) paths.push_back(site.path);
    }
    resolver.prefetch_import_targets(std::move(paths));
  };

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
    std::vector<Candidate> candidates;
    for (const std::string& callee : names) {
      if (!names_done.insert(callee).second) continue;
      for (sdk::StoredReference& site : store.find_references(callee, 0))
        if (site.reference.kind == sdk::ReferenceKind::call && site.reference.name == callee)
          candidates.push_back({std::move(site), 0, nullptr});
    }
    order_level(candidates);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (limit != 0 && kept == limit) {
        graph.callers_left_out += candidates.size() - i;
        break;
      }
      prefetch_chunk(candidates, i);
      const sdk::StoredReference& site = candidates[i].site;
      const std::string& callee = site.reference.name;
      const NamedDefinitions& named = named_of(candidates[i]);
      const std::vector<sdk::StoredSymbol>& definitions = named.list;
      const LabelledReference labelled = resolver.label(site, named.index);
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
      ++kept;
    }
    load_pending();
    std::erase_if(next, [&](std::uint64_t id) { return !graph.symbols.count(id); });  // gone meanwhile
    level = std::move(next);
  }

  // Callees, level by level.
  level.clear();
  for (const auto& definition : graph.definitions) level.push_back(definition.id);
  seen = std::set<std::uint64_t>(level.begin(), level.end());
  for (std::uint32_t depth = 1; depth <= max_depth && !level.empty() && file_references != nullptr; ++depth) {
    std::vector<std::uint64_t> next;
    std::vector<Candidate> candidates;
    for (const std::uint64_t id : level) {
      const sdk::StoredSymbol& caller = graph.symbols.at(id);
      const std::set<std::uint64_t> inside = nested_ids(store.file_symbols(caller.path), id);
      for (sdk::StoredReference& site : file_references->file_references(caller.path))
        if (site.reference.kind == sdk::ReferenceKind::call && inside.count(site.enclosing_id))
          candidates.push_back({std::move(site), id, nullptr});
    }
    order_level(candidates);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (limit != 0 && i == limit) {
        graph.callees_left_out += candidates.size() - i;
        break;
      }
      prefetch_chunk(candidates, i);
      const NamedDefinitions& named = named_of(candidates[i]);
      const auto& [site, id, _] = candidates[i];
      const std::vector<sdk::StoredSymbol>& definitions = named.list;
      const LabelledReference labelled = resolver.label(site, named.index);
      CallSite call{id,   labelled.definition_id, site.reference.name, site.path, site.reference.line, labelled.label,
                    depth};
      const bool follow = labelled.label == ReferenceLabel::resolved ||
                          (labelled.label == ReferenceLabel::textual && definitions.size() == 1);
      if (call.callee_id == 0 && labelled.label == ReferenceLabel::textual && definitions.size() == 1)
        call.callee_id = definitions.front().id;
      remember_definition(call.callee_id, definitions);
      if (follow && call.callee_id != 0 && seen.insert(call.callee_id).second) next.push_back(call.callee_id);
      graph.callees.push_back(std::move(call));
    }
    level = std::move(next);
  }
  return graph;
}

}  // namespace ax::graph
