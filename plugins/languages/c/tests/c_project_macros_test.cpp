// Project macros (project_macros.hpp): the table learnt from a project's own `#define`s, the blanking
// of its macros in a file that parsed with errors, and the C parser told the project
// (sdk::ProjectAwareParser) reading declarations that use them.
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <ax/lang/testing.hpp>

#include "c_language.hpp"
#include "project_macros.hpp"

using namespace ax::lang;
using namespace ax::lang::testing;
using ax::sdk::SymbolKind;

namespace {

MacroTable table_of(std::string_view text, const MacroTable* outer = nullptr) {
  MacroDefinitions definitions;
  definitions.add_file(text);
  return definitions.classify(outer);
}

// A project on disk, as the pipeline would show it to a parser.
class TestProject final : public ax::sdk::ProjectContext {
 public:
  TestProject() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ax-project-macros.XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TestProject() override {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  void write(const std::string& path, std::string_view text) {
    std::filesystem::create_directories((std::filesystem::path(root_) / path).parent_path());
    std::ofstream(std::filesystem::path(root_) / path, std::ios::binary) << text;
    files_.push_back(path);
  }
  const std::string& root() const override { return root_; }
  const std::vector<std::string>& files() const override { return files_; }
  std::shared_ptr<const void> shared_data(std::string_view key,
                                          const std::function<std::shared_ptr<const void>()>& build) const override {
    std::lock_guard lock(mutex_);
    auto& data = data_[std::string(key)];
    if (!data) {
      burn_thread_cpu(build_cpu_cost);
      data = build();
      ++builds;
    }
    return data;
  }
  mutable int builds = 0;
  std::chrono::milliseconds build_cpu_cost{0};  // CPU time spent by each build, on the caller's thread

  static void burn_thread_cpu(std::chrono::milliseconds cost) {
    const auto now = [] {
      timespec spec{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec);
      return std::chrono::seconds(spec.tv_sec) + std::chrono::nanoseconds(spec.tv_nsec);
    };
    const auto end = now() + cost;
    while (now() < end) {
    }
  }

 private:
  std::string root_;
  std::vector<std::string> files_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const void>> data_;
};

ax::sdk::ParseResult parse_in(const ax::sdk::LanguagePlugin& language, std::shared_ptr<const TestProject> project,
                              std::string_view source, std::string_view path) {
  auto parser = language.make_parser();
  auto* aware = dynamic_cast<ax::sdk::ProjectAwareParser*>(parser.get());
  REQUIRE(aware != nullptr);
  aware->set_project(std::move(project));
  return parser->parse(source, path);
}

// The outline of `source` read as `path` of `project`, after checking that the file needs the
// project's macros (errors without them) and parses without errors with them.
std::vector<std::string> outline_with_project_macros(std::shared_ptr<const TestProject> project,
                                                     std::string_view source, std::string_view path) {
  CLanguage c;
  CHECK(parse(c, source, path).had_syntax_errors);
  const auto result = parse_in(c, std::move(project), source, path);
  CHECK_FALSE(result.had_syntax_errors);
  return outline(result);
}

}  // namespace

TEST_CASE("project macros: bodies made of specifiers and attributes are blankable, others are not") {
  const MacroTable table = table_of(R"(
#define EMPTY
#define MYAPI __attribute__((visibility("default")))
#define DLL __declspec(dllexport)
#define FORCE static __forceinline
#define NODISCARD [[nodiscard]]
#define CALL __stdcall
#define LINKAGE extern "C"
#define BEGIN_C extern "C" {
#define END_C }
#define FORMAT(a, b) __attribute__((format(printf, a, b)))
#define UNUSED_ARG(x)
#define NUMBER 42
#define EXPRESSION (a + b)
#define TYPE int
#define IDENTITY(x) x
#define CALLS_FUNCTION f()
#define VARIADIC(...) __VA_ARGS__
#define UNKNOWN_DEPENDENCY SOMETHING_ELSE
#define STRING "text"
)");
  for (const char* name : {"EMPTY", "MYAPI", "DLL", "FORCE", "NODISCARD", "CALL", "LINKAGE", "BEGIN_C", "END_C"})
    CHECK(table.find(name) == MacroForm::object);
  CHECK(table.find("FORMAT") == MacroForm::function);
  CHECK(table.find("UNUSED_ARG") == MacroForm::function);
  CHECK(table.find("IDENTITY") == MacroForm::wrapper);  // its argument stays: see the wrapper tests
  for (const char* name :
       {"NUMBER", "EXPRESSION", "TYPE", "CALLS_FUNCTION", "VARIADIC", "UNKNOWN_DEPENDENCY", "STRING", "SOMETHING_ELSE"})
    CHECK_FALSE(table.find(name));
  CHECK(table.size() == 12);
}

TEST_CASE("project macros: macros defined by other macros, transitively, each in the form it is used in") {
  const MacroTable table = table_of(R"(
#define VISIBLE __attribute__((visibility("default")))
#define EXPORT VISIBLE
#define PUBLIC_API EXPORT inline
#define ATTR(x) __attribute__((x))
#define COLD ATTR(cold)
#define WRONG_FORM ATTR
#define BAD_BASE 1
#define BAD_MIDDLE BAD_BASE
#define BAD_TOP BAD_MIDDLE __attribute__((used))
#define SELF SELF
#define LOOP_A LOOP_B
#define LOOP_B LOOP_A
)");
  CHECK(table.find("EXPORT") == MacroForm::object);
  CHECK(table.find("PUBLIC_API") == MacroForm::object);
  CHECK(table.find("COLD") == MacroForm::object);
  CHECK_FALSE(table.find("WRONG_FORM"));  // ATTR is function-like: its name alone is not blankable
  CHECK_FALSE(table.find("BAD_MIDDLE"));
  CHECK_FALSE(table.find("BAD_TOP"));
  CHECK_FALSE(table.find("SELF"));
  CHECK_FALSE(table.find("LOOP_A"));  // the preprocessor stops expanding a cycle: LOOP_A stays
  CHECK_FALSE(table.find("LOOP_B"));

  // A file's own definitions build on the project's table.
  const MacroTable own = table_of("#define LOCAL_API PUBLIC_API\n#define LOCAL_BAD BAD_TOP\n", &table);
  CHECK(own.find("LOCAL_API") == MacroForm::object);
  CHECK_FALSE(own.find("LOCAL_BAD"));
}

TEST_CASE("project macros: a name counts only if every definition is blankable, in one form") {
  const MacroTable table = table_of(R"(
#ifdef _WIN32
#  define API __declspec(dllexport)
#  define INLINE __inline
#  define DEBUG_ONLY(x)
#  define MIXED
#else
#  define API __attribute__((visibility("default")))
#  define INLINE inline
#  define DEBUG_ONLY(x) check(x)
#  define MIXED(x)
#endif
)");
  CHECK(table.find("API") == MacroForm::object);
  CHECK(table.find("INLINE") == MacroForm::object);
  CHECK_FALSE(table.find("DEBUG_ONLY"));
  CHECK_FALSE(table.find("MIXED"));
  // Across files, too: a later non-blankable definition withdraws the name.
  MacroDefinitions definitions;
  definitions.add_file("#define FLAG\n");
  CHECK(definitions.classify().find("FLAG") == MacroForm::object);
  definitions.add_file("#define FLAG 1\n");
  CHECK_FALSE(definitions.classify().find("FLAG"));
  CHECK(definitions.defines("FLAG"));
}

TEST_CASE("project macros: continuation lines, comments, include guards and non-directives") {
  const MacroTable table = table_of(R"(#ifndef LIB_H
#define LIB_H
#if !defined(OTHER_GUARD)
#define OTHER_GUARD
#endif
#define LONG_ATTRIBUTES \
    __attribute__((nonnull)) \
    __attribute__((warn_unused_result))
#define CONTINUED_VALUE \
    17
#define COMMENTED /* nothing here */ __attribute__((pure)) // trailing
#define BLOCK_COMMENT /* a comment
   over two lines */ 3
  #  define INDENTED
int x = a # define NOT_A_DIRECTIVE
;
#endif
)");
  CHECK_FALSE(table.find("LIB_H"));  // include guards are skipped
  CHECK_FALSE(table.find("OTHER_GUARD"));
  CHECK(table.find("LONG_ATTRIBUTES") == MacroForm::object);
  CHECK_FALSE(table.find("CONTINUED_VALUE"));
  CHECK(table.find("COMMENTED") == MacroForm::object);
  CHECK_FALSE(table.find("BLOCK_COMMENT"));
  CHECK(table.find("INDENTED") == MacroForm::object);
  CHECK_FALSE(table.find("NOT_A_DIRECTIVE"));
  CHECK(table.size() == 3);
}

TEST_CASE("project macros: occurrences are blanked outside comments, literals and directives") {
  const MacroTable project =
      table_of("#define API __attribute__((used))\n#define FMT(a, b) __attribute__((format(a, b)))\n");
  const std::string source = R"(#include "api.h"
#if defined(API)
#endif
/* API in a comment */ API int f(void);
const char *s = "API";
int g(const char *, ...) FMT(printf,
                             1);
int FMT_not_a_macro;
#define LOCAL_INLINE inline
static LOCAL_INLINE int h(void) { return 0; }
)";
  const std::optional<std::string> blanked = blank_project_macros(source, &project);
  REQUIRE(blanked);
  CHECK(blanked->size() == source.size());
  // Each blanked text keeps its newlines; everything else is as it was.
  std::string expected = source;
  const auto blank_in_expected = [&](std::string_view text, std::string_view after) {
    const std::size_t at = expected.find(text, expected.find(after));
    REQUIRE(at != std::string::npos);
    for (std::size_t i = at; i < at + text.size(); ++i)
      if (expected[i] != '\n') expected[i] = ' ';
  };
  blank_in_expected("API", "*/");
  blank_in_expected("FMT(printf,\n                             1)", "...)");
  blank_in_expected("LOCAL_INLINE", "static");
  CHECK(*blanked == expected);
  // A file's own definition rules over the project's.
  CHECK_FALSE(blank_project_macros("#define API 1\nint x = API;\n", &project));
  CHECK_FALSE(blank_project_macros("int f(void);\n", &project));
  CHECK_FALSE(blank_project_macros("API int f(void);\n", nullptr));
}

