// SHA-256 through Nettle: checksums of migration files, plugin files and backups.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ax::digest {

// Incremental SHA-256; feed it with update() and read the digest once with finish().
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  std::array<std::uint8_t, 32> finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// Lower-case hex of `bytes`.
std::string to_hex(const std::array<std::uint8_t, 32>& bytes);
// Lower-case hex digest of `bytes`.
std::string sha256_hex(std::string_view bytes);
// Lower-case hex digest of a file's contents; throws std::runtime_error naming the file when unreadable.
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace ax::digest
