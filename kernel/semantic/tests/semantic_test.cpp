#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <ax/semantic/model2vec.hpp>
#include <ax/semantic/train.hpp>
#include <ax/semantic/vectors.hpp>

namespace fs = std::filesystem;
using namespace ax::semantic;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("ax-semantic-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void write(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  return dot;
}

// A safetensors file holding one F32 or F16 `embeddings` tensor.
std::string safetensors(const std::vector<float>& values, std::size_t rows, std::size_t columns, bool half = false) {
  std::string data;
  for (float v : values) {
    if (half) {
      // Only values exactly representable: 0, ±0.5, ±1, ±2.
      std::uint16_t bits = v == 0 ? 0 : static_cast<std::uint16_t>((v < 0 ? 0x8000 : 0) | (std::ilogb(v) + 15) << 10);
      data.push_back(static_cast<char>(bits & 0xff));
      data.push_back(static_cast<char>(bits >> 8));
    } else {
      char bytes[4];
      std::memcpy(bytes, &v, 4);
      data.append(bytes, 4);
    }
  }
  const std::string header = R"({"__metadata__":{"format":"pt"},"embeddings":{"dtype":")" +
                             std::string(half ? "F16" : "F32") + R"(","shape":[)" + std::to_string(rows) + "," +
                             std::to_string(columns) + R"(],"data_offsets":[0,)" + std::to_string(data.size()) + "]}}";
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
  return out + header + data;
}

const char* kTokenizer = R"({"version":"1.0","model":{"type":"WordPiece","unk_token":"[UNK]",
  "continuing_subword_prefix":"##","vocab":{"[UNK]":0,"open":1,"file":2,"read":3,"##er":4,"socket":5}}})";

// Rows: [UNK]=0, open=(1,0), file=(0,1), read=(1,1), ##er=(-1,0), socket=(0,-1)
const std::vector<float> kRows{0, 0, 1, 0, 0, 1, 1, 1, -1, 0, 0, -1};

}  // namespace

TEST_CASE("text_words splits identifiers and prose into lower-case words") {
  CHECK(text_words("parseHTTPRequest2 reads_the_body") ==
        std::vector<std::string>{"parse", "http", "request", "2", "reads", "the", "body"});
  CHECK(text_words("utf8Decode(x)") == std::vector<std::string>{"utf", "8", "decode", "x"});
  CHECK(text_words("").empty());
}

TEST_CASE("a model trained on co-occurrence puts related words near each other") {
  Corpus corpus;
  for (int i = 0; i < 60; ++i) {
    corpus.add("dialSocket" + std::to_string(i % 7), "connects the socket to a network address over tcp");
    corpus.add("openNetworkConnection", "dial a tcp network socket connection");
    corpus.add("readFileContents" + std::to_string(i % 5), "reads the file from disk into a buffer");
    corpus.add("loadDiskFile", "open a file on disk and read its bytes into a buffer");
  }
  TrainingOptions options;
  options.dimensions = 8;
  const StaticModel model = train(corpus, options);
  REQUIRE(model.dimensions() == 8);
  REQUIRE(model.token("socket"));
  const auto network = model.embed("tcp network connection");
  const auto socket = model.embed("dialSocket");
  const auto file = model.embed("readFileContents");
  REQUIRE(!network.empty());
  CHECK(cosine(network, socket) > cosine(network, file) + 0.2);
  CHECK(model.embed("words never seen").empty());
  // Frequent words weigh less (SIF).
  CHECK(model.weights()[*model.token("a")] < model.weights()[*model.token("tcp")]);
}

TEST_CASE("training stops when interrupted") {
  Corpus corpus;
  for (int i = 0; i < 10; ++i) corpus.add("alpha beta", "gamma delta");
  std::atomic<bool> interrupted{true};
  CHECK_THROWS_AS(train(corpus, TrainingOptions{}, &interrupted), TrainingInterrupted);
}

