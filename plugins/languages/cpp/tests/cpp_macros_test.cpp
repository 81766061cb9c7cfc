// Macro-aware parsing of C++ (macro_blanking.hpp): each rule with an input that needs it. Without the
// rule each of these files has syntax errors and loses declarations.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <ax/lang/testing.hpp>

#include "cpp_language.hpp"
#include "macro_blanking.hpp"

using namespace ax::lang::testing;
using ax::lang::blank_unparsable_macros;
using ax::lang::CDialect;
using ax::sdk::SymbolKind;

TEST_CASE("cpp macros: export, inline and noexcept macros around classes and functions") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(namespace ui {
class WIDGET_API Widget : public Base {
 public:
  WIDGET_INLINE Widget(int id) WIDGET_NOEXCEPT;
  WIDGET_API void draw() const WIDGET_OVERRIDE;
  friend WIDGET_CONSTEXPR Widget operator|(Widget a, Widget b);
};
WIDGET_INLINE Widget::Widget(int id) WIDGET_NOEXCEPT : id_(id) {}
WIDGET_INLINE Widget &Widget::operator=(Widget other) WIDGET_NOEXCEPT { return *this; }
WIDGET_API std::string describe(const Widget& widget);
}  // namespace ui
)",
                      "widget.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "namespace ui@1",
                               "class ui::Widget@2",
                               "constructor ui::Widget::Widget@4",
                               "method ui::Widget::draw@5",
                               "constructor ui::Widget::Widget@8",
                               "method ui::Widget::operator=@9",
                               "function ui::describe@10",
                           });
  // The declaration starts after the blanked macro; its text is read as written.
  CHECK(symbol(result, "ui::describe").signature == "std::string describe(const Widget& widget)");
}

TEST_CASE("cpp macros: namespace wrappers, template-parameter macros, constexpr macros") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(LIB_BEGIN_NAMESPACE
namespace detail {
template <typename T, LIB_ENABLE_IF(std::is_integral<T>::value)>
LIB_CONSTEXPR int digits(T value) { return value; }
LIB_CONSTEXPR const auto kLimit = 16;
}  // namespace detail
LIB_END_NAMESPACE
)",
                      "digits.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "namespace detail@2",
                               "function detail::digits@4",
                               "constant detail::kLimit@5",
                           });
}

TEST_CASE("cpp macros: member macros, access labels written with macros, declaration macros") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(class Parser {
  Q_OBJECT
 public:
  int parse();
 public Q_SLOTS:
  void reset();
 JSON_PRIVATE_UNLESS_TESTED:
  int depth_ = 0;
  LIB_DISALLOW_COPY(Parser)
};
LIB_FORMAT_AS_POINTER(const char);
)",
                      "parser.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "class Parser@1",
                               "method Parser::parse@4",
                               "method Parser::reset@6",
                               "field Parser::depth_@8",
                           });
}

TEST_CASE("cpp macros: a conditional splitting a declaration keeps its first branch") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(struct Finalizer {
#ifdef EXPERIMENTAL_FINALIZERS
  template <typename F = int>
#endif
  static void run(void* data);
};
class Stream
#if LEGACY_BASE
    : public LegacyStream
#endif
{
  int fd_;
};
)",
                      "finalizer.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "struct Finalizer@1",
                               "method Finalizer::run@5",
                               "class Stream@7",
                               "field Stream::fd_@12",
                           });
}

TEST_CASE("cpp macros: extern \"C\" opened and closed in __cplusplus conditionals; __has_include") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(#if defined(__has_include) && __has_include(<version>)
#include <version>
#endif
#ifdef __cplusplus
extern "C" {
#endif
int api_open(const char* path);
#ifdef __cplusplus
}
#endif
)",
                      "api.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(symbol(result, "api_open").kind == SymbolKind::function);
}

