#include "ax/digest/sha256.hpp"

#include "ax/dynlib/system_library.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace ax::digest {

namespace {

// OpenSSL's libcrypto is opened on the first digest, not linked: loading it (thousands of symbols
// bound at once) was a third of every ax process's start-up, and most runs (a query forwarded to
// `ax serve`, help, status) never hash anything. The function types come from OpenSSL's own header.
class Crypto {
 public:
  static const Crypto& get() {
    static const Crypto crypto;  // thread-safe once-only initialisation
    return crypto;
  }

  decltype(&EVP_MD_CTX_new) md_ctx_new = nullptr;
  decltype(&EVP_MD_CTX_free) md_ctx_free = nullptr;
  decltype(&EVP_sha256) sha256 = nullptr;
  decltype(&EVP_DigestInit_ex) digest_init = nullptr;
  decltype(&EVP_DigestUpdate) digest_update = nullptr;
  decltype(&EVP_DigestFinal_ex) digest_final = nullptr;

 private:
  Crypto() {
    // Never closed: libcrypto registers exit handlers of its own (and is marked not to be unloaded).
    const dynlib::SystemLibrary library(AX_LIBCRYPTO_SONAME);
    if (!library.loaded()) throw std::runtime_error("SHA-256 is unavailable: " + library.error());
    resolve(library, md_ctx_new, "EVP_MD_CTX_new");
    resolve(library, md_ctx_free, "EVP_MD_CTX_free");
    resolve(library, sha256, "EVP_sha256");
    resolve(library, digest_init, "EVP_DigestInit_ex");
    resolve(library, digest_update, "EVP_DigestUpdate");
    resolve(library, digest_final, "EVP_DigestFinal_ex");
  }

  template <typename Function>
  static void resolve(const dynlib::SystemLibrary& library, Function& function, const char* name) {
    if (!library.bind(function, name))
      throw std::runtime_error(std::string("SHA-256 is unavailable: ") + AX_LIBCRYPTO_SONAME + " has no " + name);
  }
};

}  // namespace

struct Sha256::Context {
  struct Free {
    void operator()(EVP_MD_CTX* context) const { Crypto::get().md_ctx_free(context); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> md{Crypto::get().md_ctx_new()};
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  const auto& crypto = Crypto::get();
  if (!context_->md || crypto.digest_init(context_->md.get(), crypto.sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 is unavailable (OpenSSL failed to initialise it)");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (Crypto::get().digest_update(context_->md.get(), bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("SHA-256 update failed");
}

std::array<std::uint8_t, 32> Sha256::finish() {
  std::array<std::uint8_t, 32> digest{};
  unsigned int length = 0;
  if (Crypto::get().digest_final(context_->md.get(), digest.data(), &length) != 1 || length != digest.size())
    throw std::runtime_error("SHA-256 finish failed");
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
