#include <catch2/catch.hpp>

#include <dlfcn.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../src/heap.hpp"

namespace {
using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

ssize_t read_decay(Mallctl control, const char* name) {
  ssize_t value = -2;
  std::size_t size = sizeof value;
  REQUIRE(control(name, &value, &size, nullptr, 0) == 0);
  return value;
}
}  // namespace

// The test binary links jemalloc as ax does (where the build has it): the setting must reach the
// arenas already in use and the default of arenas made later.
TEST_CASE("set_dirty_decay sets jemalloc's dirty decay on the arenas in use and for new ones") {
  const auto control = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  if (control == nullptr) {
    ax::index::set_dirty_decay(1234);  // another allocator: nothing to set, nothing thrown
    SUCCEED("not linked with jemalloc");
    return;
  }
  std::vector<char> in_use(1 << 20, 'x');  // arena 0 is made and used
  ax::index::set_dirty_decay(1234);
  CHECK(read_decay(control, "arenas.dirty_decay_ms") == 1234);
  CHECK(read_decay(control, "arena.0.dirty_decay_ms") == 1234);
  ax::index::set_dirty_decay(ax::index::kIndexDirtyDecayMilliseconds);
  CHECK(read_decay(control, "arena.0.dirty_decay_ms") == ax::index::kIndexDirtyDecayMilliseconds);
}

TEST_CASE("purge_free_memory leaves jemalloc no dirty pages") {
  const auto control = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
  if (control == nullptr) {
    ax::index::purge_free_memory();  // malloc_trim
    SUCCEED("not linked with jemalloc");
    return;
  }
  ax::index::set_dirty_decay(60'000);  // nothing goes back on its own during the test
  {
    std::vector<std::vector<char>> blocks;
    for (int i = 0; i < 64; ++i) blocks.emplace_back(1 << 20, 'x');
  }
  const auto dirty_pages = [&] {
    std::uint64_t epoch = 1;
    std::size_t size = sizeof epoch;
    REQUIRE(control("epoch", &epoch, &size, &epoch, size) == 0);
    std::size_t pages = 0;
    size = sizeof pages;
    REQUIRE(control("stats.arenas.4096.pdirty", &pages, &size, nullptr, 0) == 0);
    return pages;
  };
  CHECK(dirty_pages() > 0);
  ax::index::purge_free_memory();
  CHECK(dirty_pages() == 0);
  ax::index::set_dirty_decay(ax::index::kIndexDirtyDecayMilliseconds);
}
