#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "c_language.hpp"

using namespace ax::lang::testing;
using ax::sdk::Confidence;
using ax::sdk::ReferenceKind;
using ax::sdk::SymbolKind;

namespace {

// The reference named `name` at `line`, or nullptr.
const ax::sdk::Reference* reference_pointer(const ax::sdk::ParseResult& result, std::string_view name,
                                            std::uint32_t line) {
  for (const auto& r : result.references)
    if (r.name == name && r.line == line) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("c: whole-file outline of a small module") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#include <stdio.h>
#define LIMIT 8

struct point { int x, y; };

typedef struct {
  struct point origin;
  int width, height;
} rect_t;

enum shape_kind { SHAPE_RECT, SHAPE_CIRCLE = 4 };

static int shapes_drawn;
const int MAX_SHAPES = 100;

int area(const rect_t *r) {
  int scale = 1;
  return r->width * r->height * scale;
}
)",
                      "shapes.c");
  CHECK(outline(result) == std::vector<std::string>{
                               "macro LIMIT@2",
                               "struct point@4",
                               "field point.x@4",
                               "field point.y@4",
                               "struct rect_t@6",
                               "field rect_t.origin@7",
                               "field rect_t.width@8",
                               "field rect_t.height@8",
                               "enum shape_kind@11",
                               "enum_member shape_kind.SHAPE_RECT@11",
                               "enum_member shape_kind.SHAPE_CIRCLE@11",
                               "variable shapes_drawn@13",
                               "constant MAX_SHAPES@14",
                               "function area@16",
                           });
  CHECK_FALSE(result.had_syntax_errors);
  const auto& area = symbol(result, "area");
  CHECK(area.signature == "int area(const rect_t *r)");
  CHECK(area.span.end_line == 19);
  CHECK(symbol(result, "rect_t.width").parent == 4);
  CHECK(symbol(result, "point.y").signature == "int x, y");
}

TEST_CASE("c: basic fixture symbols, lines and signatures") {
  ax::lang::CLanguage c;
  auto result = parse(c, read_fixture("basic.c"), "inventory.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(result.symbols.size() == 50);
  CHECK(count_kind(result, SymbolKind::function) == 15);
  CHECK(count_kind(result, SymbolKind::macro) == 4);
  CHECK(count_kind(result, SymbolKind::field) == 16);

  const auto& macro = symbol(result, "MIN");
  CHECK(macro.kind == SymbolKind::macro);
  CHECK(macro.span.start_line == 18);
  CHECK(macro.span.end_line == 18);
  CHECK(macro.signature == "#define MIN(a, b) ((a) < (b) ? (a) : (b))");

  const auto& item = symbol(result, "item");
  CHECK(item.kind == SymbolKind::struct_);
  CHECK(item.span.start_line == 38);
  CHECK(item.span.end_line == 46);
  CHECK(item.doc == "One stock record.\nRecords are chained in their hash bucket through `next`.");
  CHECK(symbol(result, "item.next").signature == "struct item *next");
  CHECK(symbol(result, "item.sku").kind == SymbolKind::field);

  // An anonymous struct takes its typedef's name; its members nest in it.
  const auto& inventory = symbol(result, "inventory_t");
  CHECK(inventory.kind == SymbolKind::struct_);
  CHECK(inventory.span.start_line == 52);
  CHECK(inventory.signature == "typedef struct { … } inventory_t");
  CHECK(inventory.doc == "The whole inventory: buckets of chained items.");
  CHECK(symbol(result, "inventory_t.buckets").signature == "item_t *buckets[BUCKET_COUNT]");

  CHECK(symbol(result, "item_t").kind == SymbolKind::type);
  CHECK(symbol(result, "item_t").signature == "typedef struct item item_t");
  CHECK(symbol(result, "hash_t").kind == SymbolKind::type);

  CHECK(symbol(result, "unit.UNIT_PALLET").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "unit.UNIT_PALLET").signature == "UNIT_PALLET = 10");

  // const objects (and arrays of const pointers) are constants; the rest are variables.
  CHECK(symbol(result, "VAT_RATE").kind == SymbolKind::constant);
  CHECK(symbol(result, "unit_names").kind == SymbolKind::constant);
  CHECK(symbol(result, "verbose").kind == SymbolKind::variable);
  CHECK(symbol(result, "lines_read").kind == SymbolKind::variable);
  CHECK(symbol(result, "lines_skipped").span.start_line == 68);

  const auto& add = symbol(result, "inventory_add");
  CHECK(add.kind == SymbolKind::function);
  CHECK(add.span.start_line == 140);
  CHECK(add.span.end_line == 160);
  CHECK(add.signature == "int inventory_add(inventory_t *inv, item_t *item)");
  CHECK(add.doc ==
        "Adds an item, or merges its quantity into an existing record with the same SKU.\nTakes ownership of `item`.");
  CHECK(symbol(result, "inventory_find").signature ==
        "item_t *inventory_find(const inventory_t *inv, const char *sku)");
  CHECK(symbol(result, "print_item").doc.empty());
}

