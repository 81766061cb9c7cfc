#include "ax/semantic/vectors.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ax::semantic {

namespace {

constexpr char kMagic[8] = {'A', 'X', 'S', 'E', 'M', 'V', '2', '\n'};  // 2: definitions only
constexpr float kScale = 127.0F;

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void put_floats(std::string& out, std::span<const float> values) {
  out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

void align(std::string& out, std::size_t to) {
  while (out.size() % to != 0) out.push_back('\0');
}

// Sequential reads over the mapped bytes, every one bounds-checked.
class Reader {
 public:
  Reader(const char* data, std::size_t size) : data_(data), size_(size) {}
  template <typename T>
  T get() {
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  const char* take(std::size_t bytes) {
    if (bytes > size_ - offset_) throw VectorFileError("truncated");
    const char* at = data_ + offset_;
    offset_ += bytes;
    return at;
  }
  void align(std::size_t to) { take((to - offset_ % to) % to); }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
};

std::vector<float> floats(Reader& reader, std::size_t count) {
  if (count > (std::size_t{1} << 32)) throw VectorFileError("implausible size");
  std::vector<float> values(count);
  std::memcpy(values.data(), reader.take(count * sizeof(float)), count * sizeof(float));
  return values;
}

}  // namespace

bool VectorWriter::add(std::uint64_t symbol_id, std::string_view text) {
  const auto vector = model_.embed(text);
  if (vector.empty()) return false;
  ids_.push_back(symbol_id);
  sum_.resize(vector.size(), 0.0);
  for (std::size_t d = 0; d < vector.size(); ++d) {
    sum_[d] += vector[d];
    rows_.push_back(static_cast<std::int8_t>(std::lround(vector[d] * kScale)));
  }
  return true;
}

std::string VectorWriter::serialize(const VectorSource& source, bool store_model) const {
  const std::size_t dims = model_.dimensions();
  std::vector<float> mean(dims, 0.0F);
  if (!ids_.empty())
    for (std::size_t d = 0; d < dims; ++d) mean[d] = static_cast<float>(sum_[d] / static_cast<double>(ids_.size()));

  std::string out(kMagic, sizeof kMagic);
  put(out, static_cast<std::uint32_t>(dims));
  put(out, static_cast<std::uint32_t>(store_model ? 0 : 1));
  put(out, source.generation);
  put(out, static_cast<std::uint64_t>(ids_.size()));
  put(out, static_cast<std::uint64_t>(store_model ? model_.size() : 0));
  put(out, static_cast<std::uint64_t>(source.model_directory.size()));
  out += source.model_directory;
  align(out, 4);
  put_floats(out, mean);
  if (store_model) {
    for (const auto& word : model_.vocabulary()) {
      put(out, static_cast<std::uint32_t>(word.size()));
      out += word;
    }
    align(out, 4);
    put_floats(out, model_.weights());
    for (std::size_t t = 0; t < model_.size(); ++t) put_floats(out, model_.vector(t));
  }
  align(out, 8);
  out.append(reinterpret_cast<const char*>(ids_.data()), ids_.size() * sizeof(std::uint64_t));
  std::vector<float> row(dims);
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    for (std::size_t d = 0; d < dims; ++d) row[d] = static_cast<float>(rows_[i * dims + d]) / kScale - mean[d];
    normalize(row);
    for (float x : row) out.push_back(static_cast<char>(static_cast<std::int8_t>(std::lround(x * kScale))));
  }
  return out;
}

std::unique_ptr<SymbolVectors> SymbolVectors::open(const std::filesystem::path& file) {
  std::unique_ptr<SymbolVectors> vectors(new SymbolVectors());
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw VectorFileError("cannot open " + file.string() + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    throw VectorFileError(file.string() + " is empty");
  }
  vectors->mapped_ = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, vectors->mapped_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) throw VectorFileError("cannot map " + file.string() + ": " + std::strerror(errno));
  vectors->map_ = map;
  try {
    Reader reader(static_cast<const char*>(map), vectors->mapped_);
    if (std::memcmp(reader.take(sizeof kMagic), kMagic, sizeof kMagic) != 0)
      throw VectorFileError("not an ax vectors file");
    const auto dims = reader.get<std::uint32_t>();
    const auto kind = reader.get<std::uint32_t>();
    vectors->source_.generation = reader.get<std::uint64_t>();
    const auto symbols = reader.get<std::uint64_t>();
    const auto vocabulary = reader.get<std::uint64_t>();
    const auto directory = reader.get<std::uint64_t>();
    if (dims == 0 || dims > 65536 || kind > 1 || (kind == 1 && vocabulary != 0) || directory > 4096)
      throw VectorFileError("implausible header");
    vectors->dimensions_ = dims;
    vectors->source_.model_directory.assign(reader.take(directory), directory);
    reader.align(4);
    vectors->mean_ = floats(reader, dims);
    if (kind == 0) {
      if (vocabulary > (1U << 24)) throw VectorFileError("implausible vocabulary");
      std::vector<std::string> words;
      words.reserve(vocabulary);
      for (std::uint64_t i = 0; i < vocabulary; ++i) {
        const auto length = reader.get<std::uint32_t>();
        words.emplace_back(reader.take(length), length);
      }
      reader.align(4);
      auto weights = floats(reader, vocabulary);
      // The word vectors stay in the map (4-byte aligned there): only what a query touches is read.
      const auto* rows = reinterpret_cast<const float*>(reader.take(vocabulary * dims * sizeof(float)));
      vectors->model_ = std::make_unique<StaticModel>(std::move(words), std::span<const float>(rows, vocabulary * dims),
                                                      dims, std::move(weights), Tokenization::whole_words);
    }
    reader.align(8);
    if (symbols > vectors->mapped_ / 8) throw VectorFileError("implausible symbol count");
    const char* ids = reader.take(symbols * sizeof(std::uint64_t));
    const char* rows = reader.take(symbols * dims);
    vectors->ids_ = {reinterpret_cast<const std::uint64_t*>(ids), symbols};
    vectors->rows_ = {reinterpret_cast<const std::int8_t*>(rows), symbols * dims};
  } catch (const VectorFileError& e) {
    throw VectorFileError(file.string() + ": " + e.what() + " (run ax index to rebuild it)");
  } catch (const std::invalid_argument& e) {
    throw VectorFileError(file.string() + ": " + e.what() + " (run ax index to rebuild it)");
  }
  return vectors;
}