TEST_CASE("cpp macros: blanking keeps offsets and leaves types, scopes and tags alone") {
  std::string source = R"(API_BEGIN
bool fopen_s(FILE **fp, std::FILE* other, HANDLE parent);
struct stat st;
DWORD WINAPI_LIKE worker(void* data);
)";
  auto blanked = blank_unparsable_macros(source, CDialect::cplusplus);
  REQUIRE(blanked);
  REQUIRE(blanked->size() == source.size());
  for (std::size_t i = 0; i < source.size(); ++i) CHECK((source[i] == '\n') == ((*blanked)[i] == '\n'));
  CHECK(blanked->find("bool fopen_s(FILE **fp, std::FILE* other, HANDLE parent);") != std::string::npos);
  CHECK(blanked->find("struct stat st;") != std::string::npos);
  CHECK(blanked->substr(0, 10) == "         \n");
  // Two words before the name: one of them is a macro; the name survives either way.
  CHECK(blanked->find("worker(void* data);") != std::string::npos);
  // Nothing to blank: no copy.
  CHECK_FALSE(blank_unparsable_macros("int main() { return 0; }\n", CDialect::cplusplus));
}

TEST_CASE("cpp macros: member pointers, explicit operator calls, type arguments, braces split by conditionals") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(template <typename T>
class HasFinalizer {
  template <typename U, void (U::*)(Env)>
  struct Probe {};
};
template <typename T, int (T::*Method)(int)>
int call(T* instance) {
  return instance ? (instance->*Method)(1) : 0;
}
bool Value::operator!=(const Value& other) const { return !this->operator==(other); }
Buffer Buffer::Make(Env env, size_t length) {
#ifndef NO_EXTERNAL_BUFFERS
  napi_status status = create(env, length);
  if (status == kNotAllowed) {
#endif
    return Buffer::Copy(env, length);
#ifndef NO_EXTERNAL_BUFFERS
  }
  RETURN_IF_FAILED(env, status, bool);
  return Buffer(env);
#endif
}
)",
                      "napi.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "class HasFinalizer@2",
                               "struct HasFinalizer::Probe@4",
                               "function call@7",
                               "method Value::operator!=@10",
                               "method Buffer::Make@11",
                           });
}

TEST_CASE("cpp macros: catch-clause and specifier macros in bodies, typename casts, spaced operator calls") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(namespace spdlog {
void thread_pool::stop()
{
    SPDLOG_TRY
    {
        SPDLOG_CONSTEXPR const auto BUF_SIZE = 10;
        post(BUF_SIZE);
    }
    SPDLOG_CATCH_STD
}
template<typename T>
void to_binary(T& j, const typename T::binary_t& b)
{
    j.m_value = typename T::binary_t(b);
}
bool iter::less(const iter& other) const
{
    return !other.operator < (*this) && it.operator * ();
}
}
)",
                      "thread_pool-inl.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "namespace spdlog@1",
                               "method spdlog::thread_pool::stop@2",
                               "function spdlog::to_binary@12",
                               "method spdlog::iter::less@16",
                           });
}

TEST_CASE("cpp macros: a macro between the type and a class template's qualified member name") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(template<typename ConsoleMutex>
void SPDLOG_INLINE wincolor_sink<ConsoleMutex>::set_color(int level, std::uint16_t color)
{
    colors_[level] = color;
}
)",
                      "wincolor_sink-inl.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{"method wincolor_sink::set_color@2"});
}

TEST_CASE("cpp macros: comments in continued #defines, #elif conditions continued with strings") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(#if ANY
#endif
#define NS_END \
    }  /* namespace inner */ \
    }  // namespace outer
#if defined(JSON_CONST_CAST)
#  define CONST_CAST(T, expr) (const_cast<T>(expr))
#elif \
  HAS_WARNING("-Wcast-qual") || \
  GCC_VERSION_CHECK(4,6,0)
#  define CONST_CAST(T, expr) ((T) (expr))
#endif
#if GCC_HAS_WARNING("-Wvariadic-macros", 4, 0, 0)
int variadic_warning();
#endif
class RE {
 public:
  RE(const char* pattern);
  ~RE();
 protected:
  ATTRIBUTE_NON_NULL(3)
  RE(int id, const char* what);
};
)",
                      "finder.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "macro NS_END@3",
                               "macro CONST_CAST@7",
                               "macro CONST_CAST@11",
                               "function variadic_warning@14",
                               "class RE@16",
                               "constructor RE::RE@18",
                               "method RE::~RE@19",
                               "constructor RE::RE@22",
                           });
}