TEST_CASE("c: prototypes are reported only when the file does not define them") {
  ax::lang::CLanguage c;
  auto basic = parse(c, read_fixture("basic.c"), "inventory.c");
  // hash_sku, parse_line and inventory_report are declared first and defined later: once each.
  CHECK(count_symbols(basic, "hash_sku") == 1);
  CHECK(symbol(basic, "hash_sku").span.start_line == 88);
  CHECK(symbol(basic, "parse_line").span.start_line == 163);
  CHECK(symbol(basic, "inventory_report").span.start_line == 229);

  auto header = parse(c, R"(#ifndef STORE_H
#define STORE_H
#include <stddef.h>

/* Opaque handle. */
typedef struct store store;

extern int store_debug;

/** Opens a store at `path`. */
store *store_open(const char *path);
void store_close(store *s);
size_t store_count(const store *s);

static inline int store_is_empty(const store *s) { return store_count(s) == 0; }

#endif
)",
                      "store.h");
  CHECK(outline(header) == std::vector<std::string>{
                               "type store@6",
                               "variable store_debug@8",
                               "function store_open@11",
                               "function store_close@12",
                               "function store_count@13",
                               "function store_is_empty@15",
                           });
  CHECK(symbol(header, "store_open").doc == "Opens a store at `path`.");
  CHECK(symbol(header, "store_open").signature == "store *store_open(const char *path)");
  CHECK(symbol(header, "store_debug").signature == "extern int store_debug");
  CHECK(symbol(header, "store").doc == "Opaque handle.");
}

TEST_CASE("c: includes keep angle brackets and lose quotes") {
  ax::lang::CLanguage c;
  auto result = parse(c, read_fixture("basic.c"), "inventory.c");
  std::vector<std::string> specifiers;
  for (const auto& import : result.imports) specifiers.push_back(import.specifier + "@" + std::to_string(import.line));
  CHECK(specifiers == std::vector<std::string>{"<errno.h>@8", "<stdio.h>@9", "<stdlib.h>@10", "<string.h>@11",
                                               "inventory.h@12", "util/strbuf.h@13"});
}

TEST_CASE("c: calls and type references with their enclosing symbol") {
  ax::lang::CLanguage c;
  auto result = parse(c, read_fixture("basic.c"), "inventory.c");
  const auto* find = reference_pointer(result, "inventory_find", 141);
  REQUIRE(find != nullptr);
  CHECK(find->kind == ReferenceKind::call);
  CHECK(find->column == 22);
  REQUIRE(find->enclosing >= 0);
  CHECK(result.symbols[static_cast<std::size_t>(find->enclosing)].name == "inventory_add");

  // A call through a function-like macro is a call too.
  const auto* min = reference_pointer(result, "MIN", 270);
  REQUIRE(min != nullptr);
  CHECK(min->kind == ReferenceKind::call);

  const auto* totals = reference_pointer(result, "report_totals", 230);
  REQUIRE(totals != nullptr);
  CHECK(totals->kind == ReferenceKind::reference);
  CHECK(result.symbols[static_cast<std::size_t>(totals->enclosing)].name == "inventory_report");

  // A field's type names the struct it uses.
  const auto* location = reference_pointer(result, "location", 44);
  REQUIRE(location != nullptr);
  CHECK(result.symbols[static_cast<std::size_t>(location->enclosing)].qualified_name == "item.where");

  CHECK(has_reference(result, "fprintf", ReferenceKind::call));
  CHECK(has_reference(result, "FILE", ReferenceKind::reference));
  // A struct definition's own name is not a use of it.
  CHECK(reference_pointer(result, "item", 38) == nullptr);
}

