#include "serve_client.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <ax/flags/flags.hpp>
#include <ax/sdk/hash.hpp>
#include <ax/sdk/repository_root.hpp>

extern char** environ;  // NOLINT: POSIX

namespace ax::serve {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxSocketPath = sizeof(sockaddr_un::sun_path) - 1;
constexpr std::size_t kMaxReply = 256U << 20;  // a reply larger than this is not one

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&p, 1, remaining_ms(deadline));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

std::string stat_text(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return "-";
  return std::to_string(st.st_size) + "@" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

}  // namespace

fs::path lock_file(const fs::path& root) { return root / ".ax" / "serve.lock"; }

std::optional<std::string> socket_path_problem(const fs::path& path) {
  if (path.native().size() <= kMaxSocketPath) return std::nullopt;
  return "socket path " + path.string() + " is " + std::to_string(path.native().size()) +
         " bytes; a Unix socket path holds at most " + std::to_string(kMaxSocketPath);
}

fs::path default_socket_path(const fs::path& root) {
  fs::path in_repository = root / ".ax" / "serve.sock";
  if (!socket_path_problem(in_repository)) return in_repository;
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime != nullptr && *runtime != '\0') {
    fs::path fallback = fs::path(runtime) / ("ax-serve-" + sdk::hex64(sdk::fnv1a64(root.native())) + ".sock");
    if (!socket_path_problem(fallback)) return fallback;
  }
  throw sdk::UserError(*socket_path_problem(in_repository) + " and $XDG_RUNTIME_DIR offers no shorter one; " +
                       "pass --socket with a shorter path");
}

std::string configuration_fingerprint(const sdk::Host& host, const fs::path& root) {
  std::vector<std::string> parts;
  for (const auto& value : host.config_values()) parts.push_back(value.key + "=" + value.value);
  for (char** variable = environ; *variable != nullptr; ++variable)
    if (std::strncmp(*variable, "AX_FLAG_", 8) == 0) parts.emplace_back(*variable);
  std::sort(parts.begin(), parts.end());
  parts.push_back(stat_text(flags::user_flag_file()));
  parts.push_back(stat_text(root / ".ax" / "flags.yaml"));
  // Hashed as a stable fingerprint (not security); each part with its NUL so parts cannot run together.
  std::uint64_t hash = sdk::kFnv1a64Offset;
  for (const auto& part : parts) hash = sdk::fnv1a64(std::string_view(part.c_str(), part.size() + 1), hash);
  return sdk::hex64(hash);
}

std::optional<RunningServer> running_server(const fs::path& root) {
  std::ifstream in(lock_file(root));
  RunningServer server;
  std::string socket;
  if (!(in >> server.pid) || server.pid <= 0) return std::nullopt;
  in.ignore(1);
  if (!std::getline(in, socket) || socket.empty()) return std::nullopt;
  server.socket = socket;
  return server;
}

std::optional<json> call(const fs::path& socket, const json& request, std::chrono::milliseconds connect_timeout,
                         std::chrono::milliseconds reply_timeout) {
  if (socket_path_problem(socket)) return std::nullopt;
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return std::nullopt;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket.c_str(), socket.native().size() + 1);
  auto deadline = std::chrono::steady_clock::now() + connect_timeout;
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    if (errno != EINPROGRESS && errno != EAGAIN) return std::nullopt;
    if (!wait_for(fd.get(), POLLOUT, deadline)) return std::nullopt;
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) return std::nullopt;
  }
  deadline = std::chrono::steady_clock::now() + reply_timeout;
  const std::string message = request.dump() + "\n";
  for (std::size_t sent = 0; sent < message.size();) {
    const ssize_t n = ::send(fd.get(), message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      if (!wait_for(fd.get(), POLLOUT, deadline)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  std::string reply;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    if (n > 0) {
      reply.append(buffer, static_cast<std::size_t>(n));
      if (const auto end = reply.find('\n'); end != std::string::npos) {
        reply.resize(end);
        break;
      }
      if (reply.size() > kMaxReply) return std::nullopt;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      if (!wait_for(fd.get(), POLLIN, deadline)) return std::nullopt;
    } else {
      return std::nullopt;  // closed before a whole reply
    }
  }
  auto parsed = json::parse(reply, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

std::optional<int> try_server(sdk::Host& host, std::string_view method, std::vector<std::string>& args) {
  const auto no_server = std::find(args.begin(), args.end(), "--no-server");
  if (no_server != args.end()) {
    args.erase(no_server);
    return std::nullopt;
  }
  if (env_set("AX_NO_SERVER")) return std::nullopt;
  const fs::path directory = host.working_directory();
  const auto root = sdk::repository_root(directory);
  if (!root) return std::nullopt;
  const auto server = running_server(*root);
  if (!server) return std::nullopt;

  std::string out, err, kind, message;
  int exit_code = 0;
  try {
    const json request = {
        {"jsonrpc", "2.0"},
        {"id", 1},
        {"method", method},
        {"params",
         {{"args", args}, {"cwd", directory.string()}, {"fingerprint", configuration_fingerprint(host, *root)}}}};
    // A server that does not take the connection at once is not running; a busy one gets time.
    const auto reply = call(server->socket, request, std::chrono::milliseconds(200), std::chrono::seconds(60));
    if (!reply || !reply->contains("result") || !(*reply)["result"].is_object()) return std::nullopt;
    const json& result = (*reply)["result"];
    out = result.at("out").get<std::string>();
    err = result.at("err").get<std::string>();
    exit_code = result.at("exit_code").get<int>();
    kind = result.value("error_kind", std::string());
    message = result.value("error_message", std::string());
  } catch (const json::exception&) {
    return std::nullopt;  // arguments that are not UTF-8, a malformed reply: run locally
  }
  host.out() << out;
  host.err() << err;
  if (kind == "usage") throw sdk::UsageError(message);
  if (kind == "user") throw sdk::UserError(message);
  if (kind == "store") throw sdk::StoreError(message);
  return exit_code;
}

std::optional<json> server_status(const fs::path& root) {
  const auto server = running_server(root);
  if (!server) return std::nullopt;
  const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "status"}};
  auto reply = call(server->socket, request, std::chrono::milliseconds(200), std::chrono::seconds(5));
  if (!reply || !reply->contains("result")) return std::nullopt;
  return (*reply)["result"];
}

}  // namespace ax::serve
