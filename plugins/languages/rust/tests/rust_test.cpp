#include <algorithm>
#include <ax/lang/testing.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rust_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

// Every parent precedes its children, and qualified names follow the parent chain.
void check_tree_consistency(const ParseResult& result) {
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    if (s.parent >= 0) CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "::" + s.name);
  }
}

}  // namespace

TEST_CASE("rust: language info") {
  ax::lang::RustLanguage rust;
  CHECK(rust.info().id == "rust");
  CHECK(rust.info().display_name == "Rust");
  CHECK(rust.info().extensions == std::vector<std::string>{".rs", ".rs.in"});
  CHECK(rust.info().interpreters == std::vector<std::string>{"rust-script", "cargo"});
  CHECK(rust.scope_separator() == "::");
}

TEST_CASE("rust: whole-file outline of a small crate module") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(use std::fmt;

/// Upper bound for widgets.
pub const LIMIT: u32 = 8;
static mut COUNT: u32 = 0;

/// A widget.
#[derive(Debug)]
pub struct Widget {
    pub id: u32,
    label: String,
}

pub enum Size {
    Small,
    Large { factor: u8 },
}

pub trait Render {
    type Output;
    const NAME: &'static str;
    fn render(&self) -> Self::Output;
}

impl fmt::Display for Widget {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.id)
    }
}

impl Widget {
    pub fn new(id: u32) -> Self { Widget { id, label: String::new() } }
}

pub type Widgets = Vec<Widget>;

macro_rules! widget {
    ($id:expr) => { Widget::new($id) };
}

mod util {
    pub fn helper() {}
}

fn main() {}
)",
                      "src/widget.rs");
  CHECK(outline(result) == std::vector<std::string>{"constant LIMIT@4",
                                                    "variable COUNT@5",
                                                    "struct Widget@9",
                                                    "field Widget::id@10",
                                                    "field Widget::label@11",
                                                    "enum Size@14",
                                                    "enum_member Size::Small@15",
                                                    "enum_member Size::Large@16",
                                                    "field Size::Large::factor@16",
                                                    "trait Render@19",
                                                    "type Render::Output@20",
                                                    "constant Render::NAME@21",
                                                    "method Render::render@22",
                                                    "impl Widget@25",
                                                    "method Widget::fmt@26",
                                                    "impl Widget@31",
                                                    "method Widget::new@32",
                                                    "type Widgets@35",
                                                    "macro widget@37",
                                                    "module util@41",
                                                    "function util::helper@42",
                                                    "function main@45"});
  CHECK(symbol(result, "LIMIT").doc == "Upper bound for widgets.");
  CHECK(symbol(result, "LIMIT").signature == "pub const LIMIT: u32 = 8");
  CHECK(symbol(result, "Widget").doc == "A widget.");  // the #[derive] between is skipped
  CHECK(symbol(result, "Widget").signature == "pub struct Widget");
  CHECK(symbol(result, "Widget").span.start_line == 9);
  CHECK(symbol(result, "Widget").span.end_line == 12);
  CHECK(symbol(result, "Widget::new").signature == "pub fn new(id: u32) -> Self");
  CHECK(symbol(result, "Render::render").signature == "fn render(&self) -> Self::Output");
  CHECK(symbol(result, "widget").signature == "macro_rules! widget");
  CHECK(import_list(result) == std::vector<std::string>{"std::fmt@1"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("rust: impl blocks are named after their self type") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(impl<T: Clone> Stack<T> {
    fn push(&mut self, value: T) {}
}
impl io::Write for crate::net::Socket {
    fn flush(&mut self) -> io::Result<()> { Ok(()) }
}
impl<'a> Add for &'a Cents {
    type Output = Cents;
    fn add(self, o: Self) -> Cents { Cents(0) }
}
impl<K> From<K> for other::Map<K> {
    fn from(k: K) -> Self { todo!() }
}
impl Trait for (u8, u8) {}
impl Trait for u32 {}
impl Trait for dyn Shape {}
impl<'a> Trait for &'a [u8] {}
)",
                      "impls.rs");
  CHECK(outline(result) == std::vector<std::string>{"impl Stack@1", "method Stack::push@2", "impl Socket@4",
                                                    "method Socket::flush@5", "impl Cents@7", "type Cents::Output@8",
                                                    "method Cents::add@9", "impl Map@11", "method Map::from@12",
                                                    "impl (u8, u8)@14", "impl u32@15", "impl dyn Shape@16",
                                                    "impl &'a [u8]@17"});
  CHECK(symbol(result, "Stack").signature == "impl<T: Clone> Stack<T>");
  CHECK(symbol(result, "Socket").signature == "impl io::Write for crate::net::Socket");
  const auto& flush = symbol(result, "Socket::flush");
  CHECK(flush.kind == SymbolKind::method);
  CHECK(result.symbols[flush.parent].kind == SymbolKind::impl);
  CHECK(flush.signature == "fn flush(&mut self) -> io::Result<()>");
  check_tree_consistency(result);
}