TEST_CASE("project macros: wrappers keep each parameter once, in order, beside blankable parts") {
  const MacroTable table = table_of(R"(
#define EXPORT(x) extern x
#define API(ret) __declspec(dllexport) ret
#define DECLARE(type, name, args) type name args
#define LINKED(type) EXPORT_ATTRIBUTE type CALLCONV
#define EXPORT_ATTRIBUTE __attribute__((visibility("default")))
#define CALLCONV
#define ALIGNED(type) type __attribute__((aligned(sizeof(type))))
#define SWAPPED(a, b) b a
#define TWICE(x) x x
#define SOME(a, b) a
#define WITH_TYPE(x) int x
#define PASTED(x) x##_t
#define STRINGIZED(x) #x
#define CHAINED(x) EXPORT(x)
#define NEEDS_UNKNOWN(x) UNKNOWN_MACRO x
#define SPLIT(x) x
#define NO_PARAMETERS() __attribute__((cold))
#ifdef _WIN32
#  define PLATFORM(x) __declspec(dllimport) x
#  define DIFFERS(x) x
#else
#  define PLATFORM(x) x __attribute__((weak))
#  define DIFFERS(x) __attribute__((x))
#endif
)");
  for (const char* name : {"EXPORT", "API", "DECLARE", "LINKED", "ALIGNED", "SPLIT", "PLATFORM"})
    CHECK(table.find(name) == MacroForm::wrapper);
  CHECK(table.find("NO_PARAMETERS") == MacroForm::function);
  // Out of order, twice, dropped, beside a type, pasted, stringized: no text kept in place expands
  // them. A wrapper used as a function-like blankable macro, or an unknown macro, is no blankable part.
  for (const char* name :
       {"SWAPPED", "TWICE", "SOME", "WITH_TYPE", "PASTED", "STRINGIZED", "CHAINED", "NEEDS_UNKNOWN", "DIFFERS"})
    CHECK_FALSE(table.find(name));
  // A wrapper in one file and a blankable macro in another is in two forms: not blankable.
  MacroDefinitions definitions;
  definitions.add_file("#define TWO_FORMS(x) x\n");
  CHECK(definitions.classify().find("TWO_FORMS") == MacroForm::wrapper);
  definitions.add_file("#define TWO_FORMS(x)\n");
  CHECK_FALSE(definitions.classify().find("TWO_FORMS"));
}

