// `ax find QUERY` and `ax def NAME`: arguments and printing; the finding is the ax_query library.
// The ax_query_cli library: run by the query plugin, and by `ax serve`, so both print alike.
#include "query_cli.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <set>

#include <ax/flags/gate.hpp>
#include <ax/sdk/sdk.hpp>

#include "query_engine.hpp"
#include "query_parser.hpp"

namespace {

// Usage telemetry: the kind of query, how many results and how long; never the query text.
void record_query(ax::sdk::Host& host, const char* kind, std::size_t results,
                  std::chrono::steady_clock::time_point started) {
  if (auto* telemetry = ax::sdk::telemetry_sink(host))
    telemetry->record_query(kind, results,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}
namespace fs = std::filesystem;
using ax::sdk::Host;

std::size_t default_limit(Host& host) {
  auto value = host.config("find.limit");
  const std::size_t limit = value ? ax::sdk::parse_count(*value).value_or(20) : 20;
  if (limit == 0) throw ax::sdk::UserError("find.limit is 0; set it to at least 1 (ax config set find.limit 20)");
  return limit;
}

// How many results to show: --limit, else find.limit. Showing none is not a query: 0 is refused.
std::size_t result_limit(const ax::sdk::Args& args, Host& host) {
  const std::size_t limit = args.get_count("--limit", args.get("--limit") ? 1 : default_limit(host));
  if (limit == 0) throw ax::sdk::UsageError("--limit must be at least 1");
  return limit;
}

// The ids of the installed language plugins, which are what lang: filters can name.
std::vector<std::string> known_languages(Host& host) {
  std::vector<std::string> ids;
  for (const auto* language : host.languages()) ids.push_back(language->info().id);
  return ids;
}

// A language a filter names: asked of the host by its id first, which loads that language's plugin
// alone; only a name it does not know has every language plugin loaded, for the closest one.
void require_known_language(Host& host, const std::string& id) {
  if (host.language(id) == nullptr) ax::query::require_known("language", id, known_languages(host));
}

// Unknown lang:/kind: values would match nothing and look like "no results": name them instead.
void require_known_filters(const ax::sdk::SearchQuery& query, Host& host) {
  for (const auto* values : {&query.languages.include, &query.languages.exclude})
    for (const auto& value : *values) require_known_language(host, value);
  for (const auto* values : {&query.kinds.include, &query.kinds.exclude})
    for (const auto& value : *values) ax::query::require_known("kind", value, ax::query::known_kinds());
}

// Lines first..last of a file, read at display time: the index keeps no copy of the text.
std::string read_lines(const fs::path& file, std::uint32_t first, std::uint32_t last) {
  std::ifstream in(file, std::ios::binary);
  std::string line, text;
  for (std::uint32_t number = 1; number <= last && std::getline(in, line); ++number)
    if (number >= first) text += line + "\n";
  return text;
}

// The first line of a chunk that mentions a query word, for display.
std::string matching_line(const std::string& body, const std::vector<std::string>& words) {
  std::size_t pos = 0;
  std::string first_nonblank;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    std::string line = body.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    auto start = line.find_first_not_of(" \t");
    if (start != std::string::npos) {
      line = line.substr(start);
      if (first_nonblank.empty()) first_nonblank = line;
      std::string l = ax::sdk::ascii_lower(line);
      for (const auto& w : words)
        if (!w.empty() && l.find(ax::sdk::ascii_lower(w)) != std::string::npos) return line.substr(0, 160);
    }
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  return first_nonblank.substr(0, 160);
}

// The BM25-only ranking is also an experiment behind the feature flag bm25-ranking: when rank.mode is
// not configured and --rank not given, find ranks by BM25 alone for the units the flag is on for
// (--user NAME picks the unit). The gate records the exposure, joined with this run's outcome.
constexpr const char* kRankingFlag = "bm25-ranking";

void apply_ranking_flag(ax::query::RankConfig& config, Host& host, const std::optional<std::string>& user) {
  for (const auto& value : host.config_values())
    if (value.key == "rank.mode" && value.source != "default") return;
  if (ax::flags::gate(host, kRankingFlag, user).on) config.mode = ax::query::RankMode::bm25;
}

ax::query::RankConfig rank_config(const ax::sdk::Args& args, Host& host) {
  auto config = ax::query::rank_config([&](std::string_view key) { return host.config(key); });
  const auto user = args.get("--user");
  if (user && user->empty()) throw ax::sdk::UsageError("--user needs a name");
  if (!args.get("--rank")) apply_ranking_flag(config, host, user);
  if (auto mode = args.get("--rank")) {
    if (*mode == "bm25")
      config.mode = ax::query::RankMode::bm25;
    else if (*mode == "ax")
      config.mode = ax::query::RankMode::ax;
    else
      throw ax::sdk::UsageError("--rank expects ax or bm25, not '" + *mode + "'");
  }
  return config;
}

void print_analysis(std::ostream& err, const ax::query::FindResult& result, const ax::query::RankConfig& rank) {
  const auto& a = result.analysis;
  auto joined = [](const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
    return text.empty() ? std::string("-") : text;
  };
  err << "query: intent " << ax::query::to_string(a.intent) << "; words " << joined(a.content_words) << "; stop words "
      << joined(a.stop_words) << "; identifiers " << joined(a.identifiers) << "\n";
  err << "query: ranking " << (rank.mode == ax::query::RankMode::bm25 ? "bm25" : "ax") << "; " << result.candidates
      << " candidates, " << result.hits.size() << " shown";
  if (rank.mode == ax::query::RankMode::ax && result.semantic_ms > 0)
    err << "; semantic: " << result.semantic_candidates << " nearest symbols fused (" << std::fixed
        << std::setprecision(1) << result.semantic_ms << " ms)";
  err << "\n";
}

void write_hit(ax::sdk::JsonWriter& json, const ax::query::RankedHit& r, const std::vector<std::string>& words,
               bool explain) {
  const auto& d = r.hit.document;
  json.begin_object()
      .field("path", d.path)
      .field("line", d.line)
      .field("end_line", d.end_line)
      .field("kind", d.kind)
      .field("name", d.name)
      .field("qualified_name", d.qualified_name)
      .field("language", d.language)
      .field("signature", d.kind == "chunk" ? matching_line(d.body, words) : d.signature)
      .field("score", r.hit.score);
  json.key("relevance_factors").begin_object();
  json.field("text", r.bm25 + r.body)
      .field("name", r.product({"exact-name", "name"}))
      .field("docstring", r.product({"docstring"}))
      .field("symbol", [&] {
        double rest = 1;
        for (const auto& factor : r.factors)
          if (factor.name != "exact-name" && factor.name != "name" && factor.name != "docstring") rest *= factor.value;
        return rest;
      }());
  json.end_object();
  json.key("factors").begin_array();
  for (const auto& factor : r.factors)
    json.begin_object().field("name", factor.name).field("value", factor.value).end_object();
  json.end_array();
  if (r.fusion)
    json.key("semantic")
        .begin_object()
        .field("ax_rank", r.fusion->ax_rank)
        .field("semantic_rank", r.fusion->semantic_rank)
        .field("cosine", r.fusion->cosine)
        .end_object();
  if (explain) json.field("explain", ax::query::explain(r));
  json.end_object();
}

std::vector<std::string> hit_row(const ax::query::RankedHit& r, const std::vector<std::string>& words) {
  const auto& d = r.hit.document;
  if (d.kind == "chunk")
    return {ax::sdk::printable(d.path) + ":" + std::to_string(d.line) + "-" + std::to_string(d.end_line), "text", "",
            matching_line(d.body, words)};
  return {ax::sdk::printable(d.path) + ":" + std::to_string(d.line), d.kind, d.qualified_name, d.signature};
}

}  // namespace

namespace ax::query {

int run_find(Host& host, const std::vector<std::string>& argv) {
  const auto started = std::chrono::steady_clock::now();
  // `-lang:go` is a negated filter, a word of the query; any other `-x` is a mistyped flag.
  ax::sdk::Args args(argv, {"--json", "--explain", "-v", "--verbose"}, {"--limit", "--group-by", "--rank", "--user"},
                     [](const std::string& word) { return word.find(':') != std::string::npos; });
  if (args.positional().empty()) throw ax::sdk::UsageError("usage: ax find QUERY (see ax help find)");
  std::string text;
  for (const auto& word : args.positional()) text += (text.empty() ? "" : " ") + word;
  ax::query::FindRequest request;
  request.query = ax::query::parse_query(text);
  ax::query::require_search_words(request.query);
  require_known_filters(request.query, host);
  const auto group_by = args.get("--group-by");
  if (group_by && *group_by != "file") throw ax::sdk::UsageError("--group-by expects file, not '" + *group_by + "'");
  request.limit = result_limit(args, host);
  request.rank = ::rank_config(args, host);
  const bool explain = args.has("--explain");
  auto repository = ax::sdk::require_repository(host);

  const auto opening = std::chrono::steady_clock::now();
  // Identifiers are looked up by name, never embedded: their vectors are not even opened.
  const bool may_fuse = request.rank.mode == ax::query::RankMode::ax &&
                        ax::query::analyze(request.query).intent != ax::query::Intent::identifier;
  const auto semantic = may_fuse ? ax::semantic::open_for_query(host, *repository) : nullptr;
  const double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - opening).count();
  request.semantic = semantic.get();
  if (auto weight = host.config("semantic.weight"))
    request.semantic_weight = ax::sdk::parse_factor(*weight).value_or(request.semantic_weight);
  auto result = ax::query::find(*repository, request);
  auto& ranked = result.hits;
  if (args.has("-v") || args.has("--verbose")) {
    print_analysis(host.err(), result, request.rank);
    if (semantic)
      host.err() << "query: semantic vectors of " << semantic->vectors().size() << " symbols opened in " << std::fixed
                 << std::setprecision(1) << open_ms << " ms\n";
  }
  record_query(host, "find", ranked.size(), started);
  for (auto& r : ranked)
    if (r.hit.document.kind == "chunk")
      r.hit.document.body =
          read_lines(repository->root() / r.hit.document.path, r.hit.document.line, r.hit.document.end_line);

