#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <ax/lang/testing.hpp>

#include "yaml_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

ParseResult parse_yaml(std::string_view source, std::string_view path = "config.yaml") {
  ax::lang::YamlLanguage yaml;
  return parse(yaml, source, path);
}

// "qualified@line" of every symbol of one kind, in order.
std::vector<std::string> of_kind(const ParseResult& result, SymbolKind kind) {
  std::vector<std::string> out;
  for (const auto& s : result.symbols)
    if (s.kind == kind) out.push_back(s.qualified_name + "@" + std::to_string(s.span.start_line));
  return out;
}

// The symbol of this kind with this qualified name on this line.
const ax::sdk::Symbol& symbol_at(const ParseResult& result, std::string_view qualified, std::uint32_t line) {
  for (const auto& s : result.symbols)
    if (s.qualified_name == qualified && s.span.start_line == line) return s;
  throw std::runtime_error("no symbol " + std::string(qualified) + " on line " + std::to_string(line));
}

// Parents precede their children, qualified names follow the parent chain (a resource names its own
// path), children lie within their parents, and no node yields two symbols.
void check_consistency(const ParseResult& result) {
  std::set<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>> spans;
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    CHECK_FALSE(s.name.empty());
    CHECK(spans.insert({s.span.start_line, s.span.start_column, s.span.end_line, s.span.end_column}).second);
    if (s.kind == SymbolKind::resource) continue;
    if (s.parent < 0) {
      CHECK(s.qualified_name == s.name);
      continue;
    }
    const auto& parent = result.symbols[static_cast<std::size_t>(s.parent)];
    CHECK(s.qualified_name == parent.qualified_name + "." + s.name);
    bool starts_inside =
        s.span.start_line > parent.span.start_line ||
        (s.span.start_line == parent.span.start_line && s.span.start_column >= parent.span.start_column);
    bool ends_inside = s.span.end_line < parent.span.end_line ||
                       (s.span.end_line == parent.span.end_line && s.span.end_column <= parent.span.end_column);
    CHECK(starts_inside);
    CHECK(ends_inside);
  }
}

}  // namespace

TEST_CASE("yaml: language info") {
  ax::lang::YamlLanguage yaml;
  CHECK(yaml.info().id == "yaml");
  CHECK(yaml.info().display_name == "YAML");
  const auto& extensions = yaml.info().extensions;
  for (const char* extension : {".yaml", ".yml", ".mir", ".sublime-syntax"})
    CHECK(std::find(extensions.begin(), extensions.end(), extension) != extensions.end());
  const auto& names = yaml.info().file_names;
  CHECK(std::find(names.begin(), names.end(), ".clang-format") != names.end());
  CHECK(std::find(names.begin(), names.end(), ".eslintrc") != names.end());
  CHECK(yaml.scope_separator() == ".");
}

TEST_CASE("yaml: keys by dotted path, sequence items transparent") {
  auto result = parse_yaml(R"yaml(server:
  host: 0.0.0.0
  port: 8080
  routes:
    - path: /api
      upstream: api
    - path: /
      upstream: web
logging: {level: info, format: json}
)yaml");
  CHECK(outline(result) == std::vector<std::string>{"key server@1", "key server.host@2", "key server.port@3",
                                                    "key server.routes@4", "key server.routes.path@5",
                                                    "key server.routes.upstream@6", "key server.routes.path@7",
                                                    "key server.routes.upstream@8", "key logging@9",
                                                    "key logging.level@9", "key logging.format@9"});
  CHECK(count_symbols(result, "server.routes.path") == 2);
  const auto& routes = symbol(result, "server.routes");
  CHECK(routes.span.start_line == 4);
  CHECK(routes.span.end_line == 8);
  CHECK(result.symbols[static_cast<std::size_t>(symbol(result, "server.routes.upstream").parent)].qualified_name ==
        "server.routes");
  CHECK_FALSE(result.had_syntax_errors);
  check_consistency(result);
}

