#include "cache.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace ax::lint {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "ax-lint-cache 1\n";

// Strings are written as "<length>:<bytes>", numbers as decimal text followed by ' '.
void put(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}
template <typename Integer>
void put_number(std::string& out, Integer number) {
  out += std::to_string(number);
  out += ' ';
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool at_end() const { return pos_ >= data_.size(); }
  template <typename Integer>
  Integer number() {
    std::size_t end = data_.find(' ', pos_);
    if (end == std::string_view::npos || end == pos_ || end - pos_ > 20) throw std::runtime_error("bad number");
    std::string text(data_.substr(pos_, end - pos_));
    pos_ = end + 1;
    std::size_t used = 0;
    long long value = 0;
    unsigned long long unsigned_value = 0;
    if constexpr (std::is_signed_v<Integer>) {
      value = std::stoll(text, &used);
      if (used != text.size()) throw std::runtime_error("bad number");
      return static_cast<Integer>(value);
    } else {
      unsigned_value = std::stoull(text, &used);
      if (used != text.size() || text.front() == '-') throw std::runtime_error("bad number");
      return static_cast<Integer>(unsigned_value);
    }
  }
  std::string text() {
    std::size_t colon = data_.find(':', pos_);
    if (colon == std::string_view::npos || colon == pos_ || colon - pos_ > 12) throw std::runtime_error("bad string");
    std::size_t length = std::stoull(std::string(data_.substr(pos_, colon - pos_)));
    if (length > data_.size() - colon - 1) throw std::runtime_error("truncated");
    std::string out(data_.substr(colon + 1, length));
    pos_ = colon + 1 + length;
    return out;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

LintCache read_cache(const fs::path& file, const std::string& rule_set_hash) {
  LintCache cache;
  cache.rule_set_hash = rule_set_hash;
  std::ifstream in(file, std::ios::binary);
  if (!in) return cache;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  if (data.compare(0, kMagic.size(), kMagic) != 0) return cache;
  try {
    Reader reader(std::string_view(data).substr(kMagic.size()));
    if (reader.text() != rule_set_hash) return cache;
    while (!reader.at_end()) {
      std::string path = reader.text();
      CachedFile entry;
      entry.size = reader.number<std::uint64_t>();
      entry.mtime_ns = reader.number<std::int64_t>();
      entry.content_hash = reader.number<std::uint64_t>();
      auto count = reader.number<std::uint32_t>();
      for (std::uint32_t i = 0; i < count; ++i) {
        Finding finding;
        finding.rule = reader.text();
        auto severity = parse_severity(reader.text());
        if (!severity) throw std::runtime_error("bad severity");
        finding.severity = *severity;
        finding.message = reader.text();
        finding.fix = reader.text();
        finding.span.start_line = reader.number<std::uint32_t>();
        finding.span.start_column = reader.number<std::uint32_t>();
        finding.span.end_line = reader.number<std::uint32_t>();
        finding.span.end_column = reader.number<std::uint32_t>();
        finding.line_text = reader.text();
        entry.findings.push_back(std::move(finding));
      }
      cache.files.emplace(std::move(path), std::move(entry));
    }
  } catch (const std::exception&) {
    cache.files.clear();  // damaged: every file is linted again
  }
  return cache;
}

void write_cache(const fs::path& file, const LintCache& cache) {
  std::string out(kMagic);
  put(out, cache.rule_set_hash);
  for (const auto& [path, entry] : cache.files) {
    put(out, path);
    put_number(out, entry.size);
    put_number(out, entry.mtime_ns);
    put_number(out, entry.content_hash);
    put_number(out, entry.findings.size());
    for (const auto& finding : entry.findings) {
      put(out, finding.rule);
      put(out, to_string(finding.severity));
      put(out, finding.message);
      put(out, finding.fix);
      put_number(out, finding.span.start_line);
      put_number(out, finding.span.start_column);
      put_number(out, finding.span.end_line);
      put_number(out, finding.span.end_column);
      put(out, finding.line_text);
    }
  }
  fs::path temporary = file;
  temporary += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
    stream.close();
    if (!stream) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + temporary.string());
    }
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw std::runtime_error("cannot replace " + file.string());
  }
}

}  // namespace ax::lint
