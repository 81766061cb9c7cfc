#include <algorithm>
#include <ax/lang/testing.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "go_language.hpp"

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
    if (s.parent >= 0) CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "." + s.name);
  }
}

}  // namespace

TEST_CASE("go: language info") {
  ax::lang::GoLanguage go;
  CHECK(go.info().id == "go");
  CHECK(go.info().display_name == "Go");
  CHECK(go.info().extensions == std::vector<std::string>{".go"});
}

TEST_CASE("go: whole-file outline of a small package") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(// Package geo does geometry.
package geo

import "math"

// Epsilon is the comparison tolerance.
const Epsilon = 1e-9

var origin = Point{}

// Point is a location.
type Point struct {
	X, Y float64
}

// Shape is anything with an area.
type Shape interface {
	Area() float64
}

type Meters = float64

// Dist is the distance between two points.
func Dist(a, b Point) float64 {
	return math.Hypot(a.X-b.X, a.Y-b.Y)
}

// Scale multiplies both coordinates.
func (p *Point) Scale(f float64) {
	p.X *= f
	p.Y *= f
}
)",
                      "geo/geo.go");
  CHECK(outline(result) == std::vector<std::string>{"namespace geo@2", "constant Epsilon@7", "variable origin@9",
                                                    "struct Point@12", "field Point.X@13", "field Point.Y@13",
                                                    "interface Shape@17", "method Shape.Area@18", "type Meters@21",
                                                    "function Dist@24", "method Point.Scale@29"});
  CHECK(symbol(result, "geo").doc == "Package geo does geometry.");
  CHECK(symbol(result, "Epsilon").signature == "const Epsilon = 1e-9");
  CHECK(symbol(result, "Point").doc == "Point is a location.");
  CHECK(symbol(result, "Point").signature == "type Point struct");
  CHECK(symbol(result, "Point").span.end_line == 14);
  CHECK(symbol(result, "Dist").signature == "func Dist(a, b Point) float64");
  CHECK(symbol(result, "Dist").doc == "Dist is the distance between two points.");
  CHECK(symbol(result, "Meters").signature == "type Meters = float64");
  CHECK(import_list(result) == std::vector<std::string>{"math@4"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("go: methods are qualified and parented by their receiver type") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package shapes

func (c *Circle) Area() float64 { return 3.14 * c.r * c.r }

type Circle struct {
	r float64
}

func (c Circle) Radius() float64 { return c.r }

func (l List[T]) Len() int { return len(l.items) }

type List[T any] struct{ items []T }

func (Circle) Kind() string { return "circle" }

func (r *Remote) Fetch() error { return nil }
)",
                      "shapes.go");
  // The method declared above its type is placed after the type so that parents come first.
  CHECK(outline(result) == std::vector<std::string>{"namespace shapes@1", "struct Circle@5", "method Circle.Area@3",
                                                    "field Circle.r@6", "method Circle.Radius@9", "struct List@13",
                                                    "method List.Len@11", "field List.items@13",
                                                    "method Circle.Kind@15", "method Remote.Fetch@17"});
  const auto& area = symbol(result, "Circle.Area");
  CHECK(area.kind == SymbolKind::method);
  CHECK(area.name == "Area");
  REQUIRE(area.parent >= 0);
  CHECK(result.symbols[area.parent].qualified_name == "Circle");
  CHECK(area.signature == "func (c *Circle) Area() float64");
  CHECK(result.symbols[symbol(result, "List.Len").parent].name == "List");
  // The receiver type lives in another file of the package: qualified, but without a parent here.
  CHECK(symbol(result, "Remote.Fetch").parent == -1);
  check_tree_consistency(result);

  // References inside a moved method still point at it.
  const auto& len_call = reference_at(result, "len", 11);
  REQUIRE(len_call.enclosing >= 0);
  CHECK(result.symbols[len_call.enclosing].qualified_name == "List.Len");
  const auto& r_use = reference_at(result, "Circle", 3);
  REQUIRE(r_use.enclosing >= 0);
  CHECK(result.symbols[r_use.enclosing].qualified_name == "Circle.Area");
}

TEST_CASE("go: grouped and multi-name constants and variables") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package p

const A, B = 1, 2

const (
	// Red is the first colour.
	Red Color = iota // trailing note, not a doc
	Green
	Blue
)

var (
	x, y int
	name = "p"
)

