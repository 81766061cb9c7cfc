#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "dart_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::ParseResult;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

std::string enclosing_name(const ParseResult& result, const ax::sdk::Reference& reference) {
  return reference.enclosing < 0 ? "" : result.symbols[reference.enclosing].qualified_name;
}

bool has_symbol_named(const ParseResult& result, std::string_view name) {
  return std::any_of(result.symbols.begin(), result.symbols.end(), [&](const auto& s) { return s.name == name; });
}

// Every parent precedes its children, and qualified names follow the parent chain.
void check_tree_consistency(const ParseResult& result) {
  for (std::size_t i = 0; i < result.symbols.size(); ++i) {
    const auto& s = result.symbols[i];
    REQUIRE(s.parent < static_cast<std::int32_t>(i));
    if (s.parent >= 0) CHECK(s.qualified_name == result.symbols[s.parent].qualified_name + "." + s.name);
    CHECK(s.span.start_line <= s.span.end_line);
  }
}

}  // namespace

TEST_CASE("dart: language info") {
  ax::lang::DartLanguage dart;
  CHECK(dart.info().id == "dart");
  CHECK(dart.info().display_name == "Dart");
  CHECK(dart.info().extensions == std::vector<std::string>{".dart"});
  CHECK(dart.info().interpreters == std::vector<std::string>{"dart"});
  auto script = parse(dart, "#!/usr/bin/env dart\nvoid main() {}\n", "bin/tool.dart");
  CHECK(outline(script) == std::vector<std::string>{"function main@2"});
  CHECK_FALSE(script.had_syntax_errors);
}

TEST_CASE("dart: whole-file outline of a small library") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(import 'dart:math';

/// The largest radius.
const double maxRadius = 100;
var created = 0;

/// A circle.
class Circle {
  static const int sides = 0;
  final double radius;
  String? label;

  Circle(this.radius);
  Circle.unit() : radius = 1;

  double get area => pi * radius * radius;

  set diameter(double d) {
    label = 'd=$d';
  }

  Circle scale(double factor) => Circle(radius * factor);
}

double totalArea(List<Circle> circles) {
  return circles.fold(0, (sum, c) => sum + c.area);
}
)",
                      "lib/circle.dart");
  CHECK(outline(result) ==
        std::vector<std::string>{"constant maxRadius@4", "variable created@5", "class Circle@8",
                                 "constant Circle.sides@9", "field Circle.radius@10", "field Circle.label@11",
                                 "constructor Circle.Circle@13", "constructor Circle.unit@14", "getter Circle.area@16",
                                 "setter Circle.diameter@18", "method Circle.scale@22", "function totalArea@25"});
  CHECK(symbol(result, "maxRadius").doc == "The largest radius.");
  CHECK(symbol(result, "maxRadius").signature == "const double maxRadius = 100");
  CHECK(symbol(result, "Circle").doc == "A circle.");
  CHECK(symbol(result, "Circle").signature == "class Circle");
  CHECK(symbol(result, "Circle").span.end_line == 23);
  CHECK(symbol(result, "Circle.sides").signature == "static const int sides = 0");
  CHECK(symbol(result, "Circle.unit").signature == "Circle.unit() : radius = 1");
  CHECK(symbol(result, "Circle.diameter").span.end_line == 20);
  CHECK(symbol(result, "Circle.scale").signature == "Circle scale(double factor)");
  // A function's span runs over its body.
  CHECK(symbol(result, "totalArea").span.end_line == 27);
  CHECK(import_list(result) == std::vector<std::string>{"dart:math@1"});
  CHECK_FALSE(result.had_syntax_errors);
  check_tree_consistency(result);
}

