#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <ax/sdk/units.hpp>

#include "config.hpp"

namespace fs = std::filesystem;
using ax::kernel::Config;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    path =
        fs::temp_directory_path() / ("ax-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name) << text;
    return path / name;
  }
  static inline int counter = 0;
};

std::string source_of(const Config& config, const std::string& key) {
  for (const auto& v : config.values())
    if (v.key == key) return v.source;
  return "";
}
}  // namespace

TEST_CASE("config: defaults < user < repository < environment < flags") {
  TempDir dir;
  auto user = dir.write("user/config.yaml", "index:\n  threads: 3\n  batch_size: 100\nfind:\n  limit: 7\n");
  auto repo = dir.write("repo/.ax/config.yaml", "index:\n  threads: 5\n");
  ::setenv("AX_FIND_LIMIT", "9", 1);
  Config config(user, repo, {{"index.batch_size", "42"}});
  ::unsetenv("AX_FIND_LIMIT");
  CHECK(config.get("index.max_file_size") == "2MiB");
  CHECK(source_of(config, "index.max_file_size") == "default");
  CHECK(config.get("index.threads") == "5");
  CHECK(source_of(config, "index.threads") == repo.string());
  CHECK(config.get("find.limit") == "9");
  CHECK(source_of(config, "find.limit") == "env AX_FIND_LIMIT");
  CHECK(config.get("index.batch_size") == "42");
  CHECK(source_of(config, "index.batch_size") == "flag");
  CHECK_FALSE(config.get("no.such.key"));
}

TEST_CASE("config: invalid YAML names the file and line") {
  TempDir dir;
  auto user = dir.write("config.yaml", "index:\n  threads: 3\n  bad: [unclosed\n");
  try {
    Config config(user, std::nullopt, {});
    FAIL("expected an error");
  } catch (const ax::kernel::ConfigError& e) {
    std::string message = e.what();
    CHECK_THAT(message, Catch::Contains(user.string() + ":"));
    CHECK_THAT(message, Catch::Contains("invalid YAML"));
  }
}

TEST_CASE("config: a wrong type names the file, line and key") {
  TempDir dir;
  auto user = dir.write("config.yaml", "find:\n  limit: 10\nindex:\n  threads: many\n");
  try {
    Config config(user, std::nullopt, {});
    FAIL("expected an error");
  } catch (const ax::kernel::ConfigError& e) {
    CHECK(std::string(e.what()) == user.string() + ":4: index.threads expects a non-negative whole number, not 'many'");
  }
}

// Found by fuzzing (tests/fuzz/regressions/config): these crashed every command in the repository
// (endless recursion, then SIGSEGV) or escaped as an internal error.
TEST_CASE("config: recursive aliases, alias bombs and non-scalar keys are user errors naming the file") {
  TempDir dir;
  const auto rejects = [&](const std::string& text, const std::string& message) {
    auto file = dir.write("config.yaml", text);
    try {
      Config config(dir.path / "none.yaml", file, {});
      FAIL("expected an error for: " + text);
    } catch (const ax::kernel::ConfigError& e) {
      CHECK_THAT(std::string(e.what()), Catch::StartsWith(file.string() + ":") && Catch::Contains(message));
    }
  };
  rejects("defaults: &defaults\n  lnd: *defaults\n", "nested more than 16 levels deep");
  // Each level names the previous one four times: 4^10 values from a few hundred bytes.
  std::string bomb = "a: &a {x: 1, y: 1, z: 1, w: 1}\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    const std::string previous(1, static_cast<char>(level - 1));
    bomb += std::string(1, level) + ": &" + level + " {p: *" + previous + ", q: *" + previous + ", r: *" + previous +
            ", s: *" + previous + "}\n";
  }
  rejects(bomb, "more than 10000 values");
  rejects("index:\n  ? {threads: 1}\n  : 2\n", "a key must be a plain name");
  rejects("? [find, limit]\n: 3\n", "a key must be a plain name");
  // Keys stay two levels deep in practice; deeper plain nesting is still only an unknown key.
  auto deep = dir.write("deep.yaml", "a: {b: {c: {d: 1}}}\n");
  Config config(dir.path / "none.yaml", deep, {});
  CHECK(config.warnings().size() == 1);
}

