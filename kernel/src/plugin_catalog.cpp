#include "plugin_catalog.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <set>

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <sys/stat.h>

#include <ax/sdk/text.hpp>

#include <fstream>

#include <boost/dll/import.hpp>

namespace ax::kernel {
namespace fs = std::filesystem;

namespace {

std::string version_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::string kernel_sdk_text() { return version_text(sdk::kSdkMajor, sdk::kSdkMinor); }

bool looks_like_plugin_file(const fs::path& path) { return path.extension() == ".so" && fs::is_regular_file(path); }

// Whether [offset, offset + length) lies within `size` bytes; the sum itself could wrap around.
bool within(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

}  // namespace

// The dynamic loader trusts a file's program headers: a truncated shared object whose segments
// reach past its end is mapped anyway and crashes the process (SIGBUS) when touched. So the
// headers are checked against the file before dlopen sees it.
std::string check_elf(const fs::path& path) {
  const std::string file = path.filename().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return file + " cannot be loaded: cannot open it";
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  Elf64_Ehdr header{};
  if (!in.read(reinterpret_cast<char*>(&header), sizeof header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0)
    return file + " cannot be loaded: not an ELF shared object";
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_type != ET_DYN)
    return file + " cannot be loaded: not a 64-bit ELF shared object";
#if defined(__x86_64__)
  if (header.e_machine != EM_X86_64) return file + " cannot be loaded: built for another processor";
#elif defined(__aarch64__)
  if (header.e_machine != EM_AARCH64) return file + " cannot be loaded: built for another processor";
#endif
  if (header.e_phentsize != sizeof(Elf64_Phdr) ||
      !within(header.e_phoff, static_cast<std::uint64_t>(header.e_phnum) * sizeof(Elf64_Phdr), size))
    return file + " cannot be loaded: truncated (program headers missing)";
  in.seekg(static_cast<std::streamoff>(header.e_phoff));
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment{};
    if (!in.read(reinterpret_cast<char*>(&segment), sizeof segment)) return file + " cannot be loaded: truncated";
    if ((segment.p_type == PT_LOAD || segment.p_type == PT_DYNAMIC) &&
        !within(segment.p_offset, segment.p_filesz, size))
      return file + " cannot be loaded: truncated (segment past the end of the file)";
  }
  return {};
}

LibraryMemory LibraryMemory::of_library(void* handle) {
  link_map* map = nullptr;
  if (handle == nullptr || ::dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == nullptr) return LibraryMemory({});
  struct Search {
    const link_map* map;
    std::vector<Range> ranges;
  } search{map, {}};
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) -> int {
        auto* s = static_cast<Search*>(data);
        if (info->dlpi_addr != s->map->l_addr || info->dlpi_name == nullptr || s->map->l_name == nullptr ||
            std::strcmp(info->dlpi_name, s->map->l_name) != 0)
          return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& segment = info->dlpi_phdr[i];
          if (segment.p_type != PT_LOAD || (segment.p_flags & PF_R) == 0) continue;
          std::uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
          s->ranges.push_back({begin, begin + segment.p_memsz, (segment.p_flags & PF_X) != 0});
        }
        return 1;
      },
      &search);
  return LibraryMemory(std::move(search.ranges));
}

const LibraryMemory::Range* LibraryMemory::range_of(std::uintptr_t address) const {
  for (const auto& range : ranges_)
    if (address >= range.begin && address < range.end) return &range;
  return nullptr;
}

bool LibraryMemory::readable(const void* address, std::size_t size) const {
  auto begin = reinterpret_cast<std::uintptr_t>(address);
  const Range* range = range_of(begin);
  return range != nullptr && size <= range->end - begin;
}

bool LibraryMemory::executable(const void* address) const {
  const Range* range = range_of(reinterpret_cast<std::uintptr_t>(address));
  return range != nullptr && range->executable;
}

bool LibraryMemory::string(const char* text, std::size_t max_length) const {
  const Range* range = range_of(reinterpret_cast<std::uintptr_t>(text));
  if (range == nullptr) return false;
  std::size_t limit = std::min<std::size_t>(max_length + 1, range->end - reinterpret_cast<std::uintptr_t>(text));
  return std::memchr(text, '\0', limit) != nullptr;
}

