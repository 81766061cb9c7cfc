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

// How long jemalloc keeps pages freed and not reused before giving them back (its dirty_decay_ms,
// 10 s by default). Index work frees tens of MB a second (parse trees, prepared search documents,
// the search index's buffers at each commit), spread over jemalloc's arenas: with 10 s, RssAnon
// carried 2-3 times the heap in use (146 MB resident for 41 MB in use at 10000 files of a 38k-file
// tree). 1 s halves that for ~3% more CPU (page faults of memory used again). Set for every arena of
// the process, and for arenas made later; does nothing under another allocator.
inline constexpr unsigned kIndexDirtyDecayMilliseconds = 1000;
void set_dirty_decay(unsigned milliseconds);

// Returns every page the allocator holds free to the system at once, where a phase of the run ends
// and the next will not reuse them soon: the last batches' parse results and the search index's
// buffer, freed by its commit, stayed resident until the process ended (at the end of a 38k-file
// run, RssAnon 164 MB for 52 MB of heap in use). jemalloc: a purge of every arena; glibc: malloc_trim.
void purge_free_memory();

}  // namespace ax::index