TEST_CASE("yaml: signatures preview the value") {
  auto result = parse_yaml(R"yaml(replicas: 3
image: "nginx:1.25"
empty_map: {}
empty_list: []
labels: {app: web}
ports: [80, 443]
nested:
  a: 1
items:
  - one
script: |
  npm ci
  npm test
folded: >-
  A long folded
  paragraph.
nothing:
tagged: !Ref MyBucket
long: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
)yaml");
  CHECK(symbol(result, "replicas").signature == "replicas: 3");
  CHECK(symbol(result, "image").signature == "image: \"nginx:1.25\"");
  CHECK(symbol(result, "empty_map").signature == "empty_map: {}");
  CHECK(symbol(result, "empty_list").signature == "empty_list: []");
  CHECK(symbol(result, "labels").signature == "labels: {…}");
  CHECK(symbol(result, "ports").signature == "ports: […]");
  CHECK(symbol(result, "nested").signature == "nested: {…}");
  CHECK(symbol(result, "items").signature == "items: […]");
  CHECK(symbol(result, "script").signature == "script: npm ci…");
  CHECK(symbol(result, "folded").signature == "folded: A long folded…");
  CHECK(symbol(result, "nothing").signature == "nothing:");
  CHECK(symbol(result, "tagged").signature == "tagged: !Ref MyBucket");
  CHECK(symbol(result, "long").signature == "long: " + std::string(80, 'a') + "…");
}

TEST_CASE("yaml: comments directly above a key are its doc") {
  auto result = parse_yaml(R"yaml(# The public port.
# Must match the load balancer.
port: 8080

# Detached by a blank line.

host: example.com
timeout: 30 # trailing, not a doc
retries: 3
cache:
  # Seconds a page stays cached.
  ttl: 60
steps:
  # Describes the item, not its first key.
  - name: build
script: |
  # inside a block scalar
after: 1
)yaml");
  CHECK(symbol(result, "port").doc == "The public port.\nMust match the load balancer.");
  CHECK(symbol(result, "host").doc.empty());
  CHECK(symbol(result, "retries").doc.empty());
  CHECK(symbol(result, "cache.ttl").doc == "Seconds a page stays cached.");
  CHECK(symbol(result, "steps.build").kind == SymbolKind::step);
  CHECK(symbol(result, "steps.build").doc == "Describes the item, not its first key.");
  CHECK(symbol(result, "steps.build.name").doc.empty());
  CHECK(symbol(result, "after").doc.empty());
}

TEST_CASE("yaml: quoted, numeric and flow keys are named without quotes") {
  auto result = parse_yaml(R"yaml("quoted key": 1
'it''s': 2
"esc\"aped": 3
200: OK
? explicit
: value
map: {"inner key": 1, plain: 2}
list: [{a: 1}, {b: 2}]
)yaml");
  CHECK(outline(result) == std::vector<std::string>{"key quoted key@1", "key it's@2", "key esc\"aped@3", "key 200@4",
                                                    "key explicit@5", "key map@7", "key map.inner key@7",
                                                    "key map.plain@7", "key list@8", "key list.a@8", "key list.b@8"});
  CHECK(symbol(result, "quoted key").signature == "\"quoted key\": 1");
  check_consistency(result);
}