namespace {

constexpr std::size_t kMaxCommands = 256;
constexpr std::size_t kMaxName = 256;
constexpr std::size_t kMaxText = 1 << 16;  // summaries, usage texts, descriptions

// Where a descriptor's pointers lead outside the library's readable memory; empty when they do not.
std::string check_descriptor_memory(const sdk::PluginDescriptor& d, const LibraryMemory& memory) {
  auto optional_text = [&](const char* text, std::size_t max) { return text == nullptr || memory.string(text, max); };
  if (!memory.readable(&d, sizeof d)) return "the descriptor itself";
  if (!memory.string(d.name, kMaxName)) return "its name";
  if (!optional_text(d.version, kMaxName)) return "its version";
  if (!optional_text(d.description, kMaxText)) return "its description";
  if (!memory.executable(reinterpret_cast<const void*>(d.create))) return "its factory";
  if (d.kind != sdk::PluginKind::command || d.commands == nullptr) return {};
  for (std::size_t i = 0;; ++i) {
    if (i == kMaxCommands) return "its command list (more than " + std::to_string(kMaxCommands) + " or unterminated)";
    const sdk::CommandSpec* command = d.commands + i;
    if (!memory.readable(command, sizeof *command)) return "its command list";
    if (command->name == nullptr) return {};
    if (!memory.string(command->name, kMaxName) || !optional_text(command->summary, kMaxText) ||
        !optional_text(command->usage, kMaxText))
      return "command " + std::to_string(i + 1) + " of its command list";
  }
}

}  // namespace

std::string check_descriptor(const sdk::PluginDescriptor* d, const fs::path& path, const LibraryMemory* memory) {
  const std::string file = sdk::printable(path.filename().string());
  // The frozen prefix first: every SDK's plugins can be identified by it.
  constexpr std::size_t kPrefix = offsetof(sdk::PluginDescriptor, abi) + sizeof(const char*);
  if (memory != nullptr && d != nullptr && !memory->readable(d, kPrefix))
    return file + " has a bad descriptor: it points outside the library";
  if (d == nullptr || d->magic != sdk::kDescriptorMagic) return file + " is not an ax plugin (bad descriptor)";
  const std::string theirs = version_text(d->sdk_major, d->sdk_minor);
  if (d->sdk_major != sdk::kSdkMajor)
    return file + " was built for ax SDK " + theirs + ", this ax has SDK " + kernel_sdk_text() +
           " (major versions differ); rebuild the plugin against SDK " + std::to_string(sdk::kSdkMajor) + ".x";
  if (d->sdk_minor > sdk::kSdkMinor)
    return file + " needs ax SDK " + theirs + ", newer than this ax's SDK " + kernel_sdk_text() + "; upgrade ax";
  if (memory != nullptr && d->abi != nullptr && !memory->string(d->abi, kMaxName))
    return file + " has a bad descriptor: its C++ ABI name points outside the library";
  if (d->abi == nullptr || std::strcmp(d->abi, AX_SDK_CXX_ABI) != 0)
    return file + " was built with C++ ABI " + (d->abi ? sdk::printable(d->abi) : std::string("?")) + ", ax uses " +
           AX_SDK_CXX_ABI;
  if (d->name == nullptr || d->create == nullptr) return file + " has an incomplete descriptor (no name or factory)";
  if (memory != nullptr) {
    if (auto where = check_descriptor_memory(*d, *memory); !where.empty())
      return file + " has a bad descriptor: " + where + " points outside the library";
  }
  if (*d->name == '\0') return file + " has an incomplete descriptor (no name or factory)";
  if (d->kind != sdk::PluginKind::language && d->kind != sdk::PluginKind::command &&
      d->kind != sdk::PluginKind::storage)
    return file + " declares an unknown plugin kind " + std::to_string(static_cast<std::uint32_t>(d->kind));
  return {};
}

PluginCatalog::PluginCatalog(const std::vector<fs::path>& directories, Warn warn, std::optional<fs::path> manifest)
    : PluginCatalog(
          [&] {
            std::vector<PluginDirectory> chosen;
            for (const auto& dir : directories) chosen.push_back({dir, false});
            return chosen;
          }(),
          std::move(warn), std::move(manifest), [](const fs::path&) { return TrustState::untrusted; }) {}

PluginCatalog::PluginCatalog(const std::vector<PluginDirectory>& directories, Warn warn,
                             std::optional<fs::path> manifest_file, TrustCheck trusted)
    : warn_(std::move(warn)) {
  std::optional<PluginManifest> manifest;
  if (manifest_file) manifest.emplace(*manifest_file);
  std::vector<fs::path> present;
  std::vector<fs::path> scanned;
  std::set<fs::path> seen_dirs;
  for (const auto& dir : directories) {
    std::error_code ec;
    if (dir.path.empty() || !fs::is_directory(dir.path, ec)) continue;
    fs::path canonical = fs::weakly_canonical(dir.path, ec);
    if (!seen_dirs.insert(ec ? dir.path : canonical).second) continue;
    scanned.push_back(dir.path);
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir.path, ec), end; !ec && it != end; it.increment(ec))
      if (looks_like_plugin_file(it->path())) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) load_file(file, manifest ? &*manifest : nullptr, dir.repository, trusted);
    present.insert(present.end(), files.begin(), files.end());
  }
  if (manifest) manifest->save(present, scanned);

  std::vector<std::string> refusals;
  for (const auto& entry : entries_)
    if (!entry->usable() && !entry->untrusted) refusals.push_back(entry->problem);
  report_problems(refusals);
  claim_names();
}

