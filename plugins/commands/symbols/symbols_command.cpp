// `ax symbols FILE... [--json] [--parse]`: each file's outline, from the index when the file is
// indexed and unchanged since, else parsed on the spot (as the index would parse it).
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <ax/sdk/sdk.hpp>

#include <ax/index/pipeline.hpp>
#include <ax/index/project_context.hpp>
#include "outline.hpp"

namespace {
namespace fs = std::filesystem;
using ax::symbols::FileOutline;
using ax::symbols::OutlineSource;

constexpr const char* kUsage = R"(Usage: ax symbols FILE... [--json] [--parse]

Prints the outline of each file: every symbol with its kind, name, first and last line and
signature, nested under its parent (two spaces a level), in source order. The symbols come from
the index when the file is indexed and unchanged since; otherwise the file is parsed now.

  --json    one array of files: {"path", "language", "source": "index" or "parse", "symbols"},
            each symbol with "name", "kind", "qualified_name", its span, "signature", "doc" and
            its "children"
  --parse   parse every file now, even when the index holds it
)";

constexpr std::size_t kHeadBytes = 4096;

// An indexed repository, and the project its parsers see (the same for every file outlined).
struct OpenRepository {
  std::unique_ptr<ax::sdk::Repository> repository;  // nullptr: none, or it could not be opened
  std::shared_ptr<const ax::index::RunProjectContext> project;
};

// Repositories opened so far, by root.
class RepositoryCache {
 public:
  explicit RepositoryCache(ax::sdk::Host& host) : host_(host) {}

  // The indexed repository holding `file`, or one with a null repository.
  const OpenRepository& holding(const fs::path& file) {
    static const OpenRepository kNone;
    const auto root = host_.repository_root(file.parent_path());
    if (!root) return kNone;
    auto [it, added] = opened_.try_emplace(*root);
    if (added) {
      try {
        it->second.repository = host_.find_repository(*root);
        if (it->second.repository) it->second.project = ax::index::stored_project(*it->second.repository);
      } catch (const std::exception& error) {
        // The outline does not need the index: say why it is not used and parse instead.
        host_.err() << "ax: warning: " << error.what() << "; parsing instead\n";
      }
    }
    return it->second;
  }

 private:
  ax::sdk::Host& host_;
  std::map<fs::path, OpenRepository> opened_;
};

// `file`'s path in `repository`, or empty when it lies outside.
std::string relative_path(const fs::path& file, const ax::sdk::Repository& repository) {
  const std::string relative = fs::weakly_canonical(file).lexically_relative(repository.root()).generic_string();
  return relative.rfind("..", 0) == 0 ? std::string() : relative;
}

// The file's symbols from the index, when it holds this very content in this language.
std::optional<std::vector<ax::sdk::StoredSymbol>> indexed_symbols(RepositoryCache& repositories, const fs::path& file,
                                                                  const std::string& language, std::string_view bytes) {
  ax::sdk::Repository* repository = repositories.holding(file).repository.get();
  if (repository == nullptr) return std::nullopt;
  const std::string relative = relative_path(file, *repository);
  if (relative.empty()) return std::nullopt;
  const auto record = repository->store().file(relative);
  if (!record || record->language != language || record->size != bytes.size() ||
      record->content_hash != ax::index::content_hash(bytes))
    return std::nullopt;
  return repository->store().file_symbols(relative);
}

FileOutline outline_file(ax::sdk::Host& host, RepositoryCache& repositories, const std::string& arg, bool use_index) {
  const fs::path file = host.working_directory() / arg;  // an absolute `arg` replaces the directory
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (!fs::exists(status)) throw ax::sdk::UserError(arg + ": no such file or directory");
  if (fs::is_directory(status)) throw ax::sdk::UserError(arg + ": is a directory; name the files to outline");
  if (!fs::is_regular_file(status)) throw ax::sdk::UserError(arg + ": not a regular file");
  ax::sdk::FileContents contents = ax::sdk::read_file(file);
  if (!contents.ok()) throw ax::sdk::UserError(arg + ": cannot read (" + contents.error + ")");
  const std::string& bytes = contents.bytes;
  if (ax::index::looks_binary(bytes)) throw ax::sdk::UserError(arg + ": binary file, not outlined");
  const auto language = host.detect_language(file, std::string_view(bytes).substr(0, kHeadBytes));
  if (!language)
    throw ax::sdk::UserError(arg + ": no supported language (see ax detect " + arg + " and ax plugins list)");

  FileOutline outline{arg, *language, OutlineSource::parse, {}};
  if (use_index) {
    if (auto stored = indexed_symbols(repositories, file, *language, bytes)) {
      outline.source = OutlineSource::index;
      outline.symbols = ax::symbols::outline_of(*stored);
      return outline;
    }
  }
  ax::sdk::LanguagePlugin* plugin = host.language(*language);
  if (plugin == nullptr) throw ax::sdk::UserError(arg + ": the " + *language + " plugin cannot be loaded");
  auto parser = plugin->make_parser();
  // A file of an indexed repository is parsed as the index parses it: under its path there, seeing
  // the project (a C file with the macros the project's headers define).
  std::string path = file.filename().string();
  if (const OpenRepository& open = repositories.holding(file); open.repository) {
    if (std::string relative = relative_path(file, *open.repository); !relative.empty()) {
      path = std::move(relative);
      if (auto* aware = dynamic_cast<ax::sdk::ProjectAwareParser*>(parser.get())) aware->set_project(open.project);
    }
  }
  outline.symbols = ax::symbols::outline_of(parser->parse(bytes, path).symbols);
  return outline;
}

class SymbolsCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json", "--parse"}, {});
    if (args.positional().empty())
      throw ax::sdk::UsageError("usage: ax symbols FILE... [--json] [--parse] (see ax help symbols)");
    // Every file is outlined before anything is printed: a bad name fails the command with one line.
    RepositoryCache repositories(host);
    std::vector<FileOutline> outlines;
    for (const auto& arg : args.positional())
      outlines.push_back(outline_file(host, repositories, arg, !args.has("--parse")));

    if (args.has("--json")) {
      ax::sdk::JsonWriter json(host.out());
      json.begin_array();
      for (const auto& outline : outlines) ax::symbols::write_outline_json(json, outline);
      json.end_array();
      host.out() << '\n';
      return ax::sdk::kExitOk;
    }
    const bool headers = outlines.size() > 1;
    for (std::size_t i = 0; i < outlines.size(); ++i) {
      if (headers) host.out() << (i > 0 ? "\n" : "") << ax::sdk::printable(outlines[i].path) << ":\n";
      ax::symbols::print_outline(host.out(), outlines[i].symbols);
    }
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"symbols", "list the symbols of files (an outline)", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "symbols", "1.0.0", "File outlines", kCommands, SymbolsCommand)
