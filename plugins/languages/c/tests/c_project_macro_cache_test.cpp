// The project's macro table kept between runs (project_macro_cache.hpp): loaded without reading a
// header while every header's stamp holds, rebuilt from the changed headers alone, never trusted
// when damaged; and the per-header contributions it keeps combine as reading every file would.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "project_macro_cache.hpp"
#include "project_macros.hpp"

using namespace ax::lang;
namespace fs = std::filesystem;

namespace {

std::map<std::string, MacroForm> names_of(const MacroTable& table) {
  std::map<std::string, MacroForm> names;
  table.for_each([&](std::string_view name, MacroForm form) { names.emplace(name, form); });
  return names;
}

// A repository on disk with an index directory (.ax/), its headers dated an hour ago (older than
// any timestamp granularity: their stamps are trusted).
class Repository {
 public:
  Repository() {
    std::string pattern = (fs::temp_directory_path() / "ax-macro-cache.XXXXXX").string();
    root_ = mkdtemp(pattern.data());
    fs::create_directories(root_ / ".ax");
  }
  ~Repository() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  void write(const std::string& path, std::string_view text, std::chrono::seconds age = std::chrono::hours(1)) {
    fs::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path, std::ios::binary) << text;
    fs::last_write_time(root_ / path, fs::file_time_type::clock::now() - age);
    if (std::find(files_.begin(), files_.end(), path) == files_.end()) files_.push_back(path);
    std::sort(files_.begin(), files_.end());
  }
  void remove(const std::string& path) {
    fs::remove(root_ / path);
    files_.erase(std::find(files_.begin(), files_.end(), path));
  }
  ProjectMacros load() const {
    return load_or_build_project_macros(root_, files_, kDefaultMaxHeaderBytes, project_macro_cache_path(root_));
  }
  fs::path cache() const { return *project_macro_cache_path(root_); }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
  std::vector<std::string> files_;
};

constexpr std::string_view kExport =
    "#define API __attribute__((visibility(\"default\")))\n#define API_INLINE API inline\n";
constexpr std::string_view kAttributes = "#define COLD __attribute__((cold))\n#define NUMBER 1\n";

}  // namespace

TEST_CASE("project macro cache: per-file contributions combine as reading the files one after another") {
  const std::vector<std::string_view> files = {
      "#define A\n#define B __attribute__((pure))\n#define SHAPE\n#define USES_C C\n",
      "#define B 1\n#define SHAPE(x)\n#define C inline\n#define ONLY_HERE [[nodiscard]]\n",
      "#define A static\n#define D(x) __attribute__((x))\n#define E D(cold)\n",
  };
  MacroDefinitions sequential;
  std::vector<HeaderMacros> contributions;
  for (const std::string_view text : files) {
    sequential.add_file(text);
    MacroDefinitions one;
    one.add_file(text);
    contributions.push_back(one.contribution());
  }
  std::vector<const HeaderMacros*> pointers;
  for (const HeaderMacros& contribution : contributions) pointers.push_back(&contribution);
  const MacroTable combined = MacroDefinitions::combine(pointers).classify();
  CHECK(names_of(combined) == names_of(sequential.classify()));
  CHECK(names_of(combined) == std::map<std::string, MacroForm>{{"A", MacroForm::object},
                                                               {"C", MacroForm::object},
                                                               {"D", MacroForm::function},
                                                               {"E", MacroForm::object},
                                                               {"ONLY_HERE", MacroForm::object},
                                                               {"USES_C", MacroForm::object}});
  // The contribution of a text is the same however its definitions were hashed in memory.
  MacroDefinitions again;
  again.add_file(files[1]);
  CHECK(again.contribution() == contributions[1]);
}

TEST_CASE("project macro cache: a current cache answers without reading a header") {
  Repository repository;
  repository.write("include/api.h", kExport);
  repository.write("include/attributes.hpp", kAttributes);
  repository.write("src/main.c", "#define NOT_A_HEADER\n");

  const ProjectMacros first = repository.load();
  CHECK(first.headers == 2);
  CHECK(first.headers_read == 2);
  CHECK(first.cache_written);
  REQUIRE(fs::exists(repository.cache()));
  const auto expected = std::map<std::string, MacroForm>{
      {"API", MacroForm::object}, {"API_INLINE", MacroForm::object}, {"COLD", MacroForm::object}};
  CHECK(names_of(*first.table) == expected);

  const ProjectMacros second = repository.load();
  CHECK(second.headers_read == 0);
  CHECK_FALSE(second.cache_written);
  CHECK(names_of(*second.table) == expected);

  // No index directory: nothing is kept, every run reads the headers.
  CHECK_FALSE(project_macro_cache_path(repository.root() / "include"));
}

