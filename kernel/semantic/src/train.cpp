#include "ax/semantic/train.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include <Eigen/Dense>
#include <Eigen/Sparse>

namespace ax::semantic {

namespace {

constexpr double kSifA = 1e-3;          // SIF's smoothing: weight a / (a + p(word))
constexpr double kContextAlpha = 0.75;  // context-distribution smoothing of PPMI
constexpr std::size_t kOversampling = 16;

void check(const std::atomic<bool>* interrupted) {
  if (interrupted != nullptr && interrupted->load()) throw TrainingInterrupted{};
}

// Orthonormal columns spanning `m`'s (thin Q of its QR decomposition).
Eigen::MatrixXf orthonormal(const Eigen::MatrixXf& m) {
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
  return qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols());
}

}  // namespace

std::uint32_t Corpus::intern(std::string_view word) {
  auto it = ids_.find(word);
  if (it == ids_.end()) {
    it = ids_.emplace(std::string(word), static_cast<std::uint32_t>(words_.size())).first;
    words_.push_back(it->first);
    counts_.push_back(0);
  }
  ++counts_[it->second];
  return it->second;
}

void Corpus::add(std::string_view name, std::string_view text) {
  const std::size_t start = tokens_.size();
  for_each_word(name, [&](std::string_view word) { tokens_.push_back(intern(word)); });
  const std::size_t name_end = tokens_.size();
  for_each_word(text, [&](std::string_view word) { tokens_.push_back(intern(word)); });
  if (tokens_.size() == start) return;
  starts_.push_back(start);
  name_ends_.push_back(static_cast<std::uint32_t>(name_end - start));
}

