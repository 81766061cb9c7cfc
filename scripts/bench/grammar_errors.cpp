// One tree-sitter grammar on its own, without ax: how many of the files given parse with syntax
// errors, and how fast. scripts/bench/dart_grammars.sh builds it once per candidate grammar (the
// grammar's entry point named by AX_GRAMMAR_FUNCTION) to compare grammars on the same files.
//   grammar-errors FILE...
// prints `files N errors N share P% MB/s X` on one line, then `error PATH:LINE` for each file
// with a syntax error (the line of its first ERROR or MISSING node).
#include <tree_sitter/api.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#ifndef AX_GRAMMAR_FUNCTION
#error "AX_GRAMMAR_FUNCTION must name the grammar's entry point, e.g. tree_sitter_dart"
#endif

extern "C" const TSLanguage* AX_GRAMMAR_FUNCTION();

namespace {

struct ParserDeleter {
  void operator()(TSParser* parser) const { ts_parser_delete(parser); }
};
struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};

// The first ERROR or MISSING node in document order (the root when none is found below it).
TSNode first_error(TSNode node) {
  if (ts_node_is_error(node) || ts_node_is_missing(node)) return node;
  for (uint32_t i = 0; i < ts_node_child_count(node); ++i) {
    TSNode child = ts_node_child(node, i);
    if (ts_node_has_error(child)) return first_error(child);
  }
  return node;
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), AX_GRAMMAR_FUNCTION())) {
    std::fprintf(stderr, "grammar-errors: the runtime cannot load this grammar (ABI %u)\n",
                 ts_language_abi_version(AX_GRAMMAR_FUNCTION()));
    return 1;
  }
  std::size_t files = 0;
  std::size_t bytes = 0;
  std::chrono::steady_clock::duration parsing{};
  std::vector<std::string> errors;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "grammar-errors: cannot read %s\n", argv[i]);
      return 1;
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<TSTree, TreeDeleter> tree(
        ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
    parsing += std::chrono::steady_clock::now() - start;
    ++files;
    bytes += text.size();
    TSNode root = ts_tree_root_node(tree.get());
    if (ts_node_has_error(root))
      errors.push_back(std::string(argv[i]) + ":" + std::to_string(ts_node_start_point(first_error(root)).row + 1));
  }
  const double seconds = std::chrono::duration<double>(parsing).count();
  std::printf("files %zu errors %zu share %.2f%% MB/s %.2f\n", files, errors.size(),
              files == 0 ? 0.0 : 100.0 * static_cast<double>(errors.size()) / static_cast<double>(files),
              seconds > 0 ? static_cast<double>(bytes) / 1e6 / seconds : 0.0);
  for (const auto& error : errors) std::printf("error %s\n", error.c_str());
  return 0;
}
