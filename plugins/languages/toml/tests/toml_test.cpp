#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <ax/lang/testing.hpp>

#include "toml_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::SymbolKind;

namespace {

ParseResult parse_toml(std::string_view source, std::string_view path = "config.toml") {
  ax::lang::TomlLanguage toml;
  return parse(toml, source, path);
}

std::vector<std::string> of_kind(const ParseResult& result, SymbolKind kind) {
  std::vector<std::string> out;
  for (const auto& s : result.symbols)
    if (s.kind == kind) out.push_back(s.qualified_name + "@" + std::to_string(s.span.start_line));
  return out;
}

// "qualified = signature" of every dependency, in order.
std::vector<std::string> dependencies(const ParseResult& result) {
  std::vector<std::string> out;
  for (const auto& s : result.symbols)
    if (s.kind == SymbolKind::dependency) out.push_back(s.qualified_name + " = " + s.signature);
  return out;
}

const ax::sdk::Symbol& parent_of(const ParseResult& result, const ax::sdk::Symbol& symbol) {
  REQUIRE(symbol.parent >= 0);
  return result.symbols[static_cast<std::size_t>(symbol.parent)];
}

// Parents precede their children and a child's path extends its parent's; no node yields two
// symbols.
void check_consistency(const ParseResult& result) {
  std::set<std::tuple<std::uint32_t, std::uint32_t>> starts;
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    CHECK_FALSE(s.name.empty());
    CHECK(starts.insert({s.span.start_line, s.span.start_column}).second);
    CHECK(s.qualified_name.size() >= s.name.size());
    CHECK(s.qualified_name.compare(s.qualified_name.size() - s.name.size(), s.name.size(), s.name) == 0);
    if (s.parent >= 0) {
      const std::string& base = result.symbols[static_cast<std::size_t>(s.parent)].qualified_name;
      CHECK(s.qualified_name.rfind(base + ".", 0) == 0);
    }
  }
}

}  // namespace

TEST_CASE("toml: language info") {
  ax::lang::TomlLanguage toml;
  CHECK(toml.info().id == "toml");
  CHECK(toml.info().display_name == "TOML");
  CHECK(toml.info().extensions == std::vector<std::string>{".toml"});
  CHECK(toml.info().file_names == std::vector<std::string>{"Cargo.lock", "Cargo.toml.orig", "Gopkg.lock", "Pipfile",
                                                           "pdm.lock", "poetry.lock", "uv.lock"});
}

TEST_CASE("toml: tables, keys and dotted keys by path") {
  auto result = parse_toml(R"toml(title = "demo"
a.b.c = 1

[server]
host = "0.0.0.0"
tls.cert = "cert.pem"

[server.limits]
body = "1MiB"

[database]
url = "postgres://db"
)toml");
  CHECK(outline(result) == std::vector<std::string>{"key title@1", "key a.b.c@2", "table server@4", "key server.host@5",
                                                    "key server.tls.cert@6", "table server.limits@8",
                                                    "key server.limits.body@9", "table database@11",
                                                    "key database.url@12"});
  const auto& dotted = symbol(result, "a.b.c");
  CHECK(dotted.name == "c");
  CHECK(dotted.parent == -1);
  CHECK(symbol(result, "server.tls.cert").name == "cert");
  CHECK(parent_of(result, symbol(result, "server.tls.cert")).qualified_name == "server");
  const auto& limits = symbol(result, "server.limits");
  CHECK(limits.name == "limits");
  CHECK(parent_of(result, limits).qualified_name == "server");
  CHECK(symbol(result, "database").parent == -1);
  CHECK_FALSE(result.had_syntax_errors);
  check_consistency(result);
}

