// Indexing throughput and query latency of the Xapian search index on a synthetic repository.
//
//   bench-store-xapian [documents=200000] [files-per-commit=500] [queries=300] [keep-in-directory]
//   bench-store-xapian 0 0 [queries] <directory>     (query an index an earlier run kept)
//
// Documents come ten to a file: names from a pool of 60k camelCase/snake_case identifiers built from
// ~4000 words, signatures, doc comments on half of them, and 8-line code-like bodies that reuse the
// pool's identifiers with a skew towards frequent ones (deterministic seed). Prints wall times, the
// database size, peak memory and the median / p90 / max query latency.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "search_index.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kDocumentsPerFile = 10;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

class Corpus {
 public:
  explicit Corpus(std::uint64_t seed) : random_(seed) {
    static const char* const kSyllables[] = {"pa", "re", "to", "ki", "lo", "ma", "ne", "su", "da", "vi",
                                             "co", "ra", "te", "mi", "no", "ha", "be", "fo", "gu", "si"};
    // ~4000 distinct words of two to three syllables: a realistic vocabulary size for one repository.
    for (const char* first : kSyllables)
      for (const char* second : kSyllables) {
        words_.push_back(std::string(first) + second);
        for (int third = 0; third < 9; ++third) words_.push_back(std::string(first) + second + kSyllables[third * 2]);
      }
    for (int i = 0; i < 200; ++i) directories_.push_back(word() + (i % 3 == 0 ? "_" + word() : ""));
    // A repository reuses its identifiers: bodies call and assign from a pool of names, frequent
    // ones often, rather than inventing a new compound at every turn.
    for (int i = 0; i < 60'000; ++i) identifiers_.push_back(fresh_identifier());
  }

  const std::string& word() { return words_[skewed_index(words_.size())]; }

  // An identifier from the repository's pool, frequent ones more often.
  const std::string& identifier() { return identifiers_[skewed_index(identifiers_.size())]; }
  // A symbol's own name: any identifier of the pool, equally likely.
  const std::string& symbol_name() { return identifiers_[random_() % identifiers_.size()]; }

  std::string fresh_identifier() {
    const int parts = 1 + static_cast<int>(random_() % 3);
    std::string name = word();
    const bool snake = random_() % 3 == 0;
    for (int i = 1; i < parts; ++i) {
      std::string part = word();
      if (snake) {
        name += "_" + part;
      } else {
        part[0] = static_cast<char>(part[0] - 'a' + 'A');
        name += part;
      }
    }
    return name;
  }

  std::string path(std::size_t file) {
    std::string result;
    const int depth = 1 + static_cast<int>(random_() % 3);
    for (int i = 0; i < depth; ++i) result += directories_[random_() % directories_.size()] + "/";
    static const char* const kExtensions[] = {".py", ".cpp", ".go", ".rs", ".ts"};
    return result + word() + std::to_string(file) + kExtensions[file % 5];
  }

  std::vector<ax::sdk::SearchDocument> file_documents(const std::string& path, std::size_t file) {
    static const char* const kLanguages[] = {"python", "cpp", "go", "rust", "typescript"};
    static const char* const kKinds[] = {"function", "method", "class", "constant", "field"};
    std::vector<ax::sdk::SearchDocument> documents;
    const std::string container = symbol_name();
    for (std::size_t i = 0; i < kDocumentsPerFile; ++i) {
      ax::sdk::SearchDocument document;
      document.symbol_id = file * kDocumentsPerFile + i + 1;
      document.path = path;
      document.language = kLanguages[file % 5];
      document.kind = kKinds[random_() % 5];
      document.name = symbol_name();
      document.qualified_name = container + "." + document.name;
      document.signature = "def " + document.name + "(" + word() + ", " + identifier() + "):";
      if (random_() % 2 == 0) document.doc = sentence(5 + random_() % 15);
      for (int line = 0; line < 8; ++line)
        document.body += "    " + identifier() + " = " + identifier() + "(" + word() + ")\n";
      document.line = static_cast<std::uint32_t>(1 + i * 12);
      document.end_line = document.line + 10;
      documents.push_back(std::move(document));
    }
    return documents;
  }

  std::string sentence(std::size_t length) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += (i ? " " : "") + word();
    return text + ".";
  }

  std::mt19937_64& random() { return random_; }

 private:
  // Skewed choice among `size` items: low indexes are common, as frequent words are in source code.
  std::size_t skewed_index(std::size_t size) {
    const double u = std::uniform_real_distribution<double>(0, 1)(random_);
    return std::min(size - 1, static_cast<std::size_t>(std::pow(u, 3.0) * static_cast<double>(size)));
  }

  std::mt19937_64 random_;
  std::vector<std::string> words_;
  std::vector<std::string> identifiers_;
  std::vector<std::string> directories_;
};

std::uint64_t directory_bytes(const fs::path& directory) {
  std::uint64_t total = 0;
  for (const auto& entry : fs::directory_iterator(directory))
    if (entry.is_regular_file()) total += entry.file_size();
  return total;
}

// The p-th quantile (0..1) of `values`, nearest rank.
double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

ax::sdk::SearchQuery words_query(std::vector<std::string> words) {
  ax::sdk::SearchQuery query;
  query.words = std::move(words);
  return query;
}

