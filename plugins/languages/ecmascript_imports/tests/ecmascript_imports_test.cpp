// TypeScript/JavaScript import resolution against a fixture repository whose expected edges were
// written by hand (fixtures/workspace/expected_edges.txt), and the JSONC reader tsconfig files need.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <ax/lang/ecmascript_imports.hpp>
#include <ax/lang/memory_repository.hpp>

namespace {

namespace fs = std::filesystem;
using ax::lang::testing::MemoryRepository;

const fs::path kFixtures = AX_FIXTURES_DIR;

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t\r");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

MemoryRepository load(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file()) files[fs::relative(entry.path(), root).generic_string()] = read(entry.path());
  return MemoryRepository(std::move(files));
}

struct Expected {
  std::string from, specifier, target;
};

std::vector<Expected> expected_edges(const fs::path& file) {
  std::vector<Expected> edges;
  std::istringstream lines(read(file));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    const auto bar = line.find(" | "), second = line.find(" | ", bar + 3);
    edges.push_back(
        {trim(line.substr(0, bar)), trim(line.substr(bar + 3, second - bar - 3)), trim(line.substr(second + 3))});
  }
  return edges;
}

std::string outcome(const ax::sdk::ResolvedImport& resolved) {
  if (resolved.resolution == ax::sdk::ImportResolution::exact) return resolved.to;
  return std::string(ax::sdk::to_string(resolved.resolution)) + (resolved.to.empty() ? "" : " " + resolved.to);
}

}  // namespace

TEST_CASE("every hand-written edge of the workspace fixture resolves as expected", "[ecmascript][imports]") {
  const MemoryRepository repo = load(kFixtures / "workspace");
  const ax::lang::EcmaScriptImportResolver resolver;
  const auto context = resolver.prepare(repo);
  const auto edges = expected_edges(kFixtures / "workspace" / "expected_edges.txt");
  REQUIRE(edges.size() >= 20);
  for (const Expected& edge : edges) {
    INFO(edge.from << " imports " << edge.specifier);
    CHECK(outcome(resolver.resolve(*context, edge.from, {edge.specifier, 1})) == edge.target);
  }
}

TEST_CASE("every import of the fixture's sources is listed in the expected edges", "[ecmascript][imports]") {
  // Keeps the fixture honest: a specifier added to a source must get its expected target.
  const auto edges = expected_edges(kFixtures / "workspace" / "expected_edges.txt");
  std::set<std::pair<std::string, std::string>> listed;
  for (const Expected& edge : edges) listed.emplace(edge.from, edge.specifier);
  std::size_t seen = 0;
  for (const char* source : {"src/main.ts", "web/app.js", "web/legacy.mjs", "apps/admin/src/page.ts"}) {
    std::istringstream lines(read(kFixtures / "workspace" / source));
    for (std::string line; std::getline(lines, line);) {
      const auto open = line.find('"');
      if (open == std::string::npos) continue;
      const auto close = line.find('"', open + 1);
      INFO(source << ": " << line);
      CHECK(listed.count({source, line.substr(open + 1, close - open - 1)}) == 1);
      ++seen;
    }
  }
  CHECK(seen == edges.size());
}

TEST_CASE("project files: a tsconfig, jsconfig or package.json change resolves the language again", "[ecmascript]") {
  const auto names = ax::lang::ecmascript_project_files();
  CHECK(names == std::vector<std::string>{"tsconfig.json", "jsconfig.json", "package.json"});
}

TEST_CASE("JSONC: comments and trailing commas go, strings stay", "[ecmascript]") {
  CHECK(ax::lang::strip_jsonc("{\"a\": 1, // x\n}") == "{\"a\": 1 \n}");
  CHECK(ax::lang::strip_jsonc("[1, 2, /* c */ ]") == "[1, 2   ]");
  CHECK(ax::lang::strip_jsonc("{\"/*k*/\": \"//v\"}") == "{\"/*k*/\": \"//v\"}");
  CHECK(ax::lang::strip_jsonc("{\"a\\\"b\": 1}") == "{\"a\\\"b\": 1}");
  CHECK(ax::lang::strip_jsonc("{\"a\": 1 /* unclosed") == "{\"a\": 1  ");
}

TEST_CASE("odd input is never an error: unresolved or external", "[ecmascript][imports]") {
  const MemoryRepository repo({{"a.ts", ""}, {"tsconfig.json", "{ not json"}, {"package.json", "[]"}});
  const ax::lang::EcmaScriptImportResolver resolver;
  const auto context = resolver.prepare(repo);
  CHECK(resolver.resolve(*context, "a.ts", {"", 1}).resolution == ax::sdk::ImportResolution::unresolved);
  CHECK(resolver.resolve(*context, "a.ts", {"./a", 1}).to == "a.ts");
  CHECK(resolver.resolve(*context, "a.ts", {"..", 1}).resolution == ax::sdk::ImportResolution::unresolved);
  CHECK(resolver.resolve(*context, "a.ts", {"lodash", 1}).resolution == ax::sdk::ImportResolution::external);
}

TEST_CASE("the import's kind picks the package.json exports condition: require() the require target",
          "[ecmascript][imports]") {
  const MemoryRepository repo = load(kFixtures / "dual");
  const ax::lang::EcmaScriptImportResolver resolver;
  const auto context = resolver.prepare(repo);
  std::istringstream lines(read(kFixtures / "dual" / "expected_edges.txt"));
  std::size_t checked = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      const auto bar = line.find(" | ", start);
      fields.push_back(trim(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
      if (bar == std::string::npos) break;
      start = bar + 3;
    }
    REQUIRE(fields.size() == 4);
    INFO(fields[0] << " imports " << fields[1] << " as " << fields[2]);
    CHECK(outcome(resolver.resolve_kind(*context, fields[0], {fields[1], 1}, fields[2])) == fields[3]);
    ++checked;
  }
  CHECK(checked == 7);
  // Without a kind (an SDK 1.2 caller): as an import.
  CHECK(outcome(resolver.resolve(*context, "app/main.ts", {"dual/feature", 1})) == "packages/dual/esm/feature.mjs");
  // The kernel finds the capability on the plugin's resolver.
  const ax::sdk::ImportResolver& base = resolver;
  CHECK(dynamic_cast<const ax::sdk::KindAwareImportResolver*>(&base) != nullptr);
}
