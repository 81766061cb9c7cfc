#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "cpp_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::Confidence;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

const ax::sdk::Reference* reference_pointer(const ax::sdk::ParseResult& result, std::string_view name,
                                            std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return &r;
  return nullptr;
}

std::string enclosing_name(const ax::sdk::ParseResult& result, const ax::sdk::Reference& reference) {
  return reference.enclosing < 0 ? std::string()
                                 : result.symbols[static_cast<std::size_t>(reference.enclosing)].qualified_name;
}

// The symbol with this qualified name starting at `line`; throws when absent.
const ax::sdk::Symbol& symbol_at(const ax::sdk::ParseResult& result, std::string_view qualified_name,
                                 std::uint32_t line) {
  for (const auto& s : result.symbols)
    if (s.qualified_name == qualified_name && s.span.start_line == line) return s;
  throw std::runtime_error("no symbol " + std::string(qualified_name) + " at line " + std::to_string(line));
}

}  // namespace

TEST_CASE("cpp: whole-file outline of a small module") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(#include <string>

namespace shop::orders {

enum class Status { Open, Shipped };

class Order {
 public:
  Order(int id);
  ~Order();
  int id() const { return id_; }
  void ship();

 private:
  int id_, lines_ = 0;
  Status status_ = Status::Open;
};

Order::Order(int id) : id_(id) {}
Order::~Order() = default;
void Order::ship() { status_ = Status::Shipped; }

}  // namespace shop::orders
)",
                      "order.cpp");
  CHECK(outline(result) == std::vector<std::string>{
                               "namespace shop::orders@3",
                               "enum shop::orders::Status@5",
                               "enum_member shop::orders::Status::Open@5",
                               "enum_member shop::orders::Status::Shipped@5",
                               "class shop::orders::Order@7",
                               "constructor shop::orders::Order::Order@9",
                               "method shop::orders::Order::~Order@10",
                               "method shop::orders::Order::id@11",
                               "method shop::orders::Order::ship@12",
                               "field shop::orders::Order::id_@15",
                               "field shop::orders::Order::lines_@15",
                               "field shop::orders::Order::status_@16",
                               "constructor shop::orders::Order::Order@19",
                               "method shop::orders::Order::~Order@20",
                               "method shop::orders::Order::ship@21",
                           });
  CHECK_FALSE(result.had_syntax_errors);
  const auto& ns = symbol(result, "shop::orders");
  CHECK(ns.name == "orders");
  CHECK(ns.kind == SymbolKind::namespace_);
  // Out-of-line definitions: the simple name, the qualified name, the lexical parent.
  const auto& ship = symbol_at(result, "shop::orders::Order::ship", 21);
  CHECK(ship.name == "ship");
  CHECK(ship.signature == "void Order::ship()");
  CHECK(result.symbols[static_cast<std::size_t>(ship.parent)].qualified_name == "shop::orders");
  CHECK(symbol_at(result, "shop::orders::Order::~Order", 20).name == "~Order");
}

