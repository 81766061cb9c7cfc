#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <ax/lang/testing.hpp>

#include "json_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::Confidence;
using ax::sdk::ParseResult;
using ax::sdk::SymbolKind;

namespace {

ParseResult parse_json(std::string_view source, std::string_view path = "config.json") {
  ax::lang::JsonLanguage json;
  return parse(json, source, path);
}

std::vector<std::string> of_kind(const ParseResult& result, SymbolKind kind) {
  std::vector<std::string> out;
  for (const auto& s : result.symbols)
    if (s.kind == kind) out.push_back(s.qualified_name + "@" + std::to_string(s.span.start_line));
  return out;
}

std::size_t count_named(const ParseResult& result, std::string_view name) {
  return static_cast<std::size_t>(
      std::count_if(result.symbols.begin(), result.symbols.end(), [&](const auto& s) { return s.name == name; }));
}

// Parents precede their children, qualified names follow the parent chain, and no pair yields two
// symbols.
void check_consistency(const ParseResult& result) {
  std::set<std::tuple<std::uint32_t, std::uint32_t>> starts;
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    CHECK_FALSE(s.name.empty());
    CHECK(starts.insert({s.span.start_line, s.span.start_column}).second);
    if (s.parent < 0) {
      CHECK(s.qualified_name == s.name);
    } else {
      CHECK(s.qualified_name == result.symbols[static_cast<std::size_t>(s.parent)].qualified_name + "." + s.name);
    }
  }
}

}  // namespace

TEST_CASE("json: language info") {
  ax::lang::JsonLanguage json;
  CHECK(json.info().id == "json");
  CHECK(json.info().display_name == "JSON");
  const auto& extensions = json.info().extensions;
  for (const char* extension : {".json", ".jsonc", ".jsonl", ".webmanifest", ".geojson", ".sarif", ".tfstate.backup"})
    CHECK(std::find(extensions.begin(), extensions.end(), extension) != extensions.end());
  const auto& names = json.info().file_names;
  for (const char* name : {".babelrc", ".eslintrc", ".stylelintrc", "Pipfile.lock", "composer.lock", "bun.lock"})
    CHECK(std::find(names.begin(), names.end(), name) != names.end());
}

TEST_CASE("json: content check tells JSON from YAML configurations") {
  ax::lang::JsonLanguage json;
  CHECK(json.check_content(".eslintrc", "{\n  \"root\": true\n}\n") == Confidence::certain);
  CHECK(json.check_content(".eslintrc", "\xEF\xBB\xBF// settings\n/* more */ [1]") == Confidence::certain);
  CHECK(json.check_content(".eslintrc", "root: true\nextends: eslint:recommended\n") == Confidence::no);
  CHECK(json.check_content(".prettierrc", "# yaml\nsemi: false\n") == Confidence::no);
  CHECK(json.check_content("empty.json", "") == Confidence::maybe);
  CHECK(json.check_content("comment.json", "// nothing yet\n") == Confidence::maybe);
  CHECK(json.check_content("number.json", "42") == Confidence::maybe);
}

TEST_CASE("json: keys by dotted path, array items transparent") {
  auto result = parse_json(R"json({
  "name": "web",
  "server": {
    "port": 8080,
    "routes": [
      {"path": "/api", "upstream": "api"},
      {"path": "/", "upstream": "web"}
    ]
  },
  "tags": ["a", "b"]
}
)json");
  CHECK(outline(result) == std::vector<std::string>{"key name@2", "key server@3", "key server.port@4",
                                                    "key server.routes@5", "key server.routes.path@6",
                                                    "key server.routes.upstream@6", "key server.routes.path@7",
                                                    "key server.routes.upstream@7", "key tags@10"});
  const auto& server = symbol(result, "server");
  CHECK(server.span.start_line == 3);
  CHECK(server.span.start_column == 3);
  CHECK(server.span.end_line == 9);
  CHECK(server.span.end_column == 4);
  CHECK_FALSE(result.had_syntax_errors);
  check_consistency(result);
}

