#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "rust_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"(//! Crate docs.
extern crate alloc;
extern crate core as kore;
use std::io::{self, Read};
use std::fmt as f;
use super::*;
use crate;
use self::inner::Thing;
mod file_module;
mod inline { pub fn f() {} }

pub struct Point<T> { pub x: T, y: T }
struct Tuple(u32, u32);
union Bits { i: u32, f: f32 }
enum Shape { Circle { r: f64 }, Square(f64), Empty }
trait Area { type Output; fn area(&self) -> f64; const SIDES: u32; }
type Alias = Vec<u32>;
const MAX: u32 = 8;
static mut COUNT: u32 = 0;
macro_rules! square { ($x:expr) => { $x * $x }; }

impl<T> Point<T> { fn new(x: T, y: T) -> Self { Point { x, y } } }
impl fmt::Display for crate::net::Socket {}
impl<'a> Add for &'a Cents {}
impl<'a> Add for &'a Wrapper<u8> {}
impl<'a> Add for &'a io::Wrapped<u8> {}
impl Trait for io::Scoped {}
impl Trait for io::Generic<u8> {}
impl Trait for (u8, u16) {}
impl Trait for u32 {}
impl<'a> Trait for &'a [u8] {}
impl<'a> Trait for &'a &'a str {}
impl Trait for dyn Other {}
extern "C" { fn external(x: i32) -> i32; }

fn main() {
    let p = Point::new(1, 2);
    p.area();
    helper::<u8>();
    Vec::<u8>::with_capacity(4);
    p.method::<u8>();
    println!("{}", square!(2));
    std::println!("x");
    let _: Option<Self> = None;
    fn nested() -> Alias { Alias::new() }
}
fn broken( {
)";

}  // namespace

TEST_CASE("rust: the tree walk extracts exactly what the tags query does") {
  ax::lang::RustLanguage walked;
  QueryOnly<ax::lang::RustLanguage> queried;
  for (const std::string name : {"basic.rs", "advanced.rs"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "edge.rs");
  CHECK(edge == dump_all(queried, kEdgeCases, "edge.rs"));
  CHECK(edge.find("sym impl Cents") != std::string::npos);  // the cases above do reach the walk
  CHECK(edge.find("import extern_crate alloc") != std::string::npos);
}