TEST_CASE("yaml: multi-document files keep each document's keys") {
  auto result = parse_yaml(R"yaml(name: first
settings:
  debug: true
---
name: second
settings:
  debug: false
...
---
other: 3
)yaml");
  CHECK(outline(result) == std::vector<std::string>{"key name@1", "key settings@2", "key settings.debug@3",
                                                    "key name@5", "key settings@6", "key settings.debug@7",
                                                    "key other@10"});
  CHECK(symbol_at(result, "settings.debug", 7).signature == "debug: false");
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("yaml: anchors, aliases and merge keys") {
  auto result = parse_yaml(R"yaml(defaults: &defaults
  adapter: postgres
  pool: 5
development:
  <<: *defaults
  database: dev
test:
  <<: [*defaults]
  database: test
copy: *defaults
)yaml");
  CHECK(outline(result) == std::vector<std::string>{"key defaults@1", "key defaults.adapter@2", "key defaults.pool@3",
                                                    "key development@4", "key development.database@6", "key test@7",
                                                    "key test.database@9", "key copy@10"});
  CHECK(symbol(result, "defaults").signature == "defaults: &defaults {…}");
  CHECK(symbol(result, "copy").signature == "copy: *defaults");
  REQUIRE(result.references.size() == 3);
  for (const auto& reference : result.references) {
    CHECK(reference.name == "defaults");
    CHECK(reference.kind == ReferenceKind::reference);
  }
  CHECK(result.symbols[static_cast<std::size_t>(result.references[0].enclosing)].qualified_name == "development");
  CHECK(result.references[1].line == 8);
  CHECK_FALSE(result.had_syntax_errors);
}

TEST_CASE("yaml: a Kubernetes object is a resource named Kind/name") {
  auto result = parse_yaml(R"yaml(# The web tier.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
---
apiVersion: v1
kind: Service
metadata:
  name: "web"
spec:
  ports:
    - port: 80
)yaml",
                           "deploy/web.yaml");
  CHECK(outline(result) ==
        std::vector<std::string>{
            "resource Deployment/web@2", "key Deployment/web.apiVersion@2", "key Deployment/web.kind@3",
            "key Deployment/web.metadata@4", "key Deployment/web.metadata.name@5",
            "key Deployment/web.metadata.namespace@6", "key Deployment/web.spec@7",
            "key Deployment/web.spec.replicas@8", "resource Service/web@10", "key Service/web.apiVersion@10",
            "key Service/web.kind@11", "key Service/web.metadata@12", "key Service/web.metadata.name@13",
            "key Service/web.spec@14", "key Service/web.spec.ports@15", "key Service/web.spec.ports.port@16"});
  const auto& deployment = symbol(result, "Deployment/web");
  CHECK(deployment.name == "web");
  CHECK(deployment.signature == "apiVersion: apps/v1, kind: Deployment");
  CHECK(deployment.doc == "The web tier.");
  CHECK(deployment.span.end_line == 8);
  CHECK(symbol(result, "Deployment/web.apiVersion").doc.empty());  // the comment went to the resource
  CHECK(symbol(result, "Service/web").span.end_line == 16);
  check_consistency(result);
}

TEST_CASE("yaml: documents without apiVersion, kind and metadata.name are not resources") {
  auto result = parse_yaml(R"yaml(kind: Deployment
metadata:
  name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  generateName: cfg-
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: [not, a, scalar]
)yaml");
  CHECK(count_kind(result, SymbolKind::resource) == 0);
  CHECK(count_symbols(result, "metadata.name") == 2);
  CHECK(count_symbols(result, "kind") == 3);
}

