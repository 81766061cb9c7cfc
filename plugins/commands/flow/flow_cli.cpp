// `ax flow` (the import graph: dependencies, dependents, chains, cycles, the whole graph; a function's
// callers and callees) and `ax refs NAME` (labelled references). The queries are ax_graph's; this file
// parses arguments and prints. The ax_flow_cli library: run by the flow plugin and by `ax serve`.
#include "flow_cli.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <ax/graph/graph_results.hpp>
#include <ax/graph/import_graph.hpp>
#include <ax/graph/references.hpp>
#include <ax/sdk/sdk.hpp>

#include "graph_format.hpp"

namespace {
namespace fs = std::filesystem;
using ax::flow::Format;
using ax::graph::Direction;
using ax::graph::ImportGraph;
using ax::sdk::Host;
using ax::sdk::UsageError;
using ax::sdk::UserError;

Format parse_format(const ax::sdk::Args& args) {
  const auto format = args.get("--format");
  if (args.has("--json")) {
    if (format && *format != "json") throw UsageError("--json and --format " + *format + " disagree");
    return Format::json;
  }
  if (!format || *format == "text") return Format::text;
  if (*format == "json") return Format::json;
  if (*format == "dot") return Format::dot;
  if (*format == "mermaid") return Format::mermaid;
  throw UsageError("unknown format '" + *format + "'; use text, json, dot or mermaid");
}

// A path the user typed (relative to the working directory) as a repository path; "" is the root.
std::string repository_path(Host& host, const fs::path& root, const std::string& typed) {
  if (typed.empty()) throw UsageError("an empty path");
  std::error_code error;
  const fs::path absolute =
      fs::weakly_canonical(fs::path(typed).is_absolute() ? fs::path(typed) : host.working_directory() / typed, error);
  const fs::path base = fs::weakly_canonical(root, error);
  const fs::path relative = absolute.lexically_relative(base);
  const std::string text = relative.generic_string();
  if (relative.empty() || text == ".." || text.starts_with("../"))
    throw UserError(typed + " is outside the repository at " + root.string());
  return text == "." ? "" : text;
}

struct GraphSession {
  std::unique_ptr<ax::sdk::Repository> repository;
  ax::sdk::ImportGraphReader* reader = nullptr;
};

GraphSession open_graph(Host& host) {
  GraphSession session;
  session.repository = ax::sdk::require_repository(host);
  session.reader = dynamic_cast<ax::sdk::ImportGraphReader*>(&session.repository->store());
  if (session.reader == nullptr) throw UserError("this symbol store keeps no import graph");
  if (!session.reader->graph_complete())
    host.err() << "ax: warning: the import graph is incomplete (an index run was interrupted or predates it); run "
                  "'ax index'\n";
  return session;
}

// References `ax refs` shows (calls each level of `ax flow NAME` keeps, each way; files, edges and
// cycles the graph verbs of `ax flow` print) unless told --limit N or --all: a frequent name has tens
// of thousands of references and labelling one reads the store; a graph walk over a million edges
// reads about as many nodes as it prints.
constexpr std::size_t kDefaultLimit = 200;

// What a list cut at the limit left out: `count` more, or (not `exact`) at least `count`, when the
// query stopped reading before it knew them all.
struct LeftOut {
  std::size_t count = 0;
  bool exact = true;
};

LeftOut left_out_of(std::size_t total, std::size_t limit, bool exact = true) {
  return {limit == 0 || total <= limit ? 0 : total - limit, exact};
}

void say_left_out(Host& host, const LeftOut& left_out, std::string_view what = "") {
  if (left_out.count == 0) return;
  host.err() << "(" << (left_out.exact ? "" : "at least ") << left_out.count << " more" << what
             << "; use --limit N or --all)\n";
}

// The --json fields of a cut list.
void json_left_out(ax::sdk::JsonWriter& json, const LeftOut& left_out) {
  json.field("truncated", left_out.count > 0).field("left_out", left_out.count).field("left_out_exact", left_out.exact);
}

// --limit N (at least 1) or --all (0: no limit).
std::size_t reference_limit(const ax::sdk::Args& args) {
  if (args.has("--all") && args.get("--limit")) throw UsageError("--limit and --all exclude each other");
  if (args.has("--all")) return 0;
  const std::size_t limit = args.get_count("--limit", kDefaultLimit);
  if (limit == 0) throw UsageError("--limit must be at least 1 (--all shows every one)");
  return limit;
}

// Store reads (a node's edges one way) a walk may make before the whole graph is loaded instead:
// a read costs about what loading 30 edges does (27 us against 1 us, on the Go tree's index).
constexpr std::size_t kEdgesPerRead = 32;
constexpr std::size_t kMinimumReadBudget = 256;

enum class Budget { none, imports, importers };

// The graph's edges read node by node (deps, dependents, chains visit a part of it); package
// folders' files are listed from the working tree. A budgeted walk gives up past the reads that
// loading the whole graph would cost. A read of a node's importers decodes every edge of each
// importing file, about (edges per file) times what a read of its imports costs: a walk of
// importers gets a budget that much smaller (on a generated 1M-edge graph, 100 edges per file,
// `dependents --depth 0 --all` read node by node for 6.2 s of CPU).
ax::graph::StoredAdjacency stored_adjacency(GraphSession& session, Budget budget = Budget::imports) {
  const ax::sdk::StoreStats stats = session.repository->store().stats();
  std::size_t reads = std::max<std::size_t>(kMinimumReadBudget, stats.imports / kEdgesPerRead);
  if (budget == Budget::importers)
    reads = std::max<std::size_t>(
        kMinimumReadBudget, stats.imports / kEdgesPerRead /
                                std::max<std::uint64_t>(1, stats.imports / std::max<std::uint64_t>(1, stats.files)));
  return ax::graph::StoredAdjacency(
      *session.reader,
      [root = session.repository->root()](std::string_view folder) {
        std::vector<std::string> names;
        std::error_code error;
        for (fs::directory_iterator it(root / folder, error), end; !error && it != end; it.increment(error))
          names.push_back(it->path().filename().string());
        return names;
      },
      budget == Budget::none ? 0 : reads);
}

// The repository path of a file or folder of the graph the user named; a UserError when the index
// knows nothing of it. With `known_file`, an indexed file outside the graph is accepted (and said).
std::string require_node(GraphSession& session, ax::graph::StoredAdjacency& adjacency, Host& host,
                         const std::string& typed, bool* known_file = nullptr) {
  const std::string path = repository_path(host, session.repository->root(), typed);
  if (!path.empty() && adjacency.is_node(path)) return path;
  if (known_file != nullptr && !path.empty() && session.repository->store().file(path)) {
    *known_file = true;
    return path;
  }
  throw UserError(typed + " is not an indexed file of the import graph (run 'ax index' if it is new)");
}

std::string edge_label(const ImportGraph& graph, const ax::graph::GraphEdge& edge) {
  std::string label = graph.kind_name(edge.kind);
  if (edge.line != 0) label += " line " + std::to_string(edge.line);
  if (edge.resolution == ax::sdk::ImportResolution::heuristic) label += ", heuristic";
  return label;
}

void json_edge(ax::sdk::JsonWriter& json, const ImportGraph& graph, std::uint32_t index) {
  const ax::graph::GraphEdge& edge = graph.edge(index);
  json.begin_object()
      .field("from", graph.path(edge.from))
      .field("to", graph.path(edge.to))
      .field("kind", graph.kind_name(edge.kind))
      .field("line", edge.line)
      .field("resolution", ax::sdk::to_string(edge.resolution))
      .end_object();
}

// The edges between the nodes of a walk that lie on a cycle, to draw them red.
std::set<std::uint32_t> cycle_edges(const ImportGraph& graph) {
  std::set<std::uint32_t> edges;
  std::vector<int> component(graph.node_count(), -1);
  int id = 0;
  for (const auto& cycle : ax::graph::find_cycles(graph)) {
    for (const auto member : cycle.members) component[member] = id;
    ++id;
  }
  for (std::uint32_t index = 0; index < graph.edge_count(); ++index) {
    const auto& edge = graph.edge(index);
    if (component[edge.from] >= 0 && component[edge.from] == component[edge.to]) edges.insert(index);
  }
  return edges;
}

int walk_command(Host& host, const std::vector<std::string>& argv, Direction direction) {
  ax::sdk::Args args(argv, {"--json", "--all"}, {"--depth", "--format", "--limit"});
  const char* verb = direction == Direction::dependencies ? "deps" : "dependents";
  if (args.positional().size() != 1)
    throw UsageError(std::string("usage: ax flow ") + verb + " FILE [--depth N] [--limit N | --all]");
  const Format format = parse_format(args);
  const auto depth = static_cast<std::uint32_t>(std::min<std::size_t>(args.get_count("--depth", 1), UINT32_MAX));
  const std::size_t limit = reference_limit(args);
  GraphSession session = open_graph(host);
  // With a limit the walk stops once it holds the files it prints, reading about that many nodes on
  // any graph. Without one it reads node by node, keeping of each node's edges only the one it is
  // reached by (a walk over a whole 1M-edge graph never holds it), until the reads would cost more
  // than loading the graph whole (on the Go tree, 20k edges, --depth 0 reaches most of it: reading
  // node by node on cost 64 ms of CPU against 48 ms with the budget).
  auto adjacency = stored_adjacency(session, limit != 0                           ? Budget::none
                                             : direction == Direction::dependents ? Budget::importers
                                                                                  : Budget::imports);
  bool known_file = false;
  const std::string start_path = require_node(session, adjacency, host, args.positional()[0], &known_file);
  std::optional<ImportGraph> part;
  bool complete = true;
  if (known_file) {
    part = ImportGraph::assemble({}, {start_path});
  } else {
    auto cut = ax::graph::walked_tree_up_to(adjacency, start_path, direction, depth, limit);
    if (!cut.over_budget) part = std::move(cut.tree);  // else the whole graph, walked whole below
    complete = cut.over_budget || cut.complete;
  }
  const ImportGraph graph =
      part ? std::move(*part)
           : ImportGraph::load(*session.reader, direction == Direction::dependents ? ImportGraph::Links::both
                                                                                   : ImportGraph::Links::outgoing_only);
  const auto start = *graph.node(start_path);
  std::vector<ax::graph::Reached> reached;
  if (!known_file) reached = walk(graph, start, direction, depth);
  const LeftOut left_out = left_out_of(reached.empty() ? 0 : reached.size() - 1, limit, complete);
  if (left_out.count > 0) reached.resize(limit + 1);
  if (format == Format::json) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("file", start_path).field("direction", verb).field("depth", depth);
    json_left_out(json, left_out);
    json.key("files").begin_array();
    for (std::size_t i = 1; i < reached.size(); ++i) {
      json.begin_object().field("path", graph.path(reached[i].node)).field("depth", reached[i].depth);
      json.key("via");
      json_edge(json, graph, *reached[i].via);
      json.end_object();
    }
    json.end_array();
    if (direction == Direction::dependencies) {
      // What the graph leaves out: imports of the file that are external or unresolved.
      json.key("unlinked").begin_array();
      for (const auto& edge : session.reader->imports_of(start_path))
        if (edge.to.empty())
          json.begin_object()
              .field("specifier", edge.specifier)
              .field("kind", edge.kind)
              .field("line", edge.line)
              .field("resolution", ax::sdk::to_string(edge.resolution))
              .end_object();
      json.end_array();
    }
    json.end_object();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  if (format == Format::dot || format == Format::mermaid) {
    ax::flow::Drawing drawing;
    if (!known_file) drawing.lone_nodes.push_back(start);
    for (std::size_t i = 1; i < reached.size(); ++i) drawing.edges.push_back(*reached[i].via);
    if (format == Format::dot)
      ax::flow::write_dot(host.out(), graph, drawing);
    else
      ax::flow::write_mermaid(host.out(), graph, drawing);
    say_left_out(host, left_out, " files");
    return ax::sdk::kExitOk;
  }
  if (reached.size() <= 1) {
    host.out() << start_path
               << (direction == Direction::dependencies ? " imports no file of the repository\n"
                                                        : " is imported by no file of the repository\n");
    return ax::sdk::kExitOk;
  }
  std::size_t width = 0;
  for (const auto& r : reached) width = std::max(width, graph.path(r.node).size());
  for (std::size_t i = 1; i < reached.size(); ++i) {
    const auto& edge = graph.edge(*reached[i].via);
    const auto other = direction == Direction::dependencies ? edge.from : edge.to;
    host.out() << std::setw(3) << reached[i].depth << "  " << std::left << std::setw(static_cast<int>(width))
               << ax::sdk::printable(graph.path(reached[i].node)) << std::right << "  "
               << (direction == Direction::dependencies ? "from " : "into ") << ax::sdk::printable(graph.path(other))
               << " (" << edge_label(graph, edge) << ")\n";
  }
  say_left_out(host, left_out, " files");
  return ax::sdk::kExitOk;
}

int chain_command(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--json", "--all"}, {"--format", "--limit"});
  if (args.positional().size() != 2) throw UsageError("usage: ax flow chain FROM TO [--limit N | --all]");
  const Format format = parse_format(args);
  const std::size_t limit = reference_limit(args);
  GraphSession session = open_graph(host);
  auto adjacency = stored_adjacency(session);
  const std::string from_path = require_node(session, adjacency, host, args.positional()[0]);
  const std::string to_path = require_node(session, adjacency, host, args.positional()[1]);
  // Only the nodes the search expands are read from the store, unless they are many.
  std::optional<ImportGraph> part = ax::graph::chain_subgraph(adjacency, from_path, to_path);
  const ImportGraph graph =
      part ? std::move(*part) : ImportGraph::load(*session.reader, ImportGraph::Links::outgoing_only);
  const auto from = *graph.node(from_path);
  const auto to = *graph.node(to_path);
  auto chain = shortest_chain(graph, from, to);
  // A chain is found whole (it must be shortest); a long one is printed in part.
  const LeftOut left_out = left_out_of(chain ? chain->size() : 0, limit);
  if (left_out.count > 0) chain->resize(limit);
  if (format == Format::json) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("from", graph.path(from)).field("to", graph.path(to)).field("found", chain.has_value());
    json_left_out(json, left_out);
    json.key("chain").begin_array();
    if (chain)
      for (const auto index : *chain) json_edge(json, graph, index);
    json.end_array().end_object();
    host.out() << "\n";
    return chain ? ax::sdk::kExitOk : ax::sdk::kExitUserError;
  }
  if (!chain) {
    host.err() << "no import chain from " << graph.path(from) << " to " << graph.path(to) << "\n";
    return ax::sdk::kExitUserError;
  }
  if (format == Format::dot || format == Format::mermaid) {
    ax::flow::Drawing drawing{*chain, {}, {from}};
    if (format == Format::dot)
      ax::flow::write_dot(host.out(), graph, drawing);
    else
      ax::flow::write_mermaid(host.out(), graph, drawing);
    say_left_out(host, left_out, " imports");
    return ax::sdk::kExitOk;
  }
  host.out() << ax::sdk::printable(graph.path(from)) << "\n";
  for (const auto index : *chain)
    host.out() << "  -> " << ax::sdk::printable(graph.path(graph.edge(index).to)) << " ("
               << edge_label(graph, graph.edge(index)) << ")\n";
  say_left_out(host, left_out, " imports");
  return ax::sdk::kExitOk;
}