TEST_CASE("cpp macros: unnamed defaults, decltype comma operands, operator calls, grammar gaps in declarations") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(template <typename T, typename std::enable_if<!std::is_integral<T>::value ||
                                              !std::is_pointer<T>::value>::type* = nullptr>
bool compare(const T& value);
template <typename U>
void match(const U* impl, typename std::enable_if<!std::is_same<U, const U&>::value>::type* = nullptr);
template <typename T>
auto to_json(json& j, T&& val) -> decltype(to_json(j, std::forward<T>(val)), void());
template <typename To, typename From, ENABLE_IF(sizeof(To) > sizeof(From))>
To bit_cast(const From& from);
inline null<> localtime_r NOMACRO(...) { return null<>(); }
static const char* level_names[] LEVEL_NAMES;
extern template auto thousands_sep<char>(locale_ref loc) -> char;
extern "C" void __stdcall OutputDebugStringA(const char* text);
enum : unsigned long long { unpacked_bit = 1ULL << 63 };
class LIB_API Matcher<const std::string&> : public MatcherBase<const std::string&> {
  void (NativeArray::*clone_)(const Element*, size_t);
};
struct Printer {
  template <typename T> void operator()(T value);
  void print(char type, int value) {
    if (type != 's') operator()<bool>(value);
    typedef typename BIND_(Selector, Type) TestClass;
    static constexpr const int table[] = {
#if FULL_CACHE
      1, 2,
#else
      1,
#endif
    };
  }
  int deref() const { return operator*(); }
};
template <typename To, typename From>
inline To down_cast(From* f) {
  INTENTIONAL_CONST_COND_PUSH_()
  if (false) {
    INTENTIONAL_CONST_COND_POP_()
    const To to = nullptr;
  }
  return static_cast<To>(f);
}
)",
                      "gaps.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function compare@3",
                               "function match@5",
                               "function to_json@7",
                               "function bit_cast@9",
                               "function localtime_r@10",
                               "function OutputDebugStringA@13",
                               "enum_member unpacked_bit@14",
                               "class Matcher@15",
                               "field Matcher::clone_@16",
                               "struct Printer@18",
                               "method Printer::operator()@19",
                               "method Printer::print@20",
                               "method Printer::deref@31",
                               "function down_cast@34",
                           });
}

TEST_CASE("cpp macros: macro calls standing for types and constraints (asio's ASIO_MOVE_ARG and token macros)") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(template <typename F>
struct work {
  typedef ASIO_MOVE_ARG(F) result_type;
  explicit work(ASIO_MOVE_ARG(F) f, const Alloc& a) : f_(f) {}
  template <typename... Args>
  void set_value(ASIO_MOVE_ARG(Args)... args);
  template <typename ConstBufferSequence,
      ASIO_COMPLETION_TOKEN_FOR(void (asio::error_code,
        std::size_t)) WriteToken
          ASIO_DEFAULT_COMPLETION_TOKEN_TYPE(executor_type)>
  void async_write_some(const ConstBufferSequence& buffers,
      ASIO_MOVE_ARG(WriteToken) token
        ASIO_DEFAULT_COMPLETION_TOKEN(executor_type));
  template <typename Initiation, typename RawToken, typename... Args>
  static ASIO_INITFN_DEDUCED_RESULT_TYPE(T, Signature,
    (async_initiate<T, Signature>(declval<Initiation>())))
  initiate(Initiation&& initiation, RawToken&& token);
  template <typename T>
  ASIO_STATIC_CONSTEXPR(bool, is_applicable_v = is_executor<T>::value);
  void complete(Handler& handler) {
    ASIO_WRITE_HANDLER_CHECK(WriteHandler, handler) type_check;
    ASIO_HANDLER_INVOCATION_BEGIN(());
    handler();
  }
  template <typename T, typename PN>
  void prefer(ASIO_MOVE_ARG(T) t, ASIO_MOVE_ARG(PN) ASIO_ELLIPSIS pn) const;
  int timeout ASIO_PREVENT_MACRO_SUBSTITUTION() const { return 0; }
};
)",
                      "work.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "struct work@2",
                               "type work::result_type@3",
                               "constructor work::work@4",
                               "method work::set_value@6",
                               "method work::async_write_some@11",
                               "method work::initiate@15",
                               "method work::complete@20",
                               "method work::prefer@26",
                               "method work::timeout@27",
                           });
}

