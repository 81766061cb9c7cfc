#include "search_index.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

#include "document_codec.hpp"
#include "path_filter.hpp"
#include "terms.hpp"

namespace ax::storage::xapian {
namespace {

namespace fs = std::filesystem;

// Bumped whenever terms or document data change meaning; an index with another schema reports
// generation 0, which makes the kernel rebuild it.
// 2: no per-field prefixed copies and no unique-id term (no query used them); 3: bodies unstemmed;
// 4: no positions when phrases are verified against the source (SearchIndexOptions::source_root).
constexpr std::string_view kSchemaVersion = "4";
const std::string kSchemaKey = "ax.schema";
const std::string kGenerationKey = "ax.generation";

constexpr Xapian::valueno kPathSlot = 0;  // the path, to sort filter-only results and resolve long paths
constexpr Xapian::valueno kLineSlot = 1;  // sortable_serialise(line)

// How much one occurrence counts in each field. The free-text (unprefixed) terms carry every field at
// these weights, so BM25 ranks a name match above the same word in a signature, doc comment or body.
// Fields have no prefixed copies of their own: no query restricts a word to one field (name lookups
// are the symbol store's job), and the copies cost a third of the index.
struct FieldSpec {
  Xapian::termcount wdf;
  bool stemmed;  // doc comments hold prose; identifiers are not stemmed
};
constexpr FieldSpec kNameField{8, false};
constexpr FieldSpec kQualifiedField{4, false};
constexpr FieldSpec kSignatureField{3, false};
constexpr FieldSpec kDocField{2, true};
// Code is mostly identifiers: stemming it doubled the body's terms (a fifth of the indexing time) and
// did not move MRR@10 on scripts/bench/relevance.py.
constexpr FieldSpec kBodyField{1, false};
// Position gap between fields, larger than any phrase, so that a phrase never spans two fields.
constexpr Xapian::termpos kFieldGap = 100;

// BM25 for documents that are short and whose term frequencies are inflated by the field weights: a
// k1 above the usual 1.2 keeps the name weight (wdf 8) clearly apart from a single body hit before
// saturation, and b below 0.75 stops long bodies from burying a name match.
constexpr double kBm25K1 = 2.0;
constexpr double kBm25K2 = 0;  // no query-length correction
constexpr double kBm25K3 = 1;  // repeated query words count, but saturate
constexpr double kBm25B = 0.5;
constexpr double kBm25MinNormLen = 0.5;
// A stem match ("parsing" finding "parsed") counts half the word itself; the exact-name term
// adds to the name's own terms when a query word is the whole name.
constexpr double kStemWeight = 0.5;
constexpr double kExactNameWeight = 2.0;

constexpr int kReadAttempts = 3;

const std::string kChunkKind = "chunk";

// Lines first..last (1-based, inclusive) of a file; nullopt when it cannot be read.
std::optional<std::string> read_lines(const fs::path& file, std::uint32_t first, std::uint32_t last) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text, line;
  for (std::uint32_t number = 1; number <= last && std::getline(in, line); ++number)
    if (number >= first) (text += line) += '\n';
  return text;
}

// Whether `needle` occurs as consecutive elements of `haystack`.
bool contains_sequence(const std::vector<std::string>& haystack, const std::vector<std::string>& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}  // reopen and retry when a writer recycled the blocks being read

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

bool has_term(const Xapian::Document& document, const std::string& term) {
  auto it = document.termlist_begin();
  it.skip_to(term);
  return it != document.termlist_end() && *it == term;
}

// What tells two documents of one file apart: the Q term's value.
std::string document_key(const sdk::SearchDocument& document) {
  std::string key = std::to_string(document.line);
  key += '\0';
  key += document.kind;
  key += '\0';
  key += document.name;
  return key;
}

// What a document keeps of `source` as its data: everything but the body, which is indexed, not
// kept (results show text read from the file).
sdk::SearchDocument stored_fields(std::string_view path, const sdk::SearchDocument& source) {
  sdk::SearchDocument stored;
  stored.symbol_id = source.symbol_id;
  stored.path = path;
  stored.language = source.language;
  stored.kind = source.kind;
  stored.name = source.name;
  stored.qualified_name = source.qualified_name;
  stored.signature = source.signature;
  stored.doc = source.doc;
  stored.line = source.line;
  stored.end_line = source.end_line;
  return stored;
}

// The terms one free query word stands for.
struct WordTerms {
  std::set<std::string> exact;  // the word whole (and its compounds), or its only part; unstemmed
  std::set<std::string> parts;  // the sub-words of a compound word: all must match together
  std::string exact_name;       // XI term: the word is a whole symbol name
};

// Turns text into terms, the same way for documents and for queries.
class Analyzer {
 public:
  Analyzer() : stemmer_("english") {
    generator_.set_stemmer(stemmer_);
    generator_.set_max_word_length(kMaxWordBytes);
  }