TEST_CASE("cpp: basic fixture classes, members and out-of-line definitions") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, read_fixture("basic.cpp"), "library.cpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 99);
  CHECK(count_kind(result, SymbolKind::class_) == 6);
  CHECK(count_kind(result, SymbolKind::struct_) == 4);
  CHECK(count_kind(result, SymbolKind::constructor) == 6);

  const auto& catalog = symbol(result, "library::Catalog");
  CHECK(catalog.kind == SymbolKind::class_);
  CHECK(catalog.span.start_line == 124);
  CHECK(catalog.span.end_line == 148);
  CHECK(catalog.doc == "Books, members and loans of one library branch.");

  // Members declared in the class body.
  CHECK(symbol_at(result, "library::Catalog::Catalog", 126).signature == "explicit Catalog(string branch)");
  CHECK(symbol_at(result, "library::Catalog::Catalog", 127).kind == SymbolKind::constructor);
  CHECK(symbol(result, "library::Catalog::operator=").kind == SymbolKind::method);
  CHECK(symbol_at(result, "library::Catalog::~Catalog", 129).kind == SymbolKind::method);
  CHECK(symbol_at(result, "library::Catalog::lend", 135).signature == "Loan& lend(const string& isbn, int member_id)");
  CHECK(symbol_at(result, "library::Catalog::size", 138).kind == SymbolKind::method);
  CHECK(symbol(result, "library::Catalog::books_").signature == "std::vector<std::unique_ptr<Book>> books_");
  CHECK(symbol(result, "library::Member::registered_").kind == SymbolKind::field);

  // Their out-of-line definitions.
  const auto& lend = symbol_at(result, "library::Catalog::lend", 207);
  CHECK(lend.kind == SymbolKind::method);
  CHECK(lend.span.end_line == 216);
  CHECK(lend.signature == "Loan& Catalog::lend(const string& isbn, int member_id)");
  CHECK(symbol_at(result, "library::Member::Member", 152).kind == SymbolKind::constructor);
  CHECK(symbol_at(result, "library::Member::~Member", 154).kind == SymbolKind::method);
  CHECK(symbol_at(result, "library::Member::can_borrow", 157).doc ==
        "A member may borrow while under the loan limit and without large fines.");
  // `int Member::registered_ = 0;` defines the static data member.
  CHECK(symbol_at(result, "library::Member::registered_", 150).kind == SymbolKind::field);

  CHECK(symbol(result, "library::kLoanDays").kind == SymbolKind::constant);
  CHECK(symbol(result, "library::kLoanDays").doc == "How many days a loan lasts before it is overdue.");
  CHECK(symbol(result, "library::kDailyFine").kind == SymbolKind::constant);
  CHECK(symbol(result, "library::g_open_catalogs").kind == SymbolKind::variable);
  CHECK(symbol(result, "library::Condition").signature == "enum class Condition");
  CHECK(symbol(result, "library::Condition::Worn").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "library::LibraryError").signature == "class LibraryError : public std::runtime_error");
  CHECK(symbol(result, "library::ReferencePolicy::fine_per_day").signature == "double fine_per_day() const override");
  CHECK(symbol(result, "library::Book::is_classic").kind == SymbolKind::method);
  CHECK(symbol(result, "library::Statistics::refusal_rate").span.end_line == 120);

  // The prototype of print_book precedes its definition: one symbol, at the definition.
  CHECK(count_symbols(result, "library::report::print_book") == 1);
  CHECK(symbol(result, "library::report::print_book").span.start_line == 253);
  CHECK(symbol(result, "library::report::Layout::title_width").kind == SymbolKind::field);
  // Functions in an anonymous namespace are file-level.
  CHECK(symbol(result, "make_book").kind == SymbolKind::function);
  CHECK(symbol(result, "main").span.start_line == 289);
  CHECK(symbol(result, "LIBRARY_MAX_LOANS").kind == SymbolKind::macro);
}

TEST_CASE("cpp: includes and using-directives are imports") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, read_fixture("basic.cpp"), "library.cpp");
  std::vector<std::string> specifiers;
  for (const auto& import : result.imports) specifiers.push_back(import.specifier + "@" + std::to_string(import.line));
  CHECK(specifiers == std::vector<std::string>{"<algorithm>@4", "<chrono>@5", "<iostream>@6", "<map>@7", "<memory>@8",
                                               "<optional>@9", "<stdexcept>@10", "<string>@11", "<vector>@12",
                                               "library/catalog.hpp@14", "util/log.h@15", "std::chrono_literals@17",
                                               "std::string@18"});
  // `using std::runtime_error::runtime_error;` in a class body inherits constructors: no import.
  CHECK_FALSE(has_import(result, "std::runtime_error::runtime_error"));
}

