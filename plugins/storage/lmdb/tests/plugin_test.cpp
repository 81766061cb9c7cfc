// The built plugin, loaded the way the kernel loads it: through its exported descriptor.
#include <catch2/catch.hpp>

#include <boost/dll/shared_library.hpp>

#include <cstring>

#include <ax/sdk/plugin.hpp>
#include <ax/sdk/storage.hpp>
#include <ax/sdk/version.hpp>

#include "test_support.hpp"

using namespace ax::sdk;
using ax::lmdb_store::testing::TempDir;
using ax::lmdb_store::testing::write_file;

TEST_CASE("store-lmdb.so describes itself and opens a working symbol store", "[plugin]") {
  const boost::dll::shared_library library(AX_STORE_LMDB_PLUGIN);
  const auto& describe = library.get_alias<const PluginDescriptor*()>("ax_plugin_descriptor");
  const PluginDescriptor* descriptor = describe();
  REQUIRE(descriptor != nullptr);
  CHECK(descriptor->magic == kDescriptorMagic);
  CHECK(descriptor->sdk_major == kSdkMajor);
  CHECK(descriptor->sdk_minor == kSdkMinor);
  CHECK(std::strcmp(descriptor->abi, AX_SDK_CXX_ABI) == 0);
  CHECK(descriptor->kind == PluginKind::storage);
  CHECK(std::strcmp(descriptor->name, "lmdb") == 0);
  CHECK(descriptor->commands == nullptr);

  const std::unique_ptr<Plugin> plugin = descriptor->create();
  auto* storage = dynamic_cast<StoragePlugin*>(plugin.get());
  REQUIRE(storage != nullptr);
  CHECK(storage->open_search_index(std::filesystem::temp_directory_path()) == nullptr);

  TempDir root;
  {
    const std::unique_ptr<SymbolStore> store = storage->open_symbol_store(root / "store", AX_MIGRATIONS_DIR);
    REQUIRE(store != nullptr);
    const auto writer = store->begin_write();
    ParseResult result;
    result.symbols.push_back(Symbol{"main", SymbolKind::function, "main", {1, 1, 3, 1}, "int main()", "", -1});
    writer->put_file(FileRecord{"main.c", "c", 40, 1, 2}, result);
    CHECK(writer->commit() == 1);
    CHECK(store->find_symbols("MAIN", NameMatch::case_insensitive, 5).size() == 1);
  }

  // A StoreError thrown inside the plugin is caught as the SDK's StoreError here.
  std::filesystem::create_directories(root / "broken");
  write_file(root / "broken" / "data.mdb", std::string(8192, 'x'));
  CHECK_THROWS_AS(storage->open_symbol_store(root / "broken", AX_MIGRATIONS_DIR), StoreError);
}