TEST_CASE("cpp macros: Qt's signals and slots sections, emit, SIGNAL and SLOT signatures") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(class Downloader : public QObject {
  Q_OBJECT
 public:
  explicit Downloader(QObject* parent);
 signals:
  void finished(int code);
 public slots:
  void start();
 private Q_SLOTS:
  void onReply();
};
void Downloader::start() {
  connect(this, SIGNAL(finished(int)), parent(), SLOT(close(QPrinter*)));
  if (ready_) emit finished(0);
  emit const_cast<Downloader*>(this)->finished(1);
  Q_EMIT finished(2);
}
)",
                      "downloader.h");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "class Downloader@1",
                               "constructor Downloader::Downloader@4",
                               "method Downloader::finished@6",
                               "method Downloader::start@8",
                               "method Downloader::onReply@10",
                               "method Downloader::start@12",
                           });
}

TEST_CASE("cpp macros: macros concatenated with strings, pointer array news, qualifier words before built-in types") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(const char* kAgent = "app/" APP_VERSION;
void log_size(FILE* f, int64_t size) {
  fprintf(f, "size %" PRId64 " of %" PRIu64 "\n", size, size);
  puts("version " APP_VERSION);
  std::cout << DATA_DIR "/file";
  Node** nodes = new Node*[size];
  const char** names = new const char*[size];
}
class Token {
 public:
  nonneg int varId() const;
  Q_INVOKABLE void refresh();
 private:
  nonneg int mVarId;
};
extern "C" Token make_token();
)",
                      "token.cpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "variable kAgent@1",
                               "function log_size@2",
                               "class Token@9",
                               "method Token::varId@11",
                               "method Token::refresh@12",
                               "field Token::mVarId@14",
                               "function make_token@16",
                           });
  // The declaration starts after the blanked word.
  CHECK(symbol(result, "Token::varId").signature == "int varId() const");
}

TEST_CASE("cpp macros: test macros with literal arguments, a plugin macro ending the file, null directives") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(#
#  // a null directive, with a comment
TEST_CASE("parses a line", "[parser]") {
  CHECK(parse("x") == 1);
}
TEST(format_test, enum) { EXPECT_EQ(1, 1); }
MATCHER(IsOk, "") { return arg.ok(); }
class Db {
  int stats_[kLevels] GUARDED_BY(mutex_);
};
int helper();
AX_PLUGIN(ax::sdk::PluginKind::command, "symbols", "1.0.0",
          "File outlines", kCommands, SymbolsCommand)
)",
                      "db_test.cpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "function TEST_CASE@3",
                               "function TEST@6",
                               "function MATCHER@7",
                               "class Db@8",
                               "field Db::stats_@9",
                               "function helper@11",
                           });
}

TEST_CASE(
    "cpp macros: Qt declaration macros in a row, foreach, parenthesized initializers, typed unnamed enums, throw "
    "arguments") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"(class PathEdit : public QWidget {
  Q_OBJECT
  Q_DISABLE_COPY_MOVE(PathEdit)
  Q_PROPERTY(Mode mode READ mode WRITE setMode)
  Q_DECLARE_TR_FUNCTIONS(PathEdit)

 public:
  Mode mode() const;
  enum : uint64_t { kFlag = 1 };
};
void PathEdit::check(const Token* tok) {
  const std::string& name(tok->str());
  const char* result("[test.cpp:5]");
  foreach (const QString& value, tok->values()) {
    use(value);
  }
  EXPECT_THROW(throw std::runtime_error("x"), std::exception);
}
TEST(format_test, template) {}
)",
                      "pathedit.cpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "class PathEdit@1",
                               "method PathEdit::mode@8",
                               "enum_member PathEdit::kFlag@9",
                               "method PathEdit::check@11",
                               "function TEST@19",
                           });
}

TEST_CASE("cpp macros: raw string literals are text, not code, for the rewrites") {
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, R"cpp(constexpr const char* kUsage = R"(Usage: tool FILE... [--json]
  --json    one array of files: {"path", "source": "index" or "parse"}
)";
                                 constexpr std::size_t kHeadBytes = 4096;
                                 const char* kQuoted = R"x(a "quoted" )" word)x";
                                 AX_PLUGIN(ax::sdk::PluginKind::command, "symbols", "1.0.0", "File outlines", kCommands, SymbolsCommand)
                      )cpp",
                      "usage.cpp");
  CHECK_FALSE(result.had_syntax_errors);
  CHECK(outline(result) == std::vector<std::string>{
                               "variable kUsage@1",
                               "constant kHeadBytes@4",
                               "variable kQuoted@5",
                           });
}