void PluginCatalog::report_problems(const std::vector<std::string>& refusals) const {
  // Many broken files must not bury the output: the first few, then a count.
  for (std::size_t i = 0; i < refusals.size() && i < kShownPluginProblems; ++i) warn_(refusals[i]);
  if (refusals.size() > kShownPluginProblems)
    warn_("... and " + std::to_string(refusals.size() - kShownPluginProblems) +
          " more plugin files refused; see ax plugins list");
  std::vector<const Entry*> untrusted;
  for (const auto& entry : entries_)
    if (entry->untrusted) untrusted.push_back(entry.get());
  if (untrusted.empty()) return;
  std::string names;
  for (std::size_t i = 0; i < untrusted.size() && i < 3; ++i)
    names += (i ? ", " : "") + untrusted[i]->path.filename().string();
  if (untrusted.size() > 3) names += ", ...";
  warn_(std::to_string(untrusted.size()) + " untrusted repository plugin" + (untrusted.size() == 1 ? "" : "s") +
        " not loaded (" + names + " in " + untrusted[0]->path.parent_path().string() +
        "); see ax plugins list, and trust one with ax plugins trust FILE");
}

// Name and command claims. The directories the user chose keep their precedence (the first claimant
// wins, the rest are warned about); repository plugins come after all of them and may only add.
void PluginCatalog::claim_names() {
  std::map<std::pair<sdk::PluginKind, std::string>, const Entry*> names;
  std::map<std::string, const Entry*> command_owner;
  auto claim = [&](Entry& entry) {
    if (!entry.usable()) return;
    auto [owner, fresh] = names.emplace(std::pair{entry.kind, entry.name}, &entry);
    if (!fresh) {
      const Entry* first = owner->second;
      if (entry.from_repository) {
        entry.problem = "refused: its name is taken by " + first->path.string();
        warn_("repository plugin " + entry.path.string() + " refused: plugin name '" + entry.name + "' is taken by " +
              first->path.string() + " (repository plugins cannot replace others)");
      } else {
        entry.problem = "shadowed by " + first->path.string();
        warn_("plugin " + entry.name + " in " + entry.path.string() + " is shadowed by " + first->path.string());
      }
      return;
    }
    std::vector<CommandEntry> kept;
    for (auto& command : entry.commands) {
      auto [it, inserted] = command_owner.emplace(command.name, &entry);
      if (inserted) {
        kept.push_back(command);
      } else if (entry.from_repository) {
        warn_("repository plugin " + entry.path.string() + " may not replace command '" + command.name + "' of " +
              it->second->path.filename().string() + "; its '" + command.name + "' is ignored");
      } else {
        warn_("command '" + command.name + "' of " + entry.path.filename().string() + " is shadowed by " +
              it->second->path.filename().string());
      }
    }
    entry.commands = std::move(kept);
  };
  for (auto& entry : entries_)
    if (!entry->from_repository) claim(*entry);
  for (auto& entry : entries_)
    if (entry->from_repository) claim(*entry);
}

PluginCatalog::~PluginCatalog() {
  // Plugin objects must die before the code that implements them is unloaded.
  for (auto& entry : entries_) entry->instance.reset();
}

