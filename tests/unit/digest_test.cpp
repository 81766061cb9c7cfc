#include <ax/digest/sha256.hpp>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

using ax::digest::Sha256;
using ax::digest::sha256_hex;

TEST_CASE("SHA-256 matches the FIPS 180 test vectors", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 pads correctly around block boundaries and hashes incrementally", "[sha256]") {
  const auto pattern = [](std::size_t size) {
    std::string bytes;
    for (std::size_t i = 0; i < size; ++i) bytes.push_back(static_cast<char>((i * 7) % 256));
    return bytes;
  };
  // Digests computed independently (Python's hashlib) for lengths around the 56- and 64-byte edges.
  CHECK(sha256_hex(pattern(55)) == "576a1bf8d4478657e6dc4af9398544765c2a92cde28478b019235cfed315fc09");
  CHECK(sha256_hex(pattern(56)) == "9b20501dfd1d99161c257950f3444f3e49230c351c5c8e0943ef369f85f5205d");
  CHECK(sha256_hex(pattern(63)) == "30b345906b493f06f69444b6521113511c242f30e29840462950035043682f1e");
  CHECK(sha256_hex(pattern(64)) == "d8bc63b4fc1156e5e7d95a418b9bf54cd3174bedbc2db40f74895349b229b3c0");
  CHECK(sha256_hex(pattern(65)) == "1ee23b0fbcaecc1aff4a9e8f1645f35ab2c8e13609cd73b68df8b5e3f63ce073");
  CHECK(sha256_hex(pattern(119)) == "7a6589821178918ca8d9edaba5abfc1e9b2669564f4469b66885379c1530b2c8");
  CHECK(sha256_hex(pattern(120)) == "655250427d56b1b0eeb8497d21428704273458a01772d6881b65c0abac0f8a98");

  const std::string bytes = pattern(300);
  Sha256 incremental;
  incremental.update(bytes.substr(0, 1));
  incremental.update(bytes.substr(1, 70));
  incremental.update(bytes.substr(71));
  Sha256 whole;
  whole.update(bytes);
  CHECK(incremental.finish() == whole.finish());
}

TEST_CASE("SHA-256 of a file equals that of its bytes; a missing file is an error naming it", "[sha256]") {
  const auto path = std::filesystem::temp_directory_path() / "ax-digest-test.bin";
  const std::string bytes(200000, 'x');
  std::ofstream(path, std::ios::binary) << bytes;
  CHECK(ax::digest::sha256_file_hex(path) == sha256_hex(bytes));
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(ax::digest::sha256_file_hex(path), Catch::Contains("ax-digest-test.bin"));
}
