// Talking to `ax serve`: where its socket is, one JSON-RPC call, and try_server(), with which find,
// def, refs and flow print the server's answer when one runs for the repository (the ax_serve_client
// library; small, so the query commands stay cheap to load).
//
// Protocol: JSON-RPC 2.0 over a Unix stream socket, one message per line (newline-delimited JSON;
// a message holds no raw newline, JSON escapes them).
#pragma once
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <ax/sdk/host.hpp>

namespace ax::serve {

// Written by a running server, and flock-ed by it for as long as it runs: "<pid>\n<socket path>\n".
std::filesystem::path lock_file(const std::filesystem::path& root);

// Where a server for `root` listens by default: <root>/.ax/serve.sock, or, when that is longer than
// a Unix socket address holds, $XDG_RUNTIME_DIR/ax-serve-<hash of root>.sock. Throws UserError when
// neither fits.
std::filesystem::path default_socket_path(const std::filesystem::path& root);
// A socket path longer than sockaddr_un holds: the one-line reason, else nullopt.
std::optional<std::string> socket_path_problem(const std::filesystem::path& path);

// What a server's answer depends on besides the index: the configuration values, AX_FLAG_* variables
// and the flag files. A client whose fingerprint differs from the server's is answered locally.
std::string configuration_fingerprint(const sdk::Host& host, const std::filesystem::path& root);

struct RunningServer {
  long pid = 0;
  std::filesystem::path socket;
};
// The server holding the repository's lock file, read from it (the file may outlive a crashed server:
// a connect then fails).
std::optional<RunningServer> running_server(const std::filesystem::path& root);

// One request and its reply; nullopt when nothing answers within the timeouts (no server, a refused
// or timed-out connection, a reply that is not JSON).
std::optional<nlohmann::json> call(const std::filesystem::path& socket, const nlohmann::json& request,
                                   std::chrono::milliseconds connect_timeout, std::chrono::milliseconds reply_timeout);

// For find, def, refs and flow (`method`): removes --no-server from `args`; unless it was there or
// AX_NO_SERVER is set, asks the repository's server, if one runs, to run the command. When it
// answers, prints its output to host.out()/err() and returns the exit code (or rethrows its error
// as the local run would throw it); nullopt: run locally.
std::optional<int> try_server(sdk::Host& host, std::string_view method, std::vector<std::string>& args);

// The `status` method of the repository's server, nullopt when none answers.
std::optional<nlohmann::json> server_status(const std::filesystem::path& root);

}  // namespace ax::serve
