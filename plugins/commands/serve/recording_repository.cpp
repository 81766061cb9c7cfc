#include "recording_repository.hpp"

#include <algorithm>
#include <cctype>

#include <ax/sdk/text.hpp>

namespace ax::serve {

namespace {
[[noreturn]] void refuse_write() { throw std::logic_error("a query through ax serve tried to write the index"); }
}  // namespace

// A symbol's name is a word of its file's text (or several, joined by dots and the like); a name
// of word characters is matched against the file's terms (whole, or as a prefix), another one
// against its text.
void RecordingStore::record_name(std::string_view name, bool prefix) {
  const std::string lower = sdk::ascii_lower(name);
  if (lower.empty()) return;
  const bool one_word = std::all_of(lower.begin(), lower.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) != 0 || c == '_' || byte >= 0x80;
  });
  if (!one_word)
    footprint_.names.insert(lower);
  else if (prefix)
    footprint_.prefixes.insert(lower);
  else
    footprint_.terms.insert(lower);
}

std::vector<sdk::FileRecord> RecordingStore::files() {
  footprint_.global = true;  // a new file changes the list
  return store_.files();
}

std::optional<sdk::FileRecord> RecordingStore::file(std::string_view path) {
  record(path);
  return store_.file(path);
}

std::unique_ptr<sdk::StoreWriter> RecordingStore::begin_write() { refuse_write(); }

std::vector<sdk::StoredSymbol> RecordingStore::find_symbols(std::string_view name, sdk::NameMatch match,
                                                            std::size_t limit) {
  record_name(name, match == sdk::NameMatch::prefix);
  auto symbols = store_.find_symbols(name, match, limit);
  for (const auto& symbol : symbols) record(symbol.path);
  return symbols;
}

std::optional<sdk::StoredSymbol> RecordingStore::symbol(std::uint64_t id) {
  auto symbol = store_.symbol(id);
  if (symbol) record(symbol->path);
  return symbol;
}

std::vector<sdk::StoredSymbol> RecordingStore::file_symbols(std::string_view path) {
  record(path);
  return store_.file_symbols(path);
}

std::vector<sdk::StoredReference> RecordingStore::find_references(std::string_view name, std::size_t limit) {
  record_name(name, false);
  auto references = store_.find_references(name, limit);
  for (const auto& reference : references) record(reference.path);
  return references;
}

// Imports resolve against other files (a created file can resolve an import that named it): the
// import graph is read as a whole.
std::vector<sdk::StoredImport> RecordingStore::file_imports(std::string_view path) {
  footprint_.global = true;
  return store_.file_imports(path);
}

void RecordingStore::for_each_symbol(const std::function<void(const sdk::StoredSymbol&)>& visit) {
  footprint_.global = true;
  store_.for_each_symbol(visit);
}

sdk::StoreStats RecordingStore::stats() {
  footprint_.global = true;
  return store_.stats();
}

sdk::ImportGraphReader& RecordingStore::graph() {
  auto* graph = dynamic_cast<sdk::ImportGraphReader*>(&store_);
  if (graph == nullptr) throw sdk::UserError("the symbol store keeps no import graph");
  return *graph;
}

bool RecordingStore::graph_complete() {
  footprint_.global = true;
  return graph().graph_complete();
}

std::vector<sdk::ImportEdge> RecordingStore::imports_of(std::string_view from) {
  footprint_.global = true;
  return graph().imports_of(from);
}

std::vector<sdk::ImportEdge> RecordingStore::importers_of(std::string_view to) {
  footprint_.global = true;
  return graph().importers_of(to);
}

void RecordingStore::for_each_edge(const std::function<void(const sdk::ImportEdge&)>& visit) {
  footprint_.global = true;
  graph().for_each_edge(visit);
}

std::vector<sdk::StoredReference> RecordingStore::file_references(std::string_view path) {
  record(path);
  auto* references = dynamic_cast<sdk::FileReferenceReader*>(&store_);
  if (references == nullptr) throw sdk::UserError("the symbol store keeps no references by file");
  return references->file_references(path);
}

std::vector<std::optional<sdk::StoredSymbol>> RecordingStore::symbols(std::span<const std::uint64_t> ids) {
  std::vector<std::optional<sdk::StoredSymbol>> found;
  if (auto* batch = dynamic_cast<sdk::SymbolBatchReader*>(&store_)) {
    found = batch->symbols(ids);
  } else {
    for (const std::uint64_t id : ids) found.push_back(id == 0 ? std::nullopt : store_.symbol(id));
  }
  for (const auto& symbol : found)
    if (symbol) record(symbol->path);
  return found;
}

void RecordingSearch::put_file(std::string_view, const std::vector<sdk::SearchDocument>&) { refuse_write(); }
void RecordingSearch::remove_file(std::string_view) { refuse_write(); }
void RecordingSearch::remove_all() { refuse_write(); }
void RecordingSearch::commit(std::uint64_t) { refuse_write(); }

// A file that holds none of the query's terms cannot match it; a query of filters alone matches
// any file.
std::vector<sdk::SearchHit> RecordingSearch::search(const sdk::SearchQuery& query) {
  if (query.words.empty() && query.phrases.empty()) footprint_.global = true;
  for (const auto& word : query.words) footprint_.terms.merge(text_terms(word));
  for (const auto& phrase : query.phrases) footprint_.terms.merge(text_terms(phrase));
  auto hits = search_.search(query);
  for (const auto& hit : hits) footprint_.paths.insert(hit.document.path);
  return hits;
}

std::unique_ptr<sdk::IndexWriter> RecordingRepository::begin_write() { refuse_write(); }

}  // namespace ax::serve