TEST_CASE("rust: doc comments and attributes") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(//! Crate docs belong to no item here.

/// Outer line docs
/// over two lines.
#[inline]
#[must_use]
pub fn documented() -> u8 { 1 }

/** Block docs. */
fn block() {}

// A plain comment is not documentation.
fn plain() {}

/// Docs survive a plain comment and an attribute.
// implementation note
#[cfg(unix)]
fn mixed() {}

/// Module docs from outside,
mod outside {
    //! and from inside.
    //! Second inner line.

    /// Inner item.
    pub struct Item;
}
)",
                      "docs.rs");
  CHECK(symbol(result, "documented").doc == "Outer line docs\nover two lines.");
  CHECK(symbol(result, "documented").signature == "pub fn documented() -> u8");
  CHECK(symbol(result, "block").doc == "Block docs.");
  CHECK(symbol(result, "plain").doc.empty());
  CHECK(symbol(result, "mixed").doc == "Docs survive a plain comment and an attribute.");
  CHECK(symbol(result, "outside").doc == "Module docs from outside,\nand from inside.\nSecond inner line.");
  CHECK(symbol(result, "outside::Item").doc == "Inner item.");
  CHECK(symbol(result, "outside::Item").signature == "pub struct Item");
}

TEST_CASE("rust: use declarations and extern crate") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(extern crate alloc;
use std::collections::HashMap;
use crate::a::{b, c as d};
use super::*;
pub use self::x::Y as Z;
use ::std::mem;
use std::{
    io::{self, Read},
    fmt,
};
use serde;
)",
                      "lib.rs");
  CHECK(import_list(result) == std::vector<std::string>{"alloc@1", "std::collections::HashMap@2",
                                                        "crate::a::{b, c as d}@3", "super::*@4", "self::x::Y@5",
                                                        "::std::mem@6", "std::{io::{self, Read}, fmt}@7", "serde@11"});
  CHECK(result.symbols.empty());
}

TEST_CASE("rust: calls, macro invocations and type references") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(struct Point<T> { x: T }
fn run(p: &Point<f64>, list: Vec<Shape>) -> Option<Self> {
    helper();
    Vec::new();
    p.area();
    parse::<u8>();
    it.collect::<Vec<_>>();
    println!("{}", 1);
    std::debug_assert!(true);
    let q = Point { x: 1.0 };
    None
}
)",
                      "refs.rs");
  CHECK(references_of(result, ReferenceKind::call) == std::vector<std::string>{"helper@3:5", "new@4:10", "area@5:7",
                                                                               "parse@6:5", "collect@7:8",
                                                                               "println@8:5", "debug_assert@9:10"});
  // `Point` in `struct Point<T>` and the `T` it declares are definitions; Self, _ and f64 name no type.
  CHECK(references_of(result, ReferenceKind::reference) == std::vector<std::string>{"T@1:22", "Point@2:12", "Vec@2:30",
                                                                                    "Shape@2:34", "Option@2:45",
                                                                                    "Vec@7:18", "Point@10:13"});
  const auto& call = reference_at(result, "area", 5);
  REQUIRE(call.enclosing >= 0);
  CHECK(result.symbols[call.enclosing].name == "run");
}