TEST_CASE("json: signatures preview the value") {
  auto result = parse_json(R"json({
  "s": "text",
  "n": -1.5e3,
  "t": true,
  "f": false,
  "z": null,
  "o": {"a": 1},
  "eo": {},
  "a": [1],
  "ea": [],
  "long": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "utf8": "ééééééééééééééééééééééééééééééééééééééééééééééé"
})json");
  CHECK(symbol(result, "s").signature == "\"s\": \"text\"");
  CHECK(symbol(result, "n").signature == "\"n\": -1.5e3");
  CHECK(symbol(result, "t").signature == "\"t\": true");
  CHECK(symbol(result, "f").signature == "\"f\": false");
  CHECK(symbol(result, "z").signature == "\"z\": null");
  CHECK(symbol(result, "o").signature == "\"o\": {…}");
  CHECK(symbol(result, "eo").signature == "\"eo\": {}");
  CHECK(symbol(result, "a").signature == "\"a\": […]");
  CHECK(symbol(result, "ea").signature == "\"ea\": []");
  CHECK(symbol(result, "long").signature == "\"long\": \"" + std::string(79, 'x') + "…");
  // Cut on a character boundary: 80 bytes hold the quote and 39 two-byte characters.
  std::string utf8_expected = "\"utf8\": \"";
  for (int i = 0; i < 39; ++i) utf8_expected += "é";
  CHECK(symbol(result, "utf8").signature == utf8_expected + "…");
}

TEST_CASE("json: escaped keys are decoded and the empty key names nothing") {
  auto result = parse_json(R"json({
  "say \"hi\"": 1,
  "caf\u00e9": 2,
  "tab\tkey": 3,
  "": {"orphan": 4},
  "\ud83d\ude00 \ud83d": 5
})json");
  CHECK(outline(result) ==
        std::vector<std::string>{"key say \"hi\"@2", "key café@3", "key tab\tkey@4", "key orphan@5", "key 😀 \uFFFD@6"});
  CHECK(symbol(result, "orphan").parent == -1);
  check_consistency(result);
}

TEST_CASE("json: comments directly above a key are its doc") {
  auto result = parse_json(R"json({
  // The port the server listens on.
  // Keep in sync with the Dockerfile.
  "port": 8080,

  // Detached by a blank line.

  "host": "0.0.0.0",
  /* Block comment. */
  "mode": "production",
  /**
   * Multi-line block.
   */
  "workers": 4,
  "retries": 3, // trailing: documents nothing
  "timeout": 30,
  "inline": { "a": 1 }
})json",
                           "settings.jsonc");
  CHECK(symbol(result, "port").doc == "The port the server listens on.\nKeep in sync with the Dockerfile.");
  CHECK(symbol(result, "host").doc.empty());
  CHECK(symbol(result, "mode").doc == "Block comment.");
  CHECK(symbol(result, "workers").doc == "Multi-line block.");
  CHECK(symbol(result, "timeout").doc.empty());
  CHECK(symbol(result, "inline.a").doc.empty());
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("json: trailing commas lose nothing and are not errors") {
  auto result = parse_json(R"json({
  "compilerOptions": {
    "strict": true,
    "paths": {"@/*": ["./src/*",],},
  },
  "include": ["src",],
})json",
                           "tsconfig.json");
  CHECK(outline(result) == std::vector<std::string>{"key compilerOptions@2", "key compilerOptions.strict@3",
                                                    "key compilerOptions.paths@4", "key compilerOptions.paths.@/*@4",
                                                    "key include@6"});
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("json: real syntax errors give partial results") {
  auto result = parse_json(R"json({
  "before": 1,
  "broken": [1, 2,, 3],
  "missing" 4,
  "after": {"inner": true}
})json");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "before") == 1);
  CHECK(count_symbols(result, "after.inner") == 1);
  check_consistency(result);

  auto unclosed = parse_json("{\"a\": {\"b\": 1, \"c\": [1, 2");
  CHECK(unclosed.had_syntax_errors);
  check_consistency(unclosed);

  // Commas that stand for a missing entry are errors, unlike a trailing comma.
  for (std::string_view source : {"{,}", "[,]", "{\"a\": [1,,2]}", "{\"a\": 1,,}", "{\"a\": \"open}\n"}) {
    CAPTURE(source);
    CHECK(parse_json(source).had_syntax_errors);
  }
}

