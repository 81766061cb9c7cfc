#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <ax/sdk/version.hpp>

#include <ax/digest/sha256.hpp>

#include <elf.h>

#include "plugin_catalog.hpp"
#include "plugin_trust.hpp"

namespace fs = std::filesystem;
using ax::kernel::PluginCatalog;

// This kernel's SDK version as messages print it.
const std::string kSdk = std::to_string(ax::sdk::kSdkMajor) + "." + std::to_string(ax::sdk::kSdkMinor);

namespace {

// The kernel's SDK version as messages print it.
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
  CHECK(e->problem ==
        "testplugin-newer_minor.so needs ax SDK 1.999, newer than this ax's SDK " + kSdk + "; upgrade ax");
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
  REQUIRE(c.entry("cmd-status.so") != nullptr);  // built with every configuration: its absence is a failure
  auto* status = c.catalog.find_command("status");
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
  CHECK(ax::kernel::check_descriptor(&d, "x.so") == "x.so was built for ax SDK 2.0, this ax has SDK " + kSdk +
                                                        " (major versions differ); rebuild the plugin against SDK 1.x");
  d.sdk_major = 1;
  d.abi = "libc++";
  CHECK_THAT(ax::kernel::check_descriptor(&d, "x.so"), Catch::Contains("C++ ABI libc++"));
  // Strings from a foreign library are escaped: the refusal stays one line.
  d.abi = "lib\nc++";
  CHECK_THAT(ax::kernel::check_descriptor(&d, "x\n.so"),
             Catch::Contains("C++ ABI \"lib\\nc++\"") && Catch::StartsWith("\"x\\n.so\" was built"));
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

TEST_CASE("catalog: two plugin directories sharing a manifest keep each other's records") {
  fs::path dir = scratch_dir("manifest-shared");
  fs::path first_dir = dir / "first", second_dir = dir / "second";
  fs::create_directories(first_dir);
  fs::create_directories(second_dir);
  fs::copy_file(fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so", first_dir / "cmd-config.so");
  fs::copy_file(fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so", second_dir / "cmd-config.so");
  fs::path manifest = dir / "cache" / "manifest";
  const auto quiet = [](const std::string&) {};
  { PluginCatalog first({first_dir}, quiet, manifest); }
  { PluginCatalog second({second_dir}, quiet, manifest); }
  {
    // The first directory's record survived the second's run: nothing is loaded to list it.
    PluginCatalog first({first_dir}, quiet, manifest);
    auto* config = first.find_command("config");
    REQUIRE(config != nullptr);
    CHECK_FALSE(config->library.is_loaded());
  }
  fs::remove_all(second_dir);
  { PluginCatalog first({first_dir}, quiet, manifest); }
  std::ifstream in(manifest);
  std::string cached((std::istreambuf_iterator<char>(in)), {});
  CHECK_THAT(cached, Catch::Contains((first_dir / "cmd-config.so").string()));
  CHECK_THAT(cached, !Catch::Contains((second_dir / "cmd-config.so").string()));  // its directory is gone
  fs::remove_all(dir);
}

TEST_CASE("catalog: a damaged manifest is ignored and rewritten") {
  fs::path dir = scratch_dir("manifest-damaged");
  fs::copy_file(fs::path(AX_BUILTIN_PLUGIN_DIR) / "cmd-config.so", dir / "cmd-config.so");
  fs::path manifest = dir / "manifest";
  std::ofstream(manifest) << "ax-plugin-manifest 1 sdk " + kSdk + "\n99999:truncated";
  PluginCatalog catalog(
      {dir}, [](const std::string&) {}, manifest);
  auto* config = catalog.find_command("config");
  REQUIRE(config != nullptr);
  CHECK(config->library.is_loaded());  // read the real way
  std::ifstream in(manifest);
  std::string header;
  std::getline(in, header);
  CHECK(header == "ax-plugin-manifest 1 sdk " + kSdk);
  std::string rest((std::istreambuf_iterator<char>(in)), {});
  CHECK_THAT(rest, Catch::Contains("cmd-config.so"));
  fs::remove_all(dir);
}

TEST_CASE("catalog: a descriptor whose commands pointer leads nowhere is refused, not read") {
  Catalog c({AX_TEST_PLUGIN_DIR});
  const auto* e = c.entry("testplugin-bad_descriptor.so");
  REQUIRE(e != nullptr);
  CHECK(e->problem == "testplugin-bad_descriptor.so has a bad descriptor: its command list points outside the library");
  CHECK_FALSE(e->library.is_loaded());
  CHECK(c.warned("testplugin-bad_descriptor.so has a bad descriptor"));
}

TEST_CASE("catalog: descriptor pointers are checked against the library's memory") {
  static const char kName[] = "fine";
  static const char kUnterminated[4] = {'a', 'b', 'c', 'd'};
  static const ax::sdk::CommandSpec kCommands[] = {{"one", "", ""}, {nullptr, nullptr, nullptr}};
  ax::sdk::PluginDescriptor d{ax::sdk::kDescriptorMagic,
                              ax::sdk::kSdkMajor,
                              ax::sdk::kSdkMinor,
                              AX_SDK_CXX_ABI,
                              ax::sdk::PluginKind::command,
                              kName,
                              nullptr,
                              nullptr,
                              kCommands,
                              nullptr};
  auto range = [](const void* begin, std::size_t size, bool executable = false) {
    auto b = reinterpret_cast<std::uintptr_t>(begin);
    return ax::kernel::LibraryMemory::Range{b, b + size, executable};
  };
  using ax::kernel::LibraryMemory;
  auto create = +[]() -> std::unique_ptr<ax::sdk::Plugin> { return nullptr; };
  d.create = create;
  // String literals may be merged or not: give each pointer its own range.
  LibraryMemory memory({range(&d, sizeof d), range(kName, sizeof kName), range(d.abi, std::strlen(d.abi) + 1),
                        range(kCommands, sizeof kCommands), range(kCommands[0].name, 4), range(kCommands[0].summary, 1),
                        range(kCommands[0].usage, 1), range(reinterpret_cast<const void*>(create), 1, true)});
  CHECK(ax::kernel::check_descriptor(&d, "x.so", &memory) == "");
  // Each pointer in turn leading outside the library's memory.
  LibraryMemory no_commands({range(&d, sizeof d), range(kName, sizeof kName), range(d.abi, std::strlen(d.abi) + 1),
                             range(reinterpret_cast<const void*>(create), 1, true)});
  CHECK(ax::kernel::check_descriptor(&d, "x.so", &no_commands) ==
        "x.so has a bad descriptor: its command list points outside the library");
  LibraryMemory no_descriptor({range(kName, sizeof kName)});
  CHECK(ax::kernel::check_descriptor(&d, "x.so", &no_descriptor) ==
        "x.so has a bad descriptor: it points outside the library");
  LibraryMemory data_only_factory({range(&d, sizeof d), range(kName, sizeof kName),
                                   range(d.abi, std::strlen(d.abi) + 1),
                                   range(reinterpret_cast<const void*>(create), 1)});
  CHECK(ax::kernel::check_descriptor(&d, "x.so", &data_only_factory) ==
        "x.so has a bad descriptor: its factory points outside the library");
  // A name with no NUL before the end of its segment.
  d.name = kUnterminated;
  LibraryMemory unterminated({range(&d, sizeof d), range(kUnterminated, sizeof kUnterminated),
                              range(d.abi, std::strlen(d.abi) + 1),
                              range(reinterpret_cast<const void*>(create), 1, true)});
  CHECK(ax::kernel::check_descriptor(&d, "x.so", &unterminated) ==
        "x.so has a bad descriptor: its name points outside the library");
}

namespace {
fs::path copy_to(const fs::path& source, const fs::path& dir) {
  fs::create_directories(dir);
  fs::copy_file(source, dir / source.filename(), fs::copy_options::overwrite_existing);
  return dir / source.filename();
}
}  // namespace

TEST_CASE("catalog: an untrusted repository plugin is listed but never loaded") {
  fs::path dir = scratch_dir("untrusted");
  fs::path plugin = copy_to(fs::path(AX_TEST_PLUGIN_DIR) / "testplugin-throwing_commands.so", dir / "repo-plugins");
  std::vector<std::string> warnings;
  PluginCatalog catalog(
      {{dir / "repo-plugins", true}, {AX_BUILTIN_PLUGIN_DIR, false}},
      [&](const std::string& w) { warnings.push_back(w); }, std::nullopt,
      [](const fs::path&) { return ax::kernel::TrustState::untrusted; });
  const auto& entry = *catalog.entries().front();
  CHECK(entry.untrusted);
  CHECK_FALSE(entry.library.is_loaded());
  CHECK(entry.problem == "untrusted repository plugin; to load it: ax plugins trust " + plugin.string());
  CHECK(catalog.find_command("throw-int") == nullptr);
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0],
             Catch::StartsWith("1 untrusted repository plugin not loaded (testplugin-throwing_commands.so"));
  fs::remove_all(dir);
}

TEST_CASE("catalog: a trusted repository plugin adds commands but cannot replace built-in ones") {
  fs::path dir = scratch_dir("trusted");
  copy_to(fs::path(AX_TEST_PLUGIN_DIR) / "testplugin-throwing_commands.so", dir / "repo-plugins");
  copy_to(fs::path(AX_TEST_PLUGIN_DIR) / "testplugin-duplicate_status.so", dir / "repo-plugins");
  std::vector<std::string> warnings;
  PluginCatalog catalog(
      {{dir / "repo-plugins", true}, {AX_BUILTIN_PLUGIN_DIR, false}},
      [&](const std::string& w) { warnings.push_back(w); }, std::nullopt,
      [](const fs::path&) { return ax::kernel::TrustState::trusted; });
  auto* added = catalog.find_command("throw-int");
  REQUIRE(added != nullptr);
  CHECK(added->name == "throwing-commands");
  auto* status = catalog.find_command("status");
  REQUIRE(status != nullptr);
  CHECK(status->name == "status");
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0],
             Catch::Contains("testplugin-duplicate_status.so may not replace command 'status' of cmd-status.so"));
  fs::remove_all(dir);
}

