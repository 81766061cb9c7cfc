#include "ax/digest/sha256.hpp"

#include "ax/dynlib/system_library.hpp"

#include <nettle/sha2.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace ax::digest {

namespace {

// Nettle's libnettle is opened on the first digest, not linked, so that runs which never hash (a
// query forwarded to `ax serve`, help, status) do not bind it at start. Nettle rather than OpenSSL's
// libcrypto: opening libcrypto and initialising its digests cost ~2 ms of CPU, which every local
// query paid (the store checks its migration files' checksums on open); libnettle takes ~0.2 ms.
// The function types come from Nettle's own header.
class Nettle {
 public:
  static const Nettle& get() {
    static const Nettle nettle;  // thread-safe once-only initialisation
    return nettle;
  }

  decltype(&nettle_sha256_init) init = nullptr;
  decltype(&nettle_sha256_update) update = nullptr;
  decltype(&nettle_sha256_digest) digest = nullptr;

 private:
  Nettle() {
    const dynlib::SystemLibrary library(AX_LIBNETTLE_SONAME);
    if (!library.loaded()) throw std::runtime_error("SHA-256 is unavailable: " + library.error());
    resolve(library, init, "nettle_sha256_init");
    resolve(library, update, "nettle_sha256_update");
    resolve(library, digest, "nettle_sha256_digest");
  }

  template <typename Function>
  static void resolve(const dynlib::SystemLibrary& library, Function& function, const char* name) {
    if (!library.bind(function, name))
      throw std::runtime_error(std::string("SHA-256 is unavailable: ") + AX_LIBNETTLE_SONAME + " has no " + name);
  }
};

}  // namespace

struct Sha256::Context {
  sha256_ctx state{};
};

Sha256::Sha256() : context_(std::make_unique<Context>()) { Nettle::get().init(&context_->state); }

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  Nettle::get().update(&context_->state, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

std::array<std::uint8_t, 32> Sha256::finish() {
  std::array<std::uint8_t, 32> digest{};
  Nettle::get().digest(&context_->state, digest.size(), digest.data());
  return digest;
}

std::string to_hex(const std::array<std::uint8_t, 32>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (std::uint8_t byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return to_hex(hash.finish());
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string() + ": " + std::strerror(errno));
  Sha256 hash;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    hash.update({buffer, static_cast<std::size_t>(in.gcount())});
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return to_hex(hash.finish());
}

}  // namespace ax::digest