TEST_CASE("project macros: a wrapper's use keeps its arguments in place, nested macros read too") {
  const MacroTable project = table_of(R"(#define EXPORT(x) extern x
#define DECLARE(type, name, args) type name args
#define API __attribute__((used))
#define FMT(a) __attribute__((format(a)))
)");
  const std::string source = R"(EXPORT( int ) f(void);
DECLARE(API unsigned long, g, (int (*cb)(int, int), char c)) FMT(printf);
EXPORT(
  struct s *) h(void);
int EXPORT_not_a_use;
int (EXPORT)(int);
EXPORT(int
#ifdef X
  volatile
#endif
) kept(void);
)";
  const std::optional<std::string> blanked = blank_project_macros(source, &project);
  REQUIRE(blanked);
  // API, inside the arguments, is blanked as an object-like macro.
  const std::string expected =
      "        int   f(void);\n"
      "            unsigned long  g  (int (*cb)(int, int), char c)             ;\n"
      "       \n"
      "  struct s *  h(void);\n"
      "int EXPORT_not_a_use;\n"
      "int (EXPORT)(int);\n"
      "EXPORT(int\n#ifdef X\n  volatile\n#endif\n) kept(void);\n";
  CHECK(*blanked == expected);
  CHECK(blanked->size() == source.size());
  CHECK_FALSE(blank_project_macros("EXPORT(int f(void);\n", &project));  // unclosed: left alone
}