TEST_CASE("dart: constructors are named by what follows the class name") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(class Point {
  final int x, y;
  Point(this.x, this.y);
  Point.origin() : this(0, 0);
  const Point.fixed(this.x, this.y);
  Point.parse(String text) : x = 0, y = 0 {
    validate(text);
  }
  factory Point.fromList(List<int> xy) => Point(xy[0], xy[1]);
  factory Point.polar(double r, double a) {
    return Point(r.round(), a.round());
  }
  factory Point.copy(Point other) = Point._copy;
  Point._copy(Point other) : x = other.x, y = other.y;
  const factory Point.zero() = Point.origin;
}

class Unit {
  const Unit();
  factory Unit.instance() => const Unit();
}
)",
                      "point.dart");
  CHECK(outline(result) ==
        std::vector<std::string>{"class Point@1", "field Point.x@2", "field Point.y@2", "constructor Point.Point@3",
                                 "constructor Point.origin@4", "constructor Point.fixed@5", "constructor Point.parse@6",
                                 "constructor Point.fromList@9", "constructor Point.polar@10",
                                 "constructor Point.copy@13", "constructor Point._copy@14", "constructor Point.zero@15",
                                 "class Unit@18", "constructor Unit.Unit@19", "constructor Unit.instance@20"});
  CHECK(symbol(result, "Point.parse").span.end_line == 8);
  CHECK(symbol(result, "Point.polar").span.end_line == 12);
  CHECK(symbol(result, "Point.polar").signature == "factory Point.polar(double r, double a)");
  CHECK(symbol(result, "Point.y").signature == "final int y");
  CHECK(symbol(result, "Point.zero").signature == "const factory Point.zero() = Point.origin");
  CHECK(enclosing_name(result, reference_at(result, "validate", 7)) == "Point.parse");
}

TEST_CASE("dart: getters, setters, operators, static and abstract members") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(abstract class Shape {
  double get area;
  set name(String value);
  double perimeter();

  static int count = 0;
  static final Shape empty = Square(0);
  static Shape unit() => Square(1);
  static int get total => count;

  bool operator ==(Object other) => other is Shape && other.area == area;
  Shape operator +(Shape other) => Square(area + other.area);
  double operator [](int i) => area;
  void operator []=(int i, double v) {}
  Shape operator -() => this;
}

int get answer => 42;
set verbose(bool value) {}
)",
                      "shape.dart");
  CHECK(outline(result) == std::vector<std::string>{"class Shape@1", "getter Shape.area@2", "setter Shape.name@3",
                                                    "method Shape.perimeter@4", "field Shape.count@6",
                                                    "field Shape.empty@7", "method Shape.unit@8",
                                                    "getter Shape.total@9", "method Shape.==@11", "method Shape.+@12",
                                                    "method Shape.[]@13", "method Shape.[]=@14", "method Shape.-@15",
                                                    "getter answer@18", "setter verbose@19"});
  CHECK(symbol(result, "Shape.==").signature == "bool operator ==(Object other)");
  CHECK(symbol(result, "Shape.unit").signature == "static Shape unit()");
  CHECK(symbol(result, "Shape.total").signature == "static int get total");
  // `static final` is a field: only `const` makes a constant.
  CHECK(symbol(result, "Shape.empty").kind == SymbolKind::field);
}

TEST_CASE("dart: top-level variables, constants and typedefs") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(const version = '1.2.0';
const List<String> channels = ['stable', 'beta'];
final DateTime started = DateTime.now();
late final Map<String, int>? cache;
var a = 1, b = 2;
int? maybe;
String label = 'x';

typedef Compare<T> = int Function(T a, T b);
typedef Json = Map<String, dynamic>;
typedef int LegacyCompare(Object a, Object b);
typedef void Callback<T>(T value);
)",
                      "globals.dart");
  CHECK(outline(result) == std::vector<std::string>{"constant version@1", "constant channels@2", "variable started@3",
                                                    "variable cache@4", "variable a@5", "variable b@5",
                                                    "variable maybe@6", "variable label@7", "type Compare@9",
                                                    "type Json@10", "type LegacyCompare@11", "type Callback@12"});
  CHECK(symbol(result, "channels").signature == "const List<String> channels = ['stable', 'beta']");
  CHECK(symbol(result, "cache").signature == "late final Map<String, int>? cache");
  CHECK(symbol(result, "b").signature == "var b = 2");
  CHECK(symbol(result, "Compare").signature == "typedef Compare<T> = int Function(T a, T b)");
  CHECK(symbol(result, "LegacyCompare").signature == "typedef int LegacyCompare(Object a, Object b)");
  // The name a typedef declares, and the type parameters it introduces, are not references.
  CHECK_FALSE(has_reference(result, "Compare", ReferenceKind::reference));
  CHECK_FALSE(has_reference(result, "Callback", ReferenceKind::reference));
  CHECK(has_reference(result, "Object", ReferenceKind::reference));
}

