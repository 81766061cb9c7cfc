#include "search_index.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <ax/sdk/caller_thread_writes.hpp>
#include <ax/sdk/file.hpp>
#include <ax/sdk/hash.hpp>

#include "document_codec.hpp"
#include "path_filter.hpp"
#include "task_thread.hpp"
#include "terms.hpp"

namespace ax::storage::xapian {
namespace {

namespace fs = std::filesystem;

// Bumped whenever terms or document data change meaning; an index with another schema reports
// generation 0, which makes the kernel rebuild it.
// 2: no per-field prefixed copies and no unique-id term (no query used them); 3: bodies unstemmed;
// 4: no positions when phrases are verified against the source (SearchIndexOptions::source_root);
// 5: no directory, segment or base-name terms (file: patterns are decided on the path value);
// 6: no path in the document data (it is the path value); 7: one document per chunk, holding the
// symbols that start in it; 8: no whole-identifier terms from chunk bodies.
constexpr std::string_view kSchemaVersion = "8";
const std::string kSchemaKey = "ax.schema";
const std::string kGenerationKey = "ax.generation";
// Present (in shard 0) once commits write only the shards a batch changed, shard 0 last: then shard
// 0's generation is the index's, and a shard ahead of it was committed by a batch that did not finish.
const std::string kCommitOrderKey = "ax.commit_order";
constexpr std::string_view kShardZeroLast = "shard-0-last";

constexpr Xapian::valueno kPathSlot = 0;  // the path: sorts filter-only results, decides file: patterns
constexpr Xapian::valueno kLineSlot = 1;  // sortable_serialise(line)

// How much one occurrence counts in each field. The free-text (unprefixed) terms carry every field at
// these weights, so BM25 ranks a name match above the same word in a signature, doc comment or body.
// Fields have no prefixed copies of their own: no query restricts a word to one field (name lookups
// are the symbol store's job), and the copies cost a third of the index.
struct FieldSpec {
  Xapian::termcount wdf;
  bool stemmed;    // doc comments hold prose; identifiers are not stemmed
  bool compounds;  // split identifiers are also indexed whole ("parsehttprequest")
};
constexpr FieldSpec kNameField{8, false, true};
constexpr FieldSpec kQualifiedField{4, false, true};
constexpr FieldSpec kSignatureField{3, false, true};
constexpr FieldSpec kDocField{2, true, true};
// Code is mostly identifiers: stemming it doubled the body's terms (a fifth of the indexing time) and
// did not move MRR@10 on scripts/bench/relevance.py. Its identifiers are indexed as their sub-words
// only: the whole ones were a tenth of the index's postings and most of its vocabulary, and a query
// for a split identifier matches its sub-words together anyway.
constexpr FieldSpec kBodyField{1, false, false};
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

// Every symbol adds one occurrence of this term to its document: its collection frequency counts the
// symbols, which the ranking's average document length needs (a document holds several).
const std::string kSymbolCountTerm = "XS";

// What a document keeps of a symbol as data: no body (indexed, not kept), path or language (the
// document's).
sdk::SearchDocument stored_symbol(const sdk::SearchDocument& source) {
  sdk::SearchDocument stored;
  stored.symbol_id = source.symbol_id;
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
// fsync of one file or directory; a file gone meanwhile (a commit replaced it) is no error.
void flush_to_disk(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return;
    throw fs::filesystem_error("cannot open", path, std::error_code(errno, std::generic_category()));
  }
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) throw fs::filesystem_error("cannot flush", path, std::error_code(error, std::generic_category()));
}

// The terms of one document (or of one part of it), each once with its summed wdf, gathered before
// Xapian sees any: a Xapian::Document looks its term up in a std::map on every add, and most words of
// a chunk repeat.
class TermCounts {
 public:
  void add(std::string_view term, Xapian::termcount wdf) {
    if (const auto it = counts_.find(term); it != counts_.end())
      it->second += wdf;
    else
      counts_.emplace(term, wdf);
  }
  void add(const TermCounts& other) {
    for (const auto& [term, wdf] : other.counts_) add(term, wdf);
  }
  // The terms of a document the TermGenerator filled.
  void add(const Xapian::Document& document) {
    for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) add(*it, it.get_wdf());
  }
  bool contains(std::string_view term) const { return counts_.find(term) != counts_.end(); }
  std::optional<Xapian::termcount> wdf(std::string_view term) const {
    const auto it = counts_.find(term);
    if (it == counts_.end()) return std::nullopt;
    return it->second;
  }
  // The length of a document holding these terms: their summed wdf.
  Xapian::termcount length() const {
    Xapian::termcount total = 0;
    for (const auto& entry : counts_) total += entry.second;
    return total;
  }
  void add_to(Xapian::Document& document) const {
    for (const auto& [term, wdf] : counts_) document.add_term(term, wdf);
  }
  void clear() { counts_.clear(); }

 private:
  struct Hash {
    using is_transparent = void;
    // Terms are short: FNV-1a hashes them in fewer instructions than std::hash's murmur.
    std::size_t operator()(std::string_view text) const noexcept { return sdk::fnv1a64(text); }
  };
  std::unordered_map<std::string, Xapian::termcount, Hash, std::equal_to<>> counts_;
};

// A Xapian document the TermGenerator fills with positions, offering what TermCounts offers to the
// analysis of names.
struct PositionedTerms {
  Xapian::Document& document;
  void add(std::string_view term, Xapian::termcount wdf) { document.add_term(std::string(term), wdf); }
  bool contains(const std::string& term) const { return has_term(document, term); }
};

class Analyzer {
 public:
  Analyzer() : stemmer_("english") {
    generator_.set_stemmer(stemmer_);
    generator_.set_max_word_length(kMaxWordBytes);
  }

  // The terms and values of a group's document, without its data: the chunk's body (wdf 1) and each
  // symbol's fields at their weights, summed; positions (when `positions`) a field gap apart. Without
  // positions, phrases are verified against the fields kept in the data and the chunk's text read
  // back from its file. Records the length of the chunk's own words in the group.
  Xapian::Document build(std::string_view path, DocumentGroup& group, std::string_view body, bool positions) {
    Xapian::Document document;
    if (positions)
      add_positioned(document, group, body);
    else
      add_counted(document, group, body);
    for (const auto& symbol : group.symbols) {
      document.add_term(kSymbolCountTerm);
      if (!symbol.kind.empty()) document.add_boolean_term(bounded_term(prefix::kind, lower_case(symbol.kind)));
    }
    if (group.has_chunk) document.add_boolean_term(bounded_term(prefix::kind, kChunkKind));
    for (const auto& term : path_terms(path)) document.add_boolean_term(term);
    if (!group.language.empty()) document.add_boolean_term(bounded_term(prefix::language, lower_case(group.language)));
    document.add_value(kPathSlot, std::string(path));
    const std::uint32_t line = group.has_chunk || group.symbols.empty() ? group.line : group.symbols.front().line;
    document.add_value(kLineSlot, Xapian::sortable_serialise(line));
    return document;
  }

