// Bulk-insert throughput of the LMDB symbol store on synthetic files.
// Usage: bench-store-lmdb [files=10000] [symbols-per-file=30] [files-per-batch=500]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <ax/sdk/storage.hpp>

#include "../tests/test_support.hpp"
#include "lmdb_symbol_store.hpp"

namespace {

std::size_t argument(int argc, char** argv, int index, std::size_t fallback) {
  if (argc <= index) return fallback;
  const long long value = std::atoll(argv[index]);
  return value > 0 ? static_cast<std::size_t>(value) : fallback;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using ax::lmdb_store::testing::synthetic_file;
  const std::size_t file_count = argument(argc, argv, 1, 10000);
  const std::size_t symbols = argument(argc, argv, 2, 30);
  const std::size_t batch = argument(argc, argv, 3, 500);

  try {
    ax::lmdb_store::testing::TempDir root;
    const auto store = ax::lmdb_store::open_lmdb_symbol_store(root / "store", AX_MIGRATIONS_DIR);
    std::vector<ax::lmdb_store::testing::SyntheticFile> files;
    files.reserve(file_count);
    for (std::size_t i = 0; i < file_count; ++i) files.push_back(synthetic_file(i, symbols, file_count));

    const auto insert_all = [&](const char* label) {
      const auto start = std::chrono::steady_clock::now();
      for (std::size_t first = 0; first < file_count; first += batch) {
        const auto writer = store->begin_write();
        for (std::size_t i = first; i < std::min(first + batch, file_count); ++i)
          writer->put_file(files[i].record, files[i].result);
        writer->commit();
      }
      const double seconds = seconds_since(start);
      std::printf("%-8s %zu files x %zu symbols, batches of %zu: %.2f s, %.0f files/s, %.0f symbols/s\n", label,
                  file_count, symbols, batch, seconds, file_count / seconds, file_count * symbols / seconds);
    };
    insert_all("insert");
    insert_all("replace");  // every file again: deletes the old symbols, names and references first

    auto start = std::chrono::steady_clock::now();
    std::size_t found = 0;
    for (std::size_t i = 0; i < file_count; ++i)
      found += store->find_symbols("method_3_" + std::to_string(i), ax::sdk::NameMatch::exact, 10).size();
    std::printf("lookup   %zu exact finds: %.2f s, %.0f lookups/s (%zu found)\n", file_count, seconds_since(start),
                file_count / seconds_since(start), found);

    start = std::chrono::steady_clock::now();
    const ax::sdk::StoreStats stats = store->stats();
    std::printf("stats    %.3f ms: %llu files, %llu symbols, %llu references, data.mdb %.1f MiB\n",
                seconds_since(start) * 1000, static_cast<unsigned long long>(stats.files),
                static_cast<unsigned long long>(stats.symbols), static_cast<unsigned long long>(stats.references),
                static_cast<double>(stats.size_bytes) / (1 << 20));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench-store-lmdb: %s\n", error.what());
    return 1;
  }
  return 0;
}