TEST_CASE("yaml: CI jobs and steps") {
  auto result = parse_yaml(R"yaml(on: push
jobs:
  build:
    name: Build
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Install
        run: npm ci
      - id: meta
        name: Docker metadata
        uses: docker/metadata-action@v5
        with:
          images: ghcr.io/acme/web
      - name: "Test (unit)"
        run: |
          npm test
          npm run e2e
  release:
    needs: build
    uses: ./.github/workflows/release.yml
)yaml",
                           ".github/workflows/ci.yml");
  CHECK(outline(result) == std::vector<std::string>{"key on@1",
                                                    "key jobs@2",
                                                    "job jobs.build@3",
                                                    "key jobs.build.name@4",
                                                    "key jobs.build.runs-on@5",
                                                    "key jobs.build.steps@6",
                                                    "key jobs.build.steps.uses@7",
                                                    "step jobs.build.steps.Install@8",
                                                    "key jobs.build.steps.Install.name@8",
                                                    "key jobs.build.steps.Install.run@9",
                                                    "step jobs.build.steps.meta@10",
                                                    "key jobs.build.steps.meta.id@10",
                                                    "key jobs.build.steps.meta.name@11",
                                                    "key jobs.build.steps.meta.uses@12",
                                                    "key jobs.build.steps.meta.with@13",
                                                    "key jobs.build.steps.meta.with.images@14",
                                                    "step jobs.build.steps.Test (unit)@15",
                                                    "key jobs.build.steps.Test (unit).name@15",
                                                    "key jobs.build.steps.Test (unit).run@16",
                                                    "job jobs.release@19",
                                                    "key jobs.release.needs@20",
                                                    "key jobs.release.uses@21"});
  CHECK(symbol(result, "jobs.build").signature == "name: Build, runs-on: ubuntu-latest");
  CHECK(symbol(result, "jobs.release").signature == "uses: ./.github/workflows/release.yml");
  CHECK(symbol(result, "jobs.build.steps.Install").signature == "run: npm ci");
  CHECK(symbol(result, "jobs.build.steps.meta").signature == "name: Docker metadata, uses: docker/metadata-action@v5");
  CHECK(symbol(result, "jobs.build.steps.Test (unit)").signature == "run: npm test…");
  const auto& meta = symbol(result, "jobs.build.steps.meta");
  CHECK(meta.span.start_line == 10);
  CHECK(meta.span.start_column == 7);
  CHECK(meta.span.end_line == 14);
  CHECK(import_list(result) == std::vector<std::string>{"actions/checkout@v4@7", "docker/metadata-action@v5@12",
                                                        "./.github/workflows/release.yml@21"});
  check_consistency(result);
}

TEST_CASE("yaml: jobs and services count only at the top of a document") {
  auto result = parse_yaml(R"yaml(jobs:
  test:
    services:
      postgres:
        image: postgres:16
    steps:
      - run: make test
workflow:
  jobs:
    nested: {}
)yaml");
  CHECK(of_kind(result, SymbolKind::job) == std::vector<std::string>{"jobs.test@2"});
  CHECK(count_kind(result, SymbolKind::service) == 0);
  CHECK(symbol(result, "jobs.test.services.postgres").kind == SymbolKind::key);
  CHECK(symbol(result, "workflow.jobs.nested").kind == SymbolKind::key);
  CHECK(count_kind(result, SymbolKind::step) == 0);  // no name and no id
}

TEST_CASE("yaml: docker-compose services") {
  auto result = parse_yaml(R"yaml(x-base: &base
  restart: always
services:
  # The API server.
  api:
    <<: *base
    build:
      context: ./api
      target: prod
  web:
    build: ./web
  db:
    image: postgres:16
  cache:
    command: redis-server
volumes:
  data:
)yaml",
                           "compose.yaml");
  CHECK(of_kind(result, SymbolKind::service) ==
        std::vector<std::string>{"services.api@5", "services.web@10", "services.db@12", "services.cache@14"});
  CHECK(symbol(result, "services.api").signature == "build: ./api");
  CHECK(symbol(result, "services.api").doc == "The API server.");
  CHECK(symbol(result, "services.web").signature == "build: ./web");
  CHECK(symbol(result, "services.db").signature == "image: postgres:16");
  CHECK(symbol(result, "services.cache").signature == "cache: {…}");
  CHECK(symbol(result, "services.api.build.context").kind == SymbolKind::key);
  CHECK(symbol(result, "volumes.data").kind == SymbolKind::key);
  check_consistency(result);
}

TEST_CASE("yaml: spans end with the last content, not trailing comments or newlines") {
  auto result = parse_yaml("first:\n  a: 1\n  # about second\nsecond:\n  b: |\n    text\n    more\n\n\n");
  CHECK(symbol(result, "first").span.end_line == 2);
  CHECK(symbol(result, "first").span.end_column == 7);
  CHECK(symbol(result, "second").doc == "about second");
  CHECK(symbol(result, "second.b").span.end_line == 7);
  CHECK(symbol(result, "second").span.end_line == 7);
}