StaticModel train(const Corpus& corpus, const TrainingOptions& options, const std::atomic<bool>* interrupted) {
  // The vocabulary: the most frequent words seen at least min_count times, in a stable order.
  std::vector<std::uint32_t> by_count(corpus.words_.size());
  std::iota(by_count.begin(), by_count.end(), 0);
  std::stable_sort(by_count.begin(), by_count.end(),
                   [&](auto a, auto b) { return corpus.counts_[a] > corpus.counts_[b]; });
  std::vector<std::int32_t> row(corpus.words_.size(), -1);
  std::vector<std::string> vocabulary;
  for (const auto id : by_count) {
    if (vocabulary.size() >= options.max_vocabulary || corpus.counts_[id] < options.min_count) break;
    row[id] = static_cast<std::int32_t>(vocabulary.size());
    vocabulary.push_back(corpus.words_[id]);
  }
  const auto n = static_cast<Eigen::Index>(vocabulary.size());
  const std::size_t dimensions = std::max<std::size_t>(1, std::min<std::size_t>(options.dimensions, vocabulary.size()));
  if (vocabulary.size() < 2) {
    std::vector<float> zeros(vocabulary.size() * dimensions, 0.0F);
    return StaticModel(std::move(vocabulary), std::move(zeros), dimensions, {}, Tokenization::whole_words);
  }

  // Co-occurrence pairs (both orders), gathered as packed keys and counted by sorting: far less
  // memory than a hash map of pairs on a large repository.
  std::vector<std::uint64_t> pairs;
  std::vector<std::pair<std::uint64_t, float>> counted;
  auto fold = [&] {
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::pair<std::uint64_t, float>> merged;
    merged.reserve(counted.size() + pairs.size() / 2);
    std::size_t c = 0;
    for (std::size_t p = 0; p < pairs.size();) {
      std::size_t q = p;
      while (q < pairs.size() && pairs[q] == pairs[p]) ++q;
      while (c < counted.size() && counted[c].first < pairs[p]) merged.push_back(counted[c++]);
      float count = static_cast<float>(q - p);
      if (c < counted.size() && counted[c].first == pairs[p]) count += counted[c++].second;
      merged.emplace_back(pairs[p], count);
      p = q;
    }
    merged.insert(merged.end(), counted.begin() + static_cast<std::ptrdiff_t>(c), counted.end());
    counted = std::move(merged);
    pairs.clear();
  };
  auto pair = [&](std::int32_t a, std::int32_t b) {
    if (a < 0 || b < 0 || a == b) return;
    pairs.push_back(static_cast<std::uint64_t>(a) << 32 | static_cast<std::uint32_t>(b));
    pairs.push_back(static_cast<std::uint64_t>(b) << 32 | static_cast<std::uint32_t>(a));
  };
  constexpr std::size_t kFoldEvery = 1 << 23;
  for (std::size_t d = 0; d < corpus.starts_.size(); ++d) {
    const std::size_t start = corpus.starts_[d];
    const std::size_t end = d + 1 < corpus.starts_.size() ? corpus.starts_[d + 1] : corpus.tokens_.size();
    const std::size_t name_end = start + corpus.name_ends_[d];
    for (std::size_t i = start; i < end; ++i) {
      const std::int32_t a = row[corpus.tokens_[i]];
      for (std::size_t j = i + 1; j < end && j <= i + options.window; ++j) pair(a, row[corpus.tokens_[j]]);
      if (i < name_end)
        for (std::size_t j = std::max(name_end, i + options.window + 1); j < end && j < name_end + options.name_reach;
             ++j)
          pair(a, row[corpus.tokens_[j]]);
    }
    if (pairs.size() > kFoldEvery) {
      check(interrupted);
      fold();
    }
  }
  fold();
  check(interrupted);

  // PPMI: log(#(w,c) · D / (#w · #c^α / Σ#c^α · D)), kept when positive.
  std::vector<double> word_total(static_cast<std::size_t>(n), 0), context_total(static_cast<std::size_t>(n), 0);
  double total = 0;
  for (const auto& [key, count] : counted) {
    word_total[key >> 32] += count;
    total += count;
  }
  double smoothed_total = 0;
  for (std::size_t c = 0; c < context_total.size(); ++c) {
    context_total[c] = std::pow(word_total[c], kContextAlpha);
    smoothed_total += context_total[c];
  }
  std::vector<Eigen::Triplet<float>> entries;
  entries.reserve(counted.size() / 2);
  for (const auto& [key, count] : counted) {
    const auto w = static_cast<std::size_t>(key >> 32), c = static_cast<std::size_t>(key & 0xffffffffU);
    const double pmi = std::log(count * smoothed_total / (word_total[w] * context_total[c]));
    if (pmi > 0) entries.emplace_back(static_cast<int>(w), static_cast<int>(c), static_cast<float>(pmi));
  }
  counted = {};
  Eigen::SparseMatrix<float, Eigen::RowMajor> ppmi(n, n);
  ppmi.setFromTriplets(entries.begin(), entries.end());
  entries = {};
  check(interrupted);

  // Randomized truncated SVD (Halko, Martinsson and Tropp): a range finder with power iterations.
  const auto wanted = static_cast<Eigen::Index>(std::min<std::size_t>(dimensions + kOversampling, vocabulary.size()));
  std::mt19937_64 random(options.seed);
  std::normal_distribution<float> normal;
  Eigen::MatrixXf omega(n, wanted);
  for (Eigen::Index j = 0; j < wanted; ++j)
    for (Eigen::Index i = 0; i < n; ++i) omega(i, j) = normal(random);
  Eigen::MatrixXf q = orthonormal(ppmi * omega);
  for (std::size_t it = 0; it < options.power_iterations; ++it) {
    check(interrupted);
    q = orthonormal(ppmi.transpose() * q);
    q = orthonormal(ppmi * q);
  }
  check(interrupted);
  const Eigen::MatrixXf b = (ppmi.transpose() * q).transpose();  // wanted × n = Qᵀ·A
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eigen(b * b.transpose());
  // Eigenvalues ascending: the last `dimensions` are the largest singular values squared.
  const Eigen::MatrixXf u = q * eigen.eigenvectors().rightCols(static_cast<Eigen::Index>(dimensions));
  const Eigen::VectorXf sigma =
      eigen.eigenvalues().tail(static_cast<Eigen::Index>(dimensions)).cwiseMax(0.0F).cwiseSqrt();
  // Word vectors U·Σ^½ (Levy, Goldberg and Dagan's eigenvalue weighting p = 0.5), rows unit length.
  std::vector<float> vectors(vocabulary.size() * dimensions);
  for (Eigen::Index i = 0; i < n; ++i) {
    std::vector<float> v(dimensions);
    for (std::size_t d = 0; d < dimensions; ++d) {
      const auto column = static_cast<Eigen::Index>(dimensions - 1 - d);  // largest first
      v[d] = u(i, column) * std::sqrt(sigma(column));
    }
    normalize(v);
    std::copy(v.begin(), v.end(), vectors.begin() + i * static_cast<Eigen::Index>(dimensions));
  }
  std::vector<float> weights(vocabulary.size());
  double all = 0;
  for (const auto id : by_count) all += static_cast<double>(corpus.counts_[id]);
  for (std::size_t i = 0; i < by_count.size() && i < vocabulary.size(); ++i) {
    const double p = static_cast<double>(corpus.counts_[by_count[i]]) / all;
    weights[i] = static_cast<float>(kSifA / (kSifA + p));
  }
  return StaticModel(std::move(vocabulary), std::move(vectors), dimensions, std::move(weights),
                     Tokenization::whole_words);
}

}  // namespace ax::semantic
