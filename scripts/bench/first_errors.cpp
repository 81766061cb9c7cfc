// Where C, C++ and Scala parses still fail: for each file with a syntax error after the plugin's
// rewrite (C and C++: macro blanking; Scala: the Scala 2 constructs rewritten; the tree with fewer
// errors is kept, as the plugins do), the first ERROR or MISSING node's line and that line of the
// text parsed. Input to classify what scripts/bench/syntax_errors.sh counts.
//   bench-first-errors c|cpp|scala FILE...
// prints PATH <TAB> LINE <TAB> ERROR|MISSING <TAB> the line (as parsed, after the rewrite).
//   bench-first-errors --blanked c|cpp|scala FILE
// prints the file as rewritten (to see what the grammar was given).
#include <tree_sitter/api.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "macro_blanking.hpp"
#ifdef AX_FIRST_ERRORS_SCALA
#include "scala_language.hpp"
#endif

extern "C" const TSLanguage* tree_sitter_c();
extern "C" const TSLanguage* tree_sitter_cpp();
#ifdef AX_FIRST_ERRORS_SCALA
extern "C" const TSLanguage* tree_sitter_scala();
#endif

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

// The grammar of a language named on the command line and the plugin's rewrite of a text that
// parses with errors; no grammar for a language this tool does not know.
struct Language {
  const TSLanguage* grammar = nullptr;
  std::function<std::optional<std::string>(std::string_view)> rewrite;
};

Language language_named(std::string_view name) {
  if (name == "c" || name == "cpp") {
    const bool cplusplus = name == "cpp";
    const auto dialect = cplusplus ? ax::lang::CDialect::cplusplus : ax::lang::CDialect::c;
    return {cplusplus ? tree_sitter_cpp() : tree_sitter_c(),
            [dialect](std::string_view text) { return ax::lang::blank_unparsable_macros(text, dialect); }};
  }
#ifdef AX_FIRST_ERRORS_SCALA
  if (name == "scala") {
    auto scala = std::make_shared<ax::lang::ScalaLanguage>();
    return {tree_sitter_scala(), [scala](std::string_view text) { return scala->text_to_reparse(text); }};
  }
#endif
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string_view(argv[1]) == "--blanked") {
    std::ifstream in(argv[3], std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    Language language = language_named(argv[2]);
    if (language.grammar == nullptr) {
      std::fprintf(stderr, "usage: bench-first-errors --blanked c|cpp|scala FILE\n");
      return 2;
    }
    std::optional<std::string> blanked = language.rewrite(buffer.str());
    std::fputs(blanked ? blanked->c_str() : buffer.str().c_str(), stdout);
    return in ? 0 : 1;
  }
  Language language = argc < 2 ? Language{} : language_named(argv[1]);
  if (language.grammar == nullptr) {
    std::fprintf(stderr, "usage: bench-first-errors c|cpp|scala FILE...\n");
    return 2;
  }
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  ts_parser_set_language(parser.get(), language.grammar);
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
    if (std::optional<std::string> blanked = language.rewrite(text)) {
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
      // An ERROR wrapping whole members usually ends where the unreadable token is.
      const uint32_t end_row = ts_node_end_point(error).row;
      std::printf("ends at %u: %.*s\n", end_row + 1, static_cast<int>(line_at(text, end_row).size()),
                  line_at(text, end_row).data());
    }
  }
  return 0;
}
