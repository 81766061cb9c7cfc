// What the kernel offers plugins: configuration, output, logging, the other plugins' services.
#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ax/sdk/language.hpp"
#include "ax/sdk/plugin.hpp"
#include "ax/sdk/storage.hpp"

namespace ax::sdk {

enum ExitCode : int { kExitOk = 0, kExitUserError = 1, kExitUsageError = 2, kExitInternalError = 70 };

// Thrown by commands; the kernel prints the message as one line on stderr and exits with the code.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class LogLevel { debug, info, warn, error };

enum class ConfigScope { user, repository };

struct ConfigValue {
  std::string key;
  std::string value;
  std::string source;  // "default", a file path, "env AX_…", "flag"
};

struct PluginInfo {
  std::string name;
  std::string kind;
  std::string version;
  std::string sdk_version;
  std::string description;
  std::filesystem::path path;
  std::string status;  // "ok", "not loaded", or why it was refused
};

// Writes the symbol store and the search index together: the store commits first and the search
// index records the store's generation, so a crash between the two is detected and repaired.
class IndexWriter {
 public:
  virtual ~IndexWriter() = default;
  // `source` is the file's text, from which the search documents take symbol bodies and chunks.
  virtual void put_file(const FileRecord& record, const ParseResult& result, std::string_view source) = 0;
  virtual void remove_file(std::string_view path) = 0;
  // A file whose mtime moved but whose content did not: only its record changes.
  virtual void touch_file(const FileRecord& record) = 0;
  // Commits both stores; returns the new generation. Destroying the writer uncommitted discards it.
  virtual std::uint64_t commit() = 0;
};

// Optional capabilities of an IndexWriter (SDK 1.1), found with dynamic_cast; an IndexWriter from an
// older kernel simply lacks them.
//
// The search index may lag behind the store between commits (it is rebuilt from the store if a crash
// leaves it behind); commit_and_catch_up() commits like commit() and brings it up to date at once,
// for the last commit of a run.
class CatchUpIndexWriter {
 public:
  virtual ~CatchUpIndexWriter() = default;
  virtual std::uint64_t commit_and_catch_up() = 0;
};

// Where a writer's time went, in seconds since it was begun (for `ax index --stats`).
struct IndexWriteTimes {
  double store = 0;   // writing files to the symbol store
  double search = 0;  // building and adding search documents
  double commit = 0;  // committing the store and, when it catches up, the search index
};
class TimedIndexWriter {
 public:
  virtual ~TimedIndexWriter() = default;
  virtual IndexWriteTimes write_times() const = 0;
};

// SDK 1.2: what the writer's put_file would make of a file for the search index, made beforehand on
// another thread (see PreparingSearchIndex). Found by dynamic_cast on the Repository and on its
// IndexWriter; a kernel or search plugin without it leaves all of put_file to the writer.
class PreparingRepository {
 public:
  virtual ~PreparingRepository() = default;
  // Safe to call from several threads at once, beside the writer. nullptr when the search index
  // cannot prepare documents (put_file then does all the work).
  virtual std::unique_ptr<PreparedSearchFile> prepare_file(const FileRecord& record, const ParseResult& result,
                                                           std::string_view source) = 0;
};
class PreparedIndexWriter {
 public:
  virtual ~PreparedIndexWriter() = default;
  // put_file(record, result, source) with `prepared` from the repository's prepare_file(record,
  // result, source); a null `prepared` makes it put_file.
  virtual void put_prepared_file(const FileRecord& record, const ParseResult& result, std::string_view source,
                                 std::unique_ptr<PreparedSearchFile> prepared) = 0;
};

// An indexed repository: its root, and its stores opened through the configured storage plugins.
class Repository {
 public:
  virtual ~Repository() = default;
  virtual const std::filesystem::path& root() const = 0;
  virtual const std::filesystem::path& state_dir() const = 0;  // <root>/.ax
  virtual SymbolStore& store() = 0;
  virtual SearchIndex& search() = 0;
  virtual std::unique_ptr<IndexWriter> begin_write() = 0;
  // SDK 1.1. Reads all of the search index looking for damage, and rebuilds it from the store when
  // damaged unless another process is writing it; the damage left, nullopt when sound.
  virtual std::optional<std::string> verify_search() = 0;
};

class Host {
 public:
  virtual ~Host() = default;

