#include <ax/index/import_resolution.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <ax/sdk/paths.hpp>

namespace ax::index {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxProjectFileBytes = 4u << 20;  // RepositoryView::read_file's limit

std::string_view folder_of(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Kinds of definitions other files import by name (Elixir modules, Scala objects, Java classes).
bool importable_by_name(sdk::SymbolKind kind) {
  using K = sdk::SymbolKind;
  return kind == K::module || kind == K::namespace_ || kind == K::class_ || kind == K::interface || kind == K::trait ||
         kind == K::struct_ || kind == K::enum_ || kind == K::mixin || kind == K::extension;
}

// The last part of a qualified name, which is what the store indexes by name.
std::string_view last_segment(std::string_view qualified_name) {
  const std::size_t cut = qualified_name.find_last_of(".:/\\#");
  return cut == std::string_view::npos ? qualified_name : qualified_name.substr(cut + 1);
}

// Whether two lists hold the same imports (specifier, kind and line), in any order: then resolving
// them again gives the edges stored, as long as no file they may name came or went.
bool same_imports(const std::vector<sdk::ImportEdge>& stored, const std::vector<sdk::ImportEdge>& parsed) {
  if (stored.size() != parsed.size()) return false;
  const auto sorted = [](const std::vector<sdk::ImportEdge>& edges) {
    std::vector<std::tuple<std::string_view, std::string_view, std::uint32_t>> keys;
    keys.reserve(edges.size());
    for (const sdk::ImportEdge& edge : edges) keys.emplace_back(edge.specifier, edge.kind, edge.line);
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  return sorted(stored) == sorted(parsed);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::optional<std::string> normalised_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\0') != std::string_view::npos) return std::nullopt;
  std::optional<std::string> normal = sdk::normalise_relative_path(path);
  if (normal && normal->empty()) return std::nullopt;  // the root itself is no file
  return normal;
}

WalkedRepositoryView::WalkedRepositoryView(fs::path root, std::vector<std::string> files, sdk::SymbolStore* store)
    : root_(std::move(root)), files_(std::move(files)), store_(store) {
  std::sort(files_.begin(), files_.end());
  files_.erase(std::unique(files_.begin(), files_.end()), files_.end());
  file_set_.reserve(files_.size());
  for (const auto& file : files_) file_set_.insert(file);
}

void WalkedRepositoryView::add_definitions(const std::string& path, const std::string& language,
                                           std::vector<std::string> names) {
  run_files_.insert(path);
  for (auto& name : names) run_definitions_[{language, std::move(name)}].insert(path);
}

bool WalkedRepositoryView::is_file(std::string_view path) const { return file_set_.count(path) > 0; }

bool WalkedRepositoryView::is_directory(std::string_view path) const {
  if (path.empty()) return true;
  const std::string prefix = std::string(path) + "/";
  const auto it = std::lower_bound(files_.begin(), files_.end(), prefix);
  return it != files_.end() && it->starts_with(prefix);
}

std::vector<std::string> WalkedRepositoryView::list_directory(std::string_view path) const {
  const std::string prefix = path.empty() ? std::string() : std::string(path) + "/";
  std::vector<std::string> names;
  for (auto it = std::lower_bound(files_.begin(), files_.end(), prefix); it != files_.end() && it->starts_with(prefix);
       ++it) {
    const std::string_view rest = std::string_view(*it).substr(prefix.size());
    const std::size_t slash = rest.find('/');
    std::string name(slash == std::string_view::npos ? rest : rest.substr(0, slash + 1));
    if (names.empty() || names.back() != name) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<std::string> WalkedRepositoryView::read_file(std::string_view path) const {
  // Only files the walk kept: never an ignored file, never one outside the root.
  if (!is_file(path)) return std::nullopt;
  const fs::path file = root_ / std::string(path);
  std::error_code error;
  const std::uintmax_t size = fs::file_size(file, error);
  if (error || size > kMaxProjectFileBytes) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(text).str();
}

std::vector<std::string> WalkedRepositoryView::files_defining(std::string_view language,
                                                              std::string_view qualified_name) const {
  std::set<std::string> paths;
  if (const auto it = run_definitions_.find({std::string(language), std::string(qualified_name)});
      it != run_definitions_.end())
    paths.insert(it->second.begin(), it->second.end());
  if (store_ != nullptr) {
    std::set<std::string_view> names{last_segment(qualified_name), qualified_name};
    for (const std::string_view name : names)
      for (const sdk::StoredSymbol& symbol : store_->find_symbols(name, sdk::NameMatch::exact, 0))
        if (symbol.language == language && !run_files_.count(symbol.path) &&
            (symbol.symbol.qualified_name == qualified_name ||
             (symbol.symbol.qualified_name.empty() && symbol.symbol.name == qualified_name)))
          paths.insert(symbol.path);
  }
  return {paths.begin(), paths.end()};
}

ImportResolutionPass::ImportResolutionPass(sdk::Host& host, sdk::Repository& repository)
    : host_(host), repository_(repository), reader_(dynamic_cast<sdk::ImportGraphReader*>(&repository.store())) {
  // For scripts/bench/imports.sh only: the cold-index cost of resolution is measured against runs
  // without it (the graph then stays marked incomplete).
  if (const char* off = std::getenv("AX_BENCH_NO_IMPORT_RESOLUTION"); off != nullptr && std::string_view(off) == "1")
    reader_ = nullptr;
  if (reader_ != nullptr) was_complete_ = reader_->graph_complete();
}

void ImportResolutionPass::changed(const std::string& path, const std::string& language, bool created,
                                   const std::vector<sdk::Import>& imports, const std::vector<std::string>& kinds,
                                   const std::vector<sdk::Symbol>& symbols) {
  if (!enabled()) return;
  created_ = created_ || created;
  if (was_complete_) changed_names_.insert(std::string(base_name(path)));
  ChangedFile& file = changed_[path];
  file.language = intern(languages_, language);
  file.specifiers.clear();
  file.imports.clear();
  file.imports.reserve(imports.size());
  for (std::size_t i = 0; i < imports.size(); ++i) {
    file.specifiers += imports[i].specifier;
    const std::string_view kind = i < kinds.size() && !kinds[i].empty() ? std::string_view(kinds[i]) : "import";
    file.imports.push_back({static_cast<std::uint32_t>(file.specifiers.size()), imports[i].line, intern(kinds_, kind)});
  }
  file.specifiers.shrink_to_fit();
  unchanged_imports_.erase(path);
  if (!created && was_complete_) {
    std::vector<sdk::ImportEdge> stored = reader_->imports_of(path);
    if (same_imports(stored, edges_of(path, file))) unchanged_imports_.emplace(path, std::move(stored));
  }
  // Only resolvers by definition ask for the files defining a name (files_defining).
  if (!definition_languages().count(language)) return;
  std::vector<std::string> names;
  for (const sdk::Symbol& symbol : symbols)
    if (importable_by_name(symbol.kind))
      names.push_back(symbol.qualified_name.empty() ? symbol.name : symbol.qualified_name);
  // An edited file of a language resolved by definitions: the names it gained or lost. The store
  // still holds its previous symbols (this run's writes are not committed yet).
  if (!created && was_complete_) {
    std::set<std::string> before;
    for (const sdk::StoredSymbol& symbol : repository_.store().file_symbols(path))
      if (importable_by_name(symbol.symbol.kind))
        before.insert(symbol.symbol.qualified_name.empty() ? symbol.symbol.name : symbol.symbol.qualified_name);
    const std::set<std::string> after(names.begin(), names.end());
    std::vector<std::string> moved;
    std::set_symmetric_difference(before.begin(), before.end(), after.begin(), after.end(), std::back_inserter(moved));
    if (!moved.empty()) {
      moved_definition_files_.insert(path);
      moved_names_.insert(moved.begin(), moved.end());
    }
  }
  definitions_.emplace_back(path, language, std::move(names));
}

const std::set<std::string>& ImportResolutionPass::resolved_languages() {
  if (!resolved_languages_) {
    resolved_languages_.emplace();
    for (sdk::LanguagePlugin* plugin : host_.languages())
      if (dynamic_cast<const sdk::ImportResolver*>(plugin) != nullptr) resolved_languages_->insert(plugin->info().id);
  }
  return *resolved_languages_;
}

void ImportResolutionPass::batch_committing(sdk::IndexWriter& writer) {
  if (!enabled() || was_complete_ || changed_.empty()) return;
  auto* graph_writer = dynamic_cast<sdk::ImportGraphWriter*>(&writer);
  if (graph_writer == nullptr) return;
  // run() resolves the files of the languages with a resolver, committed ones by their stored edges;
  // the others' imports are never asked for (see run(): every file of a resolved language).
  for (const auto& [path, file] : changed_)
    if (!file.imports.empty() && resolved_languages().count(languages_[file.language]))
      graph_writer->put_edges(path, edges_of(path, file));
  changed_.clear();
}

const std::set<std::string>& ImportResolutionPass::definition_languages() {
  if (!definition_languages_) {
    definition_languages_.emplace();
    for (sdk::LanguagePlugin* plugin : host_.languages())
      if (const auto* resolver = dynamic_cast<const sdk::DefinitionBasedImportResolver*>(plugin))
        for (std::string& language : resolver->definition_languages())
          definition_languages_->insert(std::move(language));
  }
  return *definition_languages_;
}

std::uint16_t ImportResolutionPass::intern(std::vector<std::string>& table, std::string_view text) {
  const auto it = std::find(table.begin(), table.end(), text);
  if (it != table.end()) return static_cast<std::uint16_t>(it - table.begin());
  if (table.size() > std::numeric_limits<std::uint16_t>::max())
    throw std::length_error("import resolution: more than 65536 distinct languages or import kinds");
  table.emplace_back(text);
  return static_cast<std::uint16_t>(table.size() - 1);
}

std::vector<sdk::ImportEdge> ImportResolutionPass::edges_of(const std::string& path, const ChangedFile& file) const {
  std::vector<sdk::ImportEdge> edges;
  edges.reserve(file.imports.size());
  std::uint32_t begin = 0;
  for (const CompactImport& import : file.imports) {
    edges.push_back({path, "", file.specifiers.substr(begin, import.specifier_end - begin), kinds_[import.kind],
                     import.line, sdk::ImportResolution::unresolved});
    begin = import.specifier_end;
  }
  return edges;
}

void ImportResolutionPass::removed(const std::string& path) {
  if (!enabled()) return;
  removed_.push_back(path);
  changed_names_.insert(std::string(base_name(path)));
}

bool ImportResolutionPass::run(sdk::IndexWriter& writer, const std::function<std::vector<std::string>()>& walked,
                               const std::atomic<bool>& interrupted, ResolutionSummary& summary,
                               const std::function<sdk::IndexWriter&()>& next_transaction) {
  auto* graph_writer = dynamic_cast<sdk::ImportGraphWriter*>(&writer);
  if (!enabled() || graph_writer == nullptr) return false;
  if (was_complete_ && changed_.empty() && removed_.empty()) return false;
  const auto started = std::chrono::steady_clock::now();
  sdk::SymbolStore& store = repository_.store();

  // The resolvers; their view of the repository is prepared once for the run, when anything is resolved.
  std::optional<WalkedRepositoryView> view;
  struct Language {
    const sdk::ImportResolver* resolver = nullptr;
    const sdk::KindAwareImportResolver* kind_aware = nullptr;  // told each import's kind (SDK 1.3)
    std::unique_ptr<sdk::ResolutionContext> context;
  };
  std::map<std::string, Language> languages;
  for (sdk::LanguagePlugin* plugin : host_.languages())
    if (const auto* resolver = dynamic_cast<const sdk::ImportResolver*>(plugin))
      languages[plugin->info().id] = {resolver, dynamic_cast<const sdk::KindAwareImportResolver*>(plugin), nullptr};
  // Preparing reads the project's layout (go.mod files, source roots...): only for the languages
  // whose files are resolved now, which after a small change is one or none.
  const auto prepare = [&](const std::string& language) {
    const auto it = languages.find(language);
    if (it == languages.end() || it->second.context) return;
    const auto prepare_started = std::chrono::steady_clock::now();
    try {
      it->second.context = it->second.resolver->prepare(*view);
    } catch (const std::exception& error) {
      host_.log(sdk::LogLevel::warn, "import resolution for " + language + " skipped: " + error.what());
      languages.erase(it);  // its files are then treated as those of a language without a resolver
      return;
    }
    host_.log(sdk::LogLevel::debug, "import resolution for " + language + " prepared in " +
                                        std::to_string(seconds_since(prepare_started)) + " s");
  };
  std::optional<std::map<std::string, std::string>> stored_languages;  // path -> language, read when needed
  const auto language_of = [&](const std::string& path) -> std::string {
    if (const auto it = changed_.find(path); it != changed_.end()) return languages_[it->second.language];
    if (!stored_languages) {
      const std::optional<sdk::FileRecord> record = store.file(path);
      return record ? record->language : std::string();
    }
    const auto it = stored_languages->find(path);
    return it == stored_languages->end() ? std::string() : it->second;
  };
  const auto load_stored_languages = [&] {
    if (stored_languages) return;
    stored_languages.emplace();
    for (auto& record : store.files()) stored_languages->emplace(std::move(record.path), std::move(record.language));
  };

  // Which files to resolve.
  std::set<std::string> targets;
  // Every file of a language: those stored, and those of this run (maybe not committed yet).
  const auto add_all_of = [&](const std::string& language) {
    load_stored_languages();
    for (const auto& [path, file_language] : *stored_languages)
      if (file_language == language) targets.insert(path);
    for (const auto& [path, file] : changed_)
      if (languages_[file.language] == language) targets.insert(path);
  };
  if (!was_complete_) {
    for (const auto& [language, _] : languages) add_all_of(language);
  } else {
    for (const auto& [path, _] : changed_)
      if (!unchanged_imports_.count(path)) targets.insert(path);
    // Files whose edges named, or failed to name, a file now created or deleted.
    std::set<std::string> moved(removed_.begin(), removed_.end());
    if (created_)
      for (const auto& [path, _] : changed_) moved.insert(path);
    for (const std::string& path : moved)
      for (const std::string_view target : {std::string_view(path), folder_of(path)})
        for (const sdk::ImportEdge& edge : reader_->importers_of(target)) targets.insert(edge.from);
    if (created_)
      reader_->for_each_edge([&](const sdk::ImportEdge& edge) {
        if (edge.resolution == sdk::ImportResolution::unresolved || edge.resolution == sdk::ImportResolution::heuristic)
          targets.insert(edge.from);
      });
    // A file that started or stopped defining a module, package or class (name-based resolution):
    // the imports that named it, and those whose specifier mentions a name it gained or lost (a
    // missing module becomes found, an external namespace becomes the repository's).
    for (const std::string& path : moved_definition_files_)
      for (const std::string_view target : {std::string_view(path), folder_of(path)})
        for (const sdk::ImportEdge& edge : reader_->importers_of(target)) targets.insert(edge.from);
    if (!moved_names_.empty()) {
      std::set<std::string, std::less<>> segments;
      for (const std::string& name : moved_names_) segments.emplace(last_segment(name));
      reader_->for_each_edge([&](const sdk::ImportEdge& edge) {
        if (targets.count(edge.from)) return;
        for (const std::string& segment : segments)
          if (!segment.empty() && edge.specifier.find(segment) != std::string::npos) {
            targets.insert(edge.from);
            return;
          }
      });
    }
    // A changed project file (go.mod, tsconfig.json...) can move every edge of its language.
    for (const auto& [language, entry] : languages)
      for (const std::string& name : entry.resolver->project_files())
        if (changed_names_.count(name)) {
          add_all_of(language);
          break;
        }
  }
  for (const std::string& path : removed_) targets.erase(path);

  // The files whose imports did not change and that nothing else asks to resolve: their edges as stored.
  for (const auto& [path, edges] : unchanged_imports_) {
    if (targets.count(path) || edges.empty()) continue;
    graph_writer->put_edges(path, edges);
  }

  if (!targets.empty()) {
    view.emplace(repository_.root(), walked(), &store);
    for (auto& [path, language, names] : definitions_) view->add_definitions(path, language, std::move(names));
  }
  for (const std::string& path : targets) prepare(language_of(path));

  std::size_t done = 0;
  for (const std::string& path : targets) {
    if (++done % 256 == 0 && interrupted.load()) return true;  // the graph stays marked incomplete
    if (!was_complete_ && next_transaction && done % kFilesPerTransaction == 0) {
      graph_writer = dynamic_cast<sdk::ImportGraphWriter*>(&next_transaction());
      if (graph_writer == nullptr) return true;  // never: the repository's writers all offer the graph
    }
    const std::string language = language_of(path);
    const auto entry = languages.find(language);
    std::vector<sdk::ImportEdge> edges;
    if (const auto it = changed_.find(path); it != changed_.end()) {
      edges = edges_of(path, it->second);
    } else {
      edges = reader_->imports_of(path);
      if (edges.empty())
        for (const sdk::StoredImport& stored : store.file_imports(path))
          edges.push_back(
              {path, "", stored.import.specifier, "import", stored.import.line, sdk::ImportResolution::unresolved});
    }
    if (entry == languages.end() || entry->second.context == nullptr) {
      if (edges.empty()) continue;
      // No resolver for this language: no edges (its imports stay as written in the store).
      graph_writer->put_edges(path, {});
      summary.paths.push_back(path);
      continue;
    }
    for (sdk::ImportEdge& edge : edges) {
      edge.from = path;
      sdk::ResolvedImport resolved;
      try {
        const sdk::Import import{edge.specifier, edge.line};
        resolved = entry->second.kind_aware != nullptr
                       ? entry->second.kind_aware->resolve_kind(*entry->second.context, path, import, edge.kind)
                       : entry->second.resolver->resolve(*entry->second.context, path, import);
      } catch (const std::exception&) {
        resolved = {};  // a resolver must not throw; if it does, the import is simply not placed
      }
      edge.resolution = resolved.resolution;
      edge.to.clear();
      if (resolved.resolution == sdk::ImportResolution::exact ||
          resolved.resolution == sdk::ImportResolution::heuristic) {
        // Whatever a resolver says, a target is a path of the walked repository.
        const std::optional<std::string> to = normalised_path(resolved.to);
        if (to && (view->is_file(*to) || view->is_directory(*to)))
          edge.to = *to;
        else
          edge.resolution = sdk::ImportResolution::unresolved;
      }
      if (edge.resolution == sdk::ImportResolution::unresolved) ++summary.unresolved;
    }
    summary.edges += edges.size();
    ++summary.files;
    graph_writer->put_edges(path, edges);
    summary.paths.push_back(path);
  }
  graph_writer->mark_graph_complete();
  summary.seconds = seconds_since(started);
  return true;
}

}  // namespace ax::index
