#include "ax/semantic/semantic.hpp"

#include <chrono>

#include <ax/flags/gate.hpp>
#include <ax/sdk/file.hpp>
#include <ax/sdk/storage.hpp>
#include <ax/sdk/telemetry.hpp>

#include "ax/semantic/model2vec.hpp"
#include "ax/semantic/train.hpp"

namespace ax::semantic {

namespace {

namespace fs = std::filesystem;

// The text a symbol's vector is made of: its name (twice: what it is called weighs most), its
// signature and its doc comment. (The first 50 lines of the body as well measured worse on the
// relevance benchmark's natural-language class: MRR 0.73x of ax without semantic search, tune split.)
std::string symbol_text(const sdk::StoredSymbol& stored) {
  const auto& s = stored.symbol;
  return s.name + " " + s.name + " " + s.signature + " " + s.doc;
}

// Symbols that get a vector: what natural-language queries look for (behaviour and types), not
// fields, variables, constants or configuration keys, which would crowd the nearest neighbours.
bool has_vector(sdk::SymbolKind kind) {
  using K = sdk::SymbolKind;
  switch (kind) {
    case K::function:
    case K::method:
    case K::class_:
    case K::interface:
    case K::trait:
    case K::struct_:
    case K::enum_:
    case K::union_:
    case K::type:
    case K::module:
    case K::macro:
    case K::impl:
      return true;
    default:
      return false;
  }
}

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
  // The rollback check, the exposure (with its unit) and the warning for a broken flag: gate_at().
  return ax::flags::gate_at(host, kFlag, repository_root).on;
}

fs::path vectors_file(const fs::path& state_dir) { return state_dir / "semantic" / "vectors.bin"; }

namespace {

// Embeds every symbol that gets a vector with `model` and writes the vectors file; report.built
// when written (not when Ctrl-C stopped it).
void write_vectors(sdk::Host& host, sdk::Repository& repository, const StaticModel& model, const VectorSource& source,
                   std::chrono::steady_clock::time_point started, BuildReport& report) {
  VectorWriter writer(model);
  repository.store().for_each_symbol([&](const sdk::StoredSymbol& stored) {
    if (has_vector(stored.symbol.kind)) writer.add(stored.id, symbol_text(stored));
  });
  if (host.interrupted().load()) return;
  const std::string bytes = writer.serialize(source, source.model_directory.empty());
  const fs::path file = vectors_file(repository.state_dir());
  if (auto problem = sdk::write_file_atomically(file, bytes); !problem.empty()) throw sdk::UserError(problem);
  report.built = true;
  report.symbols = writer.size();
  report.bytes = bytes.size();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  host.log(sdk::LogLevel::info, "semantic vectors: " + std::to_string(report.symbols) + " symbols, " +
                                    std::to_string(report.vocabulary) + " words, " + std::to_string(report.bytes) +
                                    " bytes in " + std::to_string(report.seconds) + " s (training " +
                                    std::to_string(report.training_seconds) + " s)");
}

}  // namespace

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
  write_vectors(host, repository, *model, {model_directory, generation}, started, report);
  return report;
}

BuildReport refresh_after_update(sdk::Host& host, sdk::Repository& repository) {
  BuildReport report;
  if (!enabled(host, repository.root())) return report;
  const auto started = std::chrono::steady_clock::now();
  const fs::path file = vectors_file(repository.state_dir());
  std::error_code ec;
  if (!fs::exists(file, ec)) return report;  // find says to run ax index, which trains
  const std::string model_directory = configured_model(host, repository.root());
  const std::uint64_t generation = repository.store().generation();
  std::unique_ptr<SymbolVectors> existing;
  try {
    existing = SymbolVectors::open(file);
  } catch (const VectorFileError&) {
    return report;  // damaged: find reports it, ax index makes it again
  }
  if (existing->source().generation == generation || existing->source().model_directory != model_directory)
    return report;
  std::unique_ptr<StaticModel> user_model;
  if (!model_directory.empty()) {
    user_model = std::make_unique<StaticModel>(load_user_model(model_directory));
    if (user_model->dimensions() != existing->dimensions()) return report;  // find says to run ax index
  }
  const StaticModel* model = user_model ? user_model.get() : existing->model();
  if (model == nullptr) return report;
  report.vocabulary = user_model ? 0 : model->size();
  // The trained model is read from the mapped file being replaced: the old file stays mapped (and
  // readable) until `existing` goes, after the new one is written beside it and renamed over it.
  write_vectors(host, repository, *model, {model_directory, generation}, started, report);
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
