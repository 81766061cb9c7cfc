// Where C and C++ parses still fail: for each file with a syntax error after ax's macro blanking
// (the tree with fewer errors is kept, as the plugins do), the first ERROR or MISSING node's line
// and that line of the text parsed. Input to classify what scripts/bench/syntax_errors.sh counts.
//   bench-first-errors c|cpp FILE...
// prints PATH <TAB> LINE <TAB> ERROR|MISSING <TAB> the line (as parsed, blanked macros as spaces).
//   bench-first-errors --blanked c|cpp FILE
// prints the file as rewritten by the macro blanking (to see what the grammar was given).
#include <tree_sitter/api.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "macro_blanking.hpp"

extern "C" const TSLanguage* tree_sitter_c();
extern "C" const TSLanguage* tree_sitter_cpp();

namespace {

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
struct ParserDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

// The first ERROR or MISSING node in document order, null when there is none.
TSNode first_error(TSNode node) {
  if (ts_node_is_error(node) || ts_node_is_missing(node)) return node;
  if (!ts_node_has_error(node)) return TSNode{};
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) {
    TSNode found = first_error(ts_node_child(node, i));
    if (!ts_node_is_null(found)) return found;
  }
  return TSNode{};
}

int error_count(TSNode node) {
  if (!ts_node_has_error(node)) return 0;
  int count = ts_node_is_error(node) || ts_node_is_missing(node) ? 1 : 0;
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) count += error_count(ts_node_child(node, i));
  return count;
}

std::string_view line_at(std::string_view text, uint32_t row) {
  std::size_t begin = 0;
  for (uint32_t r = 0; r < row && begin != std::string_view::npos; ++r) {
    begin = text.find('\n', begin);
    if (begin != std::string_view::npos) ++begin;
  }
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find('\n', begin);
  return text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "--blanked") {
    std::ifstream in(argv[3], std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const auto dialect = std::string_view(argv[2]) == "cpp" ? ax::lang::CDialect::cplusplus : ax::lang::CDialect::c;
    std::optional<std::string> blanked = ax::lang::blank_unparsable_macros(buffer.str(), dialect);
    std::fputs(blanked ? blanked->c_str() : buffer.str().c_str(), stdout);
    return in ? 0 : 1;
  }
  if (argc < 2 || (std::string_view(argv[1]) != "c" && std::string_view(argv[1]) != "cpp")) {
    std::fprintf(stderr, "usage: bench-first-errors c|cpp FILE...\n");
    return 2;
  }
  const bool cplusplus = std::string_view(argv[1]) == "cpp";
  const auto dialect = cplusplus ? ax::lang::CDialect::cplusplus : ax::lang::CDialect::c;
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  ts_parser_set_language(parser.get(), cplusplus ? tree_sitter_cpp() : tree_sitter_c());
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "bench-first-errors: cannot read %s\n", argv[i]);
      continue;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    auto parse = [&](const std::string& source) {
      return Tree(ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())));
    };
    Tree tree = parse(text);
    if (!ts_node_has_error(ts_tree_root_node(tree.get()))) continue;
    if (std::optional<std::string> blanked = ax::lang::blank_unparsable_macros(text, dialect)) {
      Tree retried = parse(*blanked);
      if (error_count(ts_tree_root_node(retried.get())) < error_count(ts_tree_root_node(tree.get()))) {
        tree = std::move(retried);
        text = std::move(*blanked);
      }
      if (!ts_node_has_error(ts_tree_root_node(tree.get()))) continue;
    }
    TSNode error = first_error(ts_tree_root_node(tree.get()));
    if (ts_node_is_null(error)) {  // the error flag set on the root with no ERROR or MISSING node below
      std::printf("%s\t0\tUNLOCATED\t\n", argv[i]);
      continue;
    }
    const uint32_t row = ts_node_start_point(error).row;
    std::printf("%s\t%u\t%s\t%.*s\n", argv[i], row + 1, ts_node_is_missing(error) ? "MISSING" : "ERROR",
                static_cast<int>(line_at(text, row).size()), line_at(text, row).data());
    if (std::getenv("AX_FIRST_ERROR_TREE") != nullptr) {  // the syntax tree around the error, for debugging
      TSNode parent = ts_node_parent(error);
      std::unique_ptr<char, decltype(&std::free)> tree_text(ts_node_string(ts_node_is_null(parent) ? error : parent),
                                                            &std::free);
      std::printf("%s\n", tree_text.get());
    }
  }
  return 0;
}