std::string optional_folder(Host& host, GraphSession& session, const ax::sdk::Args& args, const char* usage) {
  if (args.positional().size() > 1) throw UsageError(usage);
  if (args.positional().empty()) return "";
  const std::string folder = repository_path(host, session.repository->root(), args.positional()[0]);
  std::error_code error;
  if (!fs::is_directory(session.repository->root() / folder, error))
    throw UserError(args.positional()[0] + " is not a folder of the repository");
  return folder;
}

// Import cycles to print: those of a folder, the first `limit` of them, in a graph holding their
// members and edges; for dot and Mermaid, the edges to draw.
struct CyclesAnswer {
  ImportGraph graph;
  std::vector<ax::graph::Cycle> cycles;  // the first `limit`
  std::size_t count = 0;                 // all the folder has
  ax::flow::Drawing drawing;             // each cycle's shortest cycle, red, then the other edges between members
  std::size_t drawn_left_out = 0;        // edges between members past the limit
};

bool touches_folder(const std::vector<std::string>& members, const std::string& folder) {
  return std::any_of(members.begin(), members.end(),
                     [&](const std::string& member) { return ax::graph::in_folder(member, folder); });
}

// From every edge: the whole graph loaded and its components found.
CyclesAnswer computed_cycles(GraphSession& session, const std::string& folder, std::size_t limit, bool draw) {
  CyclesAnswer answer;
  // Components need every edge, and only outgoing ones.
  answer.graph = ImportGraph::load(*session.reader, ImportGraph::Links::outgoing_only);
  const ImportGraph& graph = answer.graph;
  for (auto& cycle : find_cycles(graph))
    if (std::any_of(cycle.members.begin(), cycle.members.end(),
                    [&](auto node) { return ax::graph::in_folder(graph.path(node), folder); }))
      answer.cycles.push_back(std::move(cycle));
  answer.count = answer.cycles.size();
  if (limit != 0 && answer.cycles.size() > limit) answer.cycles.resize(limit);
  if (!draw) return answer;
  ax::flow::Drawing& drawing = answer.drawing;
  const auto draw_edge = [&](std::uint32_t index) {
    if (limit != 0 && drawing.edges.size() == limit)
      ++answer.drawn_left_out;
    else
      drawing.edges.push_back(index);
  };
  for (const auto& cycle : answer.cycles) {
    const std::set<ax::graph::NodeId> members(cycle.members.begin(), cycle.members.end());
    const std::set<std::uint32_t> shortest(cycle.cycle.begin(), cycle.cycle.end());
    for (const auto index : cycle.cycle) draw_edge(index);
    for (const auto member : cycle.members)
      for (const auto index : graph.outgoing(member))
        if (members.count(graph.edge(index).to) && !shortest.count(index)) draw_edge(index);
    drawing.highlighted.insert(cycle.cycle.begin(), cycle.cycle.end());
  }
  std::sort(drawing.edges.begin(), drawing.edges.end());
  return answer;
}

