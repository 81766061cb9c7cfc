#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "cpp_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"(#include <vector>
#include "local.hpp"
#define LIMIT 8
#define MAX(a, b) ((a) > (b) ? (a) : (b))
using namespace std;
using std::string;

namespace outer::inner { int nested_value; }
namespace app {
using std::vector;
typedef struct { int x; } Anonymous, *AnonymousPointer;
typedef union { int i; float f; } AnonymousUnion;
typedef enum { RED, GREEN } Colour;
typedef struct point { int x, y; } point;
typedef struct tagged { int v; } Alias, *AliasPointer;
typedef class klass { int k; } KlassAlias;
typedef int Count, *CountPointer, &CountReference, Counts[4];
typedef unsigned long Size;
typedef std::string Text;
typedef std::vector<int> Numbers;
typedef decltype(nullptr) Null;
typedef struct forward Forward;
typedef class Later LaterAlias;
typedef int (*Handler)(int);
typedef char *(*Func)(void *);
typedef int Function(int);
using Callback = void (*)(int);
template <typename T> concept Small = sizeof(T) < 8;

enum class Level : int { low, high };
union Value { int i; double d; };
struct Forwarded;
class Widget : public Base, protected std::enable_shared_from_this<Widget>, private a::b::Mixin {
 public:
  using Base::Base;
  Widget();
  ~Widget();
  explicit operator bool() const;
  Widget& operator=(const Widget&);
  int* pointer_method();
  int** pointer_pointer_method();
  const std::string& name() const;
  virtual void draw(Canvas& canvas, std::optional<Style> style = {}, ...) = 0;
  static constexpr int limit = 8;
  static const int sizes[3];
  constexpr static int not_constant = 1;
  int plain;
  char* pointer;
  char** pointers;
  int& reference;
  int array[3];
  char* pointer_array[2];
  int (*callback)(int);
  std::vector<Widget*> children;
  a::b::c::Deep deep;
  template <typename U> void templated(U u);
};
Widget::Widget() {}
Widget::~Widget() {}
Widget::operator bool() const { return true; }
Widget& Widget::operator=(const Widget&) { return *this; }
int* Widget::pointer_method() { return nullptr; }
int** Widget::pointer_pointer_method() { return nullptr; }
const std::string& Widget::name() const { static std::string n; return n; }
template <> void Widget::templated<int>(int) {}
template class std::vector<Widget>;

const int limit = 8, also_limit = 9;
constexpr char names[] = "x";
constinit int initialised = 1;
const int app_scope::qualified = 2;
char* const fixed = nullptr;
static const char* const table[] = {nullptr};
int a, *b, **c, &d = a, e[2];
int (*hook)(int);
int app_scope::defined_elsewhere = 3;
std::map<std::string, std::vector<int>> lookup;

int (*handler_for(int code))(int) { return nullptr; }
int main(int argc, char** argv) {
  using namespace app;
  int local = MAX(1, 2);
  Widget w;
  w.draw(canvas);
  std::make_unique<Widget>(1);
  auto cast = static_cast<long>(local);
  a::b::helper(1);
  a::helper(2);
  w.template templated<int>(3);
  w->callback(4);
  a::make<Widget>(5);
  auto* p = new Widget();
  auto* q = new std::vector<int>();
  auto* r = new a::b::Widget();
  auto* s = new ns::Widget;
  for (const std::string& item : items) {}
  for (Item item : items) {}
  std::chrono::system_clock::time_point now;
  return sizeof(Size) + (int)local;
}
#ifdef FEATURE
using feature::Thing;
#elif OTHER
using other::Thing;
#else
using fallback::Thing;
#endif
}
static int (*handler_for(int code))(int) { return 0; }
void (*signal_like(int sig, void (*func)(int)))(int);
static void (*dispatch[4])(int) = {nullptr};
typedef int (*HandlerTable[4])(void);
struct Ops { void (*slots[8])(int); void (*member_handler(int))(int); };
int broken( {
)";

}  // namespace

TEST_CASE("cpp: the tree walk extracts exactly what the tags query does") {
  ax::lang::CppLanguage walked;
  QueryOnly<ax::lang::CppLanguage> queried;
  for (const std::string name : {"basic.cpp", "advanced.hpp"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "edge.cpp");
  CHECK(edge == dump_all(queried, kEdgeCases, "edge.cpp"));
  // The cases above do reach the walk.
  CHECK(edge.find("sym type KlassAlias") != std::string::npos);
  CHECK(edge.find("sym constant limit q=app::Widget::limit") != std::string::npos);
  CHECK(edge.find("import using std::string") != std::string::npos);
  CHECK(edge.find("ref call Widget@") != std::string::npos);
  CHECK(edge.find("sym function signal_like") != std::string::npos);
  CHECK(edge.find("sym variable dispatch") != std::string::npos);
}
