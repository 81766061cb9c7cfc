// Printing import graphs and call graphs as text, JSON, Graphviz dot and Mermaid.
#pragma once
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <ax/graph/import_graph.hpp>

namespace ax::flow {

enum class Format { text, json, dot, mermaid };

// A set of graph edges to draw; `highlighted` ones (cycle edges) are drawn red.
struct Drawing {
  std::vector<std::uint32_t> edges;
  std::set<std::uint32_t> highlighted;
  std::vector<graph::NodeId> lone_nodes;  // nodes to show even without edges (the start of a walk)
};

void write_dot(std::ostream& out, const graph::ImportGraph& graph, const Drawing& drawing);
void write_mermaid(std::ostream& out, const graph::ImportGraph& graph, const Drawing& drawing);

// A labelled directed graph of names (call graphs), for dot and Mermaid.
struct NamedEdge {
  std::string from, to, label;
  bool highlighted = false;
};
void write_dot(std::ostream& out, const std::vector<std::string>& nodes, const std::vector<NamedEdge>& edges);
void write_mermaid(std::ostream& out, const std::vector<std::string>& nodes, const std::vector<NamedEdge>& edges);

// Quotes text for a dot string or a Mermaid label.
std::string dot_quoted(std::string_view text);
std::string mermaid_label(std::string_view text);

}  // namespace ax::flow
