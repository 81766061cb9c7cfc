#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <ax/index/ignore_rules.hpp>
#include <ax/index/pipeline.hpp>

using ax::index::glob_match;
using ax::index::IgnoreRules;

TEST_CASE("glob: stars stop at slashes, double stars cross them") {
  CHECK(glob_match("*.o", "main.o"));
  CHECK_FALSE(glob_match("*.o", "src/main.o"));
  CHECK(glob_match("**/*.o", "src/deep/main.o"));
  CHECK(glob_match("**/*.o", "main.o"));
  CHECK(glob_match("a/**/b", "a/b"));
  CHECK(glob_match("a/**/b", "a/x/y/b"));
  CHECK_FALSE(glob_match("a/**/b", "a/x/y/c"));
  CHECK(glob_match("build/**", "build/x/y"));
  CHECK(glob_match("file?.txt", "file1.txt"));
  CHECK_FALSE(glob_match("file?.txt", "file10.txt"));
  CHECK(glob_match("[a-c]at", "bat"));
  CHECK_FALSE(glob_match("[!a-c]at", "bat"));
  CHECK(glob_match("\\*literal", "*literal"));
  CHECK_FALSE(glob_match("\\*literal", "xliteral"));
}

TEST_CASE("ignore rules: names at any depth, anchored paths, directories only") {
  IgnoreRules rules;
  rules.add_pattern("*.log", "");
  rules.add_pattern("/build", "");
  rules.add_pattern("node_modules/", "");
  rules.add_pattern("# a comment", "");
  rules.add_pattern("", "");
  CHECK(rules.size() == 3);
  CHECK(rules.ignored("debug.log", false));
  CHECK(rules.ignored("src/deep/debug.log", false));
  CHECK(rules.ignored("build", true));
  CHECK_FALSE(rules.ignored("src/build", true));
  CHECK(rules.ignored("web/node_modules", true));
  CHECK_FALSE(rules.ignored("web/node_modules", false));  // a file of that name is kept
  CHECK_FALSE(rules.ignored("src/main.cpp", false));
}

TEST_CASE("ignore rules: negation, last match wins, nested files are scoped") {
  IgnoreRules rules;
  rules.add_pattern("*.gen.ts", "");
  rules.add_pattern("!keep.gen.ts", "");
  CHECK(rules.ignored("a/b.gen.ts", false));
  CHECK_FALSE(rules.ignored("a/keep.gen.ts", false));
  rules.add_pattern("local.txt", "sub");
  CHECK(rules.ignored("sub/local.txt", false));
  CHECK(rules.ignored("sub/deeper/local.txt", false));
  CHECK_FALSE(rules.ignored("local.txt", false));
  rules.add_pattern("/only-here.txt", "sub");
  CHECK(rules.ignored("sub/only-here.txt", false));
  CHECK_FALSE(rules.ignored("sub/x/only-here.txt", false));
  rules.pop(2);
  CHECK_FALSE(rules.ignored("sub/local.txt", false));
  CHECK(rules.ignored("a/b.gen.ts", false));
}

TEST_CASE("ignore rules: plain names and *suffix patterns, matched without the glob matcher, match as globs do") {
  // Each pattern alone, unanchored or anchored, against paths where a glob would and would not match.
  const std::vector<std::string> patterns = {"Makefile", "*.o",       "*.mod.c", "*~",    "sub/name.txt", "x",
                                             "*.o/",     "/Makefile", "*[.]o",   "\\*.o", "*?o",          "**.o"};
  const std::vector<std::string> paths = {"Makefile", "a/Makefile", "Makefile.in",  "main.o",         "a/b/main.o",
                                          ".o",       "o",          "main.mod.c",   "a/x.mod.c",      "mod.c",
                                          "file~",    "~",          "sub/name.txt", "a/sub/name.txt", "x",
                                          "a/x",      "xx",         "*.o",          "a/*.o",          "main.obj"};
  for (const std::string& pattern : patterns) {
    IgnoreRules rules;
    rules.add_pattern(pattern, "");
    IgnoreRules scoped;
    scoped.add_pattern(pattern, "a");
    std::string plain = pattern;
    const bool directory_only = plain.ends_with('/');
    if (directory_only) plain.pop_back();
    const bool anchored = plain.find('/') != std::string::npos;
    if (plain.starts_with('/')) plain.erase(0, 1);
    for (const std::string& path : paths)
      for (const bool directory : {false, true}) {
        CAPTURE(pattern, path, directory);
        const std::string name = path.substr(path.rfind('/') + 1);
        const bool expected = (!directory_only || directory) && glob_match(plain, anchored ? path : name);
        CHECK(rules.ignored(path, directory) == expected);
        // In a directory's ignore file: only below it, relative to it.
        CHECK(scoped.ignored("a/" + path, directory) == expected);
        CHECK_FALSE(scoped.ignored("b/" + path, directory));
      }
  }
}

TEST_CASE("content hash and binary detection") {
  CHECK(ax::index::content_hash("abc") == ax::index::content_hash("abc"));
  CHECK(ax::index::content_hash("abc") != ax::index::content_hash("abd"));
  CHECK(ax::index::content_hash("") == 0xcbf29ce484222325ull);
  CHECK(ax::index::looks_binary(std::string("PK\x03\x04\0\0", 6)));
  CHECK_FALSE(ax::index::looks_binary("plain text\nwith lines\n"));
  std::string late_nul(9000, 'a');
  late_nul[8500] = '\0';
  CHECK_FALSE(ax::index::looks_binary(late_nul));
}