TEST_CASE("project macros: the C parser reads declarations wrapped in the project's macros") {
  auto project = std::make_shared<TestProject>();
  project->write("include/lib/config.h", R"(#ifndef LIB_CONFIG_H
#define LIB_CONFIG_H
#ifdef _WIN32
#  define LIB_EXPORT(type) __declspec(dllexport) type __cdecl
#else
#  define LIB_EXPORT(type) extern __attribute__((visibility("default"))) type
#endif
#define LIB_DECLARE(type, name, args) type name args
#define LIB_UNUSED(declaration) __attribute__((unused)) declaration
#define LIB_NORETURN(D) D __attribute__((__noreturn__))
#endif
)");
  project->write("src/lib.c", "");
  const std::string source = R"(#include "lib/config.h"

LIB_UNUSED(static int lib_count(const int *values, int n)) { return values[0] + n; }
LIB_NORETURN(void lib_abort(const char *message));
LIB_DECLARE(static unsigned long, lib_size, (const char *path, int flags)) { return 0; }
LIB_EXPORT(int) lib_open(const char *path);
)";
  CHECK(outline_with_project_macros(project, source, "src/lib.c") ==
        std::vector<std::string>{"function lib_count@3", "function lib_abort@4", "function lib_size@5",
                                 "function lib_open@6"});
}