// Found by fuzzing (tests/fuzz/regressions/config): with a repeated section the later value won,
// and `ax config set` updated the first one only, so it reported success and changed nothing.
TEST_CASE("config: a key set twice in one file is refused with both lines") {
  TempDir dir;
  auto repeated = dir.write("repeated.yaml", "find:\n  limit: 5\nindex:\n  threads: 2\nfind:\n  limit: 50\n");
  CHECK_THROWS_WITH(Config(dir.path / "none.yaml", repeated, {}),
                    repeated.string() + ":6: find.limit is set twice (also on line 2)");
  auto mixed = dir.write("mixed.yaml", "find.limit: 5\nfind: {limit: 6}\n");
  CHECK_THROWS_WITH(Config(dir.path / "none.yaml", mixed, {}),
                    mixed.string() + ":2: find.limit is set twice (also on line 1)");
  // The same section twice with different keys is not ambiguous.
  auto split = dir.write("split.yaml", "find:\n  limit: 5\nfind:\n  nothing: 1\n");
  CHECK(Config(dir.path / "none.yaml", split, {}).get("find.limit") == "5");
}

TEST_CASE("config: unknown keys in files warn, in flags are usage errors") {
  TempDir dir;
  auto user = dir.write("config.yaml", "index:\n  thread: 3\n");
  Config config(user, std::nullopt, {});
  REQUIRE(config.warnings().size() == 1);
  CHECK_THAT(config.warnings()[0], Catch::Contains("unknown key 'index.thread'"));
  CHECK_THROWS_AS(Config(user, std::nullopt, {{"index.thread", "1"}}), ax::sdk::UsageError);
  CHECK_THROWS_AS(Config(user, std::nullopt, {{"index.threads", "-1"}}), ax::sdk::UsageError);
}

TEST_CASE("config: environment values are type-checked") {
  TempDir dir;
  ::setenv("AX_INDEX_FOLLOW_SYMLINKS", "maybe", 1);
  CHECK_THROWS_WITH(Config(dir.path / "none.yaml", std::nullopt, {}),
                    Catch::Contains("AX_INDEX_FOLLOW_SYMLINKS") && Catch::Contains("true or false"));
  ::unsetenv("AX_INDEX_FOLLOW_SYMLINKS");
}

TEST_CASE("config: set writes the chosen file and keeps other keys") {
  TempDir dir;
  auto user = dir.write("user/config.yaml", "find:\n  limit: 7\n");
  auto repo = dir.path / "repo/.ax/config.yaml";
  Config config(user, repo, {});
  config.set("index.threads", "2", ax::sdk::ConfigScope::repository);
  config.set("log.level", "info", ax::sdk::ConfigScope::user);
  CHECK_THROWS_AS(config.set("index.threads", "two", ax::sdk::ConfigScope::user), ax::sdk::UserError);
  CHECK_THROWS_AS(config.set("nope", "1", ax::sdk::ConfigScope::user), ax::sdk::UserError);
  Config reread(user, repo, {});
  CHECK(reread.get("index.threads") == "2");
  CHECK(reread.get("log.level") == "info");
  CHECK(reread.get("find.limit") == "7");
}

TEST_CASE("config: environment names and size parsing") {
  CHECK(ax::kernel::config_env_name("index.max_file_size") == "AX_INDEX_MAX_FILE_SIZE");
  CHECK(ax::sdk::parse_size("2MiB") == 2u * 1024 * 1024);
  CHECK(ax::sdk::parse_size("512k") == 512u * 1024);
  CHECK(ax::sdk::parse_size("1000") == 1000u);
  CHECK_FALSE(ax::sdk::parse_size("lots"));
  CHECK_FALSE(ax::sdk::parse_size("5 parsecs"));
}

