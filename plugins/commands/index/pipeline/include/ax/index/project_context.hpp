// The sdk::ProjectContext of one index run: the repository root, its files (listed on first
// request), and the data plugins derive from the whole project once per run (a C/C++ plugin's
// table of the macros the project's headers define), shared by every parser thread.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/host.hpp>
#include <ax/sdk/language.hpp>

namespace ax::index {

class RunProjectContext final : public sdk::ProjectContext {
 public:
  // `list_files` is called at most once (again only if it threw), from whichever thread first asks;
  // it must be safe to call from any thread for the context's lifetime.
  RunProjectContext(std::string root, std::function<std::vector<std::string>()> list_files);

  const std::string& root() const override { return root_; }
  const std::vector<std::string>& files() const override;
  std::shared_ptr<const void> shared_data(std::string_view key,
                                          const std::function<std::shared_ptr<const void>()>& build) const override;

 private:
  struct Slot {
    std::mutex building;  // held while the data is built: other callers of the key wait
    std::shared_ptr<const void> data;
  };
  std::string root_;
  std::function<std::vector<std::string>()> list_files_;
  mutable std::once_flag listed_;
  mutable std::vector<std::string> files_;
  mutable std::mutex slots_mutex_;
  mutable std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;
};

// The project as the index of `repository` holds it: its root and its stored files, listed on first
// request. For a parse outside an index run (`ax symbols`) that must read a file as the index did:
// a C file with the project's macros. `repository` must outlive the context.
std::shared_ptr<const RunProjectContext> stored_project(sdk::Repository& repository);

}  // namespace ax::index