TEST_CASE("c: advanced fixture: macros, bit-fields, tagged unions, function pointers") {
  ax::lang::CLanguage c;
  auto result = parse(c, read_fixture("advanced.c"), "evloop.c");
  // The X-macro expansions inside an enum and an initializer are not C syntax the grammar knows;
  // everything around them is still extracted.
  CHECK(result.had_syntax_errors);
  CHECK(result.symbols.size() == 84);
  CHECK(count_kind(result, SymbolKind::macro) == 7);

  const auto& kinds = symbol(result, "EV_EVENT_KINDS");
  CHECK(kinds.span.start_line == 22);
  CHECK(kinds.span.end_line == 26);
  CHECK(kinds.signature == "#define EV_EVENT_KINDS(X)");
  CHECK(kinds.doc == "Every event kind, expanded several times below (X-macro).");
  CHECK(symbol(result, "EV_LOG").signature ==
        "#define EV_LOG(level, ...) ev_log_message((level), __FILE__, __LINE__, __VA_ARGS__)");

  CHECK(symbol(result, "ev_kind").kind == SymbolKind::enum_);
  CHECK(symbol(result, "ev_kind_t").kind == SymbolKind::type);
  CHECK(symbol(result, "ev_kind.EV_KIND_COUNT").span.start_line == 33);
  CHECK(symbol(result, "ev_kind_names").kind == SymbolKind::constant);

  CHECK(symbol(result, "ev_flags.priority").signature == "unsigned int priority : 3");

  // Members of anonymous aggregates nest under the field they declare.
  CHECK(symbol(result, "ev_value.tag").signature == "enum { … } tag");
  CHECK(symbol(result, "ev_value.tag.EV_VALUE_TEXT").kind == SymbolKind::enum_member);
  CHECK(symbol(result, "ev_value.as").signature == "union { … } as");
  CHECK(symbol(result, "ev_value.as.text.length").kind == SymbolKind::field);
  CHECK(symbol(result, "ev_value_t").signature == "typedef struct ev_value ev_value_t");

  const auto& handler_fn = symbol(result, "ev_handler_fn");
  CHECK(handler_fn.kind == SymbolKind::type);
  CHECK(handler_fn.span.start_line == 71);
  CHECK(symbol(result, "ev_free_fn").kind == SymbolKind::type);
  // `typedef struct ev_handler { … } ev_handler_t, *ev_handler_ref;`
  CHECK(symbol(result, "ev_handler").kind == SymbolKind::struct_);
  CHECK(symbol(result, "ev_handler_t").span.start_line == 82);
  CHECK(symbol(result, "ev_handler_ref").signature == "typedef struct ev_handler *ev_handler_ref");

  CHECK(symbol(result, "ev_loop.on_idle").kind == SymbolKind::field);
  CHECK(symbol(result, "ev_loop.pending.value").kind == SymbolKind::field);
  CHECK(symbol(result, "ev_loop.pending_tail").signature == "size_t pending_head, pending_tail");
  CHECK(symbol(result, "ev_command.run").signature == "int (*run)(struct ev_loop *loop, int argc, char **argv)");

  // Declarations without a definition in this file stay searchable.
  CHECK(symbol(result, "ev_debug_level").kind == SymbolKind::variable);
  CHECK(symbol(result, "ev_platform_init").kind == SymbolKind::function);
  CHECK(symbol(result, "ev_poll_fds").span.start_line == 106);
  // ev_log_message is declared (with an attribute) and defined: reported once, at its definition.
  CHECK(count_symbols(result, "ev_log_message") == 1);
  CHECK(symbol(result, "ev_log_message").span.start_line == 115);

  CHECK(symbol(result, "ev_kind_name").signature == "static inline const char *ev_kind_name(ev_kind_t kind)");
  CHECK(symbol(result, "ev_stop").span.start_line == 236);
  CHECK(symbol(result, "ev_commands").kind == SymbolKind::constant);
  const auto& returns_pointer = symbol(result, "ev_command_function");
  CHECK(returns_pointer.kind == SymbolKind::function);
  CHECK(returns_pointer.signature == "int (*ev_command_function(const char *name))(struct ev_loop *, int, char **)");

  // Both branches of #ifdef/#else define ev_selftest.
  CHECK(count_symbols(result, "ev_selftest") == 2);
  CHECK(symbol(result, "count_timer").span.start_line == 303);
  CHECK(has_import(result, "evloop/config.h"));
  CHECK(has_reference(result, "ev_dispatch", ReferenceKind::call));
  CHECK(has_reference(result, "ev_value_t", ReferenceKind::reference));
}