TEST_CASE("project macro cache: a changed, added or removed header costs that header alone") {
  Repository repository;
  repository.write("a/api.h", kExport);
  repository.write("b/attributes.h", kAttributes);
  repository.write("c/other.h", "#define OTHER\n");
  REQUIRE(repository.load().headers_read == 3);

  SECTION("changed") {
    repository.write("b/attributes.h", "#define COLD 2\n#define HOT __attribute__((hot))\n", std::chrono::minutes(30));
    const ProjectMacros changed = repository.load();
    CHECK(changed.headers_read == 1);
    CHECK(changed.cache_written);
    CHECK(names_of(*changed.table) == std::map<std::string, MacroForm>{{"API", MacroForm::object},
                                                                       {"API_INLINE", MacroForm::object},
                                                                       {"HOT", MacroForm::object},
                                                                       {"OTHER", MacroForm::object}});
    CHECK(repository.load().headers_read == 0);
  }
  SECTION("added: a new header can withdraw a name another header defines") {
    repository.write("d/override.h", "#define OTHER 7\n");
    const ProjectMacros added = repository.load();
    CHECK(added.headers_read == 1);
    CHECK_FALSE(added.table->find("OTHER"));
    CHECK(added.table->find("COLD") == MacroForm::object);
    CHECK(repository.load().headers_read == 0);
  }
  SECTION("removed") {
    repository.remove("a/api.h");
    const ProjectMacros removed = repository.load();
    CHECK(removed.headers_read == 0);
    CHECK(removed.cache_written);
    CHECK(names_of(*removed.table) ==
          std::map<std::string, MacroForm>{{"COLD", MacroForm::object}, {"OTHER", MacroForm::object}});
    CHECK(repository.load().headers_read == 0);
  }
  SECTION("the same size and content, a new mtime: read again, the table unchanged") {
    repository.write("c/other.h", "#define OTHER\n", std::chrono::minutes(10));
    const ProjectMacros touched = repository.load();
    CHECK(touched.headers_read == 1);
    CHECK(touched.table->find("OTHER") == MacroForm::object);
  }
}

TEST_CASE("project macro cache: a header changed just now is read again until its stamp can be trusted") {
  Repository repository;
  repository.write("api.h", kExport, std::chrono::seconds(0));
  repository.write("old.h", kAttributes);
  CHECK(repository.load().headers_read == 2);
  // Within the file system's timestamp granularity it could change again with the same stamp.
  const ProjectMacros again = repository.load();
  CHECK(again.headers_read == 1);
  CHECK_FALSE(again.cache_written);  // read to the same definitions: nothing to rewrite
  CHECK(again.table->find("API") == MacroForm::object);
}

TEST_CASE("project macro cache: a damaged, truncated or foreign cache file is rebuilt, never trusted") {
  Repository repository;
  repository.write("api.h", kExport);
  repository.write("attributes.h", kAttributes);
  REQUIRE(repository.load().cache_written);
  std::string good;
  {
    std::ifstream in(repository.cache(), std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  REQUIRE(good.size() > 64);
  const auto rewrite = [&](const std::string& bytes) {
    std::ofstream(repository.cache(), std::ios::binary | std::ios::trunc) << bytes;
  };
  std::vector<std::string> bad = {
      "",
      "not a cache",
      good.substr(0, good.size() / 2),  // truncated in the contributions
      good.substr(0, 40),               // truncated in the head
      good + "trailing",                // longer than its sections
  };
  std::string flipped_index = good;
  flipped_index[60] = static_cast<char>(flipped_index[60] ^ 0x5a);
  bad.push_back(flipped_index);
  std::string other_version = good;
  other_version[8] = static_cast<char>(other_version[8] + 1);
  bad.push_back(other_version);
  std::string flipped_last = good;
  flipped_last.back() = static_cast<char>(flipped_last.back() ^ 0x01);
  bad.push_back(flipped_last);

  for (std::size_t i = 0; i < bad.size(); ++i) {
    rewrite(bad[i]);
    // A damaged contributions section is only read when a header changed: make one change.
    repository.write("attributes.h", kAttributes, std::chrono::minutes(2 + static_cast<int>(i)));
    const ProjectMacros rebuilt = repository.load();
    CHECK(rebuilt.headers_read == 2);
    CHECK(rebuilt.cache_written);
    CHECK(names_of(*rebuilt.table) == std::map<std::string, MacroForm>{{"API", MacroForm::object},
                                                                       {"API_INLINE", MacroForm::object},
                                                                       {"COLD", MacroForm::object}});
    CHECK(repository.load().headers_read == 0);
  }
  // A cache kept for another header size limit is not this table.
  const ProjectMacros smaller =
      load_or_build_project_macros(repository.root(), {"api.h", "attributes.h"}, 60, repository.cache());
  CHECK(smaller.headers == 1);
  CHECK(smaller.headers_read == 1);
  CHECK(names_of(*smaller.table) == std::map<std::string, MacroForm>{{"COLD", MacroForm::object}});
}