SymbolVectors::~SymbolVectors() {
  model_.reset();  // before the vectors it reads go
  if (map_ != nullptr) ::munmap(map_, mapped_);
}

std::vector<Neighbour> SymbolVectors::nearest(std::vector<float> query, std::size_t k) const {
  std::vector<Neighbour> best;
  if (query.size() != dimensions_ || k == 0) return best;
  for (std::size_t d = 0; d < dimensions_; ++d) query[d] -= mean_[d];
  normalize(query);
  std::vector<std::int16_t> q(dimensions_);
  for (std::size_t d = 0; d < dimensions_; ++d) q[d] = static_cast<std::int16_t>(std::lround(query[d] * kScale));
  // A min-heap of the best k by score.
  std::vector<std::pair<std::int32_t, std::size_t>> heap;
  heap.reserve(k + 1);
  const auto worse = [](const auto& a, const auto& b) { return a.first > b.first; };
  for (std::size_t i = 0; i < ids_.size(); ++i) {
    const std::int8_t* row = rows_.data() + i * dimensions_;
    std::int32_t dot = 0;
    for (std::size_t d = 0; d < dimensions_; ++d) dot += static_cast<std::int32_t>(row[d]) * q[d];
    if (heap.size() < k) {
      heap.emplace_back(dot, i);
      std::push_heap(heap.begin(), heap.end(), worse);
    } else if (dot > heap.front().first) {
      std::pop_heap(heap.begin(), heap.end(), worse);
      heap.back() = {dot, i};
      std::push_heap(heap.begin(), heap.end(), worse);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), worse);
  for (const auto& [dot, i] : heap) best.push_back({ids_[i], static_cast<float>(dot) / (kScale * kScale)});
  return best;
}

}  // namespace ax::semantic
