// Fuzz target: the plugin descriptor check (kernel/src/plugin_catalog.cpp, check_descriptor).
// The input encodes a descriptor as differences from a valid one, so the empty input is a usable
// plugin and every mutation moves one field away from it. The check must accept exactly the
// descriptors the loader can use, and describe every other one.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <string>

#include <ax/sdk/plugin.hpp>

#include "fuzz_support.hpp"
#include "plugin_catalog.hpp"

namespace {

std::unique_ptr<ax::sdk::Plugin> no_plugin() { return nullptr; }

// Reads the input front to back; past its end every read gives zero (the valid value).
class Reader {
 public:
  Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::uint8_t byte() { return offset_ < size_ ? data_[offset_++] : 0; }
  std::uint32_t u32() {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<std::uint32_t>(byte()) << (8 * i);
    return value;
  }
  // 0: `valid`, 1: nullptr, otherwise a string of up to 255 bytes (NULs included) from the input.
  const char* text(const char* valid) {
    const std::uint8_t choice = byte();
    if (choice == 0) return valid;
    if (choice == 1) return nullptr;
    const std::size_t length = byte();
    std::string& text = texts_.emplace_back();
    while (text.size() < length && offset_ < size_) text.push_back(static_cast<char>(byte()));
    return text.c_str();
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t offset_ = 0;
  std::deque<std::string> texts_;  // stable addresses for the pointers handed out
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ax::sdk::PluginKind;
  Reader in(data, size);
  ax::sdk::PluginDescriptor descriptor{};
  descriptor.magic = ax::sdk::kDescriptorMagic ^ in.u32();
  descriptor.sdk_major = ax::sdk::kSdkMajor ^ in.u32();
  descriptor.sdk_minor = ax::sdk::kSdkMinor ^ in.u32();
  descriptor.abi = in.text(AX_SDK_CXX_ABI);
  descriptor.kind = static_cast<PluginKind>(static_cast<std::uint32_t>(PluginKind::language) ^ in.u32());
  descriptor.name = in.text("fuzz");
  descriptor.version = in.text("1.0.0");
  descriptor.description = in.text("a fuzzed descriptor");
  descriptor.commands = nullptr;
  descriptor.create = in.byte() == 0 ? &no_plugin : nullptr;

  const bool present = in.byte() == 0;  // a library may export a null descriptor
  const std::string problem = ax::kernel::check_descriptor(present ? &descriptor : nullptr, "fuzz.so");

  const ax::sdk::PluginDescriptor& d = descriptor;
  const bool known_kind =
      d.kind == PluginKind::language || d.kind == PluginKind::command || d.kind == PluginKind::storage;
  const bool usable = present && d.magic == ax::sdk::kDescriptorMagic && d.sdk_major == ax::sdk::kSdkMajor &&
                      d.sdk_minor <= ax::sdk::kSdkMinor && d.abi != nullptr &&
                      std::strcmp(d.abi, AX_SDK_CXX_ABI) == 0 && d.name != nullptr && *d.name != '\0' &&
                      d.create != nullptr && known_kind;
  if (usable != problem.empty())
    ax::fuzz::violated(usable ? "a usable descriptor was refused: " + problem : "an unusable descriptor was accepted");
  if (!problem.empty() && problem.rfind("fuzz.so ", 0) != 0)
    ax::fuzz::violated("the problem does not start with the file's name: " + problem);
  return 0;
}
