// Macro-aware parsing of C (macro_blanking.hpp): each rule with an input that needs it. Without the
// rule each of these files has syntax errors and loses declarations.
#include <tree_sitter/api.h>
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ax/lang/testing.hpp>

#include "c_language.hpp"
#include "macro_blanking.hpp"

extern "C" const TSLanguage* tree_sitter_c();

using namespace ax::lang::testing;
using ax::sdk::SymbolKind;

TEST_CASE("c macros: attribute macros before, inside and after declarations") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#include <stdio.h>

extern bool freading (FILE *stream) _GL_ATTRIBUTE_PURE;
void *xmalloc (size_t n) _GL_ATTRIBUTE_MALLOC _GL_ATTRIBUTE_ALLOC_SIZE ((1));
int c_snprintf (char *str, size_t size, const char *format, ...) _GL_ATTRIBUTE_FORMAT ((printf, 3, 4));
static bool _GL_ATTRIBUTE_PURE
is_open (_GL_UNUSED int fd, char *_UC_RESTRICT name)
{
  return name != 0;
}
DLL_EXPORTED int gl_lock_count;
)",
                      "freading.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function freading@3",
                               "function xmalloc@4",
                               "function c_snprintf@5",
                               "function is_open@6",
                               "variable gl_lock_count@11",
                           });
}

TEST_CASE("c macros: declaration wrappers, type-taking export macros, extern \"C\" conditionals") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#ifdef __cplusplus
extern "C" {
#endif
_GL_INLINE_HEADER_BEGIN

YAML_DECLARE(int)
yaml_parser_initialize(yaml_parser_t *parser);

_GL_INLINE_HEADER_END
#ifdef __cplusplus
}
#endif
)",
                      "yaml.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function yaml_parser_initialize@6"});
}

TEST_CASE("c macros: configure templates (@VAR@ substitutions)") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#ifndef _@GUARD_PREFIX@_FOO_H
@PRAGMA_SYSTEM_HEADER@
#@INCLUDE_NEXT@ @NEXT_FOO_H@
#define _@GUARD_PREFIX@_FOO_H
#if @GNULIB_FOO_INIT@
int foo_init (void);
#endif
#endif
)",
                      "foo.in.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(symbol(result, "foo_init").kind == SymbolKind::function);
}

TEST_CASE("c macros: a macro standing alone at the end of a file") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(int
__euidaccess (const char *file, int mode)
{
  return 0;
}
weak_alias (__euidaccess, euidaccess)
)",
                      "euidaccess.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function __euidaccess@1"});
}

TEST_CASE("c macros: type arguments of macro calls, function heads split by conditionals") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#if HAVE_LONG_NAMES
int open_entry (const char *name, int flags) {
#else
int open_entry (const char *name) {
#endif
  struct entry *result = XMALLOC (struct entry);
  const char *next = va_arg (args, const char *);
  return result != 0 && next != 0;
}
)",
                      "entry.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function open_entry@2"});
}

TEST_CASE("c: typedefs of pointers to functions returning pointers") {
  ax::lang::CLanguage c;
  auto result = parse(c, "typedef char *(*CompletionFunc) (void *data);\ntypedef int (*CompareFunc) (int a, int b);\n",
                      "completion.h");
  CHECK(outline(result) == std::vector<std::string>{"type CompletionFunc@1", "type CompareFunc@2"});
}

TEST_CASE("c macros: availability macros after enumerators and typedef names") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(typedef enum {
  G_FLAG_NONE GLIB_AVAILABLE_ENUMERATOR_IN_2_74 = 0,
  G_FLAG_OLD GLIB_DEPRECATED_ENUMERATOR_IN_2_32_FOR(G_FLAG_NEW) = 1,
  G_FLAG_NEW
} GFlags;
typedef gint32 GTime GLIB_DEPRECATED_TYPE_IN_2_62_FOR(GDateTime);
)",
                      "gflags.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"enum GFlags@1", "enum_member GFlags.G_FLAG_NONE@2",
                                                    "enum_member GFlags.G_FLAG_OLD@3",
                                                    "enum_member GFlags.G_FLAG_NEW@4", "type GTime@6"});
}