template <class Edit>
ax::sdk::SearchQuery with(ax::sdk::SearchQuery query, Edit&& edit) {
  edit(query);
  return query;
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// Indexes `files` synthetic files, committing every `files_per_commit`, then re-indexes 100 of them
// as an incremental `ax index` would. Returns the last generation committed.
std::uint64_t build(ax::sdk::SearchIndex& index, Corpus& corpus, std::size_t files, std::size_t files_per_commit,
                    const fs::path& directory) {
  std::vector<std::string> paths;
  for (std::size_t file = 0; file < files; ++file) paths.push_back(corpus.path(file));

  const auto index_start = Clock::now();
  double commit_seconds = 0;
  std::uint64_t generation = 0;
  for (std::size_t file = 0; file < files; ++file) {
    index.put_file(paths[file], corpus.file_documents(paths[file], file));
    if ((file + 1) % files_per_commit == 0 || file + 1 == files) {
      const auto commit_start = Clock::now();
      index.commit(++generation);
      commit_seconds += seconds_since(commit_start);
    }
  }
  const double index_seconds = seconds_since(index_start);
  const std::size_t documents = files * kDocumentsPerFile;
  std::printf("indexed %zu documents (%zu files, commit every %zu files) in %.2f s (%.0f docs/s; %.2f s in commits)\n",
              documents, files, files_per_commit, index_seconds, static_cast<double>(documents) / index_seconds,
              commit_seconds);
  std::printf("database size %.1f MiB, peak RSS %ld MiB\n", static_cast<double>(directory_bytes(directory)) / (1 << 20),
              peak_rss_mib());

  const auto update_start = Clock::now();
  for (std::size_t file = 0; file < std::min<std::size_t>(100, files); ++file)
    index.put_file(paths[file], corpus.file_documents(paths[file], file));
  index.commit(++generation);
  std::printf("re-indexed 100 files in %.3f s\n", seconds_since(update_start));
  return generation;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t documents = argc > 1 ? std::stoul(argv[1]) : 200'000;
  const std::size_t files_per_commit = argc > 2 ? std::stoul(argv[2]) : 500;
  const std::size_t query_count = argc > 3 ? std::stoul(argv[3]) : 300;
  // Given a directory, the benchmark leaves the index there for inspection (and skips remove_all).
  const bool keep_index = argc > 4;
  const fs::path directory = keep_index ? fs::path(argv[4]) : fs::temp_directory_path() / "ax-xapian-bench";
  // documents=0 with a directory: only query the index a previous run left there.
  const bool query_only = documents == 0 && keep_index;
  if (!query_only) fs::remove_all(directory);

  Corpus corpus(20240601);
  auto index = ax::storage::xapian::open_search_index(directory);
  std::uint64_t generation = index->generation();
  if (!query_only) generation = build(*index, corpus, documents / kDocumentsPerFile, files_per_commit, directory);

  // Query shapes, round-robin, each timed on its own as well as all together.
  const std::vector<std::pair<std::string, std::function<ax::sdk::SearchQuery()>>> shapes{
      {"one word", [&] { return words_query({corpus.word()}); }},
      {"two words",
       [&] {
         return words_query({corpus.word(), corpus.word()});
       }},
      {"identifier", [&] { return words_query({corpus.identifier()}); }},
      {"word lang:",
       [&] { return with(words_query({corpus.word()}), [](auto& q) { q.languages.include = {"python"}; }); }},
      {"word -kind:", [&] { return with(words_query({corpus.word()}), [](auto& q) { q.kinds.exclude = {"field"}; }); }},
      {"word file:substring",
       [&] { return with(words_query({corpus.word()}), [&](auto& q) { q.paths.include = {corpus.word()}; }); }},
      {"word file:*.rs",
       [&] { return with(words_query({corpus.word()}), [](auto& q) { q.paths.include = {"*.rs"}; }); }},
      {"phrase",
       [&] {
         return with(ax::sdk::SearchQuery{}, [&](auto& q) { q.phrases = {corpus.word() + " " + corpus.word()}; });
       }},
      {"filters only",
       [&] {
         return with(ax::sdk::SearchQuery{}, [&](auto& q) {
           q.languages.include = {"go"};
           q.paths.include = {corpus.word()};
         });
       }},
  };
  auto reader = ax::storage::xapian::open_search_index(directory);
  reader->search(words_query({corpus.word()}));  // open the database once
  std::vector<double> latencies;
  std::vector<std::vector<double>> latencies_by_shape(shapes.size());
  std::size_t total_hits = 0;
  for (std::size_t i = 0; i < query_count; ++i) {
    const ax::sdk::SearchQuery query = shapes[i % shapes.size()].second();
    const auto start = Clock::now();
    total_hits += reader->search(query).size();
    const double milliseconds = seconds_since(start) * 1000;
    latencies.push_back(milliseconds);
    latencies_by_shape[i % shapes.size()].push_back(milliseconds);
  }
  std::printf("%zu queries (limit 20): median %.2f ms, p90 %.2f ms, max %.2f ms, %.1f hits/query\n", latencies.size(),
              percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 1.0),
              static_cast<double>(total_hits) / static_cast<double>(latencies.size()));
  for (std::size_t shape = 0; shape < shapes.size(); ++shape)
    if (!latencies_by_shape[shape].empty())
      std::printf("  %-20s median %.2f ms, max %.2f ms\n", shapes[shape].first.c_str(),
                  percentile(latencies_by_shape[shape], 0.5), percentile(latencies_by_shape[shape], 1.0));

  if (keep_index) return 0;
  const auto clear_start = Clock::now();
  index->remove_all();
  index->commit(++generation);
  std::printf("remove_all + commit in %.2f s\n", seconds_since(clear_start));
  fs::remove_all(directory);
  return 0;
}