TEST_CASE("json: package.json scripts and dependencies") {
  auto result = parse_json(R"json({
  "name": "app",
  "scripts": {
    "build": "tsc -p tsconfig.json",
    "lint": "eslint \"src/**/*.ts\""
  },
  "dependencies": {"react": "^18.3.1", "local": "file:../local"},
  "devDependencies": {"@types/node": "^20"},
  "peerDependencies": {"react-dom": ">=18"},
  "optionalDependencies": {"fsevents": "^2.3.3"},
  "bundleDependencies": ["left-pad"],
  "config": {"dependencies": {"nested": "1.0"}, "scripts": {"nested": "no"}}
})json",
                           "package.json");
  CHECK(of_kind(result, SymbolKind::script) == std::vector<std::string>{"scripts.build@4", "scripts.lint@5"});
  CHECK(of_kind(result, SymbolKind::dependency) ==
        std::vector<std::string>{"dependencies.react@7", "dependencies.local@7", "devDependencies.@types/node@8",
                                 "peerDependencies.react-dom@9", "optionalDependencies.fsevents@10"});
  CHECK(symbol(result, "scripts.build").signature == "tsc -p tsconfig.json");
  CHECK(symbol(result, "scripts.lint").signature == "eslint \"src/**/*.ts\"");
  CHECK(symbol(result, "dependencies.react").signature == "^18.3.1");
  CHECK(symbol(result, "dependencies.local").signature == "file:../local");
  CHECK(symbol(result, "devDependencies.@types/node").name == "@types/node");
  CHECK(symbol(result, "scripts").kind == SymbolKind::key);
  CHECK(symbol(result, "config.dependencies.nested").kind == SymbolKind::key);
  CHECK(symbol(result, "config.scripts.nested").kind == SymbolKind::key);
  check_consistency(result);
}

TEST_CASE("json: extends of tsconfig, ESLint and Babel configurations are imports") {
  auto single = parse_json(R"json({"extends": "./tsconfig.base.json", "compilerOptions": {"extends": "no"}})json");
  CHECK(import_list(single) == std::vector<std::string>{"./tsconfig.base.json@1"});
  auto list = parse_json(R"json({
  "extends": [
    "eslint:recommended",
    "plugin:react/recommended"
  ]
})json",
                         ".eslintrc");
  CHECK(import_list(list) == std::vector<std::string>{"eslint:recommended@3", "plugin:react/recommended@4"});
}

TEST_CASE("json: top-level arrays and duplicate keys") {
  auto result = parse_json(R"json([
  {"id": 1, "name": "a"},
  {"id": 2, "name": "b", "name": "c"}
])json");
  CHECK(outline(result) == std::vector<std::string>{"key id@2", "key name@2", "key id@3", "key name@3", "key name@3"});
  check_consistency(result);
}

TEST_CASE("json: package.json fixture") {
  auto result = parse_json(read_fixture("basic_package.json"), "apps/web/package.json");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 240);
  CHECK(count_kind(result, SymbolKind::script) == 31);
  CHECK(count_kind(result, SymbolKind::dependency) == 38 + 55 + 2 + 2);
  CHECK(count_kind(result, SymbolKind::key) == 240 - 31 - 97);
  const auto& build = symbol(result, "scripts.build");
  CHECK(build.kind == SymbolKind::script);
  CHECK(build.span.start_line == 44);
  CHECK(build.signature == "npm run build:icons && next build");
  CHECK(symbol(result, "scripts.i18n:extract").signature ==
        "formatjs extract \"src/**/*.tsx\" --out-file lang/en.json --id-interpolation-patte…");
  CHECK(symbol(result, "dependencies.react").span.start_line == 104);
  CHECK(symbol(result, "peerDependencies.react").signature == ">=18");
  CHECK(symbol(result, "peerDependencies.react").span.start_line == 173);
  CHECK(symbol(result, "devDependencies.typescript").signature == "5.4.5");
  CHECK(symbol(result, "devDependencies.typescript").span.start_line == 169);
  CHECK(symbol(result, "devDependencies.@types/node").span.start_line == 134);
  CHECK(symbol(result, "optionalDependencies.fsevents").span.start_line == 178);
  CHECK(symbol(result, "prisma.seed").kind == SymbolKind::key);  // a script by name only
  CHECK(symbol(result, "eslintConfig.rules.import/order").signature == "\"import/order\": […]");
  CHECK(symbol(result, "overrides.@storybook/nextjs.sharp").signature == "\"sharp\": \"$sharp\"");
  CHECK(count_symbols(result, "contributors.name") == 2);
  CHECK(result.imports.empty());  // eslintConfig.extends is nested, not the file's own
  check_consistency(result);
}