  // The free-text terms of one symbol's fields (name, qualified name, signature, doc comment, body),
  // each occurring as often as in the document that holds them; its length is their sum.
  TermCounts symbol_terms(const sdk::SearchDocument& symbol) {
    TermCounts terms;
    count_fields(terms, symbol, symbol.body);
    return terms;
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
  // The document's free-text terms counted, without positions: the chunk's body first (its length is
  // the group's body length), then each symbol's fields.
  void add_counted(Xapian::Document& document, DocumentGroup& group, std::string_view body) {
    TermCounts terms;
    if (group.has_chunk) {
      count_field(terms, body, kBodyField);
      group.body_length = terms.length();
    } else if (!group.symbols.empty()) {
      count_fields(terms, group.symbols.front(), body);  // a symbol outside any chunk may carry text of its own
    }
    for (std::size_t i = group.has_chunk ? 0 : 1; i < group.symbols.size(); ++i)
      count_fields(terms, group.symbols[i], {});
    terms.add_to(document);
  }

  // The document's free-text terms with positions, each part's a field gap after the previous one's.
  void add_positioned(Xapian::Document& document, DocumentGroup& group, std::string_view body) {
    Xapian::termpos next = 0;
    // Adds a part's terms; returns its length.
    const auto merge = [&](const sdk::SearchDocument& part) -> std::uint32_t {
      Xapian::Document terms;
      generator_.set_document(terms);
      generator_.set_termpos(next);
      PositionedTerms positioned{terms};
      add_names(positioned, part);
      position_field(terms, part.signature, kSignatureField);
      position_field(terms, part.doc, kDocField);
      position_field(terms, part.body, kBodyField);
      next = generator_.get_termpos();
      std::uint32_t length = 0;
      for (auto it = terms.termlist_begin(); it != terms.termlist_end(); ++it) {
        for (auto position = it.positionlist_begin(); position != it.positionlist_end(); ++position)
          document.add_posting(*it, *position, 0);
        document.add_term(*it, it.get_wdf());
        length += it.get_wdf();
      }
      return length;
    };
    if (group.has_chunk) {
      sdk::SearchDocument chunk;
      chunk.body = body;
      group.body_length = merge(chunk);
    } else if (!group.symbols.empty()) {
      sdk::SearchDocument symbol = group.symbols.front();
      symbol.body = body;
      merge(symbol);
    }
    for (std::size_t i = group.has_chunk ? 0 : 1; i < group.symbols.size(); ++i) merge(group.symbols[i]);
  }

  // A part's fields counted into `terms`. The names are counted apart first: whether the tokenizer
  // made a whole name one term must not see the other parts' terms.
  void count_fields(TermCounts& terms, const sdk::SearchDocument& source, std::string_view body) {
    if (!source.name.empty() || !source.qualified_name.empty()) {
      names_.clear();
      add_names(names_, source);
      terms.add(names_);
    }
    count_field(terms, source.signature, kSignatureField);
    count_field(terms, source.doc, kDocField);
    count_field(terms, body, kBodyField);
  }

  // The name and qualified name fields of `source`, into `terms` (TermCounts or PositionedTerms).
  template <class Terms>
  void add_names(Terms& terms, const sdk::SearchDocument& source) {
    add_field(terms, source.name, kNameField);
    const std::string name = lower_case(source.name);
    if (!name.empty()) {
      terms.add(bounded_term(prefix::exact_name, name), 1);
      // Names such as "operator==", "C++" or "foo.bar" are not one word to the tokenizer.
      if (name.size() <= kMaxWordBytes && !terms.contains(name)) terms.add(name, kNameField.wdf);
    }
    add_field(terms, source.qualified_name, kQualifiedField);
    const std::string qualified = lower_case(source.qualified_name);
    if (qualified != name && qualified.size() <= kMaxWordBytes && !qualified.empty() && !terms.contains(qualified))
      terms.add(qualified, kQualifiedField.wdf);
  }

  void add_field(TermCounts& terms, std::string_view text, const FieldSpec& field) { count_field(terms, text, field); }
  void add_field(PositionedTerms& terms, std::string_view text, const FieldSpec& field) {
    position_field(terms.document, text, field);
  }

  // One field's words (and stems, for a stemmed field) counted at the field's weight. ASCII text is
  // split here, as the TermGenerator would split it; other text is left to the TermGenerator.
  void count_field(TermCounts& terms, std::string_view text, const FieldSpec& field) {
    if (text.empty()) return;
    const SplitText split = split_identifiers(text, field.compounds ? Compounds::collected : Compounds::skipped);
    const auto add_word = [&](const std::string& word) {
      terms.add(word, field.wdf);
      // As the TermGenerator's STEM_SOME: a stem beside every word that starts with a letter.
      if (!field.stemmed || word.front() < 'a' || word.front() > 'z') return;
      const std::string stem = stemmer_(word);
      if (stem.empty()) return;
      stemmed_.assign(1, 'Z');
      stemmed_ += stem;
      terms.add(stemmed_, field.wdf);
    };
    if (!for_each_ascii_word(split.text, add_word)) {
      Xapian::Document analysed;
      generator_.set_document(analysed);
      generator_.set_stemming_strategy(field.stemmed ? Xapian::TermGenerator::STEM_SOME
                                                     : Xapian::TermGenerator::STEM_NONE);
      generator_.index_text_without_positions(split.text, field.wdf);
      terms.add(analysed);
    }
    for (const auto& compound : split.compounds) terms.add(compound, field.wdf);
  }

  // One field's words with positions into the generator's document `document`, then a field gap.
  void position_field(Xapian::Document& document, std::string_view text, const FieldSpec& field) {
    if (text.empty()) return;
    const SplitText split = split_identifiers(text, field.compounds ? Compounds::collected : Compounds::skipped);
    generator_.set_stemming_strategy(field.stemmed ? Xapian::TermGenerator::STEM_SOME
                                                   : Xapian::TermGenerator::STEM_NONE);
    generator_.index_text(split.text, field.wdf);
    for (const auto& compound : split.compounds) document.add_term(compound, field.wdf);
    generator_.increase_termpos(kFieldGap);
  }

  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
  TermCounts names_;     // scratch of count_fields
  std::string stemmed_;  // scratch of count_field
};

Xapian::Query any_of(const std::vector<Xapian::Query>& queries) {
  return Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
}

// The file: patterns of a query. Those that map to a term of their own ("*.cpp") filter as terms; the
// others are decided per candidate on its path value, each path once: documents carry no directory,
// segment or base-name terms.
class PathFilter final : public Xapian::MatchDecider {
 public:
  PathFilter(const std::vector<std::string>& include, const std::vector<std::string>& exclude) {
    for (const auto& text : include)
      if (auto pattern = PathPattern::parse(text)) include_.push_back(std::move(*pattern));
    for (const auto& text : exclude)
      if (auto pattern = PathPattern::parse(text)) exclude_.push_back(std::move(*pattern));
    // Include patterns are OR-ed: they are all terms or all decided.
    if (std::all_of(include_.begin(), include_.end(), [](const auto& pattern) { return pattern.direct_term(); })) {
      for (const auto& pattern : include_) include_terms_.emplace_back(*pattern.direct_term());
      include_.clear();
    }
    std::erase_if(exclude_, [&](const PathPattern& pattern) {
      auto term = pattern.direct_term();
      if (term) exclude_terms_.emplace_back(std::move(*term));
      return term.has_value();
    });
  }

  // Terms a document's path must have one of (empty: no such constraint), and must have none of.
  const std::vector<Xapian::Query>& include_terms() const { return include_terms_; }
  const std::vector<Xapian::Query>& exclude_terms() const { return exclude_terms_; }
  // Whether some patterns are left to operator().
  bool decides() const { return !include_.empty() || !exclude_.empty(); }

  bool operator()(const Xapian::Document& document) const override {
    auto [verdict, inserted] = verdicts_.try_emplace(document.get_value(kPathSlot), false);
    if (inserted) verdict->second = passes(verdict->first);
    return verdict->second;
  }

 private:
  bool passes(std::string_view path) const {
    const auto matches = [&](const PathPattern& pattern) { return pattern.matches(path); };
    return (include_.empty() || std::any_of(include_.begin(), include_.end(), matches)) &&
           std::none_of(exclude_.begin(), exclude_.end(), matches);
  }

  std::vector<PathPattern> include_, exclude_;
  std::vector<Xapian::Query> include_terms_, exclude_terms_;
  mutable std::unordered_map<std::string, bool> verdicts_;  // by path: a file has many documents
};

// The boolean terms for lang:/kind: values ("Python" and "python" are the same language).
std::vector<Xapian::Query> value_terms(std::string_view term_prefix, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& value : values)
    if (!value.empty()) terms.emplace_back(bounded_term(term_prefix, lower_case(value)));
  return terms;
}

