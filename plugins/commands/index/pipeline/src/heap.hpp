// What the process's memory allocator holds, and giving back what it holds free. ax links jemalloc
// (the kernel's AX_JEMALLOC), which glibc's malloc_trim cannot reach; its control interface is
// looked up at run time, so the pipeline works alike under glibc's malloc (tests, sanitizer builds).
#pragma once
#include <cstdint>

namespace ax::index {

struct HeapFigures {
  bool known = false;           // false where the allocator tells nothing
  std::uint64_t allocated = 0;  // bytes the program holds (live allocations)
  // at most the bytes the allocator keeps resident: live, free-but-dirty, its metadata (jemalloc
  // counts pages mapped and never touched too)
  std::uint64_t resident = 0;
};

HeapFigures heap_figures();

// Returns the pages glibc's malloc holds free to the system (malloc_trim): a parse of a large file
// takes tens of MB on its parser thread, freed afterwards but left between live blocks in that
// thread's arena, where glibc does not return it on its own. jemalloc does (pages unused for its
// dirty_decay_ms go back), and purging its arenas at every batch would only make the next batch
// fault the same pages in again: nothing is done then.
void return_free_memory();

}  // namespace ax::index