TEST_CASE("c macros: #undef between a function's head and body, statement macros, offsetof designators") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(float
logf (float x)
#undef logf
{
  idx_t end_idx IF_LINT (= 0);
  if (num >= BITSET_WORD_BITS)
    BITSET_FOR_EACH_BIT (pos, word)
      list[count++] = pos;
  TRY_MSVC_INVAL
    {
      result = raise (sig);
    }
  ASYNCSAFE(volatile) node->key = key;
  return offsetof (struct special_casing_rule, upper[0]) + x;
}
#if 0
#else
int
utime (const char *name)
# undef utime
{
  return 0;
}
#endif
static size_t header_size = offsetof (union bitset_union, a.words);
)",
                      "gnulib.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function logf@1",
                               "function utime@18",
                               "variable header_size@25",
                           });
}

TEST_CASE("c macros: a lowercase macro call standing for declarations before a blank line") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(int euidaccess (const char *file, int mode)
{
  return 0;
}
#ifdef weak_alias
weak_alias (__euidaccess, euidaccess)
#endif

static void
cleanup (void)
{
}
)",
                      "euidaccess.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function euidaccess@1", "function cleanup@9"});
}

TEST_CASE("c macros: a conditional whose first branch ends in a dangling else") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(const char *
tmpdir (const char *dir)
{
  if (dir == NULL)
    {
#if defined _WIN32
      if (direxists (dirbuf))
        dir = dirbuf;
      else
#endif
      if (direxists (P_tmpdir))
        dir = P_tmpdir;
    }
  return dir;
}
static int after;
)",
                      "tmpdir.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function tmpdir@1", "variable after@16"});
}

TEST_CASE("c macros: a conditional with a branch ending inside a construct keeps its first branch") {
  ax::lang::CLanguage c;
  const std::string source = R"(#ifdef STATIC
STATIC
#else
extern
#endif
int fetch_arguments (int n);

char *
relocate (const char *p)
{
  char *memory = xmalloc (1);
#ifdef NO_XMALLOC
  if (memory != NULL)
#endif
    {
      memory[0] = 0;
    }
  while (getenv (p))
#if !VOID_UNSETENV
    result =
#endif
      unsetenv (p);
  return memory;
}
#if defined _WIN32
int windows_only (void);
#else
int posix_only (void);
#endif
)";
  auto result = parse(c, source, "relocatable.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function fetch_arguments@6",
                               "function relocate@8",
                               "function windows_only@26",
                               "function posix_only@28",
                           });
  // Complete branches stay as written: the grammar reads each, and their declarations count.
  auto blanked = ax::lang::blank_unparsable_macros(source, ax::lang::CDialect::c);
  REQUIRE(blanked);
  CHECK(blanked->substr(blanked->find("int windows_only")) == source.substr(source.find("int windows_only")));
  CHECK(blanked->find("#ifdef NO_XMALLOC") == std::string::npos);
}

TEST_CASE("c macros: lower-case macros in declarations, parameter-name macros, prototype macros") {
  ax::lang::CLanguage c;
  const std::string source = R"(__time64_t
__timegm64 (struct tm *tmp)
{
  return 0;
}
char *
attribute_compat_text_section
old_realpath (const char *name, char *resolved)
{
  return 0;
}
extern const struct locale_data _nl_C_LC_TIME attribute_hidden;
int
AT_FUNC_NAME (int fd, char const *file AT_FUNC_POST_FILE_PARAM_DECLS)
{
  return fd;
}
typedef voidpf (*alloc_func) OF((voidpf opaque, uInt items, uInt size));
int deflate OF((z_streamp strm, int flush));
weak_alias (__setenv, setenv)
weak_alias (__clearenv, clearenv)

link_warning (re_max_failures, "obsolete")
int re_max_failures = 2000;
unsigned long int counter;
my_type value;
int
old_style (a, b)
  int a; int b;
{
  return a;
}
)";
  auto result = parse(c, source, "realpath.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function __timegm64@1", "function old_realpath@6", "constant _nl_C_LC_TIME@12",
                               "function AT_FUNC_NAME@13", "type alloc_func@18", "function deflate@19",
                               "variable re_max_failures@24", "variable counter@25", "variable value@26",
                               "function old_style@27",  // its K&R parameter declarations are no symbols
                           });
  auto blanked = ax::lang::blank_unparsable_macros(source, ax::lang::CDialect::c);
  REQUIRE(blanked);
  // Types, names and K&R heads are left alone.
  for (std::string_view kept :
       {"__time64_t", "unsigned long int counter;", "my_type value;", "old_style (a, b)", "int a; int b;"})
    CHECK(blanked->find(kept) != std::string::npos);
}

