#include "fatal_signal.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <ax/sdk/host.hpp>

namespace ax::kernel {

namespace {
thread_local const CrashScope* t_scope = nullptr;

// Big enough for the handler's few calls; the main thread's stack may be exhausted when it runs.
alignas(16) std::array<char, 64 * 1024> g_alternate_stack;

void write_all(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::string_view signal_name(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "segmentation fault";
    case SIGBUS:
      return "bus error";
    case SIGILL:
      return "illegal instruction";
    case SIGFPE:
      return "arithmetic exception";
    default:
      return "fatal signal";
  }
}

// Async-signal-safe only: write, open, close, _exit.
extern "C" void on_fatal_signal(int signal) {
  write_all("ax: internal error: ");
  write_all(signal_name(signal));
  if (const CrashScope* scope = t_scope) {
    write_all(" while ");
    write_all(scope->message());
    if (!scope->marker().empty()) {
      const int fd = ::open(scope->marker().c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd >= 0) ::close(fd);
    }
  }
  write_all("\n");
  ::_exit(sdk::kExitInternalError);
}
}  // namespace

void install_fatal_signal_handler() {
  if (const char* setting = std::getenv("AX_CRASH_HANDLER"); setting != nullptr && std::strcmp(setting, "0") == 0)
    return;
  stack_t stack{};
  stack.ss_sp = g_alternate_stack.data();
  stack.ss_size = g_alternate_stack.size();
  ::sigaltstack(&stack, nullptr);
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  action.sa_flags = SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGSEGV, SIGBUS, SIGILL, SIGFPE}) ::sigaction(signal, &action, nullptr);
}

CrashScope::CrashScope(std::string activity, const std::filesystem::path& marker)
    : message_(std::move(activity)), marker_(marker.string()), outer_(t_scope) {
  t_scope = this;
}

CrashScope::~CrashScope() { t_scope = outer_; }

}  // namespace ax::kernel