void PluginCatalog::open_library(Entry& entry) {
  const fs::path& path = entry.path;
  entry.problem = check_elf(path);
  if (entry.usable()) {
    try {
      entry.library.load(path.string(), boost::dll::load_mode::rtld_lazy | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
      entry.problem = path.filename().string() + " cannot be loaded: " + e.what();
    }
  }
  if (entry.usable() && !entry.library.has("ax_plugin_descriptor"))
    entry.problem = path.filename().string() + " is not an ax plugin (no ax_plugin_descriptor entry point)";
  if (entry.usable()) {
    try {
      auto describe = entry.library.get_alias<const sdk::PluginDescriptor*()>("ax_plugin_descriptor");
      entry.descriptor = describe();
    } catch (const std::exception& e) {
      entry.problem = path.filename().string() + " has a broken entry point: " + e.what();
    } catch (...) {
      // Caught here, while the library that threw is still loaded.
      entry.problem = path.filename().string() + " has a broken entry point: it threw a non-standard exception";
    }
  }
  if (entry.usable()) {
    const LibraryMemory memory = LibraryMemory::of_library(entry.library.native());
    entry.problem = check_descriptor(entry.descriptor, path, &memory);
    const sdk::PluginDescriptor* d = entry.descriptor;
    if (d != nullptr && d->magic == sdk::kDescriptorMagic) {
      entry.sdk_major = d->sdk_major;
      entry.sdk_minor = d->sdk_minor;
    }
    if (entry.usable()) {
      entry.name = d->name;
      entry.kind = d->kind;
      entry.version = d->version ? d->version : "";
      entry.description = d->description ? d->description : "";
      entry.commands.clear();
      if (d->kind == sdk::PluginKind::command && d->commands != nullptr)
        for (const sdk::CommandSpec* c = d->commands; c->name != nullptr; ++c)
          entry.commands.push_back({c->name, c->summary ? c->summary : "", c->usage ? c->usage : ""});
    }
  }
  if (!entry.usable()) {
    // Keep the refused library unloaded: nothing of it may run.
    entry.descriptor = nullptr;
    if (entry.library.is_loaded()) entry.library.unload();
  }
}

void PluginCatalog::load_file(const fs::path& path, PluginManifest* manifest, bool repository,
                              const TrustCheck& trusted) {
  auto entry = std::make_unique<Entry>();
  entry->path = path;
  entry->name = path.stem().string();
  entry->from_repository = repository;
  const TrustState trust = repository && trusted ? trusted(path) : TrustState::untrusted;
  if (repository && trust != TrustState::trusted) {
    // Not even its descriptor is read: loading a library runs its code.
    entry->untrusted = true;
    entry->problem =
        std::string(trust == TrustState::changed ? "changed since you trusted it" : "untrusted repository plugin") +
        "; to load it: ax plugins trust " + path.string();
    entries_.push_back(std::move(entry));
    return;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    entry->file_size = static_cast<std::uint64_t>(st.st_size);
    entry->mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }
  const ManifestRecord* cached = manifest ? manifest->find(path, entry->file_size, entry->mtime_ns) : nullptr;
  if (cached != nullptr) {
    entry->name = cached->name;
    entry->kind = static_cast<sdk::PluginKind>(cached->kind);
    entry->version = cached->version;
    entry->description = cached->description;
    entry->sdk_major = cached->sdk_major;
    entry->sdk_minor = cached->sdk_minor;
    entry->commands = cached->commands;
    entry->problem = cached->problem;
  } else {
    open_library(*entry);
    if (manifest != nullptr)
      manifest->put(path, {entry->file_size, entry->mtime_ns, entry->name, static_cast<std::uint32_t>(entry->kind),
                           entry->version, entry->description, entry->sdk_major, entry->sdk_minor, entry->commands,
                           entry->problem});
  }
  entries_.push_back(std::move(entry));
}

PluginCatalog::Entry* PluginCatalog::find_command(std::string_view command) {
  for (auto& entry : entries_)
    if (entry->usable())
      for (const auto& c : entry->commands)
        if (c.name == command) return entry.get();
  return nullptr;
}

std::vector<CommandEntry> PluginCatalog::commands() const {
  std::vector<CommandEntry> all;
  for (const auto& entry : entries_)
    if (entry->usable()) all.insert(all.end(), entry->commands.begin(), entry->commands.end());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return all;
}

std::vector<PluginCatalog::Entry*> PluginCatalog::usable(sdk::PluginKind kind) {
  std::vector<Entry*> out;
  for (auto& entry : entries_)
    if (entry->usable() && entry->kind == kind) out.push_back(entry.get());
  return out;
}

PluginCatalog::Entry* PluginCatalog::find(sdk::PluginKind kind, std::string_view name) {
  for (auto& entry : entries_)
    if (entry->usable() && entry->kind == kind && entry->name == name) return entry.get();
  return nullptr;
}

sdk::Plugin* PluginCatalog::instance(Entry& entry) {
  if (entry.instance || entry.instantiation_failed || !entry.usable()) return entry.instance.get();
  if (!entry.library.is_loaded()) {
    // Known from the manifest so far: load it now, and hold it to what the manifest said.
    const std::string name = entry.name;
    const sdk::PluginKind kind = entry.kind;
    open_library(entry);
    if (entry.usable() && (entry.name != name || entry.kind != kind))
      entry.problem = entry.path.filename().string() + " changed since it was listed; run ax again";
    if (!entry.usable()) {
      entry.instantiation_failed = true;
      warn_(entry.problem);
      return nullptr;
    }
  }
  try {
    entry.instance = entry.descriptor->create();
    if (!entry.instance) throw std::runtime_error("factory returned nothing");
  } catch (const std::exception& e) {
    entry.instantiation_failed = true;
    entry.problem = "failed to start: " + std::string(e.what());
    warn_("plugin " + entry.name + " (" + entry.path.filename().string() + ") failed to start: " + e.what());
  } catch (...) {
    entry.instantiation_failed = true;
    entry.problem = "failed to start: unknown exception";
    warn_("plugin " + entry.name + " (" + entry.path.filename().string() + ") failed to start");
  }
  return entry.instance.get();
}

}  // namespace ax::kernel
