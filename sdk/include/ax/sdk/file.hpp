// Reading and replacing a whole file, for the kernel and plugins alike.
#pragma once
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace ax::sdk {

// A file's bytes, or why they could not be read.
struct FileContents {
  std::string bytes;
  std::string error;  // empty when the whole file was read; else "cannot open" or "read error"
  bool ok() const { return error.empty(); }
};

// Reads the whole file as bytes (no newline translation). A regular file is read in one piece of
// its size; a file whose size is unknown (a pipe) is read to its end.
inline FileContents read_file(const std::filesystem::path& path) {
  FileContents out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "cannot open";
    return out;
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    out.bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(out.bytes.data(), size);
    out.bytes.resize(static_cast<std::size_t>(in.gcount()));
  } else {
    in.clear();
    out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (in.bad()) out.error = "read error";
  return out;
}

// Replaces the file's contents with `bytes`: written beside it and renamed over it, so that a crash
// leaves the old file or the new one, whole. A symbolic link (a dotfiles checkout) stays one: the
// file it points to is what changes. Keeps the file's permissions; creates missing folders.
// Returns why it failed ("cannot write PATH: reason"), or an empty string.
inline std::string write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = path;
  if (fs::is_symlink(path, ec)) {
    fs::path resolved = fs::weakly_canonical(path, ec);
    if (!ec) target = resolved;
  }
  const bool existed = fs::exists(target, ec);
  fs::create_directories(target.parent_path(), ec);
  fs::path temp = target;
  temp += ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(temp, ec);
      return "cannot write " + path.string() + " (writing " + temp.string() + " failed)";
    }
  }
  if (existed) fs::permissions(temp, fs::status(target, ec).permissions(), ec);
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return "cannot write " + path.string() + ": " + ec.message();
  }
  return {};
}

}  // namespace ax::sdk
