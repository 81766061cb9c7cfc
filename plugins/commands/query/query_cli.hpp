// `ax find` and `ax def` as the command line runs them: arguments in, printed answer out (the
// ax_query_cli library). The query plugin runs them, and so does `ax serve`, so that an answer from
// the server prints byte for byte as the local one.
#pragma once
#include <string>
#include <vector>

#include <ax/sdk/host.hpp>

namespace ax::query {

inline constexpr const char* kFindUsage =
    R"(Usage: ax find QUERY... [--limit N] [--json] [--explain] [-v] [--group-by file] [--rank ax|bm25]
                [--user NAME]

Finds symbols and text by words: BM25 over the search index, then ranking factors (rank.* config).
  parseRequest            words match names (also by their camelCase/snake_case parts), qualified
                          names, signatures, doc comments and code
  "open the file"         a quoted phrase must appear as written
  lang:python  -lang:go   only / not this language (aliases: ts, js, py, rs, golang, c++)
  kind:function  -kind:chunk   only / not this kind (function, method, class, struct, ..., chunk)
  file:src/net  file:*.py  -file:test   only / not paths under a directory, matching a glob, or
                          containing the text
A query shaped like a name is looked up by name first; a description in words also credits the
definitions whose code holds the words. One symbol is one result: text inside it is folded into it.
Options:
  --limit N          results to show, at least 1 (default: find.limit)
  --json             print results as JSON (with relevance_factors and factors)
  --explain          show each result's score as BM25 times its factors
  -v, --verbose      print the query analysis (intent, words) on stderr
  --group-by file    list results under their file, files by their best result
  --rank ax|bm25     ranking: the factors (default: rank.mode), or the index's BM25 alone
  --user NAME        the unit feature flags are decided for (bm25-ranking; see ax flags)
)";

inline constexpr const char* kDefUsage = R"(Usage: ax def NAME [--kind K] [--lang L] [--limit N] [--json]

Shows where NAME is defined: exact matches, else case-insensitive, else prefix, else the closest
names (fuzzy). NAME may be qualified (Shape.area, net::Socket::send) to narrow the match.
)";

// Print to host.out()/err() and return the exit code; throw UsageError/UserError as commands do.
int run_find(sdk::Host& host, const std::vector<std::string>& args);
int run_def(sdk::Host& host, const std::vector<std::string>& args);

}  // namespace ax::query
