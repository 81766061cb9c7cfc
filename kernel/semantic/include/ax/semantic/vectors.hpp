// Symbol vectors on disk (.ax/semantic/vectors.bin): int8, one row per symbol, beside the model
// that made them (a trained model is stored whole; a model2vec model by its directory), read through
// a read-only memory map and searched by brute force (a dot product per symbol).
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "ax/semantic/model.hpp"

namespace ax::semantic {

// A vectors file that cannot be read; what() is one line.
class VectorFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VectorSource {
  std::string model_directory;   // empty: the repository-trained model stored in the file
  std::uint64_t generation = 0;  // of the store the vectors were made from
};

// Builds the rows: each symbol's text embedded, the mean of all removed (what every vector shares
// says nothing about one), unit length, quantised to int8.
class VectorWriter {
 public:
  explicit VectorWriter(const StaticModel& model) : model_(model) {}
  // False (nothing added) when no token of the text is known.
  bool add(std::uint64_t symbol_id, std::string_view text);
  std::size_t size() const { return ids_.size(); }
  // The file's bytes; the trained model goes in when `store_model`.
  std::string serialize(const VectorSource& source, bool store_model) const;

 private:
  const StaticModel& model_;
  std::vector<std::uint64_t> ids_;
  std::vector<std::int8_t> rows_;  // quantised as added: a quarter of the memory of floats
  std::vector<double> sum_;        // of the unquantised vectors, for the mean
};

struct Neighbour {
  std::uint64_t symbol_id = 0;
  float cosine = 0;
};

class SymbolVectors {
 public:
  // Throws VectorFileError for a damaged, truncated or foreign file.
  static std::unique_ptr<SymbolVectors> open(const std::filesystem::path& file);
  ~SymbolVectors();
  SymbolVectors(const SymbolVectors&) = delete;
  SymbolVectors& operator=(const SymbolVectors&) = delete;

  const VectorSource& source() const { return source_; }
  std::size_t size() const { return ids_.size(); }
  std::size_t dimensions() const { return dimensions_; }
  // The trained model stored in the file; nullptr for a model2vec file.
  const StaticModel* model() const { return model_.get(); }
  // The `k` symbols most similar to the (unit-length) query vector, best first.
  std::vector<Neighbour> nearest(std::vector<float> query, std::size_t k) const;

 private:
  SymbolVectors() = default;
  void* map_ = nullptr;
  std::size_t mapped_ = 0;
  VectorSource source_;
  std::size_t dimensions_ = 0;
  std::vector<float> mean_;
  std::unique_ptr<StaticModel> model_;
  std::span<const std::uint64_t> ids_;
  std::span<const std::int8_t> rows_;
};

}  // namespace ax::semantic