// From the components the index run stored, when they were computed from the edges as they are and
// hold what is drawn (the first kStoredPageEdges edges between a cycle's members): the same answer
// as computed_cycles(), reading no edge.
std::optional<CyclesAnswer> stored_cycles(GraphSession& session, const std::string& folder, std::size_t limit,
                                          bool draw) {
  const std::optional<ax::graph::CycleResults> results = ax::graph::stored_cycle_results(session.repository->store());
  if (!results) return std::nullopt;
  CyclesAnswer answer;
  std::vector<const ax::graph::StoredCycle*> kept;
  for (const auto& cycle : results->cycles) {
    if (!touches_folder(cycle.members, folder)) continue;
    ++answer.count;
    if (limit == 0 || kept.size() < limit) kept.push_back(&cycle);
  }
  std::vector<const ax::graph::StoredEdge*> drawn;
  if (draw) {
    std::size_t candidates = 0;
    const auto room = [&] { return limit == 0 || drawn.size() < limit; };
    for (const auto* cycle : kept) {
      candidates += cycle->cycle.size() + cycle->other_edge_count;
      for (const auto& edge : cycle->cycle)
        if (room()) drawn.push_back(&edge);
      for (const auto& edge : cycle->other_edges)
        if (room()) drawn.push_back(&edge);
      if (cycle->other_edges.size() < cycle->other_edge_count && room()) return std::nullopt;  // not all stored
    }
    answer.drawn_left_out = candidates - drawn.size();
  }
  // The graph of the printed edges, in their order in the whole graph (the order dot draws in).
  std::vector<const ax::graph::StoredEdge*> edges(drawn);
  std::vector<std::string> nodes;
  for (const auto* cycle : kept) {
    for (const auto& edge : cycle->cycle) edges.push_back(&edge);
    nodes.insert(nodes.end(), cycle->members.begin(), cycle->members.end());
  }
  std::sort(edges.begin(), edges.end(), [](const auto* a, const auto* b) { return a->index < b->index; });
  edges.erase(
      std::unique(edges.begin(), edges.end(), [](const auto* a, const auto* b) { return a->index == b->index; }),
      edges.end());
  answer.graph = ax::graph::assemble_stored(edges, nodes);
  const auto local = [&](const ax::graph::StoredEdge& edge) {
    const auto it = std::lower_bound(edges.begin(), edges.end(), edge.index,
                                     [](const auto* stored, std::uint32_t index) { return stored->index < index; });
    return static_cast<std::uint32_t>(it - edges.begin());
  };
  for (const auto* stored : kept) {
    ax::graph::Cycle cycle;
    for (const auto& member : stored->members) cycle.members.push_back(*answer.graph.node(member));
    for (const auto& edge : stored->cycle) cycle.cycle.push_back(local(edge));
    answer.drawing.highlighted.insert(cycle.cycle.begin(), cycle.cycle.end());
    answer.cycles.push_back(std::move(cycle));
  }
  for (const auto* edge : drawn) answer.drawing.edges.push_back(local(*edge));
  std::sort(answer.drawing.edges.begin(), answer.drawing.edges.end());
  return answer;
}