// A query's kind: filter, decided part by part on the kind each stores ("Function" and "function" are
// the same kind).
class KindFilter {
 public:
  explicit KindFilter(const sdk::SearchFilter& kinds) {
    for (const auto& kind : kinds.include) include_.insert(lower_case(kind));
    for (const auto& kind : kinds.exclude) exclude_.insert(lower_case(kind));
  }
  bool filters() const { return !include_.empty() || !exclude_.empty(); }
  bool passes(const std::string& kind) const {
    if (!filters()) return true;
    const std::string lower = lower_case(kind);
    return (include_.empty() || include_.contains(lower)) && !exclude_.contains(lower);
  }

 private:
  std::set<std::string> include_, exclude_;
};

// BM25 of each part of a found document on its own: the chunk's body, and each symbol's fields, as if
// each were a document of the index (which is how the index ranked before symbols shared their
// chunk's document). Xapian ranks the documents; this tells which of their parts the query is about.
class PartScorer {
 public:
  PartScorer(Analyzer& analyzer, const Xapian::Database& database, const sdk::SearchQuery& query,
             const std::vector<std::vector<std::string>>& phrases)
      : analyzer_(analyzer), database_(database) {
    for (const auto& word : query.words) {
      WordTerms terms = analyzer.word_terms(word);
      if (terms.exact.empty() && terms.parts.empty()) continue;
      for (const auto& term : terms.exact) {
        lookups_.insert(term);
        const std::string stemmed = analyzer.stemmed_term(term);
        lookups_.insert(stemmed);
        needles_.insert(term);
        // A stem may end otherwise than the words it stands for ("happi", "hope" for "hoping"), never
        // more than two letters otherwise.
        const std::string stem = stemmed.substr(1);
        needles_.insert(stem.substr(0, std::max<std::size_t>(1, stem.size() - std::min<std::size_t>(2, stem.size()))));
      }
      lookups_.insert(terms.parts.begin(), terms.parts.end());
      needles_.insert(terms.parts.begin(), terms.parts.end());
      lookups_.insert(terms.exact_name);
      words_.push_back(std::move(terms));
    }
    for (const auto& phrase : phrases)
      for (const auto& term : phrase) {
        phrase_terms_.push_back(term);
        lookups_.insert(term);
        needles_.insert(term);
      }
    const double symbols = static_cast<double>(database.get_collection_freq(kSymbolCountTerm));
    const double chunks = static_cast<double>(database.get_termfreq(bounded_term(prefix::kind, kChunkKind)));
    const double length = static_cast<double>(database.get_total_length()) - symbols;
    average_length_ = symbols + chunks > 0 && length > 0 ? length / (symbols + chunks) : 1.0;
    // Parts counted as the documents they stand for: a word's rarity is weighed among all symbols and
    // chunks, as when each had a document (on the relevance benchmark's tune split: MRR@10 0.662
    // against 0.658 counting the documents themselves).
    documents_ = std::max(symbols + chunks, 1.0);
  }

  // The query's terms as `document` has them, with their wdf.
  std::map<std::string, Xapian::termcount> document_terms(const Xapian::Document& document) const {
    std::map<std::string, Xapian::termcount> found;
    auto it = document.termlist_begin();
    for (const auto& term : lookups_) {
      it.skip_to(term);
      if (it == document.termlist_end()) break;
      if (*it == term) found.emplace(term, it.get_wdf());
    }
    return found;
  }

  // False when none of the query's terms can be in the symbol's fields: every term is a lower-cased
  // piece of their text (a stem: all but its last two letters), so this saves analysing them.
  bool may_hold(const sdk::SearchDocument& symbol) const {
    for (const std::string* field : {&symbol.name, &symbol.qualified_name, &symbol.signature, &symbol.doc}) {
      const std::string text = lower_case(*field);
      if (std::any_of(needles_.begin(), needles_.end(),
                      [&](const std::string& needle) { return text.find(needle) != std::string::npos; }))
        return true;
    }
    return false;
  }

  // The query's terms in one symbol's fields, and the fields' length.
  std::pair<std::map<std::string, Xapian::termcount>, double> symbol_terms(const sdk::SearchDocument& symbol) const {
    const TermCounts terms = analyzer_.symbol_terms(symbol);
    std::map<std::string, Xapian::termcount> found;
    for (const auto& term : lookups_)
      if (const auto wdf = terms.wdf(term)) found.emplace(term, *wdf);
    return {std::move(found), static_cast<double>(terms.length())};
  }

  // The score of a part holding `terms` (with their wdf), `length` long.
  double score(const std::map<std::string, Xapian::termcount>& terms, double length) {
    const auto wdf = [&](const std::string& term) -> Xapian::termcount {
      const auto it = terms.find(term);
      return it == terms.end() ? 0 : it->second;
    };
    double total = 0;
    for (const auto& word : words_) {
      for (const auto& term : word.exact) {
        if (const auto occurrences = wdf(term)) {
          total += part(term, occurrences, length);
        } else {
          const std::string stemmed = analyzer_.stemmed_term(term);
          total += kStemWeight * part(stemmed, wdf(stemmed), length);
        }
      }
      if (!word.parts.empty() &&
          std::all_of(word.parts.begin(), word.parts.end(), [&](const auto& term) { return wdf(term) > 0; }))
        for (const auto& term : word.parts) total += part(term, wdf(term), length);
      total += kExactNameWeight * part(word.exact_name, wdf(word.exact_name), length);
    }
    for (const auto& term : phrase_terms_) total += part(term, wdf(term), length);
    return total;
  }

 private:
  // Xapian's BM25Weight for one term (the same parameters, no relevance set, query term count 1).
  double part(const std::string& term, Xapian::termcount wdf, double length) {
    if (wdf == 0) return 0;
    auto [it, fresh] = idf_.try_emplace(term, 0.0);
    if (fresh) {
      const double with = static_cast<double>(database_.get_termfreq(term));
      double ratio = (documents_ - with + 0.5) / (with + 0.5);
      if (ratio < 2) ratio = ratio * 0.5 + 1;
      it->second = std::log(ratio) * (kBm25K1 + 1);
    }
    const double normalised = std::max(length / average_length_, kBm25MinNormLen);
    const double occurrences = static_cast<double>(wdf);
    return it->second * occurrences / (kBm25K1 * (normalised * kBm25B + (1 - kBm25B)) + occurrences);
  }

  Analyzer& analyzer_;
  const Xapian::Database& database_;
  std::vector<WordTerms> words_;
  std::vector<std::string> phrase_terms_;
  std::set<std::string> lookups_;  // every term a part's score reads, in term order
  std::set<std::string> needles_;  // what the text of a symbol holding one of them holds
  std::map<std::string, double> idf_;
  double documents_ = 1;
  double average_length_ = 1;
};

// Keeps a candidate document only when one of its parts may answer the query: a part of a kind the
// query asks for and, ranked, its chunk or a symbol whose stored fields may hold a query word (a
// document that is one symbol's alone also holds its body, which is not stored: its kind decides).
// Decided on the parts' kinds and fields kept in the document's data. The kind terms of a document
// only say that some part has the kind (most chunks of C hold a function): without this, Xapian's
// top documents for a kind: query may be mostly ones without such a part, read and scored part by
// part in ever larger windows (177 M instructions for `kind:function parse` on 100k files).
class PartFilter final : public Xapian::MatchDecider {
 public:
  // `scorer`: null for a query without words; `first`: a decider that must also keep the document.
  PartFilter(const KindFilter& kinds, const PartScorer* scorer, const Xapian::MatchDecider* first)
      : kinds_(kinds), scorer_(scorer), first_(first) {}

  bool operator()(const Xapian::Document& document) const override {
    if (first_ != nullptr && !(*first_)(document)) return false;
    const DocumentGroup group = decode_group(document.get_data(), {});
    if (!group.has_chunk)
      return std::any_of(group.symbols.begin(), group.symbols.end(),
                         [&](const sdk::SearchDocument& symbol) { return kinds_.passes(symbol.kind); });
    if (kinds_.passes(kChunkKind)) return true;
    return std::any_of(group.symbols.begin(), group.symbols.end(), [&](const sdk::SearchDocument& symbol) {
      return kinds_.passes(symbol.kind) && (scorer_ == nullptr || scorer_->may_hold(symbol));
    });
  }

