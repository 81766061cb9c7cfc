// Fuzz target: configuration loading (kernel/src/config.*). The input is the repository's
// .ax/config.yaml. Loading either succeeds or throws a one-line user error (sdk::UserError); any
// other exception escapes and counts as a crash. A file that loads must survive `ax config set`:
// after setting one key, reloading gives that value and every other key unchanged.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "config.hpp"
#include "fuzz_support.hpp"

namespace {

std::map<std::string, std::string> values_of(const ax::kernel::Config& config) {
  std::map<std::string, std::string> values;
  for (const auto& value : config.values()) values[value.key] = value.value;
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string key = "find.limit";
  const std::string value = "7";
  const auto& scratch = ax::fuzz::scratch();
  // No user file: only the repository layer comes from the input.
  const auto user_file = scratch.path() / "no-user-config.yaml";
  const auto repository_file = scratch.write("config.yaml", ax::fuzz::as_text(data, size));
  std::map<std::string, std::string> before;
  try {
    ax::kernel::Config config(user_file, repository_file, {});
    before = values_of(config);
    config.set(key, value, ax::sdk::ConfigScope::repository);
  } catch (const ax::sdk::UserError&) {
    return 0;  // a broken file is reported, which is what it should be
  }
  before[key] = value;
  const ax::kernel::Config reloaded(user_file, repository_file, {});
  for (const auto& [name, now] : values_of(reloaded))
    if (before[name] != now)
      ax::fuzz::violated("after `config set " + key + " " + value + "`, " + name + " changed from '" + before[name] +
                         "' to '" + now + "'");
  return 0;
}