TEST_CASE("rust: items inside function bodies and initialisers nest in them") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(fn outer() -> usize {
    fn nested() -> usize { compute() }
    struct Local { n: usize }
    impl Local { fn get(&self) -> usize { self.n } }
    const K: usize = 2;
    let closure = |x: usize| x + K;
    closure(nested())
}

const TABLE: [u8; 2] = {
    const fn half(x: u8) -> u8 { x / 2 }
    [half(2), half(4)]
};
)",
                      "locals.rs");
  // Items, as ctags lists them; the closure binding is a local.
  CHECK(outline(result) ==
        std::vector<std::string>{"function outer@1", "function outer::nested@2", "struct outer::Local@3",
                                 "field outer::Local::n@3", "impl outer::Local@4", "method outer::Local::get@4",
                                 "constant outer::K@5", "constant TABLE@10", "function TABLE::half@11"});
  // A call is attributed to the innermost item around it.
  const auto& compute = reference_at(result, "compute", 2);
  REQUIRE(compute.enclosing >= 0);
  CHECK(result.symbols[compute.enclosing].name == "nested");
  CHECK(result.symbols[reference_at(result, "half", 12).enclosing].name == "TABLE");
}

TEST_CASE("rust: basic fixture") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, read_fixture("basic.rs"), "src/ledger.rs");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 62);
  CHECK(count_kind(result, SymbolKind::struct_) == 4);
  CHECK(count_kind(result, SymbolKind::enum_) == 2);
  CHECK(count_kind(result, SymbolKind::enum_member) == 9);
  CHECK(count_kind(result, SymbolKind::impl) == 5);
  CHECK(count_kind(result, SymbolKind::method) == 15);
  CHECK(count_kind(result, SymbolKind::function) == 9);
  CHECK(count_kind(result, SymbolKind::field) == 14);
  CHECK(count_kind(result, SymbolKind::module) == 1);

  const auto& kind = symbol(result, "AccountKind");
  CHECK(kind.kind == SymbolKind::enum_);
  CHECK(kind.span.start_line == 17);
  CHECK(kind.span.end_line == 23);
  CHECK(kind.doc == "Kinds of accounts, as in a chart of accounts.");
  CHECK(symbol(result, "AccountKind::Expense").span.start_line == 22);

  const auto& post = symbol(result, "Ledger::post");
  CHECK(post.kind == SymbolKind::method);
  CHECK(post.span.start_line == 144);
  CHECK(post.span.end_line == 159);
  CHECK(post.signature == "pub fn post(&mut self, memo: &str, postings: Vec<Posting>) -> LedgerResult<u64>");
  CHECK(post.doc == "Records a transaction after checking that it balances.");
  CHECK(symbol(result, "Ledger::history").signature ==
        "pub fn history<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Transaction> + 'a");

  // Two impl blocks for LedgerError (Display and Error), both named after the type.
  CHECK(count_symbols(result, "LedgerError") == 3);
  CHECK(symbol(result, "LedgerError::fmt").span.start_line == 105);
  CHECK(symbol(result, "LedgerError::Unbalanced").doc == "Debits and credits differ by this many cents.");
  CHECK(symbol(result, "LedgerError::UnknownAccount::code").kind == SymbolKind::field);
  CHECK(symbol(result, "Account::balance").kind == SymbolKind::field);  // the field comes first
  CHECK(count_symbols(result, "Account::balance") == 2);                // and the accessor method

  CHECK(symbol(result, "MAX_POSTINGS").kind == SymbolKind::constant);
  CHECK(symbol(result, "DEFAULT_CURRENCY").kind == SymbolKind::variable);
  CHECK(symbol(result, "LedgerResult").kind == SymbolKind::type);
  CHECK(symbol(result, "LedgerResult").signature == "pub type LedgerResult<T> = Result<T, LedgerError>");
  CHECK(symbol(result, "tests::cents_round_trip").span.start_line == 304);
  CHECK(symbol(result, "validate").doc == "Checks the limits and the balance of a transaction.");

  CHECK(import_list(result) == std::vector<std::string>{"std::collections::HashMap@5", "std::fmt@6",
                                                        "std::io::{self, Write}@7", "super::*@276"});
  CHECK(has_reference(result, "validate", ReferenceKind::call));
  CHECK(has_reference(result, "writeln", ReferenceKind::call));
  CHECK(has_reference(result, "HashMap", ReferenceKind::reference));
  CHECK(result.symbols[reference_at(result, "validate", 145).enclosing].qualified_name == "Ledger::post");
}

