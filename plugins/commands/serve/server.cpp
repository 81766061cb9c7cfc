#include "server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <ax/sdk/repository_root.hpp>

#include "capturing_host.hpp"
#include "serve_client.hpp"

namespace ax::serve {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

json error_reply(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

// Thrown while handling a request: becomes its error reply.
struct RequestError {
  int code;
  std::string message;
};

std::string cache_key(const std::string& method, const std::string& directory, const std::vector<std::string>& args) {
  std::string key = method;
  key.push_back('\0');
  key += directory;
  for (const auto& arg : args) {
    key.push_back('\0');
    key += arg;
  }
  return key;
}

// find's JSON, --explain and --verbose show scores (and counts of candidates); its table shows
// only their order.
bool prints_scores(const std::string& method, const std::vector<std::string>& args) {
  if (method != "find") return false;
  return std::any_of(args.begin(), args.end(), [](const std::string& arg) {
    return arg == "--json" || arg == "--explain" || arg == "-v" || arg == "--verbose";
  });
}

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

ServerLock::ServerLock(const fs::path& root, const fs::path& socket) {
  const fs::path file = lock_file(root);
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw sdk::UserError(system_error("cannot open " + file.string()));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error != EWOULDBLOCK) throw sdk::UserError("cannot lock " + file.string() + ": " + std::strerror(error));
    const auto running = running_server(root);
    throw sdk::UserError("a server is already running for " + root.string() +
                         (running ? " (pid " + std::to_string(running->pid) + ")" : std::string()));
  }
  const std::string text = std::to_string(::getpid()) + "\n" + socket.string() + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    throw sdk::UserError(system_error("cannot write " + file.string()));
}

ServerLock::~ServerLock() {
  if (fd_ < 0) return;
  // Emptied, not removed: removing a lock file another process is about to lock breaks the lock.
  [[maybe_unused]] const int ignored = ::ftruncate(fd_, 0);
  ::close(fd_);
}

ListeningSocket::ListeningSocket(fs::path path) : path_(std::move(path)) {
  if (auto problem = socket_path_problem(path_)) throw sdk::UserError(*problem);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path_.c_str(), path_.native().size() + 1);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path_, ec))) {
    if (call(path_, json{{"jsonrpc", "2.0"}, {"id", 0}, {"method", "status"}}, std::chrono::milliseconds(200),
             std::chrono::seconds(2)))
      throw sdk::UserError("another server listens on " + path_.string());
    fs::remove(path_, ec);  // left by a server that died
  }
  fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw sdk::UserError(system_error("cannot create a socket"));
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd_, 64) != 0) {
    const std::string message = system_error("cannot listen on " + path_.string());
    ::close(fd_);
    fd_ = -1;
    throw sdk::UserError(message);
  }
}

ListeningSocket::~ListeningSocket() {
  if (fd_ < 0) return;
  ::close(fd_);
  std::error_code ec;
  fs::remove(path_, ec);
}

QueryService::QueryService(sdk::Host& host, fs::path root, std::map<std::string, CommandRunner> commands,
                           std::size_t cache_bytes, std::chrono::milliseconds ttl, QueryCache::Clock clock)
    : host_(host),
      root_(std::move(root)),
      commands_(std::move(commands)),
      repository_(host.find_repository(root_)),
      cache_(cache_bytes, ttl, std::move(clock)) {
  if (!repository_) throw sdk::UserError("no index found in " + root_.string() + "; run 'ax index' there first");
  cached_generation_ = repository_->store().generation();
}

void QueryService::begin_update() {
  const std::lock_guard lock(cache_mutex_);
  ++updates_in_progress_;
}

void QueryService::end_update(const std::vector<ChangedFile>& files, bool everything, std::uint64_t generation_before,
                              std::uint64_t generation_after) {
  const std::lock_guard lock(cache_mutex_);
  if (everything || generation_before != cached_generation_)
    cache_.invalidate_all();
  else
    cache_.invalidate(files);
  cached_generation_ = generation_after;
  ++updates_;
  --updates_in_progress_;
}

void QueryService::set_watching(bool watching) {
  const std::lock_guard lock(cache_mutex_);
  watching_ = watching;
}

json QueryService::status() {
  const std::lock_guard lock(cache_mutex_);
  const auto& counters = cache_.counters();
  const auto lookups = counters.hits + counters.misses;
  const double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return {{"root", root_.string()},
          {"pid", ::getpid()},
          {"generation", cached_generation_},
          {"uptime_seconds", uptime},
          {"requests", requests_},
          {"updates", updates_},
          {"watching", watching_},
          {"updating", updates_in_progress_ > 0},
          {"cache",
           {{"entries", cache_.size()},
            {"bytes", cache_.bytes()},
            {"max_bytes", cache_.max_bytes()},
            {"ttl_seconds", std::chrono::duration<double>(cache_.ttl()).count()},
            {"hits", counters.hits},
            {"misses", counters.misses},
            {"hit_rate", lookups == 0 ? 0.0 : static_cast<double>(counters.hits) / static_cast<double>(lookups)},
            {"evictions", counters.evictions},
            {"expirations", counters.expirations},
            {"invalidations", counters.invalidations}}}};
}

