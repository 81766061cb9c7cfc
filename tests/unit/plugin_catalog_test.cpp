#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <elf.h>

#include "plugin_catalog.hpp"

namespace fs = std::filesystem;
using ax::kernel::PluginCatalog;

namespace {
struct Catalog {
  std::vector<std::string> warnings;
  PluginCatalog catalog;
  explicit Catalog(std::vector<fs::path> dirs)
      : catalog(dirs, [this](const std::string& w) { warnings.push_back(w); }) {}
  bool warned(const std::string& text) const {
    for (const auto& w : warnings)
      if (w.find(text) != std::string::npos) return true;
    return false;
  }
  const PluginCatalog::Entry* entry(const std::string& file) const {
    for (const auto& e : catalog.entries())
      if (e->path.filename() == file) return e.get();
    return nullptr;
  }
};

fs::path scratch_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("ax-catalog-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}
}  // namespace

TEST_CASE("catalog: built-in plugins load with their commands") {
  Catalog c({AX_BUILTIN_PLUGIN_DIR});
  CHECK(c.catalog.find_command("plugins") != nullptr);
  CHECK(c.catalog.find_command("config") != nullptr);
  CHECK(c.catalog.find_command("nonexistent") == nullptr);
  for (const auto& e : c.catalog.entries()) CHECK(e->problem == "");
}

TEST_CASE("catalog: a newer SDK minor is refused naming both versions") {
  Catalog c({AX_TEST_PLUGIN_DIR});
  const auto* e = c.entry("testplugin-newer_minor.so");
  REQUIRE(e != nullptr);
  CHECK_FALSE(e->usable());
  CHECK(e->problem == "testplugin-newer_minor.so needs ax SDK 1.999, newer than this ax's SDK 1.0; upgrade ax");
  CHECK(c.catalog.find_command("newer") == nullptr);
  CHECK(c.warned("needs ax SDK 1.999"));
}

TEST_CASE("catalog: a shared object without the entry point is reported and skipped") {
  Catalog c({AX_TEST_PLUGIN_DIR});
  const auto* e = c.entry("testplugin-not_a_plugin.so");
  REQUIRE(e != nullptr);
  CHECK(e->problem == "testplugin-not_a_plugin.so is not an ax plugin (no ax_plugin_descriptor entry point)");
}

TEST_CASE("catalog: a throwing factory is reported; the rest keeps working") {
  Catalog c({AX_TEST_PLUGIN_DIR, AX_BUILTIN_PLUGIN_DIR});
  auto* entry = c.catalog.find_command("explode");
  REQUIRE(entry != nullptr);
  CHECK(c.catalog.instance(*entry) == nullptr);
  CHECK_THAT(entry->problem, Catch::Contains("cannot start: missing resource"));
  CHECK(c.warned("failed to start"));
  auto* config = c.catalog.find_command("config");
  REQUIRE(config != nullptr);
  CHECK(c.catalog.instance(*config) != nullptr);
}

TEST_CASE("catalog: the first directory wins a command; the loser is warned about") {
  Catalog c({AX_TEST_PLUGIN_DIR, AX_BUILTIN_PLUGIN_DIR});
  auto* status = c.catalog.find_command("status");
  if (c.entry("cmd-status.so") == nullptr) return;  // status plugin not built in this configuration
  REQUIRE(status != nullptr);
  CHECK(status->name == "status-override");
  CHECK(c.warned("command 'status' of cmd-status.so is shadowed by testplugin-duplicate_status.so"));
}

TEST_CASE("catalog: truncated and non-ELF files are reported, not loaded") {
  fs::path dir = scratch_dir("broken");
  fs::path source = fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so";
  REQUIRE(fs::exists(source));
  {
    std::ifstream in(source, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(dir / "truncated.so", std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 3));
  }
  std::ofstream(dir / "text.so") << "this is not a shared object\n";
  Catalog c({dir});
  REQUIRE(c.catalog.entries().size() == 2);
  for (const auto& e : c.catalog.entries()) {
    CHECK_FALSE(e->usable());
    CHECK_THAT(e->problem, Catch::Contains("cannot be loaded"));
  }
  fs::remove_all(dir);
}

// Found while fuzzing check_elf (tests/fuzz/regressions/plugin-elf): offset + size wrapped around
// 2^64 and passed as inside the file.
TEST_CASE("catalog: ELF headers whose offsets and sizes wrap around are refused") {
  fs::path dir = scratch_dir("wrapping");
  const auto write_elf = [&](const std::string& name, std::uint64_t phoff, std::uint64_t offset, std::uint64_t size) {
    Elf64_Ehdr header{};
    std::memcpy(header.e_ident, ELFMAG, SELFMAG);
    header.e_ident[EI_CLASS] = ELFCLASS64;
    header.e_ident[EI_DATA] = ELFDATA2LSB;
    header.e_ident[EI_VERSION] = EV_CURRENT;
    header.e_type = ET_DYN;
    header.e_machine = EM_X86_64;
#if defined(__aarch64__)
    header.e_machine = EM_AARCH64;
#endif
    header.e_phoff = phoff;
    header.e_ehsize = sizeof header;
    header.e_phentsize = sizeof(Elf64_Phdr);
    header.e_phnum = 1;
    Elf64_Phdr segment{};
    segment.p_type = PT_LOAD;
    segment.p_offset = offset;
    segment.p_filesz = size;
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(&header), sizeof header);
    out.write(reinterpret_cast<const char*>(&segment), sizeof segment);
    return dir / name;
  };
  const std::uint64_t file_size = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
  CHECK(ax::kernel::check_elf(write_elf("whole.so", sizeof(Elf64_Ehdr), 0, file_size)).empty());
  CHECK_THAT(ax::kernel::check_elf(write_elf("segment.so", sizeof(Elf64_Ehdr), 8, ~std::uint64_t{0} - 7)),
             Catch::Contains("segment past the end"));
  CHECK_THAT(ax::kernel::check_elf(write_elf("headers.so", ~std::uint64_t{0} - 7, 0, file_size)),
             Catch::Contains("program headers missing"));
  fs::remove_all(dir);
}