TEST_CASE("c macros: a long or macro-defining branch is never blanked for an incomplete one") {
  const std::string source = R"(#if defined ALREADY_INCLUDING
extern
#else
# define GUARD 1
int kept_declaration (void);
#endif
)";
  auto blanked = ax::lang::blank_unparsable_macros(source, ax::lang::CDialect::c);
  CHECK((!blanked || *blanked == source));
}

TEST_CASE("c macros: C++ branches, comments ending continued #defines, conditionals inside if statements") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#if defined __GNUC__
# define sa_alignof __alignof__
#elif defined __cplusplus
  template <class type> struct sa_alignof_helper { char slot1; type slot2; };
#endif
enum { sa_alignment_longlong = sa_alignof (long long) };
#if GNULIB_XALLOC && defined __cplusplus
template <typename T> inline T *xrealloc (T *p, size_t s);
#endif
#define EXPONENT_BOUND(min, max)  \
  (-100 < (min) && (max) < 100 ? 3 \
   : INT_STRLEN_BOUND (int) /* not a tight bound */)
int parse (int flags, const char *cp)
{
  int type = 0;
  if (*cp == '0')
    {
      type = 1;
    }
#if __GLIBC__ >= 2
  else if (*cp == 'I')
    {
      type = 2;
    }
#endif
  if (flags >= 8)
#if HAVE_WINT_T
    type = 3;
#else
    abort ();
#endif
  return type;
}
)",
                      "malloca.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "macro sa_alignof@2",
                               "enum_member sa_alignment_longlong@6",
                               "macro EXPONENT_BOUND@10",
                               "function parse@13",
                           });
}

TEST_CASE(
    "c macros: macros concatenated with strings, qualifier words before built-in types, null directives, operator "
    "arguments") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(#
#  // a null directive, with a comment
static const char *usage = "usage: " PROGRAM_NAME " [options]";
static nonneg int count_lines(const char *path);
void print_size(FILE *f, int64_t size) {
  fprintf(f, "%" PRId64 "\n", size);
  g_assert_cmpint(size, >=, 0);
  (void)timercmp(&a, &b, <);
}
register_module(demo, "1.0")
)",
                      "demo.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "variable usage@3",
                               "function count_lines@4",
                               "function print_size@5",
                           });
}

// The C idioms (c_idioms.hpp): each snippet has syntax errors as written (checked on a plain parse)
// and none once rewritten, with every declaration in the outline.
namespace {

bool plain_parse_has_errors(std::string_view source) {
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser(ts_parser_new(), ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_c());
  std::unique_ptr<TSTree, void (*)(TSTree*)> tree(
      ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())),
      ts_tree_delete);
  return ts_node_has_error(ts_tree_root_node(tree.get()));
}

std::vector<std::string> clean_outline(std::string_view source, std::string_view path) {
  ax::lang::CLanguage c;
  CHECK(plain_parse_has_errors(source));
  auto result = parse(c, source, path);
  CHECK_FALSE(result.had_syntax_errors);
  return outline(result);
}

}  // namespace

TEST_CASE("c idioms: lower-case and function-like macros among a function's specifiers") {
  CHECK(clean_outline(R"(static ngx_inline ngx_int_t
ngx_array_push(ngx_array_t *a)
{
    return 0;
}
void ngx_cdecl
ngx_log_error_core(ngx_uint_t level, const char *fmt, ...)
{
}
static void printflike(1, 2) log_vwrite(const char *msg, ...);
)",
                      "ngx.c") == std::vector<std::string>{
                                      "function ngx_array_push@1",
                                      "function ngx_log_error_core@6",
                                      "function log_vwrite@10",
                                  });
}