  // The terms and values of `source`, without its data (stored_fields). `positions` false: no term
  // positions at all (phrases are then verified against the fields kept in the document data, and
  // a chunk's text read back from its file).
  Xapian::Document build(std::string_view path, const sdk::SearchDocument& source, bool positions) {
    Xapian::Document document;
    generator_.set_document(document);
    generator_.set_termpos(0);
    positions_ = positions;

    index_field(document, source.name, kNameField);
    const std::string name = lower_case(source.name);
    if (!name.empty()) {
      document.add_term(bounded_term(prefix::exact_name, name));
      // Names such as "operator==", "C++" or "foo.bar" are not one word to the tokenizer.
      if (name.size() <= kMaxWordBytes && !has_term(document, name)) document.add_term(name, kNameField.wdf);
    }
    index_field(document, source.qualified_name, kQualifiedField);
    const std::string qualified = lower_case(source.qualified_name);
    if (qualified != name && qualified.size() <= kMaxWordBytes && !qualified.empty() && !has_term(document, qualified))
      document.add_term(qualified, kQualifiedField.wdf);
    index_field(document, source.signature, kSignatureField);
    index_field(document, source.doc, kDocField);
    index_field(document, source.body, kBodyField);

    for (const auto& term : path_terms(path)) document.add_boolean_term(term);
    if (!source.language.empty())
      document.add_boolean_term(bounded_term(prefix::language, lower_case(source.language)));
    if (!source.kind.empty()) document.add_boolean_term(bounded_term(prefix::kind, lower_case(source.kind)));

    document.add_value(kPathSlot, std::string(path));
    document.add_value(kLineSlot, Xapian::sortable_serialise(source.line));
    return document;
  }

  WordTerms word_terms(std::string_view word) {
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    const SplitText split = split_identifiers(word);
    generator_.index_text(split.text);

    WordTerms terms;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) terms.parts.insert(*it);
    if (terms.parts.empty()) return terms;  // punctuation only: nothing to look for
    // A one-part word is its own term; a compound ("ignored_by_gitignore") must not match text that
    // merely has one of its parts ("by"), so its parts only count together.
    if (terms.parts.size() == 1) terms.exact = std::move(terms.parts), terms.parts.clear();
    terms.exact.insert(split.compounds.begin(), split.compounds.end());
    const std::string whole = lower_case(word);
    if (whole.size() <= kMaxWordBytes) terms.exact.insert(whole);
    terms.exact_name = bounded_term(prefix::exact_name, whole);
    return terms;
  }

  // The term stemmed fields hold beside `term` ("Z" + stem); it may not exist in the index at all.
  std::string stemmed_term(const std::string& term) const {
    std::string stemmed(1, 'Z');
    stemmed += stemmer_(term);
    return stemmed;
  }

  // The phrase's terms in order, as they sit in positions of indexed text.
  std::vector<std::string> phrase_terms(std::string_view phrase) {
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.set_termpos(0);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    generator_.index_text(split_identifiers(phrase).text);

    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it)
      for (auto position = it.positionlist_begin(); position != it.positionlist_end(); ++position)
        positioned.emplace_back(*position, *it);
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> terms;
    terms.reserve(positioned.size());
    for (auto& [position, term] : positioned) terms.push_back(std::move(term));
    return terms;
  }

 private:
  void index_field(Xapian::Document& document, std::string_view text, const FieldSpec& field) {
    if (text.empty()) return;
    const SplitText split = split_identifiers(text);
    generator_.set_stemming_strategy(field.stemmed ? Xapian::TermGenerator::STEM_SOME
                                                   : Xapian::TermGenerator::STEM_NONE);
    if (positions_)
      generator_.index_text(split.text, field.wdf);
    else
      generator_.index_text_without_positions(split.text, field.wdf);
    for (const auto& compound : split.compounds) document.add_term(compound, field.wdf);
    generator_.increase_termpos(kFieldGap);
  }

  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
  bool positions_ = true;
};

