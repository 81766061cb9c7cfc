#include "project_macro_cache.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <sys/stat.h>

#include <ax/sdk/file.hpp>
#include <ax/sdk/hash.hpp>

namespace ax::lang {
namespace {

namespace fs = std::filesystem;

// The file: a fixed head, then two sections, each with its length and checksum in the head:
//   index:         the headers (path, size, mtime) in project order, then the table (name, form)
//   contributions: each header's HeaderMacros, in the same order
// A run whose stamps all match reads the head and the index only.
constexpr std::array<char, 8> kMagic = {'A', 'X', 'M', 'A', 'C', 'R', 'O', 'S'};
// Contributions hold classified candidates: a change to how one definition is classified (body_form)
// must change this version, or an old file would keep the old rule's answers.
constexpr std::uint32_t kFormatVersion = 1;
constexpr std::uint32_t kByteOrderMark = 0x01020304;  // the file is native-endian: another machine's is ignored
constexpr std::size_t kHeadBytes = 8 + 4 + 4 + 8 + 4 * 8;

// Where a header stood when it was read. A header changed within this long before it was stat'ed
// could change again within the file system's timestamp granularity, keeping its size and mtime:
// it is recorded unverified and read again by the next run (git's "racily clean" entries).
constexpr std::int64_t kRacyWindowNs = 2'000'000'000;
constexpr std::int64_t kUnverified = std::numeric_limits<std::int64_t>::min();

struct Stamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = kUnverified;
  bool operator==(const Stamp&) const = default;
};

struct Header {
  std::string path;
  Stamp stamp;
};

std::int64_t now_ns() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// The headers among `files` that make the table, stat'ed: readable sizes up to `max_header_bytes`.
std::vector<Header> contributing_headers(const fs::path& root, const std::vector<std::string>& files,
                                         std::uint64_t max_header_bytes) {
  std::vector<Header> headers;
  const std::int64_t racy_after = now_ns() - kRacyWindowNs;
  for (const std::string& path : files) {
    if (!is_macro_header_path(path)) continue;
    struct stat st {};
    if (::stat((root / path).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > max_header_bytes) continue;
    const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
    headers.push_back({path, {size, mtime >= racy_after ? kUnverified : mtime}});
  }
  return headers;
}

class Writer {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void u32(std::uint32_t value) { raw(&value, sizeof value); }
  void u64(std::uint64_t value) { raw(&value, sizeof value); }
  void i64(std::int64_t value) { raw(&value, sizeof value); }
  void text(std::string_view value) {
    u32(static_cast<std::uint32_t>(value.size()));
    bytes_.append(value);
  }
  std::string& bytes() { return bytes_; }

 private:
  void raw(const void* data, std::size_t size) { bytes_.append(static_cast<const char*>(data), size); }
  std::string bytes_;
};

// Reads what Writer wrote; throws std::runtime_error past the end (a truncated or damaged file).
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint32_t u32() { return fixed<std::uint32_t>(); }
  std::uint64_t u64() { return fixed<std::uint64_t>(); }
  std::int64_t i64() { return fixed<std::int64_t>(); }
  std::string_view text() { return take(u32()); }
  MacroForm form() {
    const std::uint8_t value = u8();
    if (value > static_cast<std::uint8_t>(MacroForm::wrapper)) throw std::runtime_error("bad form");
    return static_cast<MacroForm>(value);
  }
  // A count of items at least `item_bytes` each, checked against what is left (no huge allocation).
  std::size_t count(std::uint64_t value, std::size_t item_bytes) const {
    if (value > (bytes_.size() - at_) / item_bytes) throw std::runtime_error("bad count");
    return static_cast<std::size_t>(value);
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  template <typename T>
  T fixed() {
    T value;
    std::memcpy(&value, take(sizeof value).data(), sizeof value);
    return value;
  }
  std::string_view take(std::size_t size) {
    if (size > bytes_.size() - at_) throw std::runtime_error("truncated");
    const std::string_view out = bytes_.substr(at_, size);
    at_ += size;
    return out;
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

struct Head {
  std::uint64_t index_bytes = 0;
  std::uint64_t index_checksum = 0;
  std::uint64_t contributions_bytes = 0;
  std::uint64_t contributions_checksum = 0;
};

// What the cache file holds, as far as it was read.
struct Stored {
  Head head;
  std::vector<Header> headers;
  std::shared_ptr<MacroTable> table;
  std::vector<HeaderMacros> contributions;  // empty until read_contributions
};

void write_form(Writer& out, MacroForm form) { out.u8(static_cast<std::uint8_t>(form)); }

std::string encode(const std::vector<Header>& headers, const MacroTable& table,
                   const std::vector<const HeaderMacros*>& contributions, std::uint64_t max_header_bytes) {
  Writer index;
  index.u64(headers.size());
  for (const Header& header : headers) {
    index.text(header.path);
    index.u64(header.stamp.size);
    index.i64(header.stamp.mtime_ns);
  }
  std::vector<std::pair<std::string_view, MacroForm>> names;
  table.for_each([&](std::string_view name, MacroForm form) { names.emplace_back(name, form); });
  std::sort(names.begin(), names.end());
  index.u64(names.size());
  for (const auto& [name, form] : names) {
    index.text(name);
    write_form(index, form);
  }
  Writer rest;
  for (const HeaderMacros* contribution : contributions) {
    rest.u32(static_cast<std::uint32_t>(contribution->candidates.size()));
    for (const auto& candidate : contribution->candidates) {
      rest.text(candidate.name);
      write_form(rest, candidate.form);
      rest.u32(static_cast<std::uint32_t>(candidate.depends_on.size()));
      for (const auto& [name, form] : candidate.depends_on) {
        rest.text(name);
        write_form(rest, form);
      }
    }
    rest.u64(contribution->rejected.size());
    for (const std::uint64_t hash : contribution->rejected) rest.u64(hash);
  }
  Writer file;
  file.bytes().append(kMagic.data(), kMagic.size());
  file.u32(kFormatVersion);
  file.u32(kByteOrderMark);
  file.u64(max_header_bytes);
  file.u64(index.bytes().size());
  file.u64(sdk::fnv1a64(index.bytes()));
  file.u64(rest.bytes().size());
  file.u64(sdk::fnv1a64(rest.bytes()));
  file.bytes() += index.bytes();
  file.bytes() += rest.bytes();
  return std::move(file.bytes());
}

// The head and index of the cache file, or nullopt when it is missing, of another format or
// setting, or damaged.
std::optional<Stored> read_index(std::ifstream& in, std::uint64_t max_header_bytes) {
  std::string head_bytes(kHeadBytes, '\0');
  if (!in.read(head_bytes.data(), static_cast<std::streamsize>(head_bytes.size()))) return std::nullopt;
  try {
    Reader head(head_bytes);
    for (const char c : kMagic)
      if (static_cast<char>(head.u8()) != c) return std::nullopt;
    if (head.u32() != kFormatVersion || head.u32() != kByteOrderMark || head.u64() != max_header_bytes)
      return std::nullopt;
    Stored stored;
    stored.head = {head.u64(), head.u64(), head.u64(), head.u64()};
    if (stored.head.index_bytes > (std::uint64_t{1} << 32)) return std::nullopt;
    std::string index_bytes(static_cast<std::size_t>(stored.head.index_bytes), '\0');
    if (!in.read(index_bytes.data(), static_cast<std::streamsize>(index_bytes.size()))) return std::nullopt;
    if (sdk::fnv1a64(index_bytes) != stored.head.index_checksum) return std::nullopt;
    Reader index(index_bytes);
    stored.headers.resize(index.count(index.u64(), 4 + 16));
    for (Header& header : stored.headers) {
      header.path = index.text();
      header.stamp = {index.u64(), index.i64()};
    }
    auto table = std::make_shared<MacroTable>();
    for (std::size_t names = index.count(index.u64(), 4 + 1); names > 0; --names) {
      const std::string_view name = index.text();
      table->add(name, index.form());
    }
    if (!index.done()) return std::nullopt;
    stored.table = std::move(table);
    return stored;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Reads the contributions that follow the index; false when they are damaged.
bool read_contributions(std::ifstream& in, Stored& stored) {
  if (stored.head.contributions_bytes > (std::uint64_t{1} << 36)) return false;
  std::string bytes(static_cast<std::size_t>(stored.head.contributions_bytes), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())) ||
      in.peek() != std::ifstream::traits_type::eof())
    return false;
  if (sdk::fnv1a64(bytes) != stored.head.contributions_checksum) return false;
  try {
    Reader rest(bytes);
    stored.contributions.resize(stored.headers.size());
    for (HeaderMacros& contribution : stored.contributions) {
      contribution.candidates.resize(rest.count(rest.u32(), 4 + 1 + 4));
      for (auto& candidate : contribution.candidates) {
        candidate.name = rest.text();
        candidate.form = rest.form();
        candidate.depends_on.resize(rest.count(rest.u32(), 4 + 1));
        for (auto& [name, form] : candidate.depends_on) {
          name = rest.text();
          form = rest.form();
        }
      }
      contribution.rejected.resize(rest.count(rest.u64(), 8));
      for (std::uint64_t& hash : contribution.rejected) hash = rest.u64();
    }
    return rest.done();
  } catch (const std::exception&) {
    return false;
  }
}

// Whether the stored table was made of exactly these headers, each unchanged since.
bool current(const std::vector<Header>& stored, const std::vector<Header>& now) {
  if (stored.size() != now.size()) return false;
  for (std::size_t i = 0; i < now.size(); ++i)
    if (now[i].stamp.mtime_ns == kUnverified || stored[i].path != now[i].path || stored[i].stamp != now[i].stamp)
      return false;
  return true;
}

HeaderMacros read_header(const fs::path& file) {
  const sdk::FileContents contents = sdk::read_file(file);
  if (!contents.ok()) return {};
  MacroDefinitions definitions;
  definitions.add_file(contents.bytes);
  return definitions.contribution();
}

}  // namespace

ProjectMacros load_or_build_project_macros(const fs::path& root, const std::vector<std::string>& files,
                                           std::uint64_t max_header_bytes, const std::optional<fs::path>& cache) {
  ProjectMacros out;
  std::vector<Header> headers = contributing_headers(root, files, max_header_bytes);
  out.headers = headers.size();

  std::optional<Stored> stored;
  std::ifstream in;
  if (cache) {
    in.open(*cache, std::ios::binary);
    if (in) stored = read_index(in, max_header_bytes);
    if (stored && current(stored->headers, headers)) {
      out.table = std::move(stored->table);
      return out;
    }
    if (stored && !read_contributions(in, *stored)) stored.reset();
  }

  // The contribution of each header: the stored one when its stamp is the same, else read now.
  std::unordered_map<std::string_view, std::size_t> stored_at;
  if (stored)
    for (std::size_t i = 0; i < stored->headers.size(); ++i) stored_at.emplace(stored->headers[i].path, i);
  std::vector<HeaderMacros> read_now;
  read_now.reserve(headers.size());
  std::vector<const HeaderMacros*> contributions;
  contributions.reserve(headers.size());
  bool changed = !stored || stored->headers.size() != headers.size();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const Header& header = headers[i];
    const auto it = stored_at.find(header.path);
    if (it == stored_at.end()) {
      changed = true;
    } else {
      const std::size_t was = it->second;
      changed = changed || was != i;
      if (header.stamp.mtime_ns != kUnverified && stored->headers[was].stamp == header.stamp) {
        contributions.push_back(&stored->contributions[was]);
        continue;
      }
    }
    read_now.push_back(read_header(root / header.path));
    ++out.headers_read;
    contributions.push_back(&read_now.back());
    if (!changed) {  // stored at the same place: the same unless its stamp or definitions moved
      const std::size_t was = it->second;
      changed = stored->headers[was].stamp != header.stamp || stored->contributions[was] != read_now.back();
    }
  }
  out.table = std::make_shared<const MacroTable>(MacroDefinitions::combine(contributions).classify());

  // Rewritten only when something differs: an unverified header read again to the same result
  // (unreadable, or touched in the last moments) costs a read, not a write.
  if (cache && changed) {
    const std::string bytes = encode(headers, *out.table, contributions, max_header_bytes);
    out.cache_written = sdk::write_file_atomically(*cache, bytes).empty();
  }
  return out;
}

std::optional<fs::path> project_macro_cache_path(const fs::path& root) {
  const fs::path state_dir = root / ".ax";
  std::error_code error;
  if (!fs::is_directory(state_dir, error)) return std::nullopt;  // not an index: nothing is written
  return state_dir / "c_family.project_macros";
}

std::shared_ptr<const MacroTable> project_macro_table(const sdk::ProjectContext& project,
                                                      std::uint64_t max_header_bytes) {
  const auto build = [&]() -> std::shared_ptr<const void> {
    const fs::path root(project.root());
    return load_or_build_project_macros(root, project.files(), max_header_bytes, project_macro_cache_path(root)).table;
  };
  return std::static_pointer_cast<const MacroTable>(project.shared_data("c_family.project_macros", build));
}

}  // namespace ax::lang