TEST_CASE("yaml: Kubernetes fixture") {
  auto result = parse_yaml(read_fixture("basic_kubernetes.yaml"), "k8s/storefront.yaml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(of_kind(result, SymbolKind::resource) ==
        std::vector<std::string>{"Namespace/storefront@3", "ConfigMap/storefront-config@12", "Secret/storefront-db@29",
                                 "Deployment/web@40", "Service/web@146", "Ingress/storefront@161",
                                 "HorizontalPodAutoscaler/web@186", "StatefulSet/postgres@207",
                                 "CronJob/nightly-reindex@247", "ServiceAccount/storefront-web@271",
                                 "Role/config-reader@277", "RoleBinding/storefront-web-config-reader@287",
                                 "PodDisruptionBudget/web@301", "NetworkPolicy/postgres-from-web@320"});
  CHECK(result.symbols.size() == 317);
  const auto& deployment = symbol(result, "Deployment/web");
  CHECK(deployment.doc == "The customer-facing web tier.");
  CHECK(deployment.span.end_line == 144);
  CHECK(symbol(result, "Namespace/storefront").doc ==
        "Storefront production stack: namespace, configuration, the web tier, the\n"
        "database and the nightly maintenance job. Applied with `kubectl apply -f`.");
  const auto& replicas = symbol(result, "Deployment/web.spec.replicas");
  CHECK(replicas.span.start_line == 52);
  CHECK(replicas.signature == "replicas: 3");
  CHECK(replicas.doc == "Three replicas survive a zone outage.");
  CHECK(count_symbols(result, "Deployment/web.spec.template.spec.containers.image") == 2);
  CHECK(symbol(result, "Deployment/web.spec.template.spec.containers.image").signature ==
        "image: registry.example.com/storefront/web:2.14.1");
  CHECK(symbol(result, "ConfigMap/storefront-config.data.app.yaml").signature == "app.yaml: server:…");
  CHECK(symbol(result, "CronJob/nightly-reindex.spec.schedule").doc == "03:15 UTC, after the catalogue import.");
  // The kustomize document is not an object: its keys stand alone.
  CHECK(symbol(result, "images").span.start_line == 313);
  CHECK(symbol(result, "replicas.count").span.start_line == 318);
  check_consistency(result);
}

TEST_CASE("yaml: GitHub Actions fixture") {
  auto result = parse_yaml(read_fixture("advanced_workflow.yml"), ".github/workflows/ci.yml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(of_kind(result, SymbolKind::job) ==
        std::vector<std::string>{"jobs.lint@55", "jobs.test@81", "jobs.build@145", "jobs.scan@191",
                                 "jobs.deploy-staging@201", "jobs.release@236", "jobs.docs@245", "jobs.summary@270",
                                 "jobs.e2e@287", "jobs.dependency-review@319"});
  CHECK(count_kind(result, SymbolKind::step) == 31);
  CHECK(of_kind(result, SymbolKind::step)[0] == "jobs.lint.steps.Checkout@59");
  const auto& lint = symbol(result, "jobs.lint");
  CHECK(lint.doc == "Static checks; fast, so they run first and gate everything else.");
  CHECK(lint.signature == "name: Lint and type-check");  // runs-on comes from the merged anchor
  CHECK(symbol(result, "jobs.release").doc == "Tags produce a GitHub release through the shared release workflow.");
  const auto& meta = symbol(result, "jobs.build.steps.meta");
  CHECK(meta.kind == SymbolKind::step);
  CHECK(meta.span.start_line == 166);
  CHECK(meta.doc == "Tags: branch name, short sha, and semver for release tags.");
  CHECK(symbol(result, "jobs.build.steps.push.with.platforms").signature == "platforms: linux/amd64,linux/arm64");
  CHECK(symbol(result, "jobs.test.steps.tests").signature == "name: Run tests, run: npx vitest run \\…");
  CHECK(symbol(result, "jobs.test.services.postgres").kind == SymbolKind::key);
  CHECK(symbol(result, "on.workflow_dispatch.inputs.log-level.options").signature == "options: […]");
  CHECK(symbol(result, "on.schedule.cron").signature == "cron: \"0 2 * * *\"");
  CHECK(symbol(result, "x-node-setup").signature == "x-node-setup: &node-setup {…}");
  CHECK(symbol(result, "jobs.scan.steps.Trivy.with.severity").signature == "severity: \"CRITICAL,HIGH\"");
  CHECK(count_symbols(result, "jobs.lint.<<") == 0);
  CHECK(result.references.size() == 2);
  CHECK(result.symbols.size() == 312);
  CHECK(result.imports.size() == 27);
  const auto& browsers = symbol(result, "jobs.e2e.steps.browsers");
  CHECK(browsers.span.start_line == 301);
  CHECK(browsers.span.end_line == 303);
  CHECK(browsers.signature ==
        "name: Install ${{ matrix.browser }}, run: npx playwright install --with-deps ${{ matrix.browser }}");
  CHECK(symbol(result, "jobs.e2e").doc == "Browser tests against a production build; sharded like the unit tests.");
  CHECK(symbol(result, "jobs.e2e.steps.with.cache").signature == "cache: npm");
  CHECK(result.imports.front().specifier == "actions/checkout@v4");
  CHECK(has_import(result, "./.github/workflows/release.yml"));
  check_consistency(result);
}

