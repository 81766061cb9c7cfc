// The index run's view of the repository for import resolvers: only walked files, never a path that
// leaves the root, and the path check applied to whatever a resolver returns.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <ax/index/import_resolution.hpp>

namespace fs = std::filesystem;
using ax::index::normalised_path;
using ax::index::WalkedRepositoryView;

TEST_CASE("resolver paths: normalised, and nothing above the root") {
  CHECK(normalised_path("a/./b/../c.ts") == "a/c.ts");
  CHECK(normalised_path("a//b/") == "a/b");
  CHECK(!normalised_path("../outside.ts"));
  CHECK(!normalised_path("a/../../outside.ts"));
  CHECK(!normalised_path("/etc/passwd"));
  CHECK(!normalised_path(""));
  CHECK(!normalised_path("."));
  CHECK(!normalised_path(std::string_view("a\0b", 3)));
}

TEST_CASE("the walked view lists and reads walked files only") {
  std::string pattern = (fs::temp_directory_path() / "ax-view-test.XXXXXX").string();
  const fs::path root = mkdtemp(pattern.data());
  fs::create_directories(root / "src/lib");
  std::ofstream(root / "src/a.ts") << "a";
  std::ofstream(root / "src/lib/b.ts") << "b";
  std::ofstream(root / "ignored.ts") << "secret";  // on disk, but the walk did not keep it
  fs::create_symlink("/etc/hostname", root / "src/link");

  const WalkedRepositoryView view(root, {"src/lib/b.ts", "src/a.ts", "tsconfig.json"}, nullptr);
  CHECK(view.is_file("src/a.ts"));
  CHECK(!view.is_file("ignored.ts"));
  CHECK(!view.is_file("src/link"));
  CHECK(view.is_directory(""));
  CHECK(view.is_directory("src/lib"));
  CHECK(!view.is_directory("src/l"));
  CHECK(view.list_directory("") == std::vector<std::string>{"src/", "tsconfig.json"});
  CHECK(view.list_directory("src") == std::vector<std::string>{"a.ts", "lib/"});
  CHECK(view.read_file("src/lib/b.ts") == "b");
  CHECK(!view.read_file("ignored.ts"));
  CHECK(!view.read_file("src/link"));
  CHECK(!view.read_file("../etc/passwd"));
  CHECK(!view.read_file("tsconfig.json"));  // walked, but gone from disk since: absent
  CHECK(view.files_defining("elixir", "App.User").empty());
  fs::remove_all(root);
}