TEST_CASE("toml: a table's parent is the nearest earlier table its path extends") {
  auto result = parse_toml(R"toml([a.b.c]
x = 1

[a]
y = 2

[a.b.d]
z = 3

[[products]]
name = "hammer"

[products.details]
weight = 1.5

[[products]]
name = "nail"

[products.details]
weight = 0.01
)toml");
  CHECK(symbol(result, "a.b.c").parent == -1);  // [a] comes later
  CHECK(parent_of(result, symbol(result, "a.b.d")).qualified_name == "a");
  auto details = std::vector<const ax::sdk::Symbol*>{};
  for (const auto& s : result.symbols)
    if (s.qualified_name == "products.details") details.push_back(&s);
  REQUIRE(details.size() == 2);
  CHECK(parent_of(result, *details[0]).span.start_line == 10);
  CHECK(parent_of(result, *details[1]).span.start_line == 16);
  CHECK(of_kind(result, SymbolKind::array_table) == std::vector<std::string>{"products@10", "products@16"});
  check_consistency(result);
}

TEST_CASE("toml: inline tables and arrays of inline tables") {
  auto result = parse_toml(R"toml(point = { x = 1, y = { z = 2 } }
rules = [
  { match = "iban", weight = 0.6 },
  { match = "amount", weight = 0.4 },
]
matrix = [[1, 2], [3, 4]]
)toml");
  CHECK(outline(result) == std::vector<std::string>{"key point@1", "key point.x@1", "key point.y@1", "key point.y.z@1",
                                                    "key rules@2", "key rules.match@3", "key rules.weight@3",
                                                    "key rules.match@4", "key rules.weight@4", "key matrix@6"});
  CHECK(parent_of(result, symbol(result, "point.y.z")).qualified_name == "point.y");
  CHECK(symbol(result, "point.y.z").span.start_column == 24);
  check_consistency(result);
}

TEST_CASE("toml: quoted keys are unquoted and stay one segment") {
  auto result = parse_toml(R"toml("quoted.key" = 1
'literal' = 2
site."google.com" = true

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[profile.dev.package."*"]
opt-level = 2
)toml");
  CHECK(outline(result) == std::vector<std::string>{"key quoted.key@1", "key literal@2", "key site.google.com@3",
                                                    "table target.cfg(unix).dependencies@5",
                                                    "dependency target.cfg(unix).dependencies.libc@6",
                                                    "table profile.dev.package.*@8",
                                                    "key profile.dev.package.*.opt-level@9"});
  CHECK(symbol(result, "quoted.key").name == "quoted.key");
  CHECK(symbol(result, "site.google.com").name == "google.com");
  CHECK(symbol(result, "target.cfg(unix).dependencies").name == "dependencies");
  CHECK(symbol(result, "target.cfg(unix).dependencies").signature == "[target.'cfg(unix)'.dependencies]");
}

TEST_CASE("toml: signatures preview the value") {
  auto result = parse_toml(R"toml(name = "ingest"
port = 8080
ratio = 0.75
enabled = true
when = 1979-05-27T07:32:00-08:00
day = 1979-05-27
empty = []
list = ["a", "b"]
table = { a = 1 }
empty_table = {}
literal = 'C:\path'
multi = """
first line
second line
"""
long = "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"

[[servers]]
[tables.nested]
)toml");
  CHECK(symbol(result, "name").signature == "name = \"ingest\"");
  CHECK(symbol(result, "port").signature == "port = 8080");
  CHECK(symbol(result, "ratio").signature == "ratio = 0.75");
  CHECK(symbol(result, "enabled").signature == "enabled = true");
  CHECK(symbol(result, "when").signature == "when = 1979-05-27T07:32:00-08:00");
  CHECK(symbol(result, "day").signature == "day = 1979-05-27");
  CHECK(symbol(result, "empty").signature == "empty = []");
  CHECK(symbol(result, "list").signature == "list = […]");
  CHECK(symbol(result, "table").signature == "table = {…}");
  CHECK(symbol(result, "empty_table").signature == "empty_table = {}");
  CHECK(symbol(result, "literal").signature == "literal = 'C:\\path'");
  CHECK(symbol(result, "multi").signature == "multi = \"\"\"first line…");
  CHECK(symbol(result, "long").signature == "long = \"" + std::string(79, 'y') + "…");
  CHECK(symbol(result, "servers").signature == "[[servers]]");
  CHECK(symbol(result, "tables.nested").signature == "[tables.nested]");
}