// `flow.stored_results` false: every answer computed from the edges (what the stored ones are checked against).
bool use_stored_results(Host& host) { return host.config("flow.stored_results").value_or("true") == "true"; }

// Said once by the graph verbs that would read every edge without the results a migration adds.
void say_no_stored_results(Host& host, GraphSession& session) {
  auto* results = dynamic_cast<ax::sdk::GraphResultStore*>(&session.repository->store());
  if (results != nullptr && !results->keeps_graph_results())
    host.err() << "ax: notice: this index predates stored import cycles; run 'ax db migrate' and 'ax index' to make "
                  "flow cycles and flow graph faster\n";
}

int cycles_command(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--json", "--all"}, {"--format", "--limit"});
  const Format format = parse_format(args);
  const std::size_t limit = reference_limit(args);
  GraphSession session = open_graph(host);
  const std::string folder = optional_folder(host, session, args, "usage: ax flow cycles [FOLDER] [--limit N | --all]");
  const bool draw = format == Format::dot || format == Format::mermaid;
  say_no_stored_results(host, session);
  std::optional<CyclesAnswer> stored;
  if (use_stored_results(host)) stored = stored_cycles(session, folder, limit, draw);
  const CyclesAnswer answer = stored ? std::move(*stored) : computed_cycles(session, folder, limit, draw);
  const ImportGraph& graph = answer.graph;
  const std::vector<ax::graph::Cycle>& cycles = answer.cycles;
  const int rc = answer.count == 0 ? ax::sdk::kExitOk : ax::sdk::kExitUserError;
  // Every component is found (the exit status needs them all); the first `limit` are printed, each
  // with at most `limit` members and imports of its shortest cycle.
  const LeftOut cycles_left_out = left_out_of(answer.count, limit);
  const auto shown = [&](std::size_t size) { return limit == 0 ? size : std::min(size, limit); };
  bool cut_inside = false;  // a cycle shown in part
  for (const auto& cycle : cycles)
    cut_inside = cut_inside || shown(cycle.members.size()) < cycle.members.size() ||
                 shown(cycle.cycle.size()) < cycle.cycle.size();
  if (format == Format::json) {
    ax::sdk::JsonWriter json(host.out());
    // `truncated`: anything left out; `left_out`: whole cycles left out (each cycle says its own cut).
    json.begin_object()
        .field("count", cycles.size() + cycles_left_out.count)
        .field("truncated", cycles_left_out.count > 0 || cut_inside)
        .field("left_out", cycles_left_out.count)
        .field("left_out_exact", true);
    json.key("cycles").begin_array();
    for (const auto& cycle : cycles) {
      json.begin_object()
          .field("size", cycle.members.size())
          .field("cycle_length", cycle.cycle.size())
          .field("truncated",
                 shown(cycle.members.size()) < cycle.members.size() || shown(cycle.cycle.size()) < cycle.cycle.size())
          .key("members")
          .begin_array();
      for (std::size_t i = 0; i < shown(cycle.members.size()); ++i) json.value(graph.path(cycle.members[i]));
      json.end_array().key("cycle").begin_array();
      for (std::size_t i = 0; i < shown(cycle.cycle.size()); ++i) json_edge(json, graph, cycle.cycle[i]);
      json.end_array().end_object();
    }
    json.end_array().end_object();
    host.out() << "\n";
    return rc;
  }
  if (draw) {
    if (format == Format::dot)
      ax::flow::write_dot(host.out(), graph, answer.drawing);
    else
      ax::flow::write_mermaid(host.out(), graph, answer.drawing);
    say_left_out(host, cycles_left_out, " cycles");
    say_left_out(host, {answer.drawn_left_out, true}, " imports between members");
    return rc;
  }
  if (cycles.empty()) {
    host.out() << "no import cycles" << (folder.empty() ? "" : " in " + folder) << "\n";
    return rc;
  }
  const std::size_t count = cycles.size() + cycles_left_out.count;
  host.out() << count << (count == 1 ? " import cycle\n" : " import cycles\n");
  for (const auto& cycle : cycles) {
    host.out() << "\n"
               << cycle.members.size() << " files; shortest cycle found (" << cycle.cycle.size() << " imports):\n";
    if (!cycle.cycle.empty())
      host.out() << "  " << ax::sdk::printable(graph.path(graph.edge(cycle.cycle.front()).from)) << "\n";
    for (std::size_t i = 0; i < shown(cycle.cycle.size()); ++i)
      host.out() << "  -> " << ax::sdk::printable(graph.path(graph.edge(cycle.cycle[i]).to)) << " ("
                 << edge_label(graph, graph.edge(cycle.cycle[i])) << ")\n";
    if (shown(cycle.cycle.size()) < cycle.cycle.size())
      host.out() << "  ... (" << cycle.cycle.size() - shown(cycle.cycle.size()) << " more imports)\n";
  }
  say_left_out(host, cycles_left_out, " cycles");
  if (std::any_of(cycles.begin(), cycles.end(), [&](const auto& c) { return shown(c.cycle.size()) < c.cycle.size(); }))
    host.err() << "(shortest cycles shown in part; use --limit N or --all)\n";
  return rc;
}