TEST_CASE("c: doc comments are the comments directly above, each alone on its line") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(int first; // trails `first`
int second;

// Line one
// line two
int third;

/* Detached by a blank line. */

int fourth;
/**
 * Block doc.
 */
struct fifth { int a; };
)",
                      "docs.c");
  CHECK(symbol(result, "first").doc.empty());
  CHECK(symbol(result, "second").doc.empty());
  CHECK(symbol(result, "third").doc == "Line one\nline two");
  CHECK(symbol(result, "fourth").doc.empty());
  CHECK(symbol(result, "fifth").doc == "Block doc.");
}

TEST_CASE("c: locals are not symbols, types defined in a function nest in it; include guards are not macros") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#ifndef UTIL_H
#define UTIL_H
#define UTIL_API

static int helper(int n) {
  static int calls = 0;
  struct pair { int a, b; } p = {n, n};
  enum { LOCAL_A } local_kind = LOCAL_A;
  int (*fn)(int) = 0;
  calls++;
  return p.a + p.b + local_kind + (fn ? fn(n) : 0);
}

#endif
)",
                      "util.h");
  CHECK(outline(result) == std::vector<std::string>{"macro UTIL_API@3", "function helper@5", "struct helper.pair@7",
                                                    "field helper.pair.a@7", "field helper.pair.b@7",
                                                    "enum_member helper.local_kind.LOCAL_A@8"});
  // (An anonymous enum's members are named through the variable it types, as at file level.)
  // References inside the dropped locals belong to the function.
  const auto* call = reference_pointer(result, "fn", 11);
  REQUIRE(call != nullptr);
  CHECK(result.symbols[static_cast<std::size_t>(call->enclosing)].name == "helper");
}

TEST_CASE("c: K&R parameter declarations are parameters; a parenthesized name declares a function") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#define lua_gettop(L) 0
uLong adler32(adler, buf, len)
    uLong adler;
    const Bytef *buf;
    uInt len;
{
    return adler;
}
LUA_API int (lua_gettop) (lua_State *L);
LUA_API const char *(lua_typename) (lua_State *L, int tp);
int (lua_absindex) (lua_State *L, int idx) { return idx; }
int (*hook)(int);
)",
                      "lapi.c");
  CHECK(outline(result) == std::vector<std::string>{"macro lua_gettop@1", "function adler32@2", "function lua_gettop@9",
                                                    "function lua_typename@10", "function lua_absindex@11",
                                                    "variable hook@12"});
}

TEST_CASE("c: functions returning function pointers and arrays of function pointers are declared") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(void (*signal_like(int sig, void (*func)(int)))(int);
static void (*dispatch[4])(int) = {0};
int (*handlers[2])(void);
typedef int (*HandlerTable[4])(void);
struct ops { void (*slots[8])(int); int (*one)(int); };
)",
                      "signals.c");
  CHECK(outline(result) == std::vector<std::string>{"function signal_like@1", "variable dispatch@2",
                                                    "variable handlers@3", "type HandlerTable@4", "struct ops@5",
                                                    "field ops.slots@5", "field ops.one@5"});
}

TEST_CASE("c: syntax errors give partial results") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(struct ok { int a; };

int broken(int x) {
  return x + ;
}

)) 42 ]] ;