var _ Stringer = (*T)(nil)
var _, tail = split()
)",
                      "p.go");
  CHECK(outline(result) == std::vector<std::string>{"namespace p@1", "constant A@3", "constant B@3", "constant Red@7",
                                                    "constant Green@8", "constant Blue@9", "variable x@13",
                                                    "variable y@13", "variable name@14", "variable tail@18"});
  CHECK(symbol(result, "A").signature == "const A, B = 1, 2");
  CHECK(symbol(result, "B").parent == -1);
  CHECK(symbol(result, "Red").signature == "const Red Color = iota");
  CHECK(symbol(result, "Red").doc == "Red is the first colour.");
  CHECK(symbol(result, "Green").doc.empty());  // the comment trailing Red's line is not Green's doc
  CHECK(symbol(result, "Green").signature == "const Green");
  CHECK(symbol(result, "name").signature == "var name = \"p\"");
  CHECK(symbol(result, "x").span.start_line == 13);
}

TEST_CASE("go: types, fields and interface members") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package model

type (
	ID    int64
	Alias = string
	Pair  struct{ K, V string }
)

type Record struct {
	ID
	*Base
	io.Reader
	Meta   struct{ Tags []string }
	Name   string `json:"name"`
}

type Store interface {
	io.Closer
	Get(id ID) (Record, error)
	Put(r Record) error
}

type Number interface{ ~int | ~float64 }
type HandlerFunc func(Record) error
)",
                      "model.go");
  CHECK(outline(result) ==
        std::vector<std::string>{"namespace model@1", "type ID@4", "type Alias@5", "struct Pair@6", "field Pair.K@6",
                                 "field Pair.V@6", "struct Record@9", "field Record.ID@10", "field Record.Base@11",
                                 "field Record.Reader@12", "field Record.Meta@13", "field Record.Meta.Tags@13",
                                 "field Record.Name@14", "interface Store@17", "method Store.Get@19",
                                 "method Store.Put@20", "interface Number@23", "type HandlerFunc@24"});
  CHECK(symbol(result, "ID").signature == "type ID    int64");
  CHECK(symbol(result, "Alias").signature == "type Alias = string");
  CHECK(symbol(result, "Record.Name").signature == "Name   string `json:\"name\"`");
  CHECK(symbol(result, "Store.Get").signature == "Get(id ID) (Record, error)");
  CHECK(symbol(result, "HandlerFunc").kind == SymbolKind::type);
}

TEST_CASE("go: doc comments") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package d

// Orphan comment, separated by a blank line.

func NoDoc() {}

// Multi explains
// over two lines.
func Multi() {}

/* Block documents too. */
func Block() {}

// Generated holds generated code.
//go:generate stringer -type=Generated
type Generated int

//go:noinline
func Directive() {}
)",
                      "d.go");
  CHECK(symbol(result, "NoDoc").doc.empty());
  CHECK(symbol(result, "Multi").doc == "Multi explains\nover two lines.");
  CHECK(symbol(result, "Block").doc == "Block documents too.");
  CHECK(symbol(result, "Generated").doc == "Generated holds generated code.");
  CHECK(symbol(result, "Directive").doc.empty());
}

TEST_CASE("go: doc comments need a comment ending on the line above") {
  ax::lang::GoLanguage go;
  auto result = parse(go,
                      "package d\n\n/* Spans\n   lines. */\nfunc Spans() {}\nvar x = 1 // trails x\nfunc After() {}\n"
                      "// Windows line ends.\r\nfunc Crlf() {}\n\n// Blank line below.\n\nfunc Gap() {}\n",
                      "d.go");
  CHECK(symbol(result, "Spans").doc == "Spans\nlines.");
  CHECK(symbol(result, "After").doc.empty());
  CHECK(symbol(result, "Crlf").doc == "Windows line ends.");
  CHECK(symbol(result, "Gap").doc.empty());
}

TEST_CASE("go: imports in every form") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package main

import "fmt"
import (
	"os"
	str "strings"
	. "math"
	_ "embed"
	"github.com/acme/widgets/v3"
)
)",
                      "main.go");
  CHECK(import_list(result) ==
        std::vector<std::string>{"fmt@3", "os@5", "strings@6", "math@7", "embed@8", "github.com/acme/widgets/v3@9"});
}

TEST_CASE("go: calls and type references") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package main

type Point struct{ X int }

func run(p *Point, xs []Point) error {
	helper()
	fmt.Println(p.X)
	p.Move(1)
	Map[int](xs, 2)
	s.Get[string]()
	q := Point{X: len(xs)}
	var w io.Writer
	_ = w.(Flusher)
	return nil
}
)",
                      "main.go");
  CHECK(references_of(result, ReferenceKind::call) ==
        std::vector<std::string>{"helper@6:2", "Println@7:6", "Move@8:4", "Map@9:2", "Get@10:4", "len@11:16"});
  // Type uses, without the name in `type Point struct` and without predeclared types.
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Point@5:13", "Point@5:25", "Point@11:7", "Writer@12:11", "Flusher@13:9"});
  const auto& call = reference_at(result, "Move", 8);
  REQUIRE(call.enclosing >= 0);
  CHECK(result.symbols[call.enclosing].name == "run");
}