TEST_CASE("dart: mixins, extensions and enums") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(mixin Walker on Animal {
  void walk() {}
}

mixin Logging<T> {
  final log = <T>[];
}

extension StringCase on String {
  String get shout => toUpperCase();
  String whisper() => toLowerCase();
}

extension on int {
  bool get isEven2 => this % 2 == 0;
}

extension<T> on List<T> {
  T? get second => length > 1 ? this[1] : null;
}

/// Suits of a deck.
enum Suit {
  /// Hearts.
  hearts,
  spades,
}
)",
                      "mixins.dart");
  CHECK(outline(result) == std::vector<std::string>{"mixin Walker@1", "method Walker.walk@2", "mixin Logging@5",
                                                    "field Logging.log@6", "extension StringCase@9",
                                                    "getter StringCase.shout@10", "method StringCase.whisper@11",
                                                    "extension int@14", "getter int.isEven2@15", "extension List@18",
                                                    "getter List.second@19", "enum Suit@23",
                                                    "enum_member Suit.hearts@25", "enum_member Suit.spades@26"});
  CHECK(symbol(result, "Walker").signature == "mixin Walker on Animal");
  CHECK(symbol(result, "StringCase").signature == "extension StringCase on String");
  CHECK(symbol(result, "int").signature == "extension on int");
  CHECK(symbol(result, "Suit").doc == "Suits of a deck.");
  CHECK(symbol(result, "Suit.hearts").doc == "Hearts.");
  CHECK(symbol(result, "Suit.spades").doc.empty());
  CHECK(symbol(result, "Suit").signature == "enum Suit");
}

TEST_CASE("dart: only /// and /** */ comments document") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(/// First line.
/// Second line.
@immutable
class Documented {
  /** Block doc. */
  @override
  // ignore: unused_element
  int get value => 1;

  // A plain comment.
  void plain() {}

  /* A plain block comment. */
  void block() {}

  /// Far away.

  void detached() {}
}
)",
                      "docs.dart");
  CHECK(symbol(result, "Documented").doc == "First line.\nSecond line.");
  CHECK(symbol(result, "Documented").span.start_line == 4);
  CHECK(symbol(result, "Documented.value").doc == "Block doc.");
  CHECK(symbol(result, "Documented.plain").doc.empty());
  CHECK(symbol(result, "Documented.block").doc.empty());
  CHECK(symbol(result, "Documented.detached").doc.empty());
}

TEST_CASE("dart: imports, exports and parts") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(library app;

import 'dart:async';
import 'package:http/http.dart' as http;
import 'package:meta/meta.dart' show immutable, required;
import 'src/debug.dart' deferred as debug;
import "src/double_quoted.dart" hide Hidden;
export 'src/api.dart' show Api;
part 'app.g.dart';
)",
                      "lib/app.dart");
  CHECK(import_list(result) == std::vector<std::string>{"dart:async@3", "package:http/http.dart@4",
                                                        "package:meta/meta.dart@5", "src/debug.dart@6",
                                                        "src/double_quoted.dart@7", "src/api.dart@8", "app.g.dart@9"});
  auto part = parse(dart, "part of 'app.dart';\n\nclass Generated {}\n", "lib/app.g.dart");
  CHECK(import_list(part) == std::vector<std::string>{"app.dart@1"});
  auto legacy = parse(dart, "part of app.models;\n", "lib/legacy.dart");
  CHECK(import_list(legacy) == std::vector<std::string>{"app.models@1"});
}

TEST_CASE("dart: calls and type references") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(class Service {
  final http.Client client;
  Service(this.client);

  Future<List<User>> users() async {
    final response = await client.get(Uri.parse(url));
    final list = decode(response.body)?.toList();
    buffer..write('a')..flush();
    final user = new User.guest();
    final other = const Point(1, 2);
    super.toString();
    return <User>[User(name)];
  }
}
)",
                      "service.dart");
  CHECK(references_of(result, ReferenceKind::call) ==
        std::vector<std::string>{"get@6:35", "parse@6:43", "decode@7:18", "toList@7:41", "write@8:13", "flush@8:25",
                                 "guest@9:27", "Point@10:25", "toString@11:11", "User@12:19"});
  CHECK(references_of(result, ReferenceKind::reference) ==
        std::vector<std::string>{"Client@2:14", "Future@5:3", "List@5:10", "User@5:15", "User@9:22", "User@12:13"});
  CHECK(enclosing_name(result, reference_at(result, "decode", 7)) == "Service.users");
  // `body` is read, not called; the import prefix `http` is not a type.
  CHECK_FALSE(has_reference(result, "body", ReferenceKind::call));
  CHECK_FALSE(has_reference(result, "http", ReferenceKind::reference));
}

