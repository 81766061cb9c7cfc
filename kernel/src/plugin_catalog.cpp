#include "plugin_catalog.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include <elf.h>
#include <sys/stat.h>

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

std::string check_descriptor(const sdk::PluginDescriptor* d, const fs::path& path) {
  const std::string file = path.filename().string();
  if (d == nullptr || d->magic != sdk::kDescriptorMagic) return file + " is not an ax plugin (bad descriptor)";
  const std::string theirs = version_text(d->sdk_major, d->sdk_minor);
  if (d->sdk_major != sdk::kSdkMajor)
    return file + " was built for ax SDK " + theirs + ", this ax has SDK " + kernel_sdk_text() +
           " (major versions differ); rebuild the plugin against SDK " + std::to_string(sdk::kSdkMajor) + ".x";
  if (d->sdk_minor > sdk::kSdkMinor)
    return file + " needs ax SDK " + theirs + ", newer than this ax's SDK " + kernel_sdk_text() + "; upgrade ax";
  if (d->abi == nullptr || std::strcmp(d->abi, AX_SDK_CXX_ABI) != 0)
    return file + " was built with C++ ABI " + std::string(d->abi ? d->abi : "?") + ", ax uses " + AX_SDK_CXX_ABI;
  if (d->name == nullptr || *d->name == '\0' || d->create == nullptr)
    return file + " has an incomplete descriptor (no name or factory)";
  if (d->kind != sdk::PluginKind::language && d->kind != sdk::PluginKind::command &&
      d->kind != sdk::PluginKind::storage)
    return file + " declares an unknown plugin kind " + std::to_string(static_cast<std::uint32_t>(d->kind));
  return {};
}

PluginCatalog::PluginCatalog(const std::vector<fs::path>& directories, Warn warn, std::optional<fs::path> manifest_file)
    : warn_(std::move(warn)) {
  std::optional<PluginManifest> manifest;
  if (manifest_file) manifest.emplace(*manifest_file);
  std::vector<fs::path> present;
  std::set<fs::path> seen_dirs;
  for (const auto& dir : directories) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) continue;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!seen_dirs.insert(ec ? dir : canonical).second) continue;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (looks_like_plugin_file(it->path())) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) load_file(file, manifest ? &*manifest : nullptr);
    present.insert(present.end(), files.begin(), files.end());
  }
  if (manifest) manifest->save(present);

  // Name and command claims: the first usable entry wins.
  std::set<std::pair<sdk::PluginKind, std::string>> names;
  std::map<std::string, const Entry*> command_owner;
  for (auto& entry : entries_) {
    if (!entry->usable()) continue;
    if (!names.insert({entry->kind, entry->name}).second) {
      const Entry* first = find(entry->kind, entry->name);
      entry->problem = "shadowed by " + first->path.string();
      warn_("plugin " + entry->name + " in " + entry->path.string() + " is shadowed by " + first->path.string());
      continue;
    }
    std::vector<CommandEntry> kept;
    for (auto& command : entry->commands) {
      auto [it, inserted] = command_owner.emplace(command.name, entry.get());
      if (inserted) {
        kept.push_back(command);
      } else {
        warn_("command '" + command.name + "' of " + entry->path.filename().string() + " is shadowed by " +
              it->second->path.filename().string());
      }
    }
    entry->commands = std::move(kept);
  }
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
    }
  }
  if (entry.usable()) {
    entry.problem = check_descriptor(entry.descriptor, path);
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

void PluginCatalog::load_file(const fs::path& path, PluginManifest* manifest) {
  auto entry = std::make_unique<Entry>();
  entry->path = path;
  entry->name = path.stem().string();
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
  if (!entry->usable()) warn_(entry->problem);
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
