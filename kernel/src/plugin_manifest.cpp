#include "plugin_manifest.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <ax/sdk/file.hpp>
#include <ax/sdk/version.hpp>

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {

// Fields are length-prefixed ("<n>:<bytes>") so usage texts with newlines need no escaping.
const std::string kHeader =
    "ax-plugin-manifest 1 sdk " + std::to_string(sdk::kSdkMajor) + "." + std::to_string(sdk::kSdkMinor);

void write_field(std::ostream& out, std::string_view value) { out << value.size() << ':' << value; }

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool at_end() const { return pos_ >= data_.size(); }
  std::optional<std::string> field() {
    std::size_t colon = data_.find(':', pos_);
    if (colon == std::string_view::npos) return std::nullopt;
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(data_.data() + pos_, data_.data() + colon, length);
    if (ec != std::errc() || end != data_.data() + colon || colon + 1 + length > data_.size()) return std::nullopt;
    std::string value(data_.substr(colon + 1, length));
    pos_ = colon + 1 + length;
    return value;
  }
  template <typename Number>
  std::optional<Number> number() {
    auto text = field();
    if (!text) return std::nullopt;
    Number value{};
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return value;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::optional<std::pair<std::string, ManifestRecord>> read_record(Reader& in) {
  auto path = in.field();
  auto size = in.number<std::uint64_t>();
  auto mtime = in.number<std::int64_t>();
  auto name = in.field();
  auto kind = in.number<std::uint32_t>();
  auto version = in.field();
  auto description = in.field();
  auto major = in.number<std::uint32_t>();
  auto minor = in.number<std::uint32_t>();
  auto problem = in.field();
  auto command_count = in.number<std::size_t>();
  if (!path || !size || !mtime || !name || !kind || !version || !description || !major || !minor || !problem ||
      !command_count)
    return std::nullopt;
  ManifestRecord record{*size, *mtime, *name, *kind, *version, *description, *major, *minor, {}, *problem};
  for (std::size_t i = 0; i < *command_count; ++i) {
    auto command = in.field();
    auto summary = in.field();
    auto usage = in.field();
    if (!command || !summary || !usage) return std::nullopt;
    record.commands.push_back({*command, *summary, *usage});
  }
  return std::pair{*path, std::move(record)};
}

}  // namespace

PluginManifest::PluginManifest(fs::path file) : file_(std::move(file)) {
  const sdk::FileContents contents = sdk::read_file(file_);
  if (!contents.ok()) return;
  const std::string& data = contents.bytes;
  if (data.compare(0, kHeader.size() + 1, kHeader + "\n") != 0) return;  // another version: start afresh
  Reader reader(std::string_view(data).substr(kHeader.size() + 1));
  std::map<std::string, ManifestRecord> records;
  while (!reader.at_end()) {
    auto record = read_record(reader);
    if (!record) return;  // damaged: ignore it all
    records.insert(std::move(*record));
  }
  records_ = std::move(records);
}

const ManifestRecord* PluginManifest::find(const fs::path& plugin, std::uint64_t size, std::int64_t mtime_ns) const {
  auto it = records_.find(plugin.string());
  if (it == records_.end() || it->second.size != size || it->second.mtime_ns != mtime_ns) return nullptr;
  return &it->second;
}

void PluginManifest::put(const fs::path& plugin, ManifestRecord record) {
  records_[plugin.string()] = std::move(record);
  changed_ = true;
}

void PluginManifest::save(const std::vector<fs::path>& present, const std::vector<fs::path>& scanned) {
  const auto directory_key = [](const fs::path& directory) {
    fs::path normal = directory.lexically_normal();
    return (normal.has_filename() ? normal : normal.parent_path()).string();
  };
  std::set<std::string> keep;
  for (const auto& p : present) keep.insert(p.string());
  std::set<std::string> listed;
  for (const auto& directory : scanned) listed.insert(directory_key(directory));
  std::map<std::string, bool> foreign_directory_exists;
  const auto kept_elsewhere = [&](const std::string& plugin) {
    const std::string directory = directory_key(fs::path(plugin).parent_path());
    if (listed.contains(directory)) return false;
    auto [it, fresh] = foreign_directory_exists.try_emplace(directory, false);
    std::error_code ec;
    if (fresh) it->second = fs::is_directory(directory, ec);
    return it->second;
  };
  for (auto it = records_.begin(); it != records_.end();) {
    if (keep.count(it->first) || kept_elsewhere(it->first)) {
      ++it;
    } else {
      it = records_.erase(it);
      changed_ = true;
    }
  }
  if (!changed_) return;
  std::ostringstream out;
  out << kHeader << '\n';
  for (const auto& [path, r] : records_) {
    write_field(out, path);
    write_field(out, std::to_string(r.size));
    write_field(out, std::to_string(r.mtime_ns));
    write_field(out, r.name);
    write_field(out, std::to_string(r.kind));
    write_field(out, r.version);
    write_field(out, r.description);
    write_field(out, std::to_string(r.sdk_major));
    write_field(out, std::to_string(r.sdk_minor));
    write_field(out, r.problem);
    write_field(out, std::to_string(r.commands.size()));
    for (const auto& c : r.commands) {
      write_field(out, c.name);
      write_field(out, c.summary);
      write_field(out, c.usage);
    }
  }
  // A read-only cache directory only costs speed: a failed write is not an error.
  if (!sdk::write_file_atomically(file_, out.str()).empty()) return;
  changed_ = false;
}

}  // namespace ax::kernel