TEST_CASE("json: tsconfig with comments fixture") {
  auto result = parse_json(read_fixture("tsconfig_comments.json"), "apps/web/tsconfig.json");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 45);
  CHECK(import_list(result) ==
        std::vector<std::string>{"@storefront/tsconfig/strict.json@8", "./tsconfig.paths.json@8"});
  CHECK(symbol(result, "$schema").doc.empty());  // the file's header comment is not about $schema
  CHECK(symbol(result, "extends").doc == "Shared strictness rules live in the organisation preset.");
  CHECK(symbol(result, "compilerOptions.target").doc == "Language and environment");
  CHECK(symbol(result, "compilerOptions.jsx").doc.empty());
  CHECK(symbol(result, "compilerOptions.moduleResolution").doc ==
        "Bundler resolution understands package.json \"exports\" and extensionless imports.");
  CHECK(symbol(result, "compilerOptions.noUncheckedIndexedAccess").span.start_line == 45);
  CHECK(symbol(result, "compilerOptions.paths.@test/*").span.start_line == 25);
  CHECK(symbol(result, "compilerOptions.plugins.name").signature == "\"name\": \"next\"");
  CHECK(count_symbols(result, "references.path") == 2);
  CHECK(symbol(result, "ts-node.compilerOptions.module").span.start_line == 77);
  check_consistency(result);
}

TEST_CASE("json: large nested document fixture") {
  auto result = parse_json(read_fixture("advanced_openapi.json"), "api/openapi.json");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 300);
  CHECK(count_named(result, "$ref") == 21);
  const auto& order = symbol(result, "paths./orders/{orderId}");
  CHECK(order.span.start_line == 165);
  CHECK(order.span.end_line == 210);
  CHECK(order.name == "/orders/{orderId}");
  CHECK(symbol(result, "paths./orders.post.responses.201.headers.Location.schema.format").signature ==
        "\"format\": \"uri\"");
  CHECK(symbol(result, "paths./orders/{orderId}.parameters.schema.pattern").span.start_line == 173);
  CHECK(symbol(result, "components.schemas.Order.properties.lines.items.$ref").span.start_line == 337);
  CHECK(symbol(result, "info.description").signature ==
        "\"description\": \"Create, inspect and cancel orders; list the products a customer can buy.\\nAll a…");
  CHECK(count_symbols(result, "paths./orders.get.parameters.$ref") == 2);
  CHECK(symbol(result, "components.securitySchemes.oauth2.flows.clientCredentials.scopes.orders:write").signature ==
        "\"orders:write\": \"Create and cancel orders\"");
  check_consistency(result);
}

TEST_CASE("json: empty, blank and comment-only files have no symbols") {
  for (std::string_view source : {"", "\n  \n", "// nothing\n", "/* nothing */", "{}", "[]", "null", "\"text\""}) {
    auto result = parse_json(source);
    CHECK(result.symbols.empty());
    CHECK(result.imports.empty());
  }
}

TEST_CASE("json: garbage and binary input do not crash") {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  auto binary_result = parse_json(binary);
  CHECK(binary_result.had_syntax_errors);
  check_consistency(binary_result);

  std::string noise;
  const std::string_view alphabet = "{}[]:,\"\\ab1 \n/*";
  for (int i = 0; i < 20000; ++i) noise += alphabet[static_cast<std::size_t>(i * 7919 % 101) % alphabet.size()];
  auto noise_result = parse_json(noise);
  CHECK(noise_result.had_syntax_errors);
  check_consistency(noise_result);
}