TEST_CASE("catalog: descriptor checks") {
  ax::sdk::PluginDescriptor d{};
  CHECK(ax::kernel::check_descriptor(nullptr, "x.so") == "x.so is not an ax plugin (bad descriptor)");
  d.magic = 1;
  CHECK(ax::kernel::check_descriptor(&d, "x.so") == "x.so is not an ax plugin (bad descriptor)");
  d.magic = ax::sdk::kDescriptorMagic;
  d.sdk_major = 2;
  d.sdk_minor = 0;
  CHECK(
      ax::kernel::check_descriptor(&d, "x.so") ==
      "x.so was built for ax SDK 2.0, this ax has SDK 1.0 (major versions differ); rebuild the plugin against SDK 1.x");
  d.sdk_major = 1;
  d.abi = "libc++";
  CHECK_THAT(ax::kernel::check_descriptor(&d, "x.so"), Catch::Contains("C++ ABI libc++"));
}

TEST_CASE("catalog: the manifest cache answers without loading; plugins load on first use") {
  fs::path dir = scratch_dir("manifest");
  fs::copy_file(fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so", dir / "cmd-config.so");
  fs::copy_file(fs::path(AX_TEST_PLUGIN_DIR) / "testplugin-newer_minor.so", dir / "testplugin-newer_minor.so");
  fs::path manifest = dir / "cache" / "manifest";
  {
    std::vector<std::string> warnings;
    PluginCatalog first(
        {dir}, [&](const std::string& w) { warnings.push_back(w); }, manifest);
    REQUIRE(fs::exists(manifest));
    CHECK(warnings.size() == 1);
  }
  std::vector<std::string> warnings;
  PluginCatalog second(
      {dir}, [&](const std::string& w) { warnings.push_back(w); }, manifest);
  REQUIRE(warnings.size() == 1);  // the cached refusal is still reported
  CHECK_THAT(warnings[0], Catch::Contains("needs ax SDK 1.999"));
  auto* config = second.find_command("config");
  REQUIRE(config != nullptr);
  CHECK_FALSE(config->library.is_loaded());
  CHECK_FALSE(config->commands.at(0).usage.empty());
  CHECK(second.instance(*config) != nullptr);
  CHECK(config->library.is_loaded());
  fs::remove_all(dir);
}

TEST_CASE("catalog: a damaged manifest is ignored and rewritten") {
  fs::path dir = scratch_dir("manifest-damaged");
  fs::copy_file(fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so", dir / "cmd-config.so");
  fs::path manifest = dir / "manifest";
  std::ofstream(manifest) << "ax-plugin-manifest 1 sdk 1.0\n99999:truncated";
  PluginCatalog catalog(
      {dir}, [](const std::string&) {}, manifest);
  auto* config = catalog.find_command("config");
  REQUIRE(config != nullptr);
  CHECK(config->library.is_loaded());  // read the real way
  std::ifstream in(manifest);
  std::string header;
  std::getline(in, header);
  CHECK(header == "ax-plugin-manifest 1 sdk 1.0");
  std::string rest((std::istreambuf_iterator<char>(in)), {});
  CHECK_THAT(rest, Catch::Contains("cmd-config.so"));
  fs::remove_all(dir);
}
