// The built plugin, loaded the way the kernel loads it: through its exported descriptor.
#include <catch2/catch.hpp>

#include <boost/dll/shared_library.hpp>

#include <cstring>
#include <fstream>

#include <ax/sdk/plugin.hpp>
#include <ax/sdk/storage.hpp>
#include <ax/sdk/version.hpp>

#include "temp_directory.hpp"

using namespace ax::sdk;
using ax::storage::xapian::testing::TempDirectory;

TEST_CASE("store-xapian.so describes itself and opens a working search index", "[plugin]") {
  const boost::dll::shared_library library(AX_STORE_XAPIAN_PLUGIN);
  const auto& describe = library.get_alias<const PluginDescriptor*()>("ax_plugin_descriptor");
  const PluginDescriptor* descriptor = describe();
  REQUIRE(descriptor != nullptr);
  CHECK(descriptor->magic == kDescriptorMagic);
  CHECK(descriptor->sdk_major == kSdkMajor);
  CHECK(descriptor->sdk_minor == kSdkMinor);
  CHECK(std::strcmp(descriptor->abi, AX_SDK_CXX_ABI) == 0);
  CHECK(descriptor->kind == PluginKind::storage);
  CHECK(std::strcmp(descriptor->name, "xapian") == 0);
  CHECK(descriptor->commands == nullptr);

  const std::unique_ptr<Plugin> plugin = descriptor->create();
  auto* storage = dynamic_cast<StoragePlugin*>(plugin.get());
  REQUIRE(storage != nullptr);
  TempDirectory temp;
  CHECK(storage->open_symbol_store(temp.path() / "store", temp.path() / "migrations") == nullptr);

  {
    const std::unique_ptr<SearchIndex> index = storage->open_search_index(temp.path() / "search");
    REQUIRE(index != nullptr);
    SearchDocument document;
    document.path = std::string("main.c");
    document.language = std::string("c");
    document.kind = std::string("function");
    document.name = std::string("main");
    index->put_file("main.c", {document});
    index->commit(3);
    SearchQuery query;
    query.words = {"MAIN"};
    const auto hits = index->search(query);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].document.path == "main.c");
    CHECK(index->generation() == 3);
  }

  // A StoreError thrown inside the plugin is caught as the SDK's StoreError here.
  std::filesystem::create_directories(temp.path() / "broken");
  std::ofstream(temp.path() / "broken" / "iamglass") << "not a glass version file";
  const std::unique_ptr<SearchIndex> broken = storage->open_search_index(temp.path() / "broken");
  CHECK_THROWS_AS(broken->generation(), StoreError);
}