TEST_CASE("dart: locals are not symbols") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(void main() {
  final local = 1;
  var other = 2;
  int helper(int x) => x + local;
  void nested() {
    print(helper(other));
  }
  nested();
}

class Widget {
  void build() {
    const padding = 8;
    String label() => 'p$padding';
    print(label());
  }
}
)",
                      "locals.dart");
  CHECK(outline(result) == std::vector<std::string>{"function main@1", "class Widget@11", "method Widget.build@12"});
  CHECK(enclosing_name(result, reference_at(result, "helper", 6)) == "main");
  CHECK(enclosing_name(result, reference_at(result, "label", 15)) == "Widget.build");
  CHECK(symbol(result, "main").span.end_line == 9);
}

TEST_CASE("dart: Flutter widgets are classes like any other") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(import 'package:flutter/material.dart';

class Greeting extends StatelessWidget {
  const Greeting({Key? key, required this.name}) : super(key: key);

  final String name;

  @override
  Widget build(BuildContext context) => Text('Hello $name');
}

class Counter extends StatefulWidget {
  const Counter({super.key});

  @override
  State<Counter> createState() => _CounterState();
}

class _CounterState extends State<Counter> {
  int _count = 0;

  void _increment() => setState(() => _count++);

  @override
  Widget build(BuildContext context) {
    return ElevatedButton(onPressed: _increment, child: Text('$_count'));
  }
}
)",
                      "lib/widgets.dart");
  CHECK(outline(result) ==
        std::vector<std::string>{"class Greeting@3", "constructor Greeting.Greeting@4", "field Greeting.name@6",
                                 "method Greeting.build@9", "class Counter@12", "constructor Counter.Counter@13",
                                 "method Counter.createState@16", "class _CounterState@19",
                                 "field _CounterState._count@20", "method _CounterState._increment@22",
                                 "method _CounterState.build@25"});
  CHECK(symbol(result, "Greeting").signature == "class Greeting extends StatelessWidget");
  CHECK(symbol(result, "_CounterState").signature == "class _CounterState extends State<Counter>");
  CHECK(symbol(result, "_CounterState.build").span.end_line == 27);
  CHECK(has_reference(result, "StatefulWidget", ReferenceKind::reference));
  CHECK(reference_at(result, "_CounterState", 16).kind == ReferenceKind::call);
  CHECK(enclosing_name(result, reference_at(result, "ElevatedButton", 26)) == "_CounterState.build");
  check_tree_consistency(result);
}

