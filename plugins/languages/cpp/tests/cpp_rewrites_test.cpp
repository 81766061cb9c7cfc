// Same-length rewrites of modern C++ the grammar cannot parse (cpp_rewrites.hpp): each rule with an
// input the grammar alone parses with errors, and the outline ax extracts from it.
#include <tree_sitter/api.h>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <ax/lang/testing.hpp>

#include "cpp_language.hpp"

extern "C" const TSLanguage* tree_sitter_cpp();

using namespace ax::lang::testing;

namespace {

// Whether the grammar, given the text as written, finds a syntax error in it.
bool grammar_has_errors(std::string_view source) {
  std::unique_ptr<TSParser, decltype(&ts_parser_delete)> parser(ts_parser_new(), ts_parser_delete);
  ts_parser_set_language(parser.get(), tree_sitter_cpp());
  std::unique_ptr<TSTree, decltype(&ts_tree_delete)> tree(
      ts_parser_parse_string(parser.get(), nullptr, source.data(), static_cast<uint32_t>(source.size())),
      ts_tree_delete);
  return ts_node_has_error(ts_tree_root_node(tree.get()));
}

// The outline of `source` parsed by the C++ plugin, which must find no syntax error in it although
// the grammar alone does.
std::vector<std::string> rewritten_outline(std::string_view source) {
  CHECK(grammar_has_errors(source));
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, source, "rewrites.hpp");
  CHECK_FALSE(result.had_syntax_errors);
  return outline(result);
}

}  // namespace

TEST_CASE("cpp rewrites: template type parameters defaulting to a qualified or pointer type") {
  CHECK(rewritten_outline(R"(template <bool Constexpr, typename T, typename Ptr = const T*>
struct arg_ref { Ptr ptr; };
template <typename I, typename R = decltype(*I()), typename = R &>
int read(I it);
)") == std::vector<std::string>{
           "struct arg_ref@2",
           "field arg_ref::ptr@2",
           "function read@4",
       });
}

TEST_CASE("cpp rewrites: decltype as a base class") {
  CHECK(rewritten_outline(R"(template <typename Fun, typename... Args>
struct is_callable<Fun(Args...)> : decltype(tester::test<Fun, Args...>(0)) {};
struct swappable : public decltype(detail::test<int>(0)), other {
  void swap();
};
)") == std::vector<std::string>{
           "struct is_callable@2",
           "struct swappable@3",
           "method swappable::swap@4",
       });
}

TEST_CASE("cpp rewrites: deleted functions at namespace scope and conversion operators") {
  const std::string_view source = R"(template <class T> void begin(T &&) = delete;
struct test_string {
  operator const char*() const&& = delete;
  explicit operator bool() = delete;
  test_string(const test_string&) = delete;
};
)";
  CHECK(rewritten_outline(source) == std::vector<std::string>{
                                         "function begin@1",
                                         "struct test_string@2",
                                         "method test_string::operator const char*@3",
                                         "method test_string::operator bool@4",
                                         "constructor test_string::test_string@5",
                                     });
  // Deleted members the grammar parses are left as written.
  ax::lang::CppLanguage cpp;
  auto result = parse(cpp, source, "rewrites.hpp");
  CHECK(symbol(result, "test_string::test_string").signature == "test_string(const test_string&) = delete");
}

TEST_CASE("cpp rewrites: explicit class instantiations and using typename") {
  CHECK(rewritten_outline(R"(extern template struct basic_data<void>;
template class std::vector<int>;
template <typename A>
struct holder : A {
  using typename A::value_type;
  value_type value;
};
)") == std::vector<std::string>{
           "struct holder@4",
           "field holder::value@6",
       });
}

TEST_CASE("cpp rewrites: types as macro arguments and test statements without a semicolon") {
  CHECK(rewritten_outline(R"(void check_errors() {
  CHECK_THROWS_AS(parse(text), std::bad_alloc&);
  CHECK_THROWS_WITH_AS(at(j, "a"), "key 'a' not found", typename Json::out_of_range&);
  LOGCALL(DB, TermList *, "Table::next", NO_ARGS);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i)
    CHECK(i < 3);
  }
}
int after();
)") == std::vector<std::string>{
           "function check_errors@1",
           "function after@10",
       });
}

TEST_CASE("cpp rewrites: attribute macros before class names, aligned struct macros, annotations") {
  CHECK(rewritten_outline(R"(class CAPABILITY("mutex") Mutex {
 public:
  bool acquire(_Out_ char*& ptr, _Out_writes_(count) char* data, _In_ size_t count);
};
FLATBUFFERS_MANUALLY_ALIGNED_STRUCT(4) Vec3 {
  float x_;
};
)") == std::vector<std::string>{
           "class Mutex@1",
           "method Mutex::acquire@3",
           "struct Vec3@5",
           "field Vec3::x_@6",
       });
}

TEST_CASE("cpp rewrites: consecutive macro statements without semicolons, return as a macro argument") {
  CHECK(rewritten_outline(R"(template <typename Other>
Scalar Base::dot(const Other& other) const {
  EIGEN_STATIC_ASSERT_VECTOR_ONLY(Derived)
  EIGEN_STATIC_ASSERT_VECTOR_ONLY(Other)
  if (other.empty()) GPR_UNREACHABLE_CODE(return Scalar());
  return other.sum();
}
)") == std::vector<std::string>{"method Base::dot@2"});
}

TEST_CASE("cpp rewrites: attribute macros before initializers, local declarations and after pointers") {
  CHECK(rewritten_outline(R"(class Server {
  Transport* transport_ ABSL_GUARDED_BY(&mu_) = nullptr;
  void run();
};
void Server::run() {
  EIGEN_ALIGN_MAX float data[16];
  EIGEN_CONSTEXPR Index kBlock = 128;
  const float* EIGEN_RESTRICT lhs = data;
}
)") == std::vector<std::string>{
           "class Server@1",
           "field Server::transport_@2",
           "method Server::run@3",
           "method Server::run@5",
       });
}

TEST_CASE("cpp rewrites: range-v3's portable template headers") {
  CHECK(rewritten_outline(R"(namespace ranges {
template(typename I, typename S)(
    requires input_iterator<I> AND sentinel_for<S, I>)
constexpr bool all_of(I first, S last) { return first == last; }
}  // namespace ranges
)") == std::vector<std::string>{
           "namespace ranges@1",
           "function ranges::all_of@4",
       });
}