 private:
  const KindFilter& kinds_;
  const PartScorer* scorer_;
  const Xapian::MatchDecider* first_;
};

// A file's documents as prepare_file left them: analysed, their data still to be set once the
// symbol ids are known. Repeated documents (the same key) are already dropped.
class PreparedXapianFile final : public sdk::PreparedSearchFile {
 public:
  struct Entry {
    Xapian::Document terms;
    DocumentGroup stored;
    std::vector<std::size_t> positions;  // of stored.symbols in the documents given to prepare_file
  };
  std::string path;
  std::vector<Entry> entries;
};

// The record of how many shards an index has, beside them.
const std::string kShardCountFile = "shards";
constexpr std::size_t kMaxShards = 64;
// Files queued for one shard's thread: enough to ride out a slow add. An analysed file holds a few
// hundred KB of terms (peak RSS on the Go tree: +54 MB with 64 files a shard, against one writer).
constexpr std::size_t kShardQueueFiles = 8;

// Xapian flushes a writer's buffered changes into its tables every XAPIAN_FLUSH_THRESHOLD changes
// (10000 by default), inside a transaction too, and each flush rewrites the last block of every
// posting list it touches: on a large index that is most of the index, again and again (most of the
// bytes a cold index wrote). Our writers flush only when they commit, which their callers bound
// (the kernel by the text pending, index.search_buffer; a rebuild by rebuild_flush_documents), so
// the count-based flush is moved out of the way. Xapian reads the variable when a writer opens; a
// value the user set is kept. Set while the plugin is loaded (dlopen, from the kernel's thread), not
// when a writer opens: by then parser threads run, and setenv beside another thread's getenv is a race.
[[maybe_unused]] const bool flushing_left_to_commits = ::setenv("XAPIAN_FLUSH_THRESHOLD", "2000000000", 0) == 0;

fs::path shard_directory(const fs::path& directory, std::size_t shard) {
  return directory / ("shard-" + std::to_string(shard));
}

// The shard a path's documents live in: a stable hash of the path, the same in every process and
// build, so that a file is replaced and removed where it was put.
std::size_t shard_of(std::string_view path, std::size_t shards) {
  return static_cast<std::size_t>(sdk::fnv1a64(path) % shards);
}

// The word a query finds a free-text term by: stems carry Xapian's "Z", exact names "XI"; every
// other capitalised prefix marks a filter term, which no word finds (nullopt).
std::optional<std::string> query_word(const std::string& term) {
  if (term.empty()) return std::nullopt;
  if (term.front() == 'Z') return term.substr(1);
  if (term.starts_with(prefix::exact_name)) return term.substr(prefix::exact_name.size());
  if (term.front() >= 'A' && term.front() <= 'Z') return std::nullopt;
  return term;
}

// What the index directory holds: nothing, the one database of earlier ax versions (read as it is,
// reported at generation 0 so that the kernel rebuilds it into shards), or `shards` databases.
struct Layout {
  enum class Kind { none, single, sharded };
  Kind kind = Kind::none;
  std::size_t shards = 0;
  bool operator==(const Layout&) const = default;
};

// One shard's writing side, used only on its own thread while tasks are queued, and by the owner's
// thread once they have all run.
struct Shard {
  // `writes_on_caller`: no thread; changes run on the thread that queues them.
  explicit Shard(bool writes_on_caller) : tasks(kShardQueueFiles, writes_on_caller) {}
  std::optional<Xapian::WritableDatabase> writer;
  Analyzer analyzer;  // for put_file, whose documents are analysed here
  // While the database was empty when this shard started writing to it: the paths indexed since, by
  // their hash (8 bytes a file, not the path: a cold index of a large tree puts every file here). A
  // collision only makes a new path look seen, which costs a lookup that finds nothing; so a removal
  // leaves its hash, which another path may share.
  bool tracking_new_paths = false;
  std::unordered_set<std::uint64_t> new_paths;
  bool seen(std::string_view path) const { return !tracking_new_paths || new_paths.contains(sdk::fnv1a64(path)); }
  Xapian::rev committed_revision = 0;
  bool changed = false;  // since the last commit: only changed shards are committed
  // Between remove_all() and commit(): documents added since the last flush.
  bool rebuilding = false;
  std::size_t rebuild_pending = 0;
  TaskThread tasks;  // last: stopped before the writer goes
};

