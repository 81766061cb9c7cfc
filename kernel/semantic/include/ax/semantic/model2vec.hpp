// A user-supplied static embedding model in the model2vec format: a directory holding
// `model.safetensors` (an `embeddings` tensor, vocabulary × dimensions, F32 or F16) and
// `tokenizer.json` (a WordPiece vocabulary, token -> row). A text's vector is the mean of its
// tokens' rows.
#pragma once
#include <filesystem>
#include <stdexcept>

#include "ax/semantic/model.hpp"

namespace ax::semantic {

// A model directory that cannot be used; what() is one line naming the file and the problem.
class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

StaticModel load_model2vec(const std::filesystem::path& directory);

}  // namespace ax::semantic
