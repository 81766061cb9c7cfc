// Reading a whole file, for the kernel and plugins alike.
#pragma once
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

}  // namespace ax::sdk
