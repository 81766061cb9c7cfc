#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "java_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"(@Generated
package com.example.edge;

import java.util.List;
import static java.lang.Math.max;
import java.io.*;

/** A class. */
public class Edge<T> extends Base implements Runnable {
  public static final int LIMIT = 8, OTHER = 9;
  @Deprecated static final String NAME = "x";
  final static long REVERSED = 1L;
  private static int counter;
  private final List<String> names = new ArrayList<>(), more;
  int staticky;

  public Edge() { this(0); }
  Edge(int x) { super(x); }
  @Override public void run() { var v = helper(max(1, 2)); this.<String>generic(); }
  private static <U> U generic() { return null; }
  class Inner { void f() { new Thread() { public void run() {} }; } }
  interface Shape { int SIDES = 4; double area(); }
  enum Colour { RED, GREEN { }; Colour() {} }
  record Point(int x, int y) { Point { } static int origin() { return 0; } }
  @interface Marker { String value() default ""; int level(); }
  void broken( {
}
)";

}  // namespace

TEST_CASE("java: the tree walk extracts exactly what the tags query does") {
  ax::lang::JavaLanguage walked;
  QueryOnly<ax::lang::JavaLanguage> queried;
  for (const std::string name : {"Basic.java", "Advanced.java"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "Edge.java");
  CHECK(edge == dump_all(queried, kEdgeCases, "Edge.java"));
  CHECK(edge.find("sym constant LIMIT") != std::string::npos);  // the cases above do reach the walk
  CHECK(edge.find("import static java.lang.Math.max") != std::string::npos);
}
