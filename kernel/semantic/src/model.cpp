#include "ax/semantic/model.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace ax::semantic {

void for_each_word(std::string_view text, const std::function<void(std::string_view)>& visit) {
  std::string current;
  auto flush = [&] {
    if (!current.empty()) visit(current);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    if (!current.empty()) {
      const auto previous = static_cast<unsigned char>(text[i - 1]);
      const bool next_lower = i + 1 < text.size() && std::islower(static_cast<unsigned char>(text[i + 1]));
      // fooBar -> foo|bar; HTTPRequest -> http|request; utf8 -> utf|8
      const bool camel = std::isupper(c) && (std::islower(previous) || (std::isupper(previous) && next_lower));
      const bool digits = (std::isdigit(c) != 0) != (std::isdigit(previous) != 0);
      if (camel || digits) flush();
    }
    current += static_cast<char>(std::tolower(c));
  }
  flush();
}

std::vector<std::string> text_words(std::string_view text) {
  std::vector<std::string> words;
  for_each_word(text, [&](std::string_view word) { words.emplace_back(word); });
  return words;
}

void normalize(std::vector<float>& vector) {
  double norm = 0;
  for (float x : vector) norm += static_cast<double>(x) * x;
  if (norm <= 0) return;
  const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& x : vector) x *= scale;
}

StaticModel::StaticModel(std::vector<std::string> vocabulary, std::vector<float> vectors, std::size_t dimensions,
                         std::vector<float> weights, Tokenization tokenization, std::string continuation_prefix)
    : vocabulary_(std::move(vocabulary)),
      owned_vectors_(std::move(vectors)),
      vectors_(owned_vectors_),
      dimensions_(dimensions),
      weights_(std::move(weights)),
      tokenization_(tokenization),
      continuation_prefix_(std::move(continuation_prefix)) {
  check_and_index();
}

StaticModel::StaticModel(std::vector<std::string> vocabulary, std::span<const float> borrowed_vectors,
                         std::size_t dimensions, std::vector<float> weights, Tokenization tokenization)
    : vocabulary_(std::move(vocabulary)),
      vectors_(borrowed_vectors),
      dimensions_(dimensions),
      weights_(std::move(weights)),
      tokenization_(tokenization) {
  check_and_index();
}

void StaticModel::check_and_index() {
  if (dimensions_ == 0 || vectors_.size() != vocabulary_.size() * dimensions_)
    throw std::invalid_argument("a model needs one vector of its dimensions per token");
  if (weights_.empty()) weights_.assign(vocabulary_.size(), 1.0F);
  if (weights_.size() != vocabulary_.size()) throw std::invalid_argument("a model needs one weight per token");
  index_.reserve(vocabulary_.size());
  for (std::size_t i = 0; i < vocabulary_.size(); ++i) index_.emplace(vocabulary_[i], static_cast<std::uint32_t>(i));
}

std::optional<std::uint32_t> StaticModel::token(std::string_view text) const {
  const auto it = index_.find(text);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::uint32_t> StaticModel::tokens(std::string_view text) const {
  std::vector<std::uint32_t> found;
  for_each_word(text, [&](std::string_view word) {
    if (tokenization_ == Tokenization::whole_words) {
      if (auto id = token(word)) found.push_back(*id);
      return;
    }
    // WordPiece: the longest known piece from the left, then continuation pieces; a word that
    // cannot be covered whole contributes nothing (as the unknown token would).
    std::vector<std::uint32_t> pieces;
    std::size_t start = 0;
    while (start < word.size()) {
      std::optional<std::uint32_t> piece;
      std::size_t end = word.size();
      for (; end > start; --end) {
        std::string candidate(word.substr(start, end - start));
        if (start > 0) candidate.insert(0, continuation_prefix_);
        if ((piece = token(candidate))) break;
      }
      if (!piece) {
        pieces.clear();
        break;
      }
      pieces.push_back(*piece);
      start = end;
    }
    found.insert(found.end(), pieces.begin(), pieces.end());
  });
  return found;
}

std::vector<float> StaticModel::embed_tokens(const std::vector<std::uint32_t>& tokens) const {
  std::vector<float> sum(dimensions_, 0.0F);
  if (tokens.empty()) return {};
  for (const auto id : tokens) {
    const auto v = vector(id);
    const float w = weights_[id];
    for (std::size_t d = 0; d < dimensions_; ++d) sum[d] += w * v[d];
  }
  normalize(sum);
  return sum;
}

std::vector<float> StaticModel::embed(std::string_view text) const { return embed_tokens(tokens(text)); }

}  // namespace ax::semantic