class XapianSearchIndex final : public sdk::SearchIndex,
                                public sdk::SearchIndexMaintenance,
                                public sdk::PreparingSearchIndex,
                                public sdk::SearchDocumentReader,
                                public sdk::DeferredSync,
                                public sdk::CallerThreadWrites {
 public:
  XapianSearchIndex(fs::path directory, SearchIndexOptions options)
      : directory_(std::move(directory)), options_(std::move(options)) {
    options_.shards = std::clamp<std::size_t>(options_.shards, 1, kMaxShards);
  }
  XapianSearchIndex(const XapianSearchIndex&) = delete;
  XapianSearchIndex& operator=(const XapianSearchIndex&) = delete;
  ~XapianSearchIndex() override {
    // Uncommitted changes are dropped; the write locks go in the reverse of the order taken.
    while (!shards_.empty()) shards_.pop_back();
  }

  // sdk::DeferredSync: Xapian's DB_NO_SYNC on the writers, which open at the first change. Writers
  // open already (a rebuild when the index was opened) keep flushing each commit.
  void defer_sync() override { no_sync_flag_ = Xapian::DB_NO_SYNC; }
  // sdk::CallerThreadWrites: the shards' threads end; their changes and commits run in turn on the
  // caller's thread, in the order they come, as each shard's thread would have run them.
  void write_on_caller_thread() override {
    writes_on_caller_ = true;
    for (auto& shard : shards_) shard->tasks.run_on_caller();
  }

  // Flushes every file of the index, then the directories naming them.
  void sync() override {
    translate("flush to disk", [&] {
      std::error_code missing;
      if (!fs::is_directory(directory_, missing)) return;
      std::vector<fs::path> directories{directory_};
      for (const auto& entry : fs::recursive_directory_iterator(directory_)) {
        if (entry.is_directory())
          directories.push_back(entry.path());
        else if (entry.is_regular_file())
          flush_to_disk(entry.path(), O_RDONLY);
      }
      for (const fs::path& directory : directories) flush_to_disk(directory, O_RDONLY | O_DIRECTORY);
    });
  }

  std::uint64_t generation() override {
    return read("read the index generation", [&]() -> std::uint64_t {
      settle();
      if (reader() == nullptr || layout_.kind != Layout::Kind::sharded) return 0;
      std::vector<std::uint64_t> generations;
      for (auto& shard : shard_readers_) {
        shard.reopen();
        if (shard.get_metadata(kSchemaKey) != kSchemaVersion) return 0;
        const std::string value = shard.get_metadata(kGenerationKey);
        std::uint64_t generation = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), generation);
        if (error != std::errc() || end != value.data() + value.size()) return 0;
        generations.push_back(generation);
      }
      if (generations.empty()) return 0;
      const std::uint64_t index_generation = generations.front();
      if (shard_readers_.front().get_metadata(kCommitOrderKey) == kShardZeroLast) {
        // Each commit wrote the shards it changed, then shard 0: one ahead of shard 0 belongs to a
        // commit that did not finish (a crash between the shards' commits), so none holds.
        for (const std::uint64_t generation : generations)
          if (generation > index_generation) return 0;
        return index_generation;
      }
      // Written by an earlier ax, which committed every shard side by side: all agree, or none holds.
      for (const std::uint64_t generation : generations)
        if (generation != index_generation) return 0;
      return index_generation;
    });
  }

  void put_file(std::string_view path, const std::vector<sdk::SearchDocument>& documents) override {
    Shard& shard = writable_shard(path);
    // Analysed on the shard's thread: a rebuild's files are analysed on as many threads as shards.
    shard.tasks.post([this, &shard, path = std::string(path), documents] {
      PreparedXapianFile prepared = prepare(shard.analyzer, path, documents);
      add_prepared(shard, prepared, {});
    });
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
    Shard& shard = writable_shard(path);
    std::shared_ptr<sdk::PreparedSearchFile> owned = std::move(prepared);  // a task must be copyable
    shard.tasks.post([this, &shard, owned, mine, symbol_ids] { add_prepared(shard, *mine, symbol_ids); });
  }

  void remove_file(std::string_view path) override {
    Shard& shard = writable_shard(path);
    shard.tasks.post(
        [this, &shard, path = std::string(path)] { translate("remove " + path, [&] { forget_file(shard, path); }); });
  }

  // Rebuilds start here, so this is fast rather than transactional: the shards are recreated empty
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
    Layout layout;
    try {
      layout = read_layout();
    } catch (const sdk::SearchIndexDamagedError& damage) {
      return damage.what();
    }
    if (layout.kind == Layout::Kind::none) return std::nullopt;
    const std::vector<fs::path> databases = database_directories(layout);
    for (int attempt = 1; attempt <= kReadAttempts; ++attempt) {
      // The check reads tables one after another: a commit in between can look like damage, so a
      // finding only counts when no commit happened while checking.
      std::vector<Xapian::rev> before;
      std::optional<std::string> damage;
      try {
        for (const auto& database : databases) before.push_back(Xapian::Database(database.string()).get_revision());
        std::size_t errors = 0;
        for (const auto& database : databases) errors += Xapian::Database::check(database.string(), 0, nullptr);
        if (errors == 0) return std::nullopt;
        damage = std::to_string(errors) + " inconsistencies found by a full check";
      } catch (const Xapian::DatabaseModifiedError&) {
        continue;
      } catch (const Xapian::Error& failure) {
        damage = failure.get_description();
      }
      if (before.size() < databases.size() || !committed_since(databases, before)) return damage_description(*damage);
    }
    return std::nullopt;  // a writer keeps committing: what looked damaged was being rewritten
  }

  // The shards a batch changed commit side by side, each on its own thread and recording the
  // generation; then shard 0 commits (changed or not), recording it as the index's. A one-file
  // update then costs one or two shard commits, not one per shard (see generation()).
  void commit(std::uint64_t generation) override {
    open_writers();
    wait_for_shards();
    const auto commit_shard = [this, generation](Shard& shard, bool index_record) {
      translate("commit", [&] {
        shard.writer->set_metadata(kSchemaKey, std::string(kSchemaVersion));
        shard.writer->set_metadata(kGenerationKey, std::to_string(generation));
        if (index_record) shard.writer->set_metadata(kCommitOrderKey, std::string(kShardZeroLast));
        shard.writer->commit_transaction();
        shard.committed_revision = shard.writer->get_revision();
        shard.changed = false;
      });
    };
    std::vector<Shard*> unchanged;
    for (std::size_t i = 1; i < shards_.size(); ++i) {
      Shard& shard = *shards_[i];
      if (shard.changed)
        shard.tasks.post([&commit_shard, &shard] { commit_shard(shard, false); });
      else
        unchanged.push_back(&shard);
    }
    wait_for_shards();
    write("commit", [&] {
      commit_shard(*shards_.front(), true);
      // The shards left alone end their (empty) transactions unchanged; then the write locks go.
      for (Shard* shard : unchanged) shard->writer->cancel_transaction();
      close_writers();
    });
  }

  std::vector<sdk::SearchHit> search(const sdk::SearchQuery& query) override {
    return read("search", [&] {
      settle();
      return run_search(query);
    });
  }

  std::optional<std::vector<sdk::IndexedDocument>> file_documents(std::string_view path) override {
    return read("read a file's documents", [&]() -> std::optional<std::vector<sdk::IndexedDocument>> {
      settle();
      std::vector<sdk::IndexedDocument> documents;
      Xapian::Database* database = reader();
      if (database == nullptr) return documents;
      const std::string path_term = bounded_term(prefix::path, path);
      for (auto posting = database->postlist_begin(path_term); posting != database->postlist_end(path_term);
           ++posting) {
        const Xapian::Document document = database->get_document(*posting);
        sdk::IndexedDocument indexed;
        indexed.length = database->get_doclength(*posting);
        // Without the symbol ids, which every re-indexed symbol gets anew and no answer prints.
        DocumentGroup group = decode_group(document.get_data(), std::string(path));
        for (auto& symbol : group.symbols) symbol.symbol_id = 0;
        indexed.fingerprint = sdk::fnv1a64(encode_group(group));
        indexed.line = group.has_chunk || group.symbols.empty() ? group.line : group.symbols.front().line;
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
          const std::string text = *term;
          auto word = query_word(text);
          if (!word) continue;
          std::string positions;
          for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position)
            positions.append(std::to_string(*position)).push_back(' ');
          indexed.terms.push_back(
              {text, std::move(*word), static_cast<std::uint32_t>(term.get_wdf()), sdk::fnv1a64(positions)});
        }
        documents.push_back(std::move(indexed));
      }
      return documents;
    });
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
          reset_reader();
          throw damaged_error(error.get_description());
        }
        if (attempt == kReadAttempts) throw_store_error(action, error);
      } catch (const Xapian::Error& error) {
        reset_reader();
        throw_store_error(action, error);
      } catch (const DocumentDecodeError& error) {
        throw damaged_error(error.what());
      }
    }
  }

  // Runs a change on this thread; on failure every shard's uncommitted transaction is abandoned (the
  // writers are closed, which cancels them) and the error becomes a StoreError.
  template <class Write>
  void write(std::string_view action, Write&& run) {
    try {
      translate(action, run);
    } catch (...) {
      abandon_writers();
      throw;
    }
  }

  // Runs `run`, turning Xapian and file system errors into StoreErrors (on any thread).
  template <class Run>
  void translate(std::string_view action, Run&& run) const {
    try {
      run();
    } catch (const Xapian::Error& error) {
      throw_store_error(action, error);
    } catch (const fs::filesystem_error& error) {
      throw sdk::StoreError(one_line("search index at " + directory_.string() + ": cannot " + std::string(action) +
                                     ": " + error.code().message()));
    }
  }

  // Waits for every shard's queued changes; when one failed, abandons every shard's uncommitted
  // changes and rethrows the first failure.
  void wait_for_shards() {
    std::exception_ptr failure;
    for (auto& shard : shards_)
      if (auto thrown = shard->tasks.wait(); thrown && !failure) failure = thrown;
    if (!failure) return;
    abandon_writers();
    std::rethrow_exception(failure);
  }

  // Waits for the queued changes without taking their failure, which the next change reports: what
  // this object reads comes after what it was given to write.
  void settle() {
    for (auto& shard : shards_) shard->tasks.settle();
  }

  // The shard that holds `path`, open for writing; reports a failure of an earlier queued change.
  Shard& writable_shard(std::string_view path) {
    if (std::any_of(shards_.begin(), shards_.end(), [](const auto& shard) { return shard->tasks.failed(); }))
      wait_for_shards();
    open_writers();
    Shard& shard = *shards_[shard_of(path, shards_.size())];
    shard.changed = true;
    return shard;
  }

  void abandon_writers() {
    for (auto& shard : shards_) (void)shard->tasks.wait();  // nothing may still use a writer
    for (auto it = shards_.rbegin(); it != shards_.rend(); ++it) {
      Shard& shard = **it;
      shard.writer.reset();
      shard.tracking_new_paths = false;
      shard.rebuilding = false;
      shard.changed = false;
    }
    writers_open_ = false;
  }

  void close_writers() {
    for (auto it = shards_.rbegin(); it != shards_.rend(); ++it) {
      Shard& shard = **it;
      shard.writer->close();
      shard.writer.reset();
      shard.rebuilding = false;
    }
    writers_open_ = false;
  }

  // One Shard (and its thread) per shard of the index; made when it is first written.
  void make_shards(std::size_t count) {
    if (shards_.size() == count) return;
    while (!shards_.empty()) shards_.pop_back();
    for (std::size_t i = 0; i < count; ++i) shards_.push_back(std::make_unique<Shard>(writes_on_caller_));
  }

  // Opens every shard with `flags`, shard 0 first: its write lock stands for the index's, as every
  // writer takes it first and releases it last. On failure the ones opened are closed again.
  void open_shards(std::size_t count, int flags) {
    make_shards(count);
    try {
      for (std::size_t i = 0; i < count; ++i)
        shards_[i]->writer.emplace(shard_directory(directory_, i).string(), flags | no_sync_flag_);
    } catch (...) {
      for (auto it = shards_.rbegin(); it != shards_.rend(); ++it) (*it)->writer.reset();
      throw;
    }
  }

  void open_writers() {
    if (writers_open_) return;
    write("open the index for writing", [&] {
      const Layout layout = read_layout();
      // Changes to an index of the single-database layout would be committed beside documents that
      // are not in the shards: it is rebuilt instead (the kernel rebuilds on damage met by a change).
      if (layout.kind == Layout::Kind::single)
        throw damaged_error("it has the single-database layout of an earlier ax; it is rebuilt in shards");
      const bool creating = layout.kind == Layout::Kind::none;
      if (creating) fs::create_directories(directory_);
      open_shards(creating ? options_.shards : layout.shards, Xapian::DB_CREATE_OR_OPEN);
      if (creating) record_shard_count();
      for (auto& shard : shards_) {
        // What a shard learnt about absent paths still holds if nobody wrote since our last commit.
        if (!shard->tracking_new_paths || shard->writer->get_revision() != shard->committed_revision) {
          shard->tracking_new_paths = shard->writer->get_doccount() == 0;
          shard->new_paths.clear();
        }
        // One transaction up to commit(): Xapian would otherwise flush every 10000 changes on its own,
        // making documents visible without the generation they belong to.
        shard->writer->begin_transaction();
      }
      writers_open_ = true;
    });
  }

  // Recreates the shards empty and starts a rebuild's transaction in each; throws DatabaseLockError,
  // having changed nothing, when another process holds the write lock.
  void recreate_empty() {
    abandon_writers();  // drops uncommitted changes and the locks
    reset_reader();
    fs::create_directories(directory_);
    open_shards(options_.shards, Xapian::DB_CREATE_OR_OVERWRITE);
    // What else the directory holds is an earlier layout's: the single database, or more shards.
    for (const auto& entry : fs::directory_iterator(directory_)) {
      const std::string name = entry.path().filename().string();
      bool ours = name == kShardCountFile;
      for (std::size_t i = 0; i < shards_.size() && !ours; ++i) ours = entry.path() == shard_directory(directory_, i);
      if (!ours) fs::remove_all(entry.path());
    }
    record_shard_count();
    for (auto& shard : shards_) {
      shard->writer->begin_transaction();
      shard->tracking_new_paths = true;
      shard->new_paths.clear();
      shard->rebuilding = true;
      shard->rebuild_pending = 0;
      shard->changed = true;
    }
    writers_open_ = true;
  }

  void record_shard_count() const {
    const std::string error =
        sdk::write_file_atomically(directory_ / kShardCountFile, std::to_string(shards_.size()) + "\n");
    if (!error.empty()) throw sdk::StoreError(one_line("search index at " + directory_.string() + ": " + error));
  }

  // The layout on disk; an unreadable shard count is damage.
  Layout read_layout() const {
    std::error_code error;
    if (!fs::exists(directory_, error) || fs::is_empty(directory_, error)) return {};
    std::ifstream record(directory_ / kShardCountFile);
    if (!record) return {Layout::Kind::single, 0};
    std::string text;
    std::getline(record, text);
    std::size_t shards = 0;
    const auto [end, parse_error] = std::from_chars(text.data(), text.data() + text.size(), shards);
    if (parse_error != std::errc() || end != text.data() + text.size() || shards == 0 || shards > kMaxShards)
      throw damaged_error("its shard count record '" + kShardCountFile + "' is unreadable");
    return {Layout::Kind::sharded, shards};
  }

  std::vector<fs::path> database_directories(const Layout& layout) const {
    if (layout.kind != Layout::Kind::sharded) return {directory_};
    std::vector<fs::path> directories;
    for (std::size_t i = 0; i < layout.shards; ++i) directories.push_back(shard_directory(directory_, i));
    return directories;
  }

  // Whether a database has a revision other than the one in `revisions` (or can no longer be opened:
  // not a commit).
  static bool committed_since(const std::vector<fs::path>& databases, const std::vector<Xapian::rev>& revisions) {
    try {
      for (std::size_t i = 0; i < databases.size(); ++i)
        if (Xapian::Database(databases[i].string()).get_revision() != revisions[i]) return true;
      return false;
    } catch (const Xapian::Error&) {
      return false;
    }
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

  // Analyses a file's documents into one Xapian document per chunk, holding the symbols that start
  // in it (a symbol outside every chunk, or with text of its own, has one to itself). Documents are
  // told apart by their key; a repeated one is stored once.
  PreparedXapianFile prepare(Analyzer& analyzer, std::string_view path,
                             const std::vector<sdk::SearchDocument>& documents) const {
    PreparedXapianFile prepared;
    prepared.path = path;
    std::set<std::string> keys;
    std::vector<std::size_t> chunks, symbols;
    for (std::size_t i = 0; i < documents.size(); ++i)
      if (keys.insert(document_key(documents[i])).second)
        (documents[i].kind == kChunkKind ? chunks : symbols).push_back(i);
    std::stable_sort(chunks.begin(), chunks.end(),
                     [&](std::size_t a, std::size_t b) { return documents[a].line < documents[b].line; });
    std::vector<std::string_view> bodies;
    for (const std::size_t i : chunks) {
      DocumentGroup group;
      group.language = documents[i].language;
      group.has_chunk = true;
      group.line = documents[i].line;
      group.end_line = documents[i].end_line;
      prepared.entries.push_back({{}, std::move(group), {}});
      bodies.push_back(documents[i].body);
    }
    const std::size_t chunk_count = prepared.entries.size();
    for (const std::size_t i : symbols) {
      const sdk::SearchDocument& symbol = documents[i];
      // The last chunk starting at or before the symbol's line, if the line is within it.
      const auto after = std::upper_bound(
          prepared.entries.begin(), prepared.entries.begin() + chunk_count, symbol.line,
          [](std::uint32_t line, const PreparedXapianFile::Entry& entry) { return line < entry.stored.line; });
      if (symbol.body.empty() && after != prepared.entries.begin()) {
        auto& holder = *std::prev(after);
        if (symbol.line <= holder.stored.end_line && symbol.language == holder.stored.language) {
          holder.stored.symbols.push_back(stored_symbol(symbol));
          holder.positions.push_back(i);
          continue;
        }
      }
      DocumentGroup group;
      group.language = symbol.language;
      group.symbols.push_back(stored_symbol(symbol));
      prepared.entries.push_back({{}, std::move(group), {i}});
      bodies.push_back(symbol.body);
    }
    try {
      for (std::size_t k = 0; k < prepared.entries.size(); ++k) {
        auto& entry = prepared.entries[k];
        entry.terms = analyzer.build(path, entry.stored, bodies[k], !options_.source_root);
      }
    } catch (const Xapian::Error& error) {
      throw sdk::StoreError(one_line("search index at " + directory_.string() + ": cannot index " + std::string(path) +
                                     ": " + error.get_description()));
    }
    return prepared;
  }

  // On the shard's thread: replaces the documents of the prepared file's path with them;
  // symbol_ids[i] is the symbol id of the i-th document given to prepare.
  void add_prepared(Shard& shard, PreparedXapianFile& prepared, const std::vector<std::uint64_t>& symbol_ids) {
    translate("index " + prepared.path, [&] {
      Xapian::WritableDatabase& database = *shard.writer;
      // A file indexed before keeps its document ids: its k-th document replaces the k-th it had,
      // which Xapian applies as the difference of the two term lists. A re-indexed file mostly
      // holds the same symbols and chunks, so only the terms that changed touch their posting lists
      // (deleting and adding rewrites every one of them: a branch switch's cost).
      const std::vector<Xapian::docid> previous = indexed_documents(shard, prepared.path);
      std::size_t k = 0;
      for (auto& entry : prepared.entries) {
        for (std::size_t k = 0; k < entry.positions.size(); ++k)
          if (entry.positions[k] < symbol_ids.size())
            entry.stored.symbols[k].symbol_id = symbol_ids[entry.positions[k]];
        entry.terms.set_data(encode_group(entry.stored));
        if (k < previous.size())
          database.replace_document(previous[k++], entry.terms);
        else
          database.add_document(entry.terms);
      }
      for (; k < previous.size(); ++k) database.delete_document(previous[k]);
      if (shard.tracking_new_paths) shard.new_paths.insert(sdk::fnv1a64(prepared.path));
      if (shard.rebuilding) {
        // Counted in parts (chunks and symbols), which is what the documents' size follows.
        for (const auto& entry : prepared.entries)
          shard.rebuild_pending += (entry.stored.has_chunk ? 1 : 0) + entry.stored.symbols.size();
        // The memory bound is the index's: each shard takes its share.
        if (shard.rebuild_pending * shards_.size() >= options_.rebuild_flush_documents) {
          database.commit_transaction();  // no generation recorded: the index stays at 0
          database.begin_transaction();
          shard.rebuild_pending = 0;
        }
      }
    });
  }

  // The read-only view of the last commit, every shard searched as one; nullptr while no index exists.
  Xapian::Database* reader() {
    const Layout layout = read_layout();
    if (layout.kind == Layout::Kind::none) {
      reset_reader();
      return nullptr;
    }
    if (reader_ && layout == layout_) {
      reader_->reopen();
      return &*reader_;
    }
    reset_reader();
    std::vector<Xapian::Database> shards;
    Xapian::Database combined;
    for (const auto& directory : database_directories(layout)) {
      shards.emplace_back(directory.string());
      combined.add_database(shards.back());
    }
    shard_readers_ = std::move(shards);
    reader_ = std::move(combined);
    layout_ = layout;
    return &*reader_;
  }

  void reset_reader() {
    reader_.reset();
    shard_readers_.clear();
    layout_ = {};
  }

  // On the shard's thread: deletes the documents of `path`. Skipped while filling a shard that
  // started this transaction empty and has not seen the path yet: delete_document(term) costs about a
  // quarter of indexing a file even when the term is absent, which would slow every rebuild by as much.
  // The documents `path` has in the shard, in the order they were added (ascending ids).
  static std::vector<Xapian::docid> indexed_documents(Shard& shard, std::string_view path) {
    std::vector<Xapian::docid> ids;
    if (!shard.seen(path)) return ids;
    const std::string term = bounded_term(prefix::path, path);
    for (auto it = shard.writer->postlist_begin(term); it != shard.writer->postlist_end(term); ++it) ids.push_back(*it);
    return ids;
  }

  static void forget_file(Shard& shard, std::string_view path) {
    if (!shard.seen(path)) return;
    shard.writer->delete_document(bounded_term(prefix::path, path));
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
    if (auto terms = value_terms(prefix::language, query.languages.include); !terms.empty()) include(terms);
    if (auto terms = value_terms(prefix::language, query.languages.exclude); !terms.empty()) exclude(terms);
    // A document holds a chunk and symbols of several kinds: it must hold one of the kinds asked for,
    // and then a part of such a kind that may answer (PartFilter; kind exclusions only there).
    if (auto terms = value_terms(prefix::kind, query.kinds.include); !terms.empty()) include(terms);
    const PathFilter path_filter(query.paths.include, query.paths.exclude);
    if (!path_filter.include_terms().empty()) include(path_filter.include_terms());
    if (!path_filter.exclude_terms().empty()) exclude(path_filter.exclude_terms());
    const Xapian::MatchDecider* by_path = path_filter.decides() ? &path_filter : nullptr;

    Xapian::Enquire enquire(*database);
    enquire.set_query(combined);
    Xapian::MultiValueKeyMaker by_location;
    by_location.add_value(kPathSlot);
    by_location.add_value(kLineSlot);
    if (ranked)
      enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, kBm25K2, kBm25K3, kBm25B, kBm25MinNormLen));
    else
      enquire.set_sort_by_key(&by_location, false);
    // Every phrase's words count in the scores; those of more than one word are also verified.
    std::vector<std::vector<std::string>> scored, phrases;
    for (const auto& phrase : query.phrases)
      if (auto terms = analyzer_.phrase_terms(phrase); !terms.empty()) scored.push_back(std::move(terms));
    std::copy_if(scored.begin(), scored.end(), std::back_inserter(phrases),
                 [](const auto& terms) { return terms.size() > 1; });
    PartScorer scorer(analyzer_, *database, query, scored);
    const KindFilter kinds(query.kinds);
    const PartFilter by_parts(kinds, ranked ? &scorer : nullptr, by_path);
    const Xapian::MatchDecider* decider = by_path;

    constexpr std::size_t kMaxCount = std::numeric_limits<Xapian::doccount>::max();
    const std::size_t first = std::min(query.offset, kMaxCount);
    const std::size_t wanted = first + std::min(query.limit, kMaxCount - first);
    // A document yields its chunk and the symbols the query is about: read documents in growing
    // windows until as many parts as wanted came out, or the matches run out. With a kind: filter the
    // top documents most often yield enough parts as they are; when they do not, the search starts
    // over with PartFilter deciding the documents (its decoding of every candidate Xapian weighs
    // costs more than reading a window that suffices).
    std::vector<sdk::SearchHit> hits;
    std::size_t examined = 0;
    std::size_t window = std::max<std::size_t>(wanted, 32);
    while (true) {
      const std::vector<Match> matches = ranked ? ranked_matches(enquire, by_location, examined, window, decider)
                                                : located_matches(enquire, examined, window, decider);
      for (const Match& match : matches)
        add_parts(hits, *database, match.id, match.document, kinds, phrases, ranked ? &scorer : nullptr);
      examined += matches.size();
      if (hits.size() >= wanted || examined < window || window == kMaxCount) break;
      if (kinds.filters() && decider != &by_parts) {
        decider = &by_parts;
        hits.clear();
        examined = 0;
        continue;
      }
      window = std::min(window * 4, kMaxCount);
    }
    if (ranked)
      std::stable_sort(hits.begin(), hits.end(), [](const sdk::SearchHit& a, const sdk::SearchHit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.document.path != b.document.path) return a.document.path < b.document.path;
        if (a.document.line != b.document.line) return a.document.line < b.document.line;
        return a.document.kind != kChunkKind && b.document.kind == kChunkKind;
      });
    if (hits.size() > wanted) hits.resize(wanted);
    hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(first, hits.size())));
    return hits;
  }

  struct Match {
    Xapian::docid id = 0;
    Xapian::Document document;
  };

  static std::vector<Match> located_matches(Xapian::Enquire& enquire, std::size_t first, std::size_t last,
                                            const Xapian::MatchDecider* decider) {
    const Xapian::MSet matches = enquire.get_mset(static_cast<Xapian::doccount>(first),
                                                  static_cast<Xapian::doccount>(last - first), 0, nullptr, decider);
    std::vector<Match> found;
    for (auto it = matches.begin(); it != matches.end(); ++it) found.push_back({*it, it.get_document()});
    return found;
  }

  // The matches ranked first to last by score, equal scores in location order, not in document id
  // order: re-indexing a file gives its documents new ids, which must not reorder (and so change)
  // answers it leaves alone. Asking Xapian to sort by score then location makes it read the location
  // of every candidate that enters its running top (thousands on a large index); ranked by score alone
  // the top `last` come out the same but for a score shared across the cut, whose documents may be
  // further down: a few more matches are read to see them all (else Xapian sorts by location after
  // all, a second match). Within what was read, equal scores are put in location order here.
  static std::vector<Match> ranked_matches(Xapian::Enquire& enquire, Xapian::KeyMaker& by_location, std::size_t first,
                                           std::size_t last, const Xapian::MatchDecider* decider) {
    constexpr std::size_t kMaxCount = std::numeric_limits<Xapian::doccount>::max();
    constexpr std::size_t kTieReadAhead = 64;
    const std::size_t fetched = last < kMaxCount - kTieReadAhead ? last + kTieReadAhead : kMaxCount;
    enquire.set_sort_by_relevance();
    Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(fetched), 0, nullptr, decider);
    std::size_t kept = std::min<std::size_t>(last, matches.size());  // the top, and the rest of a tie at its cut
    if (kept > 0) {
      const double cut = matches[static_cast<Xapian::doccount>(kept - 1)].get_weight();
      while (kept < matches.size() && matches[static_cast<Xapian::doccount>(kept)].get_weight() == cut) ++kept;
      if (kept > last && kept == fetched) {  // the tie may go on past what was read
        enquire.set_sort_by_relevance_then_key(&by_location, false);
        matches = enquire.get_mset(0, static_cast<Xapian::doccount>(last), 0, nullptr, decider);
        kept = matches.size();
      }
    }
    struct Ranked {
      Match match;
      double weight;
      std::string location;  // read only where the score is shared: equal scores are rare
    };
    std::vector<Ranked> ranked;
    for (auto it = matches.begin(); it != matches.end() && ranked.size() < kept; ++it)
      ranked.push_back({{*it, it.get_document()}, it.get_weight(), {}});
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      const bool shared = (i > 0 && ranked[i - 1].weight == ranked[i].weight) ||
                          (i + 1 < ranked.size() && ranked[i + 1].weight == ranked[i].weight);
      if (shared) ranked[i].location = by_location(ranked[i].match.document);
    }
    // Xapian listed equal scores in document id order, which the stable sort keeps for equal locations.
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      if (a.weight != b.weight) return a.weight > b.weight;
      return a.location < b.location;
    });
    ranked.resize(std::min(ranked.size(), last));
    std::vector<Match> found;
    for (std::size_t i = std::min(first, ranked.size()); i < ranked.size(); ++i)
      found.push_back(std::move(ranked[i].match));
    return found;
  }

  // The parts of a found document that answer the query, in line order: its chunk and its symbols,
  // of the kinds asked for, holding the phrases; ranked (`scorer` given), only those the query's
  // words score in, with their own score.
  void add_parts(std::vector<sdk::SearchHit>& hits, const Xapian::Database& database, Xapian::docid id,
                 const Xapian::Document& document, const KindFilter& kinds,
                 const std::vector<std::vector<std::string>>& phrases, PartScorer* scorer) {
    const std::string path = document.get_value(kPathSlot);
    DocumentGroup group = decode_group(document.get_data(), path);
    std::map<std::string, Xapian::termcount> whole;  // the query's terms in the whole document
    double whole_length = 0;
    if (scorer || !phrases.empty()) {
      whole = scorer ? scorer->document_terms(document) : std::map<std::string, Xapian::termcount>{};
      whole_length = static_cast<double>(database.get_doclength(id)) - static_cast<double>(group.symbols.size());
    }
    if (!group.has_chunk) {
      // The document is its symbol's: every term is the symbol's, and a phrase its positions matched
      // is in one of its fields (body included).
      for (auto& symbol : group.symbols) {
        if (!kinds.passes(symbol.kind) || (options_.source_root && !holds_in_fields(symbol, phrases))) continue;
        const double score = scorer ? scorer->score(whole, whole_length) : 0;
        if (scorer && score <= 0) continue;
        hits.push_back(sdk::SearchHit{std::move(symbol), score});
      }
      return;
    }
    std::vector<sdk::SearchHit> parts;
    auto body = whole;
    const bool chunk_wanted = kinds.passes(kChunkKind);
    for (auto& symbol : group.symbols) {
      const bool wanted = kinds.passes(symbol.kind);
      // A symbol of a kind not asked for only matters to its chunk's score, which leaves its terms out.
      if (!wanted && !chunk_wanted) continue;
      double score = 0;
      if (scorer) {
        if (!scorer->may_hold(symbol)) continue;
        const auto [terms, length] = scorer->symbol_terms(symbol);
        for (const auto& [term, wdf] : terms)
          if (auto it = body.find(term); it != body.end()) it->second -= std::min(it->second, wdf);
        score = scorer->score(terms, length);
        if (score <= 0) continue;
      }
      if (!wanted || !holds_in_fields(symbol, phrases)) continue;
      parts.push_back(sdk::SearchHit{std::move(symbol), score});
    }
    if (chunk_wanted) {
      sdk::SearchDocument chunk;
      chunk.path = path;
      chunk.language = group.language;
      chunk.kind = kChunkKind;
      chunk.line = group.line;
      chunk.end_line = group.end_line;
      const double score = scorer ? scorer->score(body, std::max<double>(group.body_length, 1.0)) : 0;
      if ((!scorer || score > 0) && chunk_holds(chunk, body, phrases))
        parts.insert(parts.begin(), sdk::SearchHit{std::move(chunk), score});
    }
    std::move(parts.begin(), parts.end(), std::back_inserter(hits));
  }

  // Whether a symbol's fields (name, qualified name, signature, doc comment) hold every phrase, each
  // within one field.
  bool holds_in_fields(const sdk::SearchDocument& symbol, const std::vector<std::vector<std::string>>& phrases) {
    if (phrases.empty()) return true;
    std::vector<std::vector<std::string>> fields;
    for (const std::string* field : {&symbol.name, &symbol.qualified_name, &symbol.signature, &symbol.doc})
      if (!field->empty()) fields.push_back(analyzer_.phrase_terms(*field));
    return holds_all(fields, phrases);
  }

  // Whether a chunk's text holds every phrase: read back from its file when the index keeps no
  // positions; otherwise (the document matched the phrase) when its body has each of their words.
  bool chunk_holds(const sdk::SearchDocument& chunk, const std::map<std::string, Xapian::termcount>& body,
                   const std::vector<std::vector<std::string>>& phrases) {
    if (phrases.empty()) return true;
    if (!options_.source_root)
      return std::all_of(phrases.begin(), phrases.end(), [&](const auto& phrase) {
        return std::all_of(phrase.begin(), phrase.end(), [&](const std::string& term) {
          const auto it = body.find(term);
          return it != body.end() && it->second > 0;
        });
      });
    const auto text = read_lines(*options_.source_root / chunk.path, chunk.line, chunk.end_line);
    if (!text) return false;  // gone since it was indexed
    return holds_all({analyzer_.phrase_terms(*text)}, phrases);
  }

  static bool holds_all(const std::vector<std::vector<std::string>>& fields,
                        const std::vector<std::vector<std::string>>& phrases) {
    return std::all_of(phrases.begin(), phrases.end(), [&](const auto& phrase) {
      return std::any_of(fields.begin(), fields.end(),
                         [&](const auto& terms) { return contains_sequence(terms, phrase); });
    });
  }

  fs::path directory_;
  SearchIndexOptions options_;
  std::vector<std::unique_ptr<Shard>> shards_;  // the writing side, each shard with its thread
  bool writers_open_ = false;
  int no_sync_flag_ = 0;                    // Xapian::DB_NO_SYNC once defer_sync() was called
  bool writes_on_caller_ = false;           // write_on_caller_thread() was called: shards have no threads
  std::optional<Xapian::Database> reader_;  // every shard searched as one
  std::vector<Xapian::Database> shard_readers_;
  Layout layout_;      // what reader_ reads
  Analyzer analyzer_;  // for queries, on the owner's thread
};

}  // namespace

std::unique_ptr<sdk::SearchIndex> open_search_index(const std::filesystem::path& directory,
                                                    SearchIndexOptions options) {
  return std::make_unique<XapianSearchIndex>(directory, options);
}

}  // namespace ax::storage::xapian