json QueryService::run_command(const std::string& method, const json& params) {
  if (!params.is_object()) throw RequestError{kInvalidParams, "params must be an object with \"args\""};
  const auto args_field = params.find("args");
  if (args_field == params.end() || !args_field->is_array())
    throw RequestError{kInvalidParams, "params.args must be an array of strings (the command line's arguments)"};
  std::vector<std::string> args;
  for (const auto& arg : *args_field) {
    if (!arg.is_string()) throw RequestError{kInvalidParams, "params.args must hold strings only"};
    args.push_back(arg.get<std::string>());
  }
  fs::path directory = root_;
  if (const auto cwd = params.find("cwd"); cwd != params.end()) {
    if (!cwd->is_string() || !fs::path(cwd->get<std::string>()).is_absolute())
      throw RequestError{kInvalidParams, "params.cwd must be an absolute path"};
    directory = cwd->get<std::string>();
    if (sdk::repository_root(directory) != root_)
      throw RequestError{kInvalidParams, "params.cwd is not inside " + root_.string()};
  }
  if (const auto fingerprint = params.find("fingerprint"); fingerprint != params.end()) {
    if (!fingerprint->is_string()) throw RequestError{kInvalidParams, "params.fingerprint must be a string"};
    if (fingerprint->get<std::string>() != configuration_fingerprint(host_, root_))
      throw RequestError{kConfigurationDiffers, "the client's configuration differs from the server's"};
  }

  // A query waits this long at most for the changes made before it (the updater's first scan of a
  // large tree, an `ax index` holding the writer lock); then it answers from what the index holds.
  constexpr std::chrono::seconds kReadBarrierLimit{10};
  if (read_barrier_) read_barrier_(kReadBarrierLimit);

  sdk::Repository& repository = *repository_;
  const std::string key = cache_key(method, directory.string(), args);
  const std::uint64_t generation = repository.store().generation();
  bool cacheable = false;
  {
    const std::lock_guard lock(cache_mutex_);
    if (updates_in_progress_ == 0) {
      if (generation != cached_generation_) {
        // Another process (an `ax index` run) changed the index: nothing says which files.
        cache_.invalidate_all();
        cached_generation_ = generation;
      }
      cacheable = true;
      if (auto cached = cache_.get(key)) {
        json result = {{"out", cached->out}, {"err", cached->err}, {"exit_code", cached->exit_code}, {"cached", true}};
        if (!cached->error_kind.empty()) {
          result["error_kind"] = cached->error_kind;
          result["error_message"] = cached->error_message;
        }
        return result;
      }
    }
  }

  QueryFootprint footprint;
  CapturingHost capturing(host_, repository, directory, footprint);
  CachedAnswer answer;
  try {
    const std::lock_guard host_lock(host_mutex_);
    answer.exit_code = commands_.at(method)(capturing, args);
  } catch (const sdk::UsageError& e) {
    answer = {{}, {}, sdk::kExitUsageError, "usage", e.what()};
  } catch (const sdk::UserError& e) {
    answer = {{}, {}, sdk::kExitUserError, "user", e.what()};
  } catch (const sdk::StoreError& e) {
    answer = {{}, {}, sdk::kExitUserError, "store", e.what()};
  } catch (const std::exception& e) {
    throw RequestError{kInternalError, std::string("internal error: ") + e.what()};
  }
  footprint.scores = prints_scores(method, args);
  answer.out = capturing.take_out();
  answer.err = capturing.take_err();
  json result = {{"out", answer.out}, {"err", answer.err}, {"exit_code", answer.exit_code}, {"cached", false}};
  if (!answer.error_kind.empty()) {
    result["error_kind"] = answer.error_kind;
    result["error_message"] = answer.error_message;
  }
  const std::lock_guard lock(cache_mutex_);
  // Not kept when an update began meanwhile: it may have read the index half old, half new.
  if (cacheable && updates_in_progress_ == 0 && cached_generation_ == generation &&
      repository.store().generation() == generation)
    cache_.put(key, std::move(answer), std::move(footprint));
  return result;
}

