#pragma once

#include <dlfcn.h>

#include <string>

namespace ax::dynlib {

// A system library opened with dlopen, for libraries most runs never call: linking them binds all of
// their symbols at every start. The function types come from the library's own headers:
// `decltype(&nettle_sha256_init) init; library.bind(init, "nettle_sha256_init")`.
class SystemLibrary {
 public:
  // `soname`: the name the library is opened by, e.g. "libcurl.so.4".
  explicit SystemLibrary(const char* soname) : handle_(::dlopen(soname, RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) error_ = describe(soname);
  }
  // Never dlclose'd: such libraries register exit handlers of their own, so the handle is not owned.
  SystemLibrary(const SystemLibrary&) = delete;
  SystemLibrary& operator=(const SystemLibrary&) = delete;

  bool loaded() const { return handle_ != nullptr; }
  // Why the library could not be opened; empty when it was.
  const std::string& error() const { return error_; }

  // Points `function` at the library's symbol `name`; false (and `function` null) when it has none.
  template <typename Function>
  bool bind(Function& function, const char* name) const {
    function = handle_ == nullptr ? nullptr : reinterpret_cast<Function>(::dlsym(handle_, name));
    return function != nullptr;
  }

 private:
  static std::string describe(const char* soname) {
    const char* reason = ::dlerror();
    return std::string(soname) + " could not be loaded" + (reason != nullptr ? std::string(": ") + reason : "");
  }

  void* handle_;  // not owned: see the copy constructor's comment
  std::string error_;
};

}  // namespace ax::dynlib
