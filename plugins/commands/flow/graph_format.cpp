#include "graph_format.hpp"

#include <map>

namespace ax::flow {

std::string dot_quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string mermaid_label(std::string_view text) {
  // Mermaid labels in quotes take entity codes for the characters that would end them.
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"')
      out += "#quot;";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out + "\"";
}

namespace {

std::vector<graph::NodeId> nodes_of(const graph::ImportGraph& graph, const Drawing& drawing) {
  std::set<graph::NodeId> nodes(drawing.lone_nodes.begin(), drawing.lone_nodes.end());
  for (const std::uint32_t index : drawing.edges) {
    nodes.insert(graph.edge(index).from);
    nodes.insert(graph.edge(index).to);
  }
  std::vector<graph::NodeId> sorted(nodes.begin(), nodes.end());
  std::sort(sorted.begin(), sorted.end(), [&](auto a, auto b) { return graph.path(a) < graph.path(b); });
  return sorted;
}

}  // namespace

void write_dot(std::ostream& out, const graph::ImportGraph& graph, const Drawing& drawing) {
  out << "digraph imports {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const graph::NodeId node : nodes_of(graph, drawing))
    out << "  " << dot_quoted(graph.path(node)) << (graph.is_folder(node) ? " [shape=folder]" : "") << ";\n";
  for (const std::uint32_t index : drawing.edges) {
    const graph::GraphEdge& edge = graph.edge(index);
    out << "  " << dot_quoted(graph.path(edge.from)) << " -> " << dot_quoted(graph.path(edge.to));
    std::vector<std::string> attributes;
    if (edge.resolution == sdk::ImportResolution::heuristic) attributes.push_back("style=dashed");
    if (drawing.highlighted.count(index)) attributes.push_back("color=red");
    if (!attributes.empty()) {
      out << " [";
      for (std::size_t i = 0; i < attributes.size(); ++i) out << (i ? ", " : "") << attributes[i];
      out << "]";
    }
    out << ";\n";
  }
  out << "}\n";
}

void write_mermaid(std::ostream& out, const graph::ImportGraph& graph, const Drawing& drawing) {
  out << "graph LR\n";
  std::map<graph::NodeId, std::string> ids;
  for (const graph::NodeId node : nodes_of(graph, drawing)) {
    std::string id = "n";  // built in two steps: GCC 12 warns falsely (-Wrestrict) on "n" + to_string
    id += std::to_string(ids.size());
    ids[node] = id;
    out << "  " << id << "[" << mermaid_label(graph.path(node)) << "]\n";
  }
  std::size_t link = 0;
  std::vector<std::size_t> red;
  for (const std::uint32_t index : drawing.edges) {
    const graph::GraphEdge& edge = graph.edge(index);
    out << "  " << ids[edge.from] << (edge.resolution == sdk::ImportResolution::heuristic ? " -.-> " : " --> ")
        << ids[edge.to] << "\n";
    if (drawing.highlighted.count(index)) red.push_back(link);
    ++link;
  }
  for (const std::size_t index : red) out << "  linkStyle " << index << " stroke:red\n";
}

void write_dot(std::ostream& out, const std::vector<std::string>& nodes, const std::vector<NamedEdge>& edges) {
  out << "digraph calls {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const std::string& node : nodes) out << "  " << dot_quoted(node) << ";\n";
  for (const NamedEdge& edge : edges) {
    out << "  " << dot_quoted(edge.from) << " -> " << dot_quoted(edge.to) << " [label=" << dot_quoted(edge.label);
    if (edge.highlighted) out << ", color=red";
    if (edge.label != "resolved") out << ", style=dashed";
    out << "];\n";
  }
  out << "}\n";
}

void write_mermaid(std::ostream& out, const std::vector<std::string>& nodes, const std::vector<NamedEdge>& edges) {
  out << "graph LR\n";
  std::map<std::string, std::string> ids;
  for (const std::string& node : nodes) {
    std::string id = "n";  // built in two steps: GCC 12 warns falsely (-Wrestrict) on "n" + to_string
    id += std::to_string(ids.size());
    ids[node] = id;
    out << "  " << id << "[" << mermaid_label(node) << "]\n";
  }
  for (const NamedEdge& edge : edges)
    out << "  " << ids[edge.from] << (edge.label == "resolved" ? " -->|" : " -.->|") << edge.label << "| "
        << ids[edge.to] << "\n";
}

}  // namespace ax::flow