TEST_CASE("c idioms: type-producing macros declaring variables and members") {
  CHECK(clean_outline(R"(struct peer {
	TAILQ_HEAD(, imsg) queue;
	int fd;
};
static RB_HEAD(jobs, job) all_jobs = RB_INITIALIZER(&all_jobs);
)",
                      "queue.c") == std::vector<std::string>{
                                        "struct peer@1",
                                        "field peer.queue@2",
                                        "field peer.fd@3",
                                        "variable all_jobs@5",
                                    });
}

TEST_CASE("c idioms: loop macros before a block or a statement") {
  CHECK(clean_outline(R"(int count(struct list *head)
{
	int n = 0;
	TAILQ_FOREACH(item, head, entry) {
		n++;
	}
	jv_array_foreach(a, i, x)
		n += i;
	return n;
}
int after(void) { return 1; }
)",
                      "loops.c") == std::vector<std::string>{"function count@1", "function after@11"});
}

TEST_CASE("c idioms: unit macros after numbers, cast macros before operands, type arguments") {
  CHECK(clean_outline(R"(static const size_t sizes[] = { 64 KB, 4 MB };
int run(va_list ap, const char *name)
{
	long *p = va_arg(ap, curl_off_t *);
	Node *node = cast(Node *, p);
	int r = xmlStrEqual(BAD_CAST name, BAD_CAST "file");
	return r;
}
)",
                      "units.c") == std::vector<std::string>{"constant sizes@1", "function run@2"});
}

TEST_CASE("c idioms: attribute macros after a parameter, named variadic macro parameters") {
  CHECK(clean_outline(R"(#define debug(args...) fprintf(stderr, args)
int main(int argc ATTRIBUTE_UNUSED, char *argv[] G_GNUC_UNUSED)
{
	return 0;
}
)",
                      "main.c") == std::vector<std::string>{"macro debug@1", "function main@2"});
}

TEST_CASE("c idioms: conditionals splitting an expression or opening an else branch") {
  CHECK(clean_outline(R"(static int empty(struct r *r)
{
    return queue_empty(&r->a)
#if (HAVE_INET6)
           && queue_empty(&r->b)
#endif
           && queue_empty(&r->c);
}
int init(int version)
{
    if (version == 2) {
        return 2;
#ifdef SAX1_ENABLED
    } else if (version == 1) {
        return 1;
#endif
    } else
        return -1;
}
)",
                      "cond.c") == std::vector<std::string>{"function empty@1", "function init@9"});
}

TEST_CASE("c idioms: labels before a directive or a closing brace") {
  CHECK(clean_outline(R"(int copy(int fd)
{
	if (fd < 0)
		goto out;
	fd = 1;
out:
#ifdef DEBUG
	trace(fd);
#endif
	return fd;
}
void stop(void)
{
	goto done;
done:
}
)",
                      "labels.c") == std::vector<std::string>{"function copy@1", "function stop@12"});
}

TEST_CASE("c idioms: conditionals around an else branch or after else") {
  CHECK(clean_outline(R"(int family(int f)
{
	int size;
	if (f == 4)
		size = 16;
#ifdef ENABLE_IPV6
	else if (f == 6)
		size = 28;
#endif
	else
		size = 0;
	return size;
}
)",
                      "family.c") == std::vector<std::string>{"function family@1"});
}

TEST_CASE("c idioms: a one-argument type macro is left to the grammar") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(struct item {
	TAILQ_ENTRY(item) entry;
	int value;
};
)",
                      "item.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"struct item@1", "field item.entry@2", "field item.value@3"});
}

TEST_CASE("c idioms: an asm label after a prototype is no specifier macro") {
  ax::lang::CLanguage c;
  auto result = parse(c, R"(int
getgroups (_GL_UNUSED int n, _GL_UNUSED GETGROUPS_T *groups)
{
  return -1;
}
int posix_getgroups (int, gid_t []) __asm ("_getgroups");
)",
                      "getgroups.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function getgroups@1", "function posix_getgroups@6"});
}