int graph_command(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--json", "--all"}, {"--format", "--limit"});
  const Format format = parse_format(args);
  const std::size_t limit = reference_limit(args);
  GraphSession session = open_graph(host);
  const std::string folder = optional_folder(host, session, args, "usage: ax flow graph [FOLDER] [--limit N | --all]");
  say_no_stored_results(host, session);
  ImportGraph graph;
  ax::flow::Drawing drawing;
  std::size_t total = 0;
  // The whole graph's first page and totals, as the index run stored them, when they are current
  // and hold the page asked for.
  std::optional<ax::graph::GraphPage> page;
  if (folder.empty() && limit != 0 && use_stored_results(host))
    page = ax::graph::stored_graph_page(session.repository->store());
  if (page && (limit <= page->first_edges.size() || page->first_edges.size() == page->edge_count)) {
    total = page->edge_count;
    std::vector<const ax::graph::StoredEdge*> shown;
    for (std::size_t i = 0; i < std::min(limit, page->first_edges.size()); ++i) shown.push_back(&page->first_edges[i]);
    graph = ax::graph::assemble_stored(shown, {});
    for (std::uint32_t index = 0; index < shown.size(); ++index) {
      drawing.edges.push_back(index);
      if (shown[index]->on_cycle) drawing.highlighted.insert(index);
    }
  } else {
    graph = ImportGraph::load(*session.reader, ImportGraph::Links::outgoing_only);
    for (std::uint32_t index = 0; index < graph.edge_count(); ++index) {
      const auto& edge = graph.edge(index);
      if (ax::graph::in_folder(graph.path(edge.from), folder) || ax::graph::in_folder(graph.path(edge.to), folder))
        drawing.edges.push_back(index);
    }
    // Only the edges printed are ordered.
    total = drawing.edges.size();
    const auto shown = drawing.edges.begin() + static_cast<std::ptrdiff_t>(total - left_out_of(total, limit).count);
    std::partial_sort(drawing.edges.begin(), shown, drawing.edges.end(),
                      [&](auto a, auto b) { return ax::graph::edge_before(graph, a, b); });
    drawing.edges.erase(shown, drawing.edges.end());
    if (format == Format::dot || format == Format::mermaid) drawing.highlighted = cycle_edges(graph);
  }
  const LeftOut left_out = left_out_of(total, limit);
  if (format == Format::dot || format == Format::mermaid) {
    if (format == Format::dot)
      ax::flow::write_dot(host.out(), graph, drawing);
    else
      ax::flow::write_mermaid(host.out(), graph, drawing);
    say_left_out(host, left_out, " edges");
    return ax::sdk::kExitOk;
  }
  if (format == Format::json) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object().field("total", total);
    json_left_out(json, left_out);
    json.key("edges").begin_array();
    for (const auto index : drawing.edges) json_edge(json, graph, index);
    json.end_array().end_object();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  for (const auto index : drawing.edges) {
    const auto& edge = graph.edge(index);
    host.out() << ax::sdk::printable(graph.path(edge.from)) << " -> " << ax::sdk::printable(graph.path(edge.to)) << " ("
               << edge_label(graph, edge) << ")\n";
  }
  host.err() << total << " edges\n";
  say_left_out(host, left_out, " edges");
  return ax::sdk::kExitOk;
}