TEST_CASE("json: nesting deeper than the limit is left out, the keys around it kept, shallower nesting read whole") {
  std::string within = "{\"ok\": 1, \"deep\": " + std::string(200, '[') + std::string(200, ']') + "}";
  auto within_result = parse_json(within);
  CHECK_FALSE(within_result.had_syntax_errors);
  CHECK(outline(within_result) == std::vector<std::string>{"key ok@1", "key deep@1"});

  // Valid JSON nested 100,000 deep: the first 256 levels and the key after them, reported as partial
  // and not as a syntax error.
  std::string deep = "{\"first\": 1,\n\"deep\": ";
  for (int i = 0; i < 100000; ++i) deep += "{\"a\": ";
  deep += "1";
  deep += std::string(100000, '}');
  deep += ",\n\"after\": 2}\n";
  ax::lang::JsonLanguage json;
  auto parser = json.make_parser();
  auto deep_result = parser->parse(deep, "deep.json");
  CHECK_FALSE(deep_result.had_syntax_errors);
  CHECK(count_symbols(deep_result, "first") == 1);
  CHECK(symbol(deep_result, "after").span.start_line == 3);
  CHECK(count_symbols(deep_result, "deep.a.a") == 1);
  CHECK(deep_result.symbols.size() == 2 + 256);
  auto* cancellable = dynamic_cast<ax::sdk::CancellableParser*>(parser.get());
  REQUIRE(cancellable != nullptr);
  CHECK(cancellable->partial_reason().find("nested deeper than 256") != std::string_view::npos);
  check_consistency(deep_result);

  auto unclosed = parse_json(std::string(100000, '['));
  CHECK(unclosed.had_syntax_errors);
  CHECK(unclosed.symbols.empty());
}

TEST_CASE("json: brackets inside strings and comments do not count as nesting") {
  std::string brackets(300, '[');
  auto result = parse_json("{\n  // " + brackets + "\n  \"a\": \"" + brackets + "\",\n  \"b\": 2\n}\n");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"key a@3", "key b@4"});
}

TEST_CASE("json: a large generated document keeps every key") {
  std::string source = "{\n  \"items\": [\n";
  constexpr int kItems = 20000;
  for (int i = 0; i < kItems; ++i) {
    source += "    {\"id\": " + std::to_string(i) + ", \"name\": \"item" + std::to_string(i) +
              "\", \"meta\": {\"tags\": [\"a\", \"b\"], \"score\": 0.5}}";
    source += i + 1 < kItems ? ",\n" : "\n";
  }
  source += "  ]\n}\n";
  auto result = parse_json(source);
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 1 + kItems * 5);
  CHECK(count_symbols(result, "items.meta.score") == kItems);
  const auto& last = result.symbols.back();
  CHECK(last.qualified_name == "items.meta.score");
  CHECK(last.span.start_line == 2 + kItems);
}

TEST_CASE("json: CRLF line endings") {
  auto result = parse_json("{\r\n  // The port.\r\n  \"port\": 8080,\r\n  \"name\": \"web\"\r\n}\r\n");
  CHECK(outline(result) == std::vector<std::string>{"key port@3", "key name@4"});
  CHECK(symbol(result, "port").doc == "The port.");
  CHECK(symbol(result, "name").signature == "\"name\": \"web\"");
}

TEST_CASE("json: VS Code settings keep dotted keys whole") {
  auto result = parse_json(R"json({
  // Format on save for every language.
  "editor.formatOnSave": true,
  "[python]": {
    "editor.defaultFormatter": "charliermarsh.ruff",
  },
  "files.exclude": {"**/.git": true, "**/node_modules": true},
})json",
                           ".vscode/settings.json");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"key editor.formatOnSave@3", "key [python]@4",
                                                    "key [python].editor.defaultFormatter@5", "key files.exclude@7",
                                                    "key files.exclude.**/.git@7",
                                                    "key files.exclude.**/node_modules@7"});
  const auto& format = symbol(result, "editor.formatOnSave");
  CHECK(format.name == "editor.formatOnSave");
  CHECK(format.doc == "Format on save for every language.");
  CHECK(symbol(result, "[python].editor.defaultFormatter").name == "editor.defaultFormatter");
}