TEST_CASE("toml: comments directly above are docs; table spans end with their last entry") {
  auto result = parse_toml(R"toml(# The service name.
# Used in metrics labels.
name = "ingest"

# Detached.

port = 8080 # trailing, not a doc
workers = 4

# Connection pool settings.
[pool]
size = 10
# About idle.
idle = "30s"

# The next table's doc, not part of [pool].
[[hosts]]
# Inside a multi-line string below, # is text.
motd = """
# not a comment
"""
after = 1
)toml");
  CHECK(symbol(result, "name").doc == "The service name.\nUsed in metrics labels.");
  CHECK(symbol(result, "port").doc.empty());
  CHECK(symbol(result, "workers").doc.empty());
  const auto& pool = symbol(result, "pool");
  CHECK(pool.doc == "Connection pool settings.");
  CHECK(pool.span.start_line == 11);
  CHECK(pool.span.end_line == 14);
  CHECK(pool.span.end_column == 13);
  CHECK(symbol(result, "pool.idle").doc == "About idle.");
  CHECK(symbol(result, "hosts").doc == "The next table's doc, not part of [pool].");
  CHECK(symbol(result, "hosts.motd").doc == "Inside a multi-line string below, # is text.");
  CHECK(symbol(result, "hosts.after").doc.empty());
}

TEST_CASE("toml: Cargo dependencies in every form") {
  auto result = parse_toml(R"toml([package]
name = "demo"

[dependencies]
serde = "1.0"
tokio = { version = "1.38", features = ["full"] }
local = { path = "../local" }
forked = { git = "https://github.com/acme/forked", branch = "main" }
anyhow.workspace = true
rand.version = "0.8"
rand.features = ["small_rng"]

[dependencies.sqlx]
version = "0.7"
features = ["postgres"]

[dev-dependencies]
proptest = "1"

[build-dependencies]
cc = "1.0"

[workspace.dependencies]
log = "0.4"

[target.x86_64-pc-windows-msvc.dependencies]
winapi = "0.3"
)toml",
                           "Cargo.toml");
  CHECK(dependencies(result) ==
        std::vector<std::string>{
            "dependencies.serde = 1.0", "dependencies.tokio = 1.38", "dependencies.local = path: ../local",
            "dependencies.forked = git: https://github.com/acme/forked", "dependencies.anyhow = workspace",
            "dependencies.rand = 0.8", "dependencies.sqlx = 0.7", "dev-dependencies.proptest = 1",
            "build-dependencies.cc = 1.0", "workspace.dependencies.log = 0.4",
            "target.x86_64-pc-windows-msvc.dependencies.winapi = 0.3"});
  const auto& rand_features = symbol(result, "dependencies.rand.features");
  CHECK(rand_features.kind == SymbolKind::key);
  CHECK(parent_of(result, rand_features).qualified_name == "dependencies.rand");
  CHECK(symbol(result, "dependencies.tokio.features").kind == SymbolKind::key);
  const auto& sqlx = symbol(result, "dependencies.sqlx");
  CHECK(sqlx.name == "sqlx");
  CHECK(sqlx.span.start_line == 13);
  CHECK(sqlx.span.end_line == 15);
  CHECK(parent_of(result, sqlx).qualified_name == "dependencies");
  CHECK(symbol(result, "dependencies.sqlx.version").kind == SymbolKind::key);
  CHECK(symbol(result, "package.name").kind == SymbolKind::key);
  check_consistency(result);
}