  std::vector<std::string> display_words = request.query.words;
  for (const auto& p : request.query.phrases) display_words.push_back(p);
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_array();
    if (group_by) {
      for (const auto& group : ax::query::group_by_file(std::move(ranked))) {
        json.begin_object().field("path", group.path).field("score", group.score);
        json.key("hits").begin_array();
        for (const auto& r : group.hits) write_hit(json, r, display_words, explain);
        json.end_array().end_object();
      }
    } else {
      for (const auto& r : ranked) write_hit(json, r, display_words, explain);
    }
    json.end_array();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  if (ranked.empty()) {
    host.err() << "no results for: " << text << "\n";
    return ax::sdk::kExitUserError;
  }
  if (group_by) {
    for (const auto& group : ax::query::group_by_file(std::move(ranked))) {
      host.out() << ax::sdk::printable(group.path) << "\n";
      std::vector<std::vector<std::string>> rows;
      for (const auto& r : group.hits) {
        auto row = hit_row(r, display_words);
        row.front() = "  " + row.front().substr(ax::sdk::printable(group.path).size() + 1);
        rows.push_back(std::move(row));
        if (explain) rows.push_back({"", "", "", "  " + ax::query::explain(r)});
      }
      ax::sdk::print_table(host.out(), rows);
    }
    return ax::sdk::kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : ranked) {
    rows.push_back(hit_row(r, display_words));
    if (explain) rows.push_back({"", "", "", "  " + ax::query::explain(r)});
  }
  ax::sdk::print_table(host.out(), rows);
  return ax::sdk::kExitOk;
}

int run_def(Host& host, const std::vector<std::string>& argv) {
  const auto started = std::chrono::steady_clock::now();
  ax::sdk::Args args(argv, {"--json"}, {"--limit", "--kind", "--lang"});
  if (args.positional().size() != 1) throw ax::sdk::UsageError("usage: ax def NAME (see ax help def)");
  ax::query::DefRequest request;
  request.name = args.positional()[0];
  if (ax::query::last_component(request.name).empty()) throw ax::sdk::UsageError("ax def needs a name");
  request.limit = result_limit(args, host);
  if (auto k = args.get("--kind")) {
    request.kind = ax::query::canonical_kind(*k);
    ax::query::require_known("kind", *request.kind, ax::query::known_kinds());
  }
  if (auto l = args.get("--lang")) {
    request.language = ax::query::canonical_language(*l);
    require_known_language(host, *request.language);
  }
  auto repository = ax::sdk::require_repository(host);
  const auto result = ax::query::define(*repository, request);
  const auto& found = result.symbols;
  const std::string& wanted = request.name;
  const std::string& how = result.match;
  record_query(host, "def", result.total, started);

  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_array();
    for (const auto& s : found) {
      json.begin_object()
          .field("path", s.path)
          .field("line", s.symbol.span.start_line)
          .field("column", s.symbol.span.start_column)
          .field("end_line", s.symbol.span.end_line)
          .field("kind", ax::sdk::to_string(s.symbol.kind))
          .field("name", s.symbol.name)
          .field("qualified_name", s.symbol.qualified_name)
          .field("language", s.language)
          .field("signature", s.symbol.signature)
          .field("doc", s.symbol.doc)
          .field("match", how)
          .end_object();
    }
    json.end_array();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  if (found.empty()) {
    host.err() << "no definition of " << wanted << "\n";
    return ax::sdk::kExitUserError;
  }
  if (how != "exact") host.err() << "no exact definition of " << wanted << "; showing " << how << " matches\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& s : found)
    rows.push_back({ax::sdk::printable(s.path) + ":" + std::to_string(s.symbol.span.start_line),
                    std::string(ax::sdk::to_string(s.symbol.kind)), s.symbol.qualified_name, s.symbol.signature});
  ax::sdk::print_table(host.out(), rows);
  if (result.total > found.size()) host.err() << "(" << result.total - found.size() << " more; use --limit)\n";
  return ax::sdk::kExitOk;
}

}  // namespace ax::query
