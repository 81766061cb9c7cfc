// The parts of sdk::Host the pipeline tests never exercise: no configuration, captured output, no
// repositories or storage. A test host derives from it and says which languages it offers. Also a
// search index that holds nothing, for test repositories whose search side is not under test.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <ax/sdk/host.hpp>
#include <ax/sdk/storage.hpp>

namespace ax::index::testing {

struct StubHost : sdk::Host {
  std::atomic<bool> interrupt_flag{false};
  std::ostringstream out_, err_;

  std::optional<std::string> config(std::string_view) const override { return std::nullopt; }
  std::vector<sdk::ConfigValue> config_values() const override { return {}; }
  void set_config(std::string_view, std::string_view, sdk::ConfigScope) override {}
  std::ostream& out() override { return out_; }
  std::ostream& err() override { return err_; }
  bool stderr_is_terminal() const override { return false; }
  void log(sdk::LogLevel, std::string_view message) override { err_ << message << "\n"; }
  std::filesystem::path working_directory() const override { return std::filesystem::current_path(); }
  const std::atomic<bool>& interrupted() const override { return interrupt_flag; }
  std::vector<sdk::PluginInfo> plugins() override { return {}; }
  std::unique_ptr<sdk::Repository> find_repository(const std::filesystem::path&) override { return nullptr; }
  std::unique_ptr<sdk::Repository> open_repository(const std::filesystem::path&) override { return nullptr; }
  std::optional<std::filesystem::path> repository_root(const std::filesystem::path&) override { return std::nullopt; }
  sdk::StoragePlugin& symbol_store_plugin() override { throw std::logic_error("no storage in a test host"); }
  std::filesystem::path migrations_directory() const override { return {}; }
};

class EmptySearch final : public sdk::SearchIndex {
 public:
  explicit EmptySearch(std::uint64_t generation) : generation_(generation) {}
  std::uint64_t generation() override { return generation_; }
  void put_file(std::string_view, const std::vector<sdk::SearchDocument>&) override {}
  void remove_file(std::string_view) override {}
  void remove_all() override {}
  void commit(std::uint64_t) override {}
  std::vector<sdk::SearchHit> search(const sdk::SearchQuery&) override { return {}; }

 private:
  std::uint64_t generation_;
};

}  // namespace ax::index::testing
