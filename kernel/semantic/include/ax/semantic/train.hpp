// Word vectors trained on the repository's own text: co-occurrence of identifier sub-words and
// comment words within a symbol, positive pointwise mutual information (PPMI), then a truncated SVD
// (randomized, over Eigen). Deterministic for the same input.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ax/semantic/model.hpp"

namespace ax::semantic {

struct TrainingOptions {
  std::size_t dimensions = 128;
  std::size_t max_vocabulary = 20000;  // the most frequent words
  std::size_t min_count = 2;           // rarer words get no vector
  std::size_t window = 5;              // words apart that still count as co-occurring
  std::size_t name_reach = 24;         // a name's words co-occur with this many words of its text
  std::size_t power_iterations = 2;
  std::uint64_t seed = 42;
};

// The text of many symbols, as ids of interned words.
class Corpus {
 public:
  // A symbol's name (its words pair with the first name_reach words of `text`) and its other text
  // (signature, doc comment).
  void add(std::string_view name, std::string_view text);
  std::size_t documents() const { return starts_.size(); }
  std::size_t distinct_words() const { return words_.size(); }

 private:
  friend StaticModel train(const Corpus&, const TrainingOptions&, const std::atomic<bool>*);
  // Heterogeneous lookup: a word is copied only the first time it is seen.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::uint32_t intern(std::string_view word);
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> words_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::uint32_t> tokens_;     // all documents, one after the other
  std::vector<std::uint32_t> name_ends_;  // per document: tokens of its name (from its start)
  std::vector<std::size_t> starts_;       // per document: first token
};

// Thrown when `interrupted` became true during training.
struct TrainingInterrupted {};

// Needs at least a few words seen min_count times; with fewer, the dimensions shrink to fit (a
// model of at least one dimension, or an empty vocabulary when nothing repeats). Word weights are
// SIF's a / (a + p(word)), so frequent words weigh less in a text's vector.
StaticModel train(const Corpus& corpus, const TrainingOptions& options, const std::atomic<bool>* interrupted = nullptr);

}  // namespace ax::semantic