TEST_CASE("cpp: calls, new-expressions and type references") {
  ax::lang::CppLanguage cpp;
  auto basic = parse(cpp, read_fixture("basic.cpp"), "library.cpp");
  const auto* error = reference_pointer(basic, "LibraryError", 209);
  REQUIRE(error != nullptr);
  CHECK(error->kind == ReferenceKind::call);
  CHECK(enclosing_name(basic, *error) == "library::Catalog::lend");
  const auto* make_unique = reference_pointer(basic, "make_unique", 174);
  REQUIRE(make_unique != nullptr);
  CHECK(make_unique->kind == ReferenceKind::call);
  const auto* method_call = reference_pointer(basic, "can_borrow", 211);
  REQUIRE(method_call != nullptr);
  CHECK(method_call->kind == ReferenceKind::call);
  // Types behind several scopes, in base clauses and template arguments.
  const auto* time_point = reference_pointer(basic, "time_point", 71);
  REQUIRE(time_point != nullptr);
  CHECK(enclosing_name(basic, *time_point) == "library::Loan::due");
  CHECK(reference_pointer(basic, "runtime_error", 76) != nullptr);
  CHECK(reference_pointer(basic, "Book", 144) != nullptr);
  // Casts are not calls.
  CHECK_FALSE(has_reference(basic, "static_cast", ReferenceKind::call));

  auto advanced = parse(cpp, read_fixture("advanced.hpp"), "geometry.hpp");
  const auto* new_circle = reference_pointer(advanced, "Circle", 317);
  REQUIRE(new_circle != nullptr);
  CHECK(new_circle->kind == ReferenceKind::call);
  CHECK(enclosing_name(advanced, *new_circle) == "geo_circle_area");
  const auto* crtp_base = reference_pointer(advanced, "ShapeBase", 112);
  REQUIRE(crtp_base != nullptr);
  CHECK(crtp_base->kind == ReferenceKind::reference);
  CHECK(reference_pointer(advanced, "Cell", 298) != nullptr);
  CHECK(has_reference(advanced, "visit", ReferenceKind::call));
}

