// Fuzz target: the ELF check run on every plugin file before dlopen (kernel/src/plugin_catalog.cpp,
// check_elf). The input is the file. An accepted file must really be a 64-bit shared object whose
// program headers, and every loadable or dynamic segment, lie inside the file: the dynamic loader
// trusts them, and a segment past the end crashes the process when touched.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <elf.h>

#include "fuzz_support.hpp"
#include "plugin_catalog.hpp"

namespace {

// Whether [offset, offset + length) lies within a file of `size` bytes, without overflow.
bool inside(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

// The check's promise, restated independently of its code.
bool complete_shared_object(const std::uint8_t* data, std::size_t size) {
  Elf64_Ehdr header;
  if (size < sizeof header) return false;
  std::memcpy(&header, data, sizeof header);
  if (std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 || header.e_ident[EI_CLASS] != ELFCLASS64 ||
      header.e_type != ET_DYN || header.e_phentsize != sizeof(Elf64_Phdr))
    return false;
  if (!inside(header.e_phoff, std::uint64_t{header.e_phnum} * sizeof(Elf64_Phdr), size)) return false;
  for (unsigned i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr segment;
    std::memcpy(&segment, data + header.e_phoff + i * sizeof segment, sizeof segment);
    if ((segment.p_type == PT_LOAD || segment.p_type == PT_DYNAMIC) &&
        !inside(segment.p_offset, segment.p_filesz, size))
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto file = ax::fuzz::scratch().write("plugin.so", ax::fuzz::as_text(data, size));
  const std::string problem = ax::kernel::check_elf(file);
  if (problem.empty() && !complete_shared_object(data, size))
    ax::fuzz::violated("check_elf accepted a file whose headers or segments are not inside it");
  if (!problem.empty() && problem.rfind("plugin.so ", 0) != 0)
    ax::fuzz::violated("the problem does not start with the file's name: " + problem);
  return 0;
}
