#include "heap.hpp"

#include <dlfcn.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <sys/types.h>

#include <cstddef>
#include <string>

namespace ax::index {
namespace {

using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

// jemalloc's mallctl when it is the process's allocator, else null.
Mallctl jemalloc_control() {
  static const Mallctl control = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  return control;
}

std::uint64_t jemalloc_size(Mallctl control, const char* name) {
  std::size_t value = 0;
  std::size_t size = sizeof value;
  return control(name, &value, &size, nullptr, 0) == 0 ? value : 0;
}

}  // namespace

HeapFigures heap_figures() {
  HeapFigures figures;
  if (const Mallctl control = jemalloc_control()) {
    std::uint64_t epoch = 1;
    std::size_t size = sizeof epoch;
    // Its statistics are a snapshot taken when the epoch moves.
    if (control("epoch", &epoch, &size, &epoch, size) != 0) return figures;
    figures.allocated = jemalloc_size(control, "stats.allocated");
    figures.resident = jemalloc_size(control, "stats.resident");
    figures.known = figures.resident != 0;
    return figures;
  }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 info = ::mallinfo2();
  figures.allocated = info.uordblks + info.hblkhd;
  figures.resident = info.arena + info.hblkhd;
  figures.known = true;
#endif
  return figures;
}

void set_dirty_decay(unsigned milliseconds) {
  const Mallctl control = jemalloc_control();
  if (control == nullptr) return;
  auto decay = static_cast<ssize_t>(milliseconds);  // jemalloc's type: -1 would mean never
  (void)control("arenas.dirty_decay_ms", nullptr, nullptr, &decay, sizeof decay);
  unsigned arenas = 0;
  std::size_t size = sizeof arenas;
  if (control("arenas.narenas", &arenas, &size, nullptr, 0) != 0) return;
  for (unsigned arena = 0; arena < arenas; ++arena) {
    // An arena not made yet refuses: it will take the default set above.
    const std::string name = "arena." + std::to_string(arena) + ".dirty_decay_ms";
    (void)control(name.c_str(), nullptr, nullptr, &decay, sizeof decay);
  }
}

void purge_free_memory() {
  if (const Mallctl control = jemalloc_control()) {
    // MALLCTL_ARENAS_ALL: every arena.
    (void)control("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
}

void return_free_memory() {
  if (jemalloc_control() != nullptr) return;
#ifdef __GLIBC__
  ::malloc_trim(0);
#endif
}

}  // namespace ax::index
