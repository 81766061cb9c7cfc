#include "ax/semantic/semantic.hpp"

#include <chrono>

#include <ax/flags/flags.hpp>
#include <ax/flags/unit.hpp>
#include <ax/sdk/file.hpp>
#include <ax/sdk/storage.hpp>
#include <ax/sdk/telemetry.hpp>

#include "ax/semantic/model2vec.hpp"
#include "ax/semantic/train.hpp"

namespace ax::semantic {

namespace {

namespace fs = std::filesystem;

// Lines of a symbol's body read into its vector: enough for what a function does, not a whole class.
constexpr std::uint32_t kBodyLines = 50;

// The text a symbol's vector is made of: its name (twice: what it is called weighs most), its
// signature, its doc comment and the first lines of its body. Files are read one at a time, as the
// store visits symbols file by file.
class SymbolTexts {
 public:
  explicit SymbolTexts(fs::path root) : root_(std::move(root)) {}
  std::string operator()(const sdk::StoredSymbol& stored) {
    const auto& s = stored.symbol;
    std::string text = s.name + " " + s.name + " " + s.signature + " " + s.doc;
    if (stored.path != path_) load(stored.path);
    const std::uint32_t first = std::max<std::uint32_t>(s.span.start_line, 1);
    const std::uint32_t last = std::min<std::uint32_t>(s.span.end_line, first + kBodyLines - 1);
    for (std::uint32_t line = first; line <= last && line <= lines_.size(); ++line) {
      text += ' ';
      text += lines_[line - 1];
    }
    return text;
  }

