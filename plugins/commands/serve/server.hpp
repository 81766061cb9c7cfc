// `ax serve`: one process holding a repository's store, search index and query cache open, answering
// JSON-RPC 2.0 over a Unix socket, one message per line (see serve_client.hpp).
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ax/sdk/host.hpp>

#include "query_cache.hpp"

namespace ax::serve {

// One per repository: an exclusive flock on .ax/serve.lock for the server's life (the kernel drops it
// when the process dies, however it dies), holding "<pid>\n<socket>\n" for clients.
class ServerLock {
 public:
  // Throws UserError naming the running server's pid when another server holds the lock.
  ServerLock(const std::filesystem::path& root, const std::filesystem::path& socket);
  ServerLock(const ServerLock&) = delete;
  ServerLock& operator=(const ServerLock&) = delete;
  ~ServerLock();

 private:
  int fd_ = -1;
};

// A listening Unix socket, its file removed when closed. A socket file left by a crashed server (no
// one accepts on it) is removed first; one a live process listens on is an error.
class ListeningSocket {
 public:
  explicit ListeningSocket(std::filesystem::path path);
  ListeningSocket(const ListeningSocket&) = delete;
  ListeningSocket& operator=(const ListeningSocket&) = delete;
  ~ListeningSocket();
  int fd() const { return fd_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

struct ServeOptions {
  std::filesystem::path socket;
  std::size_t cache_bytes = 64U << 20;
  std::chrono::milliseconds ttl = std::chrono::minutes(10);
  std::size_t max_connections = 64;
  std::size_t max_message_bytes = 1U << 20;
};

// How the server runs one CLI command (find, def, refs, flow) against a host: the commands' own code.
using CommandRunner = std::function<int(sdk::Host& host, const std::vector<std::string>& args)>;

// JSON-RPC error codes beyond the standard ones.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kConfigurationDiffers = -32001;  // the client runs the query itself
inline constexpr int kAnswerNotUtf8 = -32002;         // likewise

class QueryService {
 public:
  QueryService(
      sdk::Host& host, std::filesystem::path root, std::map<std::string, CommandRunner> commands,
      std::size_t cache_bytes, std::chrono::milliseconds ttl,
      QueryCache::Clock clock = [] { return std::chrono::steady_clock::now(); });

  // The reply to one message (a line without its newline); null for a notification (no id).
  nlohmann::json handle(const std::string& message);
  bool shutdown_requested() const { return shutdown_requested_; }

  // Around a re-index by the server itself (called by the updating thread): meanwhile queries are
  // answered without the cache; afterwards the entries depending on `files` are dropped, or all of
  // them with `everything` (a full scan) or when the store had moved on before the update began
  // (`generation_before`: another process indexed).
  void begin_update();
  void end_update(const std::vector<ChangedFile>& files, bool everything, std::uint64_t generation_before,
                  std::uint64_t generation_after);

  nlohmann::json status();
  // Whether an IndexUpdater keeps the index current (shown by status).
  void set_watching(bool watching);
  // What each query calls first, so that it sees every change made before it (IndexUpdater::sync):
  // set and cleared on the thread that calls handle().
  using ReadBarrier = std::function<void(std::chrono::milliseconds limit)>;
  void set_read_barrier(ReadBarrier barrier) { read_barrier_ = std::move(barrier); }
  // Held while a query runs; what else asks the host from another thread takes it too.
  std::mutex& host_mutex() { return host_mutex_; }

 private:
  nlohmann::json run_command(const std::string& method, const nlohmann::json& params);

  sdk::Host& host_;
  std::filesystem::path root_;
  std::map<std::string, CommandRunner> commands_;
  // Open for the server's life: the store reads in a fresh transaction and the search index
  // reopens at the last commit on each read, so both see every update.
  std::unique_ptr<sdk::Repository> repository_;
  ReadBarrier read_barrier_;
  std::mutex host_mutex_;
  std::mutex cache_mutex_;  // the cache and the fields below
  QueryCache cache_;
  std::uint64_t cached_generation_ = 0;  // the store generation the cache's entries are current for
  int updates_in_progress_ = 0;
  bool watching_ = false;
  std::uint64_t updates_ = 0;
  std::uint64_t requests_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  bool shutdown_requested_ = false;
};

// Serves connections until a shutdown request or an interrupt; returns the exit code. `listening` is
// called once the socket accepts connections.
int serve(sdk::Host& host, QueryService& service, const ServeOptions& options,
          const std::function<void()>& listening = {});

}  // namespace ax::serve
