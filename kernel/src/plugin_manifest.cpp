#include "plugin_manifest.hpp"

#include <algorithm>
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
  std::size_t position() const { return pos_; }
  std::optional<std::string_view> field() {
    std::size_t colon = data_.find(':', pos_);
    if (colon == std::string_view::npos) return std::nullopt;
    std::size_t length = 0;
    auto [end, ec] = std::from_chars(data_.data() + pos_, data_.data() + colon, length);
    if (ec != std::errc() || end != data_.data() + colon || colon + 1 + length > data_.size()) return std::nullopt;
    std::string_view value = data_.substr(colon + 1, length);
    pos_ = colon + 1 + length;
    return value;
  }
  std::optional<std::string> text() {
    auto value = field();
    if (!value) return std::nullopt;
    return std::string(*value);
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

// The fields of a record after its path.
std::optional<ManifestRecord> read_record(Reader& in) {
  auto size = in.number<std::uint64_t>();
  auto mtime = in.number<std::int64_t>();
  auto name = in.text();
  auto kind = in.number<std::uint32_t>();
  auto version = in.text();
  auto description = in.text();
  auto major = in.number<std::uint32_t>();
  auto minor = in.number<std::uint32_t>();
  auto problem = in.text();
  auto command_count = in.number<std::size_t>();
  if (!size || !mtime || !name || !kind || !version || !description || !major || !minor || !problem || !command_count)
    return std::nullopt;
  ManifestRecord record{*size, *mtime, *name, *kind, *version, *description, *major, *minor, {}, *problem};
  for (std::size_t i = 0; i < *command_count; ++i) {
    auto command = in.text();
    auto summary = in.text();
    auto usage = in.text();
    if (!command || !summary || !usage) return std::nullopt;
    record.commands.push_back({*command, *summary, *usage});
  }
  return record;
}

// Steps over the fields of a record after its path without decoding them; false when they are not there.
bool skip_record(Reader& in) {
  constexpr int kFieldsBeforeCommands = 9;  // size, mtime, name, kind, version, description, major, minor, problem
  for (int i = 0; i < kFieldsBeforeCommands; ++i)
    if (!in.field()) return false;
  auto command_count = in.number<std::size_t>();
  if (!command_count) return false;
  for (std::size_t i = 0; i < *command_count * 3; ++i)
    if (!in.field()) return false;
  return true;
}

}  // namespace

PluginManifest::PluginManifest(fs::path file) : file_(std::move(file)) {
  sdk::FileContents contents = sdk::read_file(file_);
  if (!contents.ok()) return;
  data_ = std::move(contents.bytes);
  if (data_.compare(0, kHeader.size() + 1, kHeader + "\n") != 0) return;  // another version: start afresh
  const std::string_view body = std::string_view(data_).substr(kHeader.size() + 1);
  Reader reader(body);
  std::vector<StoredRecord> stored;
  while (!reader.at_end()) {
    const auto path = reader.field();
    const std::size_t start = reader.position();
    if (!path || !skip_record(reader)) return;                   // damaged: ignore it all
    if (!stored.empty() && stored.back().path >= *path) return;  // not as save() writes it
    stored.push_back({*path, body.substr(start, reader.position() - start)});
  }
  stored_ = std::move(stored);
}

const PluginManifest::StoredRecord* PluginManifest::stored(std::string_view path) const {
  auto it = std::lower_bound(stored_.begin(), stored_.end(), path,
                             [](const StoredRecord& record, std::string_view wanted) { return record.path < wanted; });
  return it != stored_.end() && it->path == path ? &*it : nullptr;
}

const ManifestRecord* PluginManifest::find(const fs::path& plugin, std::uint64_t size, std::int64_t mtime_ns) {
  const std::string& key = plugin.native();
  auto it = records_.find(key);
  if (it == records_.end()) {
    const StoredRecord* record = stored(key);
    if (record == nullptr) return nullptr;
    Reader reader(record->fields);
    auto decoded = read_record(reader);
    if (!decoded) return nullptr;  // a field that is not what it should be: as if not cached
    it = records_.emplace(key, std::move(*decoded)).first;
  }
  if (it->second.size != size || it->second.mtime_ns != mtime_ns) return nullptr;
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
  std::set<std::string, std::less<>> keep;
  for (const auto& p : present) keep.insert(p.string());
  std::set<std::string> listed;
  for (const auto& directory : scanned) listed.insert(directory_key(directory));
  // Per directory as the records spell it: kept when it is another ax's that still exists.
  std::map<std::string, bool, std::less<>> kept_directory;
  const auto kept = [&](std::string_view plugin) {
    if (keep.contains(plugin)) return true;
    const std::string_view spelled = plugin.substr(0, plugin.rfind('/') + 1);
    auto it = kept_directory.find(spelled);
    if (it == kept_directory.end()) {
      const std::string directory = directory_key(fs::path(plugin).parent_path());
      std::error_code ec;
      it = kept_directory.emplace(std::string(spelled), !listed.contains(directory) && fs::is_directory(directory, ec))
               .first;
    }
    return it->second;
  };
  bool dropping = false;
  for (const auto& record : stored_)
    if (!records_.contains(record.path) && !kept(record.path)) dropping = true;
  for (const auto& [path, _] : records_)
    if (!kept(path)) dropping = true;
  if (!changed_ && !dropping) return;
  // Rewritten: every record decoded, those no longer wanted left out.
  for (const auto& record : stored_) {
    if (records_.contains(record.path)) continue;
    Reader reader(record.fields);
    if (auto decoded = read_record(reader)) records_.emplace(std::string(record.path), std::move(*decoded));
  }
  std::erase_if(records_, [&](const auto& entry) { return !kept(entry.first); });
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
  stored_.clear();  // all of them are in records_ now
}

}  // namespace ax::kernel
