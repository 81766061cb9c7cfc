// `ax detect PATH...`: the language ax would index each file as, from the same detector `ax index`
// uses (name, extension, shebang, content checks).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include <ax/sdk/sdk.hpp>

namespace {
namespace fs = std::filesystem;

constexpr const char* kUsage = R"(Usage: ax detect PATH... [--json]

Prints the language of each file as `ax index` would detect it, or "-" when no supported language
claims it (such files are skipped, never guessed). Directories are walked recursively (ignore files
are not consulted here).
)";

// What the language detector sees of a file: enough to get past a long licence comment to the code
// (a C++ header known only by its first declarations).
constexpr std::size_t kHeadBytes = 16384;

enum class Access { readable, unreadable, not_regular };

// The first bytes of a regular file. Opened without blocking and checked after opening, so a FIFO,
// socket or device named on the command line (or swapped in meanwhile) is reported, never waited on.
std::string read_head(const fs::path& path, Access& access) {
  std::string head;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    access = Access::unreadable;
    return head;
  }
  struct stat st {};
  const bool stated = ::fstat(fd, &st) == 0;
  if (!stated || !S_ISREG(st.st_mode)) {
    access = stated ? Access::not_regular : Access::unreadable;
    ::close(fd);
    return head;
  }
  head.resize(kHeadBytes);
  std::size_t filled = 0;
  while (filled < head.size()) {
    const ssize_t n = ::read(fd, head.data() + filled, head.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    filled += static_cast<std::size_t>(n);
  }
  head.resize(filled);
  access = Access::readable;
  ::close(fd);
  return head;
}

class DetectCommand final : public ax::sdk::CommandPlugin {
 public:
  int run(std::string_view, const std::vector<std::string>& argv, ax::sdk::Host& host) override {
    ax::sdk::Args args(argv, {"--json"}, {});
    if (args.positional().empty()) throw ax::sdk::UsageError("usage: ax detect PATH... (see ax help detect)");
    std::vector<fs::path> files;
    for (const auto& arg : args.positional()) {
      fs::path path = fs::path(arg).is_absolute() ? fs::path(arg) : host.working_directory() / arg;
      std::error_code ec;
      if (fs::is_directory(path, ec)) {
        for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec))
          if (it->is_regular_file(ec)) files.push_back(it->path());
      } else if (fs::exists(path, ec)) {
        files.push_back(path);
      } else {
        throw ax::sdk::UserError(arg + ": no such file or directory");
      }
    }
    std::sort(files.begin(), files.end());
    std::unique_ptr<ax::sdk::JsonWriter> json;
    if (args.has("--json")) {
      json = std::make_unique<ax::sdk::JsonWriter>(host.out());
      json->begin_array();
    }
    for (const auto& file : files) {
      Access access = Access::unreadable;
      std::string head = read_head(file, access);
      const bool readable = access == Access::readable;
      bool binary = head.find('\0') != std::string::npos;
      std::optional<std::string> language;
      if (readable && !binary) language = host.detect_language(file, head);
      std::string shown = fs::path(file).lexically_relative(host.working_directory()).string();
      if (shown.empty() || shown.rfind("..", 0) == 0) shown = file.string();
      if (json) {
        json->begin_object().field("path", shown);
        json->key("language");
        if (language)
          json->value(*language);
        else
          json->value(access == Access::not_regular ? "not a regular file"
                      : !readable                   ? "unreadable"
                      : binary                      ? "binary"
                                                    : "");
        json->end_object();
      } else {
        host.out() << ax::sdk::printable(shown) << '\t'
                   << (language                        ? *language
                       : access == Access::not_regular ? "- (not a regular file)"
                       : !readable                     ? "- (unreadable)"
                       : binary                        ? "- (binary)"
                                                       : "-")
                   << '\n';
      }
    }
    if (json) {
      json->end_array();
      host.out() << '\n';
    }
    return ax::sdk::kExitOk;
  }
};

const ax::sdk::CommandSpec kCommands[] = {
    {"detect", "show the language ax detects for files", kUsage},
    {nullptr, nullptr, nullptr},
};

}  // namespace

AX_PLUGIN(ax::sdk::PluginKind::command, "detect", "1.0.0", "Language detection", kCommands, DetectCommand)
