#include "ax/semantic/model2vec.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

namespace ax::semantic {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint64_t kMaxHeader = 100U << 20;  // safetensors caps its JSON header at 100 MB

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError("cannot read " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw ModelError("cannot read " + path.string());
  return bytes;
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = (h >> 15) & 1U, exponent = (h >> 10) & 0x1fU, mantissa = h & 0x3ffU;
  float value;
  if (exponent == 0)
    value = std::ldexp(static_cast<float>(mantissa), -24);
  else if (exponent == 31)
    value = mantissa == 0 ? std::numeric_limits<float>::infinity() : std::numeric_limits<float>::quiet_NaN();
  else
    value = std::ldexp(static_cast<float>(mantissa | 0x400U), static_cast<int>(exponent) - 25);
  return sign != 0U ? -value : value;
}

struct Tensor {
  std::size_t rows = 0, columns = 0;
  std::vector<float> values;
};

Tensor read_embeddings(const fs::path& path) {
  const std::string file = read_all(path);
  const std::string where = path.string() + ": ";
  if (file.size() < 8) throw ModelError(where + "too short for a safetensors file");
  std::uint64_t header_size = 0;
  for (int i = 7; i >= 0; --i)
    header_size = header_size << 8 | static_cast<unsigned char>(file[static_cast<std::size_t>(i)]);
  if (header_size > kMaxHeader || header_size > file.size() - 8)
    throw ModelError(where + "header length " + std::to_string(header_size) + " does not fit the file");
  json header;
  try {
    header = json::parse(file.begin() + 8, file.begin() + 8 + static_cast<std::ptrdiff_t>(header_size));
  } catch (const json::exception& e) {
    throw ModelError(where + "header is not JSON (" + std::string(e.what()).substr(0, 120) + ")");
  }
  if (!header.is_object() || !header.contains("embeddings")) throw ModelError(where + "no tensor named 'embeddings'");
  const json& tensor = header["embeddings"];
  try {
    const std::string dtype = tensor.at("dtype").get<std::string>();
    const auto shape = tensor.at("shape").get<std::vector<std::uint64_t>>();
    const auto offsets = tensor.at("data_offsets").get<std::vector<std::uint64_t>>();
    if (shape.size() != 2 || shape[0] == 0 || shape[1] == 0 || shape[1] > 65536)
      throw ModelError(where + "'embeddings' must be a matrix of tokens × dimensions (at most 65536)");
    std::size_t width;
    if (dtype == "F32")
      width = 4;
    else if (dtype == "F16")
      width = 2;
    else
      throw ModelError(where + "'embeddings' has dtype " + dtype + "; F32 and F16 are supported");
    const std::uint64_t data_size = file.size() - 8 - header_size;
    if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size ||
        shape[0] > (offsets[1] - offsets[0]) / shape[1] / width ||
        offsets[1] - offsets[0] != shape[0] * shape[1] * width)
      throw ModelError(where + "'embeddings' data_offsets do not match its shape and the file's size");
    Tensor out{static_cast<std::size_t>(shape[0]), static_cast<std::size_t>(shape[1]), {}};
    out.values.resize(out.rows * out.columns);
    const char* data = file.data() + 8 + header_size + offsets[0];
    for (std::size_t i = 0; i < out.values.size(); ++i) {
      if (width == 4) {
        std::uint32_t bits = 0;
        for (int b = 3; b >= 0; --b)
          bits = bits << 8 | static_cast<unsigned char>(data[i * 4 + static_cast<std::size_t>(b)]);
        out.values[i] = std::bit_cast<float>(bits);
      } else {
        const auto bits = static_cast<std::uint16_t>(static_cast<unsigned char>(data[i * 2]) |
                                                     static_cast<unsigned char>(data[i * 2 + 1]) << 8);
        out.values[i] = half_to_float(bits);
      }
      if (!std::isfinite(out.values[i])) throw ModelError(where + "'embeddings' holds a value that is not finite");
    }
    return out;
  } catch (const json::exception& e) {
    throw ModelError(where + "'embeddings' lacks dtype, shape or data_offsets (" +
                     std::string(e.what()).substr(0, 120) + ")");
  }
}

}  // namespace

StaticModel load_model2vec(const fs::path& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw ModelError(directory.string() + " is not a model directory (model.safetensors and tokenizer.json)");
  Tensor embeddings = read_embeddings(directory / "model.safetensors");
  const fs::path tokenizer_path = directory / "tokenizer.json";
  const std::string where = tokenizer_path.string() + ": ";
  json tokenizer;
  try {
    tokenizer = json::parse(read_all(tokenizer_path));
  } catch (const json::exception& e) {
    throw ModelError(where + "not JSON (" + std::string(e.what()).substr(0, 120) + ")");
  }
  std::vector<std::string> vocabulary(embeddings.rows);
  std::string continuation = "##";
  try {
    const json& model = tokenizer.at("model");
    const std::string type = model.value("type", "WordPiece");
    if (type != "WordPiece") throw ModelError(where + "tokenizer type " + type + " is not supported (WordPiece is)");
    if (model.contains("continuing_subword_prefix") && model["continuing_subword_prefix"].is_string())
      continuation = model["continuing_subword_prefix"].get<std::string>();
    std::vector<bool> seen(embeddings.rows, false);
    for (const auto& [token, id_value] : model.at("vocab").items()) {
      const auto id = id_value.get<std::uint64_t>();
      if (id >= embeddings.rows)
        throw ModelError(where + "token '" + token.substr(0, 40) + "' has id " + std::to_string(id) + " beyond the " +
                         std::to_string(embeddings.rows) + " rows of 'embeddings'");
      vocabulary[id] = token;
      seen[id] = true;
    }
    // Rows no token names stay unreachable: give them a name no text produces.
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (!seen[i]) vocabulary[i] = std::string("\x01unused") + std::to_string(i);
  } catch (const json::exception& e) {
    throw ModelError(where + "no WordPiece vocabulary at model.vocab (" + std::string(e.what()).substr(0, 120) + ")");
  }
  try {
    return StaticModel(std::move(vocabulary), std::move(embeddings.values), embeddings.columns, {},
                       Tokenization::word_piece, continuation);
  } catch (const std::invalid_argument& e) {
    throw ModelError(directory.string() + ": " + e.what());
  }
}

}  // namespace ax::semantic
