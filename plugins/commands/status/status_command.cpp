// `ax status`: what the index holds.
#include <ctime>
#include <iomanip>
#include <optional>
#include <string>

#include <ax/sdk/sdk.hpp>

#include "serve_client.hpp"

#include "run_state.hpp"

namespace {

constexpr const char* kUsage = R"(Usage: ax status [--json] [--verify]

Shows the index of the repository containing the current directory: files and symbols per
language, files recorded without a language (binary or unsupported), store size, schema version,
index generation (store and search index), and when it was last indexed. An index that an
interrupted or crashed `ax index` left partly updated is said to be incomplete. When `ax serve` runs
for the repository: its pid and its query cache (entries, memory, hits, misses, evictions,
expirations, invalidations).

  --verify   also read the whole search index and report it current, behind or damaged (a damaged
             one is rebuilt from the store, unless an `ax index` is running); takes time in
             proportion to the index's size, so it is not done by default
)";

std::string format_time(std::int64_t unix_seconds) {
  if (unix_seconds == 0) return "never";
  std::time_t t = unix_seconds;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buffer;
}

struct SearchState {
  std::uint64_t generation = 0;
  std::string state;  // "current", "behind" or "damaged"
  std::optional<std::string> damage;
};

// Compares the search index's generation with the store's; with `verify`, first checks the whole
// index (repairing it when no other process is writing it).
SearchState search_state(ax::sdk::Repository& repository, std::uint64_t store_generation, bool verify) {
  SearchState search;
  if (verify) search.damage = repository.verify_search();
  if (!search.damage) {
    try {
      search.generation = repository.search().generation();
    } catch (const ax::sdk::SearchIndexDamagedError& error) {
      search.damage = error.what();
    }
  }
  search.state = search.damage ? "damaged" : search.generation == store_generation ? "current" : "behind";
  return search;
}

// The running server's line: its pid and its cache's counters.
void print_server(std::ostream& out, const nlohmann::json& server) {
  try {
    const auto& cache = server.at("cache");
    const auto hits = cache.at("hits").get<std::uint64_t>();
    const auto misses = cache.at("misses").get<std::uint64_t>();
    out << "Server       pid " << server.at("pid").get<long>()
        << (server.value("watching", false) ? ", watching the tree, " : ", not watching the tree, ")
        << server.at("requests").get<std::uint64_t>() << " requests, " << server.at("updates").get<std::uint64_t>()
        << " index updates\n"
        << "Query cache  " << cache.at("entries").get<std::uint64_t>() << " entries, "
        << ax::sdk::format_size(cache.at("bytes").get<std::uint64_t>()) << " of "
        << ax::sdk::format_size(cache.at("max_bytes").get<std::uint64_t>()) << "; " << hits << " hits, " << misses
        << " misses";
    if (hits + misses > 0) out << " (" << (100 * hits + (hits + misses) / 2) / (hits + misses) << "% hits)";
    out << ", " << cache.at("evictions").get<std::uint64_t>() << " evictions, "
        << cache.at("expirations").get<std::uint64_t>() << " expirations, "
        << cache.at("invalidations").get<std::uint64_t>() << " invalidations\n";
  } catch (const nlohmann::json::exception&) {
    out << "Server       answered with a status this ax does not read\n";
  }
}

// "server": its pid, counts and cache counters (present only while a server runs).
void write_server(ax::sdk::JsonWriter& json, const nlohmann::json& server) {
  auto write_numbers = [&](const nlohmann::json& object) {
    for (const auto& [key, value] : object.items()) {
      if (value.is_boolean())
        json.field(key, value.get<bool>());
      else if (value.is_number_unsigned() || value.is_number_integer())
        json.field(key, value.get<std::int64_t>());
      else if (value.is_number())
        json.field(key, value.get<double>());
    }
  };
  json.key("server").begin_object();
  write_numbers(server);
  if (server.contains("cache") && server["cache"].is_object()) {
    json.key("cache").begin_object();
    write_numbers(server["cache"]);
    json.end_object();
  }
  json.end_object();
}

class StatusCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--verify"}, {});
    if (!args.positional().empty()) throw ax::sdk::UsageError("ax status takes no arguments");
    auto repository = ax::sdk::require_repository(host);
    // Reads every file record, as `ax index` does first: a store it refuses is refused here too.
    repository->store().files();
    auto stats = repository->store().stats();
    const SearchState search = search_state(*repository, stats.generation, args.has("--verify"));
    // Left by an index run that committed part of its work and has not completed (see run_state.hpp).
    const bool incomplete = ax::index::is_incomplete(repository->state_dir());
    const auto server = ax::serve::server_status(repository->root());
    std::uint64_t unindexed = 0, indexed_files = 0, indexed_symbols = 0;
    for (const auto& [language, s] : stats.languages) {
      if (language.empty()) {
        unindexed += s.files;
      } else {
        indexed_files += s.files;
        indexed_symbols += s.symbols;
      }
    }
    if (args.has("--json")) {
      ax::sdk::JsonWriter json(host.out());
      json.begin_object()
          .field("root", repository->root().string())
          .field("incomplete", incomplete)
          .field("files", indexed_files)
          .field("symbols", indexed_symbols)
          .field("unindexed_files", unindexed)
          .field("imports", stats.imports)
          .field("references", stats.references)
          .field("store_bytes", stats.size_bytes)
          .field("schema_version", stats.schema_version)
          .field("generation", stats.generation)
          .field("search_generation", search.generation)
          .field("search_state", search.state)
          .field("last_indexed_unix", stats.last_indexed_unix);
      json.key("languages").begin_object();
      for (const auto& [language, s] : stats.languages) {
        if (language.empty()) continue;
        json.key(language)
            .begin_object()
            .field("files", s.files)
            .field("symbols", s.symbols)
            .field("bytes", s.bytes)
            .end_object();
      }
      json.end_object();
      if (server) write_server(json, *server);
      json.end_object();
      host.out() << "\n";
      return ax::sdk::kExitOk;
    }
    auto& out = host.out();
    out << "Repository   " << ax::sdk::printable(repository->root().string()) << "\n";
    if (incomplete)
      out << "Incomplete   the last ax index did not finish (interrupted, or still running); run ax index\n";
    out << "Indexed      " << format_time(stats.last_indexed_unix) << "\n"
        << "Files        " << indexed_files << " indexed";
    if (unindexed > 0) out << ", " << unindexed << " without a supported language";
    out << "\nSymbols      " << indexed_symbols << "\n"
        << "Imports      " << stats.imports << "\nReferences   " << stats.references << "\n"
        << "Store        " << ax::sdk::format_size(stats.size_bytes) << ", schema " << stats.schema_version
        << ", generation " << stats.generation << "\n"
        << "Search index generation " << search.generation << " (" << search.state << ")\n";
    if (search.damage) out << "             " << *search.damage << "\n";
    if (server) print_server(out, *server);
    out << "\n";
    out << std::left << std::setw(12) << "LANGUAGE" << std::right << std::setw(8) << "FILES" << std::setw(10)
        << "SYMBOLS" << std::setw(12) << "SIZE"
        << "\n";
    for (const auto& [language, s] : stats.languages) {
      if (language.empty()) continue;
      out << std::left << std::setw(12) << language << std::right << std::setw(8) << s.files << std::setw(10)
          << s.symbols << std::setw(12) << ax::sdk::format_size(s.bytes) << "\n";
    }
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"status", "show what the index holds", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "status", "1.0.0", "Index status", kCommands, StatusCommand)
