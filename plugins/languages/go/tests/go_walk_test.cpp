#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "go_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"(package edge

import (
	"fmt"
	m "math"
	`raw/path`
)

var a, b int
var _ = fmt.Sprint
var (
	c = 1
	d, _ = 2, 3
)
const e, f = 1, 2
const (
	G, H = iota, iota
	_    = 0
)
const /* kept */ I = 1

type Lone struct{ X, Y int }
type LoneIface interface{ M() int }
type LoneAlias = int
type Named m.Thing
type (
	Grouped struct {
		Embedded
		*Pointer
		pkg.Qualified
		*pkg.PointerQualified
		Generic[int]
		named, other string `tag:"x"`
	}
	GroupedIface interface {
		Method(x int) error
		fmt.Stringer
	}
	GroupedAlias = map[string]bool
)
type Gen[T any] struct{ v T }

// Method doc.
func (p *Gen[T]) Method() T { return p.v }

func Call() {
	var local = 1
	Call()
	fmt.Println(local)
	Generic[int]()
	x.Method[int]()
	handlers[0]()
	f := func() {}
	f()
	_ = Named(nil)
	var v interface{ Local() } = nil
	switch v.(type) {
	case nil, Lone:
	}
}

func broken( {
)";

}  // namespace

TEST_CASE("go: the tree walk extracts exactly what the tags query does") {
  ax::lang::GoLanguage walked;
  QueryOnly<ax::lang::GoLanguage> queried;
  for (const std::string name : {"basic.go", "advanced.go"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "edge.go");
  CHECK(edge == dump_all(queried, kEdgeCases, "edge.go"));
  CHECK(edge.find("sym field Embedded") != std::string::npos);  // the cases above do reach the walk
  CHECK(edge.find("import import raw/path") != std::string::npos);
}