 private:
  void load(const std::string& path) {
    path_ = path;
    lines_.clear();
    auto contents = sdk::read_file(root_ / path);
    content_ = contents.ok() ? std::move(contents.bytes) : std::string();
    std::size_t start = 0;
    while (start < content_.size()) {
      std::size_t end = content_.find('\n', start);
      if (end == std::string::npos) end = content_.size();
      lines_.emplace_back(content_.data() + start, end - start);
      start = end + 1;
    }
  }
  fs::path root_;
  std::string path_;
  std::string content_;
  std::vector<std::string_view> lines_;
};

// semantic.model, relative paths taken from the repository root; empty when not set.
std::string configured_model(sdk::Host& host, const fs::path& root) {
  const auto value = host.config("semantic.model");
  if (!value || value->empty()) return {};
  fs::path path(*value);
  if (path.is_relative()) path = root / path;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return (ec ? path : canonical).string();
}

StaticModel load_user_model(const std::string& directory) {
  try {
    return load_model2vec(directory);
  } catch (const ModelError& e) {
    throw sdk::UserError(std::string("semantic.model: ") + e.what());
  }
}

}  // namespace

bool enabled(sdk::Host& host, const std::optional<fs::path>& repository_root) {
  for (const auto& value : host.config_values())
    if (value.key == "semantic.enabled" && value.source != "default") return value.value == "true";
  namespace fl = ax::flags;
  std::vector<fs::path> files{fl::user_flag_file()};
  if (repository_root) files.push_back(*repository_root / ".ax" / "flags.yaml");
  const fl::FlagSet flags = fl::load_flags(files, fl::process_environment());
  if (flags.flags.find(kFlag) == flags.flags.end()) return false;
  const fl::Context context{fl::default_unit(repository_root.value_or(host.working_directory())).id,
                            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
  const fl::Evaluation evaluation = fl::evaluate(flags, kFlag, context);
  if (evaluation.reason == fl::Reason::error)
    host.log(sdk::LogLevel::warn, std::string("flag ") + kFlag + " ignored: " + evaluation.detail);
  if (auto* telemetry = sdk::telemetry_sink(host)) telemetry->record_flag_exposure(kFlag, evaluation.variant);
  return evaluation.on;
}

fs::path vectors_file(const fs::path& state_dir) { return state_dir / "semantic" / "vectors.bin"; }

BuildReport update_after_index(sdk::Host& host, sdk::Repository& repository) {
  BuildReport report;
  if (!enabled(host, repository.root())) return report;
  const auto started = std::chrono::steady_clock::now();
  const fs::path file = vectors_file(repository.state_dir());
  const std::string model_directory = configured_model(host, repository.root());
  const std::uint64_t generation = repository.store().generation();
  std::error_code ec;
  if (fs::exists(file, ec)) {
    try {
      const auto existing = SymbolVectors::open(file);
      if (existing->source().generation == generation && existing->source().model_directory == model_directory)
        return report;
    } catch (const VectorFileError&) {
      // Damaged: made again below.
    }
  }
  std::unique_ptr<StaticModel> model;
  if (model_directory.empty()) {
    Corpus corpus;
    repository.store().for_each_symbol([&](const sdk::StoredSymbol& stored) {
      corpus.add(stored.symbol.name, stored.symbol.signature + " " + stored.symbol.doc);
    });
    try {
      model = std::make_unique<StaticModel>(train(corpus, TrainingOptions{}, &host.interrupted()));
    } catch (const TrainingInterrupted&) {
      host.log(sdk::LogLevel::warn, "semantic vectors not made: interrupted");
      return report;
    }
    report.vocabulary = model->size();
    report.training_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  } else {
    model = std::make_unique<StaticModel>(load_user_model(model_directory));
  }
  VectorWriter writer(*model);
  SymbolTexts text_of(repository.root());
  repository.store().for_each_symbol([&](const sdk::StoredSymbol& stored) { writer.add(stored.id, text_of(stored)); });
  if (host.interrupted().load()) return report;
  const std::string bytes = writer.serialize({model_directory, generation}, model_directory.empty());
  if (auto problem = sdk::write_file_atomically(file, bytes); !problem.empty()) throw sdk::UserError(problem);
  report.built = true;
  report.symbols = writer.size();
  report.bytes = bytes.size();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  host.log(sdk::LogLevel::info, "semantic vectors: " + std::to_string(report.symbols) + " symbols, " +
                                    std::to_string(report.vocabulary) + " words, " + std::to_string(report.bytes) +
                                    " bytes in " + std::to_string(report.seconds) + " s (training " +
                                    std::to_string(report.training_seconds) + " s)");
  return report;
}

SemanticSearch::SemanticSearch(std::unique_ptr<SymbolVectors> vectors, std::unique_ptr<StaticModel> user_model)
    : vectors_(std::move(vectors)), user_model_(std::move(user_model)) {}

std::vector<Neighbour> SemanticSearch::search(std::string_view text, std::size_t k) const {
  const StaticModel* model = user_model_ ? user_model_.get() : vectors_->model();
  if (model == nullptr) return {};
  auto query = model->embed(text);
  if (query.empty()) return {};
  return vectors_->nearest(std::move(query), k);
}

std::unique_ptr<SemanticSearch> open_for_query(sdk::Host& host, sdk::Repository& repository) {
  if (!enabled(host, repository.root())) return nullptr;
  const fs::path file = vectors_file(repository.state_dir());
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    host.log(sdk::LogLevel::warn, "semantic search is on but the index has no vectors yet; run ax index");
    return nullptr;
  }
  std::unique_ptr<SymbolVectors> vectors;
  try {
    vectors = SymbolVectors::open(file);
  } catch (const VectorFileError& e) {
    throw sdk::UserError(e.what());
  }
  const std::string model_directory = configured_model(host, repository.root());
  if (vectors->source().model_directory != model_directory) {
    host.log(sdk::LogLevel::warn, "the semantic vectors were made with " +
                                      (vectors->source().model_directory.empty() ? std::string("the trained model")
                                                                                 : vectors->source().model_directory) +
                                      ", not semantic.model's; run ax index");
    return nullptr;
  }
  std::unique_ptr<StaticModel> user_model;
  if (!model_directory.empty()) {
    user_model = std::make_unique<StaticModel>(load_user_model(model_directory));
    if (user_model->dimensions() != vectors->dimensions())
      throw sdk::UserError("semantic.model has " + std::to_string(user_model->dimensions()) +
                           " dimensions but the vectors " + std::to_string(vectors->dimensions()) + "; run ax index");
  }
  return std::make_unique<SemanticSearch>(std::move(vectors), std::move(user_model));
}

}  // namespace ax::semantic