TEST_CASE("toml: dependency tables without a version show where they come from") {
  auto result = parse_toml(R"toml([dependencies.forked]
git = "https://github.com/acme/forked"
branch = "main"

[dependencies.sibling]
path = "../sibling"

[dependencies.shared]
workspace = true
features = ["derive"]

[dependencies.plain]
features = ["a"]
)toml",
                           "Cargo.toml");
  CHECK(dependencies(result) == std::vector<std::string>{"dependencies.forked = git: https://github.com/acme/forked",
                                                         "dependencies.sibling = path: ../sibling",
                                                         "dependencies.shared = workspace",
                                                         "dependencies.plain = [dependencies.plain]"});
  CHECK(symbol(result, "dependencies.shared").span.end_line == 10);
  CHECK(symbol(result, "dependencies.shared.features").kind == SymbolKind::key);
}

TEST_CASE("toml: headers with blanks and trailing comments") {
  auto result = parse_toml(R"toml([ server . tls ] # the TLS settings
cert = "a.pem"

[[ hosts ]]  # one per host
name = "a"
)toml");
  CHECK(outline(result) == std::vector<std::string>{"table server.tls@1", "key server.tls.cert@2",
                                                    "array_table hosts@4", "key hosts.name@5"});
  CHECK(symbol(result, "server.tls").name == "tls");
  CHECK(symbol(result, "server.tls").signature == "[server . tls]");
  CHECK(symbol(result, "server.tls").doc.empty());
  CHECK(symbol(result, "hosts").signature == "[[hosts]]");
  CHECK(symbol(result, "server.tls").span.end_line == 2);
}

TEST_CASE("toml: pyproject requirement lists") {
  auto result = parse_toml(R"toml([build-system]
requires = ["setuptools>=69", "wheel"]

[project]
name = "demo"
dependencies = [
    # HTTP client.
    "httpx[http2]>=0.27",
    "tomli>=2; python_version < '3.11'",
    "pkg @ https://example.com/pkg.whl",
]

[project.optional-dependencies]
docs = ["mkdocs>=1.6"]

[dependency-groups]
dev = [{ include-group = "docs" }, "pytest"]

[tool.other]
dependencies = ["not-a-requirement-list"]
)toml",
                           "pyproject.toml");
  CHECK(dependencies(result) ==
        std::vector<std::string>{
            "build-system.requires.setuptools = >=69", "build-system.requires.wheel = *",
            "project.dependencies.httpx = [http2]>=0.27", "project.dependencies.tomli = >=2; python_version < '3.11'",
            "project.dependencies.pkg = @ https://example.com/pkg.whl",
            "project.optional-dependencies.docs.mkdocs = >=1.6", "dependency-groups.dev.pytest = *"});
  const auto& httpx = symbol(result, "project.dependencies.httpx");
  CHECK(httpx.name == "httpx");
  CHECK(httpx.doc == "HTTP client.");
  CHECK(httpx.span.start_line == 8);
  CHECK(httpx.span.start_column == 5);
  CHECK(parent_of(result, httpx).qualified_name == "project.dependencies");
  CHECK(symbol(result, "dependency-groups.dev.include-group").kind == SymbolKind::key);
  CHECK(symbol(result, "tool.other.dependencies").kind == SymbolKind::key);
  check_consistency(result);
}

TEST_CASE("toml: Poetry and Pipfile dependencies") {
  auto poetry = parse_toml(R"toml([tool.poetry.dependencies]
python = "^3.11"
requests = { version = "^2.31", extras = ["socks"] }

[tool.poetry.group.test.dependencies]
pytest = "^8.2"

[tool.poetry.dev-dependencies]
black = "*"

[tool.poetry.scripts]
serve = "app:main"
)toml",
                           "pyproject.toml");
  CHECK(dependencies(poetry) == std::vector<std::string>{"tool.poetry.dependencies.python = ^3.11",
                                                         "tool.poetry.dependencies.requests = ^2.31",
                                                         "tool.poetry.group.test.dependencies.pytest = ^8.2",
                                                         "tool.poetry.dev-dependencies.black = *"});
  CHECK(symbol(poetry, "tool.poetry.scripts.serve").kind == SymbolKind::key);

  auto pipfile = parse_toml(R"toml([[source]]
url = "https://pypi.org/simple"

[packages]
flask = "==3.0.3"
gunicorn = { version = "*", markers = "sys_platform != 'win32'" }

[dev-packages]
pytest = "*"
)toml",
                            "Pipfile");
  CHECK(dependencies(pipfile) ==
        std::vector<std::string>{"packages.flask = ==3.0.3", "packages.gunicorn = *", "dev-packages.pytest = *"});
}

