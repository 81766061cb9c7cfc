// Static embedding models: a vocabulary of tokens, one vector per token, and a text's vector as the
// weighted mean of its tokens' vectors. Either trained on the repository itself (train.hpp) or a
// user-supplied model in the model2vec format (model2vec.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ax::semantic {

// The words of code or prose, lower-cased: identifiers split at camelCase, snake_case and digits
// ("parseHTTPRequest2" -> parse, http, request, 2); everything else not a letter or digit separates.
std::vector<std::string> text_words(std::string_view text);
// The same words, each given to `visit` as a view valid only during the call (no allocation per word).
void for_each_word(std::string_view text, const std::function<void(std::string_view)>& visit);

// How a word becomes tokens of the vocabulary.
enum class Tokenization {
  whole_words,  // a word is a token or nothing (the repository-trained models)
  word_piece,   // greedy longest match, continuation pieces prefixed (BERT's WordPiece, model2vec)
};

class StaticModel {
 public:
  // `vectors` holds vocabulary.size() rows of `dimensions` floats; `weights` one per token (empty:
  // all 1).
  StaticModel(std::vector<std::string> vocabulary, std::vector<float> vectors, std::size_t dimensions,
              std::vector<float> weights, Tokenization tokenization, std::string continuation_prefix = "##");
  // Over vectors it does not own (a memory-mapped file that outlives the model): nothing copied.
  StaticModel(std::vector<std::string> vocabulary, std::span<const float> borrowed_vectors, std::size_t dimensions,
              std::vector<float> weights, Tokenization tokenization);

  std::size_t dimensions() const { return dimensions_; }
  std::size_t size() const { return vocabulary_.size(); }
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }
  const std::vector<float>& weights() const { return weights_; }
  Tokenization tokenization() const { return tokenization_; }
  std::span<const float> vector(std::size_t token) const { return vectors_.subspan(token * dimensions_, dimensions_); }
  std::optional<std::uint32_t> token(std::string_view text) const;

  // The tokens of a text (after text_words); unknown words are dropped.
  std::vector<std::uint32_t> tokens(std::string_view text) const;
  // The weighted mean of the tokens' vectors, L2-normalised; empty when no token is known.
  std::vector<float> embed(std::string_view text) const;
  std::vector<float> embed_tokens(const std::vector<std::uint32_t>& tokens) const;

 private:
  void check_and_index();

  std::vector<std::string> vocabulary_;
  std::vector<float> owned_vectors_;
  std::span<const float> vectors_;
  std::size_t dimensions_;
  std::vector<float> weights_;
  Tokenization tokenization_;
  std::string continuation_prefix_;
  std::unordered_map<std::string_view, std::uint32_t> index_;  // views into vocabulary_
};

// Scales `vector` to unit length (left alone when zero).
void normalize(std::vector<float>& vector);

}  // namespace ax::semantic