TEST_CASE("config: set edits the file in place, keeping comments and layout byte for byte") {
  using ax::kernel::edit_config_text;
  const std::string text =
      "# my settings\n"
      "index:\n"
      "  threads: 3   # half the cores\n"
      "\n"
      "  # big files too\n"
      "  max_file_size: 4MiB\n"
      "# find defaults\n"
      "find:\n"
      "    limit: 7\n";
  CHECK(edit_config_text(text, "index.threads", "8") ==
        "# my settings\nindex:\n  threads: 8   # half the cores\n\n  # big files too\n  max_file_size: 4MiB\n"
        "# find defaults\nfind:\n    limit: 7\n");
  // A new key joins its section with the section's indentation, after its last entry.
  CHECK(edit_config_text(text, "find.limit", "9") ==
        "# my settings\nindex:\n  threads: 3   # half the cores\n\n  # big files too\n  max_file_size: 4MiB\n"
        "# find defaults\nfind:\n    limit: 9\n");
  CHECK(edit_config_text(text, "index.batch_size", "64") ==
        "# my settings\nindex:\n  threads: 3   # half the cores\n\n  # big files too\n  max_file_size: 4MiB\n"
        "  batch_size: 64\n# find defaults\nfind:\n    limit: 7\n");
  // A new section goes at the end; a missing final newline is supplied first.
  CHECK(edit_config_text("# only a comment", "log.level", "info") == "# only a comment\nlog:\n  level: info\n");
  CHECK(edit_config_text("", "log.level", "info") == "log:\n  level: info\n");
  // Quoted values and the flat dotted form are edited where they are.
  CHECK(edit_config_text("storage:\n  store: \"lmdb\" # the default\n", "storage.store", "other") ==
        "storage:\n  store: other # the default\n");
  CHECK(edit_config_text("index.threads: 2 # flat\n", "index.threads", "5") == "index.threads: 5 # flat\n");
  // A value needing quotes is quoted, and verified by re-reading the result.
  CHECK_THAT(edit_config_text("storage:\n  store: lmdb\n", "storage.store", "a: b #c"),
             Catch::StartsWith("storage:\n  store: \"a: b #c\""));
  // Layouts a line edit cannot handle are refused, never rewritten.
  CHECK_THROWS_WITH(edit_config_text("index: {threads: 2}\n", "index.threads", "5"), Catch::Contains("flow style"));
  CHECK_THROWS_WITH(edit_config_text("index:\n  threads: |\n    2\n", "index.threads", "5"),
                    Catch::Contains("edit it by hand"));
}

TEST_CASE("config: set keeps the user's comments in the file it writes") {
  TempDir dir;
  const std::string text = "# tuned for the CI box\nindex:\n  threads: 3  # keep low\n";
  auto file = dir.write("repo/.ax/config.yaml", text);
  Config config(dir.path / "none.yaml", file, {});
  config.set("index.threads", "4", ax::sdk::ConfigScope::repository);
  std::ifstream in(file);
  std::string written((std::istreambuf_iterator<char>(in)), {});
  CHECK(written == "# tuned for the CI box\nindex:\n  threads: 4  # keep low\n");
  CHECK(config.get("index.threads") == "4");
  CHECK_FALSE(fs::exists(file.string() + ".tmp" + std::to_string(::getpid())));
}

TEST_CASE("config: set through a symbolic link changes the linked file and keeps the link") {
  TempDir dir;
  auto target = dir.write("dotfiles/ax.yaml", "index:\n  threads: 3\n");
  fs::path link = dir.path / "config" / "config.yaml";
  fs::create_directories(link.parent_path());
  fs::create_symlink(target, link);
  Config config(link, std::nullopt, {});
  config.set("index.threads", "4", ax::sdk::ConfigScope::user);
  CHECK(fs::is_symlink(link));
  std::ifstream in(target);
  CHECK(std::string((std::istreambuf_iterator<char>(in)), {}) == "index:\n  threads: 4\n");
}

TEST_CASE("format_size writes bytes in binary units with one decimal") {
  CHECK(ax::sdk::format_size(0) == "0 B");
  CHECK(ax::sdk::format_size(1023) == "1023 B");
  CHECK(ax::sdk::format_size(1536) == "1.5 KiB");
  CHECK(ax::sdk::format_size(78ull * 1024 * 1024) == "78.0 MiB");
  CHECK(ax::sdk::format_size(5ull << 40) == "5.0 TiB");
  CHECK(ax::sdk::format_size(3ull << 50) == "3072.0 TiB");
}
