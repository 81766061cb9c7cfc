#include <catch2/catch.hpp>

#include <sstream>

#include "outline.hpp"

using ax::sdk::SymbolKind;

namespace {

ax::sdk::Symbol symbol(std::string name, SymbolKind kind, std::uint32_t first, std::uint32_t last,
                       std::int32_t parent = -1, std::string signature = {}) {
  ax::sdk::Symbol out;
  out.name = std::move(name);
  out.kind = kind;
  out.span = {first, 1, last, 1};
  out.parent = parent;
  out.signature = std::move(signature);
  return out;
}

std::string printed(const std::vector<ax::symbols::OutlineNode>& nodes) {
  std::ostringstream out;
  ax::symbols::print_outline(out, nodes);
  return out.str();
}

}  // namespace

TEST_CASE("outline: children under their parent, siblings in source order, indented a level") {
  // A parse result lists a class's members before the class itself in some languages.
  std::vector<ax::sdk::Symbol> symbols{
      symbol("stop", SymbolKind::method, 8, 9, 2, "def stop(self)"),
      symbol("start", SymbolKind::method, 4, 6, 2, "def start(self)"),
      symbol("Server", SymbolKind::class_, 3, 9, -1, "class Server"),
      symbol("main", SymbolKind::function, 11, 12, -1, "def main()"),
      symbol("VERSION", SymbolKind::constant, 1, 1, -1, "VERSION"),
  };
  CHECK(printed(ax::symbols::outline_of(symbols)) ==
        "constant VERSION  1-1\n"
        "class Server  3-9  class Server\n"
        "  method start  4-6  def start(self)\n"
        "  method stop  8-9  def stop(self)\n"
        "function main  11-12  def main()\n");
}

TEST_CASE("outline: a parent out of range is the top level; a cycle is cut at its first symbol") {
  std::vector<ax::sdk::Symbol> symbols{
      symbol("a", SymbolKind::function, 1, 1, 1),
      symbol("b", SymbolKind::function, 2, 2, 0),
      symbol("c", SymbolKind::function, 3, 3, 7),
      symbol("d", SymbolKind::function, 4, 4, 3),
  };
  const auto tree = ax::symbols::outline_of(symbols);
  CHECK(printed(tree) == "function a  1-1\n  function b  2-2\nfunction c  3-3\nfunction d  4-4\n");
}

TEST_CASE("outline: stored symbols are linked by id and parent id") {
  std::vector<ax::sdk::StoredSymbol> stored(3);
  stored[0].id = 10;
  stored[0].symbol = symbol("Inner", SymbolKind::class_, 2, 5);
  stored[0].parent_id = 12;
  stored[1].id = 11;
  stored[1].symbol = symbol("run", SymbolKind::method, 3, 4);
  stored[1].parent_id = 10;
  stored[2].id = 12;
  stored[2].symbol = symbol("Outer", SymbolKind::class_, 1, 6);
  CHECK(printed(ax::symbols::outline_of(stored)) == "class Outer  1-6\n  class Inner  2-5\n    method run  3-4\n");
}

TEST_CASE("outline: JSON nests children and says where the symbols came from") {
  ax::symbols::FileOutline outline{
      "a.py", "python", ax::symbols::OutlineSource::index,
      ax::symbols::outline_of(std::vector<ax::sdk::Symbol>{symbol("A", SymbolKind::class_, 1, 2),
                                                           symbol("f", SymbolKind::method, 2, 2, 0)})};
  std::ostringstream out;
  ax::sdk::JsonWriter json(out);
  ax::symbols::write_outline_json(json, outline);
  const std::string text = out.str();
  CHECK(text.find(R"("source":"index")") != std::string::npos);
  CHECK(text.find(R"("name":"A")") < text.find(R"("children":[{"name":"f")"));
}