TEST_CASE("dart: basic fixture symbols") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, read_fixture("basic.dart"), "basic.dart");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 93);
  CHECK(symbol(result, "tasks").kind == SymbolKind::module);  // `library tasks;`
  CHECK(count_kind(result, SymbolKind::class_) == 5);
  CHECK(count_kind(result, SymbolKind::mixin) == 1);
  CHECK(count_kind(result, SymbolKind::extension) == 2);
  CHECK(count_kind(result, SymbolKind::enum_) == 2);
  CHECK(count_kind(result, SymbolKind::enum_member) == 7);
  CHECK(count_kind(result, SymbolKind::type) == 2);
  CHECK(count_kind(result, SymbolKind::constructor) == 7);
  CHECK(count_kind(result, SymbolKind::method) == 26);
  CHECK(count_kind(result, SymbolKind::getter) == 11);
  CHECK(count_kind(result, SymbolKind::setter) == 2);
  CHECK(count_kind(result, SymbolKind::field) == 17);
  CHECK(count_kind(result, SymbolKind::function) == 3);
  CHECK(count_kind(result, SymbolKind::constant) == 3);
  CHECK(count_kind(result, SymbolKind::variable) == 4);

  CHECK(symbol(result, "maxTasks").span.start_line == 13);
  CHECK(symbol(result, "maxTasks").doc == "The number of tasks a list holds before it refuses new ones.");
  CHECK(symbol(result, "defaultTitle").kind == SymbolKind::constant);
  CHECK(symbol(result, "startedAt").kind == SymbolKind::variable);
  CHECK(symbol(result, "_created").signature == "int _created = 0");
  CHECK(symbol(result, "Status.inProgress").doc == "Someone is on it.");
  CHECK(symbol(result, "Status").span.end_line == 36);
  CHECK(symbol(result, "ChangeListener").doc == "Called whenever the list changes.");

  const auto& task = symbol(result, "Task");
  CHECK(task.span.start_line == 45);
  CHECK(task.span.end_line == 124);
  CHECK(symbol(result, "Task.Task").signature ==
        "Task(this.title, {this.priority = Priority.normal, this.notes, this.due}) : id = _nextId++");
  CHECK(symbol(result, "Task.Task").span.end_line == 60);
  CHECK(symbol(result, "Task.fromJson").kind == SymbolKind::constructor);
  CHECK(symbol(result, "Task.fromJson").span.start_line == 66);
  CHECK(symbol(result, "Task.fromJson").span.end_line == 74);
  CHECK(symbol(result, "Task.maxTags").kind == SymbolKind::constant);
  CHECK(symbol(result, "Task.isOverdue").kind == SymbolKind::getter);
  CHECK(symbol(result, "Task.dueInDays").kind == SymbolKind::setter);
  CHECK(symbol(result, "Task.==").span.start_line == 120);
  CHECK(symbol(result, "Task.tag").doc == "Adds a tag; returns whether it was new.");
  CHECK(symbol(result, "Notifier").kind == SymbolKind::mixin);
  CHECK(symbol(result, "Notifier.notify").span.end_line == 146);
  CHECK(symbol(result, "TaskList.[]").signature == "Task operator [](int index)");
  CHECK(symbol(result, "TaskList.fromJson").kind == SymbolKind::method);
  CHECK(symbol(result, "Filters._").kind == SymbolKind::constructor);
  CHECK(symbol(result, "Filters.open").signature ==
        "static final TaskFilter open = (task) => task.status != Status.done");
  CHECK(symbol(result, "TaskListStats.progress").kind == SymbolKind::getter);
  CHECK(symbol_of_kind(result, "Priority", SymbolKind::extension).span.start_line == 231);
  CHECK(symbol(result, "Priority.label").kind == SymbolKind::getter);
  CHECK(symbol(result, "createdCount").kind == SymbolKind::getter);
  CHECK(symbol(result, "logging").kind == SymbolKind::setter);
  CHECK(symbol(result, "main").span.start_line == 291);
  CHECK(symbol(result, "main").span.end_line == 305);
  // Locals of functions and methods are not symbols.
  CHECK_FALSE(has_symbol_named(result, "words"));
  CHECK_FALSE(has_symbol_named(result, "saver"));
  CHECK_FALSE(has_symbol_named(result, "kept"));
  check_tree_consistency(result);
}

TEST_CASE("dart: basic fixture imports and references") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, read_fixture("basic.dart"), "basic.dart");
  CHECK(import_list(result) == std::vector<std::string>{"dart:async@3", "dart:convert@4", "dart:math@5",
                                                        "package:collection/collection.dart@6", "src/storage.dart@8",
                                                        "src/task_json.dart@10"});
  const auto& notify = reference_at(result, "notify", 174);
  CHECK(notify.kind == ReferenceKind::call);
  CHECK(notify.column == 5);
  CHECK(enclosing_name(result, notify) == "TaskList.add");
  CHECK(reference_at(result, "Task", 172).kind == ReferenceKind::call);
  CHECK(reference_at(result, "Task", 168).kind == ReferenceKind::reference);
  CHECK(enclosing_name(result, reference_at(result, "periodic", 247)) == "AutoSaver.start");
  CHECK(enclosing_name(result, reference_at(result, "parseTask", 297)) == "main");
  CHECK(reference_at(result, "Timer", 240).kind == ReferenceKind::reference);
  CHECK(has_reference(result, "firstWhereOrNull", ReferenceKind::call));
}