TEST_CASE("toml: Cargo.toml fixture") {
  auto result = parse_toml(read_fixture("basic_cargo.toml"), "Cargo.toml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 310);
  CHECK(count_kind(result, SymbolKind::dependency) == 61);
  CHECK(of_kind(result, SymbolKind::array_table) ==
        std::vector<std::string>{"bin@40", "bin@45", "bench@152", "bench@156", "example@161", "test@165"});
  const auto& package = symbol(result, "package");
  CHECK(package.doc ==
        "Manifest of the `ingest` service: reads events from Kafka, enriches them and\n"
        "writes them to ClickHouse. Shared versions come from the workspace root.");
  CHECK(package.span.end_line == 21);
  const auto& tokio = symbol(result, "dependencies.tokio");
  CHECK(tokio.span.start_line == 62);
  CHECK(tokio.signature == "1.38");
  CHECK(tokio.doc == "Runtime and async plumbing.");
  CHECK(symbol(result, "dependencies.serde").signature == "workspace");
  CHECK(symbol(result, "dependencies.serde_with").signature == "workspace");
  CHECK(symbol(result, "dependencies.ingest-geo").signature == "path: ../ingest-geo");
  CHECK(symbol(result, "dependencies.moka").signature == "git: https://github.com/moka-rs/moka");
  CHECK(symbol(result, "dependencies.moka").span.start_line == 115);
  CHECK(symbol(result, "dev-dependencies.tokio").span.start_line == 121);
  CHECK(symbol(result, "target.cfg(target_os = \"linux\").dependencies.procfs").signature == "0.16.0");
  CHECK(symbol(result, "target.cfg(windows).dev-dependencies.tempfile").kind == SymbolKind::dependency);
  CHECK(symbol(result, "features.tls").doc == "Kafka over TLS with rustls; turn off for plaintext test clusters.");
  CHECK(symbol(result, "profile.release").doc ==
        "Release builds are what runs in production; keep symbols for profiling.");
  CHECK(parent_of(result, symbol(result, "profile.release.package.rdkafka-sys")).qualified_name == "profile.release");
  CHECK(parent_of(result, symbol(result, "package.metadata.ci.cache")).qualified_name == "package.metadata.ci");
  CHECK(parent_of(result, symbol(result, "package.metadata.docs.rs")).qualified_name == "package");
  CHECK(symbol(result, "package.metadata.ci.release.notes-template").signature ==
        "notes-template = \"\"\"## ingest {{version}}…");
  CHECK(symbol(result, "package.metadata.container.labels.org.opencontainers.image.source").name ==
        "org.opencontainers.image.source");
  check_consistency(result);
}

TEST_CASE("toml: pyproject.toml fixture") {
  auto result = parse_toml(read_fixture("advanced_pyproject.toml"), "pyproject.toml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 237);
  CHECK(count_kind(result, SymbolKind::dependency) == 38);
  CHECK(symbol(result, "project.dependencies.uvicorn").signature == "[standard]>=0.30");
  CHECK(symbol(result, "project.dependencies.py-moneyed").doc == "Money arithmetic; never floats.");
  CHECK(symbol(result, "project.dependencies.uvloop").signature == ">=0.19; sys_platform != 'win32'");
  CHECK(symbol(result, "project.dependencies.ledgerline-bankfeeds").span.start_line == 49);
  CHECK(symbol(result, "project.dependencies").doc ==
        "Runtime requirements; keep upper bounds off unless a release is known bad.");
  CHECK(symbol(result, "project.optional-dependencies.exports").doc == "Export statements to XLSX and PDF.");
  CHECK(symbol(result, "project.optional-dependencies.all.ledgerline").signature == "[exports,s3]");
  CHECK(symbol(result, "dependency-groups.lint.types-python-dateutil").signature == "*");
  CHECK(symbol(result, "build-system.requires.hatch-vcs").signature == ">=0.4");
  CHECK(symbol(result, "project.entry-points.ledgerline.importers").name == "ledgerline.importers");
  CHECK(of_kind(result, SymbolKind::array_table) ==
        std::vector<std::string>{"tool.mypy.overrides@140", "tool.mypy.overrides@144", "tool.uv.index@211",
                                 "tool.towncrier.type@231", "tool.towncrier.type@236", "tool.towncrier.type@241",
                                 "tool.ledgerline.bank-feeds@281", "tool.ledgerline.bank-feeds@286"});
  CHECK(symbol(result, "tool.mypy.overrides").doc == "Third-party packages without type information.");
  CHECK(symbol(result, "tool.ruff.lint.per-file-ignores.tests/**").signature == "\"tests/**\" = […]");
  CHECK(symbol(result, "tool.ledgerline.fiscal-year-start").signature == "fiscal-year-start = 1979-04-01");
  CHECK(symbol(result, "tool.ledgerline.currencies.BHD.symbol").signature == "symbol = \".د.ب\"");
  CHECK(count_symbols(result, "tool.ledgerline.reconciliation.rules.match") == 3);
  CHECK(symbol(result, "tool.ledgerline.reconciliation.tolerance").doc ==
        "Amount tolerance in minor units before a match needs review.");
  check_consistency(result);
}

TEST_CASE("toml: arrays of tables fixture") {
  auto result = parse_toml(read_fixture("arrays_of_tables.toml"), "edge/proxy.toml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 92);
  CHECK(of_kind(result, SymbolKind::array_table) ==
        std::vector<std::string>{"listeners@17", "listeners@23", "listeners@29", "upstreams.web.servers@38",
                                 "upstreams.web.servers@42", "upstreams.api.servers@50", "upstreams.api.servers@53",
                                 "routes@58", "routes.middlewares@64", "routes.middlewares@69", "routes@73",
                                 "routes.middlewares@79", "routes@83"});
  CHECK(of_kind(result, SymbolKind::table) ==
        std::vector<std::string>{"global@8", "upstreams.web@34", "upstreams.api@46", "observability@90"});
  CHECK(symbol(result, "listeners").doc == "One block per listening socket.");
  CHECK(symbol(result, "global.limits.max-body").doc == "Requests above this size are rejected before routing.");
  CHECK(count_symbols(result, "listeners.name") == 3);
  CHECK(count_symbols(result, "routes.middlewares.type") == 3);
  // Each [[routes.middlewares]] belongs to the [[routes]] element before it.
  for (const auto& s : result.symbols)
    if (s.qualified_name == "routes.middlewares" && s.kind == SymbolKind::array_table)
      CHECK(parent_of(result, s).span.start_line == (s.span.start_line < 73 ? 58u : 73u));
  CHECK(parent_of(result, symbol(result, "upstreams.web.servers")).qualified_name == "upstreams.web");
  CHECK(symbol(result, "observability.access-log").signature == "\"access-log\" = {…}");
  CHECK(symbol(result, "routes.respond.body").signature == "body = '''<html><body><h1>Back soon</h1></body></html>");
  CHECK(symbol(result, "generated").signature == "generated = 2024-05-01T09:30:00Z");
  check_consistency(result);
}

TEST_CASE("toml: lock files are arrays of tables") {
  auto result = parse_toml(R"toml(version = 3

[[package]]
name = "anyhow"
version = "1.0.86"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "ingest"
version = "0.18.3"
dependencies = [
 "anyhow",
]
)toml",
                           "Cargo.lock");
  CHECK(outline(result) == std::vector<std::string>{"key version@1", "array_table package@3", "key package.name@4",
                                                    "key package.version@5", "key package.source@6",
                                                    "array_table package@8", "key package.name@9",
                                                    "key package.version@10", "key package.dependencies@11"});
}

// A broken key/value and an unclosed array before a table that follows them.
constexpr std::string_view kBrokenToml = R"toml([server]
host = "0.0.0.0"
port = = 8080
broken = [1, 2

[database]
url = "postgres://db"
)toml";

TEST_CASE("toml: syntax errors give partial results") {
  auto result = parse_toml(kBrokenToml);
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "server") == 1);
  CHECK(count_symbols(result, "server.host") == 1);
  check_consistency(result);

  auto unterminated = parse_toml("name = \"open string\n[table]\nkey = 1\n");
  CHECK(unterminated.had_syntax_errors);
  check_consistency(unterminated);
}