  // --- configuration (layered: defaults < user file < repository file < AX_* env < flags) ---
  virtual std::optional<std::string> config(std::string_view key) const = 0;
  virtual std::vector<ConfigValue> config_values() const = 0;
  // Writes one key to the user or repository file; throws UserError for unknown keys or bad values.
  virtual void set_config(std::string_view key, std::string_view value, ConfigScope scope) = 0;

  // --- output ---
  virtual std::ostream& out() = 0;
  virtual std::ostream& err() = 0;
  virtual bool stderr_is_terminal() const = 0;
  virtual void log(LogLevel level, std::string_view message) = 0;

  // --- environment ---
  virtual std::filesystem::path working_directory() const = 0;
  // Set when the user pressed Ctrl-C; long commands check it and stop at a consistent point.
  virtual const std::atomic<bool>& interrupted() const = 0;

  // --- plugins ---
  virtual std::vector<LanguagePlugin*> languages() = 0;  // loads every language plugin
  virtual LanguagePlugin* language(std::string_view id) = 0;
  // The language of a file from its name, shebang and content; nullopt when undetectable.
  virtual std::optional<std::string> detect_language(const std::filesystem::path& path, std::string_view head) = 0;
  virtual std::vector<PluginInfo> plugins() = 0;  // every plugin found, loaded or refused

  // --- repositories ---
  // The indexed repository containing `start` (walking up to the nearest .ax/ directory), or nullptr.
  virtual std::unique_ptr<Repository> find_repository(const std::filesystem::path& start) = 0;
  // Opens, creating .ax/ and its stores when missing, the repository rooted at `root`.
  virtual std::unique_ptr<Repository> open_repository(const std::filesystem::path& root) = 0;

  // --- store maintenance (SDK 1.1) ---
  // The root of the indexed repository containing `start` (nearest .ax/), without opening its stores.
  virtual std::optional<std::filesystem::path> repository_root(const std::filesystem::path& start) = 0;
  // The storage plugin configured to hold the symbol store (storage.store); throws UserError if absent.
  virtual StoragePlugin& symbol_store_plugin() = 0;
  // The directory of the store's migration files.
  virtual std::filesystem::path migrations_directory() const = 0;
};

// Offered by hosts that let the user trust repository plugins (SDK 1.1); find it with
// dynamic_cast<PluginTrustHost*>(&host). A plugin in <repo>/.ax/plugins is loaded only once trusted.
class PluginTrustHost {
 public:
  virtual ~PluginTrustHost() = default;
  // Trusts `file` as it is now (its SHA-256, returned), for the current user; throws UserError when
  // it is not a readable file.
  virtual std::string trust_plugin(const std::filesystem::path& file) = 0;
  // Withdraws that trust; false when the file was not trusted.
  virtual bool untrust_plugin(const std::filesystem::path& file) = 0;
};

// The indexed repository containing the working directory; a UserError telling how to make one
// when there is none. What query commands start with.
inline std::unique_ptr<Repository> require_repository(Host& host) {
  auto repository = host.find_repository(host.working_directory());
  if (!repository)
    throw UserError("no index found in " + host.working_directory().string() +
                    " or above; run 'ax index' at the repository root first");
  return repository;
}

class CommandPlugin : public Plugin {
 public:
  // `command` is one of the names in the descriptor's CommandSpec list; `args` follow it.
  // Returns the exit code; may throw UserError / UsageError.
  virtual int run(std::string_view command, const std::vector<std::string>& args, Host& host) = 0;
};

}  // namespace ax::sdk