json QueryService::handle(const std::string& message) {
  const json parsed = json::parse(message, nullptr, false);
  if (parsed.is_discarded()) return error_reply(nullptr, kParseError, "parse error: the message is not JSON");
  if (!parsed.is_object()) return error_reply(nullptr, kInvalidRequest, "invalid request: not a JSON object");
  const json id = parsed.contains("id") ? parsed["id"] : json();
  const bool notification = !parsed.contains("id");
  if (!id.is_null() && !id.is_string() && !id.is_number())
    return error_reply(nullptr, kInvalidRequest, "invalid request: id must be a string, a number or null");
  if (parsed.value("jsonrpc", json()) != "2.0" || !parsed.contains("method") || !parsed["method"].is_string())
    return error_reply(id, kInvalidRequest, "invalid request: needs \"jsonrpc\": \"2.0\" and a string \"method\"");
  const std::string method = parsed["method"].get<std::string>();
  const json params = parsed.value("params", json::object());
  {
    const std::lock_guard lock(cache_mutex_);
    ++requests_;
  }
  json reply;
  try {
    json result;
    if (method == "status") {
      result = status();
    } else if (method == "shutdown") {
      shutdown_requested_ = true;
      result = {{"stopping", true}};
    } else if (commands_.contains(method)) {
      result = run_command(method, params);
    } else {
      throw RequestError{kMethodNotFound, "method not found: " + method};
    }
    reply = {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
    // The answer is checked here, where a reply that cannot be sent can still become an error.
    [[maybe_unused]] const std::string checked = reply.dump();
  } catch (const RequestError& e) {
    reply = error_reply(id, e.code, e.message);
  } catch (const json::type_error&) {
    reply = error_reply(id, kAnswerNotUtf8, "the answer holds bytes that are not UTF-8; run the query locally");
  } catch (const std::exception& e) {
    reply = error_reply(id, kInternalError, std::string("internal error: ") + e.what());
  }
  if (notification) return nullptr;
  return reply;
}

namespace {

struct Connection {
  int fd;
  std::string in;
  std::string out;
  bool closing = false;  // close once `out` is sent
};

// Sends what it can of `out`; false when the peer is gone.
bool flush(Connection& connection) {
  while (!connection.out.empty()) {
    const ssize_t n = ::send(connection.fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
    if (n > 0) {
      connection.out.erase(0, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }
  return true;
}

}  // namespace

int serve(sdk::Host& host, QueryService& service, const ServeOptions& options, const std::function<void()>& listening) {
  ListeningSocket listener(options.socket);
  if (listening) listening();
  std::vector<Connection> connections;
  auto close_connection = [&](std::size_t i) {
    ::close(connections[i].fd);
    connections.erase(connections.begin() + static_cast<std::ptrdiff_t>(i));
  };
  while (!service.shutdown_requested()) {
    if (host.interrupted().load()) return 130;
    std::vector<pollfd> polled{{listener.fd(), POLLIN, 0}};
    for (const auto& connection : connections)
      polled.push_back({connection.fd, static_cast<short>(connection.out.empty() ? POLLIN : POLLIN | POLLOUT), 0});
    const int ready = ::poll(polled.data(), polled.size(), 200);  // wakes to notice an interrupt
    if (ready < 0 && errno != EINTR) throw sdk::UserError(system_error("poll"));
    if (ready <= 0) continue;
    // Connections first (indexes match polled[1..]), from the back so that closing keeps them valid.
    for (std::size_t i = connections.size(); i-- > 0;) {
      const short events = polled[i + 1].revents;
      if (events == 0) continue;
      auto& connection = connections[i];
      bool alive = true;
      if (events & (POLLIN | POLLHUP | POLLERR)) {
        char buffer[65536];
        const ssize_t n = ::recv(connection.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
          connection.in.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          alive = false;  // gone, perhaps mid-request: nothing is left of it
        }
      }
      std::size_t end;
      while (alive && !connection.closing && (end = connection.in.find('\n')) != std::string::npos) {
        std::string message = connection.in.substr(0, end);
        connection.in.erase(0, end + 1);
        if (!message.empty() && message.back() == '\r') message.pop_back();
        if (message.find_first_not_of(" \t") == std::string::npos) continue;
        const json reply = service.handle(message);
        if (!reply.is_null()) connection.out += reply.dump() + "\n";
      }
      if (alive && connection.in.size() > options.max_message_bytes) {
        connection.out += error_reply(nullptr, kInvalidRequest,
                                      "invalid request: a message longer than " +
                                          std::to_string(options.max_message_bytes) + " bytes")
                              .dump() +
                          "\n";
        connection.in.clear();
        connection.closing = true;
      }
      if (alive) alive = flush(connection);
      if (!alive || (connection.closing && connection.out.empty())) close_connection(i);
    }
    if (polled[0].revents & POLLIN) {
      for (;;) {
        const int fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        if (connections.size() >= options.max_connections) {
          ::close(fd);  // over the cap: the client runs locally
          continue;
        }
        connections.push_back({fd, {}, {}});
      }
    }
  }
  // Replies already made (the shutdown's own) are sent before the socket goes.
  for (auto& connection : connections) {
    const int flags = ::fcntl(connection.fd, F_GETFL);
    ::fcntl(connection.fd, F_SETFL, flags & ~O_NONBLOCK);
    flush(connection);
    ::close(connection.fd);
  }
  return sdk::kExitOk;
}

}  // namespace ax::serve