TEST_CASE("yaml: docker-compose fixture") {
  auto result = parse_yaml(read_fixture("compose_services.yml"), "docker-compose.yml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(of_kind(result, SymbolKind::service) == std::vector<std::string>{"services.web@31", "services.api@54",
                                                                         "services.worker@70", "services.db@84",
                                                                         "services.cache@103", "services.search@109",
                                                                         "services.mailpit@123", "services.proxy@129"});
  const auto& web = symbol(result, "services.web");
  CHECK(web.doc == "The Next.js storefront, with hot reload from the bind mount.");
  CHECK(web.signature == "build: ./apps/web");
  CHECK(web.span.end_line == 51);
  CHECK(symbol(result, "services.search").signature == "image: docker.elastic.co/elasticsearch/elasticsearch:8.14.1");
  CHECK(symbol(result, "services.search.environment.discovery.type").signature == "discovery.type: single-node");
  CHECK(symbol(result, "services.search.ulimits.memlock.soft").signature == "soft: -1");
  CHECK(symbol(result, "x-app").doc == "Defaults shared by every service built from this repository.");
  CHECK(symbol(result, "services.worker.environment").signature == "environment: *app-env");
  CHECK(symbol(result, "volumes.db-data").signature == "db-data:");
  CHECK(result.references.size() == 8);
  check_consistency(result);
}

TEST_CASE("yaml: syntax errors give partial results") {
  auto result = parse_yaml(R"yaml(good:
  a: 1
broken: [1, 2
  : : :
later:
  b: 2
)yaml");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "good") == 1);
  CHECK(count_symbols(result, "good.a") == 1);
  CHECK(count_symbols(result, "later.b") == 1);
  check_consistency(result);
}

TEST_CASE("yaml: an invalid UTF-8 byte in a key keeps the keys after it") {
  auto result = parse_yaml(
      "first: 1\nb\xff"
      "ad: 2\nlater: 3\nnested:\n  inner: 4\n");
  CHECK(count_symbols(result, "first") == 1);
  CHECK(count_symbols(result,
                      "b\xff"
                      "ad") == 1);
  CHECK(symbol(result, "later").span.start_line == 3);
  CHECK(symbol(result, "nested.inner").span.start_line == 5);
  check_consistency(result);
}

TEST_CASE("yaml: empty and comment-only files have no symbols") {
  for (std::string_view source : {"", "\n\n", "# just a comment\n", "---\n", "---\n...\n", "~\n"}) {
    auto result = parse_yaml(source);
    CHECK(result.symbols.empty());
    CHECK(result.imports.empty());
  }
}

TEST_CASE("yaml: garbage and binary input do not crash") {
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 131 + 7) % 256);
  auto binary_result = parse_yaml(binary);
  CHECK(binary_result.had_syntax_errors);
  check_consistency(binary_result);

  std::string noise;
  const std::string_view alphabet = "{}[]:,-?&*!|>'\"#% \n\tab1";
  for (int i = 0; i < 20000; ++i) noise += alphabet[static_cast<std::size_t>(i * 7919 % 97) % alphabet.size()];
  auto noise_result = parse_yaml(noise);
  check_consistency(noise_result);
}