TEST_CASE("dart: advanced fixture generics, mixins and operators") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, read_fixture("advanced.dart"), "advanced.dart");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(symbol(result, "Decoder").kind == SymbolKind::type);
  CHECK(symbol(result, "Decoder").signature == "typedef Decoder<T> = T Function(Map<String, dynamic> json)");
  CHECK(symbol(result, "Entity").doc == "The base of everything stored in a repository.");
  CHECK(symbol(result, "Entity").span.start_line == 16);
  CHECK(symbol(result, "Entity.toJson").kind == SymbolKind::method);
  CHECK(symbol(result, "City.unknown").kind == SymbolKind::constant);
  CHECK(symbol(result, "City._").signature ==
        "const City._(String id, this.name, this.latitude, this.longitude) : super(id)");
  CHECK(symbol(result, "City.City").doc == "A city from its name and coordinates; the id is derived from the name.");
  CHECK(symbol(result, "City.City").span.end_line == 36);
  CHECK(symbol(result, "City.fromJson").signature ==
        "factory City.fromJson(Map<String, dynamic> json) = City._fromJson");
  CHECK(symbol(result, "City._fromJson").span.end_line == 44);
  CHECK(symbol(result, "Caching").kind == SymbolKind::mixin);
  CHECK(symbol(result, "Caching").signature == "mixin Caching<T extends Entity>");
  CHECK(symbol(result, "Caching.maxAge").kind == SymbolKind::getter);
  CHECK(symbol(result, "Caching.remember").span.start_line == 58);
  CHECK(symbol(result, "Repository.loadAll").span.end_line == 75);
  CHECK(symbol(result, "HttpRepository").signature ==
        "class HttpRepository<T extends Entity> extends Repository<T> with Caching<T>");
  CHECK(symbol(result, "HttpRepository.watch").span.end_line == 111);
  CHECK(symbol(result, "Temperature.fahrenheit").kind == SymbolKind::constructor);
  CHECK(symbol_of_kind(result, "Temperature.fahrenheit", SymbolKind::getter).span.start_line == 131);
  CHECK(symbol(result, "Temperature.-").signature == "Temperature operator -()");
  CHECK(symbol(result, "Temperature.<").kind == SymbolKind::method);
  CHECK(symbol(result, "TemperatureList.warmest").kind == SymbolKind::getter);
  CHECK(symbol(result, "Iterable").kind == SymbolKind::extension);
  CHECK(symbol(result, "Iterable.pairs").span.end_line == 163);
  CHECK(symbol(result, "kDefaultCity").kind == SymbolKind::constant);
  CHECK(symbol(result, "formatTemperature").span.end_line == 291);
  check_tree_consistency(result);
}

TEST_CASE("dart: advanced fixture Flutter widgets and state") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, read_fixture("advanced.dart"), "advanced.dart");
  CHECK(symbol(result, "WeatherModel.city").kind == SymbolKind::getter);
  CHECK(symbol_of_kind(result, "WeatherModel.city", SymbolKind::setter).span.start_line == 178);
  CHECK(symbol(result, "WeatherScope.of").signature == "static WeatherModel of(BuildContext context)");
  CHECK(symbol(result, "CityTitle").signature == "class CityTitle extends StatelessWidget");
  CHECK(symbol(result, "CityTitle.build").span.start_line == 215);
  CHECK(symbol(result, "CityPicker").doc == "Picks a city from a list and remembers the choice.");
  CHECK(symbol(result, "CityPicker.createState").signature == "State<CityPicker> createState()");
  const auto& state = symbol(result, "_CityPickerState");
  CHECK(state.kind == SymbolKind::class_);
  CHECK(state.span.start_line == 232);
  CHECK(state.span.end_line == 273);
  CHECK(state.signature == "class _CityPickerState extends State<CityPicker> with SingleTickerProviderStateMixin");
  CHECK(symbol(result, "_CityPickerState._controller").signature == "late final AnimationController _controller");
  CHECK(symbol(result, "_CityPickerState._visible").span.end_line == 249);
  CHECK(symbol(result, "_CityPickerState.build").span.end_line == 272);
  CHECK(symbol(result, "GenericList.builder").kind == SymbolKind::field);
  CHECK(import_list(result) == std::vector<std::string>{"dart:async@1", "package:flutter/foundation.dart@2",
                                                        "package:flutter/material.dart@3", "package:http/http.dart@4",
                                                        "../models/weather.dart@6"});
  CHECK(enclosing_name(result, reference_at(result, "setState", 260)) == "_CityPickerState.build");
  CHECK(reference_at(result, "_CityPickerState", 229).kind == ReferenceKind::call);
  CHECK(enclosing_name(result, reference_at(result, "runApp", 296)) == "main");
  CHECK_FALSE(has_symbol_named(result, "repository"));
  CHECK_FALSE(has_symbol_named(result, "controller"));
}

