// `ax find QUERY` and `ax def NAME`.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <set>

#include <ax/sdk/sdk.hpp>

#include "query_parser.hpp"
#include "ranking.hpp"

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

constexpr const char* kFindUsage = R"(Usage: ax find QUERY... [--limit N] [--json]

Finds symbols and text by words, ranked by BM25 with exact name matches first.
  parseRequest            words match names (also by their camelCase/snake_case parts), qualified
                          names, signatures, doc comments and code
  "open the file"         a quoted phrase must appear as written
  lang:python  -lang:go   only / not this language (aliases: ts, js, py, rs, golang, c++)
  kind:function  -kind:chunk   only / not this kind (function, method, class, struct, ..., chunk)
  file:src/net  file:*.py  -file:test   only / not paths under a directory, matching a glob, or
                          containing the text
Options:
  --limit N   results to show, at least 1 (default: find.limit)
  --json      print results as JSON
)";

constexpr const char* kDefUsage = R"(Usage: ax def NAME [--kind K] [--lang L] [--limit N] [--json]

Shows where NAME is defined: exact matches, else case-insensitive, else prefix, else the closest
names (fuzzy). NAME may be qualified (Shape.area, net::Socket::send) to narrow the match.
)";

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

// Unknown lang:/kind: values would match nothing and look like "no results": name them instead.
void require_known_filters(const ax::sdk::SearchQuery& query, Host& host) {
  for (const auto* values : {&query.languages.include, &query.languages.exclude}) {
    if (values->empty()) continue;
    const auto languages = known_languages(host);
    for (const auto& value : *values) ax::query::require_known("language", value, languages);
  }
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

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      if (widths.size() <= i) widths.resize(i + 1, 0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i + 1 < row.size())
        out << std::left << std::setw(static_cast<int>(widths[i])) << row[i] << "  ";
      else
        out << row[i];
    }
    out << "\n";
  }
}

int find(Host& host, const std::vector<std::string>& argv) {
  const auto started = std::chrono::steady_clock::now();
  // `-lang:go` is a negated filter, a word of the query; any other `-x` is a mistyped flag.
  ax::sdk::Args args(argv, {"--json"}, {"--limit"},
                     [](const std::string& word) { return word.find(':') != std::string::npos; });
  if (args.positional().empty()) throw ax::sdk::UsageError("usage: ax find QUERY (see ax help find)");
  std::string text;
  for (const auto& word : args.positional()) text += (text.empty() ? "" : " ") + word;
  auto query = ax::query::parse_query(text);
  const bool has_filters = !query.languages.include.empty() || !query.languages.exclude.empty() ||
                           !query.kinds.include.empty() || !query.kinds.exclude.empty() ||
                           !query.paths.include.empty() || !query.paths.exclude.empty();
  if (query.words.empty() && query.phrases.empty())
    throw ax::sdk::UsageError(has_filters ? "the query has filters but nothing to search for"
                                          : "the query is empty; give words to search for");
  require_known_filters(query, host);
  std::size_t limit = result_limit(args, host);
  auto repository = ax::sdk::require_repository(host);

  ax::sdk::SearchQuery search = query;
  search.limit = std::max<std::size_t>(limit * 4, 50);
  auto ranked = ax::query::rerank(repository->search().search(search), query, limit);
  record_query(host, "find", ranked.size(), started);
  for (auto& r : ranked)
    if (r.hit.document.kind == "chunk")
      r.hit.document.body =
          read_lines(repository->root() / r.hit.document.path, r.hit.document.line, r.hit.document.end_line);

  std::vector<std::string> display_words = query.words;
  for (const auto& p : query.phrases) display_words.push_back(p);
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_array();
    for (const auto& r : ranked) {
      const auto& d = r.hit.document;
      json.begin_object()
          .field("path", d.path)
          .field("line", d.line)
          .field("end_line", d.end_line)
          .field("kind", d.kind)
          .field("name", d.name)
          .field("qualified_name", d.qualified_name)
          .field("language", d.language)
          .field("signature", d.kind == "chunk" ? matching_line(d.body, display_words) : d.signature)
          .field("score", r.hit.score)
          .end_object();
    }
    json.end_array();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  if (ranked.empty()) {
    host.err() << "no results for: " << text << "\n";
    return ax::sdk::kExitUserError;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : ranked) {
    const auto& d = r.hit.document;
    if (d.kind == "chunk") {
      rows.push_back({ax::sdk::printable(d.path) + ":" + std::to_string(d.line) + "-" + std::to_string(d.end_line),
                      "text", "", matching_line(d.body, display_words)});
    } else {
      rows.push_back(
          {ax::sdk::printable(d.path) + ":" + std::to_string(d.line), d.kind, d.qualified_name, d.signature});
    }
  }
  print_table(host.out(), rows);
  return ax::sdk::kExitOk;
}