TEST_CASE("catalog: many broken files are summarised, and their refusals cached") {
  fs::path dir = scratch_dir("junk");
  for (int i = 0; i < 40; ++i) std::ofstream(dir / ("junk" + std::to_string(100 + i) + ".so")) << "junk " << i;
  fs::path manifest = dir / "cache" / "manifest";
  for (int run = 0; run < 2; ++run) {
    std::vector<std::string> warnings;
    PluginCatalog catalog(
        {dir}, [&](const std::string& w) { warnings.push_back(w); }, manifest);
    CHECK(catalog.entries().size() == 40);
    REQUIRE(warnings.size() == ax::kernel::kShownPluginProblems + 1);
    CHECK(warnings.front() == "junk100.so cannot be loaded: not an ELF shared object");
    CHECK(warnings.back() == "... and 35 more plugin files refused; see ax plugins list");
  }
  std::ifstream in(manifest);
  std::string cached((std::istreambuf_iterator<char>(in)), {});
  CHECK_THAT(cached, Catch::Contains("junk139.so") && Catch::Contains("not an ELF shared object"));
  fs::remove_all(dir);
}

TEST_CASE("trust: a plugin is trusted by path and content; a change withdraws it") {
  fs::path dir = scratch_dir("trust");
  fs::path plugin = dir / "repo" / "p.so";
  fs::create_directories(plugin.parent_path());
  std::ofstream(plugin) << "version 1";
  ax::kernel::PluginTrust trust(dir / "config" / "trusted-plugins");
  CHECK_FALSE(trust.trusted(plugin));
  CHECK(trust.trust(plugin) == ax::digest::sha256_hex("version 1"));
  CHECK(trust.trusted(plugin));
  CHECK(ax::kernel::PluginTrust(dir / "config" / "trusted-plugins").trusted(dir / "repo" / "." / "p.so"));
  std::ofstream(plugin) << "version 2";
  CHECK_FALSE(trust.trusted(plugin));
  CHECK(trust.state(plugin) == ax::kernel::TrustState::changed);
  CHECK(trust.state(dir / "other.so") == ax::kernel::TrustState::untrusted);
  CHECK(trust.untrust(plugin));
  CHECK_FALSE(trust.untrust(plugin));
  CHECK_THROWS_AS(trust.trust(dir / "missing.so"), ax::sdk::UserError);
  fs::remove_all(dir);
}
