// A crash in native code ax cannot make safe — libxapian following a garbage pointer in a damaged
// search index, a plugin's bug — still ends with one line and exit 70 rather than a bare signal, and
// leaves a marker so that the next run repairs what the crashed one was reading.
#pragma once
#include <filesystem>
#include <string>

namespace ax::kernel {

// Installs handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE (on an alternate stack, so that a stack
// overflow is reported too). AX_CRASH_HANDLER=0 leaves the default behaviour (a core dump) for
// debugging.
void install_fatal_signal_handler();

// While alive, a fatal signal on this thread is reported as happening while doing `activity`, and
// creates the file `marker` (when not empty) before the process exits. Scopes nest.
class CrashScope {
 public:
  CrashScope(std::string activity, const std::filesystem::path& marker);
  ~CrashScope();
  CrashScope(const CrashScope&) = delete;
  CrashScope& operator=(const CrashScope&) = delete;

  // Read by the signal handler: prepared here because it may not allocate.
  const std::string& message() const { return message_; }
  const std::string& marker() const { return marker_; }

 private:
  std::string message_;
  std::string marker_;
  const CrashScope* outer_;
};

}  // namespace ax::kernel
