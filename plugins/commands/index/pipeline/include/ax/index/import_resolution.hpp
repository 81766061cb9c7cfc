// The index run's import resolution: after parsing, the imports of changed files (and of the files
// whose edges a change may have moved) are resolved by their language's ImportResolver and stored
// as edges, in the run's last transaction. Only stores and writers offering the import graph
// (sdk/graph.hpp) take part; with others this does nothing.
#pragma once
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <ax/sdk/graph.hpp>
#include <ax/sdk/host.hpp>

namespace ax::index {

// The repository as resolvers see it during an index run: the files the walk kept (so ignore rules
// apply and nothing outside the root, symlinks included, is ever listed), their text read from disk,
// and definitions from the store and from this run's parses.
class WalkedRepositoryView final : public sdk::RepositoryView {
 public:
  WalkedRepositoryView(std::filesystem::path root, std::vector<std::string> files, sdk::SymbolStore* store);

  // Definitions of files parsed in this run, which the store may not hold yet (uncommitted batch).
  void add_definitions(const std::string& path, const std::string& language, std::vector<std::string> names);

  bool is_file(std::string_view path) const override;
  bool is_directory(std::string_view path) const override;
  std::vector<std::string> list_directory(std::string_view path) const override;
  std::optional<std::string> read_file(std::string_view path) const override;
  std::vector<std::string> files_defining(std::string_view language, std::string_view qualified_name) const override;

 private:
  std::filesystem::path root_;
  std::vector<std::string> files_;  // sorted
  std::unordered_set<std::string_view> file_set_;
  sdk::SymbolStore* store_;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> run_definitions_;  // (language, name)
  std::set<std::string> run_files_;  // files whose definitions come from this run
};

// A path as a resolver may return it: relative, '/'-separated, no "." or ".." parts, not empty.
// Anything else (an escape from the root) is refused.
std::optional<std::string> normalised_path(std::string_view path);

struct ResolutionSummary {
  std::uint64_t files = 0;  // files whose imports were resolved
  std::uint64_t edges = 0;
  std::uint64_t unresolved = 0;
  double seconds = 0;
  std::vector<std::string> paths;  // the files whose edges were written, in order
};

class ImportResolutionPass {
 public:
  // Reads, before the run writes anything, whether the stored graph was complete.
  ImportResolutionPass(sdk::Host& host, sdk::Repository& repository);

  bool enabled() const { return reader_ != nullptr; }
  // A file stored by this run (parsed, or of no language): its imports, with their kinds when the
  // parser tells them, and the names it defines that other files may import by name.
  void changed(const std::string& path, const std::string& language, bool created,
               const std::vector<sdk::Import>& imports, const std::vector<std::string>& kinds,
               const std::vector<sdk::Symbol>& symbols);
  void removed(const std::string& path);
  // Called before `writer` commits a batch that is not the run's last. When the stored graph is
  // incomplete (a cold index, or one a run left unfinished), run() resolves every file anyway and
  // reads the imports of committed files from the graph: the imports kept for this batch's files are
  // written as unresolved edges and forgotten, so that the memory they take stays that of one batch
  // however many files the run stores. Otherwise (the edges of a complete graph are only written
  // once resolved) nothing happens.
  void batch_committing(sdk::IndexWriter& writer);

  // Resolves what needs it and writes the edges through `writer` (which must offer
  // sdk::ImportGraphWriter); `walked` lists the files the walk kept, asked only when something is
  // resolved (listing every stored file costs most of a small update). Returns whether it wrote
  // anything (the caller then commits). Stops early, writing nothing, when `interrupted` is set.
  // `next_transaction`, when given, commits the writer's transaction and returns the writer of a new
  // one: when the stored graph was incomplete (a cold index rewrites every file's edges), the edges
  // are committed every kFilesPerTransaction files, so that the store's pending pages stay those
  // of one batch; a complete graph changes in one transaction, as readers must never see it half done.
  bool run(sdk::IndexWriter& writer, const std::function<std::vector<std::string>()>& walked,
           const std::atomic<bool>& interrupted, ResolutionSummary& summary,
           const std::function<sdk::IndexWriter&()>& next_transaction = {});
  static constexpr std::size_t kFilesPerTransaction = 4096;

 private:
  // A run keeps the imports of every file it parsed until run(): on a cold index of a large tree that
  // is millions of imports, so they are held compactly (one string of specifiers, small numbers for
  // the rest) and made into edges one file at a time.
  struct CompactImport {
    std::uint32_t specifier_end = 0;  // in ChangedFile::specifiers
    std::uint32_t line = 0;
    std::uint16_t kind = 0;  // in kinds_
  };
  struct ChangedFile {
    std::uint16_t language = 0;  // in languages_
    std::string specifiers;      // every import's specifier, one after another
    std::vector<CompactImport> imports;
  };
  // The imports of `file` (at `path`) as unresolved edges.
  std::vector<sdk::ImportEdge> edges_of(const std::string& path, const ChangedFile& file) const;
  // The index of `text` in `table`, added when new.
  static std::uint16_t intern(std::vector<std::string>& table, std::string_view text);
  std::vector<std::string> languages_;  // the languages of changed files, each once
  std::vector<std::string> kinds_;      // the import kinds met, each once

  sdk::Host& host_;
  sdk::Repository& repository_;
  sdk::ImportGraphReader* reader_ = nullptr;
  bool was_complete_ = false;
  std::map<std::string, ChangedFile> changed_;
  // Modified files whose imports read exactly as their stored edges do (the common edit): storing the
  // file dropped those edges, and they are written back as they were, unless something else (a file
  // created or removed, a definition moved, a project file changed) has them resolved again.
  std::map<std::string, std::vector<sdk::ImportEdge>> unchanged_imports_;
  std::vector<std::string> removed_;
  bool created_ = false;
  // The names defined by changed files of the languages resolved by definitions (see run()).
  std::vector<std::tuple<std::string, std::string, std::vector<std::string>>> definitions_;
  // Base names of every changed, created or removed file; kept when the stored graph was complete
  // (otherwise every file is resolved again, whatever changed).
  std::set<std::string> changed_names_;
  // Languages whose resolvers read definitions (sdk::DefinitionBasedImportResolver), found on first need.
  const std::set<std::string>& definition_languages();
  std::optional<std::set<std::string>> definition_languages_;
  // Languages with an import resolver, found on first need.
  const std::set<std::string>& resolved_languages();
  std::optional<std::set<std::string>> resolved_languages_;
  // Modified files of those languages that started or stopped defining importable names, and those
  // names: the imports that may name them are resolved again.
  std::set<std::string> moved_definition_files_;
  std::set<std::string> moved_names_;
};

}  // namespace ax::index