// The printable form of the last path asked: lists of references and calls come file by file.
class PrintablePaths {
 public:
  const std::string& of(const std::string& path) {
    if (!last_ || *last_ != path) {
      last_ = path;
      printed_ = ax::sdk::printable(path);
    }
    return printed_;
  }

 private:
  std::optional<std::string> last_;
  std::string printed_;
};

std::size_t decimal_digits(std::uint64_t value) {
  std::size_t digits = 1;
  for (; value >= 10; value /= 10) ++digits;
  return digits;
}

void append_decimal(std::string& text, std::uint64_t value) {
  char digits[20];
  char* end = digits + sizeof digits;
  char* at = end;
  do {
    *--at = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  text.append(at, end);
}

std::string symbol_title(const ax::sdk::StoredSymbol& symbol) {
  return (symbol.symbol.qualified_name.empty() ? symbol.symbol.name : symbol.symbol.qualified_name) + " (" +
         symbol.path + ":" + std::to_string(symbol.symbol.span.start_line) + ")";
}

int function_command(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--json", "--all"}, {"--depth", "--format", "--limit"});
  if (args.positional().size() != 1) throw UsageError("usage: ax flow NAME [--depth N] [--limit N | --all]");
  const std::string name = args.positional()[0];
  const Format format = parse_format(args);
  const std::size_t depth = args.get_count("--depth", 1);
  if (depth == 0) throw UsageError("--depth must be at least 1 for a function");
  const std::size_t limit = reference_limit(args);
  auto repository = ax::sdk::require_repository(host);
  const auto calls = ax::graph::call_graph(repository->store(), repository->root(), name,
                                           static_cast<std::uint32_t>(std::min<std::size_t>(depth, 64)), limit);
  const std::size_t left_out = calls.callers_left_out + calls.callees_left_out;
  const auto say_left_out = [&] {
    if (left_out > 0)
      host.err() << "(up to " << calls.callers_left_out << " more callers and " << calls.callees_left_out
                 << " more callees; use --limit N or --all)\n";
  };
  if (calls.definitions.empty() && calls.callers.empty()) {
    host.err() << "no definition of or call to " << name << "\n";
    return ax::sdk::kExitUserError;
  }
  const auto title_of = [&](std::uint64_t id, const std::string& fallback) {
    if (const auto it = calls.symbols.find(id); id != 0 && it != calls.symbols.end()) return symbol_title(it->second);
    return fallback;
  };
  if (format == Format::json) {
    ax::sdk::JsonWriter json(host.out());
    const auto write_symbol = [&](const ax::sdk::StoredSymbol& s) {
      json.begin_object()
          .field("id", s.id)
          .field("name", s.symbol.name)
          .field("qualified_name", s.symbol.qualified_name)
          .field("kind", ax::sdk::to_string(s.symbol.kind))
          .field("path", s.path)
          .field("line", s.symbol.span.start_line)
          .end_object();
    };
    json.begin_object().field("name", name).key("definitions").begin_array();
    for (const auto& s : calls.definitions) write_symbol(s);
    json.end_array();
    for (const auto* list : {&calls.callers, &calls.callees}) {
      json.key(list == &calls.callers ? "callers" : "callees").begin_array();
      for (const auto& call : *list) {
        json.begin_object()
            .field("depth", call.depth)
            .field("caller_id", call.caller_id)
            .field("callee_id", call.callee_id)
            .field("callee", call.callee_name)
            .field("path", call.path)
            .field("line", call.line)
            .field("label", ax::graph::to_string(call.label))
            .end_object();
      }
      json.end_array();
    }
    json.key("symbols").begin_array();
    for (const auto& [_, s] : calls.symbols) write_symbol(s);
    json.end_array()
        .field("truncated", left_out > 0)
        .field("callers_left_out", calls.callers_left_out)
        .field("callees_left_out", calls.callees_left_out)
        .end_object();
    host.out() << "\n";
    return ax::sdk::kExitOk;
  }
  if (format == Format::dot || format == Format::mermaid) {
    std::set<std::string> nodes;
    std::vector<ax::flow::NamedEdge> edges;
    for (const auto& s : calls.definitions) nodes.insert(symbol_title(s));
    for (const auto* list : {&calls.callers, &calls.callees})
      for (const auto& call : *list) {
        const std::string from = title_of(call.caller_id, call.path + " (file level)");
        const std::string to = title_of(call.callee_id, call.callee_name);
        nodes.insert(from);
        nodes.insert(to);
        edges.push_back({from, to, std::string(ax::graph::to_string(call.label)), false});
      }
    const std::vector<std::string> sorted(nodes.begin(), nodes.end());
    if (format == Format::dot)
      ax::flow::write_dot(host.out(), sorted, edges);
    else
      ax::flow::write_mermaid(host.out(), sorted, edges);
    say_left_out();
    return ax::sdk::kExitOk;
  }
  // Tens of thousands of lines at --depth 2: built in one buffer and written once, each symbol's
  // title made once.
  std::unordered_map<std::uint64_t, std::string> titles;
  const auto append_title = [&](std::string& line, std::uint64_t id) -> bool {
    if (id == 0) return false;
    const auto it = calls.symbols.find(id);
    if (it == calls.symbols.end()) return false;
    auto [title, added] = titles.try_emplace(id);
    if (added) title->second = symbol_title(it->second);
    line += title->second;
    return true;
  };
  PrintablePaths paths;
  const auto append_call_site = [&](std::string& line, const ax::graph::CallSite& call) {
    line.append(" at ").append(paths.of(call.path)).append(":");
    append_decimal(line, call.line);
    line.append(" [").append(ax::graph::to_string(call.label)).append("]\n");
  };
  std::string text = "definitions of " + name + ":\n";
  text.reserve((calls.callers.size() + calls.callees.size()) * 128);
  if (calls.definitions.empty()) text += "  (none indexed)\n";
  for (const auto& s : calls.definitions)
    text.append("  ")
        .append(ax::sdk::printable(s.path))
        .append(":")
        .append(std::to_string(s.symbol.span.start_line))
        .append("  ")
        .append(ax::sdk::to_string(s.symbol.kind))
        .append("  ")
        .append(s.symbol.signature)
        .append("\n");
  text += "callers:\n";
  if (calls.callers.empty()) text += "  (none)\n";
  for (const auto& call : calls.callers) {
    text.append(2 * call.depth, ' ');
    if (!append_title(text, call.caller_id)) text.append(call.path).append(" (file level)");
    text.append(" calls ").append(call.callee_name);
    append_call_site(text, call);
  }
  text += "callees:\n";
  if (calls.callees.empty()) text += "  (none)\n";
  for (const auto& call : calls.callees) {
    text.append(2 * call.depth, ' ');
    if (!append_title(text, call.callee_id)) text.append(call.callee_name);
    append_call_site(text, call);
  }
  host.out().write(text.data(), static_cast<std::streamsize>(text.size()));
  say_left_out();
  return ax::sdk::kExitOk;
}

}  // namespace