TEST_CASE("go: names that type declarations define are not type references") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package main

type (
	Celsius float64
	Alias = Celsius
)
type List[T any] struct{ next *List[T] }
type Reader interface{ Read() Celsius }

func run() {
	type local Celsius
	var _ local
}
)",
                      "main.go");
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Celsius@5:10", "List@7:32", "T@7:37", "Celsius@8:31", "Celsius@11:13", "local@12:8"});
}

TEST_CASE("go: declarations inside function bodies are not symbols") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package main

func main() {
	type local struct{ n int }
	const limit = 3
	var counter int
	x := struct{ A, B int }{1, 2}
	f := func() { var inner = 1; _ = inner }
	_, _, _ = x, f, counter
}

var handler = func() {
	type hidden int
}
)",
                      "main.go");
  CHECK(outline(result) == std::vector<std::string>{"namespace main@1", "function main@3", "variable handler@12"});
}

TEST_CASE("go: basic fixture") {
  ax::lang::GoLanguage go;
  auto result = parse(go, read_fixture("basic.go"), "inventory/basic.go");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 58);
  CHECK(count_kind(result, SymbolKind::namespace_) == 1);
  CHECK(count_kind(result, SymbolKind::struct_) == 5);
  CHECK(count_kind(result, SymbolKind::interface) == 1);
  CHECK(count_kind(result, SymbolKind::type) == 1);
  CHECK(count_kind(result, SymbolKind::function) == 9);
  CHECK(count_kind(result, SymbolKind::method) == 15);
  CHECK(count_kind(result, SymbolKind::constant) == 6);
  CHECK(count_kind(result, SymbolKind::variable) == 4);
  CHECK(count_kind(result, SymbolKind::field) == 16);

  const auto& package = symbol(result, "inventory");
  CHECK(package.kind == SymbolKind::namespace_);
  CHECK(package.doc ==
        "Package inventory tracks stock levels for a small warehouse and\n"
        "answers questions about what needs to be reordered.");

  const auto& store = symbol(result, "Store");
  CHECK(store.kind == SymbolKind::struct_);
  CHECK(store.span.start_line == 54);
  CHECK(store.span.end_line == 58);
  CHECK(store.doc == "Store holds items by code and is safe for concurrent use.");

  const auto& withdraw = symbol(result, "Store.Withdraw");
  CHECK(withdraw.kind == SymbolKind::method);
  CHECK(withdraw.span.start_line == 91);
  CHECK(withdraw.span.end_line == 105);
  CHECK(withdraw.signature == "func (s *Store) Withdraw(code string, quantity int) error");
  CHECK(result.symbols[withdraw.parent].qualified_name == "Store");
  CHECK(symbol(result, "Level.String").parent >= 0);
  CHECK(symbol(result, "Snapshot.Find").signature == "func (snap Snapshot) Find(query string) []Item");
  CHECK(symbol(result, "Store.Snapshot").kind == SymbolKind::method);
  CHECK(symbol(result, "Snapshot").kind == SymbolKind::struct_);

  const auto& notify = symbol(result, "Notifier.Notify");
  CHECK(notify.kind == SymbolKind::method);
  CHECK(notify.span.start_line == 63);
  CHECK(notify.doc == "Notify reports one low item.");
  CHECK(symbol(result, "LogNotifier.Notify").span.start_line == 235);

  CHECK(symbol(result, "Healthy").signature == "const Healthy Level = iota");
  CHECK(symbol(result, "Critical").span.start_line == 177);
  CHECK(symbol(result, "CriticalStock").doc == "CriticalStock marks an item that must be reordered today.");
  CHECK(symbol(result, "ErrNotFound").kind == SymbolKind::variable);
  CHECK(symbol(result, "clock").span.start_line == 33);
  CHECK(symbol(result, "formatLine").doc.empty());
  CHECK(symbol(result, "Item.Updated").signature == "Updated  time.Time");
  CHECK(count_symbols(result, "Store.Items") == 1);

  CHECK(import_list(result) ==
        std::vector<std::string>{"errors@6", "fmt@7", "sort@8", "strings@9", "sync@10", "time@11"});
  CHECK(has_reference(result, "Classify", ReferenceKind::call));
  CHECK(has_reference(result, "Errorf", ReferenceKind::call));
  CHECK(has_reference(result, "RWMutex", ReferenceKind::reference));
  const auto& record_call = reference_at(result, "record", 300);
  CHECK(result.symbols[record_call.enclosing].qualified_name == "Transfer");
}