TEST_CASE("cpp: advanced fixture: templates, operators, concepts, nested namespaces") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, read_fixture("advanced.hpp"), "geometry.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 106);
  // The include guard is not a macro; GEO_ASSERT is.
  CHECK(count_kind(result, SymbolKind::macro) == 1);
  CHECK(symbol(result, "GEO_ASSERT").span.start_line == 21);

  CHECK(symbol(result, "geo::Scalar").kind == SymbolKind::interface);
  CHECK(symbol(result, "geo::Scalar").signature == "template <typename T> concept Scalar = std::is_arithmetic_v<T>");

  // A template's symbol is its inner declaration; the signature starts with the template header.
  const auto& vec = symbol(result, "geo::Vec");
  CHECK(vec.kind == SymbolKind::class_);
  CHECK(vec.span.start_line == 48);
  CHECK(vec.signature == "template <Scalar T, std::size_t N> class Vec");
  CHECK(vec.doc == "An N-dimensional vector of scalars.");
  const auto& variadic_constructor = symbol_at(result, "geo::Vec::Vec", 58);
  CHECK(variadic_constructor.kind == SymbolKind::constructor);
  CHECK(variadic_constructor.doc == "Builds a vector from exactly N coordinates.");

  // The primary template and its specialization share a name.
  CHECK(count_symbols(result, "geo::detail::pow10") == 2);
  CHECK(symbol_at(result, "geo::detail::pow10", 40).signature == "template <> struct pow10<0>");
  CHECK(symbol_at(result, "geo::detail::pow10::value", 36).kind == SymbolKind::constant);

  // Operators keep their punctuation; conversion operators name their type.
  CHECK(count_symbols(result, "geo::Vec::operator[]") == 2);
  CHECK(symbol_at(result, "geo::Vec::operator+=", 63).kind == SymbolKind::method);
  CHECK(symbol(result, "geo::Vec::operator bool").kind == SymbolKind::method);
  CHECK(symbol(result, "geo::Transform::operator<=>").kind == SymbolKind::method);
  CHECK(symbol(result, "geo::literals::operator\"\"_km").kind == SymbolKind::function);
  CHECK(symbol(result, "geo::operator<<").kind == SymbolKind::function);
  // A friend defined in a class body is a function, not a member; friend declarations are dropped.
  CHECK(symbol(result, "geo::Vec::operator+").kind == SymbolKind::function);
  CHECK(count_symbols(result, "geo::Vec::operator<<") == 0);

  // Out-of-line members of a class template.
  const auto& plus_assign = symbol_at(result, "geo::Vec::operator+=", 77);
  CHECK(plus_assign.name == "operator+=");
  CHECK(plus_assign.signature ==
        "template <Scalar T, std::size_t N> Vec<T, N>& Vec<T, N>::operator+=(const Vec& other)");
  CHECK(symbol_at(result, "geo::Vec::dot", 83).kind == SymbolKind::method);
  CHECK(symbol_at(result, "geo::Polygon::area_impl", 137).doc == "Shoelace formula.");
  CHECK(symbol_at(result, "geo::Transform::Transform", 194).kind == SymbolKind::constructor);
  CHECK(symbol_at(result, "geo::Transform::identity", 192).kind == SymbolKind::constant);

  CHECK(symbol(result, "geo::Vec2").kind == SymbolKind::type);
  CHECK(symbol(result, "geo::Vec2").signature == "using Vec2 = Vec<double, 2>");
  CHECK(symbol(result, "geo::Cell").kind == SymbolKind::type);
  CHECK(symbol(result, "geo::Vec::value_type").kind == SymbolKind::type);
  CHECK(symbol(result, "geo::Vec::dimensions").kind == SymbolKind::constant);

  // Nested types.
  CHECK(symbol(result, "geo::AnyShape::Concept::area").kind == SymbolKind::method);
  CHECK(symbol(result, "geo::AnyShape::Model").signature == "template <typename S> struct Model final : Concept");
  CHECK(symbol(result, "geo::AnyShape::Model::Model").kind == SymbolKind::constructor);

  // `namespace units::length` inside geo, and `namespace geo::units::length` at file level.
  CHECK(count_symbols(result, "geo::units::length") == 2);
  CHECK(symbol(result, "geo::units::length").name == "length");
  CHECK(symbol(result, "geo::units::length::Unit").signature == "enum class Unit : long long");
  CHECK(symbol(result, "geo::units::length::Unit::kilometre").kind == SymbolKind::enum_member);
  // parse() is declared in the first and defined in the second: one symbol.
  CHECK(count_symbols(result, "geo::units::length::parse") == 1);
  CHECK(symbol(result, "geo::units::length::parse").span.start_line == 306);

  CHECK(symbol(result, "geo::total_area").signature ==
        "template <typename... Shapes> double total_area(const Shapes&... shapes)");
  CHECK(symbol(result, "geo::by_area").kind == SymbolKind::constant);
  // The deduction guide of Tagged is not a function.
  CHECK(count_symbols(result, "geo::Tagged") == 1);
  CHECK(symbol(result, "geo::geo_circle_area").doc == "A C entry point for the plugin loader.");
  const auto& hash = symbol(result, "std::hash");
  CHECK(hash.kind == SymbolKind::struct_);
  CHECK(hash.name == "hash");
  CHECK(symbol(result, "std::hash::operator()").kind == SymbolKind::method);
}

TEST_CASE("cpp: scopes of out-of-line definitions decide their kind") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(namespace util {
int clamp(int v);
}
struct Box {
  static int made;
  template <typename T> T get() const;
};

int util::clamp(int v) { return v < 0 ? 0 : v; }
int Box::made = 0;
template <typename T> T Box::get() const { return T{}; }
void Registry::add(int) {}
template <> void Pair<int>::swap() {}
)",
                      "scopes.cpp");
  CHECK(outline(result) == std::vector<std::string>{
                               "namespace util@1",
                               "struct Box@4",
                               "field Box::made@5",
                               "method Box::get@6",
                               "function util::clamp@9",
                               "field Box::made@10",
                               "method Box::get@11",
                               "method Registry::add@12",
                               "method Pair::swap@13",
                           });
}