TEST_CASE("project macros: generated tables in conditionals keep their names once the macros are blanked") {
  // The shape of zlib's crc32.h: `local` (static) tables of one and two dimensions, in nested
  // conditionals. Read as written, `local` is an error; blanked, the two-dimensional tables must
  // still be found.
  auto project = std::make_shared<TestProject>();
  project->write("zutil.h", "#ifndef ZUTIL_H\n#define ZUTIL_H\n#define local static\n#endif\n");
  project->write("crc32.h", "");
  const std::string source = R"(local const unsigned long crc_table[] = {
    0x00000000, 0x77073096};
#if N == 1
#if W == 8
local const unsigned long crc_braid_table[][2] = {
   {0x00000000, 0xccaa009e}};
#else
local const unsigned crc_braid_table[][2] = {
   {0x00000000, 0xccaa009e}};
#endif
#endif
local const unsigned long x2n_table[] = {
    0x40000000, 0x20000000};
)";
  CHECK(outline_with_project_macros(project, source, "crc32.h") ==
        std::vector<std::string>{"constant crc_table@1", "constant crc_braid_table@5", "constant crc_braid_table@8",
                                 "constant x2n_table@12"});
}

TEST_CASE("project macros: the table is built from the project's headers, once, when a file has errors") {
  auto project = std::make_shared<TestProject>();
  project->write("include/mylib/export.h", R"(#ifndef MYLIB_EXPORT_H
#define MYLIB_EXPORT_H
#ifdef _WIN32
#  define MYAPI __declspec(dllexport)
#else
#  define MYAPI __attribute__((visibility("default")))
#endif
#define mylib_nonnull __attribute__((nonnull))
#define mylib_packed MYLIB_ATTRIBUTE(packed)
#define MYLIB_ATTRIBUTE(x) __attribute__((x))
#define mylib_nothrow __attribute__((nothrow))
#endif
)");
  project->write("src/notes.txt", "#define NOT_A_HEADER\n");
  project->write("src/lib.c", "");
  const std::string source = R"(#include "mylib/export.h"

MYAPI int mylib_open(mylib_nonnull const char *path);
struct mylib_pair { int a mylib_packed; int b; };
static inline int mylib_count(int n) mylib_nothrow;
)";
  CLanguage c;
  const auto without = parse(c, source, "src/lib.c");
  CHECK(without.had_syntax_errors);  // the test needs the project's macros

  const auto result = parse_in(c, project, source, "src/lib.c");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function mylib_open@3", "struct mylib_pair@4",
                                                    "field mylib_pair.a@4", "field mylib_pair.b@4",
                                                    "function mylib_count@5"});
  CHECK(project->builds == 1);
  // An error-free file never asks for the table; a second file with errors reuses it.
  const auto clean = parse_in(c, project, "int plain(void);\n", "src/plain.c");
  CHECK_FALSE(clean.had_syntax_errors);
  (void)parse_in(c, project, "MYAPI int again(void);\n", "src/again.c");
  CHECK(project->builds == 1);
  CHECK(is_macro_header_path("a/b.hpp"));
  CHECK(is_macro_header_path("a/b.H"));
  CHECK_FALSE(is_macro_header_path("a.h/b"));
  CHECK_FALSE(is_macro_header_path("b.c"));
}

TEST_CASE("project macros: learning the table is the project's cost, not the file's parse budget") {
  auto project = std::make_shared<TestProject>();
  project->write("include/api.h", "#define mylib_nonnull __attribute__((nonnull))\n");
  // A small file may spend 0.5 s of CPU; the project's table costs more than that to learn here.
  project->build_cpu_cost = std::chrono::milliseconds(1500);
  CLanguage c;
  const auto result = parse_in(c, project, "int open_it(mylib_nonnull const char *path);\n", "src/open.c");
  CHECK(project->builds == 1);
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"function open_it@1"});
}