Xapian::Query any_of(const std::vector<Xapian::Query>& queries) {
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

// The boolean terms for lang:/kind: values ("Python" and "python" are the same language).
std::vector<Xapian::Query> value_terms(std::string_view term_prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& value : values)
    if (!value.empty()) terms.emplace_back(bounded_term(term_prefix, lower_case(value)));
  return terms;
}

// A file's documents as prepare_file left them: analysed, their data still to be set once the
// symbol ids are known. Repeated documents (the same key) are already dropped.
class PreparedXapianFile final : public sdk::PreparedSearchFile {
 public:
  struct Entry {
    Xapian::Document terms;
    sdk::SearchDocument stored;
    std::size_t position;  // in the documents given to prepare_file
  };
  std::string path;
  std::vector<Entry> entries;
};

class XapianSearchIndex final : public sdk::SearchIndex,
                                public sdk::SearchIndexMaintenance,
                                public sdk::PreparingSearchIndex {
 public:
  XapianSearchIndex(fs::path directory, SearchIndexOptions options)
      : directory_(std::move(directory)), options_(options) {}

  std::uint64_t generation() override {
    return read("read the index generation", [&]() -> std::uint64_t {
      Xapian::Database* database = reader();
      if (database == nullptr || database->get_metadata(kSchemaKey) != kSchemaVersion) return 0;
      const std::string value = database->get_metadata(kGenerationKey);
      std::uint64_t generation = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), generation);
      if (error != std::errc() || end != value.data() + value.size()) return 0;
      return generation;
    });
  }

  void put_file(std::string_view path, const std::vector<sdk::SearchDocument>& documents) override {
    PreparedXapianFile prepared = prepare(analyzer_, path, documents);
    add_prepared(prepared, {});
  }

  std::unique_ptr<sdk::PreparedSearchFile> prepare_file(
      std::string_view path, const std::vector<sdk::SearchDocument>& documents) const override {
    Analyzer analyzer;  // per call: analyzers are not thread-safe, and one costs little next to a file
    return std::make_unique<PreparedXapianFile>(prepare(analyzer, path, documents));
  }

  void put_prepared_file(std::string_view path, std::unique_ptr<sdk::PreparedSearchFile> prepared,
                         const std::vector<std::uint64_t>& symbol_ids) override {
    auto* mine = dynamic_cast<PreparedXapianFile*>(prepared.get());
    if (mine == nullptr || mine->path != path)
      throw std::invalid_argument("put_prepared_file: not prepared by this index for " + std::string(path));
    add_prepared(*mine, symbol_ids);
  }

  void remove_file(std::string_view path) override {
    write("remove " + std::string(path), [&] {
      forget_file(writer(), path);
      new_paths_.erase(std::string(path));
    });
  }

  // Rebuilds start here, so this is fast rather than transactional: the database is recreated empty
  // at once (visible to readers as an empty index at generation 0 until the rebuild commits), which
  // also recovers a corrupt directory. Deleting documents one by one costs about as much as adding them.
  void remove_all() override {
    write("clear the index", [&] { recreate_empty(); });
  }

  bool try_remove_all() override {
    bool locked_out = false;
    write("clear the index", [&] {
      try {
        recreate_empty();
      } catch (const Xapian::DatabaseLockError&) {
        locked_out = true;  // Xapian takes the lock before it touches any file: nothing changed
      }
    });
    return !locked_out;
  }

  std::optional<std::string> find_damage() override {
    std::error_code error;
    if (!fs::exists(directory_, error) || fs::is_empty(directory_, error)) return std::nullopt;
    for (int attempt = 1; attempt <= kReadAttempts; ++attempt) {
      // The check reads tables one after another: a commit in between can look like damage, so a
      // finding only counts when no commit happened while checking.
      std::optional<Xapian::rev> before;
      std::optional<std::string> damage;
      try {
        before = Xapian::Database(directory_.string()).get_revision();
        const std::size_t errors = Xapian::Database::check(directory_.string(), 0, nullptr);
        if (errors == 0) return std::nullopt;
        damage = std::to_string(errors) + " inconsistencies found by a full check";
      } catch (const Xapian::DatabaseModifiedError&) {
        continue;
      } catch (const Xapian::Error& failure) {
        damage = failure.get_description();
      }
      if (!before || !committed_since(*before)) return damage_description(*damage);
    }
    return std::nullopt;  // a writer keeps committing: what looked damaged was being rewritten
  }

  void commit(std::uint64_t generation) override {
    write("commit", [&] {
      Xapian::WritableDatabase& database = writer();
      database.set_metadata(kSchemaKey, std::string(kSchemaVersion));
      database.set_metadata(kGenerationKey, std::to_string(generation));
      database.commit_transaction();
      committed_revision_ = database.get_revision();
      rebuilding_ = false;
      // Release the write lock: other processes may index between our commits.
      database.close();
      writer_.reset();
    });
  }

  std::vector<sdk::SearchHit> search(const sdk::SearchQuery& query) override {
    return read("search", [&] { return run_search(query); });
  }

 private:
  // Runs a read, reopening when a concurrent commit recycled what it was reading, and turns every
  // failure into a StoreError.
  template <class Read>
  auto read(std::string_view action, Read&& run) -> decltype(run()) {
    for (int attempt = 1;; ++attempt) {
      try {
        return run();
      } catch (const Xapian::DatabaseModifiedError& error) {
        // Only a commit since the read began may discard its blocks; without one, they are damaged.
        const bool committed_since = reader_ && reader_->reopen();
        if (!committed_since) {
          reader_.reset();
          throw damaged_error(error.get_description());
        }
        if (attempt == kReadAttempts) throw_store_error(action, error);
      } catch (const Xapian::Error& error) {
        reader_.reset();
        throw_store_error(action, error);
      } catch (const DocumentDecodeError& error) {
        throw damaged_error(error.what());
      }
    }
  }

  // Runs a change; on failure the uncommitted transaction is abandoned (the writer is closed, which
  // cancels it) and the error becomes a StoreError.
  template <class Write>
  void write(std::string_view action, Write&& run) {
    try {
      run();
    } catch (const Xapian::Error& error) {
      abandon_writer();
      throw_store_error(action, error);
    } catch (const fs::filesystem_error& error) {
      abandon_writer();
      throw sdk::StoreError(one_line("search index at " + directory_.string() + ": cannot " + std::string(action) +
                                     ": " + error.code().message()));
    }
  }

  void abandon_writer() {
    writer_.reset();
    tracking_new_paths_ = false;
    rebuilding_ = false;
  }

  // Throws the StoreError (a SearchIndexDamagedError for damage) that tells the user about `error`.
  [[noreturn]] void throw_store_error(std::string_view action, const Xapian::Error& error) const {
    const std::string where = "search index at " + directory_.string();
    // Xapian::Error is not polymorphic: its type name tells the subclasses apart.
    const std::string_view type = error.get_type();
    if (type == "DatabaseLockError")
      throw sdk::StoreError(one_line(where + " is locked by another writer (" + error.get_description() + ")"));
    if (is_damage(type)) throw damaged_error(error.get_description());
    throw sdk::StoreError(one_line(where + ": cannot " + std::string(action) + ": " + error.get_description()));
  }

  // Whether the database has a revision other than `revision` (or can no longer be opened: not a commit).
  bool committed_since(Xapian::rev revision) const {
    try {
      return Xapian::Database(directory_.string()).get_revision() != revision;
    } catch (const Xapian::Error&) {
      return false;
    }
  }

  // The errors a damaged database gives. A search may only meet documents that exist, so a missing
  // one (DocNotFoundError) means a posting list points at nothing; "DatabaseError" is what the block
  // checks throw for bad block contents.
  static bool is_damage(std::string_view type) {
    return type == "DatabaseOpeningError" || type == "DatabaseNotFoundError" || type == "DatabaseVersionError" ||
           type == "DatabaseCorruptError" || type == "DatabaseError" || type == "DocNotFoundError" ||
           type == "SerialisationError" || type == "RangeError";
  }

  std::string damage_description(const std::string& detail) const {
    return one_line("search index at " + directory_.string() + " is corrupt or unreadable (" + detail + ")");
  }

  sdk::SearchIndexDamagedError damaged_error(const std::string& detail) const {
    return sdk::SearchIndexDamagedError(damage_description(detail));
  }

  // Analyses a file's documents. They are told apart by their Q term; a repeated one is stored once.
  // Deduplicating here lets add_document do the work of the much slower replace_document(term).
  PreparedXapianFile prepare(Analyzer& analyzer, std::string_view path,
                             const std::vector<sdk::SearchDocument>& documents) const {
    PreparedXapianFile prepared;
    prepared.path = path;
    prepared.entries.reserve(documents.size());
    std::set<std::string> keys;
    try {
      for (std::size_t i = 0; i < documents.size(); ++i)
        if (keys.insert(document_key(documents[i])).second)
          prepared.entries.push_back(
              {analyzer.build(path, documents[i], !options_.source_root), stored_fields(path, documents[i]), i});
    } catch (const Xapian::Error& error) {
      throw sdk::StoreError(one_line("search index at " + directory_.string() + ": cannot index " + std::string(path) +
                                     ": " + error.get_description()));
    }
    return prepared;
  }

  // Replaces the documents of the prepared file's path with them; symbol_ids[i] is the symbol id of
  // the i-th document given to prepare.
  void add_prepared(PreparedXapianFile& prepared, const std::vector<std::uint64_t>& symbol_ids) {
    write("index " + prepared.path, [&] {
      Xapian::WritableDatabase& database = writer();
      forget_file(database, prepared.path);
      for (auto& entry : prepared.entries) {
        if (entry.position < symbol_ids.size()) entry.stored.symbol_id = symbol_ids[entry.position];
        entry.terms.set_data(encode_document(entry.stored));
        database.add_document(entry.terms);
      }
      if (tracking_new_paths_) new_paths_.emplace(prepared.path);
      if (rebuilding_) {
        rebuild_pending_ += prepared.entries.size();
        if (rebuild_pending_ >= options_.rebuild_flush_documents) {
          database.commit_transaction();  // no generation recorded: the index stays at 0
          database.begin_transaction();
          rebuild_pending_ = 0;
        }
      }
    });
  }

  // Recreates the database empty and starts a rebuild's transaction; throws DatabaseLockError,
  // having changed nothing, when another process holds the write lock.
  void recreate_empty() {
    writer_.reset();  // drops uncommitted changes and the lock
    reader_.reset();
    fs::create_directories(directory_);
    writer_.emplace(directory_.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    writer_->begin_transaction();
    tracking_new_paths_ = true;
    new_paths_.clear();
    rebuilding_ = true;
    rebuild_pending_ = 0;
  }

  // The read-only view of the last commit; nullptr while no index exists.
  Xapian::Database* reader() {
    if (reader_) {
      reader_->reopen();
      return &*reader_;
    }
    std::error_code error;
    if (!fs::exists(directory_, error) || fs::is_empty(directory_, error)) return nullptr;
    reader_.emplace(directory_.string());
    return &*reader_;
  }

  Xapian::WritableDatabase& writer() {
    if (!writer_) {
      fs::create_directories(directory_);
      writer_.emplace(directory_.string(), Xapian::DB_CREATE_OR_OPEN);
      // What this object learnt about absent paths still holds if nobody wrote since our last commit.
      if (!tracking_new_paths_ || writer_->get_revision() != committed_revision_) {
        tracking_new_paths_ = writer_->get_doccount() == 0;
        new_paths_.clear();
      }
      // One transaction up to commit(): Xapian would otherwise flush every 10000 changes on its own,
      // making documents visible without the generation they belong to.
      writer_->begin_transaction();
    }
    return *writer_;
  }

  // Deletes the documents of `path`. Skipped while filling an index that started this transaction
  // empty and has not seen the path yet: delete_document(term) costs about a quarter of indexing a
  // file even when the term is absent, which would slow every rebuild by as much.
  void forget_file(Xapian::WritableDatabase& database, std::string_view path) {
    if (tracking_new_paths_ && !new_paths_.contains(std::string(path))) return;
    database.delete_document(bounded_term(prefix::path, path));
  }

  // Every indexed path, from the XP terms (and the path value for the few too long to be a term).
  static std::vector<std::string> indexed_paths(const Xapian::Database& database) {
    std::vector<std::string> paths;
    const std::string path_prefix(prefix::path);
    for (auto it = database.allterms_begin(path_prefix); it != database.allterms_end(path_prefix); ++it) {
      const std::string term = *it;
      if (!is_shortened_term(term)) {
        paths.push_back(term.substr(path_prefix.size()));
        continue;
      }
      const auto posting = database.postlist_begin(term);
      if (posting != database.postlist_end(term)) paths.push_back(database.get_document(*posting).get_value(kPathSlot));
    }
    return paths;
  }

  // The terms that select the paths matching any of `patterns`; nullopt when no pattern constrains.
  static std::optional<std::vector<Xapian::Query>> path_terms_matching(
      const Xapian::Database& database, const std::vector<std::string>& patterns,
      std::optional<std::vector<std::string>>& paths_cache) {
    std::set<std::string> terms;
    bool constrained = false;
    for (const auto& text : patterns) {
      const auto pattern = PathPattern::parse(text);
      if (!pattern) continue;
      constrained = true;
      if (auto term = pattern->direct_term()) {
        terms.insert(std::move(*term));
        continue;
      }
      if (!paths_cache) paths_cache = indexed_paths(database);
      for (const auto& path : *paths_cache)
        if (pattern->matches(path)) terms.insert(pattern->covering_term(path));
    }
    if (!constrained) return std::nullopt;
    return std::vector<Xapian::Query>(terms.begin(), terms.end());
  }

  std::optional<Xapian::Query> text_query(const sdk::SearchQuery& query) {
    std::vector<Xapian::Query> words;
    for (const auto& word : query.words) {
      const WordTerms terms = analyzer_.word_terms(word);
      if (terms.exact.empty() && terms.parts.empty()) continue;
      std::vector<Xapian::Query> alternatives;
      if (!terms.parts.empty())
        alternatives.emplace_back(Xapian::Query::OP_AND, terms.parts.begin(), terms.parts.end());
      for (const auto& term : terms.exact) {
        alternatives.emplace_back(term);
        // The stem only stands in where the word itself is absent: prose that says "parsed" is found
        // by "parse", but a body that says "parse" does not count it twice.
        const Xapian::Query inflected(Xapian::Query::OP_AND_NOT, Xapian::Query(analyzer_.stemmed_term(term)),
                                      Xapian::Query(term));
        alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, inflected, kStemWeight);
      }
      alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(terms.exact_name), kExactNameWeight);
      words.push_back(any_of(alternatives));
    }
    std::vector<Xapian::Query> phrases;
    for (const auto& phrase : query.phrases) {
      const std::vector<std::string> terms = analyzer_.phrase_terms(phrase);
      if (terms.size() == 1) phrases.emplace_back(terms.front());
      if (terms.size() <= 1) continue;
      // Without positions, documents holding every word are candidates, verified in run_search.
      if (options_.source_root)
        phrases.emplace_back(Xapian::Query::OP_AND, terms.begin(), terms.end());
      else
        phrases.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    }

    if (words.empty() && phrases.empty()) {
      // Only filters: every document. Words or phrases that hold no searchable text match nothing.
      if (query.words.empty() && query.phrases.empty()) return Xapian::Query::MatchAll;
      return std::nullopt;
    }
    if (phrases.empty()) return any_of(words);
    const Xapian::Query required(Xapian::Query::OP_AND, phrases.begin(), phrases.end());
    if (words.empty()) return required;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, any_of(words));
  }

  std::vector<sdk::SearchHit> run_search(const sdk::SearchQuery& query) {
    Xapian::Database* database = reader();
    if (database == nullptr || query.limit == 0) return {};
    std::optional<Xapian::Query> text = text_query(query);
    if (!text) return {};
    // Filter-only queries have no scores to rank by: list them by location instead.
    const bool ranked = !query.words.empty() || !query.phrases.empty();

    Xapian::Query combined = *text;
    auto include = [&](const std::vector<Xapian::Query>& any) {
      combined = Xapian::Query(Xapian::Query::OP_FILTER, combined, any_of(any));
    };
    auto exclude = [&](const std::vector<Xapian::Query>& any) {
      combined = Xapian::Query(Xapian::Query::OP_AND_NOT, combined, any_of(any));
    };
    for (const auto& [term_prefix, filter] :
         {std::pair{prefix::language, &query.languages}, std::pair{prefix::kind, &query.kinds}}) {
      if (auto terms = value_terms(term_prefix, filter->include); !terms.empty()) include(terms);
      if (auto terms = value_terms(term_prefix, filter->exclude); !terms.empty()) exclude(terms);
    }
    std::optional<std::vector<std::string>> paths;
    if (auto terms = path_terms_matching(*database, query.paths.include, paths)) {
      if (terms->empty()) return {};  // no indexed path matches
      include(*terms);
    }
    if (auto terms = path_terms_matching(*database, query.paths.exclude, paths); terms && !terms->empty())
      exclude(*terms);

    Xapian::Enquire enquire(*database);
    enquire.set_query(combined);
    Xapian::MultiValueKeyMaker by_location;
    if (ranked) {
      enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, kBm25K2, kBm25K3, kBm25B, kBm25MinNormLen));
    } else {
      by_location.add_value(kPathSlot);
      by_location.add_value(kLineSlot);
      enquire.set_sort_by_key(&by_location, false);
    }
    constexpr std::size_t kMaxCount = std::numeric_limits<Xapian::doccount>::max();
    const std::size_t first = std::min(query.offset, kMaxCount);
    const std::size_t count = std::min(query.limit, kMaxCount - first);
    std::vector<std::vector<std::string>> phrases;
    if (options_.source_root)
      for (const auto& phrase : query.phrases)
        if (auto terms = analyzer_.phrase_terms(phrase); terms.size() > 1) phrases.push_back(std::move(terms));
    std::vector<sdk::SearchHit> hits;
    if (phrases.empty()) {
      const Xapian::MSet matches =
          enquire.get_mset(static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(count));
      hits.reserve(matches.size());
      for (auto it = matches.begin(); it != matches.end(); ++it)
        hits.push_back(sdk::SearchHit{decode_document(it.get_document().get_data()), it.get_weight()});
      return hits;
    }
    // Chunk candidates are kept only when their text holds the phrases: fetch ranked matches in
    // growing windows until offset + limit of them are verified or the matches run out.
    const std::size_t wanted = first + count;
    std::size_t examined = 0;
    for (std::size_t window = std::max<std::size_t>(2 * wanted, 32);; window = std::min(window * 4, kMaxCount)) {
      const Xapian::MSet matches =
          enquire.get_mset(static_cast<Xapian::doccount>(examined), static_cast<Xapian::doccount>(window - examined));
      for (auto it = matches.begin(); it != matches.end() && hits.size() < wanted; ++it) {
        sdk::SearchDocument document = decode_document(it.get_document().get_data());
        if (holds(document, phrases)) hits.push_back(sdk::SearchHit{std::move(document), it.get_weight()});
      }
      examined += matches.size();
      if (hits.size() >= wanted || examined < window || window == kMaxCount) break;
    }
    hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(first, hits.size())));
    return hits;
  }

  // Whether the document holds every phrase (its terms in a row) within one field: a chunk's text
  // is read back from its file, a symbol's fields are in the document data.
  bool holds(const sdk::SearchDocument& document, const std::vector<std::vector<std::string>>& phrases) {
    std::vector<std::vector<std::string>> fields;
    if (document.kind == kChunkKind) {
      const auto text = read_lines(*options_.source_root / document.path, document.line, document.end_line);
      if (!text) return false;  // gone since it was indexed
      fields.push_back(analyzer_.phrase_terms(*text));
    } else {
      for (const std::string* field : {&document.name, &document.qualified_name, &document.signature, &document.doc})
        if (!field->empty()) fields.push_back(analyzer_.phrase_terms(*field));
    }
    return std::all_of(phrases.begin(), phrases.end(), [&](const auto& phrase) {
      return std::any_of(fields.begin(), fields.end(),
                         [&](const auto& terms) { return contains_sequence(terms, phrase); });
    });
  }

  fs::path directory_;
  SearchIndexOptions options_;
  std::optional<Xapian::WritableDatabase> writer_;
  std::optional<Xapian::Database> reader_;
  Analyzer analyzer_;
  // While the database was empty when this object started writing to it: the paths indexed since.
  bool tracking_new_paths_ = false;
  std::unordered_set<std::string> new_paths_;
  Xapian::rev committed_revision_ = 0;
  // Between remove_all() and commit(): documents added since the last flush.
  bool rebuilding_ = false;
  std::size_t rebuild_pending_ = 0;
};

}  // namespace

std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory,
                                                    SearchIndexOptions options) {
  return std::make_unique<XapianSearchIndex>(directory, options);
}

}  // namespace ax::storage::xapian