TEST_CASE("yaml: very deep indentation is cut before the grammar's scanner overflows") {
  std::string deep;
  for (int level = 0; level < 400; ++level)
    deep += std::string(static_cast<std::size_t>(level) * 2, ' ') + "k" + std::to_string(level) + ":\n";
  auto result = parse_yaml(deep);
  CHECK(result.had_syntax_errors);
  CHECK(result.symbols.size() == 100);
  CHECK(result.symbols.back().span.start_line == 100);

  std::string compact;  // "- - - - x" opens one level per dash on a single line
  for (int level = 0; level < 300; ++level) compact += "- ";
  compact += "x\n";
  auto compact_result = parse_yaml("before: 1\n" + compact);
  CHECK(compact_result.had_syntax_errors);
  CHECK(outline(compact_result) == std::vector<std::string>{"key before@1"});

  std::string flow = "a: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  auto flow_result = parse_yaml("first: 1\n" + flow + "last: 2\n");
  // The brackets deeper than the limit are left out, the key holding them and the keys after kept.
  CHECK_FALSE(flow_result.had_syntax_errors);
  CHECK(outline(flow_result) == std::vector<std::string>{"key first@1", "key a@2", "key last@3"});
}

TEST_CASE("yaml: CRLF line endings") {
  auto result = parse_yaml("# Port.\r\nport: 8080\r\nname: \"web\"\r\nscript: |\r\n  make\r\n  make test\r\n");
  CHECK(outline(result) == std::vector<std::string>{"key port@2", "key name@3", "key script@4"});
  CHECK(symbol(result, "port").doc == "Port.");
  CHECK(symbol(result, "port").signature == "port: 8080");
  CHECK(symbol(result, "name").signature == "name: \"web\"");
  CHECK(symbol(result, "script").signature == "script: make…");
}

TEST_CASE("yaml: files longer than the grammar's 16-bit line numbers are parsed in pieces") {
  // 12,000 manifests of 4 lines: 48,000 lines, split at document boundaries.
  std::string manifests;
  constexpr int kObjects = 12000;
  for (int i = 0; i < kObjects; ++i)
    manifests += "---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: cm" + std::to_string(i) + "}\n";
  auto result = parse_yaml(manifests, "generated.yaml");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(count_kind(result, SymbolKind::resource) == kObjects);
  const auto& last = symbol(result, "ConfigMap/cm11999");
  CHECK(last.span.start_line == 4 * 11999 + 2);
  CHECK(last.span.end_line == 4 * 11999 + 4);
  CHECK(symbol(result, "ConfigMap/cm11999.metadata.name").span.start_line == 4 * 11999 + 4);
  check_consistency(result);

  // One document with 20,000 top-level entries of 2 lines, split between entries.
  std::string entries;
  for (int i = 0; i < 20000; ++i) entries += "key" + std::to_string(i) + ":\n  value: " + std::to_string(i) + "\n";
  auto flat = parse_yaml(entries);
  CHECK_FALSE(flat.had_syntax_errors);
  CHECK(flat.symbols.size() == 40000);
  CHECK(symbol(flat, "key19999.value").span.start_line == 40000);
  CHECK(symbol(flat, "key19999.value").signature == "value: 19999");
  check_consistency(flat);
}
