#include "plugin_trust.hpp"

#include <fstream>
#include <sstream>

#include <ax/digest/sha256.hpp>
#include <ax/sdk/file.hpp>
#include <ax/sdk/host.hpp>

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kHexDigest = 64;

bool is_hex_digest(std::string_view text) {
  return text.size() == kHexDigest && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}
}  // namespace

PluginTrust::PluginTrust(fs::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  std::string line;
  while (std::getline(in, line)) {
    // "<64 hex>  <path>": the path is everything after the two spaces, blanks included.
    if (line.size() < kHexDigest + 3 || line.compare(kHexDigest, 2, "  ") != 0) continue;
    std::string digest = line.substr(0, kHexDigest);
    if (!is_hex_digest(digest)) continue;
    digests_[line.substr(kHexDigest + 2)] = digest;
  }
}

fs::path PluginTrust::key(const fs::path& plugin) {
  std::error_code ec;
  fs::path absolute = fs::absolute(plugin, ec);
  if (ec) absolute = plugin;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

TrustState PluginTrust::state(const fs::path& plugin) const {
  auto it = digests_.find(key(plugin).string());
  if (it == digests_.end()) return TrustState::untrusted;
  try {
    return digest::sha256_file_hex(plugin) == it->second ? TrustState::trusted : TrustState::changed;
  } catch (const std::exception&) {
    return TrustState::changed;  // unreadable now: not the file that was trusted
  }
}

std::string PluginTrust::trust(const fs::path& plugin) {
  const fs::path listed = key(plugin);
  std::error_code ec;
  if (!fs::is_regular_file(listed, ec)) throw sdk::UserError(plugin.string() + ": no such plugin file");
  if (listed.string().find('\n') != std::string::npos)
    throw sdk::UserError(plugin.string() + ": a file name with a newline cannot be trusted");
  std::string digest;
  try {
    digest = digest::sha256_file_hex(listed);
  } catch (const std::exception& e) {
    throw sdk::UserError(e.what());
  }
  digests_[listed.string()] = digest;
  save();
  return digest;
}

bool PluginTrust::untrust(const fs::path& plugin) {
  if (digests_.erase(key(plugin).string()) == 0) return false;
  save();
  return true;
}

void PluginTrust::save() const {
  std::ostringstream out;
  for (const auto& [path, digest] : digests_) out << digest << "  " << path << "\n";
  if (std::string problem = sdk::write_file_atomically(file_, out.str()); !problem.empty()) {
    throw sdk::UserError(problem);
  }
}

}  // namespace ax::kernel