TEST_CASE("cpp: an out-of-line destructor is a method, whatever the space after its tilde") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(Class1::Class1() {}
Class1::~Class1() {}
Class2::~ Class2() {}
ns::Class3::~  Class3() {}
)",
                      "destructors.cpp");
  CHECK(outline(result) == std::vector<std::string>{
                               "constructor Class1::Class1@1",
                               "method Class1::~Class1@2",
                               "method Class2::~Class2@3",
                               "method ns::Class3::~Class3@4",
                           });
}

TEST_CASE("cpp: functions returning function pointers and arrays of function pointers are declared") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(static int (*handler_for(int code))(int) { return 0; }
void (*signal_like(int sig, void (*func)(int)))(int);
static void (*dispatch[4])(int) = {nullptr};
typedef int (*HandlerTable[4])(void);
struct Ops {
  void (*slots[8])(int);
  void (*member_handler(int))(int);
};
)",
                      "signals.cpp");
  CHECK(outline(result) == std::vector<std::string>{"function handler_for@1", "function signal_like@2",
                                                    "variable dispatch@3", "type HandlerTable@4", "struct Ops@5",
                                                    "field Ops::slots@6", "method Ops::member_handler@7"});
}

TEST_CASE("cpp: doc comments through templates and access labels") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(/// Holds one value.
template <typename T>
class Holder {
 public:
  /// Reads it.
  T get() const;
 private:  // implementation details
  T value_;  ///< trailing: not a doc comment of the next line
  int spare_;
};
)",
                      "holder.hpp");
  CHECK(symbol(result, "Holder").doc == "Holds one value.");
  CHECK(symbol(result, "Holder::get").doc == "Reads it.");
  CHECK(symbol(result, "Holder::value_").doc.empty());
  CHECK(symbol(result, "Holder::spare_").doc.empty());
}

TEST_CASE("cpp: locals and lambdas are not symbols, local classes nest in their function") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(int run() {
  struct Local { int x; };
  auto twice = [](int v) { int doubled = v * 2; return doubled; };
  static const int kLimit = 3;
  for (int i = 0; i < kLimit; ++i) {}
  return twice(Local{1}.x);
}
auto handler = [](int code) { int adjusted = code + 1; return adjusted; };
)",
                      "locals.cpp");
  CHECK(outline(result) == std::vector<std::string>{"function run@1", "struct run::Local@2", "field run::Local::x@2",
                                                    "variable handler@8"});
  const auto* twice = reference_pointer(result, "twice", 6);
  REQUIRE(twice != nullptr);
  CHECK(enclosing_name(result, *twice) == "run");
}

TEST_CASE("cpp: syntax errors give partial results") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(class Good { void ok(); };

void broken( {
  if (x > ) { return; }
}

)) ]] ;

namespace after { int value = 1; }
)",
                      "broken.cpp");
  CHECK(result.had_syntax_errors);
  CHECK(count_symbols(result, "Good") == 1);
  CHECK(count_symbols(result, "Good::ok") == 1);
  CHECK(count_symbols(result, "after::value") == 1);
}

TEST_CASE("cpp: empty and binary input") {
  ax::lang::CppLanguage cpp;
  auto empty = parse(cpp, "", "empty.cpp");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 2654435761u) >> 24);
  garbage += "template <<<< class :: namespace {{{ operator";
  auto binary = parse(cpp, garbage, "binary.cpp");
  CHECK(binary.had_syntax_errors);
  for (const auto& s : binary.symbols) CHECK_FALSE(s.name.empty());

  auto truncated = parse(cpp, "template <typename T> class X : public Y<T", "truncated.hpp");
  CHECK(truncated.had_syntax_errors);
}

