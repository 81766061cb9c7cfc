// Optional semantic search for `ax find`, off by default: the config key semantic.enabled, else the
// feature flag semantic-search, turns it on. When on, `ax index` ends by (re)making the symbol
// vectors (one call, update_after_index), `ax watch` and `ax serve` refresh them after each update
// (refresh_after_update), and `ax find` fuses their ranking with its own.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ax/sdk/host.hpp>

#include "ax/semantic/model.hpp"
#include "ax/semantic/vectors.hpp"

namespace ax::semantic {

inline constexpr const char* kFlag = "semantic-search";

// semantic.enabled when configured (not its default), else the flag for the unit (an exposure for
// telemetry when the flag is defined).
bool enabled(sdk::Host& host, const std::optional<std::filesystem::path>& repository_root);

std::filesystem::path vectors_file(const std::filesystem::path& state_dir);

struct BuildReport {
  bool built = false;  // false: off, or the vectors were already up to date
  std::size_t symbols = 0;
  std::size_t vocabulary = 0;  // words of a trained model; 0 for a model2vec one
  std::uintmax_t bytes = 0;
  double seconds = 0;
  double training_seconds = 0;  // of which training the model (0 with a model2vec one)
};

// After `ax index`: when semantic search is on and the vectors are older than the store (or made by
// another model), trains a model on the store's symbols (or loads semantic.model) and writes the
// vectors. Throws sdk::UserError for a bad semantic.model; stops without writing on Ctrl-C.
BuildReport update_after_index(sdk::Host& host, sdk::Repository& repository);

// After `ax watch` or `ax serve` applied changes: when semantic search is on and the vectors, made by
// the configured model, are older than the store, embeds the symbols again with the model that made
// them, without training (`ax index` retrains), so that changed and new definitions have vectors.
// Nothing when off, when there are no vectors or they are damaged or of another model (find says to
// run ax index). Costs one pass over the store's symbols.
BuildReport refresh_after_update(sdk::Host& host, sdk::Repository& repository);

// The query side: the model and the vectors, searched for a query's text.
class SemanticSearch {
 public:
  SemanticSearch(std::unique_ptr<SymbolVectors> vectors, std::unique_ptr<StaticModel> user_model);
  // The k symbols nearest the text; empty when no word of it is known to the model.
  std::vector<Neighbour> search(std::string_view text, std::size_t k) const;
  const SymbolVectors& vectors() const { return *vectors_; }

 private:
  std::unique_ptr<SymbolVectors> vectors_;
  std::unique_ptr<StaticModel> user_model_;  // model2vec; the trained model lives in the vectors
};

// nullptr when semantic search is off. When on but the index has no vectors (or vectors of another
// model), warns once and returns nullptr; throws sdk::UserError for damaged vectors or a bad model.
std::unique_ptr<SemanticSearch> open_for_query(sdk::Host& host, sdk::Repository& repository);

}  // namespace ax::semantic