TEST_CASE("dart: syntax errors give partial results") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(class Good {
  int fine(int x) => x + 1;
}

class Broken {
  void oops( {
  }
}

void after() {}
)",
                      "broken.dart");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "Good").kind == SymbolKind::class_);
  CHECK(symbol(result, "Good.fine").span.start_line == 2);
  check_tree_consistency(result);
}

// KNOWN DEFECT: the grammar's error recovery swallows the declaration after the error; this case
// passes (and Catch2 reports it) once that is fixed.
TEST_CASE("dart: syntax errors give partial results: the declaration after the error", "[!shouldfail]") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(class Good {
  int fine(int x) => x + 1;
}

class Broken {
  void oops( {
  }
}

void after() {}
)",
                      "broken.dart");
  CHECK(result.had_syntax_errors);
  CHECK(symbol(result, "Good").kind == SymbolKind::class_);
  CHECK(symbol(result, "Good.fine").span.start_line == 2);
  check_tree_consistency(result);
  CHECK(symbol(result, "after").span.start_line == 10);
}

TEST_CASE("dart: empty and comment-only files have no symbols") {
  ax::lang::DartLanguage dart;
  auto empty = parse(dart, "", "empty.dart");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK(empty.references.empty());
  CHECK_FALSE(empty.had_syntax_errors);
  auto comments = parse(dart, "// nothing\n/// dangling doc\n", "comments.dart");
  CHECK(comments.symbols.empty());
}

TEST_CASE("dart: garbage and binary input do not crash") {
  ax::lang::DartLanguage dart;
  std::string binary;
  for (int i = 0; i < 2048; ++i) binary.push_back(static_cast<char>((i * 29 + 3) % 256));
  auto result = parse(dart, binary, "blob.dart");
  CHECK(result.had_syntax_errors);
  check_tree_consistency(result);
  auto noise = parse(dart, "}}} class ( extends ;; factory => @@ 'unterminated", "noise.dart");
  CHECK(noise.had_syntax_errors);
  check_tree_consistency(noise);
  auto deep = parse(dart, "var x = " + std::string(5000, '['), "deep.dart");
  CHECK(deep.had_syntax_errors);
}

TEST_CASE("dart: annotations stay out of signatures and spans") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(/// An old API.
@Deprecated('Use fetch instead')
@pragma('vm:prefer-inline')
Future<String> load(String key) async {
  return key;
}

class Api {
  /// Fetches a value.
  @override
  @visibleForTesting
  Future<String> fetch(String key) => load(key);
}
)",
                      "api.dart");
  CHECK(outline(result) == std::vector<std::string>{"function load@4", "class Api@8", "method Api.fetch@12"});
  CHECK(symbol(result, "load").doc == "An old API.");
  CHECK(symbol(result, "load").signature == "Future<String> load(String key)");
  CHECK(symbol(result, "load").span.end_line == 6);
  CHECK(symbol(result, "Api.fetch").doc == "Fetches a value.");
  CHECK(symbol(result, "Api.fetch").signature == "Future<String> fetch(String key)");
  // The span of a member starts at its signature, after its annotations.
  CHECK(symbol(result, "Api.fetch").span.start_line == 12);
  CHECK(enclosing_name(result, reference_at(result, "load", 12)) == "Api.fetch");
}