TEST_CASE("rust: advanced fixture") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, read_fixture("advanced.rs"), "src/bus.rs");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 78);  // Counter, its impl and bump, START nested in Bus::replay
  CHECK(count_kind(result, SymbolKind::macro) == 2);
  CHECK(count_kind(result, SymbolKind::trait) == 2);
  CHECK(count_kind(result, SymbolKind::impl) == 9);
  CHECK(count_kind(result, SymbolKind::union_) == 1);
  CHECK(count_kind(result, SymbolKind::module) == 3);

  CHECK(symbol(result, "strings").doc == "Builds a `Vec<String>` from string-like arguments.");
  CHECK(symbol(result, "strings").span.start_line == 14);
  CHECK(symbol(result, "Event::Payload").kind == SymbolKind::type);
  CHECK(symbol(result, "Event::TOPIC").kind == SymbolKind::constant);
  CHECK(symbol(result, "Event::label").kind == SymbolKind::method);
  CHECK(symbol(result, "Backend::read").signature ==
        "fn read<'a>(&'a self, topic: &str, from: EventId) -> Box<dyn Iterator<Item = &'a [u8]> + 'a>");
  CHECK(symbol(result, "Ring").signature == "pub struct Ring<T, const N: usize>");
  CHECK(symbol(result, "Ring::new").signature == "pub const fn new() -> Self");
  CHECK(symbol(result, "Publisher::publish").span.start_line == 148);
  CHECK(symbol(result, "Cents").signature == "pub struct Cents(pub i64)");
  CHECK(count_symbols(result, "Cents::add") == 2);  // for Cents and for &'a Cents
  CHECK(symbol(result, "Header").kind == SymbolKind::union_);
  CHECK(symbol(result, "Header::bytes").signature == "pub bytes: [u8; 8]");
  CHECK(symbol(result, "crc32").kind == SymbolKind::function);  // from the extern block
  CHECK(symbol(result, "crc32").doc == "Provided by the C checksum library.");
  CHECK(symbol(result, "drain").signature ==
        "pub async fn drain<E: Event>(bus: &Bus<impl Backend>) -> Vec<E::Payload>");
  CHECK(symbol(result, "DROPPED").kind == SymbolKind::variable);

  // Nested modules.
  CHECK(symbol(result, "admin").doc == "Operations that need elevated rights.");
  CHECK(symbol(result, "admin::AdminError::Protected").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "admin::report::Line::events").span.start_line == 285);
  CHECK(symbol(result, "admin::report::render").kind == SymbolKind::function);

  // The helper struct, impl and const inside Bus::replay are items nested in it.
  CHECK(symbol(result, "Bus::replay::Counter").kind == SymbolKind::struct_);
  CHECK(symbol(result, "Bus::replay::Counter::bump").kind == SymbolKind::method);
  CHECK(symbol(result, "Bus::replay::START").kind == SymbolKind::constant);
  CHECK(result.symbols[reference_at(result, "bump", 192).enclosing].qualified_name == "Bus::replay");

  CHECK(import_list(result) ==
        std::vector<std::string>{"alloc@3", "std::borrow::Cow@5", "std::collections::{BTreeMap, VecDeque}@6",
                                 "std::marker::PhantomData@7", "std::ops::{Add, Index}@8", "std::sync::{Arc, Mutex}@9",
                                 "crate::codec::{self as wire, Decode, Encode}@10", "super::{Backend, Bus}@260",
                                 "super::*@302"});
  CHECK(reference_at(result, "define_id", 33).kind == ReferenceKind::call);
  CHECK(reference_at(result, "define_id", 33).enclosing == -1);
  CHECK(has_reference(result, "PhantomData", ReferenceKind::reference));
  CHECK(has_reference(result, "crc32", ReferenceKind::call));
}

TEST_CASE("rust: syntax errors give partial results") {
  ax::lang::RustLanguage rust;
  auto result = parse(rust, R"(pub fn good() -> u8 { 1 }

pub struct Fine { a: u8 }

fn broken( {
    let x = ;
}

pub enum After { One }
)",
                      "broken.rs");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "good") == 1);
  CHECK(count_symbols(result, "Fine::a") == 1);
  CHECK(symbol(result, "After").span.start_line == 9);
  CHECK(symbol(result, "After::One").kind == SymbolKind::enum_member);
}

TEST_CASE("rust: empty and garbage input") {
  ax::lang::RustLanguage rust;
  auto empty = parse(rust, "", "empty.rs");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK(empty.references.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 104729 + 7) % 256));
  garbage += "impl<<<< for fn ::{ macro_rules! ( /* unterminated";
  auto result = parse(rust, garbage, "garbage.rs");
  CHECK(result.had_syntax_errors);
  for (const auto& s : result.symbols) CHECK_FALSE(s.name.empty());
}