// KNOWN DEFECT: the grammar's error recovery swallows the declaration after the error; this case
// passes (and Catch2 reports it) once that is fixed.
TEST_CASE("toml: syntax errors give partial results: the declaration after the error", "[!shouldfail]") {
  auto result = parse_toml(kBrokenToml);
  CHECK(symbol(result, "database.url").span.start_line == 7);
}

TEST_CASE("toml: empty and comment-only files have no symbols") {
  for (std::string_view source : {"", "\n\n", "# only a comment\n", "   \n\t\n"}) {
    auto result = parse_toml(source);
    CHECK(result.symbols.empty());
    CHECK_FALSE(result.had_syntax_errors);
  }
}

TEST_CASE("toml: garbage and binary input do not crash") {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  auto binary_result = parse_toml(binary);
  CHECK(binary_result.had_syntax_errors);
  check_consistency(binary_result);

  std::string noise;
  const std::string_view alphabet = "[]{}=.,\"'#ab1 \n";
  for (int i = 0; i < 20000; ++i) noise += alphabet[static_cast<std::size_t>(i * 7919 % 89) % alphabet.size()];
  auto noise_result = parse_toml(noise);
  CHECK(noise_result.had_syntax_errors);
  check_consistency(noise_result);
}

TEST_CASE("toml: nesting deeper than the limit is left out") {
  auto unclosed = parse_toml("ok = 1\nbad = " + std::string(100000, '['));
  CHECK(unclosed.had_syntax_errors);
  CHECK(count_symbols(unclosed, "ok") == 1);

  std::string deep = "a = ";
  for (int i = 0; i < 3000; ++i) deep += "{ b = ";
  deep += "1" + std::string(3000, '}') + "\n";
  deep += "after = 2\n";
  auto deep_result = parse_toml(deep);
  CHECK_FALSE(deep_result.had_syntax_errors);
  CHECK(count_symbols(deep_result, "a") == 1);
  CHECK(symbol(deep_result, "after").span.start_line == 2);
  check_consistency(deep_result);

  // Brackets in strings and comments are text.
  std::string brackets(300, '[');
  auto text = parse_toml("# " + brackets + "\nliteral = '" + brackets + "'\nbasic = \"" + brackets +
                         "\"\nmulti = '''\n" + brackets + "\n'''\nlast = 1\n");
  CHECK_FALSE(text.had_syntax_errors);
  CHECK(outline(text) == std::vector<std::string>{"key literal@2", "key basic@3", "key multi@4", "key last@7"});
}

TEST_CASE("toml: CRLF line endings") {
  auto result = parse_toml("# The name.\r\nname = \"web\"\r\n\r\n[server]\r\nport = 80\r\n");
  CHECK(outline(result) == std::vector<std::string>{"key name@2", "table server@4", "key server.port@5"});
  CHECK(symbol(result, "name").doc == "The name.");
  CHECK(symbol(result, "name").signature == "name = \"web\"");
  CHECK(symbol(result, "server").span.end_line == 5);
}