namespace ax::flow {

int run_flow(Host& host, const std::vector<std::string>& argv) {
  if (argv.empty()) throw UsageError("usage: ax flow VERB ... (see ax help flow)");
  const std::string verb = argv.front();
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  if (verb == "deps") return walk_command(host, rest, Direction::dependencies);
  if (verb == "dependents") return walk_command(host, rest, Direction::dependents);
  if (verb == "chain") return chain_command(host, rest);
  if (verb == "cycles") return cycles_command(host, rest);
  if (verb == "graph") return graph_command(host, rest);
  if (verb == "function") return function_command(host, rest);
  if (verb.starts_with("-")) throw UsageError("usage: ax flow VERB ... (see ax help flow)");
  return function_command(host, argv);
}

int run_refs(Host& host, const std::vector<std::string>& argv) {
  ax::sdk::Args args(argv, {"--json", "--calls", "--usages", "--all"}, {"--limit"});
  if (args.positional().size() != 1)
    throw UsageError("usage: ax refs NAME [--calls | --usages] [--limit N | --all] [--json]");
  if (args.has("--calls") && args.has("--usages")) throw UsageError("--calls and --usages exclude each other");
  ax::graph::ReferenceQuery query{args.positional()[0], ax::graph::ReferenceFilter::all};
  if (query.name.empty()) throw UsageError("ax refs needs a name");
  if (args.has("--calls")) query.filter = ax::graph::ReferenceFilter::calls;
  if (args.has("--usages")) query.filter = ax::graph::ReferenceFilter::usages;
  query.limit = reference_limit(args);
  auto repository = ax::sdk::require_repository(host);
  ax::graph::ReferenceResolver resolver(repository->store(), repository->root());
  const auto result = resolver.find(query);
  const auto symbol = [&](std::uint64_t id) -> const ax::sdk::StoredSymbol* {
    const auto it = result.symbols.find(id);
    return it == result.symbols.end() ? nullptr : &it->second;
  };
  if (args.has("--json")) {
    ax::sdk::JsonWriter json(host.out());
    json.begin_object()
        .field("name", query.name)
        .field("total", result.total)
        .field("truncated", result.total > result.references.size())
        .key("definitions")
        .begin_array();
    for (const auto& s : result.definitions)
      json.begin_object()
          .field("id", s.id)
          .field("path", s.path)
          .field("line", s.symbol.span.start_line)
          .field("kind", ax::sdk::to_string(s.symbol.kind))
          .field("qualified_name", s.symbol.qualified_name)
          .end_object();
    json.end_array().key("references").begin_array();
    for (const auto& r : result.references) {
      json.begin_object()
          .field("path", r.site.path)
          .field("line", r.site.reference.line)
          .field("column", r.site.reference.column)
          .field("kind", r.site.reference.kind == ax::sdk::ReferenceKind::call ? "call" : "reference")
          .field("label", ax::graph::to_string(r.label))
          .field("member_access", r.member_access);
      const auto* enclosing = symbol(r.enclosing_id);
      json.field("in", enclosing ? enclosing->symbol.qualified_name : "");
      if (r.definition_id != 0) {
        const auto* definition = symbol(r.definition_id);
        json.key("definition").begin_object();
        if (definition) json.field("path", definition->path).field("line", definition->symbol.span.start_line);
        json.end_object();
      }
      json.end_object();
    }
    json.end_array().end_object();
    host.out() << "\n";
    return result.references.empty() ? ax::sdk::kExitUserError : ax::sdk::kExitOk;
  }
  if (result.references.empty()) {
    host.err() << "no references to " << query.name << "\n";
    return ax::sdk::kExitUserError;
  }
  // 258k lines for a frequent name: built in one buffer and written once, not cell by cell; each
  // file's printable path made once per pass (references come file by file).
  PrintablePaths paths;
  PrintablePaths definition_paths;  // most references resolve to one of a few definitions
  std::size_t location_width = 0;
  std::size_t label_width = 0;
  std::size_t kind_width = 0;
  const auto kind_of = [](const ax::graph::LabelledReference& r) -> std::string_view {
    return r.site.reference.kind == ax::sdk::ReferenceKind::call ? "call" : "reference";
  };
  const auto location_size = [&](const ax::graph::LabelledReference& r) {
    return paths.of(r.site.path).size() + 2 + decimal_digits(r.site.reference.line) +
           decimal_digits(r.site.reference.column);
  };
  for (const auto& r : result.references) {
    location_width = std::max(location_width, location_size(r));
    label_width = std::max(label_width, ax::graph::to_string(r.label).size());
    kind_width = std::max(kind_width, kind_of(r).size());
  }
  const auto append_cell = [](std::string& line, std::string_view cell, std::size_t width) {
    line += cell;
    line.append(width - cell.size() + 2, ' ');
  };
  std::string text;
  text.reserve(result.references.size() * (location_width + label_width + kind_width + 48));
  for (std::size_t i = 0; i < result.references.size(); ++i) {
    const auto& r = result.references[i];
    const std::size_t location_start = text.size();
    text.append(paths.of(r.site.path)).append(":");
    append_decimal(text, r.site.reference.line);
    text += ':';
    append_decimal(text, r.site.reference.column);
    text.append(location_width - (text.size() - location_start) + 2, ' ');
    append_cell(text, ax::graph::to_string(r.label), label_width);
    append_cell(text, kind_of(r), kind_width);
    const auto* enclosing = symbol(r.enclosing_id);
    if (enclosing) text.append("in ").append(enclosing->symbol.qualified_name);
    if (r.definition_id != 0)
      if (const auto* definition = symbol(r.definition_id)) {
        text.append(enclosing ? ", -> " : "-> ").append(definition_paths.of(definition->path)).append(":");
        append_decimal(text, definition->symbol.span.start_line);
      }
    text += '\n';
  }
  host.out().write(text.data(), static_cast<std::streamsize>(text.size()));
  if (result.total > result.references.size())
    host.err() << "(" << result.total - result.references.size() << " more; use --limit N or --all)\n";
  return ax::sdk::kExitOk;
}

}  // namespace ax::flow
