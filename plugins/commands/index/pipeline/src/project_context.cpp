#include <ax/index/project_context.hpp>

#include <algorithm>
#include <utility>

namespace ax::index {

RunProjectContext::RunProjectContext(std::string root, std::function<std::vector<std::string>()> list_files)
    : root_(std::move(root)), list_files_(std::move(list_files)) {}

const std::vector<std::string>& RunProjectContext::files() const {
  std::call_once(listed_, [this] {
    std::vector<std::string> files = list_files_ ? list_files_() : std::vector<std::string>{};
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    files_ = std::move(files);
  });
  return files_;
}

std::shared_ptr<const void> RunProjectContext::shared_data(
    std::string_view key, const std::function<std::shared_ptr<const void>()>& build) const {
  Slot* slot = nullptr;
  {
    std::lock_guard lock(slots_mutex_);
    auto it = slots_.find(key);
    if (it == slots_.end()) it = slots_.emplace(std::string(key), std::make_unique<Slot>()).first;
    slot = it->second.get();  // slots are never removed: the pointer stays valid
  }
  std::lock_guard building(slot->building);
  if (!slot->data) slot->data = build();  // a build that throws leaves it empty: the next caller tries again
  return slot->data;
}

std::shared_ptr<const RunProjectContext> stored_project(sdk::Repository& repository) {
  return std::make_shared<const RunProjectContext>(repository.root().string(), [&repository] {
    std::vector<std::string> paths;
    for (sdk::FileRecord& record : repository.store().files()) paths.push_back(std::move(record.path));
    return paths;
  });
}

}  // namespace ax::index