TEST_CASE("dart: async functions, generators and closures") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(Stream<int> countdown(int from) async* {
  for (var i = from; i > 0; i--) {
    await Future.delayed(const Duration(seconds: 1));
    yield i;
  }
}

Iterable<int> evens(int limit) sync* {
  for (var i = 0; i < limit; i += 2) yield i;
}

final square = (int x) => x * x;

class Ticker {
  final void Function(int) onTick;
  Ticker(this.onTick);

  Future<void> run() async {
    await for (final n in countdown(3)) {
      onTick(square(n));
    }
  }
}
)",
                      "ticker.dart");
  CHECK(outline(result) == std::vector<std::string>{"function countdown@1", "function evens@8", "variable square@12",
                                                    "class Ticker@14", "field Ticker.onTick@15",
                                                    "constructor Ticker.Ticker@16", "method Ticker.run@18"});
  CHECK(symbol(result, "countdown").span.end_line == 6);
  CHECK(symbol(result, "evens").span.end_line == 10);
  CHECK(symbol(result, "square").signature == "final square = (int x) => x * x");
  CHECK(symbol(result, "Ticker.onTick").signature == "final void Function(int) onTick");
  CHECK(reference_at(result, "Duration", 3).kind == ReferenceKind::call);
  CHECK(enclosing_name(result, reference_at(result, "delayed", 3)) == "countdown");
  CHECK(enclosing_name(result, reference_at(result, "square", 20)) == "Ticker.run");
  CHECK(enclosing_name(result, reference_at(result, "onTick", 20)) == "Ticker.run");
}

// Dart 3 allows object patterns without fields (`Loading()`, `int() || double()`); the grammar
// before tree-sitter-dart-orchard read them as syntax errors.
TEST_CASE("dart: object patterns without fields parse") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(String describe(Object? value) => switch (value) {
      int() || double() => 'number',
      Loading() => 'loading',
      _ => 'something else',
    };
)",
                      "patterns.dart");
  CHECK_FALSE(result.had_syntax_errors);
}

// The grammar has no call of a null assertion (`onTap!()`): such files are parsed again without
// the `!`, and what is extracted still reads the file as written.
TEST_CASE("dart: calls of null assertions parse, and the file is read as written") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(class Tile {
  Tile(this.onTap, this.onChanged);
  final void Function()? onTap;
  final void Function(int)? onChanged;

  void tap() {
    onTap!();
    onChanged!(1);
    final flag = !(onTap == null); // "!(" stays
  }
}
)",
                      "tile.dart");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"class Tile@1", "constructor Tile.Tile@2", "field Tile.onTap@3",
                                                    "field Tile.onChanged@4", "method Tile.tap@6"});
  CHECK(reference_at(result, "onTap", 7).kind == ReferenceKind::call);
  CHECK(reference_at(result, "onChanged", 8).kind == ReferenceKind::call);
  CHECK(enclosing_name(result, reference_at(result, "onChanged", 8)) == "Tile.tap");
  CHECK(symbol(result, "Tile.onTap").signature == "final void Function()? onTap");
}

TEST_CASE("dart: dot shorthands and cascades call what they name") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(ThemeData theme() {
  final ColorScheme scheme = .fromSeed(seedColor: .blue);
  return ThemeData(colorScheme: scheme)
    ..validate()
    ..extensions.add(Brand());
}
)",
                      "theme.dart");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(reference_at(result, "fromSeed", 2).kind == ReferenceKind::call);
  CHECK(reference_at(result, "validate", 4).kind == ReferenceKind::call);
  CHECK(reference_at(result, "add", 5).kind == ReferenceKind::call);
  CHECK(reference_at(result, "Brand", 5).kind == ReferenceKind::call);
  CHECK(enclosing_name(result, reference_at(result, "add", 5)) == "theme");
}

TEST_CASE("dart: extension types are classes whose representation is a field") {
  ax::lang::DartLanguage dart;
  auto result = parse(dart, R"(/// A user's id.
extension type const UserId._(int value) implements Object {
  UserId(this.value);
  factory UserId.parse(String s) => UserId._(int.parse(s));
  static const zero = UserId._(0);
  bool get isValid => value > 0;
  UserId next() => UserId(value + 1);
}
)",
                      "user_id.dart");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"class UserId@2", "field UserId.value@2",
                                                    "constructor UserId.UserId@3", "constructor UserId.parse@4",
                                                    "constant UserId.zero@5", "getter UserId.isValid@6",
                                                    "method UserId.next@7"});
  CHECK(symbol(result, "UserId").signature == "extension type const UserId._(int value) implements Object");
  CHECK(symbol(result, "UserId").doc == "A user's id.");
  CHECK(symbol(result, "UserId").span.end_line == 8);
  CHECK(symbol(result, "UserId.value").signature == "int value");
  check_tree_consistency(result);
}