TEST_CASE("symbol vectors round-trip through their file and find the nearest symbol") {
  TempDir dir;
  Corpus corpus;
  for (int i = 0; i < 40; ++i) {
    corpus.add("dialSocket", "connect a tcp network socket");
    corpus.add("readFile", "read the bytes of a file on disk");
    corpus.add("sortSlice", "sort the elements of a slice in order");
  }
  TrainingOptions options;
  options.dimensions = 6;
  const StaticModel model = train(corpus, options);
  VectorWriter writer(model);
  CHECK(writer.add(11, "dialSocket connect a tcp network socket"));
  CHECK(writer.add(22, "readFile read the bytes of a file on disk"));
  CHECK(writer.add(33, "sortSlice sort the elements of a slice in order"));
  CHECK_FALSE(writer.add(44, "nothing known here"));
  write(dir.path / "vectors.bin", writer.serialize({"", 7}, true));

  const auto vectors = SymbolVectors::open(dir.path / "vectors.bin");
  CHECK(vectors->size() == 3);
  CHECK(vectors->source().generation == 7);
  REQUIRE(vectors->model() != nullptr);
  const auto found = vectors->nearest(vectors->model()->embed("network connection over tcp"), 2);
  REQUIRE(found.size() == 2);
  CHECK(found[0].symbol_id == 11);
  CHECK(found[0].cosine >= found[1].cosine);

  // Damage is one line naming the file.
  std::string bytes = writer.serialize({"", 7}, true);
  write(dir.path / "short.bin", bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_WITH(SymbolVectors::open(dir.path / "short.bin"), Catch::Contains("short.bin: truncated"));
  write(dir.path / "foreign.bin", "hello world, not vectors");
  CHECK_THROWS_WITH(SymbolVectors::open(dir.path / "foreign.bin"), Catch::Contains("not an ax vectors file"));
}

TEST_CASE("a model2vec model loads and embeds with WordPiece tokens") {
  TempDir dir;
  write(dir.path / "model.safetensors", safetensors(kRows, 6, 2));
  write(dir.path / "tokenizer.json", kTokenizer);
  const StaticModel model = load_model2vec(dir.path);
  CHECK(model.dimensions() == 2);
  CHECK(model.size() == 6);
  // "reader" = read + ##er: (1,1) + (-1,0) = (0,1); "openFile" = (1,0) + (0,1).
  CHECK(model.tokens("reader") == std::vector<std::uint32_t>{3, 4});
  CHECK(model.tokens("openFile") == std::vector<std::uint32_t>{1, 2});
  const auto reader = model.embed("reader");
  REQUIRE(reader.size() == 2);
  CHECK(reader[0] == Approx(0).margin(1e-6));
  CHECK(reader[1] == Approx(1));
  const auto open_file = model.embed("openFile");
  CHECK(open_file[0] == Approx(std::sqrt(0.5)));
  // A word no pieces cover contributes nothing.
  CHECK(model.tokens("xyz").empty());

  write(dir.path / "model.safetensors", safetensors(kRows, 6, 2, true));
  const StaticModel half = load_model2vec(dir.path);
  CHECK(half.vector(5)[1] == -1.0F);
}

TEST_CASE("bad model2vec files are refused with one line") {
  TempDir dir;
  const auto refused = [&](const std::string& tensor, const std::string& tokenizer) {
    write(dir.path / "model.safetensors", tensor);
    write(dir.path / "tokenizer.json", tokenizer);
    try {
      load_model2vec(dir.path);
    } catch (const ModelError& e) {
      const std::string message = e.what();
      CHECK(message.find('\n') == std::string::npos);
      return message;
    }
    FAIL("accepted");
    return std::string();
  };
  const std::string good = safetensors(kRows, 6, 2);
  CHECK_THAT(refused("abc", kTokenizer), Catch::Contains("too short for a safetensors file"));
  CHECK_THAT(refused(std::string("\xff\xff\xff\xff\0\0\0\0", 8) + "{}", kTokenizer),
             Catch::Contains("does not fit the file"));
  std::string no_json = good;
  no_json[8] = '[';
  no_json[9] = '[';
  CHECK_THAT(refused(no_json, kTokenizer), Catch::Contains("header is not JSON"));
  CHECK_THAT(refused(good.substr(0, good.size() - 4), kTokenizer), Catch::Contains("data_offsets do not match"));
  std::string renamed = good;
  renamed.replace(renamed.find("embeddings"), 10, "embeddingz");
  CHECK_THAT(refused(renamed, kTokenizer), Catch::Contains("no tensor named 'embeddings'"));
  std::string int8 = good;
  int8.replace(int8.find("F32"), 3, "I32");
  CHECK_THAT(refused(int8, kTokenizer), Catch::Contains("dtype I32; F32 and F16 are supported"));
  CHECK_THAT(refused(good, "{not json"), Catch::Contains("tokenizer.json: not JSON"));
  CHECK_THAT(refused(good, R"({"model":{"type":"BPE","vocab":{}}})"), Catch::Contains("tokenizer type BPE"));
  CHECK_THAT(refused(good, R"({"model":{"type":"WordPiece","vocab":{"open":9}}})"),
             Catch::Contains("token 'open' has id 9 beyond the 6 rows"));
  CHECK_THAT(refused(good, R"({"nothing":1})"), Catch::Contains("no WordPiece vocabulary"));
  fs::remove_all(dir.path / "model.safetensors");
  CHECK_THROWS_WITH(load_model2vec(dir.path), Catch::Contains("cannot read"));
  CHECK_THROWS_WITH(load_model2vec(dir.path / "absent"), Catch::Contains("is not a model directory"));
}
