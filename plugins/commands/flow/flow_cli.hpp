// `ax flow` and `ax refs` as the command line runs them: arguments in, printed answer out (the
// ax_flow_cli library), for the flow plugin and for `ax serve`, which print alike.
#pragma once
#include <string>
#include <vector>

#include <ax/sdk/host.hpp>

namespace ax::flow {

inline constexpr const char* kFlowUsage =
    R"(Usage: ax flow VERB ... [--depth N] [--limit N | --all] [--json] [--format text|json|dot|mermaid]

The import graph of the index, resolved by each language's rules, and the call graph of a function.
  ax flow deps FILE [--depth N]        what FILE imports, to depth N (default 1; 0: all the way)
  ax flow dependents FILE [--depth N]  what imports FILE, directly or (with a depth) transitively
  ax flow chain FROM TO                the shortest import chain from FROM to TO (exit 1 when none)
  ax flow cycles [FOLDER]              import cycles: each strongly connected component with one
                                       shortest cycle in it; exit 1 when there is any (for CI)
  ax flow graph [FOLDER]               every import edge of the repository, or of files in FOLDER
  ax flow NAME [--depth N]             a function's definitions, callers and callees, to depth N
                                       (default 1); `ax flow function NAME` if NAME is one of the verbs;
                                       each level keeps the first 200 calls each way by path and line
Options:
  --depth N       how far to follow edges (deps, dependents: 0 means no limit; functions: at least 1)
  --limit N       print at most N files (deps, dependents), imports (chain), edges (graph), or cycles
                  and members and imports of each (cycles); default 200, the rest counted on stderr
                  ("at least N more" when the walk stopped reading before it knew them all)
  --all           print every one
  --json          the same as --format json (with `truncated`, `left_out` and `left_out_exact`)
  --format F      text (default), json, dot (Graphviz; cycle edges red, heuristic edges dashed) or
                  mermaid
Paths are relative to the current directory. Package imports (Go, Java wildcards) point at folders,
which lead on to their files. Edges the resolvers could not place (unresolved) or that leave the
repository (external) are in --json output of deps, not in the graph.
)";

inline constexpr const char* kRefsUsage = R"(Usage: ax refs NAME [--calls | --usages] [--limit N | --all] [--json]

Every reference to NAME that the parsers recorded (never text in comments or strings), each labelled:
  resolved   the file defines NAME once, or defines none and imports exactly one file defining it
  ambiguous  several definitions share the name and nothing singles one out
  textual    a name match only: no definition, one the file does not import, or `x.NAME`
Options:
  --calls     calls only        --usages   other references only (types, values)
  --limit N   show the first N references by path and line (default 200; the rest are counted)
  --all       show every reference
  --json      print the references as JSON, with their total and whether the list was cut
Exit status 1 when there is none.
)";

// Print to host.out()/err() and return the exit code; throw UsageError/UserError as commands do.
int run_flow(sdk::Host& host, const std::vector<std::string>& args);
int run_refs(sdk::Host& host, const std::vector<std::string>& args);

}  // namespace ax::flow