// The last component of a qualified name: "a.b::c" -> "c".
std::string last_component(const std::string& name) {
  std::size_t cut = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '.' || name[i] == '/' || name[i] == '#') cut = i + 1;
    if (name[i] == ':' && i + 1 < name.size() && name[i + 1] == ':') cut = i + 2;
  }
  return name.substr(cut);
}

bool qualified_matches(const std::string& qualified, const std::string& wanted) {
  if (qualified == wanted) return true;
  if (qualified.size() <= wanted.size()) return false;
  if (qualified.compare(qualified.size() - wanted.size(), wanted.size(), wanted) != 0) return false;
  char before = qualified[qualified.size() - wanted.size() - 1];
  return before == '.' || before == ':' || before == '/';
}

int def(Host& host, const std::vector<std::string>& argv) {
  const auto started = std::chrono::steady_clock::now();
  ax::sdk::Args args(argv, {"--json"}, {"--limit", "--kind", "--lang"});
  if (args.positional().size() != 1) throw ax::sdk::UsageError("usage: ax def NAME (see ax help def)");
  const std::string wanted = args.positional()[0];
  const std::string name = last_component(wanted);
  if (name.empty()) throw ax::sdk::UsageError("ax def needs a name");
  const bool qualified = name != wanted;
  std::size_t limit = result_limit(args, host);
  std::optional<std::string> kind, lang;
  if (auto k = args.get("--kind")) {
    kind = ax::query::canonical_kind(*k);
    ax::query::require_known("kind", *kind, ax::query::known_kinds());
  }
  if (auto l = args.get("--lang")) {
    lang = ax::query::canonical_language(*l);
    ax::query::require_known("language", *lang, known_languages(host));
  }
  auto repository = ax::sdk::require_repository(host);
  auto& store = repository->store();

  auto accept = [&](const ax::sdk::StoredSymbol& s) {
    if (kind && std::string(ax::sdk::to_string(s.symbol.kind)) != *kind) return false;
    if (lang && s.language != *lang) return false;
    if (qualified && !qualified_matches(s.symbol.qualified_name, wanted)) return false;
    return true;
  };
  std::vector<ax::sdk::StoredSymbol> found;
  std::string how;
  constexpr std::size_t kScan = 5000;  // candidates examined before filtering
  // A name may itself hold separators (`editor.fontSize`, `@types/node`): the whole argument as a
  // name comes first, then its last component qualified by the rest.
  if (qualified) {
    for (auto& s : store.find_symbols(wanted, ax::sdk::NameMatch::exact, kScan)) {
      bool wanted_kind =
          (!kind || std::string(ax::sdk::to_string(s.symbol.kind)) == *kind) && (!lang || s.language == *lang);
      if (wanted_kind) found.push_back(std::move(s));
    }
    if (!found.empty()) how = "exact";
  }
  for (auto [match, label] : {std::pair{ax::sdk::NameMatch::exact, "exact"},
                              std::pair{ax::sdk::NameMatch::case_insensitive, "case-insensitive"},
                              std::pair{ax::sdk::NameMatch::prefix, "prefix"}}) {
    if (!found.empty()) break;
    for (auto& s : store.find_symbols(name, match, kScan))
      if (accept(s)) found.push_back(std::move(s));
    if (!found.empty()) how = label;
  }
  if (found.empty()) {
    // Fuzzy: names sharing words with NAME, within a small edit distance.
    ax::sdk::SearchQuery query;
    query.words = ax::query::identifier_words(name);
    query.words.push_back(name);
    query.kinds.exclude.push_back("chunk");
    if (lang) query.languages.include.push_back(*lang);
    if (kind) query.kinds.include.push_back(*kind);
    query.limit = 200;
    std::size_t allowed = std::max<std::size_t>(2, name.size() / 4);
    std::vector<std::pair<std::size_t, ax::sdk::StoredSymbol>> near;
    std::set<std::uint64_t> seen;
    for (const auto& hit : repository->search().search(query)) {
      std::size_t d = ax::sdk::edit_distance(hit.document.name, name, true);
      if (d > allowed || !seen.insert(hit.document.symbol_id).second) continue;
      if (auto s = store.symbol(hit.document.symbol_id); s && accept(*s)) near.emplace_back(d, std::move(*s));
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [_, s] : near) found.push_back(std::move(s));
    how = "fuzzy";
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    if (a.path != b.path) return a.path < b.path;
    return a.symbol.span.start_line < b.symbol.span.start_line;
  });
  std::size_t total = found.size();
  if (found.size() > limit) found.resize(limit);
  record_query(host, "def", total, started);

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
  print_table(host.out(), rows);
  if (total > found.size()) host.err() << "(" << total - found.size() << " more; use --limit)\n";
  return ax::sdk::kExitOk;
}

class QueryCommands final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view command, const std::vector<std::string>& args, Host& host) override {
    if (command == "find") return find(host, args);
    return def(host, args);
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"find", "search symbols and code by words, with lang:/kind:/file: filters", kFindUsage},
    {"def", "show where a symbol is defined", kDefUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "query", "1.0.0", "find and def", kCommands, QueryCommands)
