#include <catch2/catch.hpp>

#include <ax/lang/memory_repository.hpp>
#include <ax/lang/testing.hpp>

#include "rust_language.hpp"

using namespace ax::lang::testing;

namespace {

const MemoryRepository& workspace() {
  static const MemoryRepository repo({
      {"Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"},
      {"crates/app/Cargo.toml",
       "[package]\nname = \"my-app\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\nmy-core = { path = "
       "\"../core\" }\nrenamed = { package = \"other\", version = \"2\" }\n\n[target.'cfg(unix)'.dependencies]\n"
       "libc = \"0.2\"\n"},
      {"crates/app/src/main.rs", ""},
      {"crates/app/src/lib.rs", ""},
      {"crates/app/src/config.rs", ""},
      {"crates/app/src/config/parse.rs", ""},
      {"crates/app/src/net/mod.rs", ""},
      {"crates/app/src/net/tcp.rs", ""},
      {"crates/app/src/net/tcp/stream.rs", ""},
      {"crates/app/src/inline/deep.rs", ""},
      {"crates/app/src/platform/unix_impl.rs", ""},
      {"crates/app/src/bin/tool.rs", ""},
      {"crates/app/src/bin/helper.rs", ""},
      {"crates/app/tests/it.rs", ""},
      {"crates/core/Cargo.toml", "[package]\nname = \"my-core\"\n[lib]\npath = \"src/core.rs\"\n"},
      {"crates/core/src/core.rs", ""},
      {"crates/core/src/types.rs", ""},
      {"crates/broken/Cargo.toml", "[package\nname = "},
      {"crates/broken/src/lib.rs", ""},
  });
  return repo;
}

std::string resolve(std::string_view from, std::string_view specifier) {
  return resolve_import(ax::lang::RustLanguage(), workspace(), from, specifier);
}

}  // namespace

TEST_CASE("rust imports: `mod` declarations find foo.rs and foo/mod.rs") {
  CHECK(resolve("crates/app/src/lib.rs", "config") == "exact crates/app/src/config.rs");
  CHECK(resolve("crates/app/src/lib.rs", "net") == "exact crates/app/src/net/mod.rs");
  // A non-mod-rs file's children live in the folder named after it.
  CHECK(resolve("crates/app/src/config.rs", "parse") == "exact crates/app/src/config/parse.rs");
  CHECK(resolve("crates/app/src/net/mod.rs", "tcp") == "exact crates/app/src/net/tcp.rs");
  CHECK(resolve("crates/app/src/net/tcp.rs", "stream") == "exact crates/app/src/net/tcp/stream.rs");
  // `mod inline { mod deep; }` is written "inline::deep".
  CHECK(resolve("crates/app/src/lib.rs", "inline::deep") == "exact crates/app/src/inline/deep.rs");
  // #[path = "…"]: relative to the declaring file's folder, never outside the repository.
  CHECK(resolve("crates/app/src/lib.rs", "platform/unix_impl.rs") == "exact crates/app/src/platform/unix_impl.rs");
  CHECK(resolve("crates/app/src/lib.rs", "../../../../../x.rs") == "unresolved");
  CHECK(resolve("crates/app/src/lib.rs", "missing.rs") == "unresolved");
  CHECK(resolve("crates/app/src/lib.rs", "..::..::inline::deep") == "unresolved");
  // A `mod` whose file is missing (and no dependency of that name).
  CHECK(resolve("crates/app/src/lib.rs", "missing") == "unresolved");
}

TEST_CASE("rust imports: crate::, self:: and super:: paths reach the deepest module file") {
  CHECK(resolve("crates/app/src/net/tcp.rs", "crate::config::parse::Parser") == "exact crates/app/src/config/parse.rs");
  CHECK(resolve("crates/app/src/net/tcp.rs", "crate::config::{Config, load}") == "exact crates/app/src/config.rs");
  CHECK(resolve("crates/app/src/net/tcp.rs", "crate::VERSION") == "exact crates/app/src/lib.rs");
  CHECK(resolve("crates/app/src/net/tcp.rs", "super::Listener") == "exact crates/app/src/net/mod.rs");
  CHECK(resolve("crates/app/src/net/tcp/stream.rs", "super::super::Listener") == "exact crates/app/src/net/mod.rs");
  CHECK(resolve("crates/app/src/net/mod.rs", "super::config") == "exact crates/app/src/config.rs");
  CHECK(resolve("crates/app/src/net/mod.rs", "self::tcp::Stream") == "exact crates/app/src/net/tcp.rs");
  CHECK(resolve("crates/app/src/config.rs", "self::parse::*") == "exact crates/app/src/config/parse.rs");
  CHECK(resolve("crates/app/src/lib.rs", "super::x") == "unresolved");
  CHECK(resolve("crates/app/src/config.rs", "super::super::x") == "unresolved");
  // 2018 paths: a module declared in this file.
  CHECK(resolve("crates/app/src/lib.rs", "net::tcp::Stream") == "exact crates/app/src/net/tcp.rs");
}

TEST_CASE("rust imports: binaries and tests are crate roots; workspace crates by name") {
  // A crate root's modules sit beside it, a binary's too.
  CHECK(resolve("crates/app/src/bin/tool.rs", "helper") == "exact crates/app/src/bin/helper.rs");
  CHECK(resolve("crates/app/src/bin/tool.rs", "crate::x") == "exact crates/app/src/bin/tool.rs");
  CHECK(resolve("crates/app/src/bin/tool.rs", "my_app::config::Config") == "exact crates/app/src/config.rs");
  CHECK(resolve("crates/app/tests/it.rs", "my_app::net") == "exact crates/app/src/net/mod.rs");
  CHECK(resolve("crates/app/src/config.rs", "my_core::types::Id") == "exact crates/core/src/types.rs");
  CHECK(resolve("crates/app/src/config.rs", "::my_core::Thing") == "exact crates/core/src/core.rs");
  CHECK(resolve("crates/app/src/config.rs", "my_core") == "exact crates/core/src/core.rs");
}

TEST_CASE("rust imports: std and the package's dependencies are external") {
  CHECK(resolve("crates/app/src/lib.rs", "std::collections::HashMap") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "core::fmt") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "alloc") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "serde::{Deserialize, Serialize}") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "renamed::Thing") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "libc") == "external");
  CHECK(resolve("crates/app/src/lib.rs", "") == "unresolved");
  // A manifest that does not parse: its crate's names are unknown.
  CHECK(resolve("crates/broken/src/lib.rs", "regex::Regex") == "external");
}

TEST_CASE("rust imports: the parser gives mod, use and extern crate, with inline parents and #[path]") {
  ax::lang::RustLanguage rust;
  CHECK(imports_with_kinds(rust,
                           "extern crate serde;\n"
                           "use std::io;\n"
                           "mod config;\n"
                           "pub(crate) mod net;\n"
                           "mod inline {\n"
                           "    mod deep;\n"
                           "    fn f() {}\n"
                           "}\n"
                           "#[cfg(unix)]\n"
                           "#[path = \"platform/unix_impl.rs\"]\n"
                           "mod platform;\n"
                           "mod with_body { }\n",
                           "src/lib.rs") == std::vector<std::string>{"extern_crate serde@1", "use std::io@2",
                                                                     "mod config@3", "mod net@4", "mod inline::deep@6",
                                                                     "mod platform/unix_impl.rs@11"});
}