TEST_CASE("cpp: .h content check claims headers with C++ constructs") {
  ax::lang::CppLanguage cpp;
  const auto& info = cpp.info();
  CHECK(info.id == "cpp");
  for (const char* ext :
       {".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".ipp", ".tpp", ".inl", ".cppm", ".ixx", ".h"})
    CHECK(std::find(info.extensions.begin(), info.extensions.end(), ext) != info.extensions.end());
  CHECK(cpp.scope_separator() == "::");

  CHECK(cpp.check_content("widget.h", "#pragma once\nclass Widget {\n public:\n  void draw();\n};\n") ==
        Confidence::likely);
  CHECK(cpp.check_content("ns.h", "namespace ui { int scale(); }\n") == Confidence::likely);
  CHECK(cpp.check_content("tmpl.h", "template <typename T>\nT max(T a, T b);\n") == Confidence::likely);
  CHECK(cpp.check_content("scope.h", "int x = ui::scale();\n") == Confidence::likely);
  CHECK(cpp.check_content("std.h", "#include <vector>\n") == Confidence::likely);
  // Plain C, a C header's `extern "C"` guard, and C++ words only in comments are left to C.
  CHECK(cpp.check_content("plain.h", "#include <stdio.h>\nstruct point { int x, y; };\n") == Confidence::maybe);
  CHECK(
      cpp.check_content(
          "guarded.h",
          "#if defined(__cplusplus)\nextern \"C\" {\n#endif\nvoid api(void);\n#if defined(__cplusplus)\n}\n#endif\n") ==
      Confidence::maybe);
  CHECK(cpp.check_content("comment.h", "// class Foo in namespace bar::baz\nint foo(void);\n") == Confidence::maybe);
  // Never a veto for files only C++ claims.
  CHECK(cpp.check_content("odd.cpp", "int main(void) { return 0; }\n") != Confidence::no);
}

TEST_CASE("cpp: headers without namespaces, classes or templates") {
  ax::lang::CppLanguage cpp;
  CHECK(cpp.check_content("visitor.h",
                          "struct Visitor {\n  virtual ~Visitor() = default;\n  virtual void visit(int) = 0;\n};\n") ==
        Confidence::likely);
  CHECK(cpp.check_content("math.h", "inline int clamp(int v, int lo, int hi) noexcept { return v < lo ? lo : v; }\n") ==
        Confidence::likely);
  CHECK(cpp.check_content("units.h", "struct M { double v; };\nM operator\"\"_m(long double v);\n") ==
        Confidence::likely);
  CHECK(cpp.check_content("vec.h", "struct V { float x; V operator+(V o) const; };\n") == Confidence::likely);
  CHECK(cpp.check_content("cast.h", "#define AS_INT(x) static_cast<int>(x)\n") == Confidence::likely);
  CHECK(cpp.check_content("alias.h", "using Callback = void (*)(int);\n") == Confidence::likely);
  CHECK(cpp.check_content("copy.h", "struct S { S(const S&) = default; };\n") == Confidence::likely);
  // The same words used as C identifiers are not C++.
  CHECK(cpp.check_content("eq.h", "struct K { int v; };\nbool operator==(K a, K b);\n") == Confidence::likely);
  CHECK(cpp.check_content("call.h", "struct F { int operator()(int x) const; };\n") == Confidence::likely);
  CHECK(cpp.check_content("index.h", "struct A { int& operator[](int i); };\n") == Confidence::likely);
  // The same words used as C identifiers are not C++.
  CHECK(cpp.check_content("words.h", "extern int virtual;\nint operator;\nstruct op { int noexcept; int using; };\n") ==
        Confidence::maybe);
  CHECK(cpp.check_content("expr.h",
                          "struct node { char operator; };\n#define IS_PLUS(n) ((n)->operator == '+')\n"
                          "static inline int is_minus(struct node n) { return n.operator == '-'; }\n") ==
        Confidence::maybe);
  CHECK(cpp.check_content("dev.h", "extern struct class ledctl_class;\nstruct ledctl { struct class *class; };\n") ==
        Confidence::maybe);
}

TEST_CASE("cpp: Objective-C headers are not C++") {
  ax::lang::CppLanguage cpp;
  CHECK(cpp.check_content("Logging.h", "#import <os/log.h>\n@class AppLogger;\n") == Confidence::no);
  CHECK(cpp.check_content("Grid.h", "@interface Grid : NSObject\n@property (nonatomic) int rows;\n@end\n") ==
        Confidence::no);
  CHECK(cpp.check_content("Bridge.mm", "@implementation Bridge\n@end\n") != Confidence::no);
}