TEST_CASE("go: advanced fixture") {
  ax::lang::GoLanguage go;
  auto result = parse(go, read_fixture("advanced.go"), "pipeline/advanced.go");
  REQUIRE_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);

  CHECK(result.symbols.size() == 70);
  CHECK(count_kind(result, SymbolKind::method) == 15);
  CHECK(count_kind(result, SymbolKind::function) == 10);
  CHECK(count_kind(result, SymbolKind::constant) == 7);
  CHECK(count_kind(result, SymbolKind::interface) == 3);

  // Generic types and methods on them.
  const auto& stage = symbol(result, "Stage");
  CHECK(stage.kind == SymbolKind::struct_);
  CHECK(stage.signature == "type Stage[In, Out any] struct");
  CHECK(symbol(result, "Stage.Config").kind == SymbolKind::field);  // embedded
  CHECK(symbol(result, "Stage.Metrics").signature == "*Metrics");
  const auto& run = symbol(result, "Stage.Run");
  CHECK(run.span.start_line == 159);
  CHECK(run.signature == "func (s *Stage[In, Out]) Run(ctx context.Context) error");
  CHECK(symbol(result, "Batcher.Run").span.start_line == 260);
  CHECK(symbol(result, "Sum").signature == "func Sum[N Number](values []N) N");
  CHECK(symbol(result, "Handler").kind == SymbolKind::type);
  CHECK(symbol(result, "Number").kind == SymbolKind::interface);
  CHECK(symbol(result, "Runner.Run").kind == SymbolKind::method);

  // Declared above its receiver type, yet a child of it and listed after it.
  const auto& describe = symbol(result, "Metrics.Describe");
  CHECK(describe.span.start_line == 71);
  CHECK(result.symbols[describe.parent].qualified_name == "Metrics");
  CHECK(symbol(result, "Describe").kind == SymbolKind::function);  // the free function of the same name

  // Nested anonymous struct fields, embedded sync.Mutex included.
  CHECK(symbol(result, "Metrics.latency.Mutex").kind == SymbolKind::field);
  CHECK(symbol(result, "Metrics.latency.total").span.start_line == 81);

  // Multi-name constants, blank identifiers, directives.
  CHECK(symbol(result, "maxWorkers").span.start_line == 40);
  CHECK(count_symbols(result, "_") == 0);
  CHECK(symbol(result, "defaultConfig").doc.empty());  // //go:embed is a directive
  CHECK(symbol(result, "State").doc == "State of a stage.");

  // Locals of Stage.work are not symbols.
  CHECK(count_symbols(result, "attempt") == 0);
  CHECK(count_symbols(result, "Stage.work.attempt") == 0);
  CHECK(count_symbols(result, "logEvery") == 0);

  CHECK(has_import(result, "github.com/example/lru/v2"));
  CHECK(has_import(result, "sync/atomic"));
  CHECK(has_import(result, "embed"));
  CHECK(result.imports.size() == 9);
  CHECK(has_reference(result, "backoff", ReferenceKind::call));
  CHECK(has_reference(result, "Cache", ReferenceKind::reference));
  const auto& sleep = reference_at(result, "Sleep", 217);
  CHECK(result.symbols[sleep.enclosing].qualified_name == "Stage.work");
}

TEST_CASE("go: syntax errors give partial results") {
  ax::lang::GoLanguage go;
  auto result = parse(go, R"(package broken

func Good() int { return 1 }

func Bad( {
	if x := ; {
	}
}

type After struct { N int }
)",
                      "broken.go");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "Good") == 1);
  CHECK(count_symbols(result, "broken") == 1);
  CHECK(symbol(result, "After").span.start_line == 10);
  CHECK(symbol(result, "After.N").kind == SymbolKind::field);
}

TEST_CASE("go: empty and garbage input") {
  ax::lang::GoLanguage go;
  auto empty = parse(go, "", "empty.go");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  garbage += std::string_view("\0func (\x01 ) }}} type [[[ import \"", 32);
  REQUIRE(garbage.size() == 4096 + 32);
  auto result = parse(go, garbage, "garbage.go");
  CHECK(result.had_syntax_errors);
  for (const auto& s : result.symbols) CHECK_FALSE(s.name.empty());
}
