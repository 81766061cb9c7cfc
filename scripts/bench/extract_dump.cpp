// Prints everything the language plugins of PLUGIN_DIR extract from the files of TREE: per file its
// symbols (every field), references, imports with their kinds, syntax-error flag and partial reason,
// in a stable text form, so that two builds' extractions can be compared with diff
// (scripts/bench/extract_diff.sh). Files go to the language claiming their extension; one thread.
//   bench-extract-dump PLUGIN_DIR TREE [MAX_FILES_PER_LANGUAGE]
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <ax/index/project_context.hpp>
#include <ax/sdk/imports.hpp>
#include <ax/sdk/language.hpp>
#include "plugin_catalog.hpp"

namespace fs = std::filesystem;

namespace {

// Control characters and backslashes escaped, so that each field stays on its line.
std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(c));
      out += code;
    } else {
      out += c;
    }
  }
  return out;
}

void print_result(const std::string& path, const ax::sdk::ParseResult& result, ax::sdk::SourceParser& parser) {
  std::printf("file %s errors=%d\n", path.c_str(), result.had_syntax_errors ? 1 : 0);
  if (auto* cancellable = dynamic_cast<ax::sdk::CancellableParser*>(&parser))
    if (!cancellable->partial_reason().empty())
      std::printf("  partial %s\n", escaped(cancellable->partial_reason()).c_str());
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    std::printf("  sym %zu %s %s q=%s %u:%u-%u:%u parent=%d sig=%s doc=%s\n", i, std::string(to_string(s.kind)).c_str(),
                escaped(s.name).c_str(), escaped(s.qualified_name).c_str(), s.span.start_line, s.span.start_column,
                s.span.end_line, s.span.end_column, s.parent, escaped(s.signature).c_str(), escaped(s.doc).c_str());
  }
  for (const auto& r : result.references)
    std::printf("  ref %s %s %u:%u in=%d\n", r.kind == ax::sdk::ReferenceKind::call ? "call" : "ref",
                escaped(r.name).c_str(), r.line, r.column, r.enclosing);
  const auto* kinds = dynamic_cast<ax::sdk::ImportKinds*>(&parser);
  for (std::size_t i = 0; i < result.imports.size(); ++i) {
    const auto& import = result.imports[i];
    std::string kind = kinds != nullptr && i < kinds->import_kinds().size() ? kinds->import_kinds()[i] : "-";
    std::printf("  import %s line=%u kind=%s\n", escaped(import.specifier).c_str(), import.line, kind.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench-extract-dump PLUGIN_DIR TREE [MAX_FILES_PER_LANGUAGE]\n");
    return 2;
  }
  const fs::path plugin_dir = argv[1];
  const fs::path tree = argv[2];
  const std::size_t max_files = argc > 3 ? std::stoul(argv[3]) : SIZE_MAX;
  ax::kernel::PluginCatalog catalog({plugin_dir},
                                    [](const std::string& w) { std::fprintf(stderr, "warning: %s\n", w.c_str()); });
  std::map<std::string, ax::sdk::LanguagePlugin*> by_extension;
  for (auto* entry : catalog.usable(ax::sdk::PluginKind::language)) {
    auto* language = dynamic_cast<ax::sdk::LanguagePlugin*>(catalog.instance(*entry));
    if (language == nullptr) continue;
    for (const auto& extension : language->info().extensions) by_extension.emplace(extension, language);
  }
  // Files in path order, so that both builds see the same sequence.
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(tree, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) files.push_back(it->path());
  }
  if (ec) {
    std::fprintf(stderr, "bench-extract-dump: cannot walk %s: %s\n", tree.c_str(), ec.message().c_str());
    return 1;
  }
  std::sort(files.begin(), files.end());
  // The tree is the project its parsers see, as ax index shows it (plugins of SDK 1.6 and later).
  const auto project = std::make_shared<const ax::index::RunProjectContext>(fs::absolute(tree).string(), [&] {
    std::vector<std::string> paths;
    for (const auto& file : files) paths.push_back(fs::relative(file, tree).generic_string());
    return paths;
  });
  std::map<const ax::sdk::LanguagePlugin*, std::unique_ptr<ax::sdk::SourceParser>> parsers;
  std::map<const ax::sdk::LanguagePlugin*, std::size_t> counts;
  for (const auto& file : files) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto language = by_extension.find(extension);
    if (language == by_extension.end() || counts[language->second] >= max_files) continue;
    ++counts[language->second];
    auto& parser = parsers[language->second];
    if (!parser) {
      parser = language->second->make_parser();
      if (auto* aware = dynamic_cast<ax::sdk::ProjectAwareParser*>(parser.get())) aware->set_project(project);
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string relative = fs::relative(file, tree).string();
    try {
      print_result(relative, parser->parse(text.str(), relative), *parser);
    } catch (const std::exception& e) {
      std::printf("file %s failed: %s\n", relative.c_str(), escaped(e.what()).c_str());
    }
  }
  for (const auto& [language, count] : counts)
    std::fprintf(stderr, "%s: %zu files\n", language->info().id.c_str(), count);
  return 0;
}
