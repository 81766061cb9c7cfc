#include <ax/lang/testing.hpp>
#include <ax/lang/walk_testing.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "c_language.hpp"

using namespace ax::lang::testing;

namespace {

// Constructs each pattern of queries/tags.scm has to get right, and some it must not match.
constexpr std::string_view kEdgeCases = R"(#include <stdio.h>
#include "local.h"
#define LIMIT 8
#define MAX(a, b) ((a) > (b) ? (a) : (b))

typedef struct { int x; } Anonymous, *AnonymousPointer;
typedef union { int i; float f; } AnonymousUnion;
typedef enum { RED, GREEN } Colour;
typedef struct point { int x, y; } point;
typedef struct tagged { int v; } Alias, *AliasPointer;
typedef enum level { LOW } Level;
typedef int Count, *CountPointer, **CountPointers, Counts[4];
typedef int Grid[3][3], (*GridHandlers[2][2])(int);
typedef unsigned long Size;
typedef struct forward Forward;
typedef int (*Handler)(int);
typedef char *(*Func)(void *);
typedef int Function(int);

struct record {
  int plain;
  char *pointer;
  char **pointers;
  int array[3];
  char *pointer_array[2];
  int matrix[2][3];
  char *pointer_matrix[2][2];
  void (*handler_matrix[2][2])(int);
  int (*callback)(int);
  struct record *next;
};
union value { int i; double d; };
enum flags { A = 1, B = A << 1 };

const int limit = 8, also_limit = 9;
const unsigned table[][4] = {{1, 2, 3, 4}}, plain_table[2] = {1, 2};
static int grid[3][3], *pointer_grid[2][2] = {{0}}, (*handler_grid[2][2])(int);
char *const names[2][2] = {{"a", "b"}};
const char names[] = "x";
char *const fixed = 0;
static const char *const table[] = {0};
int volatile const both = 1;
int a, *b, **c, d[2], *e[3];
int (*hook)(int);
static Count counted = 0;
struct record *head;
extern int prototype(int);
char *returns_pointer(void);
char **returns_pointers(void);
int (parenthesized)(int);
const char *(parenthesized_pointer)(int);
int (parenthesized_definition)(int x) { return x; }

int (*handler_for(int code))(int) { return 0; }
void (*signal_like(int sig, void (*func)(int)))(int);
static void (*dispatch[4])(int) = {0};
int (*handlers[2])(void);
typedef int (*HandlerTable[4])(void);
struct ops { void (*slots[8])(int); };
static char *name_of(struct record *r) { return r->pointer; }
int main(int argc, char **argv) {
  int local = MAX(1, 2);
  struct record r;
  r.callback(local);
  head->callback(1);
  printf("%d", (int)sizeof(Size));
  Count n = (Count)local;
  return handler_for(n)(0);
}
int broken( {
)";

}  // namespace

TEST_CASE("c: the tree walk extracts exactly what the tags query does") {
  ax::lang::CLanguage walked;
  QueryOnly<ax::lang::CLanguage> queried;
  for (const std::string name : {"basic.c", "advanced.c"}) {
    INFO(name);
    const std::string source = read_fixture(name);
    CHECK(dump_all(walked, source, name) == dump_all(queried, source, name));
  }
  const std::string edge = dump_all(walked, kEdgeCases, "edge.c");
  CHECK(edge == dump_all(queried, kEdgeCases, "edge.c"));
  CHECK(edge.find("sym type Alias") != std::string::npos);  // the cases above do reach the walk
  CHECK(edge.find("sym constant fixed") != std::string::npos);
  CHECK(edge.find("sym function signal_like") != std::string::npos);
  CHECK(edge.find("sym variable dispatch") != std::string::npos);
  // Arrays of two dimensions, in every shape one dimension has.
  for (const char* found :
       {"sym type Grid", "sym type GridHandlers", "sym field matrix", "sym field pointer_matrix",
        "sym field handler_matrix", "sym constant table", "sym constant plain_table", "sym variable grid",
        "sym variable pointer_grid", "sym variable handler_grid", "sym constant names"}) {
    INFO(found);
    CHECK(edge.find(found) != std::string::npos);
  }
  CHECK(edge.find("import system_include <stdio.h>") != std::string::npos);
}