int after(void) { return 1; }
)",
                      "broken.c");
  CHECK(result.had_syntax_errors);
  CHECK(outline(result) ==
        std::vector<std::string>{"struct ok@1", "field ok.a@1", "function broken@3", "function after@9"});
  CHECK(symbol(result, "broken").span.end_line == 5);
}

TEST_CASE("c: empty, comment-only and binary input") {
  ax::lang::CLanguage c;
  auto empty = parse(c, "", "empty.c");
  CHECK(empty.symbols.empty());
  CHECK(empty.imports.empty());
  CHECK(empty.references.empty());
  CHECK_FALSE(empty.had_syntax_errors);

  auto comments = parse(c, "/* nothing */\n// here\n", "comments.c");
  CHECK(comments.symbols.empty());

  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  garbage += std::string_view("\x00\xff{{{(((;;;#define\n#include <", 29);
  REQUIRE(garbage.size() == 4096 + 29);
  auto binary = parse(c, garbage, "binary.c");
  CHECK(binary.had_syntax_errors);
  for (const auto& s : binary.symbols) CHECK_FALSE(s.name.empty());

  // Unbalanced braces and a truncated declarator must not crash either.
  auto truncated = parse(c, "struct s { int a; int (*f)(", "truncated.c");
  CHECK(truncated.had_syntax_errors);
}

TEST_CASE("c: .h content check prefers C for plain C headers") {
  ax::lang::CLanguage c;
  CHECK(c.info().id == "c");
  CHECK(std::find(c.info().extensions.begin(), c.info().extensions.end(), ".h") != c.info().extensions.end());
  CHECK(c.check_content("store.h", "#include <stddef.h>\ntypedef struct store store;\nint store_open(void);\n") ==
        Confidence::likely);
  // C headers wrap their declarations for C++ callers; that is still C.
  CHECK(c.check_content(
            "api.h", "#ifdef __cplusplus\nextern \"C\" {\n#endif\nint api(void);\n#ifdef __cplusplus\n}\n#endif\n") ==
        Confidence::likely);
  // C++ words in comments and strings do not count.
  CHECK(c.check_content("doc.h", "/* see std::vector and class Foo */\nconst char *s = \"a::b\";\n") ==
        Confidence::likely);
  CHECK(c.check_content("widget.h", "namespace ui {\nclass Widget;\n}\n") == Confidence::maybe);
  CHECK(c.check_content("vec.h", "#include <vector>\n") == Confidence::maybe);
  // A struct tagged `class` (Linux's device model) is C; `enum class` is not.
  CHECK(c.check_content("ledctl.h", "struct ledctl { struct class *class; };\nextern struct class ledctl_class;\n") ==
        Confidence::likely);
  CHECK(c.check_content("color.h", "enum class Color { red, green };\n") == Confidence::maybe);
  // Never a veto: a .c file is C whatever it contains.
  CHECK(c.check_content("odd.c", "template <typename T> T id(T);\n") != Confidence::no);
  CHECK(c.check_content("odd.c", "@interface Foo\n@end\n") != Confidence::no);
}

TEST_CASE("c: Objective-C headers are not C") {
  ax::lang::CLanguage c;
  CHECK(c.check_content("View.h", "#import <UIKit/UIKit.h>\n\n@interface View : UIView\n- (void)draw;\n@end\n") ==
        Confidence::no);
  CHECK(c.check_content("Bridging-Header.h", "#import \"GeneratedPluginRegistrant.h\"\n") == Confidence::no);
  CHECK(c.check_content("LOG.H", "@class Logger;\n@protocol Sink <NSObject>\n- (void)write:(NSString *)s;\n@end\n") ==
        Confidence::no);
  // Directives mentioned in comments or strings, and an e-mail address, are not Objective-C.
  CHECK(c.check_content("doc.h", "/* @interface is Objective-C\n@end */\nconst char *who = \"a@end\";\n") ==
        Confidence::likely);
  CHECK(c.check_content("mail.h", "#define OWNER \"ops@example.com\"\n") == Confidence::likely);
}
